"""Amounts as Russian, Turkish and translated news write them, for the span finder.

`mentions.py` reads an amount from its number outwards. This module adds what the number
alone does not show in these languages:

- spelled numbers before a scale word ("четыреста миллионов", "iki milyar", "полтора
  миллиарда"), found from the scale word, since a number word alone ("on", "bir") is too
  common a word to anchor on; a scale word with no number is one of it when singular
  ("около миллиарда долларов") and an order of magnitude when plural ("сотни миллионов
  долларов", "milyarlarca dolar");
- amounts chained by falling scale ("6 млрд 421 млн", "1 milyar 741 milyon 604 bin", "2
  billion 267 million USD"), including a last group with its scale left out, which means
  the next scale down ("3 billion 853 Azerbaijani manat" is 3.853 billion);
- thousands grouped by plain spaces ("13 500 000 манатов"), taken only when a word of one
  of these languages follows, since in English "24 100" is more often two numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from . import wordforms
from .numbers import SCALE_AFTER_DIGITS_RE, parse_digits, scale_value
from .scanning import after_proclitic, is_word_char, starts_word, trie_pattern

_SCALE_RE = re.compile(trie_pattern(wordforms.SCALES) + r"(?!\w)")
_WORD_BEFORE_RE = re.compile(r"([^\W\d_]+)[\s\u00a0]+$")
_SPACE_GROUPS_RE = re.compile(r"(?:[ \u00a0]\d{3})+(?:,\d+)?(?![\d])(?![.,]\d)")
# Arabic joins the groups with "و" (and), written onto the next one: "3 مليارات و500 مليون".
_CHAIN_DIGITS_RE = re.compile(r"[ \u00a0](?:و ?)?(\d{1,3}(?:[.,]\d{1,3})?)(?![\d])(?![.,]\d)")
_CHAIN_WORDS_RE = re.compile(r"[ \u00a0](?:و(?=[^\W\d_]))?([^\W\d_]+)")


@dataclass(frozen=True)
class SpelledNumber:
    """A number written in words of another language, with the scale word that ends it."""

    start: int
    end: int
    value: Decimal  # the number before the scale (1 for a bare singular scale word)
    scale: wordforms.ScaleWord
    magnitude: tuple[Decimal, Decimal] | None = None  # low and high for "сотни миллионов"


# Every Latin-script scale word of these languages contains one of these; text in other
# scripts is searched whenever it is not plain ASCII. English text is mostly neither, so
# the search below is skipped for it (see scanning.py on why speed matters here).
_LATIN_SCALE_MARKS_RE = re.compile(
    "mily|milio|milia|milij|milj|trily|bin|tys|tusen|mila|mille|ezer|bilio|biljo|mlr|mly|mld|"
    "mrd|mr|trl|hilj|md"
)


def spelled_numbers(low: str) -> list[SpelledNumber]:
    """Every scale word of another language in `low` with the number words before it.

    Scale words right after digits are left to the digits ("3,7 млрд" is read from 3,7).
    """
    if low.isascii() and _LATIN_SCALE_MARKS_RE.search(low) is None:
        return []
    found = []
    for match in _SCALE_RE.finditer(low):
        start = match.start()
        if not starts_word(low, start) and not after_proclitic(low, start):
            continue
        before = low[max(0, start - 3) : start].rstrip()
        if before and before[-1].isdigit():
            continue
        scale = wordforms.SCALES[match[0]]
        words_start, value = (start, None) if scale.collective else _number_words_before(low, start)
        if value is not None:
            found.append(SpelledNumber(words_start, match.end(), value, scale))
        elif scale.magnitude:
            first, multiplier = _multiplier_before(low, start)
            bottom = scale.value * multiplier
            found.append(
                SpelledNumber(first, match.end(), Decimal(1), scale, (bottom, bottom * 1000))
            )
        elif scale.bare:
            count = scale.count
            if count == 2 and low.startswith(" و", match.end()):
                # "مليارا" before "و" is the accusative singular ("مليارا و200 مليون": 1.2
                # billion); the dual in that form stands right before its noun.
                count = Decimal(1)
            found.append(SpelledNumber(start, match.end(), count, scale))
    return found


_PROCLITIC_LETTERS = "وبلف"


def _number_words_before(low: str, position: int) -> tuple[int, Decimal | None]:
    """Where the run of number words ending just before `position` starts, and its value."""
    words: list[tuple[int, str]] = []
    at = position
    while True:
        match = _WORD_BEFORE_RE.search(low, max(0, at - 30), at)
        if match is None or not starts_word(low, match.start(1)):
            break
        word = match.group(1)
        if word not in wordforms.NUMBER_WORDS:
            # An Arabic proclitic joined to the first number word ("بثلاثة مليارات"): the
            # amount starts after it.
            bare = word.lstrip(_PROCLITIC_LETTERS)
            if bare in wordforms.NUMBER_WORDS and 0 < len(word) - len(bare) <= 2:
                words.append((match.start(1) + len(word) - len(bare), bare))
            break
        words.append((match.start(1), word))
        at = match.start(1)
    if not words:
        return position, None
    words.reverse()
    return words[0][0], _words_value([w for _, w in words])


def words_value(words: list[str]) -> Decimal | None:
    """The value of a run of number words of one language ("iki yüz elli", "сто двадцать")."""
    if not words or any(w not in wordforms.NUMBER_WORDS for w in words):
        return None
    return _words_value(words)


def _words_value(words: list[str]) -> Decimal:
    # Russian numbers are a plain sum; in Turkish "yüz" multiplies what stands before it
    # and "buçuk" adds a half to it.
    current = Decimal(0)
    for word in words:
        value, _ = wordforms.NUMBER_WORDS[word]
        if word == "yüz":
            current = (current or Decimal(1)) * 100
        elif word == "buçuk":
            current += Decimal("0.5")
        else:
            current += value
    return current


def _multiplier_before(low: str, position: int) -> tuple[int, Decimal]:
    match = _WORD_BEFORE_RE.search(low, max(0, position - 20), position)
    if match and match.group(1) in wordforms.MAGNITUDE_MULTIPLIERS:
        return match.start(1), wordforms.MAGNITUDE_MULTIPLIERS[match.group(1)]
    return position, Decimal(1)


def space_grouped(low: str, digits: str, end: int) -> int | None:
    """Where a number grouped by plain spaces ends ("13 500 000 манатов"), when it is one:
    1 to 3 digits, groups of three, then a scale or currency word of another language."""
    if len(digits) > 3 or low[end : end + 1] not in (" ", "\u00a0") or not digits.isdigit():
        return None
    groups = _SPACE_GROUPS_RE.match(low, end)
    if groups is None:
        return None
    after = groups.end()
    if wordforms.scale_at(low, after) or wordforms.currency_at(low, after):
        return after
    return None


@dataclass(frozen=True)
class Chain:
    """The smaller amounts that follow a scaled one ("717 млн" after "$1 млрд")."""

    end: int
    value: Decimal  # what they add, already multiplied by their scales
    foreign: bool  # whether a scale word of another language was among them
    bare_group: bool  # the last group had no scale ("3 billion 853 ... manat")


def chain_after(low: str, end: int, scale: Decimal, convention: str) -> Chain | None:
    """Amounts with falling scales after one with `scale`: "1 млрд 717 млн", "1 milyar 741
    milyon 604 bin", "2 billion 267 million", "три миллиарда 37 миллионов 618 тысяч".

    A last group of up to three digits with no scale of its own ("3 billion 853
    Azerbaijani manat") stands for the next scale down; the caller keeps it only when a
    currency follows.
    """
    total = Decimal(0)
    smallest = scale
    foreign = False
    at = end
    while smallest > 1:
        part, part_end = _chain_number(low, at, convention)
        if part is None:
            break
        next_scale, scale_end, is_foreign = _scale_after(low, part_end)
        if next_scale is not None and next_scale < smallest:
            total += part * next_scale
            smallest = next_scale
            foreign = foreign or is_foreign
            at = scale_end
            continue
        if next_scale is None and part < 1000 and part == part.to_integral_value():
            if part_end < len(low) and is_word_char(low[part_end]):
                break
            return Chain(part_end, total + part * smallest / 1000, foreign, True)
        break
    if at == end:
        return None
    return Chain(at, total, foreign, False)


def _chain_number(low: str, at: int, convention: str) -> tuple[Decimal | None, int]:
    digits = _CHAIN_DIGITS_RE.match(low, at)
    if digits is not None:
        return parse_digits(digits.group(1), convention), digits.end()
    words = []
    end = at
    while True:
        word = _CHAIN_WORDS_RE.match(low, end)
        if word is None or word.group(1) not in wordforms.NUMBER_WORDS:
            break
        words.append(word.group(1))
        end = word.end()
    if not words:
        return None, at
    return _words_value(words), end


def _scale_after(low: str, position: int) -> tuple[Decimal | None, int, bool]:
    english = SCALE_AFTER_DIGITS_RE.match(low, position)
    if english and english["word"] and not english["word2"]:
        return scale_value(english["word"]), english.end(), False
    foreign = wordforms.scale_at(low, position)
    if foreign is not None and foreign.scale is not None and not foreign.scale.collective:
        return foreign.scale.value, foreign.end, True
    return None, position, False
