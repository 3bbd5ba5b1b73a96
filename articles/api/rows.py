"""List pages built from plain rows: the serializers' JSON, without their per-object cost.

A claims page through DRF serializers spent about 1.2 ms a claim: model instances for the
claim and six related rows, then DRF's field machinery (attribute lookups, nested
serializer instances, ordered dicts) for some forty fields and two nested levels. Here
the page is read with ``values()`` (tuples, no instances) and what a row points at
(articles, entities, metrics, sources) in one query per kind for the whole page, then
each plain field is written by *the serializer's own field object* (``to_representation``
of its ``CharField``, ``DecimalField``…), so the field names, their order and how each
value is written are still defined once, in ``serializers.py``; only the nested and
computed fields are put together here. ``tests/test_api_rows.py`` holds the two paths to
the same output on every kind of row and reader.

We write this rather than use a fast-serializer library: those (serpy and the like) are
unmaintained, and would restate every field instead of reading the serializers.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from rest_framework import ISO_8601
from rest_framework import serializers as drf
from rest_framework.fields import empty
from rest_framework.request import Request
from rest_framework.settings import api_settings

from articles.models import (
    CLOSED_FLAG_STATES,
    Article,
    ClaimSource,
    ClaimStatus,
    ConflictFlag,
    Entity,
    Metric,
    UnitKind,
)
from articles.reconciling import CitedRate, Conversion, claim_usd
from articles.selectors.figures import figure_member_claims
from articles.selectors.visibility import (
    can_see_drafts,
    flag_explanation,
    shown_converted_from,
    shown_note,
    visible_flags,
)

from . import serializers

Row = dict[str, Any]
Builder = Callable[[Row], Any]


@dataclass(frozen=True)
class ListRows:
    """A list's row path: how its queryset is read, and how a page of rows is written (as
    rows for the renderer, or as the JSON text of the results, ``rows_sql.RenderedRows``)."""

    columns: Callable[[QuerySet[Any], Request], QuerySet[Any]]
    page: Callable[[list[Row], Request], Any]


# Fields whose representation of a value as the database returns it is the value itself
# (``CharField`` writes ``str(value)``, ``IntegerField`` ``int(value)``…): no call at all.
AS_READ = (
    drf.CharField,
    drf.SlugField,
    drf.IntegerField,
    drf.FloatField,
    drf.BooleanField,
    drf.ChoiceField,
)


def _instant(value: datetime.datetime) -> str:
    """``DateTimeField``'s ISO 8601 text, without its per-value time-zone lookups: the
    site's zone (no view activates another), and ``Z`` for UTC as DRF writes it."""
    text = value.astimezone(timezone.get_default_timezone()).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def decimal_writer(field: drf.DecimalField) -> Callable[[Any], Any]:
    """``field.to_representation`` of a decimal, without its quantizing context when the
    value has at most the field's places and fits its digits (a money column read as
    stored, a dollar amount left as given, a rate of 1): quantizing such a value only
    appends zeros, and the field writes it with ``{:f}``. Any other value (more places to
    round, NaN, too many digits) is the field's to write."""
    represent = field.to_representation
    coerce = getattr(field, "coerce_to_string", api_settings.COERCE_DECIMAL_TO_STRING)
    if not coerce or field.localize or field.normalize_output or field.decimal_places is None:
        return represent
    exponent, digits = -field.decimal_places, field.max_digits

    def write(value: Any) -> Any:
        if type(value) is Decimal:
            _, kept, place = value.as_tuple()
            # At most the field's places: quantizing appends zeros (``padding``), exact
            # unless the digits then exceed the field's (the field's own error, below).
            # NaN and infinities have no numeric place.
            padding = place - exponent if isinstance(place, int) else -1
            if padding >= 0 and (digits is None or len(kept) + padding <= digits):
                text = format(value, "f")
                if "." in text:
                    return text + "0" * padding
                return text + "." + "0" * -exponent if exponent else text
        return represent(value)

    return write


def fast_writer(field: drf.Field) -> Callable[[Any], Any] | None:
    """How a plain field writes a non-null value read from the database (None: as read)."""
    iso = getattr(field, "format", ISO_8601) in (ISO_8601, empty)
    if type(field) in AS_READ:
        return None
    if type(field) is drf.DateTimeField and iso and api_settings.DATETIME_FORMAT == ISO_8601:
        return _instant
    if type(field) is drf.DecimalField:
        return decimal_writer(field)
    return field.to_representation


