"""Markdown articles: heading as title, bold standfirst, byline, date, captions, footer URL.

A markdown export of a news page (seed 002 is one) looks like::

    # Title
    **Standfirst in bold.**
    By [Matthew Bodner](#)
    November 21, 2016
    A caption of the photo. **Photographer / Agency**
    Body paragraphs ... ## **Subheadings** ...
    Original url:
    <https://...>

Blocks are split the CommonMark way (blank lines, headings, list items, fences), the header
blocks are taken into their fields, photo captions (an image line, or a paragraph ending in
a bold photo credit) are kept apart from the body, and the remaining text has its markdown
syntax and backslash escapes removed: ``\\$22.7`` becomes ``$22.7``, ``**bold**`` bold,
``[text](url)`` text. A full markdown library would render HTML we would then have to
strip again; the handful of inline rules news text uses are cheaper done directly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from articles.importing.cleaning import build_draft, collapse
from articles.importing.dates import DatePhrase, parse_date_phrase
from articles.importing.draft import ArticleDraft, ReadError, RemovedBlock
from articles.importing.header import is_reading_time, looks_like_title, parse_byline

_ATX_OPEN = re.compile(r" {0,3}(?P<marks>#{1,6})(?=\s|$)")
_SETEXT_UNDERLINE = re.compile(r" {0,3}(?:=+|-+)\s*")
_RULE = re.compile(r" {0,3}(?:(?:\*\s*){3,}|(?:-\s*){3,}|(?:_\s*){3,})")
_FENCE = re.compile(r" {0,3}(?P<fence>`{3,}|~{3,})")
_BULLET = re.compile(r" {0,3}[-*+]\s+(?P<text>.*)")
_ORDERED = re.compile(r" {0,3}(?P<number>\d{1,9}[.)])\s+(?P<text>.*)")
_QUOTE = re.compile(r" {0,3}>\s?")
_IMAGE_LINE = re.compile(r"!\[(?P<alt>[^\]]*)\]\((?P<src>[^)]*)\)\s*(?P<rest>.*)")
_LINK_DEFINITION = re.compile(r" {0,3}\[[^\]]+\]:\s+\S+.*")

# Inline rules, applied in this order after escapes are set aside.
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_ESCAPED = re.compile("\x00(\\d+)\x01")
# Character classes exclude the opening bracket again, so a run of unclosed "[" or "<"
# cannot make each match attempt scan to the end of the paragraph (quadratic time).
_INLINE_IMAGE = re.compile(r"!\[([^\[\]]*)\]\([^()]*\)")
_LINK = re.compile(r"\[([^\[\]]*)\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+\"[^\"]*\")?\)")
_REF_LINK = re.compile(r"\[([^\[\]]+)\]\[[^\[\]]*\]")
_AUTOLINK = re.compile(r"<((?:https?|mailto):[^<>\s]+)>", re.IGNORECASE)
_HTML_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9-]*(?:\s[^<>]*)?/?>")
# Emphasis delimiters, outermost first; each is paired by ``_unwrap`` in one pass.
_DELIMITERS = ("**", "__", "~~", "*", "_")
_CODE = re.compile(r"(`+)([^`]+)\1")

_BOLD_ONLY = re.compile(r"(?:\*\*|__)(?P<text>(?:(?!\*\*).)+)(?:\*\*|__)")
_ITALIC_ONLY = re.compile(r"[*_](?P<text>[^*_]+)[*_]")
# "A man stands near a wall ... in Stepanakert. **David Mdzinarishvili / Reuters**"
_CREDIT_WORDS = re.compile(
    r"/|\b(?:photo|photograph|reuters|ap|afp|getty|epa|tass|sputnik|ria|anadolu|shutterstock|"
    r"courtesy|pool|file)\b",
    re.IGNORECASE,
)

_MARKDOWN_SIGNALS = (
    re.compile(r"\*\*[^*\n]+\*\*"),
    re.compile(r"\[[^\[\]\n]+\]\([^()\s]*\)"),
    re.compile(r"^#{1,6}\s+\S", re.MULTILINE),
    re.compile(r"\\[$*_#\[\]]"),
    re.compile(r"^!\[", re.MULTILINE),
)


@dataclass
class _Block:
    kind: str  # "para", "heading", "image", "item", "code"
    lines: list[str]
    level: int = 0

    @property
    def source(self) -> str:
        return " ".join(line.strip() for line in self.lines)


def looks_like_markdown(text: str) -> bool:
    """True when the text opens with a heading or carries several kinds of markdown syntax."""
    head = text[:4000]
    if not any(mark in head for mark in ("#", "**", "](", "\\", "![", "==")):
        return False  # the common plain-text case, settled by substring scans
    stripped = head.lstrip()
    if re.match(r"#{1,6}\s+\S", stripped):
        return True
    lines = [line for line in stripped.splitlines()[:3] if line.strip()]
    if len(lines) >= 2 and re.fullmatch(r"=+\s*", lines[1]):
        return True
    return sum(1 for signal in _MARKDOWN_SIGNALS if signal.search(head)) >= 2


def strip_inline(text: str) -> str:
    """Markdown inline syntax out, backslash escapes resolved, whitespace collapsed."""
    if "\x00" in text or "\x01" in text:  # our escape placeholders must not collide
        text = text.replace("\x00", "").replace("\x01", "")
    text = _ESCAPE.sub(lambda m: f"\x00{ord(m.group(1))}\x01", text)
    text = _INLINE_IMAGE.sub(r"\1", text)
    text = _LINK.sub(r"\1", text)
    text = _REF_LINK.sub(r"\1", text)
    text = _AUTOLINK.sub(r"\1", text)
    text = _HTML_TAG.sub("", text)
    text = _CODE.sub(r"\2", text)
    for delimiter in _DELIMITERS:
        if delimiter in text:
            text = _unwrap(text, delimiter)
    text = _ESCAPED.sub(lambda m: chr(int(m.group(1))), text)
    return collapse(text)


def _unwrap(text: str, delimiter: str) -> str:
    """Remove paired emphasis delimiters (``**bold**`` -> bold) in one left-to-right pass.

    A pair needs non-space text inside and must not sit inside a word, so ``2 * 3 * 4`` and
    ``snake_case`` are left alone. Pairing by splitting keeps this linear however many
    unmatched delimiters a paragraph holds, where a lazy regex would be quadratic.
    """
    pieces = text.split(delimiter)
    out = [pieces[0]]
    index = 1
    while index < len(pieces):
        inner = pieces[index]
        before = out[-1][-1:] if out[-1] else ""
        after = pieces[index + 1][:1] if index + 1 < len(pieces) else None
        if (
            after is not None
            and inner
            and not inner[0].isspace()
            and not inner[-1].isspace()
            and not _is_word_char(before)
            and not _is_word_char(after)
        ):
            out.extend((inner, pieces[index + 1]))
            index += 2
        else:
            out.extend((delimiter, inner))
            index += 1
    return "".join(out)


def _is_word_char(char: str) -> bool:
    return bool(char) and (char.isalnum() or char == "_")


def _heading_text(rest: str) -> str:
    """The text of an ATX heading after its opening hashes, without closing hashes."""
    text = rest.strip()
    stripped = text.rstrip("#")
    if stripped != text and (not stripped or stripped[-1].isspace()):
        text = stripped.rstrip()
    return text


def _split_blocks(lines: list[str], removed: list[RemovedBlock]) -> list[_Block]:
    blocks: list[_Block] = []
    current: _Block | None = None
    fence: str | None = None
    for line in lines:
        if fence is not None:
            if line.strip().startswith(fence):
                fence = None
                current = None
            elif current is not None:
                current.lines.append(line)
            continue
        stripped = line.strip()
        if not stripped:
            current = None
            continue
        if match := _FENCE.match(line):
            fence = match["fence"]
            current = _Block("code", [])
            blocks.append(current)
            continue
        if (
            current is not None
            and current.kind == "para"
            and len(current.lines) == 1
            and _SETEXT_UNDERLINE.fullmatch(line)
        ):
            current.kind, current.level = "heading", 1 if "=" in line else 2
            current = None
            continue
        if _RULE.fullmatch(line):
            current = None
            continue
        if match := _ATX_OPEN.match(line):
            blocks.append(
                _Block("heading", [_heading_text(line[match.end() :])], len(match["marks"]))
            )
            current = None
            continue
        if _LINK_DEFINITION.fullmatch(line):
            removed.append(RemovedBlock("markup", stripped))
            continue
        if match := _IMAGE_LINE.fullmatch(stripped):
            blocks.append(_Block("image", [stripped]))
            current = None
            continue
        if quote := _QUOTE.match(line):
            line = line[quote.end() :]
        if match := _BULLET.fullmatch(line):
            current = _Block("item", [match["text"]])
            blocks.append(current)
            continue
        if match := _ORDERED.fullmatch(line):
            current = _Block("item", [f"{match['number']} {match['text']}"])
            blocks.append(current)
            continue
        if current is None or current.kind == "code":
            current = _Block("para", [])
            blocks.append(current)
        current.lines.append(line[:-1] if line.endswith("\\") else line)  # hard line break
    return blocks


def _image_caption(block: _Block, removed: list[RemovedBlock]) -> str:
    match = _IMAGE_LINE.fullmatch(block.source)
    if match is None:
        return ""
    caption = collapse(f"{strip_inline(match['alt'])} {strip_inline(match['rest'])}")
    if not caption:
        removed.append(RemovedBlock("markup", block.source))
    return caption


def _credited_caption(source: str) -> str:
    """ "A man stands near a wall ... **David Mdzinarishvili / Reuters**" -> the caption."""
    text = source.rstrip()
    if not text.endswith("**"):
        return ""
    start = text.rfind("**", 0, len(text) - 2)
    credit, caption = text[start + 2 : -2], text[:start]
    if start <= 0 or not 2 <= len(credit) <= 80 or "*" in credit or "**" in caption:
        return ""
    if not caption.strip() or not _CREDIT_WORDS.search(credit):
        return ""
    return strip_inline(source)


@dataclass
class _Header:
    title: str = ""
    standfirst: str = ""
    byline: str = ""
    published: DatePhrase | None = None


def _take_header_block(
    block: _Block, header: _Header, captions: list[str], removed: list[RemovedBlock]
) -> bool:
    """Take one block above the body into the header; False when the body has begun."""
    source = block.source
    if block.kind == "heading":
        if header.title:
            return False
        header.title = strip_inline(source)
        return True
    if block.kind == "image":
        caption = _image_caption(block, removed)
        if caption:
            captions.append(caption)
        return True
    if block.kind != "para":
        return False
    text = strip_inline(source)
    if not header.byline and (name := parse_byline(text)):
        header.byline = name
    elif header.title and not header.standfirst and _BOLD_ONLY.fullmatch(source):
        header.standfirst = text
    elif is_reading_time(text):
        removed.append(RemovedBlock("reading_time", text))
    elif header.published is None and (date := parse_date_phrase(text)):
        header.published = date
    elif caption := _credited_caption(source):
        captions.append(caption)
    else:
        return False
    return True


def read_markdown(text: str, *, name: str, raw: str, encoding: str) -> ArticleDraft | ReadError:
    """Read one markdown article from prepared text."""
    removed: list[RemovedBlock] = []
    text = _drop_html_comments(text, removed)
    blocks = _split_blocks(text.splitlines(), removed)
    header = _Header()
    captions: list[str] = []
    index = 0
    while index < len(blocks) and _take_header_block(blocks[index], header, captions, removed):
        index += 1
    paragraphs: list[str] = []
    previous_was_image = False
    for block in blocks[index:]:
        source = block.source
        if block.kind == "image":
            caption = _image_caption(block, removed)
            if caption:
                captions.append(caption)
            previous_was_image = True
            continue
        if block.kind == "para" and (caption := _credited_caption(source)):
            captions.append(caption)
        elif previous_was_image and block.kind == "para" and _ITALIC_ONLY.fullmatch(source):
            captions.append(strip_inline(source))
        elif block.kind == "code":
            paragraphs.extend(collapse(line) for line in block.lines)
        else:
            paragraphs.append(strip_inline(source))
        previous_was_image = False
    title = header.title
    if not title and len(paragraphs) > 1 and looks_like_title(paragraphs[0]):
        title = paragraphs.pop(0)
    return build_draft(
        name=name,
        raw=raw,
        source_format="md",
        encoding=encoding,
        title=title,
        paragraphs=paragraphs,
        removed=removed,
        byline=header.byline,
        published=header.published,
        standfirst=header.standfirst,
        captions=captions,
    )


def _drop_html_comments(text: str, removed: list[RemovedBlock]) -> str:
    """``<!-- ... -->`` out of the text, each recorded; found with str.find, in linear time."""
    if "<!--" not in text:
        return text
    kept: list[str] = []
    position = 0
    while (start := text.find("<!--", position)) != -1:
        end = text.find("-->", start + 4)
        if end == -1:
            break
        kept.append(text[position:start])
        removed.append(RemovedBlock("markup", text[start : end + 3]))
        position = end + 3
    kept.append(text[position:])
    return "".join(kept)
