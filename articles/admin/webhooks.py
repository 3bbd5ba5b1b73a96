"""Admin for webhooks: subscribe a URL to kinds of change, see its secret and every attempt.

Saving and the actions (pause, resume, new secret) call the ``webhook_subscriptions``
services; deliveries are a read-only log. A paused subscription says why on its page and
at the top of the list, so a receiver that kept failing is noticed.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from articles.models import ChangeKind, WebhookDelivery, WebhookSubscription
from articles.services.webhook_subscriptions import (
    webhook_change,
    webhook_pause,
    webhook_resume,
    webhook_secret_rotate,
    webhook_subscribe,
)

# Attempts shown on a subscription's page; the full log is one link away.
RECENT_DELIVERIES = 20


class WebhookSubscriptionForm(forms.ModelForm):
    url = forms.URLField(
        max_length=2000,
        assume_scheme="https",
        help_text="Where events are POSTed (http or https; redirects are not followed).",
    )
    kinds = forms.MultipleChoiceField(
        choices=ChangeKind.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="The kinds of change this URL is sent.",
    )

    class Meta:
        model = WebhookSubscription
        fields = ["label", "url", "kinds"]


# What the site keeps about a subscription's deliveries: shown, never edited.
DELIVERY_FIELDS = (
    "state",
    "consecutive_failures",
    "paused_reason",
    "paused_at",
    "created_by",
    "created_at",
    "recent_deliveries",
)


@admin.register(WebhookSubscription)
class WebhookSubscriptionAdmin(admin.ModelAdmin):
    form = WebhookSubscriptionForm
    list_display = ("label", "url", "kinds_listed", "state", "consecutive_failures", "created_at")
    list_filter = ("active",)
    search_fields = ("label", "url")
    actions = ("pause_selected", "resume_selected", "rotate_secrets")

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ()
        return ("secret", *DELIVERY_FIELDS)

    def get_fieldsets(self, request, obj=None):
        fieldsets: list[tuple[str | None, dict[str, Any]]] = [
            (None, {"fields": ("label", "url", "kinds")})
        ]
        if obj is not None:
            fieldsets += [
                (
                    "Signing",
                    {
                        "fields": ("secret",),
                        "description": "Give the receiver this secret: every delivery is "
                        "signed with it (X-Factcheck-Signature, see the README). “Rotate "
                        "the secret” in the list replaces it.",
                    },
                ),
                (
                    "Deliveries",
                    {"fields": DELIVERY_FIELDS},
                ),
            ]
        return fieldsets

    @admin.display(description="kinds")
    def kinds_listed(self, subscription: WebhookSubscription) -> str:
        return ", ".join(subscription.kinds)

    @admin.display(description="state")
    def state(self, subscription: WebhookSubscription) -> str:
        return "active" if subscription.active else "paused"

    @admin.display(description="latest attempts")
    def recent_deliveries(self, subscription: WebhookSubscription) -> str:
        attempts = subscription.deliveries.select_related("event").order_by("-id")[
            :RECENT_DELIVERIES
        ]
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{} {} {}</td><td>{}</td><td>{}</td><td>{} ms</td><td>{}</td></tr>",
            (
                (
                    f"{d.attempted_at:%Y-%m-%d %H:%M:%S}",
                    d.event.kind,
                    d.event.object_type,
                    d.event.object_id,
                    d.attempt,
                    d.status_code or "—",
                    d.duration_ms,
                    "delivered" if d.succeeded else d.error,
                )
                for d in attempts
            ),
        )
        log = reverse("admin:articles_webhookdelivery_changelist")
        return format_html(
            "<table><tr><th>when</th><th>event</th><th>attempt</th><th>status</th>"
            "<th>took</th><th>outcome</th></tr>{}</table>"
            '<p><a href="{}?subscription__id__exact={}">Every attempt</a></p>',
            rows or format_html('<tr><td colspan="6">{}</td></tr>', "None yet."),
            log,
            subscription.pk,
        )

    def changelist_view(self, request, extra_context=None):
        # The notice a subscription that kept failing leaves: on every visit until resumed.
        for paused in WebhookSubscription.objects.filter(active=False).exclude(paused_reason=""):
            self.message_user(
                request, f"“{paused}” is paused: {paused.paused_reason}", messages.WARNING
            )
        return super().changelist_view(request, extra_context)

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if change:
            changes = {name: data[name] for name in form.changed_data}
            saved = webhook_change(actor=request.user, subscription=obj, changes=changes)
        else:
            saved = webhook_subscribe(
                actor=request.user, url=data["url"], kinds=data["kinds"], label=data["label"]
            )
        obj.pk = saved.pk
        obj._state.adding = False

    @admin.action(description="Pause selected webhooks", permissions=["change"])
    def pause_selected(self, request: HttpRequest, queryset: QuerySet[WebhookSubscription]) -> None:
        for subscription in queryset.filter(active=True):
            webhook_pause(
                actor=request.user, subscription=subscription, reason=f"paused by {request.user}"
            )
        self.message_user(request, "Paused; nothing is sent to them until they are resumed.")

    @admin.action(description="Resume selected webhooks", permissions=["change"])
    def resume_selected(
        self, request: HttpRequest, queryset: QuerySet[WebhookSubscription]
    ) -> None:
        for subscription in queryset.filter(active=False):
            webhook_resume(actor=request.user, subscription=subscription)
        self.message_user(
            request,
            "Resumed from the next event on; the receiver catches up on what it missed from "
            "the change feed.",
        )

    @admin.action(description="Rotate the secret of selected webhooks", permissions=["change"])
    def rotate_secrets(self, request: HttpRequest, queryset: QuerySet[WebhookSubscription]) -> None:
        for subscription in queryset:
            webhook_secret_rotate(actor=request.user, subscription=subscription)
        self.message_user(request, "New secrets: give them to the receivers.", messages.WARNING)


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    """Every attempt to deliver an event: read only, written by the deliveries themselves."""

    list_display = (
        "attempted_at",
        "subscription",
        "event_kind",
        "attempt",
        "succeeded",
        "status_code",
        "duration_ms",
        "error",
    )
    list_filter = ("succeeded", "subscription")
    list_select_related = ("subscription", "event")

    @admin.display(description="event")
    def event_kind(self, delivery: WebhookDelivery) -> str:
        event = delivery.event
        return f"{event.kind} {event.object_type} {event.object_id}"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
