"""JSON, JSON Lines and CSV: records whose fields say what the article is.

Each record may carry ``title, body, url, published, byline, publication, language``
(``text`` or ``content`` are accepted for ``body``; other fields are ignored but kept in
``raw``). A field overrides what reading the body would find; the body itself is read as
plain text, so a record without a title still gets one from a title line, and a comment
section or repeated block in it is cleaned away. ``published`` is "YYYY-MM-DD" (day),
"YYYY-MM" (month), "YYYY" (year) or a date phrase such as "November 21, 2016".

A file of several records yields one result per record, named by position:
``list.json#3`` (third element), ``feed.jsonl:line 4``, ``feed.csv:row 7`` (spreadsheet
numbering, the header being row 1). A bad record is a ReadError of its own; the others
still import. ``raw`` of a list element or CSV row is that record serialised as JSON.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping

from articles.importing.cleaning import build_draft, collapse, prepare_text
from articles.importing.dates import parse_published_value
from articles.importing.draft import ArticleDraft, ReadError
from articles.importing.txt import parse_plain_text

FIELDS = ("title", "body", "url", "published", "byline", "publication", "language")
_BODY_ALIASES = ("body", "text", "content")
_TEXT_FIELDS = ("title", "url", "published", "byline", "publication", "language")
_CSV_DELIMITERS = (",", ";", "\t")

Result = ArticleDraft | ReadError

# A file that is not really JSON Lines or CSV would otherwise give one error per line:
# millions for a few megabytes. After this many, the rest are counted, not listed.
MAX_RECORD_ERRORS = 50


class _Collector:
    """Results of one file, listing at most ``MAX_RECORD_ERRORS`` errors."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.results: list[Result] = []
        self.errors = 0

    def add(self, result: Result) -> None:
        if isinstance(result, ReadError):
            self.errors += 1
            if self.errors > MAX_RECORD_ERRORS:
                return
        self.results.append(result)

    def finish(self, *, empty: ReadError | None = None) -> list[Result]:
        if self.errors > MAX_RECORD_ERRORS:
            extra = self.errors - MAX_RECORD_ERRORS
            self.results.append(ReadError(self.name, f"{extra} more bad record(s) not listed"))
        if not self.results and empty is not None:
            return [empty]
        return self.results


