"""Pure article import: bytes in, ``ArticleDraft``s (or ``ReadError``s) out. No Django.

- ``iter_source_items`` walks files, folders and zip archives into named ``SourceItem``s;
- ``read_item`` decodes one item, picks its reader (txt, md, html, json, jsonl, csv) and
  returns cleaned drafts: title, byline, date with its precision, URL, captions apart,
  comment sections and repeated blocks removed and recorded in ``removed``;
- ``content_hash`` is the identity of a body under trivial re-formatting.

The Django service (``articles.services``) turns drafts into ``Article`` rows.
"""

from articles.importing.draft import (
    FORMATS,
    ArticleDraft,
    ReadError,
    RemovedBlock,
    SourceItem,
)
from articles.importing.hashing import content_hash
from articles.importing.limits import DEFAULT_MAX_ITEM_BYTES
from articles.importing.reading import read_item
from articles.importing.sources import iter_source_items, iter_uploaded_items

__all__ = [
    "DEFAULT_MAX_ITEM_BYTES",
    "FORMATS",
    "ArticleDraft",
    "ReadError",
    "RemovedBlock",
    "SourceItem",
    "content_hash",
    "iter_source_items",
    "iter_uploaded_items",
    "read_item",
]
