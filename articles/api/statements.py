"""Page queries compiled once per shape, then only bound: the list pages' SQL without Django's
compiler on every request.

Django compiles a queryset to SQL each time it is read. A page of the claims or figures
list (``rows_sql.py``: some twenty columns, the SQL that writes each row's JSON, the
reader's visibility rule, the cursor's position) took 0.5 to 1.5 ms of Python to compile,
for a text that is the same on every page of the same list for the same reader and
filters. Here a page query's *shape*, everything that decides its text, is the key of its
compiled statement: the model, the columns, the joins, the ordering and the slice, the SQL
of its WHERE clause with the types of its parameters, and for each ``Written`` expression
(SQL put together only when the query is compiled) the key it was given. The WHERE clause
is compiled on every request, because that is where the selectors' visibility rule, the
filters and the cursor's position are; the text around it comes from the cache, and the
request's own WHERE parameters are bound in their place. Visibility is still asked of the
selectors every time: their rule is the WHERE clause, and a different rule is a different
key.

A query whose text the key cannot vouch for (``extra()``, ``distinct()``, grouping, unions,
expressions in the ordering, a WHERE clause that does not appear exactly once in the
compiled text, values the database backend converts) is compiled as Django always does.
With ``CHECK`` on (the tests turn it on), every statement taken from the cache is compared
with a fresh compile, so a shape the key missed fails loudly instead of answering wrongly.

Django has no statement cache of its own (each ``QuerySet`` compiles afresh), and
server-side prepared statements, which this module's statements also are
(``rows_sql.prepared_statements``), spare PostgreSQL the parsing, not Python the compiling.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import EmptyResultSet, FullResultSet
from django.db import connections
from django.db.models import QuerySet, fields
from django.db.models.expressions import Expression
from django.db.models.query import ValuesIterable
from django.db.models.sql import Query
from django.db.models.sql.compiler import SQLCompiler

# Compare every statement taken from the cache with a fresh compile (the tests set it).
CHECK = False
MAX_STATEMENTS = 256
# Placeholders as Django's SQL writes them: ``%s`` a parameter, ``%%`` a percent sign.
PLACEHOLDER = re.compile(r"%%|%s")

SqlParams = tuple[str, Sequence[Any]]


# Marks a relation's path in written SQL, where the alias of its join goes (``Written``).
RELATION_MARK = "\x01"


def relation(path: str) -> str:
    """The place of the joined table of relation ``path`` (``article__publication``) in SQL
    that a ``Written`` expression writes."""
    return RELATION_MARK + path + RELATION_MARK


def _joined_alias(query: Query, path: str) -> str:
    """The alias of the table ``path`` leads to, joined to ``query`` (a left join where the
    relation may be empty, as Django joins any nullable relation)."""
    model: Any = query.model
    for name in path.split("__"):
        model = model._meta.get_field(name).related_model
    # A column of the related table itself (its key would be read from the foreign key).
    column = next(field for field in model._meta.concrete_fields if not field.primary_key)
    read = query.resolve_ref(f"{path}__{column.name}", allow_joins=True)
    return str(read.alias)  # type: ignore[attr-defined]  # a column (Col) names its table's alias


class Written(Expression):
    """SQL put together only when its query is compiled (``build``), with the ``key`` that
    names everything the text and its parameters depend on (None when nothing can: the
    query is then compiled every time). ``relations`` are joined to the query, and each
    ``relation(path)`` in the SQL becomes its join's alias."""

    def __init__(
        self,
        key: Hashable | None,
        build: Callable[[], SqlParams],
        relations: Sequence[str] = (),
    ) -> None:
        super().__init__(output_field=fields.Field())
        self.key = key
        self.build = build
        self.relations = tuple(relations)
        self.aliases: dict[str, str] = {}

    def resolve_expression(self, query: Any = None, *args: Any, **kwargs: Any) -> Any:
        resolved = super().resolve_expression(query, *args, **kwargs)
        resolved.aliases = {path: _joined_alias(query, path) for path in self.relations}
        return resolved

    def as_sql(self, compiler: Any, connection: Any) -> Any:
        sql, params = self.build()
        for path, alias in self.aliases.items():
            sql = sql.replace(relation(path), compiler.quote_name_unless_alias(alias))
        return f"({sql})", list(params)

    def get_group_by_cols(self) -> list[Any]:
        return [self]


