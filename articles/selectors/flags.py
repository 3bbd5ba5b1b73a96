"""Reads of conflict flags: open ones for staff first, closed ones for everyone."""

from __future__ import annotations

from typing import Any

from django.db.models import Case, IntegerField, Prefetch, QuerySet, Value, When

from articles.models import Claim, ConflictFlag

from .visibility import visible_claims, visible_flags


def flags_for_list(user: Any) -> QuerySet[ConflictFlag]:
    """Flags a user may see, open first, with subject, metric, figure and claims loaded.

    The claims under each flag (with their articles) come in one query for the page.
    """
    claims = visible_claims(user).select_related("article__publication", "metric")
    return (
        visible_flags(user)
        .select_related("subject", "metric", "figure", "resolved_by")
        .prefetch_related(
            Prefetch("claims", queryset=claims.order_by("id"), to_attr="visible_claims")
        )
        .annotate(
            open_first=Case(
                When(state__in=("open", "acknowledged"), then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("open_first", "-updated_at", "-id")
    )


__all__ = ["Claim", "flags_for_list"]
