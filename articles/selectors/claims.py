"""Reads of claims: lists and one claim with everything around it."""

from __future__ import annotations

from typing import Any

from django.db.models import F, Prefetch, QuerySet

from articles.models import Claim, ClaimSource

from .visibility import visible_claims, visible_flags


def claims_for_rows(user: Any) -> QuerySet[Claim]:
    """Claims a user may see, for a list read as plain rows (``articles/api/rows.py``): the
    rows name what they point at by id and read it in their own query (or in SQL), so
    nothing is joined or prefetched; building joins only to drop them cost every page."""
    # Whether the claim a conversion restates is public (one column, not the claim).
    return visible_claims(user, withdrawn=True).annotate(
        converted_from_status=F("converted_from__status")
    )


def claims_for_list(user: Any) -> QuerySet[Claim]:
    """Claims a user may see, with what every list row shows.

    ``select_related`` joins article, outlet, subject, counterparty, metric and figure
    (six queries a row otherwise); sources are prefetched in one query for the page.
    """
    return (
        claims_for_rows(user)
        .select_related(
            "article__publication", "subject", "counterparty", "metric", "figure", "figure__metric"
        )
        .prefetch_related(
            Prefetch(
                "claim_sources",
                queryset=ClaimSource.objects.select_related("source").order_by("id"),
                to_attr="source_links",
            )
        )
    )


def claim_detail(user: Any) -> QuerySet[Claim]:
    """One claim with its sources, its flags (as far as the user may see them) and figure."""
    flags = visible_flags(user)
    return claims_for_list(user).prefetch_related(
        Prefetch("flags", queryset=flags.order_by("-updated_at"), to_attr="visible_flags")
    )


__all__ = ["claim_detail", "claims_for_list", "claims_for_rows", "visible_claims"]
