"""What counts as "the same text": the normalised content hash and paragraph keys.

An article re-imported after trivial re-formatting (re-wrapped lines, curly instead of
straight quotes, an en dash for a hyphen, a different Unicode composition or letter case)
must hash the same, so the service can treat it as a duplicate. The same folding gives the
paragraph keys the cleaner uses to find a body that repeats itself.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

_FOLDS = {
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": "'",
    "\u201b": "'",
    "\u2032": "'",
    "\u00b4": "'",
    "`": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u201f": '"',
    "\u2033": '"',
    "\u00ab": '"',
    "\u00bb": '"',
    "\u2010": "-",
    "\u2011": "-",
    "\u2012": "-",
    "\u2013": "-",
    "\u2014": "-",
    "\u2015": "-",
    "\u2212": "-",
    "\u2026": "...",
    "\u200b": "",
    "\u200c": "",
    "\u200d": "",
    "\u2060": "",
    "\ufeff": "",
}
# A regex finds the rare typographic characters; most text has none, so this is cheaper
# than str.translate over every character.
_FOLD_RE = re.compile("[" + "".join(_FOLDS) + "]")


def _fold_match(match: re.Match[str]) -> str:
    return _FOLDS[match.group()]


def normalise_text(text: str) -> str:
    """NFC, casefolded, typographic quotes/dashes folded to ASCII, whitespace collapsed."""
    text = unicodedata.normalize("NFC", text).casefold()
    text = _FOLD_RE.sub(_fold_match, text)
    return " ".join(text.split())


def content_hash(body: str) -> str:
    """SHA-256 hex digest of the normalised body (see ``normalise_text``)."""
    return hashlib.sha256(normalise_text(body).encode("utf-8", "surrogatepass")).hexdigest()


def paragraph_key(paragraph: str) -> str:
    """Key under which two paragraphs count as the same for repeated-block detection.

    The cleaner's paragraphs are already NFC with collapsed whitespace, so only case and
    typography are folded here: this runs once per paragraph of every imported article.
    """
    return _FOLD_RE.sub(_fold_match, paragraph.casefold())
