"""``read_item``: one source item in, drafts and read errors out, never an exception.

Owns the order of operations for an item -- size limit, decoding, choosing the reader,
reading -- and the choice of reader when the format is "auto": the file extension first
(with one correction: a ``.txt`` that is really markdown -- opening with a heading, as
markdown exports saved as text do -- or a saved web page is read as what it is), then the
content itself.
"""

from __future__ import annotations

import re

from articles.importing.cleaning import prepare_text
from articles.importing.decoding import DecodingError, decode_bytes
from articles.importing.draft import FORMATS, ArticleDraft, ReadError, SourceItem
from articles.importing.html import read_html
from articles.importing.limits import DEFAULT_MAX_ITEM_BYTES, oversize_reason
from articles.importing.markdown import looks_like_markdown, read_markdown
from articles.importing.structured import read_csv, read_json, read_jsonl
from articles.importing.txt import read_txt

_HTML_START = re.compile(
    r"\s*<(?:!doctype\s+html|html|head|body|article|main|div|p|h1|section)\b", re.IGNORECASE
)
_HTML_DOCUMENT = re.compile(r"\s*<(?:!doctype\s+html|html)\b", re.IGNORECASE)
_CSV_BODY_HEADER = re.compile(r"(?:^|[,;\t])\s*\"?(?:body|text|content)\"?\s*(?:[,;\t]|$)", re.I)

Result = ArticleDraft | ReadError


def read_item(
    item: SourceItem, *, format: str = "auto", max_bytes: int = DEFAULT_MAX_ITEM_BYTES
) -> list[ArticleDraft | ReadError]:
    """Read one item into drafts; every problem becomes a ReadError naming the item.

    A JSON list, JSON Lines or CSV file gives one result per record. ``format`` is one of
    ``FORMATS`` or "auto" (extension hint, then content).
    A ``.txt`` that is really a web page or markdown is read as such.
    """
    try:
        return _read(item, format, max_bytes)
    except Exception as exc:  # a bug in one reader must not stop a 10,000-item batch
        return [ReadError(item.name, f"internal error while reading: {type(exc).__name__}")]


def _read(item: SourceItem, format: str, max_bytes: int) -> list[Result]:
    if format != "auto" and format not in FORMATS:
        expected = ", ".join(FORMATS)
        return [ReadError(item.name, f"unknown format {format!r} (expected auto, {expected})")]
    if len(item.data) > max_bytes:
        return [ReadError(item.name, oversize_reason(len(item.data), max_bytes))]
    try:
        decoded = decode_bytes(item.data)
    except DecodingError as exc:
        return [ReadError(item.name, str(exc))]
    raw = decoded.text
    if not raw.strip():
        return [ReadError(item.name, "empty file (only whitespace)")]
    chosen = format if format != "auto" else detect_format(raw, item.format_hint)
    name, encoding = item.name, decoded.encoding
    if chosen == "json":
        return read_json(raw, name=name, encoding=encoding)
    if chosen == "jsonl":
        return read_jsonl(raw, name=name, encoding=encoding)
    if chosen == "csv":
        return read_csv(raw, name=name, encoding=encoding)
    if chosen == "html":
        return [read_html(raw, name=name, raw=raw, encoding=encoding)]
    text = prepare_text(raw)
    if chosen == "md":
        return [read_markdown(text, name=name, raw=raw, encoding=encoding)]
    return [read_txt(text, name=name, raw=raw, encoding=encoding)]


def detect_format(text: str, hint: str | None) -> str:
    """The reader for ``text``: the extension's, else what the content looks like."""
    if hint == "txt":
        if _HTML_DOCUMENT.match(text):  # a web page saved as .txt
            return "html"
        return "md" if looks_like_markdown(text) else "txt"
    if hint in FORMATS:
        return hint
    head = text.lstrip()[:4000]
    if head.startswith(("{", "[")):
        lines = [line.strip() for line in head.split("\n") if line.strip()]
        if len(lines) > 1 and all(line.startswith("{") for line in lines[:2]):
            return "jsonl"
        return "json"
    if _HTML_START.match(head):
        return "html"
    if looks_like_markdown(text):
        return "md"
    if _CSV_BODY_HEADER.search(head.split("\n", 1)[0]):
        return "csv"
    return "txt"
