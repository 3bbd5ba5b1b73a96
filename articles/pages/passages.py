"""Article text for the page: paragraphs with the public claims marked where they stand.

Third-party articles are quoted, not republished: unless the outlet's licence allows the full
text, readers get only the paragraphs that hold a public claim (``quoted_paragraphs``), with
a gap marker where paragraphs were left out.

A claim's offsets point into ``article.body``; a claim whose quote no longer stands there
(the body changed, the claim waits for an editor) is not marked, so a highlight never lands
on the wrong words. Cutting the body at claim boundaries is ``articles.highlighting``'s job;
this module adds paragraphs (blank lines) and picks the claim each marked piece links to.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from articles.highlighting import segments
from articles.models import Claim

PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")


@dataclass(frozen=True)
class Piece:
    """A run of text in a paragraph, and the claim it links to when it is marked."""

    text: str
    claim: Claim | None = None
    covering: int = 0


@dataclass(frozen=True)
class Passage:
    """A claim's paragraph, split around the quote."""

    before: str
    quote: str
    after: str


def anchored(body: str, claims: Sequence[Claim]) -> list[Claim]:
    """The claims whose quote stands exactly at their offsets in ``body``."""
    return [
        claim
        for claim in claims
        if claim.anchored
        and 0 <= claim.start < claim.end <= len(body)
        and body[claim.start : claim.end] == claim.quote
    ]


def marked_paragraphs(body: str, claims: Sequence[Claim]) -> list[list[Piece]]:
    """The body as paragraphs of pieces; a piece under several claims links to the shortest."""
    paragraphs: list[list[Piece]] = [[]]
    for segment in segments(body, anchored(body, claims)):
        covering = sorted(segment.covering, key=lambda c: (c.end - c.start, c.pk))
        claim = covering[0] if covering else None
        for number, text in enumerate(PARAGRAPH_BREAK.split(segment.text)):
            if number:
                paragraphs.append([])
            if text:
                paragraphs[-1].append(Piece(text, claim, len(covering)))  # type: ignore[arg-type]  # covering holds claims (the Span protocol is what segments needs)
    return [paragraph for paragraph in paragraphs if any(p.text.strip() for p in paragraph)]


def quoted_paragraphs(paragraphs: list[list[Piece]]) -> list[list[Piece]]:
    """Only the paragraphs that hold a marked claim; an empty paragraph marks each gap,
    before, between and after them, so a reader sees where text was left out."""
    quoted: list[list[Piece]] = []
    previous = -1
    for number, paragraph in enumerate(paragraphs):
        if not any(piece.claim is not None for piece in paragraph):
            continue
        if number != previous + 1:
            quoted.append([])
        quoted.append(paragraph)
        previous = number
    if quoted and previous != len(paragraphs) - 1:
        quoted.append([])
    return quoted


def quoted_text(body: str, claims: Sequence[Claim]) -> str:
    """The body cut to the paragraphs around ``claims``, gaps shown as "[…]" (for the API)."""
    pieces = quoted_paragraphs(marked_paragraphs(body, claims))
    return "\n\n".join("".join(p.text for p in par) if par else "[…]" for par in pieces)


def passage_of(body: str, claim: Claim) -> Passage:
    """The paragraph a claim stands in, cut around its quote; the bare quote if unanchored."""
    if not anchored(body, [claim]):
        return Passage("", claim.quote, "")
    starts = [0, *(m.end() for m in PARAGRAPH_BREAK.finditer(body, 0, claim.start))]
    start = starts[-1]
    following = PARAGRAPH_BREAK.search(body, claim.end)
    end = following.start() if following else len(body)
    return Passage(body[start : claim.start], claim.quote, body[claim.end : end])
