"""Cutting an article body into segments by the claims that cover them, and rendering them.

Claims may overlap, so the body is cut at every claim boundary and each segment knows which
claims cover it. Rendering escapes every piece of article text and builds the ``<mark>``
elements with ``format_html``: article text is never trusted HTML.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString


class Span(Protocol):
    pk: Any
    start: int
    end: int


@dataclass(frozen=True)
class Segment:
    start: int
    end: int
    text: str
    covering: tuple[Span, ...]


def segments(body: str, spans: Iterable[Span]) -> list[Segment]:
    """The body cut at every span boundary; spans outside the body are ignored."""
    valid = [s for s in spans if 0 <= s.start < s.end <= len(body)]
    cuts = sorted({0, len(body), *(s.start for s in valid), *(s.end for s in valid)})
    result = []
    for start, end in itertools.pairwise(cuts):
        covering = tuple(s for s in valid if s.start <= start and end <= s.end)
        result.append(Segment(start, end, body[start:end], covering))
    return result


def render_marked(
    body: str,
    spans: Sequence[Span],
    mark_attributes: Callable[[Sequence[Span]], dict[str, str]],
) -> SafeString:
    """The body as escaped text with ``<mark>`` around covered segments.

    ``mark_attributes`` gives the attributes of one mark from the spans that cover it; they
    are escaped too. The text keeps its own line breaks (render it with white-space: pre-wrap)
    so that character offsets in the page are offsets into the body.
    """
    parts = []
    for segment in segments(body, spans):
        if not segment.covering:
            parts.append(format_html("{}", segment.text))
            continue
        attributes = format_html_join(
            " ", '{}="{}"', sorted(mark_attributes(segment.covering).items())
        )
        parts.append(format_html("<mark {}>{}</mark>", attributes, segment.text))
    return SafeString("".join(parts))
