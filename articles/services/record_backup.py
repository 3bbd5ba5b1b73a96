"""The whole record as one versioned JSON file, and back: nothing lost, byte-for-byte stable.

The export holds articles, claims, sources, figures, flags, import runs, the reference data
they point at, the people who edited them, and every history row. Objects are written with
Django's own serializer (so each one is the familiar ``{"model", "pk", "fields"}``), model by
model in a fixed order and row by row in primary-key order, with keys sorted: the same record
always gives the same bytes. ``record_import`` restores it into an empty database (fresh
migrations are fine) and resets the id sequences.

Django's ``dumpdata``/``loaddata`` do most of this; they are not enough alone because they
neither refuse a non-empty target, nor check the format version and schema, nor promise a
deterministic order across models with history tables.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from django.apps import apps
from django.core import serializers
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder

from articles.errors import FactcheckError

FORMAT = "factcheck-record"
VERSION = 1
BATCH = 2000

# Restore order: everything an object points at comes before it.
MODELS = (
    "auth.user",
    "articles.entity",
    "articles.metric",
    "articles.scope",
    "articles.publication",
    "articles.deal",
    "articles.importrun",
    "articles.importissue",
    "articles.article",
    "articles.source",
    "articles.figure",
    "articles.claim",
    "articles.claimsource",
    "articles.conflictflag",
    "articles.historicalarticle",
    "articles.historicalclaim",
    "articles.historicalsource",
    "articles.historicalclaimsource",
    "articles.historicalfigure",
    "articles.historicalconflictflag",
    "articles.historicaldeal",
)
# Rows that must not already exist where a record is restored.
MUST_BE_EMPTY = ("articles.article", "articles.claim", "articles.source", "articles.figure")


class RecordError(FactcheckError):
    code = "record_error"


@dataclass
class RecordSummary:
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def _schema() -> str:
    latest = MigrationRecorder.Migration.objects.filter(app="articles").order_by("-name").first()
    return latest.name if latest else ""


def _rows(label: str) -> Iterator[dict[str, Any]]:
    model = apps.get_model(label)
    queryset = model._default_manager.order_by(model._meta.pk.name)
    last = None
    while True:
        page = queryset if last is None else queryset.filter(pk__gt=last)
        batch = list(page[:BATCH])
        if not batch:
            return
        for row in serializers.serialize(
            "python", batch, use_natural_foreign_keys=True, use_natural_primary_keys=True
        ):
            for name, value in list(row["fields"].items()):
                if isinstance(value, list):
                    # Many-to-many values come in database order; sort them for stable bytes.
                    row["fields"][name] = sorted(value, key=json.dumps)
            yield row
        last = batch[-1].pk


def record_export(stream: IO[str]) -> RecordSummary:
    """Write the whole record to ``stream`` as one JSON document."""
    summary = RecordSummary()
    header = {"format": FORMAT, "version": VERSION, "schema": _schema(), "models": list(MODELS)}
    stream.write("{" + json.dumps(header, sort_keys=True)[1:-1] + ',"objects":[\n')
    first = True
    outermost = not connection.in_atomic_block
    with transaction.atomic():  # one consistent snapshot (repeatable read on PostgreSQL)
        if connection.vendor == "postgresql" and outermost:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        for label in MODELS:
            count = 0
            for row in _rows(label):
                line = json.dumps(row, sort_keys=True, ensure_ascii=False, default=str)
                stream.write(("" if first else ",\n") + line)
                first = False
                count += 1
            summary.counts[label] = count
    stream.write("\n]}\n")
    return summary


def record_import(stream: IO[str]) -> RecordSummary:
    """Restore a record written by ``record_export`` into an empty database."""
    try:
        document = json.load(stream)
    except json.JSONDecodeError as exc:
        raise RecordError(f"Not a JSON record: {exc}") from exc
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise RecordError("This file is not a factcheck record export.")
    if document.get("version") != VERSION:
        raise RecordError(
            f"Record format version {document.get('version')} is not supported (this "
            f"version reads {VERSION})."
        )
    if document.get("schema") and document["schema"] != _schema():
        raise RecordError(
            f"The record was exported at migration {document['schema']}; this database is at "
            f"{_schema()}. Migrate to the same version first."
        )
    busy = [label for label in MUST_BE_EMPTY if apps.get_model(label)._default_manager.exists()]
    if busy:
        raise RecordError(
            "The database already holds a record (" + ", ".join(busy) + "): restore into an "
            "empty database."
        )
    summary = RecordSummary()
    touched = set()
    with transaction.atomic():
        for obj in serializers.deserialize(
            "python", document.get("objects", []), handle_forward_references=True
        ):
            obj.save()
            label = obj.object._meta.label_lower
            summary.counts[label] = summary.counts.get(label, 0) + 1
            touched.add(type(obj.object))
        statements = connection.ops.sequence_reset_sql(no_style(), list(touched))
        if statements:
            with connection.cursor() as cursor:
                for sql in statements:
                    cursor.execute(sql)
    return summary
