"""Deals: one purchase, contract or delivery, which several articles may report.

Transactions are compared only with reports of the same deal. The reconciler finds most of
them itself (same buyer, seller and item within a few years); a deal recorded here is an
editor's word that the claims linked to it are about one deal, whatever their spelling of
the item or the year they give.
"""

from __future__ import annotations

from django.db import models
from simple_history.models import HistoricalRecords

from .fields import NameField


class Deal(models.Model):
    name = NameField(max_length=200, help_text="How editors know it: “JF-17 Block-III contract”.")
    buyer = models.ForeignKey(
        "articles.Entity", on_delete=models.PROTECT, related_name="deals_bought"
    )
    seller = models.ForeignKey(
        "articles.Entity",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="deals_sold",
    )
    item = models.CharField(max_length=200, blank=True, default="", help_text="What was bought.")
    signed_year = models.SmallIntegerField(null=True, blank=True)
    note = models.TextField(blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["buyer_id", "-signed_year", "name"]

    def __str__(self) -> str:
        return self.name
