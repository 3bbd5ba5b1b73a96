"""Admin for deals: an editor's record that several reports are about one purchase.

Claims are linked to a deal from the claim's own form (``deal``), through ``claim_update``,
so every link is versioned and re-checked by the reconciler; here the deal lists them.
"""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from articles.models import Claim, Deal
from articles.pages.amounts import claim_amount
from articles.services.flag_text import period_label


class DealClaimInline(admin.TabularInline):
    """The reports linked to the deal, read-only: links change on the claim."""

    model = Claim
    fk_name = "deal"
    fields = ("claim_link", "amount", "period", "status")
    readonly_fields = fields
    extra = 0
    max_num = 0
    can_delete = False
    show_change_link = False
    verbose_name_plural = "Reports of this deal (link a claim from its own page)"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("article")

    @admin.display(description="claim")
    def claim_link(self, obj: Claim) -> str:
        return format_html(
            '<a href="{}">{}</a> — {}',
            reverse("admin:articles_claim_change", args=[obj.pk]),
            obj.quote[:80],
            obj.article.title,
        )

    @admin.display(description="amount")
    def amount(self, obj: Claim) -> str:
        return claim_amount(obj) or "—"

    @admin.display(description="period")
    def period(self, obj: Claim) -> str:
        return period_label(obj.period_start, obj.period_end) if obj.period_start else "—"


@admin.register(Deal)
class DealAdmin(SimpleHistoryAdmin):
    list_display = ("name", "buyer", "seller", "item", "signed_year", "reports")
    list_select_related = ("buyer", "seller")
    list_filter = (("buyer", admin.RelatedOnlyFieldListFilter), "signed_year")
    search_fields = ("name", "item", "buyer__name", "seller__name")
    autocomplete_fields = ("buyer", "seller")
    inlines = [DealClaimInline]

    def get_queryset(self, request):
        # Grouped for the count, so the model's ordering is given again (GROUP BY drops it).
        queryset = super().get_queryset(request).annotate(report_count=Count("claims"))
        return queryset.order_by(*Deal._meta.ordering)

    @admin.display(description="reports", ordering="report_count")
    def reports(self, obj: Deal) -> int:
        return obj.report_count  # type: ignore[attr-defined]  # annotated by the selector's queryset

    def has_delete_permission(self, request, obj=None):
        # A deal with reports is kept (claims protect it); an empty one may go.
        return super().has_delete_permission(request, obj) and not (obj and obj.claims.exists())
