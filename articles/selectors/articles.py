"""Reads of articles: lists and one article with the claims a user may see in it."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from articles.models import PUBLIC_STATUSES, Article, Claim

from .claims import visible_claims
from .visibility import can_see_drafts


def visible_articles(user: Any) -> QuerySet[Article]:
    """Every article for staff; for everyone else those with a public claim, as on the pages."""
    if can_see_drafts(user):
        return Article.objects.all()
    public_claim = Claim.objects.public().filter(article=OuterRef("pk"))
    return Article.objects.filter(Exists(public_claim))


def articles_for_list(user: Any) -> QuerySet[Article]:
    """Articles with their outlet joined and the number of claims a user may see."""
    counted = Q() if can_see_drafts(user) else Q(claims__status__in=PUBLIC_STATUSES)
    return (
        visible_articles(user)
        .select_related("publication")
        .annotate(claim_count=Count("claims", filter=counted, distinct=True))
    )


def article_detail(user: Any) -> QuerySet[Article]:
    claims = visible_claims(user).select_related("subject", "metric").order_by("start", "id")
    return (
        visible_articles(user)
        .select_related("publication", "import_run")
        .prefetch_related(Prefetch("claims", queryset=claims, to_attr="visible_claims"))
    )
