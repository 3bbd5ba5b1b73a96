"""List pages whose JSON PostgreSQL writes: the row path of ``rows.py`` without Python per field.

``rows.py`` reads a page as ``values()`` rows and writes each field in Python: for a claims
page that is some forty fields of a hundred rows, four more queries for what the rows point
at, and then the JSON encoder over all of it. On PostgreSQL the page query itself can write
each row's JSON text, the nested references included (article and outlet, entities and
metric from joins of the page query; sources, and everything inside a figure's claims, as
correlated subqueries), so a page is one query and a string join. The page query is
compiled once per shape and then only bound (``statements.py``).

The SQL is generated from *the serializers' own fields*, as ``RowRepresentation`` reads
them: names, order and nesting come from ``serializers.py``, and each DRF field type has one
SQL writing that gives the text ``JSONRenderer`` would (``IntegerField`` a number,
``DecimalField`` the exact decimal as a string, ``DateTimeField`` ISO 8601 with ``Z``, a float
as Python's ``repr``...). A field type or column without such a writing is refused when the
list is first read, like a missing row builder. Fields that depend on the reader (the desk's
note, ``converted_from``) or on Python data (the US-dollar conversion) stay Python *slots*: the
row comes back as text segments between them and the slots' values are encoded in between, by
the same visibility rules as the other paths. A figure's claims and open flags are rows the
reader may or may not see: their SQL is *given* with each request, the selectors' own
querysets (``figure_member_claims``, ``rows.open_flags``) compiled into the page query, so
the visibility rules are still asked, not restated. ``tests/api/test_api_rows.py`` holds the
bytes of every page to the portable path's, for every reader.

No library writes DRF-shaped JSON in SQL (ORM JSON aggregates produce ``jsonb``, whose text
reorders keys and spaces its separators), hence this module.
"""

# The SQL here is put together from the models' table and column names, the serializers'
# field names and fixed literals (quoted by ``literal``); request input (the host in a
# figure's claim URLs, the selectors' filters) only ever comes as parameters.
# ruff: noqa: S608

from __future__ import annotations

import json
import re
import weakref
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache, cached_property, partial
from json.encoder import encode_basestring
from operator import itemgetter
from typing import Any

from django.conf import settings
from django.db import connection
from django.db import models as db
from django.db.backends.postgresql.base import ServerBindingCursor
from django.db.models import QuerySet
from psycopg.types.datetime import TimestamptzLoader
from rest_framework import ISO_8601
from rest_framework import serializers as drf
from rest_framework.fields import empty
from rest_framework.request import Request
from rest_framework.settings import api_settings
from rest_framework.utils.encoders import JSONEncoder

from articles.models import (
    Article,
    Claim,
    ClaimSource,
    ClaimStatus,
    ConflictFlag,
    Entity,
    Figure,
    Metric,
    Publication,
    Source,
    UnitKind,
)
from articles.selectors.figures import figure_member_claims
from articles.selectors.visibility import flag_explanation_field

from . import rows, serializers
from .statements import RELATION_MARK, Written, cached_values, queryset_key, relation

Row = dict[str, Any]

# Model fields whose values are text in the database (``CharField`` writes ``str(value)``).
TEXT_COLUMNS = ("CharField", "TextField", "SlugField")
INTEGER_COLUMNS = (
    "AutoField",
    "BigAutoField",
    "IntegerField",
    "BigIntegerField",
    "SmallIntegerField",
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
    "PositiveBigIntegerField",
)


class NotWritable(TypeError):
    """A serializer field this module has no SQL writing for."""


def literal(text: str) -> str:
    """``text`` as an SQL string literal, inside SQL that is later formatted with params
    (hence ``%%``); standard_conforming_strings is on in every supported PostgreSQL."""
    return "'" + text.replace("'", "''").replace("%", "%%") + "'"


def key(name: str) -> str:
    return json.dumps(name)


def _timestamp(column: str) -> str:
    # Python's isoformat: microseconds only when there are any; DRF writes UTC as ``Z``.
    # (One to_char and a replace: a third cheaper than testing for whole seconds first.)
    utc = f"({column} AT TIME ZONE 'UTC')"
    return (
        f"CASE WHEN {column} IS NULL THEN 'null' ELSE "
        f"'\"' || replace(to_char({utc}, 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'), '.000000Z', 'Z')"
        f" || '\"' END"
    )


