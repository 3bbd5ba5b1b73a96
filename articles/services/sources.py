"""Evidence: creating and changing sources, and attaching them to claims with a stance.

A claim's evidence is part of what a reader of the claim gets, so attaching or detaching a
source is a change of the claim in the change feed (its version stays: the claim's own
words and values did not change).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from articles.models import ChangeKind, Claim, ClaimSource, Source

from .actors import Actor, acting_user, history_note
from .change_feed import change_record
from .permissions import require_perm

SOURCE_FIELDS = frozenset(
    {"title", "url", "publisher", "kind", "published_on", "accessed_on", "archived_url", "excerpt"}
)


def source_create(*, actor: Actor, **fields: Any) -> Source:
    require_perm(actor, "articles.add_source", "add sources")
    unknown = set(fields) - SOURCE_FIELDS
    if unknown:
        raise ValidationError(f"Unknown source fields: {', '.join(sorted(unknown))}")
    source = Source(created_by=acting_user(actor), **fields)
    source.full_clean()
    with transaction.atomic():
        history_note(source, actor=actor)
        source.save()
    return source


def source_update(*, actor: Actor, source: Source, changes: dict[str, Any]) -> Source:
    require_perm(actor, "articles.change_source", "change sources")
    unknown = set(changes) - SOURCE_FIELDS
    if unknown:
        raise ValidationError(f"These source fields cannot be edited: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        current = Source.objects.select_for_update().get(pk=source.pk)
        for name, value in changes.items():
            setattr(current, name, value)
        current.full_clean()
        history_note(current, actor=actor)
        current.save()
    return current


def claim_source_attach(
    *,
    actor: Actor,
    claim: Claim,
    source: Source,
    stance: str,
    value: Decimal | None = None,
    currency: str = "",
    note: str = "",
) -> ClaimSource:
    """Link ``source`` to ``claim`` (or change the link's stance and value if it exists)."""
    require_perm(actor, "articles.add_claimsource", "attach sources to claims")
    with transaction.atomic():
        link = ClaimSource.objects.select_for_update().filter(claim=claim, source=source).first()
        if link is None:
            link = ClaimSource(
                claim=claim,
                source=source,
                created_by=acting_user(actor),
            )
        link.stance, link.value, link.currency, link.note = stance, value, currency, note
        link.full_clean(validate_unique=False)
        history_note(link, actor=actor)
        link.save()
        _claim_changed(link.claim_id, actor)
    return link


def claim_source_detach(*, actor: Actor, link: ClaimSource) -> None:
    """Remove a link between a claim and a source; its history keeps that it existed."""
    require_perm(actor, "articles.delete_claimsource", "detach sources from claims")
    with transaction.atomic():
        claim_id = link.claim_id
        history_note(link, actor=actor)
        link.delete()
        _claim_changed(claim_id, actor)


def _claim_changed(claim_id: int, actor: Actor) -> None:
    # The claim as it is now (the caller's copy may be older): the event names its version.
    claim = Claim.objects.only("pk", "version").get(pk=claim_id)
    change_record(ChangeKind.CLAIM_CHANGED, claim, actor=actor)
