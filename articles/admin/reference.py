"""Admin for the reference data: entities, metrics, publications and sources."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models
from simple_history.admin import SimpleHistoryAdmin

from articles.models import ClaimSource, Entity, Metric, Publication, Scope, Source

# A URL typed without a scheme is taken as https (Django 6's default, chosen now).
URL_FIELDS: dict[type[models.Field], dict[str, Any]] = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Entity)
class EntityAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "alias_list", "wikidata_qid", "updated_at")
    list_filter = ("kind",)
    search_fields = ("name", "slug", "aliases", "wikidata_qid")
    prepopulated_fields = {"slug": ("name",)}

    @admin.display(description="aliases")
    def alias_list(self, obj: Entity) -> str:
        return ", ".join(obj.aliases or [])


@admin.register(Metric)
class MetricAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "unit_kind", "tolerance")
    list_filter = ("unit_kind",)
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Scope)
class ScopeAdmin(admin.ModelAdmin):
    """The scope vocabulary: admins add what their sources count (a new budget stage, a
    think tank's definition); claims and figures refer to a scope by its slug."""

    list_display = ("name", "slug", "description")
    search_fields = ("name", "slug", "description")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Publication)
class PublicationAdmin(admin.ModelAdmin):
    formfield_overrides = URL_FIELDS
    list_display = ("name", "kind", "country", "homepage")
    list_filter = ("kind",)
    list_select_related = ("country",)
    search_fields = ("name", "homepage")
    autocomplete_fields = ("country",)
    prepopulated_fields = {"slug": ("name",)}


class ClaimSourceInline(admin.TabularInline):
    model = ClaimSource
    extra = 0
    autocomplete_fields = ("claim", "source")
    fields = ("claim", "source", "stance", "value", "currency", "note")


@admin.register(Source)
class SourceAdmin(SimpleHistoryAdmin):
    formfield_overrides = URL_FIELDS
    list_display = ("title", "kind", "publisher", "published_on", "url")
    list_filter = ("kind",)
    search_fields = ("title", "publisher", "url", "excerpt")
    date_hierarchy = "published_on"

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(ClaimSource)
class ClaimSourceAdmin(SimpleHistoryAdmin):
    list_display = ("claim", "source", "stance", "value", "currency")
    list_filter = ("stance",)
    list_select_related = ("claim", "source")
    search_fields = ("claim__quote", "source__title")
    autocomplete_fields = ("claim", "source")
