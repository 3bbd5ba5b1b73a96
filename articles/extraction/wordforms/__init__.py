"""The written forms of numbers, currencies, entities and cues in the region's other languages.

English is the extractor's own grammar (numbers.py, currency.py, lexicon.py, context.py).
Russian and Turkish news, and English translated from them, write amounts, names and
periods differently: "3,7 млрд долларов", "1 milyar 600 milyon dolar", "Азербайджану",
"Türkiye'nin", and so do Arabic, Polish, Serbian, Hungarian, Italian, Swedish,
Azerbaijani and Armenian. This package holds those forms as data, one module per language
(russian.py, turkish.py, arabic.py, polish.py, serbian.py, hungarian.py, italian.py,
swedish.py, azerbaijani.py, armenian.py; european.py for the amounts of the five European
ones) and from CLDR through Babel (cldr.py), and merges them here into the lookup tables
the extractor reads. Names are made from their dictionary form by each language's
grammar (declension, endings, proclitics) rather than listed form by form. All languages
are read at once: the words around a number say which language it is in, so no language
needs to be declared, and a Russian quote in an English article is read too.

Every table is keyed by the folded (lower-case, scanning.fold) form. Lookups are dict
lookups on the word that follows a number, so the size of these tables costs nothing on
English text; what is matched by regex is compiled as a trie (scanning.trie_pattern), and
names and cues are searched only in sentences that may be in another language
(lexicon.LexiconIndex).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from ..numbers import (
    DECIMAL_COMMA,
    DECIMAL_COMMA_POINT_GROUPS,
    DECIMAL_POINT,
    SCALE_ABBREVIATIONS,
    SCALE_WORDS,
)
from ..scanning import fold
from . import (
    arabic,
    armenian,
    azerbaijani,
    cldr,
    european,
    hungarian,
    italian,
    polish,
    russian,
    serbian,
    swedish,
    turkish,
)

RUSSIAN = "ru"
TURKISH = "tr"
ARABIC = "ar"


@dataclass(frozen=True)
class ScaleWord:
    """A word that multiplies the number before it ("млрд", "milyar", "milliárd")."""

    value: Decimal
    convention: str  # how the digits before it are written (numbers.DECIMAL_*)
    bare: bool = False  # singular: may stand without a number ("около миллиарда долларов")
    magnitude: bool = False  # plural: alone, an order of magnitude ("миллиарды долларов")
    collective: bool = False  # only an order of magnitude ("milyarlarca", "yüz milyonlarca")
    count: Decimal = Decimal(1)  # how many of the scale it is alone: 2 for the Arabic dual


@dataclass(frozen=True)
class CurrencyWord:
    """A currency as a language writes it after an amount ("долларов", "dolar", "TL")."""

    code: str
    convention: str
    ambiguous: bool = False
    scale: Decimal = Decimal(1)  # "mdkr": billions of kronor
    long_scale: bool = False  # a language where "bln" is 10^12 (european.py)


# ISO codes whose CLDR names are read: the currencies the region's news writes about.
CURRENCY_CODES = (
    "USD", "EUR", "GBP", "CHF", "JPY", "CNY", "RUB", "BYN", "AZN", "AMD", "GEL", "TRY", "UAH",
    "KZT", "KGS", "UZS", "TJS", "TMT", "IRR", "IQD", "ILS", "SAR", "AED", "QAR", "KWD", "EGP",
    "SYP", "INR", "PKR", "PLN", "CZK", "HUF", "RON", "BGN", "RSD", "SEK", "NOK", "DKK", "CAD",
    "AUD", "KRW",
)  # fmt: skip
# Arabic writes a decimal point ("3.8 مليار"); every other language here that is not
# listed writes DECIMAL_COMMA_POINT_GROUPS.
_CONVENTIONS = {"ru": DECIMAL_COMMA, "ar": DECIMAL_POINT}
# Scale words CLDR gives that clash with English or mean something else in running text:
# Swedish "bn" (10^12) and Polish/Italian "bln" (10^12) against English "bn"/"bln" (10^9),
# Swedish "tn" (10^3) against English "tn" (10^12), Azerbaijani "min" (thousand) against
# "min" (minutes), Serbian "мил"/"mil"/"бил"/"bil", which are also informal English and
# Spanish words for other powers.
_SCALE_WORDS_LEFT_OUT = frozenset({"bn", "bln", "tn", "min", "mil", "bil", "мил", "бил"})


def _scales() -> dict[str, ScaleWord]:
    english = {**SCALE_WORDS, **SCALE_ABBREVIATIONS}
    scales: dict[str, ScaleWord] = {}
    for module in (russian, turkish, european, arabic, armenian):
        for locale in module.LOCALES:
            convention = _CONVENTIONS.get(locale.split("_")[0], DECIMAL_COMMA_POINT_GROUPS)
            found = dict(cldr.scale_words(locale))
            found.update(getattr(module, "SCALE_WORDS", {}))
            for word, (value, singular) in found.items():
                if len(word) < 2 or word in _SCALE_WORDS_LEFT_OUT or word in english:
                    continue
                if word in scales:
                    continue  # the first language to claim a shared word decides it
                scales[word] = ScaleWord(value, convention, singular, not singular)
    for word, value in turkish.MAGNITUDE_WORDS.items():
        scales[word] = ScaleWord(value, DECIMAL_COMMA_POINT_GROUPS, magnitude=True, collective=True)
    for word, value in arabic.DUAL_SCALE_WORDS.items():
        scales.setdefault(word, ScaleWord(value / 2, DECIMAL_POINT, bare=True, count=Decimal(2)))
    return scales


def _currencies() -> tuple[dict[str, CurrencyWord], frozenset[str]]:
    """Every currency phrase, and which of them are Turkish or Azerbaijani (whose last
    word takes endings)."""
    currencies: dict[str, CurrencyWord] = {}
    turkic: set[str] = set()

    def add(phrase: str, word: CurrencyWord, *, takes_endings: bool = False) -> None:
        key = " ".join(fold(phrase).split())
        if key not in currencies:
            currencies[key] = word
            if takes_endings:
                turkic.add(key)

    for word, code in russian.CURRENCY_WORDS.items():
        ambiguous = word in russian.AMBIGUOUS_CURRENCY_WORDS
        add(word, CurrencyWord(code, DECIMAL_COMMA, ambiguous))
    for word, code in turkish.CURRENCY_WORDS.items():
        ambiguous = word in turkish.AMBIGUOUS_CURRENCY_WORDS
        add(word, CurrencyWord(code, DECIMAL_COMMA_POINT_GROUPS, ambiguous), takes_endings=True)
    for word, code in european.CURRENCY_WORDS.items():
        add(word, CurrencyWord(code, DECIMAL_COMMA_POINT_GROUPS, code == "TRY", long_scale=True))
    for word, code in arabic.CURRENCY_WORDS.items():
        ambiguous = word in arabic.AMBIGUOUS_CURRENCY_WORDS
        add(word, CurrencyWord(code, DECIMAL_POINT, ambiguous))
    for word, code in armenian.CURRENCY_WORDS.items():
        ambiguous = word in armenian.AMBIGUOUS_CURRENCY_WORDS
        add(word, CurrencyWord(code, DECIMAL_COMMA_POINT_GROUPS, ambiguous))
    for word, (code, scale) in european.SCALED_CURRENCY_WORDS.items():
        add(word, CurrencyWord(code, DECIMAL_COMMA_POINT_GROUPS, scale=scale))
    for module in (russian, turkish, european, arabic, armenian):
        for locale in module.LOCALES:
            convention = _CONVENTIONS.get(locale.split("_")[0], DECIMAL_COMMA_POINT_GROUPS)
            long_scale = module is european
            for name, code in cldr.currency_names(locale, CURRENCY_CODES).items():
                named = CurrencyWord(code, convention, long_scale=long_scale)
                add(name, named, takes_endings=module is turkish)
    return currencies, frozenset(turkic)


# A possessive ending on the last word of a Turkish or Azerbaijani name ("doları", "lirası").
_POSSESSIVE_RE = re.compile(r"(?<=[^aeıioöuüə])[ıiuü]$|(?<=[aeıioöuüə])s[ıiuü]$")


def _currency_stems() -> dict[str, tuple[CurrencyWord, re.Pattern[str]]]:
    """Phrases whose last word takes endings (Turkish, Azerbaijani, Hungarian), as stems:
    "dolar" for "dolarlık", "abd dolar" for CLDR's "ABD doları" (its possessive ending
    removed, since news also writes "ABD dolarına")."""
    stems: dict[str, tuple[CurrencyWord, re.Pattern[str]]] = {}
    for phrase, word in CURRENCIES.items():
        if phrase in european.AGGLUTINATIVE and phrase in _TURKIC_PHRASES:
            # "manat" takes Turkish endings ("manatlık") and Hungarian ones ("manattal").
            both = re.compile(
                f"(?:{european.ENDING.pattern})|(?:{turkish.CURRENCY_ENDING.pattern})"
            )
            stems.setdefault(phrase, (word, both))
        elif phrase in european.AGGLUTINATIVE:
            stems.setdefault(phrase, (word, european.ENDING))
        elif phrase in _TURKIC_PHRASES:
            head, _, last = phrase.rpartition(" ")
            stem = _POSSESSIVE_RE.sub("", last) if head else last
            stems.setdefault(f"{head} {stem}".strip(), (word, turkish.CURRENCY_ENDING))
    return stems


SCALES: dict[str, ScaleWord] = _scales()
_PAIR_FIRST_WORDS = frozenset(w.split(" ")[0] for w in SCALES if " " in w)
CURRENCIES, _TURKIC_PHRASES = _currencies()
CURRENCY_STEMS: dict[str, tuple[CurrencyWord, re.Pattern[str]]] = _currency_stems()
# The first word of every currency phrase and stem, to give up on a word quickly.
_CURRENCY_FIRST_WORDS = frozenset(p.split(" ")[0] for p in (*CURRENCIES, *CURRENCY_STEMS))
_STEM_PREFIXES = frozenset(p.split(" ")[0][:3] for p in CURRENCY_STEMS)

# Number words of the languages that spell amounts ("четыреста миллионов", "iki milyar").
NUMBER_WORDS: dict[str, tuple[Decimal, str]] = {
    **{word: (value, RUSSIAN) for word, value in russian.NUMBER_WORDS.items()},
    **{word: (value, TURKISH) for word, value in turkish.NUMBER_WORDS.items()},
    **{word: (value, ARABIC) for word, value in arabic.NUMBER_WORDS.items()},
}
MAGNITUDE_MULTIPLIERS: dict[str, Decimal] = {
    **russian.MAGNITUDE_MULTIPLIERS,
    **turkish.MAGNITUDE_MULTIPLIERS,
    **arabic.MAGNITUDE_MULTIPLIERS,
}

# A word as the span finder reads it, and what may stand between two words of an amount:
# a space, after an abbreviation's dot ("тыс. долларов", "млрд долл. США").
_NEXT_WORD_RE = re.compile(r"\.?[ \t\u00a0\u202f]{0,2}([^\W\d_]+)")


@dataclass(frozen=True)
class Found:
    """A word (or phrase) found after a position, with where it ends."""

    end: int
    scale: ScaleWord | None = None
    currency: CurrencyWord | None = None


def scale_at(low: str, position: int) -> Found | None:
    """A scale word of another language right after `position` ("3,7 млрд", "1,5 milyar")."""
    word = _NEXT_WORD_RE.match(low, position)
    if word is None:
        return None
    # Two words may make one scale: "ezer milliárd" and "mila miliardi" are 10^12.
    if word[1] in _PAIR_FIRST_WORDS:
        second = _NEXT_WORD_RE.match(low, word.end())
        if second is not None and second.start(1) - word.end() <= 1:
            pair = SCALES.get(f"{word[1]} {second[1]}")
            if pair is not None:
                return Found(second.end(), scale=pair)
    scale = SCALES.get(word[1])
    return None if scale is None else Found(word.end(), scale=scale)


def currency_at(low: str, position: int) -> Found | None:
    """A currency name of another language right after `position`, the longest phrase that
    is one ("долларов США" over "долларов"), with its endings ("dolarlık", "dollárt")."""
    word = _NEXT_WORD_RE.match(low, position)
    if word is None:
        return None
    first = word[1]
    if first not in _CURRENCY_FIRST_WORDS and first[:3] not in _STEM_PREFIXES:
        return None  # the common case, decided by one set lookup
    words = [word]
    while len(words) < 3:
        following = _NEXT_WORD_RE.match(low, words[-1].end())
        if following is None or following.start(1) - words[-1].end() > 2:
            break
        words.append(following)
    for count in range(len(words), 0, -1):
        phrase = " ".join(w[1] for w in words[:count])
        found = CURRENCIES.get(phrase) or _with_ending(phrase)
        if found is not None:
            return Found(words[count - 1].end(), currency=found)
    return None


def _with_ending(phrase: str) -> CurrencyWord | None:
    head, _, last = phrase.rpartition(" ")
    if last in turkish.NOT_CURRENCY_WORDS:
        return None
    for cut in range(len(last) - 1, 1, -1):
        stem = f"{head} {last[:cut]}" if head else last[:cut]
        entry = CURRENCY_STEMS.get(stem)
        if entry is not None and entry[1].fullmatch(last, cut):
            return entry[0]
    return None


# The languages read for subject, metric and roles as well as amounts, in the order they
# claim a shared form. Each module has ENTITY_FORMS, METRIC_CUES, WEAK_CUES and
# DOMAIN_WORDS; the role words (TRANSFER_VERBS ...) where the language has them.
_CONTEXT_LANGUAGES = (
    russian, turkish, arabic, polish, serbian, hungarian, italian, swedish, azerbaijani, armenian,
)  # fmt: skip


def entity_forms(entity: str) -> dict[str, str]:
    """Every form of a canonical entity's name in these languages -> its case letters."""
    forms = dict(russian.ENTITY_FORMS.get(entity, {}))
    for form in turkish.ENTITY_FORMS.get(entity, ()):
        forms.setdefault(form, "")
    for module in _CONTEXT_LANGUAGES[2:]:
        for form, cases in module.ENTITY_FORMS.get(entity, {}).items():
            forms.setdefault(form, cases)
    return forms