def _float(column: str) -> str:
    # PostgreSQL and Python both write the shortest exact digits; they differ only in the
    # notation: Python adds ".0" to a whole number and keeps fixed notation up to 1e16
    # where PostgreSQL switches to an exponent from 1e15.
    text = f"({column})::text"
    band = f"({text})::numeric::text"
    return (
        f"CASE WHEN {column} IS NULL THEN 'null' "
        f"WHEN {text} ~ '^-?[0-9]+$' THEN {text} || '.0' "
        f"WHEN abs({column}) >= 1e15 AND abs({column}) < 1e16 THEN "
        f"CASE WHEN position('.' in {band}) > 0 THEN {band} ELSE {band} || '.0' END "
        f"ELSE {text} END"
    )


def value_sql(field: drf.Field, model_field: db.Field, column: str) -> str:
    """The SQL text of ``column`` as ``field`` writes it in JSON (``null`` for NULL)."""
    kind = type(field)
    # A foreign key's column holds its target's values.
    typed = model_field.target_field if isinstance(model_field, db.ForeignKey) else model_field
    internal = typed.get_internal_type()
    as_number = kind is drf.IntegerField or (
        kind is drf.BigIntegerField
        and not getattr(field, "coerce_to_string", api_settings.COERCE_BIGINT_TO_STRING)
    )
    if as_number and internal in INTEGER_COLUMNS:
        return f"COALESCE(({column})::text, 'null')"
    if kind in (drf.CharField, drf.SlugField, drf.ChoiceField) and internal in TEXT_COLUMNS:
        # A ChoiceField writes a stored choice as stored (its string is its value).
        return f"COALESCE(to_json({column})::text, 'null')"
    if kind is drf.BooleanField and internal == "BooleanField":
        return f"CASE WHEN {column} THEN 'true' WHEN NOT {column} THEN 'false' ELSE 'null' END"
    if kind is drf.FloatField and internal == "FloatField":
        return _float(column)
    if (
        kind is drf.DecimalField
        and isinstance(model_field, db.DecimalField)
        and model_field.decimal_places == field.decimal_places
        and (field.max_digits is None or field.max_digits >= model_field.max_digits)
        and _decimal_as_plain_string(field)
    ):
        # The column's scale is the field's places: PostgreSQL prints exactly them.
        return f"COALESCE('\"' || ({column})::text || '\"', 'null')"
    if kind is drf.DateField and internal == "DateField" and _iso(field, "DATE_FORMAT"):
        # JSON writes a date in ISO 8601 whatever the session's DateStyle, and faster
        # than to_char, which reads its format string on every call.
        return f"COALESCE(to_json({column})::text, 'null')"
    if kind is drf.DateTimeField and internal == "DateTimeField" and _iso(field, "DATETIME_FORMAT"):
        return _timestamp(column)
    raise NotWritable(f"{kind.__name__} on a {internal} column")


def _decimal_as_plain_string(field: drf.DecimalField) -> bool:
    coerce = field.coerce_to_string
    if coerce is None:
        coerce = api_settings.COERCE_DECIMAL_TO_STRING
    return bool(coerce) and not field.localize and not field.normalize_output


def _iso(field: drf.Field, setting: str) -> bool:
    own = getattr(field, "format", empty)
    chosen = getattr(api_settings, setting) if own is empty else own
    return chosen == ISO_8601


@dataclass(frozen=True)
class Slot:
    """A field written in Python, between the text segments the database writes."""

    name: str


@dataclass(frozen=True)
class Given:
    """SQL given with each request, for a field whose rows depend on the reader (a figure's
    claims and flags: the selectors' querysets, compiled into the page query)."""

    name: str


Piece = str | Slot | Given

# Marks where a ``Given`` goes in generated SQL (no generated SQL holds a NUL).
GIVEN_MARK = "\x00"
# A relation's place in generated SQL (``statements.relation``).
RELATION = re.compile(RELATION_MARK + "([a-z_]+)" + RELATION_MARK)


