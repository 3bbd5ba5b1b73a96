"""Finding the spans that state an amount of money or a count, and reading their values.

This module owns the surface forms: where a figure starts and ends, its value, bounds,
qualifier, currency and counted unit. It knows nothing about who or what the figure is
about (that is `context.py`).

It anchors on numbers (digits or number words) rather than running one large pattern
over the text: each anchor looks left for a currency marker ("US$", "€", "USD") and right
for a scale word and a marker ("billion dollars", "USD million", "bn"). That keeps the
ambiguous cases decidable in code (in "rmb 10 usd 20" the "usd" belongs to the 20) and
keeps the scan fast, since most text has few numbers.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import NamedTuple

from . import wordforms
from .currency import (
    CODES,
    CURRENCY_NAME,
    HYPHENATED_RE,
    LOCAL_PREFIXES,
    PREFIX_BEFORE_RE,
    SCALED_CODES,
    SUFFIX_RE,
    SYMBOLS,
    THOUSANDS_OF_BILLIONS_CODES,
    Currency,
    is_major_name,
    resolve,
)
from .lexicon import COUNT_UNITS
from .multilingual import SpelledNumber, chain_after, space_grouped, spelled_numbers
from .numbers import (
    DECIMAL_COMMA,
    DECIMAL_POINT,
    DIGITS,
    NUMBER_WORDS,
    SCALE_AFTER_DIGITS_RE,
    parse_digits,
    parse_number_words,
    scale_value,
    tidy,
)
from .scanning import after_proclitic, fold, is_word_char, starts_word, trie_pattern
from .wordforms import currency_at, scale_at

EXACT = "exact"
APPROXIMATELY = "approximately"
AT_LEAST = "at_least"
AT_MOST = "at_most"
RANGE = "range"


class Amount(NamedTuple):
    """A span of text that states an amount of money (currency set) or a count (unit set)."""

    start: int
    end: int
    value: Decimal | None
    low: Decimal | None
    high: Decimal | None
    qualifier: str
    currency: str | None
    unit: str | None
    scale: Decimal = Decimal(1)  # the written multiplier: "billion", "bn", "MUSD"
    spelled: bool = False  # written in words
    ambiguous_currency: bool = False
    magnitude: bool = False  # "hundreds of millions of dollars"


class _Anchor(NamedTuple):
    """A number in the text: digits, a run of English number words, or a number spelled in
    another language together with its scale word (multilingual.py)."""

    start: int
    end: int
    digits: str | None
    words: str | None
    spelled: SpelledNumber | None = None


# Every pattern from here on is lower case and runs against the folded text.
_DIGITS_RE = re.compile(rf"(?:{DIGITS})(?!\d)")
_WORDS_RE = re.compile(NUMBER_WORDS)
_RANGE_TAIL_RE = re.compile(r"\s?[-–—]\s?(?:\$\s?)?")
# "1,5 ile 2 milyar dolar" (Turkish: between 1.5 and 2), "от 1 до 1,5 млрд" (Russian).
_WORD_RANGE_TAIL_RE = re.compile(r"\s+(?:ile|ila|до)\s+")
_FROM_BEFORE_RE = re.compile(r"(?:^|\s)от\s+$")
# A lone comma and three digits before "billion": a decimal comma in translated news ("1,378
# billion USD"). Nobody writes 1.378 trillion dollars as "1,378 billion"; "£1,500 million"
# is British usage, so the rule stops at billions. Budgets in small units are the exception
# ("HUF 1,300 billion": currency.THOUSANDS_OF_BILLIONS_CODES).
_DECIMAL_COMMA_BEFORE_BILLION_RE = re.compile(r"\d,\d{3}")
_BILLION = Decimal(1_000_000_000)
_MILLION = Decimal(1_000_000)
# Whether a word may follow (a scale or currency of another language), tested before the
# dictionary lookups because most numbers in English text are followed by none of them.
_MAY_BE_WORD_AFTER_RE = re.compile(r"\.?[ \u00a0\u202f]?[^\W\d_]")
_SPOKEN_SUBUNIT_RE = re.compile(
    rf"(?:\s+and)?\s+(?P<num>\d{{1,2}}(?![\d.,]\d)|\b{NUMBER_WORDS})(?:\s*(?P<sub>cents?|¢))?"
)
_SUBUNIT_FOLLOWER_RE = re.compile(r"\s*(?:$|[.,;:!?)]|(?:and|more|less|extra|only)\b)")
_SPACED_SCALE_RE = re.compile(r"\s?(?P<word>thousand|million|billion|trillion|mn|bn)\b")
_YEAR_CONTEXT_RE = re.compile(r"(?:\b(?:in|constant|current|real|of|from|to)\s+)$")
_WEIGHT_AFTER_RE = re.compile(r"\s+(?:of|bombs?|warheads?|payloads?|thrust)\b")
_STERLING_AFTER_RE = re.compile(r"\s+sterling\b")

# Words before an amount that bound or soften it; conversions.py reads them too ("(about $3.1bn)").
QUALIFIERS_BEFORE: dict[str, str] = {
    "no more than": AT_MOST,
    "not more than": AT_MOST,
    "no less than": AT_LEAST,
    "not less than": AT_LEAST,
    "more than": AT_LEAST,
    "greater than": AT_LEAST,
    "upwards of": AT_LEAST,
    "in excess of": AT_LEAST,
    "at least": AT_LEAST,
    "a minimum of": AT_LEAST,
    "just over": AT_LEAST,
    "well over": AT_LEAST,
    "over": AT_LEAST,
    "above": AT_LEAST,
    "exceeding": AT_LEAST,
    "topping": AT_LEAST,
    "north of": AT_LEAST,
    "as little as": AT_LEAST,
    "as low as": AT_LEAST,
    "less than": AT_MOST,
    "fewer than": AT_MOST,
    "as much as": AT_MOST,
    "as many as": AT_MOST,
    "as high as": AT_MOST,
    "up to": AT_MOST,
    "at most": AT_MOST,
    "a maximum of": AT_MOST,
    "just under": AT_MOST,
    "just below": AT_MOST,
    "under": AT_MOST,
    "below": AT_MOST,
    "some": APPROXIMATELY,
    "about": APPROXIMATELY,
    "around": APPROXIMATELY,
    "roughly": APPROXIMATELY,
    "approximately": APPROXIMATELY,
    "approx.": APPROXIMATELY,
    "nearly": APPROXIMATELY,
    "almost": APPROXIMATELY,
    "close to": APPROXIMATELY,
    "in the region of": APPROXIMATELY,
    "an estimated": APPROXIMATELY,
    "estimated": APPROXIMATELY,
    "circa": APPROXIMATELY,
    "ca.": APPROXIMATELY,
    "c.": APPROXIMATELY,
    "~": APPROXIMATELY,
    "≈": APPROXIMATELY,
    # The other languages: "около", "yaklaşık", "نحو", "około", "circa", "mintegy" ...
    **wordforms.QUALIFIERS_BEFORE,
}
_QUALIFIER_BEFORE_RE = re.compile(
    r"(?:^|(?<=[\s(\[“\"‘']))(?P<q>"
    + trie_pattern(QUALIFIERS_BEFORE)  # a trie: the list holds every language's words
    + r")\s*\\?$"
)
_QUALIFIERS_AFTER: dict[str, str] = {
    "or more": AT_LEAST,
    "or higher": AT_LEAST,
    "or above": AT_LEAST,
    "-plus": AT_LEAST,
    "or less": AT_MOST,
    "or fewer": AT_MOST,
    "or lower": AT_MOST,
    "or so": APPROXIMATELY,
    # Turkish puts them after the amount: "1,5 milyar dolardan fazla", "5 milyon dolar
    # civarında".
    **wordforms.QUALIFIERS_AFTER,
}
_QUALIFIER_AFTER_RE = re.compile(
    r"(?P<q>\s+or\s+(?:more|higher|above|less|fewer|lower|so)\b|-plus\b"
    rf"|\s+(?:{'|'.join(wordforms.QUALIFIERS_AFTER)})(?!\w))"
)

# A range of two amounts, or the start of "between X and Y".
_RANGE_JOIN_RE = re.compile(r"\s*(?:-|–|—|to)\s*")
_AND_JOIN_RE = re.compile(r"\s+and\s+")
_BETWEEN_BEFORE_RE = re.compile(r"\bbetween\s+(?:\w+\s+)?$")
# "from $1bn to $2bn" and "rose $1bn to $2bn" describe a change, not a range.
_CHANGE_BEFORE_RE = re.compile(
    r"\b(?:from|rose|grew|fell|increased|decreased|climbed|jumped|dropped|declined|"
    r"up|down|by|cut|raised)\s+(?:\w+\s+)?$"
)

_MAGNITUDE_RE = re.compile(
    r"\b(?:(?P<mult>hundreds|tens|dozens)\s+of\s+)?"
    r"(?P<scale>thousands|millions|billions|trillions)\s+of\s+"
    rf"(?P<cur>{CURRENCY_NAME})"
)
_MAGNITUDE_BASE = {
    "thousands": Decimal(10**3),
    "millions": Decimal(10**6),
    "billions": Decimal(10**9),
    "trillions": Decimal(10**12),
}
_MAGNITUDE_MULT = {"hundreds": Decimal(100), "tens": Decimal(10), "dozens": Decimal(10)}

_STOP_WORDS = (
    "of|the|a|an|and|or|but|in|on|at|to|for|with|from|by|as|that|which|who|were|was|are|is|"
    "have|has|had|been|be|will|would|could|per|than|more|less|each|every|times|years?|"
    "months?|days?|hours?|minutes?|percent|per\\s+cent|km|kilometers|miles"
)
_UNITS_ALT = "|".join(
    r"[\s-]+".join(map(re.escape, unit.split()))
    for unit in sorted(COUNT_UNITS, key=len, reverse=True)
)
# After the number: an optional scale word, up to three modifiers ("Bastion", "T-90",
# "Azerbaijani", "modern"), then a counted noun. The modifiers are matched lazily so that a
# compound noun ("armored vehicles") is preferred over a modifier plus a shorter noun.
_COUNT_TAIL_RE = re.compile(
    r"(?P<scale>\s+(?:thousand|million))?"
    rf"(?P<mods>(?:\s+(?!(?:{_STOP_WORDS})\b)[\w’'.\-]+){{0,3}}?)"
    rf"\s+(?P<unit>{_UNITS_ALT})(?![\w\-])"
)
_MODEL_BEFORE_RE = re.compile(
    r"(?:\b[A-Z]{2,}|\b(?:No|no|Section|section|Article|article|Resolution|page|Page|"
    r"Flight|Route|Highway|Unit|Brigade|Division|Regiment|Battalion))\.?\s$"
)


def find_amounts(text: str, folded: str | None = None) -> list[Amount]:
    """Every money amount and count in `text`, in order, without overlaps.

    `folded` is `scanning.fold(text)` when the caller has it already.
    """
    low = fold(text) if folded is None else folded
    lowercased = text == low
    found: list[Amount] = []
    consumed = 0
    anchors = _anchors(low)
    for index, anchor in enumerate(anchors):
        if anchor.start < consumed:
            continue
        amount = _money_at(text, low, anchors, index, consumed, lowercased)
        if amount is None and anchor.digits is not None:
            amount = _count_at(text, low, anchor)
        if amount is None and anchor.digits is not None:
            carried = _compared_currency(low, found, anchor.start)
            if carried is not None:
                amount = _money_at(text, low, anchors, index, consumed, lowercased, carried)
        if amount is not None:
            found.append(amount)
            consumed = amount.end
    found = _merge_ranges(low, found)
    return _with_magnitudes(text, low, found, lowercased)


# Between a sum and a later one compared with it, in one sentence: "..., down from",
# "compared with", "against", "versus" (folded text). Plain "from" is not enough: "$5
# million from 2 million donors".
_COMPARED_AFTER_SUM_RE = re.compile(
    r"[^.;!?]*?(?:\b(?:up|down|rising|falling|rose|fell|grew|increased|decreased|climbed|"
    r"dropped)\s+from|\bcompared\s+(?:with|to)|\bagainst|\bversus|\bvs\.?)\s+"
    r"(?:(?:about|around|some|nearly|almost|roughly)\s+)?"
)


# A change measured by one sum, then the level it reached: "increased by 412 billion
# hryvnia to 2.63 trillion" (folded text; the first is before the sum, the second after).
_CHANGED_BY_BEFORE_RE = re.compile(
    r"\b(?:up|down|rose|fell|grew|increased|decreased|climbed|dropped|raised|cut|rising|"
    r"falling|growing|increasing)\s+by\s+$"
)
_TO_LEVEL_RE = re.compile(r"\s+to\s+(?:(?:about|around|some|nearly|almost|roughly)\s+)?")


def _compared_currency(low: str, found: list[Amount], start: int) -> Currency | None:
    """The currency of the last sum found, when the number at `start` is compared with it
    and may leave its currency out ("1 billion 455 million dollars, down from 1 billion
    717 million", "rose by 412 billion hryvnia to 2.63 trillion")."""
    last = found[-1] if found else None
    if last is None or last.currency is None or start - last.end > 80:
        return None
    compared = _COMPARED_AFTER_SUM_RE.fullmatch(low, last.end, start) is not None
    level = (
        _TO_LEVEL_RE.fullmatch(low, last.end, start) is not None
        and _CHANGED_BY_BEFORE_RE.search(low, max(0, last.start - 40), last.start) is not None
    )
    return Currency(last.currency) if compared or level else None


def _anchors(low: str) -> list[_Anchor]:
    anchors = [
        _Anchor(m.start(), m.end(), m[0], None)
        for m in _DIGITS_RE.finditer(low)
        if m.start() == 0 or low[m.start() - 1] not in "0123456789.,"
    ]
    words = [
        _Anchor(m.start(), m.end(), None, m[0])
        for m in _WORDS_RE.finditer(low)
        if starts_word(low, m.start())
    ]
    words.extend(_Anchor(n.start, n.end, None, None, n) for n in spelled_numbers(low))
    if words:
        anchors = sorted([*anchors, *words], key=lambda a: a.start)
    return anchors


# --- money -------------------------------------------------------------------------------


def _number_value(anchor: _Anchor, convention: str = DECIMAL_POINT) -> Decimal | None:
    if anchor.spelled is not None:
        return anchor.spelled.value
    if anchor.digits is not None:
        return parse_digits(anchor.digits, convention)
    return parse_number_words(anchor.words or "")


# What a currency marker before an amount can end with: the words of PREFIX (codes, scaled
# codes, local abbreviations, "dollar", "rs"), a dollar sign, a dot ("rs.") or a symbol.
# Most numbers follow an ordinary word, which this rules out before the regex runs.
_PREFIX_WORDS = frozenset(
    {code.lower() for code in CODES}
    | {f"{scale.lower()}{code.lower()}" for scale in "mk" for code in SCALED_CODES}
    | {prefix.lower() for prefix in LOCAL_PREFIXES}
    | {"dollar", "rs"}
)
_PREFIX_LAST_CHARS = frozenset("$.¢").union(*SYMBOLS)


def _may_end_prefix(low: str, start: int) -> bool:
    end = start - 1 if start and low[start - 1].isspace() else start
    if end <= 0:
        return False
    last = low[end - 1]
    if last in _PREFIX_LAST_CHARS:
        return True
    if not last.isalpha():
        return False
    word_start = end - 1
    while word_start > 0 and low[word_start - 1].isalpha():
        word_start -= 1
    return low[word_start:end] in _PREFIX_WORDS


def _prefix(
    text: str, low: str, start: int, floor: int, lowercased: bool
) -> tuple[int, Currency] | None:
    """A currency marker ending just before `start` (one space allowed), not before `floor`."""
    if not _may_end_prefix(low, start):
        return None
    window = max(floor, start - 10)
    while window < start:
        match = PREFIX_BEFORE_RE.search(low, window, start)
        if match is None:
            return None
        currency = resolve(text[match.start("cur") : match.end("cur")], lowercased_text=lowercased)
        if currency is not None:
            return match.start(), currency
        window = match.start() + 1
    return None


def _money_at(
    text: str,
    low: str,
    anchors: list[_Anchor],
    index: int,
    floor: int,
    lowercased: bool,
    carried: Currency | None = None,
) -> Amount | None:
    """The money amount at anchors[index], if it is one. `carried` is the currency of an
    earlier sum it is compared with, for an amount written without one."""
    anchor = anchors[index]
    number = _number_value(anchor)
    if number is None:
        return None
    start, end = anchor.start, anchor.end
    spelled = anchor.words is not None or anchor.spelled is not None
    digits = anchor.digits

    grouped_end = None
    if digits is not None and low[end + 1 : end + 2].isdigit():
        grouped_end = space_grouped(low, digits, end)
    if grouped_end is not None:
        digits = low[start:grouped_end]  # "13 500 000 манатов"
        end = grouped_end

    high: _Anchor | None = None
    if grouped_end is None and anchor.spelled is None and index + 1 < len(anchors):
        if anchors[index + 1].start - end <= 5:
            high = _range_end(low, anchors, index, number)
        if high is not None:
            end = high.end

    scale = Decimal(1)
    convention = DECIMAL_POINT
    if anchor.spelled is not None:
        scale = anchor.spelled.scale.value
        convention = anchor.spelled.scale.convention
    elif not spelled:
        scale_match = SCALE_AFTER_DIGITS_RE.match(low, end)
        foreign_scale = None
        if scale_match is None and _MAY_BE_WORD_AFTER_RE.match(low, end):
            foreign_scale = scale_at(low, end)
        if scale_match:
            scale = scale_value(scale_match["word"] or scale_match["glued"])
            if scale_match["word2"]:
                scale *= scale_value(scale_match["word2"])
            end = scale_match.end()
            if scale_match["word"] == "bln" and _long_scale_currency_after(low, end):
                scale *= 1000  # "10,8 bln rubli": Polish counts in the long scale
        elif foreign_scale is not None and foreign_scale.scale is not None:
            written = foreign_scale.scale
            if not written.collective:  # "milyarlarca" stands alone, never after digits
                scale, convention, end = written.value, written.convention, foreign_scale.end
    magnitude = anchor.spelled.magnitude if anchor.spelled is not None else None

    chain = None
    if scale != 1 and high is None and magnitude is None:
        chain = chain_after(low, end, scale, convention)
    suffix, suffix_end, suffix_convention, suffix_match = _suffix(
        text, low, chain.end if chain else end, scale, lowercased
    )
    if chain is not None and not (
        suffix is not None or carried is not None or (chain.foreign and not chain.bare_group)
    ):
        chain = None  # "$2 billion 30 million people": two figures, not one
        suffix, suffix_end, suffix_convention, suffix_match = _suffix(
            text, low, end, scale, lowercased
        )
    if chain is not None:
        end = chain.end
        if suffix is None:
            suffix_end = end
    if convention == DECIMAL_POINT and suffix_convention is not None:
        convention = suffix_convention  # "250.000 avro": the currency's language decides
    decimal_comma_guessed = (
        convention == DECIMAL_POINT
        and scale >= _BILLION
        and digits is not None
        and _DECIMAL_COMMA_BEFORE_BILLION_RE.fullmatch(digits) is not None
    )
    if decimal_comma_guessed:
        convention = DECIMAL_COMMA
    if convention != DECIMAL_POINT and digits is not None:
        number = parse_digits(digits, convention) or number
    high_number = _number_value(high, convention) if high is not None else None

    glued_letter = start > 0 and text[start - 1].isalpha() and not after_proclitic(low, start)
    prefix = _prefix(text, low, start, floor, lowercased) if anchor.spelled is None else None
    if prefix is not None and prefix[1].is_name and scale == 1:
        prefix = None  # "dollar 22.5 million" is money; "the dollar 1.5" is an exchange rate
    if glued_letter and prefix is None:
        return None  # "JF17", "Mi35": part of a name

    currency: Currency | None
    if prefix is not None:
        currency = prefix[1]
        start = prefix[0]
        if suffix is not None and suffix.is_name and suffix.code == currency.code:
            end = suffix_end  # "$ 10 dollars", "$1 млрд долларов"
        # A different marker after the amount introduces the next one: "rmb 10 usd 20".
    elif suffix is not None:
        currency = suffix
        end = suffix_end
    elif (shared := _shared_suffix(text, low, anchors, index, end, lowercased)) is not None:
        currency = shared  # "from 39,8 million to 651 million dollars"
    elif carried is not None and scale >= _MILLION:
        currency = carried  # "8.7 billion manats, compared with 8.4 billion in 2025"
    else:
        hyphenated = HYPHENATED_RE.match(low, end)
        if hyphenated is None or magnitude is not None:
            return None
        currency = resolve(text[hyphenated.start("cur") : hyphenated.end("cur")])
        if currency is None:
            return None
        end = hyphenated.end()

    if (
        decimal_comma_guessed
        and digits is not None
        and currency.code in THOUSANDS_OF_BILLIONS_CODES
    ):
        # "1,300 billion forints" is 1.3 trillion: in small units the comma groups thousands.
        convention = DECIMAL_POINT
        number = parse_digits(digits, convention) or number
        high_number = _number_value(high, convention) if high is not None else None

    if prefix is None and suffix is not None and scale == 1:
        # "75 USD million": the scale after the code.
        late_scale = _SPACED_SCALE_RE.match(low, end)
        if late_scale:
            scale = scale_value(late_scale["word"])
            end = late_scale.end()

    if _is_year_in_prices(low, anchor, start, prefix is not None):
        return None

    factor = currency.factor * currency.scale
    if magnitude is not None:
        return Amount(
            start, end, None, tidy(magnitude[0] * factor), tidy(magnitude[1] * factor), RANGE,
            currency.code, None, scale, True, currency.ambiguous, True,
        )  # fmt: skip
    if (
        prefix is None
        and high_number is None
        and scale == 1
        and suffix_match is not None
        and is_major_name(currency)
        and number == number.to_integral_value()
    ):
        cents = _spoken_subunit(low, end)
        if cents is not None:
            number += cents[0] / 100
            end = cents[1]

    qualifier = _qualifier_before(low, start, floor)
    after = _QUALIFIER_AFTER_RE.match(low, end)
    if after and qualifier == EXACT:
        qualifier = _QUALIFIERS_AFTER[" ".join(after["q"].split())]

    written_scale = scale * currency.scale
    chained = chain.value if chain is not None else Decimal(0)
    if high_number is not None:
        return Amount(
            start,
            end,
            None,
            tidy(number * scale * factor),
            tidy(high_number * scale * factor),
            RANGE,
            currency.code,
            None,
            written_scale,
            spelled,
            currency.ambiguous,
        )
    value = tidy((number * scale + chained) * factor)
    low_bound, high_bound = _bounds(value, qualifier)
    return Amount(
        start,
        end,
        value,
        low_bound,
        high_bound,
        qualifier,
        currency.code,
        None,
        written_scale,
        spelled,
        currency.ambiguous,
    )


def _range_end(low: str, anchors: list[_Anchor], index: int, number: Decimal) -> _Anchor | None:
    """The second number of "1-2", "1,5 ile 2", "от 1 до 2", when it is larger."""
    anchor = anchors[index]
    following = anchors[index + 1]
    tail = _RANGE_TAIL_RE.match(low, anchor.end)
    if tail is None or tail.end() != following.start:
        tail = _WORD_RANGE_TAIL_RE.match(low, anchor.end)
        if tail is None or tail.end() != following.start:
            return None
        if tail[0].strip() == "до" and not _FROM_BEFORE_RE.search(low, 0, anchor.start):
            return None  # "с 500 до 700 млн": a change, not a range
    if following.spelled is not None:
        return None
    candidate = _number_value(following)
    if candidate is None or candidate <= number:
        return None
    return following


# Between two amounts that share the second one's currency: "from 39,8 million to 651
# million dollars", "8 billion or 9 billion manats" (folded text).
_SHARED_CURRENCY_GAP_RE = re.compile(
    r"\s+(?:to|and|or)\s+(?:(?:about|around|nearly|almost|some|over|more\s+than)\s+)?"
)


def _shared_suffix(
    text: str, low: str, anchors: list[_Anchor], index: int, end: int, lowercased: bool
) -> Currency | None:
    """The currency written after the next amount, for an amount with a scale word but no
    currency of its own that is joined to it by "to", "and" or "or"."""
    own_scale = SCALE_AFTER_DIGITS_RE.match(low, anchors[index].end)
    if index + 1 >= len(anchors) or own_scale is None:
        return None
    if scale_value(own_scale["word"] or own_scale["glued"]) < _MILLION:
        return None  # "45 thousand and 3 million dollars": troops, then money
    following = anchors[index + 1]
    gap = _SHARED_CURRENCY_GAP_RE.match(low, end)
    if gap is None or gap.end() != following.start or following.digits is None:
        return None
    scale_match = SCALE_AFTER_DIGITS_RE.match(low, following.end)
    if scale_match is None:
        return None
    scale = scale_value(scale_match["word"] or scale_match["glued"])
    return _suffix(text, low, scale_match.end(), scale, lowercased)[0]


def _suffix(
    text: str, low: str, position: int, scale: Decimal, lowercased: bool
) -> tuple[Currency | None, int, str | None, re.Match[str] | None]:
    """The currency marker after an amount: (currency, where it ends, the decimal
    convention its language implies or None for English, the English match if any)."""
    suffix_match = SUFFIX_RE.match(low, position)
    if suffix_match:
        marker = text[suffix_match.start("cur") : suffix_match.end("cur")]
        suffix = resolve(marker, lowercased_text=lowercased)
        if suffix is not None and not _is_weight(low, suffix_match, scale):
            return suffix, suffix_match.end(), None, suffix_match
    if not _MAY_BE_WORD_AFTER_RE.match(low, position):
        return None, position, None, None  # "40%", "2024,": no word follows
    found = currency_at(low, position)
    if found is None and low.startswith(" di ", position):
        found = currency_at(low, position + 3)  # Italian: "5 miliardi di dollari"
    if found is not None and found.currency is not None:
        word = found.currency
        currency = Currency(word.code, scale=word.scale, ambiguous=word.ambiguous, is_name=True)
        return currency, found.end, word.convention, None
    return None, position, None, None


def _long_scale_currency_after(low: str, position: int) -> bool:
    """Whether the currency after `position` is named in a language of the long scale,
    where "bln" is 10^12 (wordforms/european.py); in English it is 10^9."""
    found = currency_at(low, position)
    if found is None and low.startswith(" di ", position):
        found = currency_at(low, position + 3)
    return found is not None and found.currency is not None and found.currency.long_scale


def _is_weight(low: str, suffix_match: re.Match[str], scale: Decimal) -> bool:
    """Whether "pounds" after a bare number is a weight ("500 pounds of explosives")."""
    if not suffix_match["cur"].startswith("pound") or scale != 1:
        return False
    after = suffix_match.end()
    if _STERLING_AFTER_RE.match(low, after):
        return False
    return bool(_WEIGHT_AFTER_RE.match(low, after))


def _is_year_in_prices(low: str, anchor: _Anchor, start: int, has_prefix: bool) -> bool:
    """Whether the number is a year naming a price level ("in 2024 dollars")."""
    digits = anchor.digits
    if has_prefix or digits is None or len(digits) != 4 or not digits.isdigit():
        return False
    if not 1800 <= int(digits) <= 2100:
        return False
    return bool(_YEAR_CONTEXT_RE.search(low, max(0, start - 12), start))


def _spoken_subunit(low: str, end: int) -> tuple[Decimal, int] | None:
    """Cents said after the main unit: "3 dollars 50 cents", "thirteen dollars forty five"."""
    match = _SPOKEN_SUBUNIT_RE.match(low, end)
    if match is None:
        return None
    raw = match["num"]
    value = parse_digits(raw) if raw[0].isdigit() else parse_number_words(raw)
    if value is None or value >= 100 or value != value.to_integral_value():
        return None
    if match["sub"] is None and not _SUBUNIT_FOLLOWER_RE.match(low, match.end()):
        return None  # "5 dollars 10 times", "50 dollar 40 rmb"
    if match.end() < len(low) and is_word_char(low[match.end()]):
        return None
    return value, match.end()


def _qualifier_before(low: str, start: int, floor: int) -> str:
    match = _QUALIFIER_BEFORE_RE.search(low, max(floor, start - 24), start)
    if match is None:
        return EXACT
    return QUALIFIERS_BEFORE[" ".join(match["q"].split())]


def _bounds(value: Decimal, qualifier: str) -> tuple[Decimal | None, Decimal | None]:
    if qualifier == AT_LEAST:
        return value, None
    if qualifier == AT_MOST:
        return None, value
    return None, None


# --- counts ------------------------------------------------------------------------------


def _count_at(text: str, low: str, anchor: _Anchor) -> Amount | None:
    start, end = anchor.start, anchor.end
    digits = anchor.digits or ""
    if not digits.replace(",", "").isdigit():
        return None  # decimals are not counts of things
    if start > 0 and (text[start - 1].isalnum() or text[start - 1] in "-–/#№$€£"):
        return None  # "Mi-35", "S-300", "#5"
    if _MODEL_BEFORE_RE.search(text, max(0, start - 14), start):
        return None  # "GM 200 radars", "Section 907"
    count = parse_digits(digits)
    if count is None or count < 2:
        return None
    if "," not in digits and len(digits) == 4 and 1800 <= count <= 2100:
        return None  # a year: "In 2020 tanks ..." is rare, "the 2020 war" is not
    tail = _COUNT_TAIL_RE.match(low, end)
    if tail is None:
        return None
    if tail["scale"]:
        count *= scale_value(tail["scale"].strip())
    written = text[tail.start("unit") : tail.end("unit")]
    unit_text = " ".join(written.replace("-", " - ").split()).replace(" - ", "-")
    unit = unit_text if sum(c.isupper() for c in unit_text) > 1 else unit_text.lower()
    qualifier = _qualifier_before(low, start, 0)
    value = tidy(count)
    bottom, top = _bounds(value, qualifier)
    return Amount(start, tail.end(), value, bottom, top, qualifier, None, unit)


# --- ranges and magnitudes ---------------------------------------------------------------


def _merge_ranges(low: str, amounts: list[Amount]) -> list[Amount]:
    """Join "$1 billion to $2 billion", "$1bn-$2bn" and "between $1 and $2 billion"."""
    if len(amounts) < 2:
        return amounts
    merged: list[Amount] = []
    index = 0
    while index < len(amounts):
        first = amounts[index]
        second = amounts[index + 1] if index + 1 < len(amounts) else None
        joined = _joined_range(low, first, second) if second is not None else None
        if joined is not None:
            merged.append(joined)
            index += 2
        else:
            merged.append(first)
            index += 1
    return merged


def _joined_range(low: str, first: Amount, second: Amount) -> Amount | None:
    if (
        first.currency is None
        or first.currency != second.currency
        or first.value is None
        or second.value is None
        or first.qualifier not in (EXACT, APPROXIMATELY)
    ):
        return None
    between = low[first.end : second.start]
    before = low[max(0, first.start - 24) : first.start]
    if _AND_JOIN_RE.fullmatch(between):
        if not _BETWEEN_BEFORE_RE.search(before):
            return None
    elif not _RANGE_JOIN_RE.fullmatch(between) or _CHANGE_BEFORE_RE.search(before):
        return None
    bottom = first.value
    if first.scale == 1 and second.scale != 1 and first.value < 1000 <= second.value:
        bottom = first.value * second.scale  # "between $1 and $2 billion"
    top = second.value
    if bottom >= top:
        return None
    return Amount(
        first.start,
        second.end,
        None,
        tidy(bottom),
        tidy(top),
        RANGE,
        first.currency,
        None,
        max(first.scale, second.scale),
        first.spelled and second.spelled,
        first.ambiguous_currency or second.ambiguous_currency,
    )


def _with_magnitudes(text: str, low: str, amounts: list[Amount], lowercased: bool) -> list[Amount]:
    """Add "hundreds of millions of dollars"-style ranges that no other span covers."""
    if "illions of" not in low and "thousands of" not in low:
        return amounts  # the common case, decided without running the pattern
    extra = []
    for match in _MAGNITUDE_RE.finditer(low):
        if not starts_word(low, match.start()):
            continue
        currency = resolve(text[match.start("cur") : match.end("cur")], lowercased_text=lowercased)
        if currency is None:
            continue
        start, end = match.span()
        if any(a.start < end and start < a.end for a in amounts):
            continue
        base = _MAGNITUDE_BASE[match["scale"]] * currency.factor
        mult = match["mult"]
        if mult:
            bottom = base * _MAGNITUDE_MULT[mult]
            top = bottom * 10
        else:
            bottom, top = base, base * 1000
        extra.append(
            Amount(
                start,
                end,
                None,
                tidy(bottom),
                tidy(top),
                RANGE,
                currency.code,
                None,
                _MAGNITUDE_BASE[match["scale"]],
                True,
                currency.ambiguous,
                True,
            )
        )
    if not extra:
        return amounts
    return sorted([*amounts, *extra], key=lambda a: a.start)
