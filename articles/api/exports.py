"""Whole lists as CSV or NDJSON, streamed from a database cursor in chunks.

An export is every row the filters match (no pagination), in flat columns, so 100,000
claims go out in constant memory: rows are read with ``values_list(...).iterator()`` (a
server-side cursor on PostgreSQL) a chunk at a time, and what a row needs from other tables
(the sources of a claim, the claims of a figure) is read once per chunk, not once per row.
We write this rather than use a renderer because DRF renders a response whole, in memory.

The first chunk is read before the response is returned: once streaming has begun the
status is sent and an error can only cut the stream, so a database that is away must
fail the view, where it becomes the API's JSON 503 like any other request.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from decimal import Decimal
from itertools import chain, islice
from typing import Any

from django.db.models import F, QuerySet
from django.http import StreamingHttpResponse

from articles.models import INACTIVE_STATUSES, PUBLIC_STATUSES, Claim, ClaimSource, ConflictFlag
from articles.reconciling import CitedRate, claim_usd
from articles.selectors.visibility import (
    PUBLIC,
    can_see_drafts,
    flag_explanation_field,
    public_flag_spread,
    visible_claims,
)

from .renderers import CSVRenderer, NDJSONRenderer, csv_lines, ndjson_lines
from .serializers import SourceSerializer

CHUNK_ROWS = 2000
EXPORT_FORMATS = (CSVRenderer.format, NDJSONRenderer.format)

Extras = Callable[[list[int], Any], dict[int, dict[str, Any]]]


@dataclass(frozen=True)
class FlatExport:
    """The columns of one resource's export: ``(column, values_list lookup)`` pairs."""

    name: str
    columns: tuple[tuple[str, str], ...]
    extra_columns: tuple[str, ...] = ()
    extras: Extras | None = field(default=None, compare=False)

    @property
    def column_names(self) -> list[str]:
        return [name for name, _ in self.columns] + list(self.extra_columns)


def plain(value: Any) -> Any:
    """A database value as JSON has it: exact decimals as strings, instants in ISO 8601."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime.datetime):
        text = value.isoformat()
        return text[:-6] + "Z" if text.endswith("+00:00") else text
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, list):
        return ";".join(str(item) for item in value)
    return value


def export_chunks(
    queryset: QuerySet[Any], export: FlatExport, user: Any
) -> Iterator[list[dict[str, Any]]]:
    names = [name for name, _ in export.columns]
    rows = (
        queryset.prefetch_related(None)
        .values_list(*(lookup for _, lookup in export.columns))
        .iterator(chunk_size=CHUNK_ROWS)
    )
    while chunk := list(islice(rows, CHUNK_ROWS)):
        dicts = [dict(zip(names, map(plain, row), strict=True)) for row in chunk]
        if export.extras is not None:
            extra = export.extras([row["id"] for row in dicts], user)
            empty = dict.fromkeys(export.extra_columns, "")
            for row in dicts:
                row.update(empty)
                row.update({k: plain(v) for k, v in extra.get(row["id"], {}).items()})
        yield dicts


def export_response(
    *, queryset: QuerySet[Any], export: FlatExport, fmt: str, user: Any
) -> StreamingHttpResponse:
    """Stream every row of ``queryset`` as CSV (with a header row) or NDJSON.

    The first chunk is read here, so a failing query fails the view, not the stream.
    """
    columns = export.column_names
    chunks = export_chunks(queryset, export, user)
    first_chunk = next(chunks, None)
    read = chunks if first_chunk is None else chain([first_chunk], chunks)

    def lines() -> Iterator[str]:
        first = True
        for chunk in read:
            if fmt == CSVRenderer.format:
                yield csv_lines(chunk, columns, header=first)
            else:
                yield ndjson_lines(chunk)
            first = False
        if first and fmt == CSVRenderer.format:
            yield csv_lines([], columns, header=True)

    renderer = CSVRenderer if fmt == CSVRenderer.format else NDJSONRenderer
    response = StreamingHttpResponse(lines(), content_type=f"{renderer.media_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{export.name}.{fmt}"'
    return response


# --- What rows need from other tables, a chunk at a time ------------------------------------


def _joined(pairs: Any) -> dict[int, str]:
    grouped: dict[int, list[str]] = defaultdict(list)
    for key, value in pairs:
        grouped[key].append(str(value))
    return {key: ";".join(values) for key, values in grouped.items()}


def claim_extras(ids: list[int], user: Any) -> dict[int, dict[str, Any]]:
    """Each claim's source ids, and its amount in US dollars with the rate used."""
    pairs = (
        ClaimSource.objects.filter(claim_id__in=ids)
        .order_by("claim_id", "id")
        .values_list("claim_id", "source_id")
    )
    extras: dict[int, dict[str, Any]] = {
        key: {"source_ids": value} for key, value in _joined(pairs).items()
    }
    amounts = Claim.objects.filter(pk__in=ids).values_list(
        "pk", "value", "low", "high", "currency", "period_start", "period_end",
        "usd_rate", "usd_rate_year", "usd_rate_source", "converted_from_id",
        "converted_from__status",
    )  # fmt: skip
    staff = can_see_drafts(user)
    for pk, value, low, high, currency, start, end, *cited, restates, status in amounts:
        if restates is not None and (staff or status in PUBLIC_STATUSES):
            extras.setdefault(pk, {})["converted_from"] = restates
        amount = value if value is not None else (low or high)
        # The row's rate, its year and its source: CitedRate's fields, in its order.
        rate = CitedRate(*cited) if cited[0] else None  # type: ignore[arg-type]
        conversion = claim_usd(amount, currency, start, end, cited=rate)
        if conversion is not None:
            extras.setdefault(pk, {}).update(
                usd_value=conversion.usd.quantize(Decimal("0.01")),
                usd_rate=conversion.rate,
                usd_rate_year=conversion.year,
                usd_rate_cited=conversion.cited,
                usd_rate_source=conversion.source if conversion.cited else "",
            )
    return extras


