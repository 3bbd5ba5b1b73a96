"""What a name may contain: one line of visible text.

Titles, outlet names, entity names and aliases, source titles and author names are shown
on their own -- in lists, page titles, the admin, exports, the import report -- where an
invisible character does harm and no good. A right-to-left override (U+202E) turns
"Report\u202eslx.exe" into something that reads differently from what it says; a
zero-width space makes "Azerbaijan" and "Azer\u200bbaijan" two different entities that
look the same; a newline in a title breaks the one-line places it is shown. So
``clean_name`` removes, from single-line names only:

- control characters (Unicode category Cc) -- tabs and line breaks become one space;
- format characters (Cf): bidirectional embeddings, overrides and isolates
  (U+202A-U+202E, U+2066-U+2069), marks (U+200E, U+200F, U+061C), zero-width space
  (U+200B), word joiner (U+2060), byte-order mark (U+FEFF), soft hyphen, invisible
  operators and tag characters;
- lone surrogates (Cs), which no database stores;
- the Hangul compatibility fillers (U+3164, U+FFA0), letters that draw nothing;
- line and paragraph separators (U+2028, U+2029), which become one space;
then collapses runs of whitespace and applies Unicode NFC, as the body cleaner does.

The zero-width joiner and non-joiner (U+200D, U+200C) are the deliberate exception:
Persian needs the non-joiner inside words ("می‌خواهم"), Indic scripts use both to choose
letter forms, and emoji sequences are built with the joiner. They are kept where they sit
between two non-ASCII visible characters -- where they can change how text is drawn -- and
removed elsewhere (between Latin letters, next to a space, at either end), where they
change nothing visible and only make look-alike names differ. A run of them keeps its
first.

Article bodies are text, not names: they keep these characters (the body cleaner only
drops what never belongs in text, see ``cleaning.prepare_text``), so a quote is stored as
it was published. The same function serves the importer (``cleaning.build_draft``) and the
model fields that hold names (``articles.models.fields``), which is what guarantees it
for the admin, the API and any other write.
"""

from __future__ import annotations

import re
import unicodedata

# Categories that carry no glyph by definition: controls, format characters, surrogates.
_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Cs"})
# Letters that draw nothing: the Hangul compatibility fillers, a known way to make a
# name that looks empty or identical to another.
_INVISIBLE_LETTERS = frozenset("\u3164\uffa0")
_JOINERS = frozenset("\u200c\u200d")
_JOINER_RUN = re.compile(r"[\u200c\u200d]+")


def clean_name(value: str) -> str:
    """``value`` as one line of visible text (see the module docstring for what goes)."""
    # Fast path: printable text has none of the above but the fillers.
    if not value.isprintable() or any(filler in value for filler in _INVISIBLE_LETTERS):
        kept = "".join(ch for ch in value if _kept(ch))
        value = _JOINER_RUN.sub(_joiner_in_context, kept) if _JOINERS & set(kept) else kept
    return unicodedata.normalize("NFC", " ".join(value.split()))


def clean_names(values: list[object]) -> list[object]:
    """A list of names (an entity's aliases) cleaned; names left empty are dropped.

    Items that are not strings are left as they are: validating the list is not this
    function's job.
    """
    cleaned: list[object] = []
    for value in values:
        if isinstance(value, str):
            value = clean_name(value)
            if not value:
                continue
        cleaned.append(value)
    return cleaned


def _kept(ch: str) -> bool:
    if ch.isspace() or ch in _JOINERS:  # whitespace is collapsed; joiners judged in context
        return True
    return unicodedata.category(ch) not in _INVISIBLE_CATEGORIES and ch not in _INVISIBLE_LETTERS


def _joiner_in_context(match: re.Match[str]) -> str:
    text, start, end = match.string, match.start(), match.end()
    if start == 0 or end == len(text):
        return ""
    before, after = text[start - 1], text[end]
    if before.isascii() or after.isascii() or before.isspace() or after.isspace():
        return ""
    return match.group()[0]
