"""The API's renderers: JSON with pages written by the database, CSV and NDJSON.

``RowsJSONRenderer`` is DRF's JSON renderer that also takes a page whose ``results`` the
database already wrote as JSON text (``rows_sql.RenderedRows``) and puts that text in place.

CSV and NDJSON are the list formats for spreadsheets and scripts (``?format=csv|ndjson``).
Lists in these formats are streamed by ``articles.api.exports`` straight from a database
cursor; these renderers exist so content negotiation knows the formats, and they render
the same flat rows for anything handed to them whole.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping
from typing import Any

from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.utils.encoders import JSONEncoder

from .rows_sql import RenderedRows

# Spreadsheets run a cell starting with one of these as a formula (CSV injection).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> Any:
    """A value as a CSV cell: empty for null, and text a spreadsheet would run made inert."""
    if value is None:
        return ""
    if not isinstance(value, str):
        value = str(value)
    if value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def csv_lines(rows: Iterable[Mapping[str, Any]], columns: list[str], *, header: bool) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    if header:
        writer.writerow(columns)
    for row in rows:
        writer.writerow([csv_cell(row.get(column)) for column in columns])
    return buffer.getvalue()


def ndjson_lines(rows: Iterable[Mapping[str, Any]]) -> str:
    return "".join(
        json.dumps(row, cls=JSONEncoder, ensure_ascii=False, separators=(",", ":")) + "\n"
        for row in rows
    )


def _rows(data: Any) -> list[Mapping[str, Any]]:
    if isinstance(data, Mapping):
        return [data]
    return list(data or [])


class CSVRenderer(BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data: Any, accepted_media_type: Any = None, renderer_context: Any = None):
        rows = _rows(data)
        columns = list(rows[0]) if rows else []
        return csv_lines(rows, columns, header=True).encode()


class NDJSONRenderer(BaseRenderer):
    media_type = "application/x-ndjson"
    format = "ndjson"
    charset = "utf-8"

    def render(self, data: Any, accepted_media_type: Any = None, renderer_context: Any = None):
        return ndjson_lines(_rows(data)).encode()


# How a compact rendering of a page with empty results ends (``results`` is the last key).
EMPTY_RESULTS_END = b'"results":[]}'


class RowsJSONRenderer(JSONRenderer):
    """JSON, where a page's ``results`` may come already written (``RenderedRows``)."""

    def render(self, data: Any, accepted_media_type: Any = None, renderer_context: Any = None):
        results = data.get("results") if isinstance(data, Mapping) else None
        if not isinstance(results, RenderedRows):
            return super().render(data, accepted_media_type, renderer_context)
        page = super().render({**data, "results": []}, accepted_media_type, renderer_context)
        if not page.endswith(EMPTY_RESULTS_END):  # indented on request: render it whole
            return super().render(
                {**data, "results": json.loads(results)}, accepted_media_type, renderer_context
            )
        # The escapes JSONRenderer applies to its whole output (JavaScript line separators).
        text = results.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
        return page[: -len(b"[]}")] + text.encode() + b"}"