def figure_claim_ids(ids: list[int], user: Any) -> dict[int, dict[str, Any]]:
    pairs = (
        visible_claims(user)
        .filter(figure_id__in=ids)
        .exclude(status__in=INACTIVE_STATUSES)
        .order_by("figure_id", "id")
        .values_list("figure_id", "id")
    )
    return {key: {"claim_ids": value} for key, value in _joined(pairs).items()}


def flag_claim_ids(ids: list[int], user: Any) -> dict[int, dict[str, Any]]:
    pairs = (
        ConflictFlag.claims.through.objects.filter(
            conflictflag_id__in=ids, claim__in=visible_claims(user)
        )
        .order_by("conflictflag_id", "claim_id")
        .values_list("conflictflag_id", "claim_id")
    )
    return {key: {"claim_ids": value} for key, value in _joined(pairs).items()}


CLAIMS = FlatExport(
    name="claims",
    columns=(
        ("id", "id"),
        ("status", "status"),
        ("quote", "quote"),
        ("value", "value"),
        ("low", "low"),
        ("high", "high"),
        ("qualifier", "qualifier"),
        ("currency", "currency"),
        ("unit", "unit"),
        ("period_start", "period_start"),
        ("period_end", "period_end"),
        ("attribution", "attribution"),
        ("subject", "subject__slug"),
        ("counterparty", "counterparty__slug"),
        ("kind", "kind"),
        ("item", "item"),
        ("deal_id", "deal_id"),
        ("scope", "scope_id"),
        ("metric", "metric__slug"),
        ("origin", "origin"),
        ("confidence", "confidence"),
        ("version", "version"),
        ("withdrawal_reason", "withdrawal_reason"),
        ("withdrawal_note", "withdrawal_note"),
        ("withdrawn_at", "withdrawn_at"),
        ("figure_id", "figure_id"),
        ("article_id", "article_id"),
        ("article_title", "article__title"),
        ("article_url", "article__url"),
        ("publication", "article__publication__slug"),
        ("published_on", "article__published_on"),
        ("anchored", "anchored"),
        ("start", "start"),
        ("end", "end"),
        ("created_at", "created_at"),
        ("updated_at", "updated_at"),
    ),
    extra_columns=(
        "source_ids",
        "converted_from",
        "usd_value",
        "usd_rate",
        "usd_rate_year",
        "usd_rate_cited",
        "usd_rate_source",
    ),
    extras=claim_extras,
)