def read_json(text: str, *, name: str, encoding: str) -> list[Result]:
    """One article object, or a list of them."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        return [ReadError(name, f"malformed JSON at line {exc.lineno}: {exc.msg}")]
    except (ValueError, RecursionError) as exc:  # huge integers, absurd nesting
        return [ReadError(name, f"malformed JSON: {_one_line(exc)}")]
    if isinstance(data, dict):
        return [
            read_record(
                data,
                name=name,
                where="JSON object",
                source_format="json",
                encoding=encoding,
                raw=text,
            )
        ]
    if not isinstance(data, list):
        return [ReadError(name, "JSON must be an article object or a list of them")]
    if not data:
        return [ReadError(name, "JSON list is empty")]
    results = _Collector(name)
    for position, record in enumerate(data, start=1):
        record_name = f"{name}#{position}"
        where = f"JSON record {position}"
        if not isinstance(record, dict):
            results.add(ReadError(record_name, f"{where} is not an object"))
            continue
        results.add(
            read_record(
                record,
                name=record_name,
                where=where,
                source_format="json",
                encoding=encoding,
                raw=_as_json(record),
            )
        )
    return results.finish()


def read_jsonl(text: str, *, name: str, encoding: str) -> list[Result]:
    """One article object per line; blank lines are skipped."""
    results = _Collector(name)
    # JSON strings may contain U+2028, which str.splitlines() would split on.
    for number, line in enumerate(text.split("\n"), start=1):
        line = line.strip()
        if not line:
            continue
        record_name = f"{name}:line {number}"
        where = f"JSONL line {number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            results.add(ReadError(record_name, f"malformed JSON at line {number}: {exc.msg}"))
            continue
        except (ValueError, RecursionError) as exc:
            results.add(
                ReadError(record_name, f"malformed JSON at line {number}: {_one_line(exc)}")
            )
            continue
        if not isinstance(record, dict):
            results.add(ReadError(record_name, f"{where} is not an object"))
            continue
        results.add(
            read_record(
                record,
                name=record_name,
                where=where,
                source_format="jsonl",
                encoding=encoding,
                raw=line,
            )
        )
    return results.finish(empty=ReadError(name, "no JSON lines found"))


def read_csv(text: str, *, name: str, encoding: str) -> list[Result]:
    """A header row naming the fields, then one article per row."""
    first_line = text.split("\n", 1)[0]
    delimiter = max(_CSV_DELIMITERS, key=first_line.count)
    # Article bodies are longer than csv's default 128 KB field limit allows for; the
    # item as a whole is already bounded by the importer's size limit.
    if csv.field_size_limit() < len(text) + 1:
        csv.field_size_limit(len(text) + 1)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    results = _Collector(name)
    try:
        header = next(reader, None)
        if header is None:
            return [ReadError(name, "empty CSV")]
        columns = [collapse(cell).casefold() for cell in header]
        if not any(alias in columns for alias in _BODY_ALIASES):
            shown = ", ".join(c for c in columns if c)[:80]
            return [ReadError(name, f"CSV has no 'body' column (header: {shown})")]
        for row_number, row in enumerate(reader, start=2):
            if not any(cell.strip() for cell in row):
                continue
            record_name = f"{name}:row {row_number}"
            where = f"CSV row {row_number}"
            if len(row) > len(columns):
                results.add(
                    ReadError(
                        record_name, f"{where} has {len(row)} fields, the header has {len(columns)}"
                    )
                )
                continue
            record = {column: value for column, value in zip(columns, row, strict=False) if column}
            results.add(
                read_record(
                    record,
                    name=record_name,
                    where=where,
                    source_format="csv",
                    encoding=encoding,
                    raw=_as_json(record),
                )
            )
    except csv.Error as exc:
        results.add(ReadError(name, f"malformed CSV at line {reader.line_num}: {_one_line(exc)}"))
    return results.finish(empty=ReadError(name, "CSV has a header but no rows"))


def read_record(
    record: Mapping[str, object],
    *,
    name: str,
    where: str = "record",
    source_format: str = "json",
    encoding: str = "json",
    raw: str | None = None,
) -> Result:
    """One article from a mapping of fields (also usable for records that never were bytes)."""
    fields: dict[str, str] = {}
    lowered = {str(key).strip().casefold(): value for key, value in record.items()}
    for field in (*_TEXT_FIELDS, *_BODY_ALIASES):
        value = lowered.get(field)
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            return ReadError(name, f"{where}: field '{field}' must be text")
        fields[field] = str(value)
    body = next((fields[a] for a in _BODY_ALIASES if fields.get(a, "").strip()), "")
    if not body:
        return ReadError(name, f"{where} has no body")
    published = None
    if fields.get("published", "").strip():
        published = parse_published_value(fields["published"])
        if published is None:
            return ReadError(
                name,
                f"{where}: published {fields['published'][:40]!r} is not a "
                "date (use YYYY-MM-DD, YYYY-MM or YYYY)",
            )
    url = collapse(prepare_text(fields.get("url", "")))
    if url and not url.lower().startswith(("http://", "https://")):
        return ReadError(name, f"{where}: url {url[:60]!r} is not an http(s) URL")
    title = prepare_text(fields.get("title", ""))
    parts = parse_plain_text(prepare_text(body), find_title=not title.strip())
    return build_draft(
        name=name,
        raw=raw if raw is not None else _as_json(record),
        source_format=source_format,
        encoding=encoding,
        title=title or parts.title,
        paragraphs=parts.paragraphs,
        removed=parts.removed,
        byline=prepare_text(fields.get("byline", "")) or parts.byline,
        published=published or parts.published,
        url=url,
        language=_language_code(fields.get("language", "")),
        publication=prepare_text(fields.get("publication", "")),
        captions=parts.captions,
    )


def _language_code(value: str) -> str:
    primary = value.strip().replace("_", "-").split("-", 1)[0].casefold()
    return primary if len(primary) == 2 and primary.isascii() and primary.isalpha() else ""


def _as_json(record: object) -> str:
    text = json.dumps(record, ensure_ascii=False)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates from \ud800 escapes: keep them escaped
        text = json.dumps(record)
    return text


def _one_line(exc: BaseException) -> str:
    return collapse(str(exc))[:200] or type(exc).__name__
