"""Who and what figures are about: entities (countries, organisations, people) and metrics."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.urls import reverse

from .fields import NameField, NameListField
from .indexes import list_order_indexes


class EntityKind(models.TextChoices):
    COUNTRY = "country", "Country"
    ORGANISATION = "organisation", "Organisation"
    PERSON = "person", "Person"


class EntityQuerySet(models.QuerySet["Entity"]):
    def countries(self) -> EntityQuerySet:
        return self.filter(kind=EntityKind.COUNTRY)


class Entity(models.Model):
    """A country, organisation or person that figures are about or attributed to."""

    name = NameField(max_length=200, unique=True, help_text="Canonical name.")
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=EntityKind.choices, db_index=True)
    aliases = NameListField(
        default=list,
        blank=True,
        help_text="Other names, demonyms and metonyms (Baku, Azerbaijani, Azeri).",
    )
    wikidata_qid = models.CharField("Wikidata QID", max_length=20, blank=True, default="")
    description = models.TextField(blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EntityQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "entities"
        indexes = list_order_indexes("entity", "updated_at", "created_at")
        constraints = [
            models.UniqueConstraint(
                fields=["wikidata_qid"],
                condition=~Q(wikidata_qid=""),
                name="entity_unique_wikidata_qid",
                violation_error_message="Another entity already has this Wikidata QID.",
            ),
            models.CheckConstraint(
                condition=Q(wikidata_qid="") | Q(wikidata_qid__regex=r"^Q[1-9][0-9]*$"),
                name="entity_wikidata_qid_format",
                violation_error_message="A Wikidata QID is Q followed by digits, such as Q227.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("entity-detail", kwargs={"slug": self.slug})


class UnitKind(models.TextChoices):
    CURRENCY = "currency", "Currency"
    COUNT = "count", "Count"
    PERCENT = "percent", "Percent"


class Metric(models.Model):
    """What a figure measures (military expenditure, arms imports, ...)."""

    slug = models.SlugField(max_length=100, unique=True)
    name = NameField(max_length=200, unique=True)
    unit_kind = models.CharField(max_length=20, choices=UnitKind.choices)
    description = models.TextField(blank=True, default="")
    signal_words = models.JSONField(
        default=list, blank=True, help_text="Words near a number that signal this metric."
    )
    tolerance = models.DecimalField(
        max_digits=5,
        decimal_places=4,
        null=True,
        blank=True,
        help_text="Relative difference beyond which two values conflict; empty uses the setting.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        indexes = list_order_indexes("metric", "updated_at", "created_at")
        constraints = [
            models.CheckConstraint(
                condition=Q(tolerance__isnull=True)
                | (Q(tolerance__gte=Decimal(0)) & Q(tolerance__lt=Decimal(1))),
                name="metric_tolerance_fraction",
                violation_error_message="The tolerance is a fraction from 0 up to 1, such as "
                "0.05 for 5 %.",
            ),
        ]

    def __str__(self) -> str:
        return self.name


# Claims whose scope nobody has stated yet; every claim starts here.
UNSPECIFIED_SCOPE = "unspecified"


class Scope(models.Model):
    """What a figure counts, from a vocabulary admins extend: the defence ministry's line
    only, with internal security and law enforcement, with military pensions, the adopted,
    revised or executed budget, SIPRI's definition.

    Sources that count different things disagree without either being wrong: claims of
    different scopes are never one figure, and where their values differ the record says
    it is a difference of scope.
    """

    slug = models.SlugField(max_length=60, unique=True)
    name = NameField(max_length=200, unique=True)
    description = models.TextField(blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
