"""The claim workflow: suggested → draft → needs_review → verified | disputed | false |
unverifiable, and rejected for discarded suggestions. Withdrawing a published claim is its
own service (``claim_withdraw``): it needs a reason and leaves a public correction.

One table says which step needs which permission, so the admin, the API and commands cannot
disagree about who may verify. Only reviewers move a reviewed claim out of its reviewed
state, and a verdict needs its grounds (``claim_evidence``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction

from articles.errors import InvalidTransition, NotPermitted, ReviewRefused, StaleWrite
from articles.models import ChangeKind, Claim, ClaimStatus

from .actors import Actor, acting_user, history_note
from .change_feed import change_record
from .claim_evidence import describe_missing, missing_grounds
from .claim_lock import claim_for_update
from .figure_settle import figures_reopen_on
from .figures_reconcile import ClaimKey
from .flag_publish import flags_publish
from .permissions import require_perm
from .reconcile_queue import reconcile_after_commit

S = ClaimStatus
REVIEWED = (S.VERIFIED, S.DISPUTED, S.FALSE, S.UNVERIFIABLE)
EDITOR_PERM = "articles.change_claim"
REVIEWER_PERM = "articles.verify_claim"

# target status -> (statuses it may be reached from, permission needed)
TRANSITIONS: dict[str, tuple[tuple[str, ...], str]] = {
    S.DRAFT: ((S.SUGGESTED, S.NEEDS_REVIEW, S.REJECTED), EDITOR_PERM),
    S.NEEDS_REVIEW: ((S.SUGGESTED, S.DRAFT, *REVIEWED), EDITOR_PERM),
    S.REJECTED: ((S.SUGGESTED, S.DRAFT, S.NEEDS_REVIEW), EDITOR_PERM),
    S.VERIFIED: ((S.NEEDS_REVIEW, S.DRAFT, *REVIEWED), REVIEWER_PERM),
    S.DISPUTED: ((S.NEEDS_REVIEW, S.DRAFT, *REVIEWED), REVIEWER_PERM),
    S.FALSE: ((S.NEEDS_REVIEW, S.DRAFT, *REVIEWED), REVIEWER_PERM),
    S.UNVERIFIABLE: ((S.NEEDS_REVIEW, S.DRAFT, *REVIEWED), REVIEWER_PERM),
}

VERBS: dict[str, str] = {
    S.DRAFT: "accept",
    S.NEEDS_REVIEW: "send to review",
    S.REJECTED: "reject",
    S.VERIFIED: "verify",
    S.DISPUTED: "mark as disputed",
    S.FALSE: "mark as false",
    S.UNVERIFIABLE: "mark as unverifiable",
}


def transition_permission(to_status: str, from_status: str | None = None) -> str:
    """The permission a step needs; leaving a reviewed state is always a reviewer's call."""
    if from_status in REVIEWED:
        return REVIEWER_PERM
    return TRANSITIONS[to_status][1]


def claim_transition(
    *,
    actor: Actor,
    claim: Claim,
    to_status: str,
    expected_version: int | None = None,
    note: str = "",
) -> Claim:
    """Move ``claim`` to ``to_status`` if the workflow and the actor's permissions allow it."""
    if to_status not in TRANSITIONS:
        raise InvalidTransition(f"{to_status!r} is not a status a claim can be moved to.")
    sources, perm = TRANSITIONS[to_status]
    require_perm(actor, perm, f"{VERBS[to_status]} claims")
    with transaction.atomic():
        current = claim_for_update(pk=claim.pk, expected_version=expected_version)
        if current.status not in sources:
            raise InvalidTransition(
                f"A {current.get_status_display().lower()} claim cannot be "
                f"{ClaimStatus(to_status).label.lower()}."
            )
        if transition_permission(to_status, current.status) != perm:
            require_perm(
                actor,
                transition_permission(to_status, current.status),
                f"{VERBS[to_status]} a reviewed claim",
            )
        missing = missing_grounds(current, current.claim_sources.all(), to_status)
        if missing:
            outcome = ClaimStatus(to_status).label.lower()
            verb = "verified" if to_status == S.VERIFIED else f"marked as {outcome}"
            raise ReviewRefused(describe_missing(verb, missing), missing=missing)
        was_public = current.is_public
        current.status = to_status
        current.version += 1
        current.updated_by = acting_user(actor)
        history_note(current, actor=actor, reason=note or VERBS[to_status])
        current.save(update_fields=["status", "version", "updated_by", "updated_at"])
        # A verdict is a review; every other step (accept, send back, reject) is a change.
        kind = ChangeKind.CLAIM_REVIEWED if to_status in REVIEWED else ChangeKind.CLAIM_CHANGED
        change_record(kind, current, actor=actor)
        if was_public and not current.is_public:
            figures_reopen_on(
                actor=actor, claim=current, reason="its preferred claim went back to review"
            )
        if was_public != current.is_public:
            flags_publish(claim=current)
        reconcile_after_commit([ClaimKey.of(current)])
    return current


@dataclass
class BulkOutcome:
    """What a bulk action did: how many changed and why each other one was skipped."""

    changed: list[int] = field(default_factory=list)
    skipped: dict[int, str] = field(default_factory=dict)


def claims_transition(
    *, actor: Actor, claims: Iterable[Claim], to_status: str, note: str = ""
) -> BulkOutcome:
    """Apply one workflow step to many claims; each claim succeeds or is skipped with a reason."""
    require_perm(actor, transition_permission(to_status), f"{VERBS[to_status]} claims")
    outcome = BulkOutcome()
    with transaction.atomic():  # one reconcile request for the whole batch
        for claim in claims:
            try:
                claim_transition(actor=actor, claim=claim, to_status=to_status, note=note)
            except (InvalidTransition, StaleWrite, NotPermitted) as exc:
                outcome.skipped[claim.pk] = str(exc)
            else:
                outcome.changed.append(claim.pk)
    return outcome
