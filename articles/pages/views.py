"""The public pages. Each view reads through a selector, shapes a ready context, renders.

Pages show the record as an anonymous reader sees it, whoever is logged in (editors preview
work in progress in the admin): what that is, ``articles.selectors.visibility`` decides, for
``PUBLIC``. A claim that is not public answers 404 like a missing one, so a draft's
existence does not leak.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template import loader
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from articles import citation
from articles.models import (
    UNSPECIFIED_SCOPE,
    Claim,
    Entity,
    Figure,
    FigureKind,
    FigureStatus,
    Metric,
)
from articles.selectors import pages as selectors
from articles.selectors import search as search_selectors
from articles.selectors.visibility import (
    PUBLIC,
    article_text_is_full,
    figure_preferred_claim,
    visible_claims,
)
from articles.services.flag_text import format_amount, period_label, possessive

from . import disputes
from .amounts import claim_amount, figure_amount
from .deeplinks import deep_link
from .forms import SearchForm
from .passages import marked_paragraphs, passage_of, quoted_paragraphs
from .series import build_series
from .series_csv import series_csv
from .statuses import meaning_of

RESULTS_PER_PAGE = 20
ENTITY_CLAIMS_PER_PAGE = 25
HISTORY_ENTRIES = 8


@dataclass(frozen=True)
class PageMeta:
    """What the head of a page says about it: canonical URL and Open Graph card."""

    title: str
    description: str
    canonical: str
    og_type: str = "website"
    indexable: bool = True


def _absolute(request: HttpRequest, path: str) -> str:
    return request.build_absolute_uri(path)


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "articles/home.html",
        {
            "meta": PageMeta(
                title="The reconciled record of figures in the news",
                description="Claims about military spending and arms deals, checked against "
                "their sources, with every competing figure and where it came from.",
                canonical=_absolute(request, reverse("home")),
            ),
            "recent_claims": list(selectors.recently_verified(limit=10)),
            "disputes": disputes.dispute_items(selectors.open_disputes(limit=8)),
            "corrections": list(selectors.recent_corrections(limit=5)),
            "settled": list(selectors.recently_settled_disagreements(limit=8)),
            "subjects": list(selectors.subjects_with_public_claims(limit=24)),
        },
    )


@require_safe
def article_detail(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_object_or_404(selectors.article_page(), pk=pk)
    claims = article.public_claims  # type: ignore[attr-defined]  # set by the selector's Prefetch(to_attr=...)
    paragraphs = marked_paragraphs(article.body, claims)
    full_text = article_text_is_full(article, PUBLIC)
    return render(
        request,
        "articles/article_detail.html",
        {
            "meta": PageMeta(
                title=article.title or "Untitled article",
                description=f"{len(claims)} checked claim(s) in this article"
                + (f" from {article.publication.name}" if article.publication else "")
                + ".",
                canonical=_absolute(request, article.get_absolute_url()),
                og_type="article",
            ),
            "article": article,
            "claims": claims,
            "paragraphs": paragraphs if full_text else quoted_paragraphs(paragraphs),
            "full_text": full_text,
        },
    )


def _reviewed_on(claim: Claim, history: list[selectors.HistoryEntry]) -> date:
    """When the claim entered its current status (its last change when history is gone)."""
    reviewed = claim.updated_at
    for entry in reversed(history):
        if entry.status != claim.status:
            break
        reviewed = entry.when
    return timezone.localdate(reviewed)


def _status_changes(history: list[selectors.HistoryEntry]) -> list[selectors.HistoryEntry]:
    """The entries that created the claim or changed its status; the latest few."""
    changes = []
    previous = None
    for entry in history:
        if entry.created or entry.status != previous:
            changes.append(entry)
        previous = entry.status
    return changes[-HISTORY_ENTRIES:]


@require_safe
def claim_detail(request: HttpRequest, pk: int) -> HttpResponse:
    claim = get_object_or_404(selectors.claim_page(), pk=pk)
    article = claim.article
    history = selectors.claim_history(claim)
    if claim.is_withdrawn:
        return _withdrawn_claim(request, claim, history)
    permalink = _absolute(request, claim.get_absolute_url())
    article_url = _absolute(request, article.get_absolute_url())
    reviewed_on = _reviewed_on(claim, history)
    figure = claim.figure
    # A public claim makes its figure public: settled, or under review beside its rivals.
    figure_public = figure is not None
    competing = [c for c in getattr(figure, "public_claims", []) if c.pk != claim.pk]
    csl = citation.claim_csl(
        claim,
        permalink=permalink,
        article_url=article_url,
        reviewed_on=reviewed_on,
        accessed_on=timezone.localdate(),
    )
    review = citation.claim_review(
        claim,
        permalink=permalink,
        site_url=_absolute(request, reverse("home")),
        article_url=article_url,
        reviewed_on=reviewed_on,
        attributed_to_organisation=claim.attributed_to_organisation,  # type: ignore[attr-defined]  # annotated by the selector's queryset
    )
    return render(
        request,
        "articles/claim_detail.html",
        {
            "meta": PageMeta(
                title=f"“{claim.quote}”",
                description=f"{citation.claim_summary(claim)} — "
                f"{meaning_of(claim.status).label.lower()}.",
                canonical=permalink,
                og_type="article",
            ),
            "claim": claim,
            "article": article,
            "summary": citation.claim_summary(claim),
            "amount": claim_amount(claim),
            "usd": _usd_equivalent(claim),
            "restatements": _restatements(claim),
            "period": period_label(claim.period_start, claim.period_end)
            if claim.period_start is not None
            else "",
            "status": meaning_of(claim.status),
            "passage": passage_of(article.body, claim),
            "deep_link": deep_link(
                article.url, claim.quote, prefix=claim.prefix, suffix=claim.suffix
            ),
            "sources": claim.source_links,  # type: ignore[attr-defined]  # set by the selector's Prefetch(to_attr=...)
            "flags": claim.public_flags,  # type: ignore[attr-defined]  # set by the selector's Prefetch(to_attr=...)
            "figure": figure if figure_public else None,
            "figure_amount": figure_amount(figure)
            if figure is not None and figure_public and figure.status == FigureStatus.RECONCILED
            else "",
            "competing": competing,
            "history": _status_changes(history),
            "permalink": permalink,
            "csl_json": citation.csl_text(csl),
            "claim_review": citation.jsonld_script(review),
        },
    )


def _withdrawn_claim(
    request: HttpRequest, claim: Claim, history: list[selectors.HistoryEntry]
) -> HttpResponse:
    """A withdrawn claim's page: the correction, not the assertion, at the same URL."""
    permalink = _absolute(request, claim.get_absolute_url())
    status = meaning_of(claim.status)
    return render(
        request,
        "articles/claim_withdrawn.html",
        {
            "meta": PageMeta(
                title=f"Withdrawn: “{claim.quote}”",
                description=f"Correction: {status.meaning}",
                canonical=permalink,
                og_type="article",
                indexable=False,
            ),
            "claim": claim,
            "article": claim.article,
            "status": status,
            "passage": passage_of(claim.article.body, claim),
            "history": _status_changes(history),
            "permalink": permalink,
        },
    )


