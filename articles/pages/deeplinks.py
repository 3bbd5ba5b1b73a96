"""Links to the passage on the original page: URL text fragments (``#:~:text=``).

A text fragment (https://wicg.github.io/scroll-to-text-fragment/) asks the browser to scroll
to and highlight text: ``#:~:text=[prefix-,]start[,end][,-suffix]``. Its own syntax reserves
``&``, ``,`` and ``-``, so every part is percent-encoded, those three included (Python's
``quote`` leaves ``-`` alone). A short quote is given whole; a long one by its first and last
words, which survives small differences in the text between them. A few words of context
before and after pick the right occurrence when the quote appears more than once.

Browsers without the feature ignore the fragment and open the page at the top.
"""

from __future__ import annotations

from urllib.parse import quote

from articles.models.claim import ANCHOR_CONTEXT_CHARS

# Quotes longer than this are given as a start and an end of EDGE_WORDS words each.
LONG_QUOTE_WORDS = 10
EDGE_WORDS = 4
CONTEXT_WORDS = 3


def encode_part(text: str) -> str:
    """Percent-encode one part of a text directive, ``-`` included."""
    return quote(text, safe="").replace("-", "%2D")


def _words(text: str) -> list[str]:
    return text.split()


def _prefix_words(prefix: str) -> list[str]:
    # Context matches within one block of the page: never across a line or paragraph break.
    line = prefix.rpartition("\n")[2]
    words = _words(line)
    # A prefix cut at the context limit may start mid-word; that word would not match.
    if line == prefix and len(prefix) >= ANCHOR_CONTEXT_CHARS and prefix[:1].strip():
        words = words[1:]
    return words[-CONTEXT_WORDS:]


def _suffix_words(suffix: str) -> list[str]:
    line = suffix.partition("\n")[0]
    words = _words(line)
    if line == suffix and len(suffix) >= ANCHOR_CONTEXT_CHARS and suffix[-1:].strip():
        words = words[:-1]
    return words[:CONTEXT_WORDS]


def text_fragment(quote_text: str, *, prefix: str = "", suffix: str = "") -> str:
    """The ``:~:text=`` directive for a quote, without the leading ``#``."""
    words = _words(quote_text)
    if not words:
        return ""
    if len(words) > LONG_QUOTE_WORDS:
        target = (
            f"{encode_part(' '.join(words[:EDGE_WORDS]))},"
            f"{encode_part(' '.join(words[-EDGE_WORDS:]))}"
        )
    else:
        target = encode_part(" ".join(words))
    # A prefix is only safe when the quote starts a word: "to $3.7 billion", not "US$3.7".
    before = _prefix_words(prefix) if prefix[-1:].isspace() else []
    after = _suffix_words(suffix)
    parts = [f"{encode_part(' '.join(before))}-"] if before else []
    parts.append(target)
    if after:
        parts.append(f"-{encode_part(' '.join(after))}")
    return ":~:text=" + ",".join(parts)


def deep_link(url: str, quote_text: str, *, prefix: str = "", suffix: str = "") -> str:
    """The original page's URL pointing at the quote; empty when the URL is unknown."""
    if not url:
        return ""
    directive = text_fragment(quote_text, prefix=prefix, suffix=suffix)
    base, _, fragment = url.partition("#")
    if not directive:
        return url
    # A text directive goes after any fragment the page already uses: #anchor:~:text=...
    return f"{base}#{fragment}{directive}"
