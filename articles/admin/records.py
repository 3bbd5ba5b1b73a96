"""Admin for the reconciled record: figures (settled by reviewers) and conflict flags (raised
by the reconciler, resolved or dismissed by reviewers). Saving calls ``figure_settle`` and
``flag_resolve``; editors see everything and can change nothing here."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Case, Count, IntegerField, Q, Value, When
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from simple_history.admin import SimpleHistoryAdmin

from articles.errors import FactcheckError
from articles.models import (
    INACTIVE_STATUSES,
    Claim,
    ConflictFlag,
    Figure,
    FigureKind,
    FlagState,
)
from articles.pages.amounts import figure_amount
from articles.services.figure_settle import figure_settle
from articles.services.flag_resolve import flag_resolve
from articles.services.flag_text import format_amount

from .articles import claim_summary
from .series_chart import series_svg


def figure_claims(figure: Figure) -> list[Claim]:
    return list(
        Claim.objects.filter(figure=figure)
        .exclude(status__in=INACTIVE_STATUSES)
        .select_related("article__publication", "subject", "metric")
        .prefetch_related("claim_sources__source")
        .order_by("value", "id")
    )


class FigureSettleForm(forms.ModelForm):
    """Pick the preferred claim or type a value, and say why."""

    preferred_claim = forms.ModelChoiceField(
        queryset=Claim.objects.none(), required=False, widget=forms.RadioSelect
    )

    class Meta:
        model = Figure
        fields = ["preferred_claim", "value", "low", "high", "settled_source", "rationale"]
        widgets = {"rationale": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "value": "Leave empty to take the preferred claim's value.",
            "settled_source": "Needed for a value you type: the document it comes from.",
        }
        labels = {"settled_source": "Source of a typed value"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "rationale" not in self.fields:
            return  # a read-only view of the figure
        preferred = self.fields["preferred_claim"]
        assert isinstance(preferred, forms.ModelChoiceField)  # the model's foreign key
        preferred.queryset = Claim.objects.filter(figure=self.instance).exclude(
            status__in=INACTIVE_STATUSES
        )
        # Django's documented way to label one form's choices: replace the bound method.
        preferred.label_from_instance = lambda c: f"#{c.pk} “{c.quote}” — {claim_summary(c)}"  # type: ignore[method-assign, assignment]
        self.fields["rationale"].required = True


@admin.register(Figure)
class FigureAdmin(SimpleHistoryAdmin):
    form = FigureSettleForm
    change_form_template = "admin/articles/figure/change_form.html"
    # The figure key split into columns a reviewer can read and sort, and the value in one
    # column with its unit, so the list fits a 1280 px window beside the filters. The
    # preferred claim's quote is on the figure's page, where it can be read whole.
    list_display = (
        "subject",
        "metric",
        "period",
        "reconciled_value",
        "status",
        "claim_total",
        "open_flags",
        "settled_by",
    )
    list_filter = ("status", "kind", "metric", ("subject", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("subject", "metric", "settled_by")
    autocomplete_fields = ("settled_source",)
    search_fields = ("subject__name", "metric__name", "unit", "rationale")
    readonly_fields = ("subject", "metric", "period_start", "period_end", "unit", "kind",
                       "status", "settled_by", "settled_at")  # fmt: skip

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                claims_count=Count("claims", distinct=True),
                open_flags_count=Count(
                    "flags",
                    filter=Q(flags__state__in=(FlagState.OPEN, FlagState.ACKNOWLEDGED)),
                    distinct=True,
                ),
            )
        )

    class Media:
        css = {"all": ("admin/css/factcheck_changelists.css",)}

    @admin.display(description="period", ordering="period_start")
    def period(self, obj: Figure) -> str:
        # The kind rides with the period ("2007–2016, total"): a column of its own would
        # not fit the list beside the filters.
        if obj.kind == FigureKind.ANNUAL:
            return obj.period_label
        return f"{obj.period_label}, {obj.get_kind_display().lower()}"

    @admin.display(description="claims", ordering="claims_count")
    def claim_total(self, obj: Figure) -> int:
        return obj.claims_count  # type: ignore[attr-defined]  # annotated by the selector's queryset

    @admin.display(description="open flags", ordering="open_flags_count")
    def open_flags(self, obj: Figure) -> int:
        return obj.open_flags_count  # type: ignore[attr-defined]  # annotated by the selector's queryset

    @admin.display(description="value", ordering="value")
    def reconciled_value(self, obj: Figure) -> str:
        # The value the desk stands behind, with its unit; until a reviewer settles it, the
        # unit alone, which tells apart figures that differ only in it ("— (AZN)").
        return figure_amount(obj) or f"— ({obj.unit})"

    def has_add_permission(self, request):
        return False  # figures are created by the reconciler

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return request.user.has_perm("articles.settle_figure")

    def change_view(self, request, object_id, form_url="", extra_context=None):
        figure = self.get_object(request, object_id)
        extra_context = extra_context or {}
        if figure is not None:
            claims = figure_claims(figure)
            for claim in claims:
                amount = claim.value if claim.value is not None else (claim.low or claim.high)
                claim.display_value = format_amount(amount, claim.key_unit)
            values = [c.value for c in claims if c.value]
            extra_context.update(
                figure_claim_rows=claims,
                spread=(max(values) / min(values)) if len(values) > 1 else None,
                series=self.series(figure),
                series_chart=series_svg(
                    self.series(figure), (figure.period_start, figure.period_end)
                ),
                figure_flags=figure.flags.select_related("subject").order_by("-updated_at"),
            )
        return super().change_view(request, object_id, form_url, extra_context)

    @staticmethod
    def series(figure: Figure) -> list[dict[str, Any]]:
        """The subject and metric over the years: every claim's value, for a small chart."""
        points = (
            Claim.objects.filter(
                subject=figure.subject_id,
                metric=figure.metric_id,
                kind=figure.kind,  # a total is not a point on a line of yearly amounts
                period_start__isnull=False,
            )
            .exclude(status__in=INACTIVE_STATUSES)
            .filter(Q(currency=figure.unit) | Q(unit=figure.unit))
            .exclude(value__isnull=True)
            .values_list("period_start", "value", "pk")
            .order_by("period_start")[:500]
        )
        return [{"year": year, "value": value, "pk": pk} for year, value, pk in points]

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        try:
            saved = figure_settle(
                actor=request.user,
                figure=obj,
                rationale=data.get("rationale", ""),
                preferred_claim=data.get("preferred_claim"),
                value=data.get("value"),
                low=data.get("low"),
                high=data.get("high"),
                source=data.get("settled_source"),
            )
        except (FactcheckError, ValidationError) as exc:
            raise RefusedSettle(exc) from exc
        obj.status = saved.status

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except RefusedSettle as exc:
            self.message_user(request, f"Not settled: {exc.reason()}", messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())


