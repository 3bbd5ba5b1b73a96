"""Reading the change feed: in one fixed order, and only as far as no gap can open behind.

A reader resumes "after the last event it saw". That is safe only if no event can later
appear before that point. Ordered by id alone it can, on PostgreSQL: ids come from a
sequence when a row is inserted, but transactions commit in their own order, so a reader
may see id 11 (committed) while id 10 belongs to a transaction still running; when 10
commits, the reader is already past it and never sees it.

Two remedies were weighed:

- *Serialise the writers*: take a transaction-level advisory lock before inserting events,
  so events commit in id order. Every change would then wait for every other change's
  transaction to finish, and the lock would be taken after the row locks a service already
  holds: a bulk workflow step (which locks claim after claim in one transaction) and a
  single edit of one of those claims would each hold what the other waits for, a deadlock
  that PostgreSQL resolves by failing one of them.
- *Read only up to the oldest running transaction* (chosen): each event stores the
  transaction that wrote it (``pg_current_xact_id()``, as the column's default), the feed
  is ordered by ``(xact_id, id)``, and a reader only gets events whose transaction is older
  than the oldest one still running (``pg_snapshot_xmin(pg_current_snapshot())``, taken in
  the reading statement itself). Those transactions are over, so the events below that
  horizon never change again; and any transaction that writes later has a larger id, so
  its events sort after everything already read. Writers never wait for each other. The
  price is latency: an event shows once every transaction older than it has finished (a
  long import holds back events written after it began, never loses them).

Within the feed, the events of one transaction are next to each other, in the order they
were written. A transaction sees its own events too (as it sees its own rows), which only
matters to code reading inside a write, like tests; the API reads outside any transaction.
SQLite runs one writer at a time, so there the id alone orders the feed (``xact_id`` is 0).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import BigIntegerField, Func, Q, QuerySet
from django.urls import reverse

from articles.models import ChangeEvent

MAX_POSITION_PART = 2**63 - 1
_POSITION = re.compile(r"^([0-9]{1,19})\.([0-9]{1,19})$")


class OldestRunningTransaction(Func):
    """The oldest transaction still running anywhere on the server, as of the statement's
    snapshot: every transaction with a smaller id has ended (PostgreSQL only)."""

    output_field = BigIntegerField()

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list]:
        return "(pg_snapshot_xmin(pg_current_snapshot())::text::bigint)", []


class OwnTransaction(Func):
    """The reading transaction's own id if it wrote anything, else NULL (which matches
    nothing) (PostgreSQL only)."""

    output_field = BigIntegerField()

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list]:
        return "(pg_current_xact_id_if_assigned()::text::bigint)", []


@dataclass(frozen=True, order=True)
class FeedPosition:
    """A place in the feed: the event's transaction and id. The API's ``after`` cursor."""

    xact_id: int
    event_id: int

    def __str__(self) -> str:
        return f"{self.xact_id}.{self.event_id}"

    @classmethod
    def of(cls, event: ChangeEvent) -> FeedPosition:
        return cls(event.xact_id, event.pk)

    @classmethod
    def parse(cls, text: str) -> FeedPosition:
        """``"1234.56"`` as the feed gave it; ``ValueError`` for anything else."""
        match = _POSITION.match(text.strip())
        if match is None:
            raise ValueError(f"{text[:40]!r} is not a position in the change feed")
        xact_id, event_id = (int(part) for part in match.groups())
        if max(xact_id, event_id) > MAX_POSITION_PART:
            raise ValueError(f"{text[:40]!r} is beyond any position in the change feed")
        return cls(xact_id, event_id)


def changes_settled() -> QuerySet[ChangeEvent]:
    """Every event no gap can open before, in feed order, with who made it (one join)."""
    events = ChangeEvent.objects.select_related("actor").order_by("xact_id", "id")
    if connection.vendor == "postgresql":
        events = events.filter(
            Q(xact_id__lt=OldestRunningTransaction()) | Q(xact_id=OwnTransaction())
        )
    return events


def after_position(position: FeedPosition) -> Q:
    """The events after ``position`` in feed order."""
    return Q(xact_id__gt=position.xact_id) | Q(xact_id=position.xact_id, id__gt=position.event_id)


def changes_after(
    position: FeedPosition | None = None, *, kinds: Iterable[str] = ()
) -> QuerySet[ChangeEvent]:
    """The settled events after ``position`` (all of them for ``None``), of ``kinds`` if any."""
    events = changes_settled()
    if position is not None:
        events = events.filter(after_position(position))
    kinds = list(kinds)
    if kinds:
        events = events.filter(kind__in=kinds)
    return events


def change_event_data(event: ChangeEvent, absolute: Callable[[str], str]) -> dict[str, Any]:
    """One event as the feed lists it and a webhook delivers it (``absolute`` makes a path
    a full URL), so both give the same JSON."""
    # Route names are the object types' (api-claim-detail, api-flag-detail ...).
    path = reverse(f"api-{event.object_type}-detail", kwargs={"pk": event.object_id})
    return {
        "id": event.pk,
        "cursor": str(FeedPosition.of(event)),
        "kind": event.kind,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "object": absolute(path),
        "version": event.version,
        "occurred_at": event.occurred_at.isoformat().replace("+00:00", "Z"),
        "actor": event.actor.get_username() if event.actor is not None else None,
        "system_actor": event.system_actor or None,
    }
