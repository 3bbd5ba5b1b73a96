"""Import batches and the items in them that could not be imported."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from .indexes import list_order_indexes


class ImportOrigin(models.TextChoices):
    FILE = "file", "Files on the server"
    UPLOAD = "upload", "Upload in the admin"
    API = "api", "API"
    SAMPLE = "sample", "Bundled sample corpus"


class ImportStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    RUNNING = "running", "Running"
    FINISHED = "finished", "Finished"
    FAILED = "failed", "Failed"


class ImportRun(models.Model):
    """One batch of imported items, with every outcome counted."""

    origin = models.CharField(max_length=10, choices=ImportOrigin.choices)
    status = models.CharField(
        max_length=10, choices=ImportStatus.choices, default=ImportStatus.PENDING, db_index=True
    )
    label = models.CharField(max_length=500, blank=True, default="")
    options = models.JSONField(default=dict, blank=True)
    expected = models.PositiveIntegerField(
        null=True, blank=True, help_text="Items expected, when known, for progress."
    )
    seen = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    duplicate = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    message = models.TextField(blank=True, default="")
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="import_runs",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        permissions = [("import_articles", "Can import articles")]
        indexes = list_order_indexes("importrun", "created_at")
        constraints = [
            models.CheckConstraint(
                condition=Q(finished_at__isnull=True)
                | Q(started_at__isnull=True)
                | Q(finished_at__gte=models.F("started_at")),
                name="importrun_finishes_after_start",
                violation_error_message="An import run cannot finish before it starts.",
            ),
        ]

    def __str__(self) -> str:
        return f"Import #{self.pk} ({self.get_origin_display()}, {self.status})"

    def get_absolute_url(self) -> str:
        return reverse("admin:articles_importrun_change", args=[self.pk])

    @property
    def done(self) -> int:
        return self.created + self.updated + self.duplicate + self.failed

    @property
    def duration_seconds(self) -> float | None:
        if self.started_at is None or self.finished_at is None:
            return None
        return (self.finished_at - self.started_at).total_seconds()


class IssueSeverity(models.TextChoices):
    ERROR = "error", "Error: the item was not imported"
    WARNING = "warning", "Warning: imported, but an editor should look"


class ImportIssue(models.Model):
    """Something about one item of a batch: why it failed, or what needs an editor's eye."""

    run = models.ForeignKey(ImportRun, on_delete=models.CASCADE, related_name="issues")
    item = models.CharField(max_length=1000)
    severity = models.CharField(
        max_length=10, choices=IssueSeverity.choices, default=IssueSeverity.ERROR
    )
    message = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["run", "severity"], name="importissue_run_severity")]

    def __str__(self) -> str:
        return f"{self.item}: {self.message}"


class StagedItemState(models.TextChoices):
    PENDING = "pending", "Pending"
    DONE = "done", "Done"


class StagedItem(models.Model):
    """An item waiting in the database for a worker, so workers need no shared filesystem.

    A chunk marks its items done in the same transaction that writes their articles and
    bumps the run's counters, so a worker that dies mid-chunk leaves nothing half-counted.
    """

    run = models.ForeignKey(ImportRun, on_delete=models.CASCADE, related_name="staged_items")
    position = models.PositiveIntegerField()
    chunk = models.PositiveIntegerField(help_text="The worker task that imports this item.")
    name = models.CharField(max_length=1000)
    format_hint = models.CharField(max_length=10, blank=True, default="")
    data = models.BinaryField()
    state = models.CharField(
        max_length=10, choices=StagedItemState.choices, default=StagedItemState.PENDING
    )

    class Meta:
        ordering = ["run_id", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["run", "position"],
                name="stageditem_unique_position",
                violation_error_message="This import run already has an item at this position.",
            ),
        ]
        indexes = [
            models.Index(fields=["run", "chunk"], name="stageditem_run_chunk"),
            models.Index(fields=["run", "state"], name="stageditem_run_state"),
        ]

    def __str__(self) -> str:
        return self.name
