"""Reads of articles: lists and one article with the claims a user may see in it."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from articles.models import PUBLIC_STATUSES, Article

from .claims import visible_claims
from .visibility import can_see_drafts


def articles_for_list(user: Any) -> QuerySet[Article]:
    """Articles with their outlet joined and the number of claims a user may see."""
    counted = Q() if can_see_drafts(user) else Q(claims__status__in=PUBLIC_STATUSES)
    return Article.objects.select_related("publication").annotate(
        claim_count=Count("claims", filter=counted, distinct=True)
    )


def article_detail(user: Any) -> QuerySet[Article]:
    claims = visible_claims(user).select_related("subject", "metric").order_by("start", "id")
    return Article.objects.select_related("publication", "import_run").prefetch_related(
        Prefetch("claims", queryset=claims, to_attr="visible_claims")
    )
