"""From lines to the clean body: paragraphs, and what does not belong in them.

Owns the rules every reader shares once it has found an article's paragraphs:
- text hygiene (control characters out, Unicode NFC, whitespace collapsed per paragraph);
- plain-text paragraphing (blank-line blocks; hard-wrapped lines joined, one-paragraph-per-
  line files kept apart);
- removal, each recorded as a ``RemovedBlock`` with its reason so nothing is silently lost:
  reader-comment sections ("Discussion Policy", "12 Comments", "1. Name said:" ...),
  a body repeated whole or in part, reading-time lines, an "Original url:" footer;
- paragraphs broken mid-sentence by a stray blank line are joined again;
- assembling the ``ArticleDraft`` (or the ``ReadError`` when no body is left).

Repeated blocks are found in one pass over paragraph keys (a dict lookup per paragraph),
so cleaning stays linear in the length of the article.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from articles.importing.dates import DatePhrase
from articles.importing.decoding import mojibake_sample
from articles.importing.draft import ArticleDraft, ReadError, RemovedBlock
from articles.importing.hashing import paragraph_key
from articles.importing.header import SENTENCE_END, is_reading_time
from articles.importing.language import detect_language
from articles.importing.names import clean_name

# Control characters are dropped; the line and paragraph separators among them are left
# for str.splitlines(), and zero-width/BOM characters go too. So do lone surrogates, which
# only JSON escapes can produce and no database can store.
_JUNK_CHARS = re.compile(
    r"[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\u200b\u200e\u200f\u2060\ufeff\ud800-\udfff]"
)

# --- reader comments ---------------------------------------------------------------------
_COMMENT_HEADING = re.compile(
    r"(?:discussion|comments?|commenting)\s+policy"
    r"|leave\s+a\s+(?:reply|comment|response)(?:\s+to\s+.+)?"
    r"|(?:post|add|write)\s+(?:a|your)\s+comment"
    r"|join\s+the\s+(?:discussion|conversation)"
    r"|reader\s+comments|readers'?\s+comments"
    r"|\d+\s+(?:comments?|responses?|replies|reactions)(?:\s+(?:to|on)\s+.+)?"
    r"|\d+\s+thoughts?\s+on\s+.+"
    r"|comments?\s*\(\d+\)"
    r"|(?:show|view|load|read|see)\s+(?:all\s+)?(?:\d+\s+)?comments?"
    r"|комментарии(?:\s*\(\d+\))?",
    re.IGNORECASE,
)
_WEAK_COMMENT_HEADING = re.compile(
    r"(?:comments?|responses?|discussion|what\s+do\s+you\s+think\??)", re.IGNORECASE
)
# "1. Armenian said:", "• H. Boghossian said:", "Ann says: November 21, 2016 at 3:14 pm"
_COMMENT_AUTHOR = re.compile(
    r"(?P<marker>\d{1,4}[.)]|[•·*\-–—])?\s*\S(?:.{0,60}?\S)?\s+"
    r"(?:said|says|wrote|writes|replied|commented)\s*:"
    r"(?:\s+(?:on\s+)?[\w ,.:]{0,40}\d[\w ,.:]{0,20})?",
    re.IGNORECASE,
)

# --- "Original url:" footer ----------------------------------------------------------------
_URL_FOOTER = re.compile(
    r"(?:original|source|canonical)\s*(?:url|link|article)\s*:\s*(?P<url><?https?://\S+?>?)?",
    re.IGNORECASE,
)
_URL = re.compile(r"<?(?P<url>https?://[^\s<>]+)>?", re.IGNORECASE)

# A lone repeated paragraph shorter than this may be a refrain or a repeated subheading.
_MIN_REPEATED_WORDS = 12


def prepare_text(text: str) -> str:
    """Unicode NFC without control characters; line structure untouched."""
    return unicodedata.normalize("NFC", _JUNK_CHARS.sub("", text))


def collapse(text: str) -> str:
    """One line, single spaces, no leading or trailing whitespace."""
    return " ".join(text.split())


def lines_to_paragraphs(lines: Iterable[str]) -> list[str]:
    """Plain-text paragraphing: blocks between blank lines, each block one or more paragraphs.

    A block of short lines where some line does not end a sentence is hard-wrapped prose
    and becomes one paragraph; a block of long lines (one paragraph per line, as copy-pasted
    web text comes) stays one paragraph per line.
    """
    paragraphs: list[str] = []
    block: list[str] = []
    for raw in lines:
        line = collapse(raw)
        if line:
            block.append(line)
        elif block:
            _flush_block(block, paragraphs)
            block = []
    if block:
        _flush_block(block, paragraphs)
    return paragraphs


def _flush_block(block: list[str], paragraphs: list[str]) -> None:
    if len(block) == 1:
        paragraphs.append(block[0])
    elif max(map(len, block)) <= 100 and any(line[-1] not in SENTENCE_END for line in block[:-1]):
        paragraphs.append(" ".join(block))
    else:
        paragraphs.extend(block)


@dataclass(frozen=True)
class CleanBody:
    paragraphs: tuple[str, ...]
    removed: tuple[RemovedBlock, ...]
    url: str


def clean_paragraphs(paragraphs: Sequence[str]) -> CleanBody:
    """Apply every body rule, in an order where each sees what the previous left."""
    removed: list[RemovedBlock] = []
    kept = [p for p in paragraphs if not _is_reading_time_paragraph(p, removed)]
    kept = _cut_comment_section(kept, removed)
    kept, url = _take_url_footer(kept, removed)
    kept = _join_broken_paragraphs(kept)
    kept = _drop_repeated_runs(kept, removed)
    return CleanBody(tuple(kept), tuple(removed), url)


def _is_reading_time_paragraph(paragraph: str, removed: list[RemovedBlock]) -> bool:
    if is_reading_time(paragraph):
        removed.append(RemovedBlock("reading_time", paragraph))
        return True
    return False


def _take_url_footer(paragraphs: list[str], removed: list[RemovedBlock]) -> tuple[list[str], str]:
    # Only near the end: "Source: ..." in the middle of an article is the article's text.
    for index in range(len(paragraphs) - 1, max(len(paragraphs) - 5, 0) - 1, -1):
        match = _URL_FOOTER.fullmatch(paragraphs[index])
        if not match:
            continue
        taken = [paragraphs[index]]
        url_text = match["url"]
        if url_text is None and index + 1 < len(paragraphs):
            next_match = _URL.fullmatch(paragraphs[index + 1])
            if next_match:
                url_text = next_match["url"]
                taken.append(paragraphs[index + 1])
        if url_text is None:
            continue
        url = _URL.fullmatch(url_text)
        removed.append(RemovedBlock("url_footer", "\n\n".join(taken)))
        rest = paragraphs[:index] + paragraphs[index + len(taken) :]
        return rest, url["url"] if url else ""
    return paragraphs, ""


def _cut_comment_section(paragraphs: list[str], removed: list[RemovedBlock]) -> list[str]:
    cut = _comment_section_start(paragraphs)
    if cut is None:
        return paragraphs
    removed.append(RemovedBlock("comment_section", "\n\n".join(paragraphs[cut:])))
    return paragraphs[:cut]


def _comment_section_start(paragraphs: list[str]) -> int | None:
    """Index where reader comments begin, or None. Never the first paragraph."""
    first_weak_heading: int | None = None
    first_marked_author: int | None = None
    marked_authors = 0
    for index, paragraph in enumerate(paragraphs):
        if index == 0 or len(paragraph) > 120:
            continue
        text = paragraph.rstrip(":").strip()
        if _COMMENT_HEADING.fullmatch(text):
            return index
        if first_weak_heading is None and _WEAK_COMMENT_HEADING.fullmatch(text):
            first_weak_heading = index
        author = _COMMENT_AUTHOR.fullmatch(paragraph)
        if author:
            if first_weak_heading is not None:
                return first_weak_heading
            if author["marker"]:
                marked_authors += 1
                if first_marked_author is None:
                    first_marked_author = index
    # Without a heading, only a numbered or bulleted list of "X said:" is plainly comments;
    # an interview transcript has bare "X said:" lines and must stay.
    if marked_authors >= 2:
        return first_marked_author
    return None


def _join_broken_paragraphs(paragraphs: list[str]) -> list[str]:
    """ "Amid the" + "chaos of the Soviet collapse..." was one paragraph broken by a blank line."""
    groups: list[list[str]] = []
    for paragraph in paragraphs:
        if (
            groups
            and paragraph[0].islower()
            and groups[-1][-1][-1] not in SENTENCE_END
            and groups[-1][-1][-1] not in ":;"
        ):
            groups[-1].append(paragraph)  # joined once at the end: no quadratic re-copying
        else:
            groups.append([paragraph])
    return [" ".join(group) for group in groups]


def _drop_repeated_runs(paragraphs: list[str], removed: list[RemovedBlock]) -> list[str]:
    """Keep the first occurrence of a repeated run of paragraphs; record the repeats."""
    seen: set[str] = set()
    kept: list[str] = []
    run: list[str] = []

    def flush() -> None:
        if len(run) >= 2 or (run and len(run[0].split()) >= _MIN_REPEATED_WORDS):
            removed.append(RemovedBlock("repeated_block", "\n\n".join(run)))
        else:
            kept.extend(run)
        run.clear()

    for paragraph in paragraphs:
        key = paragraph_key(paragraph)
        if key in seen:
            run.append(paragraph)
            continue
        flush()
        seen.add(key)
        kept.append(paragraph)
    flush()
    return kept


def build_draft(
    *,
    name: str,
    raw: str,
    source_format: str,
    encoding: str,
    paragraphs: Iterable[str],
    title: str = "",
    removed: Iterable[RemovedBlock] = (),
    byline: str = "",
    published: DatePhrase | None = None,
    url: str = "",
    language: str = "",
    publication: str = "",
    standfirst: str = "",
    captions: Iterable[str] = (),
) -> ArticleDraft | ReadError:
    """Clean the paragraphs and assemble the draft; a ReadError when no body is left.

    Captions are recorded in ``removed`` too: they were taken out of the article's text.
    Title, byline and publication are names: ``clean_name`` keeps them to one line of
    visible text; the body keeps what ``prepare_text`` left in it.
    """
    clean = clean_paragraphs([p for p in map(collapse, paragraphs) if p])
    kept_captions = tuple(c for c in map(collapse, captions) if c)
    body = "\n\n".join(clean.paragraphs)
    if not body:
        return ReadError(name, "no article text found")
    title = clean_name(title)
    warnings = []
    if sample := mojibake_sample(f"{title}\n{body}"):
        warnings.append(
            f"looks garbled by a wrong encoding ({sample}): the text was probably misread "
            "once before this file was saved; check it against the original"
        )
    return ArticleDraft(
        name=name,
        title=title,
        body=body,
        raw=raw,
        source_format=source_format,
        encoding=encoding,
        byline=clean_name(byline),
        published_on=published.date if published else None,
        published_precision=published.precision if published else "unknown",
        url=url or clean.url,
        language=language or detect_language(body),
        publication=clean_name(publication),
        standfirst=collapse(standfirst),
        captions=kept_captions,
        removed=(*removed, *(RemovedBlock("caption", c) for c in kept_captions), *clean.removed),
        warnings=tuple(warnings),
    )