class RowRepresentation:
    """A serializer's fields applied to row dicts: plain fields by their own field objects,
    the ``computed`` ones (nested, method and reader fields) by builders given per page.

    ``prefix`` reads the row's keys under a relation (``publication__name``), as
    ``values()`` names them. A nested or computed field without a builder is an error at
    import, so a field added to the serializer cannot silently go missing from the lists.
    """

    def __init__(
        self,
        serializer_class: type[drf.Serializer],
        *,
        computed: Iterable[str] = (),
        prefix: str = "",
    ) -> None:
        computed = set(computed)
        # (name, column, writer): the column None for a computed field, the writer None
        # for a value written as read.
        self.plan: list[tuple[str, str | None, Callable[[Any], Any] | None]] = []
        for name, field in serializer_class().fields.items():
            if name in computed:
                self.plan.append((name, None, None))
                continue
            if isinstance(
                field,
                drf.BaseSerializer | drf.SerializerMethodField | serializers.ForReader,
            ):
                raise TypeError(f"{serializer_class.__name__}.{name} needs a row builder")
            self.plan.append((name, prefix + field.source, fast_writer(field)))

    @property
    def columns(self) -> list[str]:
        """What ``values()`` must read for the plain fields."""
        return [column for _, column, _ in self.plan if column is not None]

    def one(self, row: Row, builders: dict[str, Builder] | None = None) -> Row:
        out: Row = {}
        for name, column, write in self.plan:
            if column is None:
                out[name] = builders[name](row)  # type: ignore[index]  # a computed field always has a builder (checked at import)
            elif write is None:
                out[name] = row[column]
            else:
                value = row[column]
                out[name] = None if value is None else write(value)
        return out

    def many(self, rows: Iterable[Row], builders: dict[str, Builder] | None = None) -> list[Row]:
        return [self.one(row, builders) for row in rows]


@cache
def url_pattern(name: str) -> str:
    """The path of route ``name`` for any ``pk``, as a format string (one ``reverse``)."""
    marker = 987654321987
    return reverse(name, kwargs={"pk": marker}).replace(str(marker), "{}")


def _by_id(rows: Iterable[Row]) -> dict[int, Row]:
    return {row["id"]: row for row in rows}


# --- What rows point at: one query per kind for the whole page ------------------------------

ENTITY_REF = RowRepresentation(serializers.EntityRefSerializer)
METRIC_REF = RowRepresentation(serializers.MetricRefSerializer)
PUBLICATION_REF = RowRepresentation(serializers.PublicationRefSerializer, prefix="publication__")
ARTICLE_REF = RowRepresentation(serializers.ArticleRefSerializer, computed={"publication"})
SOURCE = RowRepresentation(serializers.SourceSerializer, prefix="source__")
SOURCE_LINK = RowRepresentation(serializers.SourceLinkSerializer, computed={"source"})


def entity_refs(ids: set[int]) -> dict[int, Row]:
    rows = Entity.objects.filter(id__in=ids).values(*ENTITY_REF.columns) if ids else ()
    return {row["id"]: ENTITY_REF.one(row) for row in rows}


def metric_refs(ids: set[int], *extra: str) -> tuple[dict[int, Row], dict[int, Row]]:
    """Each metric's reference, and its raw row (for ``extra`` columns such as unit_kind)."""
    rows = (
        list(Metric.objects.filter(id__in=ids).values(*METRIC_REF.columns, *extra)) if ids else []
    )
    return {row["id"]: METRIC_REF.one(row) for row in rows}, _by_id(rows)


def article_refs(ids: set[int]) -> dict[int, Row]:
    if not ids:
        return {}
    columns = [*ARTICLE_REF.columns, "publication_id", *PUBLICATION_REF.columns]
    rows = Article.objects.filter(id__in=ids).values(*columns)
    publication = {
        "publication": lambda row: (
            None if row["publication_id"] is None else PUBLICATION_REF.one(row)
        )
    }
    return {row["id"]: ARTICLE_REF.one(row, publication) for row in rows}


def source_links(claim_ids: Sequence[int]) -> dict[int, list[Row]]:
    """Each claim's sources with stance and value, in the order they were attached."""
    links: dict[int, list[Row]] = defaultdict(list)
    if not claim_ids:
        return links
    columns = [*SOURCE_LINK.columns, *SOURCE.columns, "claim_id"]
    rows = ClaimSource.objects.filter(claim_id__in=claim_ids).order_by("id").values(*columns)
    sources: dict[int, Row] = {}  # a source cited by several claims is written once

    def source(row: Row) -> Row:
        written = sources.get(row["source__id"])
        if written is None:
            written = sources[row["source__id"]] = SOURCE.one(row)
        return written

    builders: dict[str, Builder] = {"source": source}
    for row in rows:
        links[row["claim_id"]].append(SOURCE_LINK.one(row, builders))
    return links