class RefusedSettle(Exception):
    def reason(self) -> str:
        cause = self.args[0]
        if isinstance(cause, ValidationError):
            return "; ".join(cause.messages)
        return str(cause)


class FlagResolveForm(forms.ModelForm):
    decision = forms.ChoiceField(
        choices=(
            ("resolved", "Resolve: the disagreement is settled"),
            ("dismissed", "Dismiss: not a real conflict"),
        ),
        widget=forms.RadioSelect,
        initial="resolved",
    )

    class Meta:
        model = ConflictFlag
        fields = ["resolution_note"]
        widgets = {"resolution_note": forms.Textarea(attrs={"rows": 3})}
        labels = {"resolution_note": "Note"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "resolution_note" in self.fields:
            self.fields["resolution_note"].required = True


@admin.register(ConflictFlag)
class ConflictFlagAdmin(SimpleHistoryAdmin):
    form = FlagResolveForm
    # Kind, state and the reconciler's sentence are what a reviewer triages by; the
    # explanation takes the width that is left, so the list fits a 1280 px window.
    list_display = ("kind", "state", "subject", "metric", "explanation", "spread")
    list_filter = ("state", "kind", "metric", ("subject", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("subject", "metric")
    search_fields = ("explanation", "resolution_note", "subject__name")
    readonly_fields = ("kind", "state", "explanation", "spread", "subject", "metric",
                       "figure_link", "claim_links", "resolved_by", "resolved_at")  # fmt: skip
    fieldsets = (
        (None, {"fields": ("kind", "state", "explanation", "spread", "subject", "metric")}),
        ("Claims", {"fields": ("figure_link", "claim_links")}),
        ("Resolution", {"fields": ("decision", "resolution_note", "resolved_by", "resolved_at")}),
    )

    class Media:
        css = {"all": ("admin/css/factcheck_changelists.css",)}

    def get_ordering(self, request):
        # The queue: open and acknowledged flags first, newest first within each.
        open_first = Case(
            When(state__in=(FlagState.OPEN, FlagState.ACKNOWLEDGED), then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
        return (open_first.asc(), "-updated_at", "-id")

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None and (not obj.is_open or not self.has_change_permission(request, obj)):
            # Closed, or not ours to close: show the resolution, no form.
            return [
                (name, {**options, "fields": [f for f in options["fields"] if f != "decision"]})
                for name, options in fieldsets
            ]
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and not obj.is_open:
            fields.append("resolution_note")
        return fields

    @admin.display(description="figure")
    def figure_link(self, obj: ConflictFlag) -> str:
        if obj.figure_id is None:
            return "— (the claims belong to several figures)"
        url = reverse("admin:articles_figure_change", args=[obj.figure_id])
        return format_html('<a href="{}">{}</a>', url, obj.figure)

    @admin.display(description="claims")
    def claim_links(self, obj: ConflictFlag) -> str:
        claims = obj.claims.select_related("article", "subject", "metric").order_by("id")
        return format_html_join(
            "",
            '<p><a href="{}">#{} “{}”</a> — {} <em>({})</em></p>',
            (
                (
                    reverse("admin:articles_claim_change", args=[c.pk]),
                    c.pk,
                    c.quote,
                    claim_summary(c),
                    c.article.title,
                )
                for c in claims
            ),
        )

    def has_add_permission(self, request):
        return False  # flags are raised by the reconciler, never typed by hand

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return request.user.has_perm("articles.resolve_conflictflag")

    def save_model(self, request, obj, form, change):
        if not obj.is_open and "resolution_note" not in form.changed_data:
            return
        try:
            flag_resolve(
                actor=request.user,
                flag=obj,
                note=form.cleaned_data.get("resolution_note", ""),
                dismiss=form.cleaned_data.get("decision") == "dismissed",
            )
        except (FactcheckError, ValidationError) as exc:
            raise RefusedSettle(exc) from exc

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except RefusedSettle as exc:
            self.message_user(request, f"Not saved: {exc.reason()}", messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())