@require_safe
def claim_csl(request: HttpRequest, pk: int) -> HttpResponse:
    """The Cite block's CSL-JSON as a file, for reference managers."""
    claim = get_object_or_404(selectors.claim_page(), pk=pk)
    history = selectors.claim_history(claim)
    csl = citation.claim_csl(
        claim,
        permalink=_absolute(request, claim.get_absolute_url()),
        article_url=_absolute(request, claim.article.get_absolute_url()),
        reviewed_on=_reviewed_on(claim, history),
        accessed_on=timezone.localdate(),
    )
    response = HttpResponse(
        citation.csl_text(csl),
        content_type="application/vnd.citationstyles.csl+json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="factcheck-claim-{claim.pk}.json"'
    return response


def _series_context(
    request: HttpRequest, subject: Entity, metric: Metric, focus: Figure | None
) -> dict[str, object]:
    data = selectors.series_data(subject=subject, metric=metric)
    return {
        "subject": subject,
        "metric": metric,
        "series": build_series(data, focus=focus),
        "csv_url": reverse("series-csv", kwargs={"subject": subject.slug, "metric": metric.slug}),
        "series_url": reverse(
            "series-detail", kwargs={"subject": subject.slug, "metric": metric.slug}
        ),
    }


def _restatements(claim: Claim) -> dict[str, list[tuple[str, str]]]:
    """The article's own conversions around a claim, public ones only (one query): the
    claim it restates in another currency, and the ones that restate it."""
    linked = Claim.objects.public().filter(
        Q(pk=claim.converted_from_id) | Q(converted_from_id=claim.pk)
    )
    found: dict[str, list[tuple[str, str]]] = {"restates": [], "restated_as": []}
    for other in linked.order_by("start"):
        side = "restates" if other.pk == claim.converted_from_id else "restated_as"
        found[side].append((claim_amount(other), other.get_absolute_url()))
    return found


def _usd_equivalent(claim: Claim) -> str:
    """ "≈ $3.12 billion at 1.70 AZN per USD, 2023 average (World Bank annual average, CC BY
    4.0)" for an amount in another currency; a reviewer's cited rate names its source."""
    if claim.currency in ("", "USD"):
        return ""
    conversion = claim.in_usd
    if conversion is None:
        return ""
    source = (
        f"cited by a reviewer: {conversion.source}"
        if conversion.cited
        else "World Bank annual average, CC BY 4.0"
    )
    return f"≈ {format_amount(conversion.usd, 'USD')} at {conversion.rate_text} ({source})"


@require_safe
def figure_detail(request: HttpRequest, pk: int) -> HttpResponse:
    figure = get_object_or_404(selectors.figure_page(), pk=pk)
    title = f"{figure.subject.name}: {figure.metric.name.lower()}, {figure.period_label}"
    if figure.kind != FigureKind.ANNUAL:
        title += f" ({figure.get_kind_display().lower()})"
    if figure.scope_id != UNSPECIFIED_SCOPE:
        title += f" — {figure.scope.name}"
    claims = figure.public_claims  # type: ignore[attr-defined]  # set by the selector's Prefetch(to_attr=...)
    flags = list(selectors.figure_flags(figure))
    settled = figure.status == FigureStatus.RECONCILED
    standing = disputes.figure_standing(figure, claims)
    permalink = _absolute(request, figure.get_absolute_url())
    return render(
        request,
        "articles/figure_detail.html",
        {
            "meta": PageMeta(
                title=title,
                description=(
                    f"Reconciled value {figure_amount(figure)}, with every competing claim and "
                    "where it came from."
                    if settled
                    else f"{standing.label}: {standing.values_text}."
                ),
                canonical=permalink,
            ),
            "title": title,
            "figure": figure,
            "settled": settled,
            "standing": standing,
            "amount": figure_amount(figure) if settled else "",
            "claims": claims,
            "flags": flags,
            "figure_jsonld": citation.jsonld_script(
                citation.figure_dataset(
                    figure,
                    claims,
                    permalink=permalink,
                    url_of=lambda c: _absolute(request, c.get_absolute_url()),
                    site_url=_absolute(request, reverse("home")),
                    flags=flags,
                )
            ),
            "preferred": figure_preferred_claim(figure, PUBLIC),
            **_series_context(request, figure.subject, figure.metric, figure),
        },
    )


def _series_key(subject: str, metric: str) -> tuple[Entity, Metric]:
    return get_object_or_404(Entity, slug=subject), get_object_or_404(Metric, slug=metric)


@require_safe
def series_detail(request: HttpRequest, subject: str, metric: str) -> HttpResponse:
    entity, measure = _series_key(subject, metric)
    context = _series_context(request, entity, measure, None)
    if not context["series"]:
        raise Http404("No public figures or claims for this series.")
    title = f"{entity.name}: {measure.name.lower()} over the years"
    return render(
        request,
        "articles/series_detail.html",
        {
            "meta": PageMeta(
                title=title,
                description=f"Every public claim about {possessive(entity.name)} "
                f"{measure.name.lower()}, beside the reconciled value per year.",
                canonical=_absolute(request, str(context["series_url"])),
            ),
            "title": title,
            **context,
        },
    )


@require_safe
def series_csv_download(request: HttpRequest, subject: str, metric: str) -> HttpResponse:
    entity, measure = _series_key(subject, metric)
    series = build_series(selectors.series_data(subject=entity, metric=measure), charts=False)
    if not series:
        raise Http404("No public figures or claims for this series.")
    text = series_csv(
        subject=entity.name,
        metric=measure.name,
        series=series,
        url_of=lambda pk: _absolute(request, reverse("claim-detail", kwargs={"pk": pk})),
    )
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="factcheck-{entity.slug}-{measure.slug}.csv"'
    )
    return response


