"""Admin for the reconciled record: figures and conflict flags (raised by the reconciler)."""

from __future__ import annotations

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from articles.models import ConflictFlag, Figure


@admin.register(Figure)
class FigureAdmin(SimpleHistoryAdmin):
    list_display = (
        "__str__",
        "status",
        "value",
        "low",
        "high",
        "preferred_claim",
        "settled_by",
        "updated_at",
    )
    list_filter = ("status", "metric", "subject")
    list_select_related = ("subject", "metric", "preferred_claim", "settled_by")
    search_fields = ("subject__name", "metric__name", "unit", "rationale")
    autocomplete_fields = ("subject", "metric", "preferred_claim")
    readonly_fields = [f.name for f in Figure._meta.fields]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False  # figures are created by the reconciler

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(ConflictFlag)
class ConflictFlagAdmin(SimpleHistoryAdmin):
    list_display = ("kind", "state", "subject", "metric", "explanation", "spread", "updated_at")
    list_filter = ("state", "kind", "metric", "subject")
    list_select_related = ("subject", "metric")
    search_fields = ("explanation", "resolution_note", "subject__name")
    readonly_fields = [f.name for f in ConflictFlag._meta.fields]
    filter_horizontal = ()

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False  # flags are raised by the reconciler, never typed by hand

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
