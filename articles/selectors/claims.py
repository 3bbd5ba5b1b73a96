"""Reads of claims: lists, one claim with everything around it, the latest verified."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet

from articles.models import Claim, ClaimSource, ClaimStatus, ConflictFlag

from .visibility import can_see_drafts


def visible_claims(user: Any, *, withdrawn: bool = False) -> QuerySet[Claim]:
    """The claims a user may see; with ``withdrawn``, also the public corrections.

    Claims in figures, flags and articles are assertions: withdrawn ones are left out
    there. The claims list and detail show them, so a script sees the withdrawal.
    """
    claims = Claim.objects.all()
    if can_see_drafts(user):
        return claims
    return claims.published() if withdrawn else claims.public()


def claims_for_list(user: Any) -> QuerySet[Claim]:
    """Claims a user may see, with what every list row shows.

    ``select_related`` joins article, outlet, subject, counterparty, metric and figure
    (six queries a row otherwise); sources are prefetched in one query for the page.
    """
    return (
        visible_claims(user, withdrawn=True)
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
    flags = ConflictFlag.objects.visible_to_user(user)
    return claims_for_list(user).prefetch_related(
        Prefetch("flags", queryset=flags.order_by("-updated_at"), to_attr="visible_flags")
    )


def public_claims() -> QuerySet[Claim]:
    # article__publication, subject, metric and figure are shown on every claim row.
    return Claim.objects.public().with_listing()


def recently_verified_claims(*, limit: int = 20) -> QuerySet[Claim]:
    return public_claims().filter(status=ClaimStatus.VERIFIED).order_by("-updated_at")[:limit]
