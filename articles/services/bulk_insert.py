"""Write many rows with their history rows in a few statements: new rows through COPY and
changed rows through one UPDATE on PostgreSQL, Django's bulk methods elsewhere.

django-simple-history's ``bulk_create_with_history`` goes through Django's ``bulk_create``,
which on PostgreSQL sends every column as one array parameter that psycopg escapes element by
element in Python. For the thousands of flags a full reconcile raises (long explanations, JSON
snapshots) that escaping and the per-value preparation cost more than the database's own work.
``COPY ... FROM STDIN`` streams the same rows in PostgreSQL's text format instead. Its
``bulk_update_with_history`` goes through ``bulk_update``, which builds a ``CASE`` per column
and row and costs more than saving a few rows one by one; ``UPDATE ... FROM (VALUES ...)``
writes them in one statement. The libraries that wrap COPY for Django
(django-postgres-copy and the like) load CSV files into a model and write no simple-history
rows, so this small helper is ours; on other databases it defers to simple-history's bulk
functions unchanged.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any, TypeVar

from django.db import connection, connections, models
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

ModelT = TypeVar("ModelT", bound=models.Model)


def insert_with_history(
    model: type[ModelT], objs: Sequence[ModelT], *, change_reason: str
) -> list[ModelT]:
    """Save new ``objs`` and one "created" history row each; return them with primary keys."""
    objs = list(objs)
    if not objs:
        return []
    if connection.vendor != "postgresql":
        return bulk_create_with_history(
            objs, model, batch_size=1000, default_change_reason=change_reason
        )
    opts = model._meta
    # The connection itself, not the thread-local proxy: it is consulted for every value.
    db = connections[connection.alias]
    with connection.cursor() as cursor:
        # Keys come from the table's own sequence, so rows inserted later by anyone else
        # never collide with these.
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [opts.db_table, opts.pk.column, len(objs)],
        )
        for obj, (pk,) in zip(objs, cursor.fetchall(), strict=True):
            obj.pk = pk
    fields = opts.concrete_fields
    # The database-side form of every value, computed once for the row and its history.
    rows = [[_prepared(f, f.pre_save(obj, True), db) for f in fields] for obj in objs]
    _copy(opts.db_table, [str(f.column) for f in fields], rows)
    for obj in objs:
        obj._state.adding = False
        obj._state.db = db.alias

    history_model = model.history.model  # type: ignore[attr-defined]  # simple-history adds `history` to every model it registers
    position = {f.attname: n for n, f in enumerate(fields)}
    extra = {
        "history_date": timezone.now(),
        "history_change_reason": change_reason,
        "history_type": "+",
        "history_user_id": None,
    }
    history_fields = [f for f in history_model._meta.concrete_fields if not f.primary_key]
    picks = [position.get(f.attname) for f in history_fields]
    unknown = [
        f.attname
        for f, n in zip(history_fields, picks, strict=True)
        if n is None and f.attname not in extra
    ]
    if unknown:
        raise ValueError(f"{history_model.__name__} has columns this helper cannot fill: {unknown}")
    _copy(
        history_model._meta.db_table,
        [f.column for f in history_fields],
        (
            [
                row[n] if n is not None else extra[f.attname]
                for f, n in zip(history_fields, picks, strict=True)
            ]
            for row in rows
        ),
    )
    return objs


def update_with_history(
    model: type[ModelT], objs: Sequence[ModelT], fields: Sequence[str], *, when: datetime
) -> None:
    """Save these ``fields`` of existing ``objs`` and one "changed" history row each, dated
    ``when``, with the user and reason ``history_note`` put on each object."""
    objs = list(objs)
    if not objs:
        return
    if connection.vendor != "postgresql":
        bulk_update_with_history(objs, model, list(fields), batch_size=500, default_date=when)
        return
    opts = model._meta
    db = connections[connection.alias]
    by_name = {f.name: f for f in opts.concrete_fields}
    pk = next(f for f in opts.concrete_fields if f.primary_key)
    written = [pk, *(by_name[name] for name in fields)]
    quote = connection.ops.quote_name
    # A VALUES list types its columns from the first row's literals: cast each to its column.
    row_sql = "(" + ", ".join(f"%s::{f.db_type(db)}" for f in written) + ")"
    names = ", ".join(quote(str(f.column)) for f in written)
    assignments = ", ".join(
        f"{quote(str(f.column))} = v.{quote(str(f.column))}" for f in written[1:]
    )
    pk_column = quote(str(pk.column))
    with connection.cursor() as cursor:
        for start in range(0, len(objs), 500):
            batch = objs[start : start + 500]
            params = [_prepared(f, getattr(obj, f.attname), db) for obj in batch for f in written]
            cursor.execute(
                f"UPDATE {quote(opts.db_table)} AS t SET {assignments} "  # noqa: S608  # names from the model, values as parameters
                f"FROM (VALUES {', '.join([row_sql] * len(batch))}) AS v ({names}) "
                f"WHERE t.{pk_column} = v.{pk_column}",
                params,
            )
    model.history.bulk_history_create(objs, update=True, default_date=when)  # type: ignore[attr-defined]  # simple-history adds `history` to every model it registers


def _prepared(field: models.Field, value: Any, db: Any) -> Any:
    # Text, whole numbers and missing values go to the database as they are; only the rest
    # (decimals, dates, JSON) need the field's conversion.
    if value is None or type(value) in _AS_IS:
        return value
    return field.get_db_prep_save(value, db)


_AS_IS = frozenset({str, int, bool})


def prepared_column(field: models.Field, values: Iterable[Any], db: Any) -> list[Any]:
    """One column's values in their database form, each distinct value converted once.

    For columns of plain values and a few repeated ones (a batch's one timestamp): the
    field's conversion costs more than the rest of an insert of thousands of rows.
    """
    converted: dict[Any, Any] = {}
    column = []
    for value in values:
        if value is None or type(value) in _AS_IS:
            column.append(value)
        elif value in converted:
            column.append(converted[value])
        else:
            column.append(converted.setdefault(value, field.get_db_prep_save(value, db)))
    return column


def _copy(table: str, columns: list[str], rows: Iterable[list[Any]]) -> None:
    quote = connection.ops.quote_name
    sql = f"COPY {quote(table)} ({', '.join(quote(c) for c in columns)}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row(row)
