"""Claims: a figure stated in an article, anchored to its exact words, with its structured value.

A claim is anchored the way the W3C TextQuoteSelector anchors an annotation: the exact quote,
its offsets into ``article.body`` and a little text before and after, so it can be found
again when the body changes.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from articles.errors import QuoteMismatch
from articles.reconciling.currency import CitedRate, Conversion, claim_usd

from .fields import NameField
from .indexes import list_order_indexes

# Enough context to re-find a quote that occurs more than once in a body.
ANCHOR_CONTEXT_CHARS = 32
MONEY_DIGITS = 24
MONEY_PLACES = 2

# What a broken rule says to the person who broke it. Django reports a constraint without
# its own message as "Constraint “claim_low_lte_value” is violated."; these are sentences.
REVERSED_OFFSETS = "The quote ends before it starts: the end offset must be after the start offset."
NEGATIVE_VALUES = "Values are magnitudes and cannot be negative."
CURRENCY_CODE = "The currency must be a three-letter ISO 4217 code such as USD."
CITED_RATE = "A cited exchange rate is a positive number with the source it comes from."


class ClaimStatus(models.TextChoices):
    SUGGESTED = "suggested", "Suggested"
    DRAFT = "draft", "Draft"
    NEEDS_REVIEW = "needs_review", "Needs review"
    VERIFIED = "verified", "Verified"
    DISPUTED = "disputed", "Disputed"
    FALSE = "false", "False"
    UNVERIFIABLE = "unverifiable", "Unverifiable"
    REJECTED = "rejected", "Rejected"
    WITHDRAWN = "withdrawn", "Withdrawn"


# Reviewed states: the assertions anonymous readers may see.
PUBLIC_STATUSES = (
    ClaimStatus.VERIFIED,
    ClaimStatus.DISPUTED,
    ClaimStatus.FALSE,
    ClaimStatus.UNVERIFIABLE,
)
# A withdrawn claim was public once: its URL keeps answering with a correction notice
# instead of the assertion, so it is published, but it asserts nothing and counts nowhere.
PUBLISHED_STATUSES = (*PUBLIC_STATUSES, ClaimStatus.WITHDRAWN)
# Statuses that never take part in a figure: discarded suggestions and withdrawn claims.
INACTIVE_STATUSES = (ClaimStatus.REJECTED, ClaimStatus.WITHDRAWN)


class WithdrawalReason(models.TextChoices):
    EXTRACTION_ERROR = "extraction_error", "Extraction error"
    MISREAD = "misread", "Misread"
    SUPERSEDED = "superseded", "Superseded"
    OTHER = "other", "Other"


class ClaimOrigin(models.TextChoices):
    EXTRACTED = "extracted", "Extracted"
    MANUAL = "manual", "Manual"


class FigureKind(models.TextChoices):
    """What sort of amount a claim states; only amounts of one kind are compared as equals."""

    ANNUAL = "annual", "Yearly amount"  # a flow over one year or fiscal year
    TOTAL = "total", "Total over several years"  # a flow summed over its period
    TRANSACTION = "transaction", "Deal or delivery"  # buyer = subject, seller = counterparty
    COUNT = "count", "Count"  # a stock or quantity: tanks, soldiers


class Qualifier(models.TextChoices):
    EXACT = "exact", "Exact"
    APPROXIMATELY = "approximately", "Approximately"
    AT_LEAST = "at_least", "At least"
    AT_MOST = "at_most", "At most"
    RANGE = "range", "Range"


def money_field(**kwargs: Any) -> models.DecimalField:
    return models.DecimalField(
        max_digits=MONEY_DIGITS, decimal_places=MONEY_PLACES, null=True, blank=True, **kwargs
    )


def value_bounds_constraints(prefix: str) -> list[models.CheckConstraint]:
    """``low <= value <= high`` wherever both ends are set; shared by claims and figures."""
    return [
        models.CheckConstraint(
            condition=Q(low__isnull=True) | Q(value__isnull=True) | Q(low__lte=F("value")),
            name=f"{prefix}_low_lte_value",
            violation_error_message="The low bound is above the value.",
        ),
        models.CheckConstraint(
            condition=Q(high__isnull=True) | Q(value__isnull=True) | Q(value__lte=F("high")),
            name=f"{prefix}_value_lte_high",
            violation_error_message="The high bound is below the value.",
        ),
        models.CheckConstraint(
            condition=Q(low__isnull=True) | Q(high__isnull=True) | Q(low__lte=F("high")),
            name=f"{prefix}_low_lte_high",
            violation_error_message="The low bound is above the high bound.",
        ),
        models.CheckConstraint(
            condition=(Q(value__isnull=True) | Q(value__gte=0))
            & (Q(low__isnull=True) | Q(low__gte=0))
            & (Q(high__isnull=True) | Q(high__gte=0)),
            name=f"{prefix}_values_not_negative",
            violation_error_message=NEGATIVE_VALUES,
        ),
        models.CheckConstraint(
            condition=Q(period_start__isnull=True)
            | Q(period_end__isnull=True)
            | Q(period_start__lte=F("period_end")),
            name=f"{prefix}_period_ordered",
            violation_error_message="The period ends before it starts.",
        ),
    ]


class ClaimQuerySet(models.QuerySet["Claim"]):
    def public(self) -> ClaimQuerySet:
        return self.filter(status__in=PUBLIC_STATUSES)

    def published(self) -> ClaimQuerySet:
        """Public claims and withdrawn ones, whose pages show their correction."""
        return self.filter(status__in=PUBLISHED_STATUSES)

    def active(self) -> ClaimQuerySet:
        return self.exclude(status__in=INACTIVE_STATUSES)

    def unplaced(self) -> ClaimQuerySet:
        """Claims that lack part of a figure key, so no figure can hold them."""
        return self.active().filter(
            Q(subject__isnull=True)
            | Q(metric__isnull=True)
            | Q(period_start__isnull=True)
            | Q(period_end__isnull=True)
            | (Q(currency="") & Q(unit=""))
        )

    def with_listing(self) -> ClaimQuerySet:
        # Every list shows article, outlet, subject and metric: one join, not four queries a row.
        return self.select_related("article__publication", "subject", "metric", "figure")


class Claim(models.Model):
    """A figure stated in an article: where it stands, what it says, and how far it is checked."""

    article = models.ForeignKey("articles.Article", on_delete=models.PROTECT, related_name="claims")
    quote = models.TextField(help_text="Exactly article.body[start:end].")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    anchored = models.BooleanField(
        default=True,
        help_text="False when the article changed and the quote is no longer in it; the "
        "offsets are then its last known place and the claim waits for an editor.",
    )
    prefix = models.CharField(max_length=ANCHOR_CONTEXT_CHARS * 2, blank=True, default="")
    suffix = models.CharField(max_length=ANCHOR_CONTEXT_CHARS * 2, blank=True, default="")
    # The article's, copied so the database can index the quote with that language's
    # text-search configuration (a generated column reads only its own row).
    language = models.CharField(
        max_length=16,
        blank=True,
        default="",
        editable=False,
        help_text="The article's language (ISO 639-1), kept equal to it by the services.",
    )

    # Looked up through claim_subject_metric_idx, whose first column it is.
    subject = models.ForeignKey(
        "articles.Entity",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="claims",
        db_index=False,
    )
    counterparty = models.ForeignKey(
        "articles.Entity",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="counterparty_claims",
        help_text="The other side of a deal or of cooperation (the seller, the donor).",
        db_index=False,  # a partial index in Meta: most claims have none
    )
    metric = models.ForeignKey(
        "articles.Metric", on_delete=models.PROTECT, null=True, blank=True, related_name="claims"
    )
    kind = models.CharField(
        max_length=12,
        choices=FigureKind.choices,
        default=FigureKind.ANNUAL,
        help_text="A yearly amount, a total over several years, one deal, or a count.",
    )
    item = models.CharField(
        max_length=200,
        blank=True,
        default="",
        help_text="For a deal: what was bought (JF-17 fighters, Barak MX air defence).",
    )
    deal = models.ForeignKey(
        "articles.Deal",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="claims",
        help_text="For a deal: the deal an editor says this claim reports. Without one, "
        "reports with the same buyer, seller and item a year or so apart are taken as one.",
        db_index=False,  # a partial index in Meta: most claims have none
    )
    scope = models.ForeignKey(
        "articles.Scope",
        to_field="slug",
        db_column="scope",
        on_delete=models.PROTECT,
        default="unspecified",
        related_name="claims",
        help_text="What the amount counts (the defence ministry only, SIPRI's definition...).",
        db_index=False,  # a plain index in Meta, without the LIKE-only one db_index adds
    )
    value = money_field()
    low = money_field()
    high = money_field()
    qualifier = models.CharField(max_length=20, choices=Qualifier.choices, default=Qualifier.EXACT)
    currency = models.CharField(
        max_length=3, blank=True, default="", help_text="ISO 4217 code for money."
    )
    unit = models.CharField(
        max_length=100, blank=True, default="", help_text="What is counted (tanks, soldiers)."
    )
    period_start = models.SmallIntegerField(null=True, blank=True)
    period_end = models.SmallIntegerField(null=True, blank=True)
    converted_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="conversions",
        help_text="The article's own conversion: this claim restates that one in another "
        "currency (“5.3 billion manats (US$3.1 billion)”).",
        db_index=False,  # a partial index in Meta: most claims are no conversion
    )
    # A reviewer's cited rate for this claim, used instead of the year's average.
    usd_rate = models.DecimalField(
        max_digits=24,
        decimal_places=10,
        null=True,
        blank=True,
        help_text="Units of the claim's currency per US dollar, as the cited source gives it.",
    )
    usd_rate_year = models.SmallIntegerField(null=True, blank=True)
    usd_rate_source = models.CharField(
        max_length=500, blank=True, default="", help_text="Where the rate comes from."
    )
    attribution = NameField(max_length=300, blank=True, default="")

    origin = models.CharField(
        max_length=10, choices=ClaimOrigin.choices, default=ClaimOrigin.MANUAL
    )
    confidence = models.FloatField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=ClaimStatus.choices, default=ClaimStatus.DRAFT)
    note = models.TextField(blank=True, default="")
    withdrawal_reason = models.CharField(
        max_length=20, choices=WithdrawalReason.choices, blank=True, default=""
    )
    withdrawal_note = models.TextField(
        blank=True, default="", help_text="The public correction: what was wrong and why."
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    version = models.PositiveIntegerField(default=1)
    figure = models.ForeignKey(
        "articles.Figure",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="claims",
    )
    # Shown with a claim, never searched by: no index to keep up on every claim write
    # (only deleting a user, which is rare, scans for them).
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # The figure a claim falls under is derived by the reconciler, not an edit.
    history = HistoricalRecords(excluded_fields=["figure"])
    objects = ClaimQuerySet.as_manager()

    class Meta:
        ordering = ["article_id", "start", "id"]
        permissions = [("verify_claim", "Can verify, dispute or falsify claims")]
        indexes = [
            *list_order_indexes("claim", "updated_at", "created_at"),
            models.Index(fields=["period_start", "period_end"], name="claim_period_idx"),
            models.Index(fields=["subject", "metric"], name="claim_subject_metric_idx"),
            # Plain indexes: db_index on a CharField would add a second, LIKE-only index
            # that no query uses and every write pays for.
            models.Index(fields=["status"], name="claim_status_idx"),
            models.Index(fields=["origin"], name="claim_origin_idx"),
            models.Index(fields=["scope"], name="claim_scope_idx"),
            # Links most claims leave empty are indexed only where set: every write of a
            # claim (a full reconcile moves 100,000 of them) pays for each index it is in.
            *(
                models.Index(
                    fields=[link],
                    name=f"claim_{link}_idx",
                    condition=Q(**{f"{link}__isnull": False}),
                )
                for link in ("counterparty", "deal", "converted_from")
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(start__lt=F("end")),
                name="claim_start_lt_end",
                violation_error_message=REVERSED_OFFSETS,
            ),
            *value_bounds_constraints("claim"),
            models.CheckConstraint(
                condition=Q(confidence__isnull=True)
                | (Q(confidence__gte=0) & Q(confidence__lte=1)),
                name="claim_confidence_in_unit_interval",
                violation_error_message="Confidence is a fraction from 0 to 1.",
            ),
            models.CheckConstraint(
                condition=Q(currency="") | Q(currency__regex=r"^[A-Z]{3}$"),
                name="claim_currency_iso4217",
                violation_error_message=CURRENCY_CODE,
            ),
            models.CheckConstraint(
                condition=(
                    Q(usd_rate__isnull=True) & Q(usd_rate_source="") & Q(usd_rate_year__isnull=True)
                )
                | (Q(usd_rate__gt=0) & ~Q(usd_rate_source="")),
                name="claim_cited_rate_has_source",
                violation_error_message=CITED_RATE,
            ),
            models.CheckConstraint(
                condition=Q(version__gte=1),
                name="claim_version_positive",
                violation_error_message="A claim's version starts at 1.",
            ),
            # A withdrawal always says why; nothing else carries a withdrawal reason.
            models.CheckConstraint(
                condition=(Q(status=ClaimStatus.WITHDRAWN) & ~Q(withdrawal_reason=""))
                | (~Q(status=ClaimStatus.WITHDRAWN) & Q(withdrawal_reason="")),
                name="claim_withdrawal_has_reason",
                violation_error_message="A withdrawn claim needs a withdrawal reason, and only "
                "a withdrawn claim has one.",
            ),
            # Extraction is re-runnable: one suggestion per passage, ever.
            models.UniqueConstraint(
                fields=["article", "start", "end"],
                condition=Q(origin="extracted"),
                name="claim_unique_extracted_span",
                violation_error_message="Extraction already suggested a claim on these exact "
                "words of the article.",
            ),
        ]

    def __str__(self) -> str:
        return self.quote[:80]

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Refusing a misplaced quote is validation, not a side effect: no claim may point
        # at words the article does not contain, whichever path saves it.
        if self.anchored:
            error = self.anchor_error(self.article.body)
            if error:
                raise QuoteMismatch(error)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("claim-detail", kwargs={"pk": self.pk})

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_STATUSES

    @property
    def is_withdrawn(self) -> bool:
        return self.status == ClaimStatus.WITHDRAWN

    @property
    def in_usd(self) -> Conversion | None:
        """The amount in US dollars: at the reviewer's cited rate, else the year's average."""
        amount = self.value if self.value is not None else (self.low or self.high)
        cited = (
            CitedRate(self.usd_rate, self.usd_rate_year, self.usd_rate_source)
            if self.usd_rate
            else None
        )
        return claim_usd(amount, self.currency, self.period_start, self.period_end, cited=cited)

    @property
    def key_unit(self) -> str:
        """The unit part of a figure key: the currency for money, the counted noun otherwise."""
        return self.currency or self.unit

    def anchor_error(self, body: str) -> str | None:
        """Why the quote does not stand at its offsets in ``body``, or None when it does."""
        if self.start is None or self.end is None:
            return "a claim needs start and end offsets"
        if not 0 <= self.start < self.end <= len(body):
            return (
                f"offsets {self.start}:{self.end} fall outside the article body "
                f"({len(body)} characters)"
            )
        found = body[self.start : self.end]
        if found != self.quote:
            return (
                f"the quote does not match the article at {self.start}:{self.end}: "
                f"the body has {found[:60]!r}, the claim says {self.quote[:60]!r}"
            )
        return None

    def clean(self) -> None:
        super().clean()
        if self.start is not None and self.end is not None and self.start >= self.end:
            # Said before the anchor check, whose "outside the article body" would misname it.
            raise ValidationError({"end": REVERSED_OFFSETS})
        if self.article_id is not None and self.anchored:
            error = self.anchor_error(self.article.body)
            if error:
                raise ValidationError({"quote": error})
        for field in ("value", "low", "high"):
            amount = getattr(self, field)
            if isinstance(amount, Decimal) and amount < 0:
                raise ValidationError({field: NEGATIVE_VALUES})
        self._clean_links()

    def _clean_links(self) -> None:
        """A conversion restates a claim of its own article; a deal is bought by the subject."""
        source = self.converted_from
        if source is not None:
            if source.pk == self.pk or source.article_id != self.article_id:
                raise ValidationError(
                    {"converted_from": "A conversion restates another claim of the same article."}
                )
            if source.converted_from_id is not None:
                raise ValidationError(
                    {"converted_from": "That claim is itself a conversion: link the original."}
                )
        deal = self.deal
        if deal is not None:
            if self.kind != FigureKind.TRANSACTION:
                raise ValidationError({"deal": "Only a deal or delivery can belong to a deal."})
            if self.subject_id is not None and deal.buyer_id != self.subject_id:
                raise ValidationError(
                    {"deal": f"The deal's buyer is {deal.buyer}, not this claim's subject."}
                )