# --- Claims ---------------------------------------------------------------------------------

CLAIM_COMPUTED = {
    "article",
    "sources",
    "usd",
    "converted_from",
    "subject",
    "counterparty",
    "metric",
    "note",
    "withdrawal",
    "page_url",
}
CLAIM = RowRepresentation(serializers.ClaimSerializer, computed=CLAIM_COMPUTED)
CLAIM_VALUE = RowRepresentation(
    serializers.ClaimValueFields, computed={"article", "sources"} & CLAIM_COMPUTED
)
WITHDRAWAL = RowRepresentation(serializers.WithdrawalSerializer)
USD = RowRepresentation(serializers.UsdSerializer)

# What the builders read besides the plain fields.
CLAIM_EXTRA_COLUMNS = (
    "article_id",
    "subject_id",
    "counterparty_id",
    "metric_id",
    "converted_from_id",
    "converted_from_status",
    "note",
    "usd_rate",
    "usd_rate_year",
    "usd_rate_source",
    *WITHDRAWAL.columns,
)


def plain(queryset: QuerySet[Any]) -> QuerySet[Any]:
    """``queryset`` without prefetches, to read with ``values()`` (which joins nothing for
    ``select_related``, but would run a prefetch over dicts). The rows selectors
    (``claims_for_rows``) prefetch nothing: then it is the queryset as given."""
    prefetches = queryset._prefetch_related_lookups  # type: ignore[attr-defined]  # Django's record of the prefetches; the stubs leave it out
    return queryset.prefetch_related(None) if prefetches else queryset


def claim_columns(queryset: QuerySet[Any], request: Request) -> QuerySet[Any]:
    """A claims queryset (``claims_for_rows``, which says whether a restated claim is
    public) read as the rows ``claim_page`` writes: no instances, no joins."""
    return plain(queryset).values(*dict.fromkeys([*CLAIM.columns, *CLAIM_EXTRA_COLUMNS]))


def claim_row_usd(row: Row) -> Conversion | None:
    """A claim row's amount in US dollars (``claim_usd``), from the columns it reads."""
    amount = row["value"] if row["value"] is not None else (row["low"] or row["high"])
    cited = (
        CitedRate(row["usd_rate"], row["usd_rate_year"], row["usd_rate_source"])
        if row["usd_rate"]
        else None
    )
    return claim_usd(amount, row["currency"], row["period_start"], row["period_end"], cited=cited)


def _usd(row: Row) -> Row | None:
    conversion = claim_row_usd(row)
    return None if conversion is None else USD.one(vars(conversion))


class _Reading:
    """A row seen through the attribute names the visibility rules read."""

    __slots__ = ("row",)

    def __init__(self, row: Row) -> None:
        self.row = row

    def __getattr__(self, name: str) -> Any:
        return self.row[name]


def claim_reader_fields(user: Any) -> dict[str, Builder]:
    """The claim fields a row alone does not give: the US-dollar conversion (from the rate
    tables) and the fields the visibility rules give this reader."""
    drafts = can_see_drafts(user)  # once a page, not once a row
    return {
        "usd": _usd,
        "converted_from": lambda row: shown_converted_from(
            row["converted_from_id"], row["converted_from_status"], drafts=drafts
        ),
        "note": lambda row: shown_note(row["note"], drafts=drafts),
    }


# What ``claim_reader_fields`` reads.
CLAIM_READER_COLUMNS = (
    "id",
    "value",
    "low",
    "high",
    "currency",
    "period_start",
    "period_end",
    "usd_rate",
    "usd_rate_year",
    "usd_rate_source",
    "converted_from_id",
    "converted_from_status",
    "note",
)


def claim_page(rows: list[Row], request: Request) -> list[Row]:
    """A page of claim rows (from ``claim_columns``) as ``ClaimSerializer`` writes them."""
    user = request.user
    ids = [row["id"] for row in rows]
    articles = article_refs({row["article_id"] for row in rows})
    entities = entity_refs(
        {row[key] for row in rows for key in ("subject_id", "counterparty_id")} - {None}
    )
    metrics, _ = metric_refs({row["metric_id"] for row in rows} - {None})
    links = source_links(ids)
    page_url = url_pattern("claim-detail")
    builders: dict[str, Builder] = {
        "article": lambda row: articles[row["article_id"]],
        "sources": lambda row: links.get(row["id"], []),
        **claim_reader_fields(user),
        "subject": lambda row: entities.get(row["subject_id"]),
        "counterparty": lambda row: entities.get(row["counterparty_id"]),
        "metric": lambda row: metrics.get(row["metric_id"]),
        "withdrawal": lambda row: (
            WITHDRAWAL.one(row) if row["status"] == ClaimStatus.WITHDRAWN else None
        ),
        "page_url": lambda row: page_url.format(row["id"]),
    }
    return CLAIM.many(rows, builders)


