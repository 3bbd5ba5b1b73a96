"""Reading amounts as the press writes them: digits, separators, number words, scale words.

This module owns the question "what number does this text say?" and nothing else: it
knows that `2,2` before a scale word is a decimal comma while `1,400,000` groups
thousands, that "three quarters billion" is 750,000,000 and that "bn" and "lakh" are
scale words. Currencies, spans and context live elsewhere. Values are `Decimal` so that
money never passes through a binary float.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from .scanning import trie_pattern

# Digits with optional grouping and a decimal part. The alternatives are ordered so that
# proper grouping ("1,400,000", "20,000.00", "1.400.000,50") wins over a plain decimal.
# Narrow no-break and thin spaces group thousands in some house styles; a plain space
# does not, because "24 100" is more often two numbers than one. The first digit stands
# outside the alternatives so the regex engine can skip ahead to digits (scanning.py).
DIGITS = (
    r"\d(?:\d{0,2}(?:,\d{3})+(?:\.\d+)?"
    r"|\d{0,2}(?:[\u00a0\u202f\u2009]\d{3})+(?:[.,]\d+)?"
    r"|\d{0,2}(?:\.\d{3}){2,}(?:,\d+)?"
    r"|\d*(?:[.,]\d+)?)"
)

SMALL_NUMBERS: dict[str, int] = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}

# Multipliers written as words. "lakh" and "crore" are the Indian press's scale words.
SCALE_WORDS: dict[str, Decimal] = {
    "hundred": Decimal(100),
    "thousand": Decimal(1000),
    "lakh": Decimal(100_000),
    "lakhs": Decimal(100_000),
    "million": Decimal(1_000_000),
    "crore": Decimal(10_000_000),
    "crores": Decimal(10_000_000),
    "billion": Decimal(1_000_000_000),
    "trillion": Decimal(1_000_000_000_000),
}

# Abbreviated scales. Single letters are accepted only glued to the digits ("$669m",
# "£5bn", "$10k"): "5 m" is as likely to be metres as millions.
SCALE_ABBREVIATIONS: dict[str, Decimal] = {
    "k": Decimal(1000),
    "m": Decimal(1_000_000),
    "mn": Decimal(1_000_000),
    "mln": Decimal(1_000_000),
    "b": Decimal(1_000_000_000),
    "bn": Decimal(1_000_000_000),
    "bln": Decimal(1_000_000_000),
    "tn": Decimal(1_000_000_000_000),
    "trn": Decimal(1_000_000_000_000),
}

_SMALL = "|".join(sorted(SMALL_NUMBERS, key=len, reverse=True))
_BIG = "hundred|thousand|million|billion|trillion|lakhs?|crores?"
_FRACTION = "half|quarters?|dozen"
_ANY_WORD = rf"(?:{_SMALL}|{_BIG}|{_FRACTION}|a(?=\s+(?:{_BIG}|{_FRACTION})\b))"
# "and" joins only after a scale word ("one hundred and twenty"), never two small
# numbers: in "one dollar and one and one point" the second "and" is not part of a number.
_AND_AFTER_SCALE = r"(?:(?<=hundred)|(?<=thousand)|(?<=million)|(?<=billion))\s+and\s+"
# ... and before a fraction, after any number word: "one and a half billion", "a billion and
# a half", "two and three quarters million".
_AND_FRACTION = r"\s+and\s+(?=(?:a\s+)?(?:half|quarter)\b|(?:one|three)\s+quarters?\b)"
# The first word, factored as a trie so that a failed attempt costs a letter or two and the
# regex engine can still skip ahead by first character (see scanning.py). It may not be a
# bare scale word ("thousand of times" is not a number) but may be "a" before one ("a
# quarter million").
_FIRST_WORD = "|".join(
    [
        rf"a(?=\s+(?:{_BIG}|{_FRACTION})\b)",
        rf"(?:{trie_pattern([*SMALL_NUMBERS, 'half', 'quarter', 'quarters', 'dozen'])})\b",
    ]
)

# A run of lower-case number words (match against folded text; check the word start).
NUMBER_WORDS = rf"(?:{_FIRST_WORD})(?:(?:[\s-]+|{_AND_AFTER_SCALE}|{_AND_FRACTION}){_ANY_WORD}\b)*"

# Scale words as they follow digits (in folded text): a word after a space or hyphen
# ("$2.5-billion deal"), possibly chained ("6.21 lakh crore"), or an abbreviation glued
# to the number.
SCALE_AFTER_DIGITS_RE = re.compile(
    r"(?:[\s-]?(?P<word>thousand|million|billion|trillion|lakhs?|crores?|mln|mn|bn|bln|tn|trn)"
    r"(?:\s(?P<word2>crores?|million|billion))?"
    r"|(?P<glued>bn|mn|mln|bln|tn|trn|[kmb]))(?![\w])"
)

_WORD_TOKEN_RE = re.compile(r"[a-z]+")


# How the words around a number say its separators are meant (see `parse_digits`).
# English: a point is the decimal mark and a comma groups thousands, except that a lone
# comma before one or two digits is a decimal comma ("$2,2 billion").
DECIMAL_POINT = "point"
# Russian (and the other languages written in Cyrillic here): a comma is always the
# decimal mark ("8,815 млрд" is 8.815 billion), and so is a lone point ("396.3 млн");
# thousands are grouped by spaces.
DECIMAL_COMMA = "comma"
# Turkish, Azerbaijani and the Latin-script European languages: a comma is the decimal
# mark, and a point before exactly three digits groups thousands ("250.000 avro").
DECIMAL_COMMA_POINT_GROUPS = "comma, point groups"


def parse_digits(raw: str, convention: str = DECIMAL_POINT) -> Decimal | None:
    """The value of a digit string, deciding what each separator means.

    Repeated separators group thousands, and with both kinds present the last one is the
    decimal mark, whatever the language. A lone separator depends on the `convention` of
    the words around the number: in English a lone separator followed by exactly three
    digits groups thousands ("1,015", "12,345") and followed by one or two digits it is a
    decimal mark ("2,2", "8,50"); the other conventions are described with their names.
    """
    text = raw.replace("\u00a0", "").replace("\u202f", "").replace("\u2009", "").replace(" ", "")
    commas = text.count(",")
    dots = text.count(".")
    if commas and dots:
        if text.rfind(",") > text.rfind("."):
            text = text.replace(".", "").replace(",", ".")
        else:
            text = text.replace(",", "")
    elif commas:
        decimal = commas == 1 and (
            convention != DECIMAL_POINT or len(text) - text.index(",") - 1 != 3
        )
        text = text.replace(",", ".") if decimal else text.replace(",", "")
    elif dots > 1:
        text = text.replace(".", "")
    elif dots and convention == DECIMAL_COMMA_POINT_GROUPS and len(text) - text.index(".") == 4:
        text = text.replace(".", "")  # "250.000 avro": a point before three digits groups
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def parse_number_words(raw: str) -> Decimal | None:
    """The value of a run of English number words ("three quarters billion", "forty-five")."""
    words = [t for t in _WORD_TOKEN_RE.findall(raw.lower()) if t != "and"]
    if not words:
        return None
    total = Decimal(0)
    current = Decimal(0)
    seen_value = False
    last_scale = Decimal(0)
    for index, word in enumerate(words):
        following = words[index + 1] if index + 1 < len(words) else ""
        previous = words[index - 1] if index else ""
        if word == "a":
            # "a quarter", "half a billion": the article carries no value of its own.
            if following in ("half", "quarter") or previous in ("half", "quarter"):
                continue
            current += 1
        elif word in SMALL_NUMBERS:
            current += SMALL_NUMBERS[word]
        elif word in ("quarter", "quarters") and previous in SMALL_NUMBERS:
            # "one quarter", "two and three quarters": so many quarters, not so many units,
            # added to what came before.
            counted = SMALL_NUMBERS[previous]
            current += counted * Decimal("0.25") - counted
        elif word in ("half", "quarter") and _fraction_of_last_scale(words, index, current):
            # "a billion and a half": half of the scale before it.
            total += last_scale * (Decimal("0.5") if word == "half" else Decimal("0.25"))
        elif word == "half":
            current += Decimal("0.5")
        elif word == "quarter":
            current += Decimal("0.25")
        elif word == "quarters":
            current = (current or Decimal(1)) * Decimal("0.25")
        elif word == "dozen":
            current = (current or Decimal(1)) * 12
        elif word == "hundred":
            current = (current or Decimal(1)) * 100
        elif word in SCALE_WORDS:
            total += (current or Decimal(1)) * SCALE_WORDS[word]
            current, last_scale = Decimal(0), SCALE_WORDS[word]
        else:
            return None
        seen_value = True
    if not seen_value:
        return None
    return total + current


def _fraction_of_last_scale(words: list[str], index: int, current: Decimal) -> bool:
    """Whether a fraction word ends the number after a scale word, with nothing between."""
    return (
        current == 0
        and index > 0
        and (words[index - 1] in SCALE_WORDS or words[index - 1] == "a")
        and not any(word in SCALE_WORDS or word == "hundred" for word in words[index + 1 :])
        and any(word in SCALE_WORDS for word in words[:index])
    )


def scale_value(word: str) -> Decimal:
    """The multiplier a scale word or abbreviation stands for (1 when unknown)."""
    lowered = word.lower()
    if lowered in SCALE_WORDS:
        return SCALE_WORDS[lowered]
    return SCALE_ABBREVIATIONS.get(lowered, Decimal(1))


def tidy(value: Decimal) -> Decimal:
    """A Decimal without exponent notation or trailing zeros (2.2E+9 -> 2200000000)."""
    if value == value.to_integral_value():
        return Decimal(int(value))
    return value.normalize()
