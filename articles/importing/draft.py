"""The values the importer hands out: drafts, read errors, removed blocks and source items.

Everything here is a frozen dataclass so a draft can cross from the pure reader into the
Django service (and into a Celery task or a notebook) without anyone mutating it on the way.
Nothing in this package imports Django; the service turns an ``ArticleDraft`` into an
``Article`` row.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from functools import cached_property

from articles.importing.hashing import content_hash
from articles.importing.limits import DEFAULT_MAX_ITEM_BYTES

FORMATS: tuple[str, ...] = ("txt", "md", "html", "json", "jsonl", "csv")

PRECISIONS: tuple[str, ...] = ("day", "month", "year", "unknown")

__all__ = [
    "DEFAULT_MAX_ITEM_BYTES",
    "FORMATS",
    "PRECISIONS",
    "ArticleDraft",
    "ReadError",
    "RemovedBlock",
    "SourceItem",
]


@dataclass(frozen=True)
class RemovedBlock:
    """Text the cleaner took out of the body, and why ("comment_section", "repeated_block"...)."""

    reason: str
    text: str


@dataclass(frozen=True)
class ArticleDraft:
    """One article as read from one item: cleaned body, metadata and what was removed.

    ``body`` holds paragraphs separated by exactly one blank line, with no leading or
    trailing whitespace; ``raw`` is the decoded, untouched input of this item (for a JSON
    list element or CSV row: that record serialised back as JSON).
    """

    name: str
    title: str
    body: str
    raw: str
    source_format: str
    encoding: str
    byline: str = ""
    published_on: datetime.date | None = None
    published_precision: str = "unknown"
    url: str = ""
    language: str = ""
    publication: str = ""
    standfirst: str = ""
    captions: tuple[str, ...] = ()
    removed: tuple[RemovedBlock, ...] = field(default=())
    # Imported, but an editor should look (the import report lists them as warnings).
    warnings: tuple[str, ...] = ()

    @cached_property
    def content_hash(self) -> str:
        """SHA-256 of the normalised body: the article's identity for re-imports."""
        return content_hash(self.body)


@dataclass(frozen=True)
class ReadError:
    """An item (or one record of it) that could not be read, with a one-line reason."""

    name: str
    reason: str


@dataclass(frozen=True)
class SourceItem:
    """One named blob of bytes to read: a file, a zip member, an upload or an API payload."""

    name: str
    data: bytes = field(repr=False)
    format_hint: str | None = None