def object_pieces(
    serializer_class: type[drf.Serializer],
    model: type[db.Model],
    alias: str,
    computed: Mapping[str, Piece],
) -> list[Piece]:
    """``serializer_class``'s JSON object over table ``alias`` of ``model``, as SQL text pieces
    and slots. ``computed`` gives the SQL (or a ``Slot``) of every nested or computed field."""
    pieces: list[Piece] = []
    fields = serializer_class().fields
    for position, (name, field) in enumerate(fields.items()):
        opening = ("{" if position == 0 else ",") + key(name) + ":"
        pieces.append(literal(opening))
        if name in computed:
            pieces.append(computed[name])
            continue
        if isinstance(
            field, drf.BaseSerializer | drf.SerializerMethodField | drf.HiddenField
        ) or field.source in ("*", None):
            raise NotWritable(f"{serializer_class.__name__}.{name} needs its SQL")
        model_field = model._meta.get_field(field.source)
        if not isinstance(model_field, db.Field):
            raise NotWritable(f"{serializer_class.__name__}.{name} is not a column")
        pieces.append(value_sql(field, model_field, column(alias, model, field.source)))
    pieces.append(literal("}"))
    return pieces


def sql_text(pieces: Iterable[Piece]) -> str:
    """Pieces without slots as one SQL text expression."""
    parts = []
    for piece in pieces:
        if isinstance(piece, Slot):
            raise NotWritable(f"{piece.name} is written in Python, not inside a nested object")
        parts.append(_given_mark(piece) if isinstance(piece, Given) else piece)
    return joined(parts)


def _given_mark(piece: Given) -> str:
    return GIVEN_MARK + piece.name + GIVEN_MARK


def segments(pieces: Sequence[Piece]) -> tuple[list[str], list[str]]:
    """The SQL of each text segment, and the slot names between them (one fewer)."""
    texts: list[list[str]] = [[]]
    slots: list[str] = []
    for piece in pieces:
        if isinstance(piece, Slot):
            slots.append(piece.name)
            texts.append([])
        elif isinstance(piece, Given):
            texts[-1].append(_given_mark(piece))
        else:
            texts[-1].append(piece)
    return [joined(parts or ["''"]) for parts in texts], slots


def joined(parts: Sequence[str]) -> str:
    """Text expressions, none of them NULL, as one: a balanced tree of ``||``.

    ``concat`` looks up the output function of each of its arguments on every call; a
    chain of ``||`` would copy the growing row again at every step (a row's JSON is some
    eighty pieces); a balanced tree copies each piece only about seven times, and wrote a
    claims page in 7 % less of PostgreSQL's time than ``concat``. ``||`` gives NULL if a
    piece is NULL, so no piece ever is: a literal, a column as ``value_sql`` writes it
    (``null`` for NULL), a reference COALESCEd or guarded by its join, a list COALESCEd
    to ``[]``.
    """
    if not parts:
        return "''"
    if len(parts) == 1:
        return parts[0]
    middle = len(parts) // 2
    return f"({joined(parts[:middle])} || {joined(parts[middle:])})"


