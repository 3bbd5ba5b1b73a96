"""Recording what happened to the record, for the change feed and its webhooks.

Every service that creates, changes, reviews or withdraws a claim, settles or reopens a
figure, or opens, acknowledges or closes a flag calls ``changes_record`` inside its own
transaction: the event commits with the change or not at all, so the feed can neither
announce a change that was rolled back nor miss one that was kept. Many changes (a
reconcile's thousands of flags, an extraction's suggestions) are one INSERT. Once the
transaction commits, the webhooks that want the events are told (``webhook_delivery``).

On PostgreSQL that INSERT is written here rather than by ``bulk_create``: the database
fills in each row's transaction (``ChangeEvent.xact_id``'s default), and a column left to
its default makes Django spell out ``VALUES (..., DEFAULT)`` row by row, which for a full
reconcile's 16,000 events took seven times as long as one ``INSERT ... SELECT FROM
UNNEST`` of one array per column (Django's own fast path, unavailable with a default).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection, models
from django.utils import timezone

from articles.models import ChangeEvent, ChangeKind, ChangeObject, Claim, ConflictFlag, Figure

from .actors import Actor, SystemActor, acting_user
from .bulk_insert import prepared_column
from .webhook_delivery import webhooks_after_commit

OBJECT_TYPES: dict[type[models.Model], ChangeObject] = {
    Claim: ChangeObject.CLAIM,
    Figure: ChangeObject.FIGURE,
    ConflictFlag: ChangeObject.FLAG,
}


def changes_record(
    changes: Iterable[tuple[ChangeKind, models.Model]], *, actor: Actor
) -> list[ChangeEvent]:
    """One event per ``(kind, record)``, made by ``actor`` (a system actor leaves it blank).

    Call inside the transaction that makes the changes, after they are saved.
    """
    now = timezone.now()
    user = acting_user(actor)
    events = [
        ChangeEvent(
            kind=kind,
            object_type=OBJECT_TYPES[type(record)],
            object_id=record.pk,
            version=getattr(record, "version", None),
            occurred_at=now,
            actor=user,
            system_actor=actor.name if isinstance(actor, SystemActor) else "",
        )
        for kind, record in changes
    ]
    if not events:
        return []
    if connection.vendor != "postgresql":
        ChangeEvent.objects.bulk_create(events)
    else:
        _insert_as_arrays(events)
    webhooks_after_commit(event.pk for event in events)
    return events


def change_record(kind: ChangeKind, record: models.Model, *, actor: Actor) -> ChangeEvent:
    """One event: ``changes_record`` for a single change."""
    return changes_record([(kind, record)], actor=actor)[0]


def _insert_as_arrays(events: list[ChangeEvent]) -> None:
    """Insert ``events`` in one statement, each column as one array; set their ids."""
    opts = ChangeEvent._meta
    fields = [f for f in opts.concrete_fields if f.name not in ("id", "xact_id")]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(str(f.column)) for f in fields)
    # The array of each column's type, without its modifiers (varchar, not varchar(32)).
    arrays = ", ".join(f"%s::{str(f.db_type(connection)).split('(')[0]}[]" for f in fields)
    values = [
        prepared_column(field, [getattr(event, field.attname) for event in events], connection)
        for field in fields
    ]
    sql = (
        f"INSERT INTO {quote(opts.db_table)} ({columns}) SELECT * FROM UNNEST({arrays}) "  # noqa: S608
        "RETURNING id, xact_id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        # Rows come back in the order of the arrays, as Django's own UNNEST insert relies on.
        for event, (pk, xact_id) in zip(events, cursor.fetchall(), strict=True):
            event.pk, event.xact_id = pk, xact_id
            event._state.adding = False
            event._state.db = connection.alias
