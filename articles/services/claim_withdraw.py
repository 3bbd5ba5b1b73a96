"""Withdrawing a published claim, as a newsroom runs a correction.

A verified claim that turns out to be an extraction error or a misreading must not stay up,
and must not be marked ``false`` either: that would tell readers the article stated a figure
it never stated. A reviewer withdraws it with a reason. The claim keeps its URL, which then
shows a correction notice instead of the assertion; it leaves every figure, and a figure
settled on it is reopened. A withdrawal is final: a corrected reading is a new claim.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from articles.errors import InvalidTransition
from articles.models import ChangeKind, Claim, ClaimStatus, WithdrawalReason

from .actors import Actor, acting_user, history_note
from .change_feed import change_record
from .claim_lock import claim_for_update
from .figure_settle import figures_reopen_on
from .figures_reconcile import ClaimKey
from .flag_publish import flags_publish
from .permissions import require_perm
from .reconcile_queue import reconcile_after_commit

WITHDRAW_PERM = "articles.verify_claim"


def claim_withdraw(
    *,
    actor: Actor,
    claim: Claim,
    reason: str,
    note: str = "",
    expected_version: int | None = None,
) -> Claim:
    """Withdraw a public claim with a reason; its page keeps a correction notice."""
    require_perm(actor, WITHDRAW_PERM, "withdraw claims")
    if reason not in WithdrawalReason.values:
        choices = ", ".join(WithdrawalReason.values)
        raise ValidationError({"reason": f"Give one of these reasons: {choices}."})
    note = (note or "").strip()
    if reason == WithdrawalReason.OTHER and not note:
        raise ValidationError({"note": "Say what was wrong: readers see this correction."})
    with transaction.atomic():
        current = claim_for_update(pk=claim.pk, expected_version=expected_version)
        if not current.is_public:
            raise InvalidTransition(
                f"Only a published claim can be withdrawn; this one is "
                f"{current.get_status_display().lower()} (reject it instead)."
            )
        key = ClaimKey.of(current)
        was = current.get_status_display().lower()
        current.status = ClaimStatus.WITHDRAWN
        current.withdrawal_reason = reason
        current.withdrawal_note = note
        current.withdrawn_at = timezone.now()
        current.withdrawn_by = acting_user(actor)
        current.version += 1
        current.updated_by = acting_user(actor)
        label = WithdrawalReason(reason).label.lower()
        history_note(
            current,
            actor=actor,
            reason=f"withdrawn ({label}) from {was}" + (f": {note}" if note else ""),
        )
        current.save()
        change_record(ChangeKind.CLAIM_WITHDRAWN, current, actor=actor)
        figures_reopen_on(actor=actor, claim=current, reason="its preferred claim was withdrawn")
        flags_publish(claim=current)
        reconcile_after_commit([key])
    return current
