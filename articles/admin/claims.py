"""Admin for claims: edits go through ``claim_update`` with the version the editor read, and
status changes through the workflow actions, so nothing here bypasses the service layer.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from simple_history.admin import SimpleHistoryAdmin

from articles.errors import FactcheckError
from articles.models import Claim, ClaimSource, ClaimStatus
from articles.services.claim_edit import EDITABLE_FIELDS, claim_create, claim_update
from articles.services.claim_workflow import (
    TRANSITIONS,
    VERBS,
    claims_transition,
)


class ClaimForm(forms.ModelForm):
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Claim
        fields = [
            "article",
            "quote",
            "start",
            "end",
            "subject",
            "counterparty",
            "metric",
            "value",
            "low",
            "high",
            "qualifier",
            "currency",
            "unit",
            "period_start",
            "period_end",
            "attribution",
            "note",
        ]

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["expected_version"].initial = self.instance.version
            self.fields["article"].disabled = True

    def clean(self):  # type: ignore[no-untyped-def]
        cleaned = super().clean()
        expected = cleaned.get("expected_version")
        if self.instance.pk and expected is not None and expected != self.instance.version:
            raise ValidationError(
                f"Someone else saved this claim after you opened it (you edited version "
                f"{expected}, it is now version {self.instance.version}). Your changes were "
                "not saved: reload the page and apply them again."
            )
        return cleaned


class ClaimSourceInline(admin.TabularInline):
    model = ClaimSource
    extra = 0
    autocomplete_fields = ("source",)
    fields = ("source", "stance", "value", "currency", "note")


def workflow_action(to_status: str):  # type: ignore[no-untyped-def]
    perm = TRANSITIONS[to_status][1].split(".", 1)[1]

    def action(modeladmin, request, queryset):  # type: ignore[no-untyped-def]
        try:
            outcome = claims_transition(actor=request.user, claims=queryset, to_status=to_status)
        except FactcheckError as exc:
            modeladmin.message_user(request, str(exc), messages.ERROR)
            return
        if outcome.changed:
            modeladmin.message_user(
                request, f"{len(outcome.changed)} claim(s): {VERBS[to_status]} done."
            )
        for pk, reason in outcome.skipped.items():
            modeladmin.message_user(request, f"Claim {pk} skipped: {reason}", messages.WARNING)

    action.__name__ = f"make_{to_status}"
    action.short_description = f"{VERBS[to_status].capitalize()} selected claims"
    action.allowed_permissions = ("verify",) if perm == "verify_claim" else ("change",)
    return action


@admin.register(Claim)
class ClaimAdmin(SimpleHistoryAdmin):
    form = ClaimForm
    list_display = (
        "short_quote",
        "status",
        "origin",
        "subject",
        "metric",
        "value",
        "currency",
        "unit",
        "period_start",
        "period_end",
        "confidence",
        "article",
        "updated_at",
    )
    list_filter = ("status", "origin", "metric", "subject", "qualifier")
    list_select_related = ("subject", "metric", "article")
    search_fields = ("quote", "attribution", "article__title")
    autocomplete_fields = ("article", "subject", "counterparty", "metric")
    readonly_fields = ("status", "origin", "confidence", "version", "figure", "prefix", "suffix")
    ordering = ("-updated_at",)
    inlines = [ClaimSourceInline]
    actions = [workflow_action(status) for status in TRANSITIONS]

    @admin.display(description="quote", ordering="quote")
    def short_quote(self, obj: Claim) -> str:
        return obj.quote if len(obj.quote) <= 80 else obj.quote[:79] + "…"

    def has_verify_permission(self, request) -> bool:  # type: ignore[no-untyped-def]
        return request.user.has_perm("articles.verify_claim")

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        # Claims are rejected, never deleted.
        return False

    def save_model(self, request, obj, form, change):  # type: ignore[no-untyped-def]
        data = form.cleaned_data
        try:
            if change:
                changes = {f: data[f] for f in form.changed_data if f in EDITABLE_FIELDS}
                saved = claim_update(
                    actor=request.user,
                    claim=obj,
                    changes=changes,
                    expected_version=data.get("expected_version"),
                )
            else:
                anchor = {"article", "start", "end", "quote"}
                fields = {f: data[f] for f in form.Meta.fields if f not in anchor}
                saved = claim_create(
                    actor=request.user,
                    article=data["article"],
                    start=data["start"],
                    end=data["end"],
                    quote=data["quote"],
                    status=ClaimStatus.DRAFT,
                    **fields,
                )
        except (FactcheckError, ValidationError) as exc:
            # Surface the refusal on the form instead of a 500; nothing was written.
            raise _Refused(str(exc)) from exc
        obj.pk = saved.pk
        obj.version = saved.version

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):  # type: ignore[no-untyped-def]
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except _Refused as exc:
            self.message_user(request, f"Not saved: {exc}", messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())


class _Refused(Exception):
    """A save the service refused; shown to the editor as a message."""