@require_safe
def entity_detail(request: HttpRequest, slug: str) -> HttpResponse:
    entity = get_object_or_404(Entity, slug=slug)
    claims = Paginator(selectors.entity_claims(entity), ENTITY_CLAIMS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "articles/entity_detail.html",
        {
            "meta": PageMeta(
                title=entity.name,
                description=f"Figures and checked claims about {entity.name}.",
                canonical=_absolute(request, entity.get_absolute_url()),
            ),
            "entity": entity,
            "metrics": selectors.entity_metrics(entity),
            "claims": claims,
        },
    )


def _filter_options() -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """The subjects (those public claims are about) and metrics a search can filter on."""
    about = visible_claims(PUBLIC).filter(subject=OuterRef("pk"))
    subjects = list(
        Entity.objects.filter(Exists(about)).order_by("name").values_list("slug", "name")
    )
    metrics = list(Metric.objects.order_by("name").values_list("slug", "name"))
    return subjects, metrics


@require_safe
def search(request: HttpRequest) -> HttpResponse:
    subjects, metrics = _filter_options()
    form = SearchForm(request.GET or None, subjects=subjects, metrics=metrics)
    filters = form.filters()
    chosen_kind = form.chosen_kind()
    context: dict[str, object] = {
        "form": form,
        "filters": filters,
        "kind": chosen_kind or "claims",
        # Only a tab the reader chose is carried into the next search; otherwise the next
        # search opens on whichever tab has results.
        "chosen_kind": chosen_kind or "",
        "searched": not filters.empty,
    }
    if not filters.empty:
        entities = search_selectors.matching_entities(filters.text)
        claims = search_selectors.search_claims(filters, entities)
        articles = search_selectors.search_articles(filters)
        # Both tabs show their count, so both are counted first and the page reuses its
        # count: the same number of queries whichever tab opens.
        totals = {"claims": claims.count(), "articles": articles.count()}
        kind = chosen_kind or (
            "articles" if totals["articles"] and not totals["claims"] else "claims"
        )
        shown = claims if kind == "claims" else articles
        paginator = _CountedPaginator(shown, RESULTS_PER_PAGE)
        paginator.known_count = totals[kind]
        page = paginator.get_page(request.GET.get("page"))
        other_kind = "articles" if kind == "claims" else "claims"
        active_filters = _active_filters(request, form, filters)
        context.update(
            kind=kind,
            other_kind=other_kind,
            entities=entities,
            page=page,
            claim_count=_count_label(totals["claims"], "claim"),
            article_count=_count_label(totals["articles"], "article"),
            other_total=totals[other_kind],
            nothing_found=not any(totals.values()),
            active_filters=active_filters,
            query_year_filter=next((f for f in active_filters if f.from_words), None),
            # With one filter, its own removal link already is the search without filters.
            unfiltered_query=_unfiltered_query(request, filters) if len(active_filters) > 1 else "",
            query_string=_query_without(request, "page"),
            tab_query=_query_without(request, "page", "kind"),
            full_text=search_selectors.uses_full_text(),
        )
    title = f"Search: {filters.q}" if filters.q else "Search"
    context["meta"] = PageMeta(
        title=title,
        description="Search the checked claims and the articles they come from.",
        canonical=_absolute(request, reverse("search")),
        indexable=False,
    )
    return render(request, "articles/search.html", context)