def table(model: type[db.Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def column(alias: str, model: type[db.Model], name: str) -> str:
    """Field ``name`` of ``model`` (or its attname, ``scope_id``) in table ``alias``."""
    field = model._meta.get_field(name)
    if not isinstance(field, db.Field) or field.column is None:
        raise NotWritable(f"{model.__name__}.{name} is not a column")
    return f"{alias}.{connection.ops.quote_name(field.column)}"


def reference(
    serializer_class: type[drf.Serializer],
    model: type[db.Model],
    alias: str,
    key_sql: str,
    *,
    joins: str = "",
    computed: Mapping[str, str] | None = None,
) -> str:
    """The JSON object of the ``model`` row whose id is ``key_sql`` (``null`` when none)."""
    written = sql_text(object_pieces(serializer_class, model, alias, computed or {}))
    return (
        f"COALESCE((SELECT {written} FROM {table(model)} {alias} {joins} "
        f"WHERE {alias}.id = {key_sql}), 'null')"
    )


# --- A list whose rows the database writes ---------------------------------------------------

# Python values in a slot are encoded as the renderer would (compact, UTF-8, DRF's types).
_encode = JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=True).encode


def encoded(value: Any) -> str:
    """``_encode(value)``, without the encoder's set-up for the values most slots hold."""
    if value is None:
        return "null"
    kind = type(value)
    if kind is str:
        return encode_basestring(value)
    if kind is int:
        return int.__repr__(value)
    if kind is bool:
        return "true" if value else "false"
    return _encode(value)


class ObjectText:
    """A row representation of plain fields (``rows.USD``) written straight to JSON text:
    ``encoded(representation.one(row))`` without the dict and the encoder between them.

    The first ``varying`` fields are written for every row; the text of the rest is kept
    for each set of their values (a dollar amount varies, its rate, year and source repeat
    over a page), up to ``TAILS_KEPT`` of them.
    """

    TAILS_KEPT = 4096

    def __init__(self, representation: rows.RowRepresentation, *, varying: int | None = None):
        plan: list[tuple[str, str, Callable[[Any], Any] | None]] = []
        for position, (name, column, write) in enumerate(representation.plan):
            if column is None:
                raise NotWritable(f"{name} is computed, not a plain field")
            plan.append((("{" if position == 0 else ",") + key(name) + ":", column, write))
        split = len(plan) if varying is None else varying
        self.head, self.tail = plan[:split], plan[split:]
        # The tail's values as one key (their tuple; a single value as itself).
        tail_columns = [column for _, column, _ in self.tail]
        self.tail_values = itemgetter(*tail_columns) if tail_columns else None
        self.tails: dict[Any, str] = {}

    def __call__(self, row: Mapping[str, Any]) -> str:
        if not self.head and not self.tail:
            return "{}"
        parts = _fields_text(self.head, row)
        if self.tail_values is not None:
            values = self.tail_values(row)
            tail = self.tails.get(values)
            if tail is None:
                if len(self.tails) >= self.TAILS_KEPT:
                    self.tails.clear()
                tail = self.tails[values] = "".join(_fields_text(self.tail, row))
            parts.append(tail)
        parts.append("}")
        return "".join(parts)


def _fields_text(
    plan: list[tuple[str, str, Callable[[Any], Any] | None]], row: Mapping[str, Any]
) -> list[str]:
    parts = []
    for opening, column, write in plan:
        value = row[column]
        parts.append(opening)
        if value is None:
            parts.append("null")
        else:
            parts.append(encoded(value if write is None else write(value)))
    return parts


def sql_rows_enabled() -> bool:
    """Whether this database and configuration write list rows in SQL.

    The timestamp writing is UTC's (``Z``); a site in another zone keeps the portable path
    (``rows.py``), as do SQLite and a deployment that turns it off (``API_ROWS_IN_SQL=0``).
    """
    return (
        connection.vendor == "postgresql"
        and settings.API_ROWS_IN_SQL
        # The text is written compact and in UTF-8, as JSONRenderer writes by default.
        and api_settings.UNICODE_JSON
        and api_settings.COMPACT_JSON
        and settings.USE_TZ
        and settings.TIME_ZONE == "UTC"
    )


class GivenSQL:
    """SQL given with a request for a ``Given`` piece: built only when the page query is
    compiled, and ``key`` names what it depends on (None: not known, compiled each time)."""

    def __init__(self, key: Hashable | None, build: Callable[[], tuple[str, Sequence[Any]]]):
        self.key = key
        self._build = build

    @cached_property
    def sql(self) -> tuple[str, Sequence[Any]]:
        return self._build()


def _segment_sql(template: list[str], given: Mapping[str, GivenSQL]) -> tuple[str, list[Any]]:
    """A segment's SQL (``template``: text, then a ``Given`` name, text...) and parameters."""
    sql: list[str] = []
    params: list[Any] = []
    for position, part in enumerate(template):
        if position % 2:
            given_sql, given_params = given[part].sql
            sql.append(given_sql)
            params.extend(given_params)
        else:
            sql.append(part)
    return "".join(sql), params


class RenderedRows(str):
    """A page's ``results`` already written as a JSON array (``renderers.RowsJSONRenderer``
    puts it in the body as is)."""

    __slots__ = ()


class SqlRows:
    """How a list's rows are read with their JSON: the queryset's columns and the segments'
    SQL, then per page the Python slots' values encoded between the segments."""

    def __init__(self, pieces: Callable[[], Sequence[Piece]], *, columns: Iterable[str]) -> None:
        # Built on first use: the pieces reverse URLs, which the URL configuration that
        # imports this module cannot answer yet.
        self._pieces = pieces
        # What the slots, the cursor and Last-Modified read besides the segments.
        self.columns = tuple(dict.fromkeys(columns))

    @cached_property
    def segments(self) -> tuple[list[list[str]], list[str]]:
        """Each segment's SQL split at its ``Given`` marks (odd places: their names), and
        the slots between the segments."""
        texts, slots = segments(self._pieces())
        return [text.split(GIVEN_MARK) for text in texts], slots

    @cached_property
    def keys(self) -> list[str]:
        return [f"_json{n}" for n in range(len(self.segments[0]))]

    @cached_property
    def relations(self) -> dict[str, list[str]]:
        """The relations each segment's SQL reads from joins (``joined``), by segment."""
        templates, _ = self.segments
        return {
            name: list(dict.fromkeys(RELATION.findall("".join(template[0::2]))))
            for name, template in zip(self.keys, templates, strict=True)
        }

    def read(
        self, queryset: QuerySet[Any], given: Mapping[str, GivenSQL] | None = None
    ) -> QuerySet[Any]:
        """``queryset`` as rows of the columns and the segments, with ``given``'s SQL and
        parameters where the pieces asked for them, read through the statement cache
        (``statements.py``): the segments are put together only when a page of this shape
        is compiled, the first time."""
        templates, _ = self.segments
        given = given or {}
        written = {}
        for name, template in zip(self.keys, templates, strict=True):
            needed = [given[part] for part in template[1::2]]
            key = (
                None
                if any(part.key is None for part in needed)
                else (self, name, tuple(part.key for part in needed))
            )
            relations = self.relations[name]
            written[name] = Written(key, partial(_segment_sql, template, given), relations)
        return cached_values(rows.plain(queryset), *self.columns, **written)

    def write(self, rows: list[Row], slots: Mapping[str, Callable[[Row], str]]) -> RenderedRows:
        """The page's results array, each slot's JSON text between the segments."""
        _, names = self.segments
        first = self.keys[0]
        rest = list(zip([slots[name] for name in names], self.keys[1:], strict=True))
        written = []
        for row in rows:
            parts = [row[first]]
            for write, segment in rest:
                parts.append(write(row))
                parts.append(row[segment])
            written.append("".join(parts))
        return RenderedRows("[" + ",".join(written) + "]")


# --- Claims ---------------------------------------------------------------------------------


def _path(route: str, id_sql: str) -> str:
    """The page path of route ``route`` for the row whose id is ``id_sql``, as a JSON string."""
    before, _, after = rows.url_pattern(route).partition("{}")
    return f"to_json({literal(before)} || ({id_sql})::text || {literal(after)})::text"


def joined_reference(
    serializer_class: type[drf.Serializer],
    model: type[db.Model],
    path: str,
    *,
    computed: Mapping[str, str] | None = None,
) -> str:
    """The JSON object of the row a list's row points at through relation ``path``
    (``subject``, ``article__publication``), from that relation joined to the page query
    (``null`` when the relation is empty). A correlated subquery per reference ran a
    subplan per row: five references cost a 100-row page 1.2 ms of PostgreSQL's time,
    where joins cost little more than the index lookups."""
    alias = relation(path)
    written = sql_text(object_pieces(serializer_class, model, alias, computed or {}))
    return f"CASE WHEN {alias}.id IS NULL THEN 'null' ELSE {written} END"


def _claim_article(claim: str) -> str:
    publication = reference(
        serializers.PublicationRefSerializer, Publication, "fc_p", "fc_a.publication_id"
    )
    return reference(
        serializers.ArticleRefSerializer,
        Article,
        "fc_a",
        column(claim, Claim, "article"),
        computed={"publication": publication},
    )


def _claim_sources(claim: str) -> str:
    """The claim's sources with stance and value, in the order they were attached."""
    source = sql_text(object_pieces(serializers.SourceSerializer, Source, "fc_s", {}))
    link = sql_text(
        object_pieces(serializers.SourceLinkSerializer, ClaimSource, "fc_cs", {"source": source})
    )
    return (
        f"COALESCE((SELECT '[' || string_agg({link}, ',' ORDER BY fc_cs.id) || ']' "
        f"FROM {table(ClaimSource)} fc_cs JOIN {table(Source)} fc_s ON fc_s.id = fc_cs.source_id "
        f"WHERE fc_cs.claim_id = {claim}.id), '[]')"
    )


def _claim_pieces() -> list[Piece]:
    claim = table(Claim)
    withdrawal = sql_text(object_pieces(serializers.WithdrawalSerializer, Claim, claim, {}))
    status = column(claim, Claim, "status")
    publication = joined_reference(
        serializers.PublicationRefSerializer, Publication, "article__publication"
    )
    return object_pieces(
        serializers.ClaimSerializer,
        Claim,
        claim,
        {
            "article": joined_reference(
                serializers.ArticleRefSerializer,
                Article,
                "article",
                computed={"publication": publication},
            ),
            "sources": _claim_sources(claim),
            "usd": Slot("usd"),
            "converted_from": Slot("converted_from"),
            "subject": joined_reference(serializers.EntityRefSerializer, Entity, "subject"),
            "counterparty": joined_reference(
                serializers.EntityRefSerializer, Entity, "counterparty"
            ),
            "metric": joined_reference(serializers.MetricRefSerializer, Metric, "metric"),
            "note": Slot("note"),
            "withdrawal": (
                f"CASE WHEN {status} = {literal(ClaimStatus.WITHDRAWN)} "
                f"THEN {withdrawal} ELSE 'null' END"
            ),
            "page_url": _path("claim-detail", f"{claim}.id"),
        },
    )


CLAIM_SQL = SqlRows(
    _claim_pieces,
    # The orderings' fields (the cursor's position), and what the reader's fields read.
    columns=("id", "created_at", "updated_at", *rows.CLAIM_READER_COLUMNS),
)


def claim_columns(queryset: QuerySet[Any], request: Request) -> QuerySet[Any]:
    # ``claims_for_rows`` says whether a restated claim is public (``converted_from_status``).
    return CLAIM_SQL.read(queryset)


def as_text(build: Callable[[Row], Any]) -> Callable[[Row], str]:
    """A slot's builder of values as a writer of their JSON text."""
    return lambda row: encoded(build(row))


USD_TEXT = ObjectText(rows.USD, varying=1)  # the dollar amount


def claim_usd_text(row: Row) -> str:
    """The ``usd`` slot as ``rows.claim_reader_fields`` gives it, written straight to text
    (a dict and the JSON encoder for every row were a third of a page's Python)."""
    conversion = rows.claim_row_usd(row)
    return "null" if conversion is None else USD_TEXT(vars(conversion))


def claim_page(page: list[Row], request: Request) -> RenderedRows:
    slots = {name: as_text(build) for name, build in rows.claim_reader_fields(request.user).items()}
    slots["usd"] = claim_usd_text
    return CLAIM_SQL.write(page, slots)


CLAIM_LIST = rows.ListRows(columns=claim_columns, page=claim_page)


# --- Figures --------------------------------------------------------------------------------


def _figure_pieces() -> list[Piece]:
    figure = table(Figure)
    unit_kind = column(relation("metric"), Metric, "unit_kind")
    return object_pieces(
        serializers.FigureSerializer,
        Figure,
        figure,
        {
            "subject": joined_reference(serializers.EntityRefSerializer, Entity, "subject"),
            "metric": joined_reference(serializers.MetricRefSerializer, Metric, "metric"),
            # The unit is the currency when the metric counts money.
            "currency": (
                f"CASE WHEN {unit_kind} = {literal(UnitKind.CURRENCY)} "
                f"THEN to_json({column(figure, Figure, 'unit')})::text ELSE '\"\"' END"
            ),
            "claims": Given("claims"),
            "open_flags": Given("open_flags"),
            "page_url": _path("figure-detail", f"{figure}.id"),
        },
    )


FIGURE_SQL = SqlRows(_figure_pieces, columns=("id", "created_at", "updated_at", "period_start"))


def ordering_sql(queryset: QuerySet[Any], alias: str) -> str:
    """The queryset's own ``order_by`` over table ``alias`` (for an aggregate's ORDER BY)."""
    terms = []
    for name in queryset.query.order_by:
        if not isinstance(name, str):
            raise NotWritable(f"ordering by {name!r}")
        direction = " DESC" if name.startswith("-") else ""
        terms.append(column(alias, queryset.model, name.lstrip("-")) + direction)
    return ", ".join(terms)


def _rows_of(queryset: QuerySet[Any], columns: Iterable[str]) -> tuple[str, tuple[Any, ...]]:
    """The SQL of ``queryset``'s ``columns``, to read as a derived table: the selector's
    visibility rule compiled, so the page query asks the very same rows."""
    sql, params = queryset.order_by().values(*columns).query.sql_with_params()
    return sql, tuple(params)


@cache
def _expanded_claim() -> str:
    """A figure's claim with ``?expand=claims``: ``ClaimValueFields`` over ``fc_c``, then its
    API ``url``, whose SQL the request gives (between the two ``GIVEN_MARK``)."""
    pieces = object_pieces(
        serializers.ClaimValueFields,
        Claim,
        "fc_c",
        {"article": _claim_article("fc_c"), "sources": _claim_sources("fc_c")},
    )
    return sql_text([*pieces[:-1], literal(',"url":'), Given("url"), literal("}")])


def _figure_claims(request: Request, *, expand: bool) -> GivenSQL:
    """Each figure's claims the reader may see, as ``rows.figure_claims`` writes them."""
    visible = figure_member_claims(request.user)
    root = request.build_absolute_uri("/").rstrip("/")
    key = queryset_key(visible)
    return GivenSQL(
        None if key is None else ("claims", expand, root, key),
        partial(_figure_claims_sql, visible, root, expand=expand),
    )


def _figure_claims_sql(
    visible: QuerySet[Any], root: str, *, expand: bool
) -> tuple[str, tuple[Any, ...]]:
    order = [name.lstrip("-") for name in visible.query.order_by if isinstance(name, str)]
    # References read the visible claims' rows themselves; expanded claims join each
    # claim's whole row (the derived table names its columns after the fields, which are
    # not always the columns' names).
    derived, params = _rows_of(visible, ["id", "figure_id", *order])
    # The site's root, then the route's path around the id.
    before, _, after = rows.url_pattern("api-claim-detail").partition("{}")
    url = "to_json(concat(%s::text, fc_c.id, %s::text))::text"
    url_params = (root + before, after)
    if expand:
        head, _, tail = _expanded_claim().split(GIVEN_MARK)
        claim, claim_params = head + url + tail, url_params
    else:
        claim = f"""concat('{{"id":', fc_c.id, ',"url":', {url}, '}}')"""
        claim_params = url_params
    rows_read = f"({derived}) fc_v JOIN {table(Claim)} fc_c ON fc_c.id = fc_v.id"
    if not expand:
        rows_read = f"({derived}) fc_c"
    sql = (
        f"COALESCE((SELECT concat('[', string_agg({claim}, ',' "
        f"ORDER BY {ordering_sql(visible, 'fc_c')}), ']') FROM {rows_read} "
        f"WHERE fc_c.figure_id = {table(Figure)}.id), '[]')"
    )
    return sql, (*claim_params, *params)


def _figure_open_flags(request: Request) -> GivenSQL:
    """Each figure's open flags the reader may see, as ``rows.figure_open_flags`` writes them."""
    flags = rows.open_flags(request.user)
    explanation = flag_explanation_field(request.user)
    key = queryset_key(flags)
    return GivenSQL(
        None if key is None else ("open_flags", explanation, key),
        partial(_figure_open_flags_sql, flags, explanation),
    )


def _figure_open_flags_sql(
    flags: QuerySet[ConflictFlag], explanation: str
) -> tuple[str, tuple[Any, ...]]:
    columns = [*rows.FLAG_REF.columns, "figure_id", "updated_at", explanation]
    derived, params = _rows_of(flags, columns)
    written = value_sql(
        drf.CharField(),
        ConflictFlag._meta.get_field(explanation),  # type: ignore[arg-type]  # a concrete column
        column("fc_f", ConflictFlag, explanation),
    )
    flag = sql_text(
        object_pieces(serializers.FlagRefSerializer, ConflictFlag, "fc_f", {"explanation": written})
    )
    sql = (
        f"COALESCE((SELECT concat('[', string_agg({flag}, ',' "
        f"ORDER BY {ordering_sql(flags, 'fc_f')}), ']') FROM ({derived}) fc_f "
        f"WHERE fc_f.figure_id = {table(Figure)}.id), '[]')"
    )
    return sql, params


def figure_columns(queryset: QuerySet[Any], request: Request) -> QuerySet[Any]:
    expand = request.query_params.get("expand") == "claims"
    given = {
        "claims": _figure_claims(request, expand=expand),
        "open_flags": _figure_open_flags(request),
    }
    return FIGURE_SQL.read(queryset, given)


def figure_page(page: list[Row], request: Request) -> RenderedRows:
    return FIGURE_SQL.write(page, {})


FIGURE_LIST = rows.ListRows(columns=figure_columns, page=figure_page)


# --- The page query, prepared -----------------------------------------------------------------


class PageCursor(ServerBindingCursor):
    """The page query's cursor: bound on the server, and its timestamps read by psycopg's
    own loader.

    Django reads ``timestamptz`` with a subclass of psycopg's loader that sets the
    connection's zone on each value; being a subclass, it runs psycopg's pure-Python
    parser instead of the C one, some 0.7 ms for the two timestamps of a hundred rows.
    On this path the site's zone is UTC (``sql_rows_enabled``), which Django also makes
    the session's, and psycopg's loader gives each value the session's zone: the very
    values Django's loader gives.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.adapters.register_loader(  # type: ignore[attr-defined]  # psycopg's Cursor has it; the stubs declare Django's subclass bare
            "timestamptz", TimestamptzLoader
        )


@contextmanager
def prepared_statements(*, generic: bool = False) -> Iterator[None]:
    """Queries run inside are prepared on their connection (server-side binding): a page
    query is some eight kilobytes of SQL, which PostgreSQL would otherwise parse and plan
    again for every page. Django binds on the client and prepares nothing by default, to
    keep transaction-mode connection poolers working; a deployment behind one turns the
    SQL rows off (``API_ROWS_IN_SQL=0``). Their cursors are ``PageCursor``s.

    ``generic``: for a page no filter narrows (the reader's visibility and the cursor's
    key are its only parameters), PostgreSQL keeps one plan instead of planning it again
    for each page. It plans a statement anew whenever it guesses that pays, and for a
    cursor's page or a figures page it always guessed so: planning a page query takes
    some 4.5 ms, more than running it. A filter's values (a subject with three claims or
    with thirty thousand) do change the best plan, so a filtered page is left to guess.
    """
    connection.ensure_connection()
    raw = connection.connection
    _plan_cache_mode(raw, "force_generic_plan" if generic else None)
    before = raw.cursor_factory, raw.prepare_threshold
    # Prepared from the first time (psycopg keeps the connection's last hundred).
    raw.cursor_factory, raw.prepare_threshold = PageCursor, 0
    try:
        yield
    finally:
        raw.cursor_factory, raw.prepare_threshold = before


# The plan cache mode each connection's session was last given (None: the server's).
_plan_modes: weakref.WeakKeyDictionary[Any, str | None] = weakref.WeakKeyDictionary()


def _plan_cache_mode(raw: Any, mode: str | None) -> None:
    """Set ``plan_cache_mode`` for the page statements to come (None: the server's own)."""
    command = "RESET plan_cache_mode" if mode is None else f"SET plan_cache_mode = {mode}"
    if connection.in_atomic_block:
        # Inside a transaction a SET may be rolled back with it: set it for the transaction.
        raw.execute(f"SET LOCAL plan_cache_mode = {mode or 'DEFAULT'}", prepare=False)
        return
    if _plan_modes.get(raw) != mode:
        raw.execute(command, prepare=False)
        _plan_modes[raw] = mode