def metric_cues(metric: str) -> tuple[str, ...]:
    """Strong cues for a metric slug in these languages (stems end in *)."""
    return tuple(cue for m in _CONTEXT_LANGUAGES for cue in m.METRIC_CUES.get(metric, ()))


def _joined(name: str) -> tuple[str, ...]:
    return tuple(word for m in _CONTEXT_LANGUAGES for word in getattr(m, name, ()))


WEAK_METRIC_CUES: dict[str, tuple[str, ...]] = {
    metric: tuple(cue for m in _CONTEXT_LANGUAGES for cue in m.WEAK_CUES.get(metric, ()))
    for metric in {metric for m in _CONTEXT_LANGUAGES for metric in m.WEAK_CUES}
}
DOMAIN_WORDS: tuple[str, ...] = _joined("DOMAIN_WORDS")
TRANSFER_VERBS: tuple[str, ...] = _joined("TRANSFER_VERBS")
BUY_VERBS: tuple[str, ...] = _joined("BUY_VERBS")
GRANT_VERBS: tuple[str, ...] = _joined("GRANT_VERBS")
TRANSFER_NOUNS: tuple[str, ...] = _joined("TRANSFER_NOUNS")
ARMS_NOUNS: tuple[str, ...] = _joined("ARMS_NOUNS")
QUALIFIERS_BEFORE: dict[str, str] = {
    phrase: meaning
    for m in _CONTEXT_LANGUAGES
    for phrase, meaning in getattr(m, "QUALIFIERS_BEFORE", {}).items()
}
QUALIFIERS_AFTER: dict[str, str] = {
    phrase: meaning
    for m in _CONTEXT_LANGUAGES
    for phrase, meaning in getattr(m, "QUALIFIERS_AFTER", {}).items()
}
CONVERSION_CONNECTIVES: tuple[str, ...] = _joined("CONVERSION_CONNECTIVES")
FROM_WORDS: tuple[str, ...] = _joined("FROM_WORDS")
TO_WORDS: tuple[str, ...] = _joined("TO_WORDS")
WITH_WORDS: tuple[str, ...] = _joined("WITH_WORDS")
# Words after a deal's "with" partner that make the deal a sale to it ("مع إندونيسيا صفقة
# لبيع": a deal with Indonesia to sell): the partner then buys.
SALE_TO_PARTNER_WORDS: tuple[str, ...] = _joined("SALE_TO_PARTNER_WORDS")
NOT_CUES: tuple[str, ...] = _joined("NOT_CUES")
# Verbs whose first object is who receives ("EU har beviljat Armenien ..."): a name right
# after one is the recipient when the verb's subject stands before it.
DIRECT_RECIPIENT_VERBS: tuple[str, ...] = _joined("DIRECT_RECIPIENT_VERBS")
# Words before a source's name ("według SIPRI", "secondo il SIPRI", "بحسب").
SOURCE_BEFORE_WORDS: tuple[str, ...] = _joined("SOURCE_BEFORE_WORDS")
# Words after it (Hungarian "a SIPRI szerint").
SOURCE_AFTER_WORDS: tuple[str, ...] = _joined("SOURCE_AFTER_WORDS")
# Words between an amount and the year it is for ("في 2024", "w 2024 roku", "nel 2024").
PERIOD_GAP_WORDS: tuple[str, ...] = _joined("PERIOD_GAP_WORDS")
# Years named from the publication date, folded -> offset ("jövőre": +1).
RELATIVE_YEARS: dict[str, int] = {
    fold(phrase): offset
    for m in _CONTEXT_LANGUAGES
    for phrase, offset in getattr(m, "RELATIVE_YEARS", {}).items()
}
TURKISH_CASE_ENDINGS = turkish.CASE_ENDINGS
