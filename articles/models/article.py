"""Outlets and the articles they published, kept as cleaned text beside the untouched input."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from .fields import NameField
from .indexes import list_order_indexes


class PublicationKind(models.TextChoices):
    NEWS = "news", "News outlet"
    WIRE = "wire", "Wire service"
    THINK_TANK = "think_tank", "Think tank"
    GOVERNMENT = "government", "Government"
    NGO = "ngo", "NGO"


class TextLicence(models.TextChoices):
    # A newsroom may quote another outlet to support a claim; it may not republish it.
    QUOTE_ONLY = "quote_only", "Quote only: passages around public claims"
    FULL_TEXT = "full_text", "Full text may be republished"


class Publication(models.Model):
    """An outlet: a newspaper, wire, think tank, government body or NGO."""

    name = NameField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    homepage = models.URLField(max_length=500, blank=True, default="")
    country = models.ForeignKey(
        "articles.Entity",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="publications",
        limit_choices_to={"kind": "country"},
    )
    kind = models.CharField(
        max_length=20, choices=PublicationKind.choices, default=PublicationKind.NEWS
    )
    text_licence = models.CharField(
        max_length=20,
        choices=TextLicence.choices,
        default=TextLicence.QUOTE_ONLY,
        help_text="What the public may read of this outlet's articles here. Staff always see "
        "the full text.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        indexes = list_order_indexes("publication", "updated_at", "created_at")

    def __str__(self) -> str:
        return self.name

    @property
    def full_text_public(self) -> bool:
        return self.text_licence == TextLicence.FULL_TEXT


class DatePrecision(models.TextChoices):
    DAY = "day", "Day"
    MONTH = "month", "Month"
    YEAR = "year", "Year"
    UNKNOWN = "unknown", "Unknown"


class SourceFormat(models.TextChoices):
    TXT = "txt", "Plain text"
    MD = "md", "Markdown"
    HTML = "html", "HTML"
    JSON = "json", "JSON"
    JSONL = "jsonl", "JSON lines"
    CSV = "csv", "CSV"


class ArticleQuerySet(models.QuerySet["Article"]):
    def with_listing(self) -> ArticleQuerySet:
        # Lists show the outlet beside each article: join it instead of a query per row.
        return self.select_related("publication")


class Article(models.Model):
    """One imported article: the cleaned body claims anchor into, and what was removed."""

    publication = models.ForeignKey(
        Publication, on_delete=models.PROTECT, null=True, blank=True, related_name="articles"
    )
    title = NameField(max_length=500, blank=True, default="")
    byline = NameField(max_length=300, blank=True, default="")
    published_on = models.DateField(null=True, blank=True, db_index=True)
    published_precision = models.CharField(
        max_length=10, choices=DatePrecision.choices, default=DatePrecision.UNKNOWN
    )
    url = models.URLField("canonical URL", max_length=2000, blank=True, default="")
    language = models.CharField(
        max_length=16,
        blank=True,
        default="",
        help_text="ISO 639-1 code (“en”, “hy”): as the source gave it, else detected from the "
        "text at import; blank when unknown or too short to tell.",
    )
    standfirst = models.TextField(blank=True, default="")
    body = models.TextField(help_text="Cleaned text; paragraphs separated by blank lines.")
    raw = models.TextField(help_text="The untouched input, as decoded.")
    source_format = models.CharField(max_length=10, choices=SourceFormat.choices)
    source_name = models.CharField(max_length=1000, blank=True, default="")
    encoding = models.CharField(max_length=40, blank=True, default="")
    content_hash = models.CharField(max_length=64, unique=True)
    captions = models.JSONField(default=list, blank=True)
    removed = models.JSONField(
        default=list,
        blank=True,
        help_text="What the cleaner removed, each with its reason: nothing is silently lost.",
    )
    import_run = models.ForeignKey(
        "articles.ImportRun",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="articles",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_on", "-id"]
        indexes = list_order_indexes("article", "updated_at", "created_at")
        constraints = [
            models.UniqueConstraint(
                fields=["url"],
                condition=~Q(url=""),
                name="article_unique_url_when_known",
                violation_error_message="Another article already has this canonical URL.",
            ),
            models.CheckConstraint(
                condition=(
                    Q(published_on__isnull=True, published_precision=DatePrecision.UNKNOWN)
                    | (
                        Q(published_on__isnull=False)
                        & ~Q(published_precision=DatePrecision.UNKNOWN)
                    )
                ),
                name="article_date_precision_matches_date",
                violation_error_message="A dated article needs the precision of its date (day, "
                "month or year), and an undated one the precision “unknown”.",
            ),
        ]

    def __str__(self) -> str:
        return self.title or f"Article {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("article-detail", kwargs={"pk": self.pk})

    @property
    def published_display(self) -> str:
        """The date only as precisely as the article gave it."""
        if self.published_on is None:
            return "undated"
        if self.published_precision == DatePrecision.YEAR:
            return f"{self.published_on:%Y}"
        if self.published_precision == DatePrecision.MONTH:
            return f"{self.published_on:%B %Y}"
        return f"{self.published_on:%-d %B %Y}"
