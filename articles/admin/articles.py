"""Admin for articles: the body as the reader sees it with every claim marked in place,
text selection to add a claim, extraction on demand, and what the cleaner removed.

Each article's language is shown by name with whether extraction reads it (the rule is
``articles.extraction.languages``'s, never re-derived here), and running extraction on an
article it cannot read says so instead of reporting "0 new"."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import Count
from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from simple_history.admin import SimpleHistoryAdmin

from articles.errors import FactcheckError
from articles.extraction.languages import extraction_reads, language_name
from articles.highlighting import render_marked
from articles.models import Article, Claim
from articles.services.articles_import import claims_follow_language
from articles.services.claims_extract import ExtractionOutcome, claims_extract
from articles.services.flag_text import format_amount

from .reference import URL_FIELDS


def claim_summary(claim: Claim) -> str:
    """What a claim says, in a few words: "$3.7 billion · 2024 · Azerbaijan"."""
    parts = []
    amount = claim.value if claim.value is not None else (claim.low or claim.high)
    if amount is not None:
        parts.append(format_amount(amount, claim.key_unit))
    if claim.period_start:
        period = str(claim.period_start)
        if claim.period_end and claim.period_end != claim.period_start:
            period += f"–{claim.period_end}"
        parts.append(period)
    if claim.subject is not None:
        parts.append(claim.subject.name)
    if claim.metric is not None:
        parts.append(claim.metric.name)
    parts.append(claim.get_status_display())
    return " · ".join(parts)


def mark_attributes(claims: list[Claim]) -> dict[str, str]:
    first = claims[0]
    return {
        "class": f"claim-mark status-{first.status}",
        "data-claims": " ".join(str(c.pk) for c in claims),
        "title": " | ".join(f"#{c.pk} {claim_summary(c)}" for c in claims),
    }


def language_label(code: str) -> str:
    """The language by name, and a word when extraction does not read it."""
    if not code:
        return "unknown"
    if extraction_reads(code):
        return language_name(code)
    return format_html("{} <small>(not read by extraction)</small>", language_name(code))


class LanguageFilter(admin.SimpleListFilter):
    """Languages by name, and the articles extraction skips because of theirs."""

    title = "language"
    parameter_name = "language"
    UNKNOWN = "unknown"
    UNREAD = "not-read"

    def _languages(self) -> list[str]:
        return list(
            Article.objects.order_by("language").values_list("language", flat=True).distinct()
        )

    def lookups(self, request, model_admin):
        codes = self._languages()
        choices = [(code, f"{language_name(code)} ({code})") for code in codes if code]
        if "" in codes:
            choices.append((self.UNKNOWN, "Unknown"))
        if any(not extraction_reads(code) for code in codes):
            choices.append((self.UNREAD, "Not read by extraction"))
        return choices

    def queryset(self, request, queryset):
        value = self.value()
        if value is None:
            return queryset
        if value == self.UNKNOWN:
            return queryset.filter(language="")
        if value == self.UNREAD:
            unread = [code for code in self._languages() if not extraction_reads(code)]
            return queryset.filter(language__in=unread)
        return queryset.filter(language=value)


def extraction_message(outcome: ExtractionOutcome) -> str:
    """What an editor is told after extraction ran on a selection of articles."""
    message = (
        f"{outcome.created} claim(s) suggested in {outcome.articles} article(s); "
        f"{outcome.overlapping} figure(s) were already claimed."
    )
    if outcome.note:
        message += f" Skipped: {outcome.note}."
    return message


class ClaimInline(admin.TabularInline):
    model = Claim
    extra = 0
    fields = ("quote", "status", "subject", "metric", "value", "currency", "period_start")
    readonly_fields = fields
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("subject", "metric")


@admin.register(Article)
class ArticleAdmin(SimpleHistoryAdmin):
    formfield_overrides = URL_FIELDS
    change_form_template = "admin/articles/article/change_form.html"
    # The date as precisely as the article gave it in one column ("March 2016", "undated"),
    # so the list fits a 1280 px window beside the filters.
    list_display = (
        "title", "publication", "published", "language_display", "source_format", "claim_count",
    )  # fmt: skip
    list_filter = ("source_format", "published_precision", "publication", LanguageFilter)
    list_select_related = ("publication",)
    search_fields = ("title", "byline", "url")
    date_hierarchy = "published_on"
    autocomplete_fields = ("publication",)
    fieldsets = (
        (
            None,
            {"fields": ("title", "publication", "byline", "url", "language", "extraction")},
        ),
        ("Date", {"fields": ("published_on", "published_precision")}),
        (
            "Provenance",
            {
                "classes": ("collapse",),
                "fields": (
                    "removed_blocks",
                    "captions",
                    "standfirst",
                    "import_run_link",
                    "source_name",
                    "source_format",
                    "encoding",
                    "content_hash",
                    "raw",
                    "created_at",
                    "updated_at",
                ),
            },
        ),
    )
    readonly_fields = (
        "extraction",
        "removed_blocks",
        "captions",
        "standfirst",
        "import_run_link",
        "raw",
        "content_hash",
        "source_format",
        "source_name",
        "encoding",
        "created_at",
        "updated_at",
    )
    inlines = [ClaimInline]
    actions = ["suggest_claims"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "language" in form.changed_data:
            # Search reads each claim's quote in its article's language.
            claims_follow_language([obj.pk])

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(claims_total=Count("claims"))

    class Media:
        css = {"all": ("admin/css/factcheck_changelists.css",)}

    @admin.display(description="published", ordering="published_on")
    def published(self, obj: Article) -> str:
        return obj.published_display

    @admin.display(description="language", ordering="language")
    def language_display(self, obj: Article) -> str:
        return language_label(obj.language)

    @admin.display(description="extraction")
    def extraction(self, obj: Article) -> str:
        if not obj.language:
            return "Reads it as English: the language is unknown."
        if extraction_reads(obj.language):
            return f"Reads {language_name(obj.language)}."
        return (
            f"Does not read {language_name(obj.language)} yet: “Run extraction” suggests "
            "nothing for this article. If the language above is wrong, correct it and save."
        )

    @admin.display(description="claims", ordering="claims_total")
    def claim_count(self, obj: Article) -> int:
        return obj.claims_total  # type: ignore[attr-defined]  # annotated by the selector's queryset

    @admin.display(description="removed by the cleaner")
    def removed_blocks(self, obj: Article) -> str:
        if not obj.removed:
            return "Nothing was removed."
        return format_html_join(
            "",
            '<div class="removed-block"><strong>{}</strong><pre>{}</pre></div>',
            ((block.get("reason", "?"), block.get("text", "")) for block in obj.removed),
        )

    @admin.display(description="import run")
    def import_run_link(self, obj: Article) -> str:
        if obj.import_run_id is None:
            return "—"
        url = reverse("admin:articles_importrun_change", args=[obj.import_run_id])
        return format_html('<a href="{}">Import run #{}</a>', url, obj.import_run_id)

    def has_delete_permission(self, request, obj=None):
        # An article with claims is protected in the database too; never offer it.
        if obj is not None and obj.claims.exists():
            return False
        return super().has_delete_permission(request, obj)

    # --- The reading workspace ------------------------------------------------------------

    def get_urls(self):
        return [
            path(
                "<int:article_id>/extract/",
                self.admin_site.admin_view(self.extract_view),
                name="articles_article_extract",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        article = self.get_object(request, object_id)
        extra_context = extra_context or {}
        if article is not None:
            claims = list(
                Claim.objects.filter(article=article)
                .select_related("subject", "metric")
                .order_by("start", "id")
            )
            extra_context.update(
                marked_body=render_marked(
                    article.body, [c for c in claims if c.anchored], mark_attributes
                ),
                unanchored_claims=[c for c in claims if not c.anchored],
                can_add_claim=request.user.has_perm("articles.add_claim"),
                add_claim_url=reverse("admin:articles_claim_add"),
                extract_url=reverse("admin:articles_article_extract", args=[article.pk]),
                extraction_unread=(
                    ""
                    if extraction_reads(article.language)
                    else f"Extraction does not read {language_name(article.language)} yet."
                ),
            )
        return super().change_view(request, object_id, form_url, extra_context)

    def extract_view(self, request: HttpRequest, article_id: int) -> HttpResponseRedirect:
        article = get_object_or_404(Article, pk=article_id)
        back = reverse("admin:articles_article_change", args=[article.pk])
        if request.method != "POST":
            return HttpResponseRedirect(back)
        try:
            outcome = claims_extract(actor=request.user, article_ids=[article.pk])
        except FactcheckError as exc:
            self.message_user(request, str(exc), messages.ERROR)
        else:
            if outcome.note:
                self.message_user(
                    request, f"Nothing was suggested: {outcome.note}.", messages.WARNING
                )
            else:
                self.message_user(
                    request,
                    f"Extraction suggested {outcome.created} new claim(s); "
                    f"{outcome.overlapping} figure(s) were already claimed.",
                )
        return HttpResponseRedirect(back)

    @admin.action(description="Suggest claims (run extraction)", permissions=["add_claim"])
    def suggest_claims(self, request: HttpRequest, queryset: Any) -> TemplateResponse | None:
        try:
            outcome = claims_extract(
                actor=request.user, article_ids=list(queryset.values_list("pk", flat=True))
            )
        except FactcheckError as exc:
            self.message_user(request, str(exc), messages.ERROR)
            return None
        self.message_user(
            request,
            extraction_message(outcome),
            messages.WARNING if outcome.note else messages.SUCCESS,
        )
        return None

    def has_add_claim_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("articles.add_claim")
