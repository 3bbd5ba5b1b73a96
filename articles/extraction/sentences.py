"""Splitting a body into sentences, by offsets.

Context is read sentence by sentence: the subject, metric and period of a figure come
from the sentence around it, and a sentence with no subject may inherit the one before
it. This module owns where those sentences begin and end. Line breaks always end a
sentence, since headings, captions and bylines stand on lines of their own. It is a
rule-based splitter that knows news abbreviations ("U.S.", "Nov.", "Gen."), because a
statistical one would be a heavy dependency for a decision this small.
"""

from __future__ import annotations

import re
from typing import NamedTuple


class Sentence(NamedTuple):
    start: int
    end: int


_BREAK_RE = re.compile(r"[.!?…\n։]")  # "։" is the Armenian full stop
_CLOSERS = "\"”’')]"
_TOKEN_BEFORE_RE = re.compile(r"([^\W\d_][^\W\d_.]*)$")
# English, and the abbreviations the other languages' news puts inside a sentence: Russian
# "в 2024 г.", "млрд долл.", "тыс. манатов"; Polish "ok. 3 mld dol.", "w 2024 r."; Serbian
# "2 млрд. долара"; Hungarian "kb. 3 mrd"; Swedish and Italian "ca. 5 miljarder".
_ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof gen lt col sgt capt cpl maj adm rep sen gov pres st no nos vol jan feb
    mar apr jun jul aug sep sept oct nov dec inc corp co ltd plc vs etc approx est al fig
    dept univ mt ft г гг тыс млн млрд трлн руб долл коп им т.е т.н т.д т.п ok ca kb dol tys
    mld mln mlrd mrd bln proc tzw zł r tj npr god mil milj mdr ecc млн млрд мил хиљ год тј
    нпр""".split()  # noqa: SIM905 - word lists read better as prose
)


def sentence_spans(text: str) -> list[Sentence]:
    """The sentences of `text` in order; blank stretches are skipped."""
    sentences: list[Sentence] = []
    start = 0
    resume = 0
    length = len(text)
    for match in _BREAK_RE.finditer(text):
        position = match.start()
        if position < resume:
            continue
        if text[position] == "\n":
            _emit(text, start, position, sentences)
            start = resume = position + 1
            continue
        end = position + 1
        while end < length and (text[end] in ".!?…" or text[end] in _CLOSERS):
            end += 1
        resume = end
        if end < length and not text[end].isspace():
            continue  # "$2.2", "U.S.-made": not followed by a space
        if text[position] == "." and _is_abbreviation(text, position):
            continue
        following = end
        while following < length and text[following] in " \t":
            following += 1
        if following < length and (text[following].islower() or text[following] in ",;:"):
            continue  # "co . , a unit of": not a sentence end
        _emit(text, start, end, sentences)
        start = end
    _emit(text, start, length, sentences)
    return sentences


def _is_abbreviation(text: str, period: int) -> bool:
    match = _TOKEN_BEFORE_RE.search(text, max(0, period - 12), period)
    if match is None:
        return False
    token = match[1]
    return (
        "." in token  # "U.S.", "e.g."
        or (len(token) == 1 and token.isupper())  # an initial
        or token.lower() in _ABBREVIATIONS
    )


def _emit(text: str, start: int, end: int, into: list[Sentence]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        into.append(Sentence(start, end))
