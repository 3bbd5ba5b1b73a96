"""Closing a conflict flag: a reviewer resolves or dismisses it with a note."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from articles.errors import InvalidTransition
from articles.models import CLOSED_FLAG_STATES, ChangeKind, ConflictFlag, FlagState

from .actors import Actor, acting_user, history_note
from .change_feed import change_record
from .flag_publish import flags_publish
from .permissions import require_perm


def flag_resolve(
    *, actor: Actor, flag: ConflictFlag, note: str, dismiss: bool = False
) -> ConflictFlag:
    """Resolve (the disagreement is settled) or dismiss (it was not a real conflict)."""
    require_perm(actor, "articles.resolve_conflictflag", "resolve conflict flags")
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": "Say how the disagreement was settled."})
    with transaction.atomic():
        current = ConflictFlag.objects.select_for_update().get(pk=flag.pk)
        if current.state in CLOSED_FLAG_STATES:
            raise InvalidTransition(f"This flag is already {current.get_state_display().lower()}.")
        current.state = FlagState.DISMISSED if dismiss else FlagState.RESOLVED
        current.resolution_note = note
        current.resolved_by = acting_user(actor)
        current.resolved_at = timezone.now()
        history_note(current, actor=actor, reason="dismissed" if dismiss else "resolved")
        current.save()
        kind = ChangeKind.FLAG_DISMISSED if dismiss else ChangeKind.FLAG_RESOLVED
        change_record(kind, current, actor=actor)
        flags_publish(flag_ids=[current.pk])
        current.refresh_from_db(fields=["public_explanation"])
    return current


def flag_acknowledge(*, actor: Actor, flag: ConflictFlag) -> ConflictFlag:
    """Mark an open flag as seen and being worked on."""
    require_perm(actor, "articles.resolve_conflictflag", "acknowledge conflict flags")
    with transaction.atomic():
        current = ConflictFlag.objects.select_for_update().get(pk=flag.pk)
        if current.state != FlagState.OPEN:
            raise InvalidTransition("Only an open flag can be acknowledged.")
        current.state = FlagState.ACKNOWLEDGED
        history_note(current, actor=actor, reason="acknowledged: shown to the public")
        current.save()
        change_record(ChangeKind.FLAG_ACKNOWLEDGED, current, actor=actor)
        flags_publish(flag_ids=[current.pk])
        current.refresh_from_db(fields=["public_explanation"])
    return current