@dataclass(frozen=True)
class CountLabel:
    """A result count as the page says it: "12", or "1,000+" where search stops counting."""

    number: str
    phrase: str


def _count_label(count: int, noun: str) -> CountLabel:
    if count >= search_selectors.RESULT_WINDOW:
        number = f"{search_selectors.RESULT_WINDOW:,}+"
        return CountLabel(number, f"At least {search_selectors.RESULT_WINDOW:,} {noun}s found")
    return CountLabel(f"{count:,}", f"{count:,} {noun}{'' if count == 1 else 's'} found")


def _query_without(request: HttpRequest, *names: str, q: str | None = None) -> str:
    """The request's query string without ``names`` (and with ``q`` replaced, if given)."""
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    if q is not None:
        query["q"] = q
    return query.urlencode()


class _CountedPaginator(Paginator):
    """A paginator told the count the tab labels already made, so it does not count again."""

    known_count = 0

    @property
    def count(self) -> int:
        return self.known_count


@dataclass(frozen=True)
class ActiveFilter:
    """A filter narrowing the search, as the no-results hint names it, and a link without it.

    ``from_words``: the year was read from the words, not set in the Year field.
    """

    label: str
    without: str
    from_words: bool = False


def _active_filters(
    request: HttpRequest, form: SearchForm, filters: search_selectors.SearchFilters
) -> list[ActiveFilter]:
    # A link that changes the search drops the page and the tab: a new search starts on
    # its first page, on whichever tab has results.
    active = [
        ActiveFilter(label, _query_without(request, "page", "kind", name))
        for name, label in form.filter_labels(filters)
    ]
    if filters.query_year is not None:
        without_year = _query_without(request, "page", "kind", q=filters.text)
        active.append(ActiveFilter(f"Year: {filters.query_year}", without_year, from_words=True))
    return active


def _unfiltered_query(request: HttpRequest, filters: search_selectors.SearchFilters) -> str:
    """The same words with no filter at all; "" when no words would be left to search."""
    if not filters.text:
        return ""
    return _query_without(
        request, "page", "kind", "subject", "metric", "year", "status", q=filters.text
    )


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """The friendly 404: what may have happened, and a search box."""
    return render(request, "404.html", {"path": request.path}, status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    """The friendly 500, rendered without context: it must not depend on what just failed.

    The API promises JSON errors, so a failure under ``/api/`` gets the API's JSON answer.
    """
    if request.path.startswith("/api/"):
        from articles.api.errors import json_server_error

        return json_server_error(request)
    return HttpResponse(loader.render_to_string("500.html"), status=500)
