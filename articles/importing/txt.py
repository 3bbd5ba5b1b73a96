"""Plain-text articles: the header lines peeled off, the rest paragraphed and cleaned.

A pasted article opens with some of: a title line (short, no final period, followed by a
blank line or the body), a "By …" byline, a date line, a reading-time line ("6 minute
read") and a photo caption. Each is taken out into its field; a dateline such as
"BAKU (RFE/RL)—" is part of the first paragraph and stays there. Dates are only taken from
a line that is nothing but a date: "On October 7, …" in the body gives no date.

The same parsing serves the ``body`` field of JSON and CSV records (see ``structured``).
"""

from __future__ import annotations

from dataclasses import dataclass

from articles.importing.cleaning import build_draft, collapse, lines_to_paragraphs
from articles.importing.dates import DatePhrase, parse_date_phrase
from articles.importing.draft import ArticleDraft, ReadError, RemovedBlock
from articles.importing.header import (
    is_reading_time,
    looks_like_caption,
    looks_like_title,
    parse_byline,
)

# The header is the first few lines; a byline twenty lines down is body text.
_HEADER_LINES = 6


@dataclass(frozen=True)
class PlainText:
    title: str
    byline: str
    published: DatePhrase | None
    captions: tuple[str, ...]
    removed: tuple[RemovedBlock, ...]
    paragraphs: list[str]


def parse_plain_text(text: str, *, find_title: bool = True) -> PlainText:
    """Split prepared text into header fields and body paragraphs (not yet cleaned)."""
    lines = text.splitlines()
    index, count = 0, len(lines)
    while index < count and not lines[index].strip():
        index += 1
    title = ""
    if find_title and index < count:
        first = collapse(lines[index])
        # A title stands alone; a first line continued in lower case is wrapped prose.
        following = lines[index + 1].lstrip() if index + 1 < count else ""
        continued = following[:1].islower()
        if looks_like_title(first) and not continued and _has_text_after(lines, index + 1):
            title = first
            index += 1
    byline = ""
    published: DatePhrase | None = None
    captions: list[str] = []
    removed: list[RemovedBlock] = []
    caption_allowed = bool(title)
    seen = 0
    while index < count and seen < _HEADER_LINES:
        line = collapse(lines[index])
        if not line:
            index += 1
            continue
        seen += 1
        if is_reading_time(line):
            removed.append(RemovedBlock("reading_time", line))
        elif not byline and (name := parse_byline(line)):
            byline = name
        elif published is None and (date := parse_date_phrase(line)):
            published = date
        elif caption_allowed and looks_like_caption(line, _next_text(lines, index + 1)):
            captions.append(line)
            caption_allowed = False
        else:
            break
        index += 1
    return PlainText(
        title=title,
        byline=byline,
        published=published,
        captions=tuple(captions),
        removed=tuple(removed),
        paragraphs=lines_to_paragraphs(lines[index:]),
    )


def _has_text_after(lines: list[str], start: int) -> bool:
    return any(line.strip() for line in lines[start:])


def _next_text(lines: list[str], start: int) -> str:
    for line in lines[start:]:
        if line.strip():
            return collapse(line)
    return ""


def read_txt(text: str, *, name: str, raw: str, encoding: str) -> ArticleDraft | ReadError:
    """Read one plain-text article from prepared text."""
    parts = parse_plain_text(text)
    return build_draft(
        name=name,
        raw=raw,
        source_format="txt",
        encoding=encoding,
        title=parts.title,
        paragraphs=parts.paragraphs,
        removed=parts.removed,
        byline=parts.byline,
        published=parts.published,
        captions=parts.captions,
    )
