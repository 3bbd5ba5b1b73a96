"""A cheap guess at an article's language (ISO 639-1), or "" when it is not cheap to know.

Only what a glance settles: Armenian and Georgian have scripts of their own, and English
and Russian text is full of short function words. Anything else is left blank rather than
guessed; a real identifier (py3langid, fastText) would cost more per article than all of
the rest of reading a plain-text file, for languages the desk does not yet need.
"""

from __future__ import annotations

import re

_SAMPLE_CHARS = 800
_WORD = re.compile(r"[^\W\d_]+")
_ARMENIAN = re.compile(r"[\u0531-\u0587]")
_GEORGIAN = re.compile(r"[\u10a0-\u10ff]")
_UKRAINIAN_ONLY = re.compile(r"[іїєґ]")

# The commonest function words: a third of running English or Russian text.
_ENGLISH_WORDS = """the of and to in a is that for on with as was by it at from has have be are
were said its this an which not but or his their will"""
_RUSSIAN_WORDS = """и в не на что с по как это к из за от для о у же но а то до его он она они бы
было был была также"""
_ENGLISH = frozenset(_ENGLISH_WORDS.split())
_RUSSIAN = frozenset(_RUSSIAN_WORDS.split())


def guess_language(text: str) -> str:
    """Return "en", "ru", "hy" or "ka" when the text plainly is one of them, else ""."""
    sample = text[:_SAMPLE_CHARS].casefold()
    words = _WORD.findall(sample)
    if len(words) < 8:
        return ""
    if _ARMENIAN.search(sample) or _GEORGIAN.search(sample):
        letters = sum(map(len, words))
        if len(_ARMENIAN.findall(sample)) * 2 > letters:
            return "hy"
        if len(_GEORGIAN.findall(sample)) * 2 > letters:
            return "ka"
    if sum(map(_ENGLISH.__contains__, words)) * 6 >= len(words):
        return "en"
    russian = sum(map(_RUSSIAN.__contains__, words))
    if russian * 8 >= len(words) and not _UKRAINIAN_ONLY.search(sample):
        return "ru"
    return ""