FIGURES = FlatExport(
    name="figures",
    columns=(
        ("id", "id"),
        ("subject", "subject__slug"),
        ("metric", "metric__slug"),
        ("period_start", "period_start"),
        ("period_end", "period_end"),
        ("unit", "unit"),
        ("kind", "kind"),
        ("scope", "scope_id"),
        ("value", "value"),
        ("low", "low"),
        ("high", "high"),
        ("status", "status"),
        ("preferred_claim_id", "preferred_claim_id"),
        ("settled_source_id", "settled_source_id"),
        ("rationale", "rationale"),
        ("settled_at", "settled_at"),
        ("created_at", "created_at"),
        ("updated_at", "updated_at"),
    ),
    extra_columns=("claim_ids",),
    extras=figure_claim_ids,
)

FLAGS = FlatExport(
    name="flags",
    columns=(
        ("id", "id"),
        ("kind", "kind"),
        ("state", "state"),
        ("subject", "subject__slug"),
        ("metric", "metric__slug"),
        ("figure_id", "figure_id"),
        ("spread", "spread"),
        ("explanation", "explanation"),
        ("resolution_note", "resolution_note"),
        ("resolved_at", "resolved_at"),
        ("created_at", "created_at"),
        ("updated_at", "updated_at"),
    ),
    extra_columns=("claim_ids",),
    extras=flag_claim_ids,
)


def public_flag_extras(ids: list[int], user: Any) -> dict[int, dict[str, Any]]:
    """The public claims of each flag, and the spread of their values.

    The desk's spread, read with the row, is replaced in its column for every flag: a ratio
    to an unreviewed value would give that value away.
    """
    claims: dict[int, list[Any]] = {flag_id: [] for flag_id in ids}
    rows = visible_claims(user).filter(flags__in=ids).order_by("id")
    for claim in rows.only("id", "value", "low", "high").annotate(flag_id=F("flags")):
        claims[claim.flag_id].append(claim)
    return {
        flag_id: {
            "claim_ids": ";".join(str(claim.pk) for claim in listed),
            "spread": plain(public_flag_spread(listed)),
        }
        for flag_id, listed in claims.items()
    }


# Readers who may not see drafts get the public sentence, written from public claims only,
# and the spread of those claims' values.
PUBLIC_FLAGS = replace(
    FLAGS,
    columns=tuple(
        (name, flag_explanation_field(PUBLIC) if name == "explanation" else lookup)
        for name, lookup in FLAGS.columns
    ),
    extras=public_flag_extras,
)

ARTICLES = FlatExport(
    name="articles",
    columns=(
        ("id", "id"),
        ("title", "title"),
        ("byline", "byline"),
        ("published_on", "published_on"),
        ("published_precision", "published_precision"),
        ("url", "url"),
        ("language", "language"),
        ("publication", "publication__slug"),
        ("source_format", "source_format"),
        ("claim_count", "claim_count"),
        ("created_at", "created_at"),
        ("updated_at", "updated_at"),
    ),
)

# A source is flat already: the export has exactly the fields the JSON gives.
SOURCES = FlatExport(
    name="sources",
    columns=tuple((name, name) for name in SourceSerializer.Meta.fields),
)

ENTITIES = FlatExport(
    name="entities",
    columns=tuple(
        (name, name)
        for name in ("id", "slug", "name", "kind", "aliases", "wikidata_qid", "updated_at")
    ),
)

METRICS = FlatExport(
    name="metrics",
    columns=tuple(
        (name, name) for name in ("id", "slug", "name", "unit_kind", "tolerance", "updated_at")
    ),
)

PUBLICATIONS = FlatExport(
    name="publications",
    columns=(
        ("id", "id"),
        ("slug", "slug"),
        ("name", "name"),
        ("homepage", "homepage"),
        ("country", "country__slug"),
        ("kind", "kind"),
        ("updated_at", "updated_at"),
    ),
)
