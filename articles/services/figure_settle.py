"""Settling a figure: a reviewer names the value the desk stands behind, and why; and
reopening it when the claim it was settled on no longer stands.

Settling publishes a value, so it must rest on something a reader can check: a reviewed
claim, or a value the reviewer typed together with the source it comes from.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from articles.models import PUBLIC_STATUSES, ChangeKind, Claim, Figure, FigureStatus, Source

from .actors import Actor, acting_user, history_note
from .change_feed import change_record, changes_record
from .permissions import require_perm


def figure_settle(
    *,
    actor: Actor,
    figure: Figure,
    rationale: str,
    preferred_claim: Claim | None = None,
    value: Decimal | None = None,
    low: Decimal | None = None,
    high: Decimal | None = None,
    source: Source | None = None,
) -> Figure:
    """Reconcile ``figure`` on a preferred claim's value, or on a value the reviewer types."""
    require_perm(actor, "articles.settle_figure", "settle figures")
    rationale = (rationale or "").strip()
    if not rationale:
        raise ValidationError({"rationale": "Say why this value is the one to stand behind."})
    typed = any(v is not None for v in (value, low, high))
    if preferred_claim is None and not typed:
        raise ValidationError("Choose a preferred claim or type a value.")
    with transaction.atomic():
        current = Figure.objects.select_for_update().get(pk=figure.pk)
        if preferred_claim is not None:
            claim = Claim.objects.filter(pk=preferred_claim.pk).first()
            if claim is None or claim.figure_id != current.pk:
                raise ValidationError(
                    {"preferred_claim": "The preferred claim must be one of this figure's claims."}
                )
            if claim.status not in PUBLIC_STATUSES:
                # Settling publishes the value: it must rest on a claim a reviewer checked.
                raise ValidationError(
                    {
                        "preferred_claim": f"A {claim.get_status_display().lower()} claim "
                        "cannot be preferred: review it first."
                    }
                )
            if not typed:
                value, low, high = claim.value, claim.low, claim.high
            elif (value, low, high) == (claim.value, claim.low, claim.high):
                typed = False  # the claim's own value, typed out again
        if typed and source is None:
            raise ValidationError(
                {"source": "A typed value needs its source: choose the document it comes from."}
            )
        for name, amount in (("value", value), ("low", low), ("high", high)):
            if amount is not None and amount < 0:
                raise ValidationError({name: "Values cannot be negative."})
        if low is not None and value is not None and low > value:
            raise ValidationError({"low": "The low bound is above the value."})
        if high is not None and value is not None and value > high:
            raise ValidationError({"high": "The high bound is below the value."})
        if low is not None and high is not None and low > high:
            raise ValidationError({"low": "The low bound is above the high bound."})
        current.preferred_claim = preferred_claim
        current.value, current.low, current.high = value, low, high
        current.rationale = rationale
        current.settled_source = source if typed else None
        current.status = FigureStatus.RECONCILED
        current.settled_by = acting_user(actor)
        current.settled_at = timezone.now()
        history_note(current, actor=actor, reason="settled")
        current.save()
        change_record(ChangeKind.FIGURE_SETTLED, current, actor=actor)
    return current


def figures_reopen_on(*, actor: Actor, claim: Claim, reason: str) -> list[Figure]:
    """Reopen every figure settled on ``claim``: its value no longer rests on a reviewed claim.

    Called inside the caller's transaction (a withdrawal, a claim sent back to review); the
    rationale is kept in history, and the figure waits for a reviewer to settle it again.
    """
    reopened = []
    for figure in Figure.objects.select_for_update().filter(
        preferred_claim=claim, status=FigureStatus.RECONCILED
    ):
        figure.status = FigureStatus.OPEN
        figure.preferred_claim = None
        figure.value = figure.low = figure.high = None
        figure.rationale = ""
        figure.settled_source = None
        figure.settled_by = None
        figure.settled_at = None
        history_note(figure, actor=actor, reason=f"reopened: {reason} (claim {claim.pk})")
        figure.save()
        reopened.append(figure)
    changes_record(((ChangeKind.FIGURE_REOPENED, figure) for figure in reopened), actor=actor)
    return reopened
