"""Admin for articles: the cleaned body, what the cleaner removed, and the article's claims."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Count
from simple_history.admin import SimpleHistoryAdmin

from articles.models import Article, Claim


class ClaimInline(admin.TabularInline):
    model = Claim
    extra = 0
    fields = ("quote", "status", "subject", "metric", "value", "currency", "period_start")
    readonly_fields = fields
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def get_queryset(self, request):  # type: ignore[no-untyped-def]
        return super().get_queryset(request).select_related("subject", "metric")


@admin.register(Article)
class ArticleAdmin(SimpleHistoryAdmin):
    list_display = (
        "title",
        "publication",
        "published_on",
        "published_precision",
        "source_format",
        "claim_count",
        "updated_at",
    )
    list_filter = ("source_format", "published_precision", "publication", "language")
    list_select_related = ("publication",)
    search_fields = ("title", "byline", "url")
    date_hierarchy = "published_on"
    autocomplete_fields = ("publication",)
    readonly_fields = (
        "body",
        "raw",
        "content_hash",
        "removed",
        "captions",
        "source_format",
        "source_name",
        "encoding",
        "import_run",
        "created_at",
        "updated_at",
    )
    inlines = [ClaimInline]

    def get_queryset(self, request):  # type: ignore[no-untyped-def]
        return super().get_queryset(request).annotate(claims_total=Count("claims"))

    @admin.display(description="claims", ordering="claims_total")
    def claim_count(self, obj: Article) -> int:
        return obj.claims_total  # type: ignore[attr-defined]

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        # An article with claims is protected in the database too; never offer it.
        if obj is not None and obj.claims.exists():
            return False
        return super().has_delete_permission(request, obj)
