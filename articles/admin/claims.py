"""Admin for claims: edits go through ``claim_update`` with the version the editor read, and
status changes through the workflow actions, so nothing here bypasses the service layer.

A claim added from a text selection arrives with its article and offsets; the quote and its
context are taken from the body on the server, and the structured value is pre-filled from
the extractor when the selection covers a figure.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from simple_history.admin import SimpleHistoryAdmin

from articles.errors import FactcheckError
from articles.models import (
    PUBLIC_STATUSES,
    UNSPECIFIED_SCOPE,
    Article,
    Claim,
    ClaimSource,
    ClaimStatus,
    ConflictFlag,
    FigureKind,
    FlagState,
    Scope,
    WithdrawalReason,
)
from articles.pages.amounts import claim_amount
from articles.services.actors import history_author
from articles.services.claim_edit import (
    EDITABLE_FIELDS,
    VALUE_FIELDS,
    claim_create,
    claim_update,
)
from articles.services.claim_rate import REVIEWER_PERM as RATE_PERM
from articles.services.claim_rate import claim_rate_cite
from articles.services.claim_withdraw import WITHDRAW_PERM, claim_withdraw
from articles.services.claim_workflow import TRANSITIONS, VERBS, claims_transition
from articles.services.claims_extract import claim_guess
from articles.services.flag_text import format_amount, period_label
from articles.services.sources import claim_source_attach, claim_source_detach


def describe_changes(claim: Claim, since_version: int) -> str:
    """What changed on ``claim`` since ``since_version``, and who changed it."""
    old = claim.history.filter(version=since_version).order_by("-history_id").first()
    latest = claim.history.order_by("-history_id").first()
    if old is None or latest is None:
        return ""
    changes = []
    for field in ["status", "quote", *VALUE_FIELDS]:
        before, after = getattr(old, f"{field}_id", None), getattr(latest, f"{field}_id", None)
        if before is None and after is None:
            before, after = getattr(old, field, None), getattr(latest, field, None)
        if before != after:
            changes.append(f"{field.replace('_', ' ')}: {before or '—'} → {after or '—'}")
    who = history_author(latest.history_user, latest.history_change_reason)
    return f"Changed by {who}: " + "; ".join(changes) if changes else f"Saved again by {who}."


class ClaimForm(forms.ModelForm):
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Claim
        fields = ["article", "quote", "start", "end", *VALUE_FIELDS]
        widgets = {"quote": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["expected_version"].initial = self.instance.version
            self.fields["article"].disabled = True
        # A form that leaves the kind or scope out keeps the claim's (or the default).
        self.fields["kind"].required = False
        self.fields["scope"].required = False

    def clean_kind(self) -> str:
        return self.cleaned_data.get("kind") or self.instance.kind or FigureKind.ANNUAL

    def clean_scope(self) -> Scope:
        chosen = self.cleaned_data.get("scope")
        if chosen is not None:
            return chosen
        return Scope.objects.get(slug=self.instance.scope_id or UNSPECIFIED_SCOPE)

    def clean(self):
        cleaned = super().clean()
        expected = cleaned.get("expected_version")
        if self.instance.pk and expected is not None and expected != self.instance.version:
            raise ValidationError(
                f"Someone else saved this claim after you opened it (you edited version "
                f"{expected}, it is now version {self.instance.version}). Your changes were "
                f"not saved: reload the page and apply them again. "
                f"{describe_changes(self.instance, expected)}"
            )
        return cleaned


class WithdrawForm(forms.Form):
    reason = forms.ChoiceField(choices=WithdrawalReason.choices)
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="The correction readers will see at the claim's address: what was wrong.",
    )
    expected_version = forms.IntegerField(widget=forms.HiddenInput)


class CiteRateForm(forms.Form):
    rate = forms.DecimalField(
        max_digits=24,
        decimal_places=10,
        required=False,
        min_value=0,
        help_text="Units of the claim's currency per US dollar. Leave empty to go back to the "
        "year's average rate.",
    )
    year = forms.IntegerField(min_value=1800, max_value=2200, required=False)
    source = forms.CharField(
        max_length=500,
        required=False,
        help_text="Where the rate comes from: the central bank's rate of the signing day, the "
        "budget law's assumption, with a link.",
    )
    expected_version = forms.IntegerField(widget=forms.HiddenInput)


class ClaimSourceInline(admin.TabularInline):
    model = ClaimSource
    extra = 1
    formfield_overrides = {models.TextField: {"widget": forms.TextInput(attrs={"size": 40})}}
    autocomplete_fields = ("source",)
    fields = ("source", "stance", "value", "currency", "note")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("source")


def workflow_action(to_status: str):
    perm = TRANSITIONS[to_status][1].split(".", 1)[1]

    def action(modeladmin, request, queryset):
        try:
            outcome = claims_transition(actor=request.user, claims=queryset, to_status=to_status)
        except FactcheckError as exc:
            modeladmin.message_user(request, str(exc), messages.ERROR)
            return
        modeladmin.message_user(
            request,
            f"{len(outcome.changed)} claim(s) changed ({VERBS[to_status]}); "
            f"{len(outcome.skipped)} skipped.",
            messages.SUCCESS if outcome.changed else messages.WARNING,
        )
        for pk, reason in outcome.skipped.items():
            modeladmin.message_user(request, f"Claim {pk} skipped: {reason}", messages.WARNING)

    action.__name__ = f"make_{to_status}"
    return admin.action(
        description=f"{VERBS[to_status].capitalize()} selected claims",
        permissions=["verify"] if perm == "verify_claim" else ["change"],
    )(action)


class HasOpenFlagFilter(admin.SimpleListFilter):
    title = "open conflict flag"
    parameter_name = "has_open_flag"

    def lookups(self, request, model_admin):
        return (("yes", "Has an open flag"), ("no", "No open flag"))

    def queryset(self, request, queryset):
        open_flag = ConflictFlag.claims.through.objects.filter(
            claim_id=OuterRef("pk"),
            conflictflag__state__in=(FlagState.OPEN, FlagState.ACKNOWLEDGED),
        )
        if self.value() == "yes":
            return queryset.filter(Exists(open_flag))
        if self.value() == "no":
            return queryset.exclude(Exists(open_flag))
        return queryset


class PlacementFilter(admin.SimpleListFilter):
    title = "placement"
    parameter_name = "placement"

    def lookups(self, request, model_admin):
        return (
            ("unplaced", "Unplaced (missing subject, metric, period or unit)"),
            ("placed", "In a figure"),
            ("unanchored", "Words no longer in the article"),
        )

    def queryset(self, request, queryset):
        if self.value() == "unplaced":
            return queryset.filter(pk__in=Claim.objects.unplaced().values("pk"))
        if self.value() == "placed":
            return queryset.filter(figure__isnull=False)
        if self.value() == "unanchored":
            return queryset.filter(anchored=False)
        return queryset


class PeriodFilter(admin.SimpleListFilter):
    title = "period (year)"
    parameter_name = "year"

    def lookups(self, request, model_admin):
        years = (
            Claim.objects.exclude(period_start__isnull=True)
            .order_by("-period_start")
            .values_list("period_start", flat=True)
            .distinct()[:40]
        )
        return [(str(year), str(year)) for year in years]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            year = int(self.value())
            return queryset.filter(period_start__lte=year).filter(
                Q(period_end__gte=year) | Q(period_end__isnull=True, period_start=year)
            )
        return queryset


@admin.register(Claim)
class ClaimAdmin(SimpleHistoryAdmin):
    form = ClaimForm
    # What triage reads, narrow enough for a 1280 px window beside the filters: the amount
    # with its currency or unit in one column, the period in another ("2020", "2007–2016").
    # Origin, publication and the rest stay one click away in the filters.
    list_display = (
        "short_quote",
        "status",
        "confidence",
        "subject",
        "metric",
        "amount",
        "period",
    )
    list_filter = (
        "status",
        "origin",
        HasOpenFlagFilter,
        PlacementFilter,
        ("subject", admin.RelatedOnlyFieldListFilter),
        ("metric", admin.RelatedOnlyFieldListFilter),
        PeriodFilter,
        ("article__publication", admin.RelatedOnlyFieldListFilter),
        "qualifier",
    )
    list_select_related = ("subject", "metric")
    search_fields = ("quote", "attribution", "article__title")
    autocomplete_fields = ("article", "subject", "counterparty", "metric", "deal", "converted_from")
    readonly_fields = (
        "usd_equivalent",
        "status",
        "withdrawal_reason",
        "withdrawal_note",
        "origin",
        "confidence",
        "version",
        "figure",
        "anchored",
        "prefix",
        "suffix",
    )
    sortable_by = ("confidence", "amount", "period", "status", "short_quote")
    ordering = ("-updated_at",)
    inlines = [ClaimSourceInline]
    actions = [workflow_action(status) for status in TRANSITIONS]

    class Media:
        css = {"all": ("admin/css/factcheck_changelists.css",)}

    @admin.display(description="quote", ordering="quote")
    def short_quote(self, obj: Claim) -> str:
        # Enough words to recognise the passage; the whole quote is on the claim's page.
        limit = 60
        return obj.quote if len(obj.quote) <= limit else obj.quote[: limit - 1] + "…"

    @admin.display(description="value", ordering="value")
    def amount(self, obj: Claim) -> str:
        return claim_amount(obj) or "—"

    @admin.display(description="period", ordering="period_start")
    def period(self, obj: Claim) -> str:
        return period_label(obj.period_start, obj.period_end) if obj.period_start else "—"

    @admin.display(description="in US dollars")
    def usd_equivalent(self, obj: Claim) -> str:
        if obj.currency in ("", "USD"):
            return "—"
        conversion = obj.in_usd
        if conversion is None:
            return "No rate for this period: cite one (reviewers)."
        source = f"cited: {conversion.source}" if conversion.cited else "World Bank annual average"
        return f"≈ {format_amount(conversion.usd, 'USD')} at {conversion.rate_text} ({source})"

    def has_verify_permission(self, request) -> bool:
        return request.user.has_perm("articles.verify_claim")

    def has_delete_permission(self, request, obj=None):
        # Claims are rejected, never deleted.
        return False

    # --- Adding from a selection ----------------------------------------------------------

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        initial = super().get_changeform_initial_data(request)
        article = Article.objects.filter(pk=request.GET.get("article") or 0).first()
        try:
            start, end = int(request.GET.get("start", "")), int(request.GET.get("end", ""))
        except ValueError:
            return initial
        if article is None or not 0 <= start < end <= len(article.body):
            return initial
        initial.update(article=article.pk, start=start, end=end, quote=article.body[start:end])
        initial.update(claim_guess(actor=request.user, article=article, start=start, end=end))
        return initial

    # --- Saving through the services ------------------------------------------------------

    def save_model(self, request, obj, form, change):
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
                fields = {f: data[f] for f in VALUE_FIELDS}
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
            # Surface the refusal instead of a 500; nothing was written.
            raise RefusedSave(str(exc)) from exc
        obj.pk = saved.pk
        obj.version = saved.version
        obj._state.adding = False

    def save_formset(self, request, form, formset, change):
        if formset.model is not ClaimSource:
            return super().save_formset(request, form, formset, change)
        # The admin's change message reads these; the services do the writing.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        try:
            for inline_form in formset.forms:
                data = getattr(inline_form, "cleaned_data", None)
                if not data:
                    continue
                if data.get("DELETE") and inline_form.instance.pk:
                    formset.deleted_objects.append(inline_form.instance)
                    claim_source_detach(actor=request.user, link=inline_form.instance)
                elif not data.get("DELETE") and data.get("source") and inline_form.has_changed():
                    formset.new_objects.append(inline_form.instance)
                    claim_source_attach(
                        actor=request.user,
                        claim=form.instance,
                        source=data["source"],
                        stance=data["stance"],
                        value=data.get("value"),
                        currency=data.get("currency") or "",
                        note=data.get("note") or "",
                    )
        except (FactcheckError, ValidationError) as exc:
            raise RefusedSave(str(exc)) from exc
        return None

    # --- Withdrawing a published claim ------------------------------------------------------

    def get_urls(self):
        return [
            path(
                "<int:claim_id>/withdraw/",
                self.admin_site.admin_view(self.withdraw_view),
                name="articles_claim_withdraw",
            ),
            path(
                "<int:claim_id>/cite-rate/",
                self.admin_site.admin_view(self.cite_rate_view),
                name="articles_claim_cite_rate",
            ),
            *super().get_urls(),
        ]

    def withdraw_view(self, request: HttpRequest, claim_id: int) -> HttpResponse:
        """A reviewer withdraws a published claim with a reason and a public correction."""
        return self.claim_step(
            request,
            claim_id,
            ClaimStep(
                step="withdraw",
                title="Withdraw a published claim",
                perm=WITHDRAW_PERM,
                refused="Only reviewers withdraw claims.",
                done="The claim was withdrawn; its page shows the correction.",
                form=WithdrawForm,
                initial=lambda claim: {},
                run=lambda user, claim, data: claim_withdraw(
                    actor=user, claim=claim, reason=data["reason"], note=data["note"],
                    expected_version=data["expected_version"],
                ),
            ),
        )  # fmt: skip

    def cite_rate_view(self, request: HttpRequest, claim_id: int) -> HttpResponse:
        """A reviewer cites the exchange rate this claim's amount was converted at."""
        return self.claim_step(
            request,
            claim_id,
            ClaimStep(
                step="cite_rate",
                title="Cite an exchange rate",
                perm=RATE_PERM,
                refused="Only reviewers cite exchange rates.",
                done="The rate was saved; the claim is re-checked.",
                form=CiteRateForm,
                initial=lambda claim: {
                    "rate": claim.usd_rate, "year": claim.usd_rate_year or claim.period_start,
                    "source": claim.usd_rate_source,
                },
                run=lambda user, claim, data: claim_rate_cite(
                    actor=user, claim=claim, rate=data["rate"], source=data["source"],
                    year=data["year"], expected_version=data["expected_version"],
                ),
            ),
        )  # fmt: skip

    def claim_step(self, request: HttpRequest, claim_id: int, step: ClaimStep) -> HttpResponse:
        """A form page for one service call on a claim: refused without the permission,
        the service's refusal shown on the form, back to the claim when done."""
        claim = get_object_or_404(Claim.objects.select_related("article"), pk=claim_id)
        back = reverse("admin:articles_claim_change", args=[claim.pk])
        if not request.user.has_perm(step.perm):
            self.message_user(request, step.refused, messages.ERROR)
            return HttpResponseRedirect(back)
        initial = {**step.initial(claim), "expected_version": claim.version}
        form = step.form(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            try:
                step.run(request.user, claim, form.cleaned_data)
            except (FactcheckError, ValidationError) as exc:
                form.add_error(None, "; ".join(getattr(exc, "messages", [str(exc)])))
            else:
                self.message_user(request, step.done)
                return HttpResponseRedirect(back)
        return self.step_page(request, claim, form, step.title, step.step)

    def step_page(
        self, request: HttpRequest, claim: Claim, form: forms.Form, title: str, step: str
    ) -> TemplateResponse:
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "claim": claim,
            "form": form,
            "title": title,
            "step": step,
        }
        return TemplateResponse(request, f"admin/articles/claim/{step}.html", context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        claim = self.get_object(request, object_id)
        if (
            claim is not None
            and claim.status in PUBLIC_STATUSES
            and request.user.has_perm(WITHDRAW_PERM)
        ):
            extra_context["withdraw_url"] = reverse(
                "admin:articles_claim_withdraw", args=[claim.pk]
            )
        if (
            claim is not None
            and claim.currency not in ("", "USD")
            and request.user.has_perm(RATE_PERM)
        ):
            extra_context["cite_rate_url"] = reverse(
                "admin:articles_claim_cite_rate", args=[claim.pk]
            )
        return super().change_view(request, object_id, form_url, extra_context)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except RefusedSave as exc:
            self.message_user(request, f"Not saved: {exc}", messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())


@dataclass(frozen=True)
class ClaimStep:
    """One service call on a claim behind its own admin form (withdraw, cite a rate)."""

    step: str  # the template's name and the form's id
    title: str
    perm: str
    refused: str
    done: str
    form: type[forms.Form]
    initial: Callable[[Claim], dict[str, Any]]
    run: Callable[[Any, Claim, dict[str, Any]], object]


class RefusedSave(Exception):
    """A save the service refused; shown to the editor as a message."""
