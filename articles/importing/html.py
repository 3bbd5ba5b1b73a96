"""HTML articles: trafilatura finds the main text and the metadata of a real news page.

trafilatura is the field's standard for this job: it drops navigation, footers, related
links and share boxes, hands reader comments back apart from the text (we record them in
``removed``), and reads title, author, canonical URL, site name and publication date from
meta tags, JSON-LD and the page. We keep to metadata for the date (no "extensive search"
through the text, which would take any date the article mentions as its publication date)
and check how precise it really is. Photo captions (``<figcaption>``) and the page language
(``<html lang>``) are read from the same parsed tree. If trafilatura finds no main text the
item is refused, not guessed. trafilatura is imported on first use so plain-text imports do
not pay for loading it.
"""

from __future__ import annotations

import datetime
import re
from typing import TYPE_CHECKING

from articles.importing.cleaning import build_draft, collapse, prepare_text
from articles.importing.dates import DatePhrase
from articles.importing.draft import ArticleDraft, ReadError, RemovedBlock

if TYPE_CHECKING:
    from lxml.html import HtmlElement  # type: ignore[import-untyped]  # no lxml-stubs

_LANG = re.compile(r"[a-zA-Z]{2,3}(?=$|[-_])")
_HTTP_URL = re.compile(r"https?://[^\s\x00-\x1f]+", re.IGNORECASE)
_DOMAIN = re.compile(r"(?:www\.)?[\w-]+(?:\.[\w-]+)+", re.IGNORECASE)


def read_html(text: str, *, name: str, raw: str, encoding: str) -> ArticleDraft | ReadError:
    """Read one HTML page with trafilatura."""
    import trafilatura
    from trafilatura.settings import Document

    tree = trafilatura.load_html(text)
    if tree is None:
        return ReadError(name, "no article text found (not parseable as HTML)")
    captions = _figcaptions(tree)
    language = _page_language(tree)
    document = trafilatura.bare_extraction(
        tree,
        with_metadata=True,
        include_comments=True,  # returned apart from the text, so we can record them
        include_tables=True,
        include_images=False,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    if not isinstance(document, Document) or not (document.text or "").strip():
        return ReadError(name, "no article text found")
    title = collapse(prepare_text(document.title or ""))
    lines = prepare_text(document.text or "").splitlines()
    paragraphs = [p for p in map(collapse, lines) if p]
    if paragraphs and title and paragraphs[0] == title:
        paragraphs.pop(0)  # the <h1> repeats the title at the top of the text
    captions = [c for c in captions if c not in paragraphs]
    removed: list[RemovedBlock] = []
    if document.comments and document.comments.strip():
        comment_lines = prepare_text(document.comments).splitlines()
        comments = "\n\n".join(p for p in map(collapse, comment_lines) if p)
        removed.append(RemovedBlock("comment_section", comments))
    url = document.url or ""
    return build_draft(
        name=name,
        raw=raw,
        source_format="html",
        encoding=encoding,
        title=title,
        paragraphs=paragraphs,
        removed=removed,
        byline=prepare_text(document.author or ""),
        published=_published(document.date, raw, url),
        url=url if _HTTP_URL.fullmatch(url) else "",
        language=language,
        publication=_publication(prepare_text(document.sitename or ""), document.hostname or ""),
        captions=captions,
    )


def _figcaptions(tree: HtmlElement) -> list[str]:
    # Captions of the article's own figures, not of teasers elsewhere on the page.
    scope = tree.xpath("//article") or tree.xpath("//main") or [tree]
    captions: list[str] = []
    for element in scope[0].xpath(".//figcaption"):
        caption = collapse(prepare_text(element.text_content()))
        if caption and caption not in captions:
            captions.append(caption)
    return captions


def _page_language(tree: HtmlElement) -> str:
    root = tree.getroottree().getroot()
    match = _LANG.match((root.get("lang") or root.get("xml:lang") or "").strip())
    return match.group().lower() if match and len(match.group()) == 2 else ""


def _publication(sitename: str, hostname: str) -> str:
    sitename = collapse(sitename)
    # trafilatura falls back to the host name; that is not the outlet "saying" its name.
    if not sitename or sitename == hostname or _DOMAIN.fullmatch(sitename):
        return ""
    return sitename


def _published(value: str | None, raw: str, url: str) -> DatePhrase | None:
    """Check trafilatura's date against the page and keep only the precision it shows.

    trafilatura (htmldate) always answers YYYY-MM-DD: given only "2024-10" it fills in
    today's day of the month. So a day is kept only when the page or its URL spells that
    day out; a month only when the page or URL shows that month; otherwise no date.
    """
    if not value:
        return None
    try:
        date = datetime.date.fromisoformat(value[:10])
    except ValueError:
        return None
    page = raw.casefold()
    day_forms = (
        f"{date:%Y-%m-%d}",
        f"{date:%d.%m.%Y}",
        f"{date:%B} {date.day}, {date.year}".casefold(),
        f"{date.day} {date:%B} {date.year}".casefold(),
        f"{date:%b} {date.day}, {date.year}".casefold(),
        f"{date:%b}. {date.day}, {date.year}".casefold(),
    )
    if any(form in page for form in day_forms) or f"{date:%Y/%m/%d}" in url:
        return DatePhrase(date, "day")
    month_forms = (f"{date:%Y-%m}", f"{date:%B} {date.year}".casefold())
    if any(form in page for form in month_forms) or f"{date:%Y/%m}" in url:
        return DatePhrase(date.replace(day=1), "month")
    return None
