"""Writing claims: create one anchored in an article, and change one without losing an edit.

Every change is checked against the version the writer read (optimistic locking): a stale
write is refused with ``StaleWrite``, never merged or overwritten. History keeps each edit.
A change to what a reviewed claim says sends it back to review: a reviewer's verdict covers
the words and values the reviewer saw, not later ones.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from articles.errors import InvalidTransition, PreconditionRequired
from articles.models import Article, ChangeKind, Claim, ClaimOrigin, ClaimStatus
from articles.models.claim import ANCHOR_CONTEXT_CHARS
from articles.models.fields import NameField

from .actors import Actor, SystemActor, acting_user, history_note
from .change_feed import change_record
from .claim_evidence import assertion_snapshot, changed_assertion_fields
from .claim_lock import claim_for_update
from .figure_settle import figures_reopen_on
from .figures_reconcile import ClaimKey
from .flag_publish import flags_publish
from .permissions import require_perm
from .reconcile_queue import reconcile_after_commit

# The structured value of a claim, in the order forms show it.
VALUE_FIELDS = (
    "subject",
    "counterparty",
    "metric",
    "kind",
    "item",
    "deal",
    "scope",
    "value",
    "low",
    "high",
    "qualifier",
    "currency",
    "unit",
    "period_start",
    "period_end",
    "attribution",
    "converted_from",
    "note",
)
# What an edit may change; status moves only through the workflow.
EDITABLE_FIELDS = frozenset({*VALUE_FIELDS, "start", "end", "quote"})


def anchor_context(body: str, start: int, end: int) -> tuple[str, str]:
    """The text just before and after a passage, to find it again if the body changes."""
    return body[max(0, start - ANCHOR_CONTEXT_CHARS) : start], body[
        end : end + ANCHOR_CONTEXT_CHARS
    ]


def claim_create(
    *,
    actor: Actor,
    article: Article,
    start: int,
    end: int,
    quote: str | None = None,
    origin: str = ClaimOrigin.MANUAL,
    status: str = ClaimStatus.DRAFT,
    **fields: Any,
) -> Claim:
    """Create a claim on ``article.body[start:end]``; a quote that is not there is refused."""
    require_perm(actor, "articles.add_claim", "add claims")
    unknown = set(fields) - EDITABLE_FIELDS - {"confidence"}
    if unknown:
        raise ValidationError(f"Unknown claim fields: {', '.join(sorted(unknown))}")
    body = article.body
    prefix, suffix = anchor_context(body, start, end)
    claim = Claim(
        article=article,
        language=article.language,
        start=start,
        end=end,
        quote=body[start:end] if quote is None else quote,
        prefix=prefix,
        suffix=suffix,
        origin=origin,
        status=status,
        created_by=acting_user(actor),
        updated_by=acting_user(actor),
        **fields,
    )
    claim.full_clean(exclude=["figure"])
    with transaction.atomic():
        history_note(claim, actor=actor)
        claim.save()
        change_record(ChangeKind.CLAIM_CREATED, claim, actor=actor)
        reconcile_after_commit([ClaimKey.of(claim)])
    return claim


def claim_update(
    *,
    actor: Actor,
    claim: Claim,
    changes: Mapping[str, Any],
    expected_version: int | None,
    reason: str = "",
) -> Claim:
    """Apply ``changes`` to ``claim`` if nobody changed it since ``expected_version``.

    ``expected_version`` is the version the writer read; ``None`` is allowed only for
    a ``SystemActor``, whose write locks the row and applies to its latest state.
    """
    require_perm(actor, "articles.change_claim", "change claims")
    unknown = set(changes) - EDITABLE_FIELDS
    if unknown:
        raise ValidationError(f"These claim fields cannot be edited: {', '.join(sorted(unknown))}")
    if expected_version is None and not isinstance(actor, SystemActor):
        raise PreconditionRequired(
            "An edit must say which version of the claim it was made on: send the `version` "
            "you read, or an If-Match header with the ETag you read."
        )
    with transaction.atomic():
        current = claim_for_update(pk=claim.pk, expected_version=expected_version)
        key_before = ClaimKey.of(current)
        before = assertion_snapshot(current)
        for field, value in changes.items():
            model_field = Claim._meta.get_field(field)
            if isinstance(model_field, NameField):
                # Compared as stored: an invisible character added is no change.
                value = model_field.to_python(value)
            setattr(current, field, value)
        if {"start", "end"} & set(changes) and "quote" not in changes:
            current.quote = current.article.body[current.start : current.end]
        if {"start", "end", "quote"} & set(changes):
            current.anchored = True
            current.prefix, current.suffix = anchor_context(
                current.article.body, current.start, current.end
            )
        changed = changed_assertion_fields(before, current)
        if changed and current.status == ClaimStatus.WITHDRAWN:
            raise InvalidTransition(
                "A withdrawn claim stays as it was withdrawn, so its correction keeps "
                f"pointing at what was published; it cannot change ({', '.join(changed)})."
            )
        reviewed_as = current.get_status_display().lower()
        sent_back_for_review = False
        if changed and current.is_public:
            current.status = ClaimStatus.NEEDS_REVIEW
            sent_back = f"changed {', '.join(changed)} of a {reviewed_as} claim: back to review"
            reason = f"{reason}; {sent_back}" if reason else sent_back
            figures_reopen_on(
                actor=actor, claim=current, reason="its preferred claim changed after review"
            )
            sent_back_for_review = True
        current.version += 1
        current.updated_by = acting_user(actor)
        current.full_clean(exclude=["figure"])
        history_note(current, actor=actor, reason=reason)
        current.save()
        change_record(ChangeKind.CLAIM_CHANGED, current, actor=actor)
        if sent_back_for_review:
            flags_publish(claim=current)
        reconcile_after_commit([key_before, ClaimKey.of(current)])
    return current
