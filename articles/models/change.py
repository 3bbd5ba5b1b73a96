"""The change feed: one row for each thing that happened to the record, in a durable order.

A claim created, changed, reviewed or withdrawn; a figure settled or reopened; a conflict
flag opened, reopened, acknowledged, resolved or dismissed. Rows are written by
``articles.services.change_feed`` inside the transaction of the change itself, so an event
exists exactly when its change committed, and are never updated or deleted.

Each row also keeps the PostgreSQL transaction that wrote it (``xact_id``): the feed is read
in ``(xact_id, id)`` order and only up to the oldest transaction still running, which is
what makes it gapless (``articles.selectors.changes`` says why an id alone is not enough).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models


class ChangeKind(models.TextChoices):
    CLAIM_CREATED = "claim.created", "Claim created"
    CLAIM_CHANGED = "claim.changed", "Claim changed"
    CLAIM_REVIEWED = "claim.reviewed", "Claim reviewed"
    CLAIM_WITHDRAWN = "claim.withdrawn", "Claim withdrawn"
    FIGURE_SETTLED = "figure.settled", "Figure settled"
    FIGURE_REOPENED = "figure.reopened", "Figure reopened"
    FLAG_OPENED = "flag.opened", "Flag opened"
    FLAG_REOPENED = "flag.reopened", "Flag reopened"
    FLAG_ACKNOWLEDGED = "flag.acknowledged", "Flag acknowledged"
    FLAG_RESOLVED = "flag.resolved", "Flag resolved"
    FLAG_DISMISSED = "flag.dismissed", "Flag dismissed"


class ChangeObject(models.TextChoices):
    """What an event is about; the value is also the API's name for the record."""

    CLAIM = "claim", "Claim"
    FIGURE = "figure", "Figure"
    FLAG = "flag", "Conflict flag"


class CurrentTransactionId(models.Func):
    """The id of the transaction writing the row: PostgreSQL's top-level ``xid8`` (the same
    inside a savepoint), as a bigint. SQLite runs one writer at a time, so there every row
    gets 0 and the id alone orders the feed."""

    output_field = models.BigIntegerField()

    # A constant takes none of Func's template arguments, which the stubs' signature lists.
    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list[Any]]:  # type: ignore[override]
        return "0", []

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list[Any]]:
        return "(pg_current_xact_id()::text::bigint)", []


class ChangeEvent(models.Model):
    """Something that happened to a claim, a figure or a flag, and who made it happen."""

    kind = models.CharField(max_length=32, choices=ChangeKind.choices)
    object_type = models.CharField(max_length=16, choices=ChangeObject.choices)
    object_id = models.PositiveBigIntegerField()
    version = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="The record's version after the change, for records that have one (claims).",
    )
    occurred_at = models.DateTimeField()
    # Shown with an event, never searched by: no index for every write to keep up.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
        help_text="Who made the change; empty for the system (the reconciler, an import).",
    )
    system_actor = models.CharField(
        max_length=60,
        blank=True,
        default="",
        help_text="Which part of the system made the change (the reconciler, a management "
        "command, the demo); empty when a person did.",
    )
    # Filled in by the database: only it knows the transaction an INSERT runs in.
    xact_id = models.BigIntegerField(
        db_default=CurrentTransactionId(),
        editable=False,
        help_text="The writing transaction (PostgreSQL); the feed's order is (xact_id, id).",
    )

    class Meta:
        ordering = ["xact_id", "id"]
        indexes = [
            # The feed reads "after this position, in this order": one index range scan.
            models.Index(fields=["xact_id", "id"], name="changeevent_position_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__startswith=models.F("object_type")),
                name="changeevent_kind_matches_object",
                violation_error_message="An event's kind names the kind of record it is about.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_type} {self.object_id}"
