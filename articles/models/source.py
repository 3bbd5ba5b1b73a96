"""Evidence outside the article, and how each piece bears on a claim."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from .claim import CURRENCY_CODE, NEGATIVE_VALUES, money_field
from .fields import NameField
from .indexes import list_order_indexes


class SourceKind(models.TextChoices):
    DATASET = "dataset", "Dataset"
    OFFICIAL_STATEMENT = "official_statement", "Official statement"
    REPORT = "report", "Report"
    NEWS = "news", "News"
    INTERVIEW = "interview", "Interview"
    OTHER = "other", "Other"


class Source(models.Model):
    """A document, dataset or statement that supports or contradicts claims."""

    title = NameField(max_length=500)
    url = models.URLField(max_length=2000, blank=True, default="")
    publisher = NameField(max_length=300, blank=True, default="")
    kind = models.CharField(max_length=20, choices=SourceKind.choices, default=SourceKind.REPORT)
    published_on = models.DateField(null=True, blank=True)
    accessed_on = models.DateField(null=True, blank=True)
    archived_url = models.URLField(max_length=2000, blank=True, default="")
    excerpt = models.TextField(blank=True, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["title", "id"]
        indexes = list_order_indexes("source", "updated_at", "created_at")

    def __str__(self) -> str:
        return self.title


class Stance(models.TextChoices):
    SUPPORTS = "supports", "Supports"
    CONTRADICTS = "contradicts", "Contradicts"
    CONTEXT = "context", "Context"


class ClaimSource(models.Model):
    """A source attached to a claim, with its stance and the value the source itself gives."""

    claim = models.ForeignKey(
        "articles.Claim", on_delete=models.PROTECT, related_name="claim_sources"
    )
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="claim_sources")
    stance = models.CharField(max_length=20, choices=Stance.choices, default=Stance.SUPPORTS)
    value = money_field(help_text="The value the source gives, if it gives one.")
    currency = models.CharField(max_length=3, blank=True, default="")
    note = models.TextField(blank=True, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["claim", "source"],
                name="claimsource_unique_pair",
                violation_error_message="This source is already attached to the claim.",
            ),
            models.CheckConstraint(
                condition=Q(value__isnull=True) | Q(value__gte=0),
                name="claimsource_value_not_negative",
                violation_error_message=NEGATIVE_VALUES,
            ),
            models.CheckConstraint(
                condition=Q(currency="") | Q(currency__regex=r"^[A-Z]{3}$"),
                name="claimsource_currency_iso4217",
                violation_error_message=CURRENCY_CODE,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.get_stance_display().lower()} claim {self.claim_id}"