@dataclass(frozen=True)
class Statement:
    """A compiled page query: its text, the parameters around the WHERE clause's, and the
    names of its columns (``values()``'s keys)."""

    sql: str
    before: tuple[Any, ...]
    after: tuple[Any, ...]
    names: tuple[str, ...]


class StatementCache:
    """The last ``size`` statements used, by shape (a shape that cannot be cached is kept as
    ``None``, so it is not tried again)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.hits = self.misses = 0
        self._entries: OrderedDict[Hashable, Statement | None] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> tuple[bool, Statement | None]:
        with self._lock:
            if key not in self._entries:
                self.misses += 1
                return False, None
            self.hits += 1
            self._entries.move_to_end(key)
            return True, self._entries[key]

    def put(self, key: Hashable, statement: Statement | None) -> None:
        with self._lock:
            self._entries[key] = statement
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self.hits = self.misses = 0


statements = StatementCache(MAX_STATEMENTS)


def _typed(params: Sequence[Any]) -> tuple[type, ...]:
    return tuple(type(param) for param in params)


def shape(
    query: Query, compiler: SQLCompiler, *, with_values: bool = False
) -> tuple[Hashable, str, list[Any]] | None:
    """What decides ``query``'s text, and its WHERE clause compiled (the text and the
    parameters); None when the key cannot vouch for the text. ``with_values`` puts the
    WHERE parameters themselves in the key (for SQL whose parameters are cached with it)."""
    if (
        query.combinator
        or query.distinct
        or query.extra
        or query.extra_order_by
        or query.select_for_update
        or query.group_by is not None
        or any(not isinstance(term, str) for term in query.order_by)
    ):
        return None
    annotations: list[Hashable] = []
    for name, expression in query.annotation_select.items():
        if isinstance(expression, Written):
            if expression.key is None:
                return None
            annotations.append((name, expression.key))
        else:
            sql, params = compiler.compile(expression)
            annotations.append((name, sql, tuple(params)))
    where_params: list[Any] = []
    try:
        where_sql, compiled = compiler.compile(query.where)  # type: ignore[arg-type]  # a WhereNode compiles as an expression does (Django's compiler passes it so)
        where_params = list(compiled)
    except FullResultSet:
        where_sql = ""
    except EmptyResultSet:
        return None
    joins = tuple(
        (alias, join.identity, getattr(join, "join_type", None))
        for alias, join in query.alias_map.items()
        if query.alias_refcount[alias]
    )
    key = (
        query.model,
        compiler.using,
        tuple(query.values_select),
        tuple(getattr(query, "selected", None) or ()),
        tuple(annotations),
        joins,
        tuple(query.order_by),
        query.default_ordering,
        query.standard_ordering,
        query.low_mark,
        query.high_mark,
        where_sql,
        tuple((type(p), p) for p in where_params) if with_values else _typed(where_params),
    )
    try:
        hash(key)
    except TypeError:  # a parameter without a value to compare (a list): no key
        return None
    return key, where_sql, list(where_params)


def queryset_key(queryset: QuerySet[Any]) -> Hashable | None:
    """A key of ``queryset``'s rows, parameters included (for SQL built from it)."""
    query = queryset.query
    found = shape(query, query.get_compiler(queryset.db), with_values=True)
    return None if found is None else found[0]


def _names(query: Query) -> tuple[str, ...]:
    # As ``ValuesIterable`` names a row's values.
    selected = getattr(query, "selected", None)
    if selected:
        return tuple(selected)
    return (*query.extra_select, *query.values_select, *query.annotation_select)


