"""Admin for import runs: counts, progress and each failed item with its reason."""

from __future__ import annotations

from django.contrib import admin

from articles.models import ImportIssue, ImportRun


class ImportIssueInline(admin.TabularInline):
    model = ImportIssue
    extra = 0
    fields = ("severity", "item", "message")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    list_display = (
        "id",
        "origin",
        "status",
        "label",
        "seen",
        "created",
        "updated",
        "duplicate",
        "failed",
        "started_by",
        "created_at",
    )
    list_filter = ("status", "origin")
    list_select_related = ("started_by",)
    search_fields = ("label",)
    readonly_fields = [f.name for f in ImportRun._meta.fields]
    inlines = [ImportIssueInline]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False  # runs are started by an import, never typed in

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(ImportIssue)
class ImportIssueAdmin(admin.ModelAdmin):
    list_display = ("item", "severity", "message", "run")
    list_filter = ("severity",)
    list_select_related = ("run",)
    search_fields = ("item", "message")

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
