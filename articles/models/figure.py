"""The reconciled record: figures (one per quantity) and the conflict flags raised on them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from .claim import PUBLIC_STATUSES, Claim, FigureKind, money_field, value_bounds_constraints
from .indexes import list_order_indexes


class FigureStatus(models.TextChoices):
    OPEN = "open", "Open"
    RECONCILED = "reconciled", "Reconciled"


class ExistsPerRow(models.Exists):
    """``EXISTS``, probed row by row through an index even where it is OR-ed with another
    condition.

    PostgreSQL turns ``a OR EXISTS (...)`` into a hashed subplan that reads the whole
    subquery first: 80,000 public claims (40 ms) for every page of 100 figures. An OFFSET
    keeps the planner from rewriting the subquery, so each figure costs one index probe.
    """

    template = "EXISTS(%(subquery)s OFFSET 0)"


class FigureQuerySet(models.QuerySet["Figure"]):
    def public(self) -> FigureQuerySet:
        """Settled figures, and open ones with a public claim ("under review")."""
        public_claim = ExistsPerRow(
            Claim.objects.filter(figure=models.OuterRef("pk"), status__in=PUBLIC_STATUSES)
        )
        return self.filter(Q(status=FigureStatus.RECONCILED) | public_claim)

    def settled(self) -> FigureQuerySet:
        return self.filter(status=FigureStatus.RECONCILED)

    def with_listing(self) -> FigureQuerySet:
        return self.select_related("subject", "metric", "preferred_claim")


class Figure(models.Model):
    """One quantity: a subject's metric over a period in one unit, and what the desk says it is."""

    subject = models.ForeignKey("articles.Entity", on_delete=models.PROTECT, related_name="figures")
    metric = models.ForeignKey("articles.Metric", on_delete=models.PROTECT, related_name="figures")
    period_start = models.SmallIntegerField()
    period_end = models.SmallIntegerField()
    unit = models.CharField(
        max_length=100, help_text="ISO 4217 currency for money, the counted noun for counts."
    )
    kind = models.CharField(
        max_length=12,
        choices=FigureKind.choices,
        default=FigureKind.ANNUAL,
        help_text="The kind of amount its claims state (a figure holds one kind).",
    )
    scope = models.ForeignKey(
        "articles.Scope",
        to_field="slug",
        db_column="scope",
        on_delete=models.PROTECT,
        default="unspecified",
        related_name="figures",
        help_text="What its claims count (a figure holds one scope).",
    )
    value = money_field(help_text="The reconciled value the desk stands behind.")
    low = money_field()
    high = money_field()
    preferred_claim = models.ForeignKey(
        "articles.Claim",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="preferred_in",
    )
    rationale = models.TextField(blank=True, default="")
    settled_source = models.ForeignKey(
        "articles.Source",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="settled_figures",
        help_text="Where a value the reviewer typed comes from (needed when it is not the "
        "preferred claim's).",
    )
    status = models.CharField(
        max_length=20, choices=FigureStatus.choices, default=FigureStatus.OPEN, db_index=True
    )
    settled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    settled_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = FigureQuerySet.as_manager()

    class Meta:
        ordering = ["subject_id", "metric_id", "period_start", "period_end", "unit"]
        permissions = [("settle_figure", "Can choose a figure's preferred value")]
        indexes = [
            *list_order_indexes("figure", "updated_at", "created_at", "period_start"),
            models.Index(fields=["period_start", "period_end"], name="figure_period_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["subject", "metric", "period_start", "period_end", "unit", "kind", "scope"],
                name="figure_unique_key",
                violation_error_message="A figure for this subject, metric, period, unit, kind "
                "and scope already exists.",
            ),
            *value_bounds_constraints("figure"),
            models.CheckConstraint(
                condition=Q(status=FigureStatus.OPEN)
                | Q(value__isnull=False)
                | Q(low__isnull=False)
                | Q(high__isnull=False),
                name="figure_reconciled_has_value",
                violation_error_message="A reconciled figure needs a value or a bound.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject} · {self.metric} · {self.period_label} · {self.unit}"

    def get_absolute_url(self) -> str:
        return reverse("figure-detail", kwargs={"pk": self.pk})

    @property
    def period_label(self) -> str:
        if self.period_start == self.period_end:
            return str(self.period_start)
        return f"{self.period_start}–{self.period_end}"


class FlagKind(models.TextChoices):
    VALUE_MISMATCH = "value_mismatch", "Values disagree"
    PERIOD_REUSE = "period_reuse", "Same value for different periods"
    METRIC_CONFUSION = "metric_confusion", "Same value for different metrics"
    UNIT_MISMATCH = "unit_mismatch", "Incomparable units"
    TOTAL_MISMATCH = "total_mismatch", "Total differs from the sum of its years"
    SCOPE_DIFFERENCE = "scope_difference", "Sources count different things"
    CURRENCY_MISMATCH = "currency_mismatch", "Values disagree across currencies"


class FlagState(models.TextChoices):
    OPEN = "open", "Open"
    ACKNOWLEDGED = "acknowledged", "Acknowledged"
    RESOLVED = "resolved", "Resolved"
    DISMISSED = "dismissed", "Dismissed"


CLOSED_FLAG_STATES = (FlagState.RESOLVED, FlagState.DISMISSED)
# A reviewer has looked at these: the public sees them, explained from public claims only.
# An open flag is the machine's guess and stays with the desk.
PUBLIC_FLAG_STATES = (FlagState.ACKNOWLEDGED, *CLOSED_FLAG_STATES)


class ConflictFlagQuerySet(models.QuerySet["ConflictFlag"]):
    def open(self) -> ConflictFlagQuerySet:
        return self.filter(state__in=(FlagState.OPEN, FlagState.ACKNOWLEDGED))

    def public(self) -> ConflictFlagQuerySet:
        """Flags a reviewer acknowledged or closed that still stand between public claims."""
        return self.filter(state__in=PUBLIC_FLAG_STATES).exclude(public_explanation="")

    def with_listing(self) -> ConflictFlagQuerySet:
        return self.select_related("subject", "metric", "figure")


class ConflictFlag(models.Model):
    """A disagreement the reconciler found among claims. Raised by the reconciler only."""

    kind = models.CharField(max_length=20, choices=FlagKind.choices, db_index=True)
    key = models.CharField(
        max_length=255,
        unique=True,
        help_text="What the flag is about (kind and scope): re-running never duplicates it.",
    )
    signature = models.CharField(
        max_length=64, help_text="Digest of the claims and values under the flag when raised."
    )
    subject = models.ForeignKey("articles.Entity", on_delete=models.PROTECT, related_name="flags")
    metric = models.ForeignKey(
        "articles.Metric",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="flags",
    )
    figure = models.ForeignKey(
        Figure, on_delete=models.SET_NULL, null=True, blank=True, related_name="flags"
    )
    claims = models.ManyToManyField("articles.Claim", related_name="flags", blank=True)
    spread = models.DecimalField(
        max_digits=24,
        decimal_places=6,
        null=True,
        blank=True,
        help_text="Largest value divided by smallest.",
    )
    explanation = models.TextField()
    public_explanation = models.TextField(
        blank=True,
        default="",
        help_text="The explanation written from the public claims under the flag alone; "
        "empty while fewer than two of them are public (then the flag is not shown).",
    )
    state = models.CharField(
        max_length=20, choices=FlagState.choices, default=FlagState.OPEN, db_index=True
    )
    resolution_note = models.TextField(blank=True, default="")
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    snapshot = models.JSONField(
        default=dict,
        blank=True,
        help_text="The claims under the flag when last checked, to say what changed on reopen.",
    )

    # The snapshot is the reconciler's working memory; history keeps what a reader needs.
    history = HistoricalRecords(excluded_fields=["snapshot"])
    objects = ConflictFlagQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at", "-id"]
        permissions = [("resolve_conflictflag", "Can resolve or dismiss conflict flags")]
        indexes = list_order_indexes("conflictflag", "updated_at", "created_at")
        constraints = [
            models.CheckConstraint(
                condition=Q(spread__isnull=True) | Q(spread__gte=1),
                name="conflictflag_spread_at_least_one",
                violation_error_message="The spread is the largest value divided by the "
                "smallest, so it is at least 1.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.explanation[:80]}"

    def get_absolute_url(self) -> str:
        return reverse("admin:articles_conflictflag_change", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.state not in CLOSED_FLAG_STATES
