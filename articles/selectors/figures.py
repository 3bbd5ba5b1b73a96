"""Reads of figures: the reconciled record, each with its claims and open flags."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet

from articles.models import INACTIVE_STATUSES, Claim, ClaimSource, Figure

from .visibility import visible_claims, visible_figures, visible_flags


def figure_member_claims(user: Any) -> QuerySet[Claim]:
    """The claims a reader sees inside figures: the assertions (not rejected or withdrawn)
    they may see, by value."""
    return visible_claims(user).exclude(status__in=INACTIVE_STATUSES).order_by("value", "id")


def figures_for_rows(user: Any) -> QuerySet[Figure]:
    """Figures a user may see, for a list read as plain rows (``articles/api/rows.py``):
    the rows read their claims and flags through ``figure_member_claims`` and
    ``visible_flags`` themselves, so nothing is joined or prefetched here."""
    return visible_figures(user)


def figures_for_list(user: Any) -> QuerySet[Figure]:
    """Figures with subject, metric and preferred claim joined, and their claims prefetched.

    The claims (with article, outlet and sources) come in two queries for the whole page,
    not two per figure; so do the flags the user may see (``visible_flags``).
    """
    claims = (
        figure_member_claims(user)
        .select_related("article__publication", "subject", "metric")
        .prefetch_related(
            Prefetch(
                "claim_sources",
                queryset=ClaimSource.objects.select_related("source").order_by("id"),
                to_attr="source_links",
            )
        )
    )
    flags = visible_flags(user).order_by("-updated_at")
    return (
        visible_figures(user)
        .select_related("subject", "metric", "preferred_claim", "preferred_claim__article")
        .prefetch_related(
            Prefetch("claims", queryset=claims, to_attr="visible_claims"),
            Prefetch("flags", queryset=flags, to_attr="visible_flags"),
        )
    )


def figure_detail(user: Any) -> QuerySet[Figure]:
    return figures_for_list(user)


def figure_claims(figure: Figure, user: Any) -> QuerySet[Claim]:
    return visible_claims(user).filter(figure=figure).with_listing()
