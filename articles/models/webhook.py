"""Webhooks: a URL told of chosen kinds of change, and the log of every attempt to tell it.

A subscription names a URL and the event kinds it wants (``ChangeKind`` values), and holds
the secret its deliveries are signed with (``articles.webhook_signing``). One that keeps
failing is paused, with the reason, until someone resumes it. Each attempt to deliver an
event is one ``WebhookDelivery`` row: what was answered, how long it took, which attempt.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from .change import ChangeEvent, ChangeKind


def new_secret() -> str:
    """256 random bits, as hex: what HMAC-SHA256 can use in full."""
    return secrets.token_hex(32)


def validate_kinds(value: object) -> None:
    if not isinstance(value, list) or not value:
        raise ValidationError("Choose at least one kind of change.")
    unknown = sorted(set(map(str, value)) - set(ChangeKind.values))
    if unknown:
        raise ValidationError(f"Unknown kinds of change: {', '.join(unknown)}.")


class WebhookSubscription(models.Model):
    """A URL that is sent the events of the kinds it chose, signed with its own secret."""

    label = models.CharField(
        max_length=200, blank=True, default="", help_text="Who receives it, for the desk."
    )
    url = models.URLField(
        max_length=2000, help_text="Where events are POSTed (http or https; no redirects)."
    )
    kinds = models.JSONField(
        validators=[validate_kinds], help_text="The kinds of change it is sent."
    )
    secret = models.CharField(
        max_length=64,
        default=new_secret,
        help_text="Signs every delivery (HMAC-SHA256); the receiver checks it with this.",
    )
    active = models.BooleanField(default=True, help_text="Off: paused, nothing is sent.")
    consecutive_failures = models.PositiveIntegerField(
        default=0, help_text="Events in a row that could not be delivered in any attempt."
    )
    paused_reason = models.TextField(blank=True, default="")
    paused_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # The secret stays out of history: a copy in every historical row would outlive a rotation.
    history = HistoricalRecords(excluded_fields=["secret", "consecutive_failures"])

    class Meta:
        ordering = ["label", "id"]

    def __str__(self) -> str:
        return self.label or self.url

    def wants(self, kind: str) -> bool:
        return kind in self.kinds


class WebhookDelivery(models.Model):
    """One attempt to deliver one event to one subscription, and how it went."""

    subscription = models.ForeignKey(
        WebhookSubscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    event = models.ForeignKey(ChangeEvent, on_delete=models.PROTECT, related_name="+")
    attempt = models.PositiveSmallIntegerField(help_text="1 for the first try, then each retry.")
    succeeded = models.BooleanField()
    status_code = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="The receiver's HTTP status; empty when none came."
    )
    error = models.TextField(blank=True, default="", help_text="What went wrong, if anything.")
    duration_ms = models.PositiveIntegerField(help_text="From sending to the answer (or error).")
    attempted_at = models.DateTimeField()

    class Meta:
        ordering = ["-id"]
        verbose_name_plural = "webhook deliveries"
        indexes = [
            # A subscription's latest attempts (the admin), and "was this event delivered?".
            models.Index(fields=["subscription", "event", "succeeded"], name="delivery_event_idx"),
        ]

    def __str__(self) -> str:
        outcome = "delivered" if self.succeeded else "failed"
        return f"{self.event_id} to {self.subscription_id}, attempt {self.attempt}: {outcome}"