# --- Figures --------------------------------------------------------------------------------

FIGURE = RowRepresentation(
    serializers.FigureSerializer,
    computed={"subject", "metric", "currency", "claims", "open_flags", "page_url"},
)
FLAG_REF = RowRepresentation(serializers.FlagRefSerializer, computed={"explanation"})
FIGURE_EXTRA_COLUMNS = ("subject_id", "metric_id")


def figure_columns(queryset: QuerySet[Any], request: Request) -> QuerySet[Any]:
    """A figures queryset read as the rows ``figure_page`` writes."""
    return plain(queryset).values(*dict.fromkeys([*FIGURE.columns, *FIGURE_EXTRA_COLUMNS]))


def figure_claims(figure_ids: list[int], request: Request, *, expand: bool) -> dict[int, list[Row]]:
    """Each figure's claims the reader may see, by value: references, or with ``expand``
    the value fields (``ClaimValueFields``) and the reference's ``url``."""
    claims = figure_member_claims(request.user).filter(figure_id__in=figure_ids)
    # The site's root, then the route's pattern (braces would be escaped in a URI).
    detail = request.build_absolute_uri("/").rstrip("/") + url_pattern("api-claim-detail")
    by_figure: dict[int, list[Row]] = defaultdict(list)
    if not expand:
        for claim_id, figure_id in claims.values_list("id", "figure_id"):
            by_figure[figure_id].append({"id": claim_id, "url": detail.format(claim_id)})
        return by_figure
    rows = list(claims.values(*dict.fromkeys([*CLAIM_VALUE.columns, "article_id", "figure_id"])))
    articles = article_refs({row["article_id"] for row in rows})
    links = source_links([row["id"] for row in rows])
    builders: dict[str, Builder] = {
        "article": lambda row: articles[row["article_id"]],
        "sources": lambda row: links.get(row["id"], []),
    }
    for row in rows:
        item = CLAIM_VALUE.one(row, builders)
        item["url"] = detail.format(row["id"])
        by_figure[row["figure_id"]].append(item)
    return by_figure


def open_flags(user: Any) -> QuerySet[ConflictFlag]:
    """The open flags a reader may see beside a figure, most recently changed first."""
    return visible_flags(user).exclude(state__in=CLOSED_FLAG_STATES).order_by("-updated_at")


def figure_open_flags(figure_ids: list[int], request: Request) -> dict[int, list[Row]]:
    user = request.user
    flags = (
        open_flags(user)
        .filter(figure_id__in=figure_ids)
        .values(*FLAG_REF.columns, "figure_id", "explanation", "public_explanation")
    )
    explanation = {"explanation": lambda row: flag_explanation(_Reading(row), user)}  # type: ignore[arg-type]  # a row seen through the attribute names the visibility rule reads
    by_figure: dict[int, list[Row]] = defaultdict(list)
    for row in flags:
        by_figure[row["figure_id"]].append(FLAG_REF.one(row, explanation))
    return by_figure


def figure_page(rows: list[Row], request: Request, *, expand: bool = False) -> list[Row]:
    """A page of figure rows (from ``figure_columns``) as ``FigureSerializer`` writes them."""
    ids = [row["id"] for row in rows]
    entities = entity_refs({row["subject_id"] for row in rows})
    metrics, metric_rows = metric_refs({row["metric_id"] for row in rows}, "unit_kind")
    claims = figure_claims(ids, request, expand=expand)
    flags = figure_open_flags(ids, request)
    page_url = url_pattern("figure-detail")
    builders: dict[str, Builder] = {
        "subject": lambda row: entities[row["subject_id"]],
        "metric": lambda row: metrics[row["metric_id"]],
        "currency": lambda row: (
            row["unit"] if metric_rows[row["metric_id"]]["unit_kind"] == UnitKind.CURRENCY else ""
        ),
        "claims": lambda row: claims.get(row["id"], []),
        "open_flags": lambda row: flags.get(row["id"], []),
        "page_url": lambda row: page_url.format(row["id"]),
    }
    return FIGURE.many(rows, builders)


def figure_list_page(rows: list[Row], request: Request) -> list[Row]:
    return figure_page(rows, request, expand=request.query_params.get("expand") == "claims")


CLAIM_LIST = ListRows(columns=claim_columns, page=claim_page)
FIGURE_LIST = ListRows(columns=figure_columns, page=figure_list_page)
