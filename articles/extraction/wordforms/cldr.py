"""Scale words and currency names from CLDR, read through Babel.

CLDR (the Unicode Common Locale Data Repository) is where the world's software keeps how
each language writes numbers and currencies, and Babel ships it for Python. Two parts of it
are what an extractor needs and should not keep by hand:

- the compact number formats ("0 млрд", "0 milyar", "0 milliárd", "0 билиона") say which
  word stands for which power of ten in each language, including the long-scale ones
  (Serbian "билион" and Hungarian "billió" are 10^12, not 10^9), in every plural form;
- the currency display names, singular and plural ("армянских драмов", "dolarów
  amerykańskich", "Türk lirası"), say which currency a written name means.

What CLDR does not have (the bare noun after an amount, "долларов", "dolar", and the
grammatical cases news uses) lives with each language (see the sibling modules).

Everything is read once, at import, into plain dicts keyed by the folded (lower-case) form.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal

from babel import Locale
from babel.numbers import get_currency_name

from ..scanning import fold

# Powers of ten the extractor reads as scale words.
_MAGNITUDES = (3, 6, 9, 12)
# One number of each plural category CLDR distinguishes in these languages: 1 ("one"),
# 2 ("few"), 5 ("many"), 1.5 ("other", a fraction).
_PLURAL_SAMPLES = (1, 2, 5, Decimal("1.5"))
_PATTERN_WORD_RE = re.compile(r"^[0#]+[\s\u00a0]*(?P<word>.+?)\.?$|^(?P<bare>[^\d#]+)$")


def scale_words(locale_name: str) -> dict[str, tuple[Decimal, bool]]:
    """Folded scale word -> (power of ten, whether it is the singular form) for a locale.

    Only the patterns for exactly 10^3, 10^6, 10^9 and 10^12 are read ("0 млрд"); their
    words stand for that power. Quotes around literal dots ("тыс'.'") are removed, and so
    is a final dot, which the span finder treats as optional.
    """
    locale = Locale.parse(locale_name)
    words: dict[str, tuple[Decimal, bool]] = {}
    for width in ("long", "short"):
        formats = locale.compact_decimal_formats.get(width, {})
        for plural, patterns in formats.items():
            for power in _MAGNITUDES:
                pattern = patterns.get(str(10**power))
                if pattern is None:
                    continue
                raw = getattr(pattern, "pattern", str(pattern)).replace("'", "")
                match = _PATTERN_WORD_RE.match(raw.strip())
                if match is None:
                    continue
                word = fold((match["word"] or match["bare"] or "").strip())
                if word:
                    singular = plural == "one" or words.get(word, (0, False))[1]
                    words[word] = (Decimal(10) ** power, singular)
    return words


def currency_names(locale_name: str, codes: Iterable[str]) -> dict[str, str]:
    """Folded currency name -> ISO code, every plural form of every code, for a locale.

    A name that two of the codes share is left out: it cannot say which one it means.
    """
    locale = Locale.parse(locale_name)
    seen: dict[str, set[str]] = {}
    for code in codes:
        names = {locale.currencies.get(code)}
        names.update(get_currency_name(code, count, locale) for count in _PLURAL_SAMPLES)
        for name in names:
            if name and name != code:
                seen.setdefault(" ".join(fold(name).split()), set()).add(code)
    return {name: next(iter(found)) for name, found in seen.items() if len(found) == 1}