def _compiled(compiler: SQLCompiler, where_sql: str, where_params: list[Any]) -> Statement | None:
    """The statement of the query ``compiler`` compiles, its WHERE parameters cut out; None
    when they cannot be found in it for certain, or when the backend converts a value."""
    try:
        sql, compiled = compiler.as_sql()
    except (EmptyResultSet, FullResultSet):
        return None
    selected = [column[0] for column in compiler.select[0 : compiler.col_count]]
    if compiler.get_converters(selected):
        return None
    params = list(compiled)
    start = len(params)
    if where_sql:
        clause = " WHERE " + where_sql
        if sql.count(clause) != 1:
            return None
        start = PLACEHOLDER.findall(sql[: sql.index(clause)]).count("%s")
        if params[start : start + len(where_params)] != where_params:
            return None
    return Statement(
        sql,
        tuple(params[:start]),
        tuple(params[start + len(where_params) :]),
        _names(compiler.query),
    )


@dataclass(frozen=True)
class WantedValues:
    """The ``values()`` a queryset is read as, applied only when its statement is compiled
    (``cached_values``): ``fields`` and ``expressions`` as ``values()`` takes them."""

    fields: tuple[str, ...]
    expressions: dict[str, Written]

    @property
    def key(self) -> Hashable | None:
        keys = tuple((name, expression.key) for name, expression in self.expressions.items())
        return None if any(key is None for _, key in keys) else (self.fields, keys)

    def applied(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.values(*self.fields, **self.expressions)


# The query attribute that carries a ``WantedValues`` (Django's ``Query.clone`` copies a
# query's attributes, so it stays with the ordered, filtered and sliced querysets).
WANTED = "statement_values_wanted"


class StatementValues(ValuesIterable):
    """``values()`` rows read with the statement cached for the query's shape.

    A queryset from ``cached_values`` is not a ``values()`` one yet: its key is the shape
    of the query as the list left it (filtered, ordered, sliced) with the values wanted,
    and ``values()`` is applied only to compile the statement the first time. Adding the
    columns and the written SQL, which joins what the rows point at, took a claims page
    a quarter of a millisecond of Python.
    """

    def __iter__(self) -> Iterator[dict[str, Any]]:
        queryset = self.queryset
        query = queryset.query
        wanted: WantedValues = getattr(query, WANTED)
        found = shape(query, query.get_compiler(queryset.db))
        if found is None or wanted.key is None:
            yield from ValuesIterable(wanted.applied(queryset))
            return
        shape_key, where_sql, where_params = found
        key = (wanted.key, shape_key)
        known, statement = statements.get(key)
        if not known:
            statement = _statement(wanted.applied(queryset), where_sql, where_params)
            statements.put(key, statement)
        if statement is None:
            yield from ValuesIterable(wanted.applied(queryset))
            return
        sql, params = statement.sql, [*statement.before, *where_params, *statement.after]
        if CHECK and known:
            fresh = wanted.applied(queryset)
            fresh_sql, fresh_params = fresh.query.get_compiler(fresh.db).as_sql()
            if (fresh_sql, list(fresh_params)) != (sql, params):
                raise AssertionError(f"A cached statement differs from its query's: {key!r}")
        with connections[queryset.db].cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        names = statement.names
        for row in rows:
            yield dict(zip(names, row, strict=True))


def _statement(
    queryset: QuerySet[Any], where_sql: str, where_params: list[Any]
) -> Statement | None:
    """The statement of ``queryset`` (a ``values()`` one) around the WHERE clause its shape
    was keyed by; None when its own WHERE clause is another (the values added a join the
    clause reads through, say)."""
    query = queryset.query
    compiler = query.get_compiler(queryset.db)
    found = shape(query, compiler)
    if found is None or (found[1], found[2]) != (where_sql, where_params):
        return None
    return _compiled(compiler, where_sql, where_params)


def cached_values(queryset: QuerySet[Any], *fields: str, **expressions: Written) -> QuerySet[Any]:
    """``queryset.values(*fields, **expressions)`` read through the statement cache, and
    every queryset made from it; ``values()`` is applied only when a statement of its shape
    is compiled (``StatementValues``)."""
    chained = queryset._chain()  # type: ignore[attr-defined]  # Django's own copy of a queryset, which the stubs leave out
    setattr(chained.query, WANTED, WantedValues(fields, expressions))
    chained._iterable_class = StatementValues
    return chained
