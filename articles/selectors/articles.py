"""Reads of articles: lists and one article with the claims a user may see in it."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, QuerySet

from articles.models import Article

from .visibility import visible_articles, visible_claim_condition, visible_claims


def articles_for_list(user: Any) -> QuerySet[Article]:
    """Articles with their outlet joined and the number of claims a user may see."""
    counted = visible_claim_condition(user, through="claims__")
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
