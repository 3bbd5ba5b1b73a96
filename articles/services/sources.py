"""Evidence: creating and changing sources, and attaching them to claims with a stance."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from articles.models import Claim, ClaimSource, Source

from .permissions import require_perm

SOURCE_FIELDS = frozenset(
    {"title", "url", "publisher", "kind", "published_on", "accessed_on", "archived_url", "excerpt"}
)


def source_create(*, actor: Any, **fields: Any) -> Source:
    require_perm(actor, "articles.add_source", "add sources")
    unknown = set(fields) - SOURCE_FIELDS
    if unknown:
        raise ValidationError(f"Unknown source fields: {', '.join(sorted(unknown))}")
    source = Source(created_by=actor if getattr(actor, "pk", None) else None, **fields)
    source.full_clean()
    source._history_user = actor  # type: ignore[attr-defined]
    with transaction.atomic():
        source.save()
    return source


def source_update(*, actor: Any, source: Source, changes: dict[str, Any]) -> Source:
    require_perm(actor, "articles.change_source", "change sources")
    unknown = set(changes) - SOURCE_FIELDS
    if unknown:
        raise ValidationError(f"These source fields cannot be edited: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        current = Source.objects.select_for_update().get(pk=source.pk)
        for name, value in changes.items():
            setattr(current, name, value)
        current.full_clean()
        current._history_user = actor  # type: ignore[attr-defined]
        current.save()
    return current


def claim_source_attach(
    *,
    actor: Any,
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
                created_by=actor if getattr(actor, "pk", None) else None,
            )
        link.stance, link.value, link.currency, link.note = stance, value, currency, note
        link.full_clean(validate_unique=False)
        link._history_user = actor  # type: ignore[attr-defined]
        link.save()
    return link


def claim_source_detach(*, actor: Any, link: ClaimSource) -> None:
    """Remove a link between a claim and a source; its history keeps that it existed."""
    require_perm(actor, "articles.delete_claimsource", "detach sources from claims")
    link._history_user = actor  # type: ignore[attr-defined]
    with transaction.atomic():
        link.delete()
