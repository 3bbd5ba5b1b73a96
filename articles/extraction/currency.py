"""Currency markers and the ISO 4217 codes they stand for.

This module owns every way a text says which money it means: symbols ("$", "€", "₼"),
qualified dollar signs ("US$", "C$", "hk $"), codes before or after the amount ("USD 200",
"115USD", "MEUR" for millions of euros) and names with their national adjectives
("Swiss francs", "finnish markka", "Azerbaijani manats"). It exposes regex fragments for
the span finder and one resolver that turns the matched marker into a `Currency`.
Subunits (cents, pence, kopecks, satoshis) resolve to their main currency with a factor.

Bitcoin has no ISO 4217 code; it resolves to the customary "XBT". Names shared by several
currencies ("francs", "rupees", "pesos") resolve to the most common one in English news
and are flagged `ambiguous` so that confidence can say so.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple


class Currency(NamedTuple):
    """What a currency marker means: a code, a factor for subunits, and how sure we are."""

    code: str
    factor: Decimal = Decimal(1)
    scale: Decimal = Decimal(1)  # "MUSD" is millions of dollars, "kEUR" thousands
    ambiguous: bool = False
    is_name: bool = False  # written as a word ("dollars"), not a symbol or code


SYMBOLS: dict[str, str] = {
    "$": "USD",
    "€": "EUR",
    "£": "GBP",
    "¥": "JPY",
    "₹": "INR",
    "₽": "RUB",
    "₼": "AZN",
    "֏": "AMD",
    "₺": "TRY",
    "₴": "UAH",
    "₩": "KRW",
    "₪": "ILS",
    "₡": "CRC",
    "₾": "GEL",
    "₭": "LAK",
    "₦": "NGN",
    "₱": "PHP",
    "฿": "THB",
    "₫": "VND",
    "₿": "XBT",
    "ரூ": "LKR",
    "元": "CNY",
}
_AMBIGUOUS_SYMBOLS = frozenset({"¥"})  # yen or yuan

# The letters before a dollar sign that say whose dollar it is.
DOLLAR_QUALIFIERS: dict[str, str] = {
    "us": "USD",
    "usd": "USD",
    "a": "AUD",
    "au": "AUD",
    "aud": "AUD",
    "c": "CAD",
    "ca": "CAD",
    "can": "CAD",
    "cad": "CAD",
    "nz": "NZD",
    "nzd": "NZD",
    "hk": "HKD",
    "hkd": "HKD",
    "s": "SGD",
    "sg": "SGD",
    "sgd": "SGD",
    "nt": "TWD",
    "r": "BRL",
    "mex": "MXN",
    "mx": "MXN",
    "mxn": "MXN",
}

# Codes recognised before or after an amount. Upper case always; lower case only for
# those that are not also English words ("try", "pen", "all", "gel", "mad", "top").
CODES: frozenset[str] = frozenset(
    """USD EUR GBP JPY CNY RMB CHF CAD AUD NZD HKD SGD TWD RUB AZN AMD GEL TRY UAH BYN RSD KZT
    KGS UZS TJS TMT AFN INR PKR LKR NPR BDT ILS IRR IQD SAR AED QAR KWD OMR BHD JOD EGP SYP
    LBP SEK NOK DKK ISK PLN CZK HUF RON BGN MDL BRL MXN ARS CLP COP ZAR NGN KES KRW THB IDR
    MYR PHP VND BTC XBT FRF DEM FIM NLG ESP ITL BEF ATS IEP PTE GRD""".split()  # noqa: SIM905 - word lists read better as prose
)
LOWERCASE_CODES: frozenset[str] = frozenset(
    """usd eur gbp jpy cny rmb chf cad aud nzd hkd sgd rub azn inr pkr sek nok dkk pln mxn brl
    zar krw uah kzt btc""".split()  # noqa: SIM905 - word lists read better as prose
)
_CODE_ALIASES = {"RMB": "CNY", "BTC": "XBT"}
# Codes prefixed with M (millions) or k (thousands), a habit of financial reports.
_SCALED_CODE_PREFIXES = {"M": Decimal(1_000_000), "k": Decimal(1000), "K": Decimal(1000)}
SCALED_CODES = ("USD", "EUR", "GBP", "AUD", "CAD", "CHF", "JPY", "CNY", "RUB", "SEK", "NOK")


@dataclass(frozen=True)
class _Family:
    default: str | None  # None: the bare name does not say which currency it is
    factor: Decimal = Decimal(1)
    ambiguous: bool = False


_CENT = Decimal("0.01")
FAMILIES: dict[str, _Family] = {
    "dollar": _Family("USD"),
    "buck": _Family("USD"),
    "euro": _Family("EUR"),
    "pound": _Family("GBP"),
    "sterling": _Family("GBP"),
    "yen": _Family("JPY"),
    "yuan": _Family("CNY"),
    "renminbi": _Family("CNY"),
    "kuai": _Family("CNY"),
    "ruble": _Family("RUB"),
    "manat": _Family("AZN", ambiguous=True),
    "dram": _Family("AMD"),
    "lari": _Family("GEL"),
    "hryvnia": _Family("UAH"),
    "lira": _Family("TRY", ambiguous=True),
    "rupee": _Family("INR", ambiguous=True),
    "peso": _Family("MXN", ambiguous=True),
    "franc": _Family("FRF", ambiguous=True),
    "markka": _Family("FIM"),
    "guilder": _Family("NLG"),
    "peseta": _Family("ESP"),
    "shekel": _Family("ILS"),
    "riyal": _Family("SAR", ambiguous=True),
    "rial": _Family("IRR", ambiguous=True),
    "dinar": _Family(None),
    "dirham": _Family("AED", ambiguous=True),
    "won": _Family("KRW"),
    "rand": _Family("ZAR"),
    "real": _Family(None),
    "reais": _Family("BRL"),
    "zloty": _Family("PLN"),
    "forint": _Family("HUF"),
    "koruna": _Family("CZK"),
    "tenge": _Family("KZT"),
    "leu": _Family("RON", ambiguous=True),
    "lev": _Family("BGN"),
    "naira": _Family("NGN"),
    "baht": _Family("THB"),
    "ringgit": _Family("MYR"),
    "rupiah": _Family("IDR"),
    "dong": _Family("VND"),
    "krona": _Family("SEK"),
    "krone": _Family(None),
    "mark": _Family(None),
    "deutschmark": _Family("DEM"),
    "drachma": _Family("GRD"),
    "escudo": _Family("PTE", ambiguous=True),
    "schilling": _Family("ATS"),
    "shilling": _Family(None),
    "afghani": _Family("AFN"),
    "som": _Family(None),
    "sum": _Family(None),
    "somoni": _Family("TJS"),
    "taka": _Family("BDT"),
    "cent": _Family("USD", _CENT, ambiguous=True),
    "penny": _Family("GBP", _CENT),
    "kopeck": _Family("RUB", _CENT),
    "satoshi": _Family("XBT", Decimal("0.00000001")),
    "bitcoin": _Family("XBT"),
}

# Every written form of a family's name, singular and plural.
NAME_FORMS: dict[str, str] = {
    "dollar": "dollar",
    "dollars": "dollar",
    "buck": "buck",
    "bucks": "buck",
    "euro": "euro",
    "euros": "euro",
    "pound": "pound",
    "pounds": "pound",
    "sterling": "sterling",
    "yen": "yen",
    "yuan": "yuan",
    "renminbi": "renminbi",
    "kuai": "kuai",
    "ruble": "ruble",
    "rubles": "ruble",
    "rouble": "ruble",
    "roubles": "ruble",
    "manat": "manat",
    "manats": "manat",
    "dram": "dram",
    "drams": "dram",
    "lari": "lari",
    "laris": "lari",
    "hryvnia": "hryvnia",
    "hryvnias": "hryvnia",
    "hryvnas": "hryvnia",
    "lira": "lira",
    "liras": "lira",
    "lire": "lira",
    "rupee": "rupee",
    "rupees": "rupee",
    "peso": "peso",
    "pesos": "peso",
    "franc": "franc",
    "francs": "franc",
    "markka": "markka",
    "markkaa": "markka",
    "guilder": "guilder",
    "guilders": "guilder",
    "peseta": "peseta",
    "pesetas": "peseta",
    "shekel": "shekel",
    "shekels": "shekel",
    "sheqel": "shekel",
    "sheqels": "shekel",
    "riyal": "riyal",
    "riyals": "riyal",
    "rial": "rial",
    "rials": "rial",
    "dinar": "dinar",
    "dinars": "dinar",
    "dirham": "dirham",
    "dirhams": "dirham",
    "won": "won",
    "rand": "rand",
    "real": "real",
    "reais": "reais",
    "zloty": "zloty",
    "zlotys": "zloty",
    "zlotych": "zloty",
    "forint": "forint",
    "forints": "forint",
    "koruna": "koruna",
    "korunas": "koruna",
    "tenge": "tenge",
    "leu": "leu",
    "lei": "leu",
    "lev": "lev",
    "leva": "lev",
    "naira": "naira",
    "baht": "baht",
    "ringgit": "ringgit",
    "ringgits": "ringgit",
    "rupiah": "rupiah",
    "dong": "dong",
    "krona": "krona",
    "kronor": "krona",
    "krone": "krone",
    "kroner": "krone",
    "mark": "mark",
    "marks": "mark",
    "deutschmark": "deutschmark",
    "deutschmarks": "deutschmark",
    "drachma": "drachma",
    "drachmas": "drachma",
    "drachmae": "drachma",
    "escudo": "escudo",
    "escudos": "escudo",
    "schilling": "schilling",
    "schillings": "schilling",
    "shilling": "shilling",
    "shillings": "shilling",
    "afghani": "afghani",
    "afghanis": "afghani",
    "som": "som",
    "sum": "sum",
    "somoni": "somoni",
    "taka": "taka",
    "cent": "cent",
    "cents": "cent",
    "penny": "penny",
    "pence": "penny",
    "kopeck": "kopeck",
    "kopecks": "kopeck",
    "kopek": "kopeck",
    "kopeks": "kopeck",
    "satoshi": "satoshi",
    "satoshis": "satoshi",
    "bitcoin": "bitcoin",
    "bitcoins": "bitcoin",
}

# National adjectives that pin a family to one currency.
ADJECTIVE_CODES: dict[tuple[str, str], str] = {
    ("us", "dollar"): "USD",
    ("u.s.", "dollar"): "USD",
    ("american", "dollar"): "USD",
    ("canadian", "dollar"): "CAD",
    ("australian", "dollar"): "AUD",
    ("new zealand", "dollar"): "NZD",
    ("hong kong", "dollar"): "HKD",
    ("singapore", "dollar"): "SGD",
    ("singaporean", "dollar"): "SGD",
    ("taiwan", "dollar"): "TWD",
    ("new taiwan", "dollar"): "TWD",
    ("zimbabwean", "dollar"): "ZWL",
    ("jamaican", "dollar"): "JMD",
    ("swiss", "franc"): "CHF",
    ("french", "franc"): "FRF",
    ("belgian", "franc"): "BEF",
    ("cfa", "franc"): "XOF",
    ("british", "pound"): "GBP",
    ("egyptian", "pound"): "EGP",
    ("lebanese", "pound"): "LBP",
    ("syrian", "pound"): "SYP",
    ("irish", "pound"): "IEP",
    ("chinese", "yuan"): "CNY",
    ("japanese", "yen"): "JPY",
    ("korean", "won"): "KRW",
    ("south korean", "won"): "KRW",
    ("indian", "rupee"): "INR",
    ("pakistani", "rupee"): "PKR",
    ("sri lankan", "rupee"): "LKR",
    ("nepalese", "rupee"): "NPR",
    ("turkish", "lira"): "TRY",
    ("italian", "lira"): "ITL",
    ("mexican", "peso"): "MXN",
    ("philippine", "peso"): "PHP",
    ("argentine", "peso"): "ARS",
    ("argentinian", "peso"): "ARS",
    ("chilean", "peso"): "CLP",
    ("colombian", "peso"): "COP",
    ("serbian", "dinar"): "RSD",
    ("iraqi", "dinar"): "IQD",
    ("kuwaiti", "dinar"): "KWD",
    ("jordanian", "dinar"): "JOD",
    ("algerian", "dinar"): "DZD",
    ("saudi", "riyal"): "SAR",
    ("qatari", "riyal"): "QAR",
    ("iranian", "rial"): "IRR",
    ("omani", "rial"): "OMR",
    ("russian", "ruble"): "RUB",
    ("belarusian", "ruble"): "BYN",
    ("azerbaijani", "manat"): "AZN",
    ("azeri", "manat"): "AZN",
    ("turkmen", "manat"): "TMT",
    ("danish", "krone"): "DKK",
    ("norwegian", "krone"): "NOK",
    ("swedish", "krona"): "SEK",
    ("icelandic", "krona"): "ISK",
    ("german", "mark"): "DEM",
    ("deutsche", "mark"): "DEM",
    ("finnish", "markka"): "FIM",
    ("kenyan", "shilling"): "KES",
    ("ugandan", "shilling"): "UGX",
    ("tanzanian", "shilling"): "TZS",
    ("austrian", "schilling"): "ATS",
    ("brazilian", "real"): "BRL",
    ("brazilian", "reais"): "BRL",
    ("south african", "rand"): "ZAR",
    ("israeli", "shekel"): "ILS",
    ("new israeli", "shekel"): "ILS",
    ("emirati", "dirham"): "AED",
    ("uae", "dirham"): "AED",
    ("moroccan", "dirham"): "MAD",
    ("ukrainian", "hryvnia"): "UAH",
    ("armenian", "dram"): "AMD",
    ("georgian", "lari"): "GEL",
    ("kazakh", "tenge"): "KZT",
    ("kazakhstani", "tenge"): "KZT",
    ("kyrgyz", "som"): "KGS",
    ("uzbek", "sum"): "UZS",
    ("tajik", "somoni"): "TJS",
    ("polish", "zloty"): "PLN",
    ("hungarian", "forint"): "HUF",
    ("czech", "koruna"): "CZK",
    ("romanian", "leu"): "RON",
    ("moldovan", "leu"): "MDL",
    ("bulgarian", "lev"): "BGN",
    ("dutch", "guilder"): "NLG",
    ("spanish", "peseta"): "ESP",
    ("greek", "drachma"): "GRD",
    ("portuguese", "escudo"): "PTE",
    ("euro", "cent"): "EUR",
}


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_ADJECTIVE_ALT = "|".join(
    r"\s+".join(re.escape(part) for part in adjective.split())
    for adjective in sorted({a for a, _ in ADJECTIVE_CODES}, key=len, reverse=True)
)
_NAME_ALT = _alternation(NAME_FORMS)
_CODE_ALT = _alternation(code.lower() for code in CODES)
_SCALED_CODE_ALT = rf"[mk](?:{'|'.join(code.lower() for code in SCALED_CODES)})"
_QUALIFIER_ALT = r"u\.s\.?|" + _alternation(DOLLAR_QUALIFIERS)
_SYMBOL_ALT = _alternation(SYMBOLS)
_SYMBOL_NOT_DOLLAR_ALT = _alternation(set(SYMBOLS) - {"$"})

# The patterns below are lower case and run against the folded text (scanning.fold);
# `resolve` then reads the original characters, where case decides ("A$" vs "a $").

# A written currency name, optionally led by its national adjective: "dollars",
# "us dollars", "finnish markka", "new zealand dollars".
CURRENCY_NAME = rf"(?:(?:{_ADJECTIVE_ALT})\s+)?(?:{_NAME_ALT})\b"

# Local abbreviations English-language news writes before an amount, in the case they are
# written in ("TL 1.6 trillion" in Turkish papers, "Rp 139 trillion" in Indonesian ones).
LOCAL_PREFIXES = {"TL": "TRY", "Rp": "IDR", "RM": "MYR"}
_LOCAL_PREFIX_ALT = "|".join(sorted(p.lower() for p in LOCAL_PREFIXES))

# Markers that stand before the amount. Alphabetic ones must start a word, so that the
# "s" of "it's $5" is never read as a Singapore dollar.
PREFIX = (
    rf"(?<![\w.])(?:(?:{_QUALIFIER_ALT})\s?\$"
    rf"|(?:{_SCALED_CODE_ALT}|{_CODE_ALT})(?![a-z])"
    rf"|rs\.?|(?:{_LOCAL_PREFIX_ALT})(?![a-z])|dollar)"
    rf"|(?:{_SYMBOL_ALT})"
)
PREFIX_BEFORE_RE = re.compile(rf"(?P<cur>{PREFIX})\s?$")

# Markers that follow the amount. A code glued to further digits ("USD50") belongs to the
# amount after it, and a dollar sign followed by an amount in dollars ("1 $ 10 dollars")
# is that amount's prefix.
SUFFIX_RE = re.compile(
    rf"\s?(?P<cur>{CURRENCY_NAME}"
    rf"|(?:{_SCALED_CODE_ALT}|{_CODE_ALT})(?![\w])"
    rf"|\$(?!\s?\d[\d.,]*\s?(?:dollars?|usd)\b)(?!\d)"
    rf"|¢|(?:{_SYMBOL_NOT_DOLLAR_ALT}))"
)

# "12-cent dividend", "a one-yen bid": the amount used as an adjective. Pounds are left
# out because "2,000-pound bomb" is a weight.
HYPHENATED_RE = re.compile(
    r"-(?P<cur>cents?|dollars?|euros?|yen|yuan|rubles?|roubles?|pence|penny)\b"
)


# A pure function of a few hundred distinct markers, asked for every amount: cached.
@functools.lru_cache(maxsize=4096)
def resolve(marker: str, *, lowercased_text: bool = False) -> Currency | None:
    """The currency a matched marker stands for, or None when the marker is not one.

    `lowercased_text` says the whole input is in lower case, where "us $" can only be the
    American dollar; in ordinary text a lower-case "us" before "$" is the pronoun.
    """
    raw = " ".join(marker.split())
    if not raw:
        return None
    if raw in SYMBOLS:
        return Currency(SYMBOLS[raw], ambiguous=raw in _AMBIGUOUS_SYMBOLS)
    if raw == "¢":
        return Currency("USD", _CENT, ambiguous=True)
    if raw.endswith("$"):
        return _qualified_dollar(raw[:-1].rstrip(), lowercased_text=lowercased_text)
    if raw.rstrip(".") == "Rs":
        return Currency("INR", ambiguous=True)
    if raw in LOCAL_PREFIXES:
        return Currency(LOCAL_PREFIXES[raw])
    scaled = _scaled_code(raw)
    if scaled is not None:
        return scaled
    if raw.upper() in CODES and (raw.isupper() or raw in LOWERCASE_CODES):
        code = raw.upper()
        return Currency(_CODE_ALIASES.get(code, code))
    return _named(raw.lower())


def _qualified_dollar(qualifier: str, *, lowercased_text: bool) -> Currency | None:
    key = qualifier.lower().replace(".", "")
    if key not in DOLLAR_QUALIFIERS:
        return None
    if len(key) == 1 and key != "c" and not qualifier.isupper():
        return None  # "a $5" is an article, not an Australian dollar
    if qualifier == "us" and not lowercased_text:
        return None
    return Currency(DOLLAR_QUALIFIERS[key])


def _scaled_code(raw: str) -> Currency | None:
    if len(raw) == 4 and raw[0] in _SCALED_CODE_PREFIXES and raw[1:] in SCALED_CODES:
        return Currency(raw[1:], scale=_SCALED_CODE_PREFIXES[raw[0]])
    return None


def _named(lowered: str) -> Currency | None:
    words = lowered.split(" ")
    form = words[-1]
    family_name = NAME_FORMS.get(form)
    if family_name is None:
        return None
    family = FAMILIES[family_name]
    adjective = " ".join(words[:-1])
    if adjective:
        code = ADJECTIVE_CODES.get((adjective, family_name)) or ADJECTIVE_CODES.get(
            (adjective.replace(".", ""), family_name)
        )
        if code is None:
            return None
        return Currency(code, family.factor, is_name=True)
    if family.default is None:
        return None
    return Currency(family.default, family.factor, ambiguous=family.ambiguous, is_name=True)


# Currencies of small units, in which a budget runs to thousands of billions: there "HUF
# 1,300 billion" and "Rs2,550 billion" group thousands, while in dollars or manats
# "1,378 billion" is translated news's decimal comma (mentions.py).
THOUSANDS_OF_BILLIONS_CODES = frozenset(
    {
        *("HUF", "PKR", "INR", "LKR", "NPR", "BDT", "AFN", "KZT", "UZS", "KGS", "RUB", "IRR"),
        *("IQD", "SYP", "LBP", "AMD", "UAH", "RSD", "JPY", "KRW", "IDR", "VND", "MMK", "KHR"),
        *("CLP", "COP", "NGN", "TZS", "UGX"),
    }
)

# Names shared by several currencies resolve to the most common one (FAMILIES); the country
# a figure belongs to says which it is: Pakistan's "rupees" are PKR, Iran's "riyals" IRR.
# Keyed by that default code, then by the entity name the lexicon gives the country.
_LOCAL_CODES: dict[str, dict[str, str]] = {
    "INR": {"Pakistan": "PKR", "Sri Lanka": "LKR", "Nepal": "NPR"},
    "AZN": {"Turkmenistan": "TMT"},
    "TRY": {"Syria": "SYP", "Lebanon": "LBP"},
    "SAR": {"Iran": "IRR", "Qatar": "QAR", "Oman": "OMR", "Yemen": "YER"},
    "IRR": {"Saudi Arabia": "SAR", "Qatar": "QAR", "Oman": "OMR", "Yemen": "YER"},
    "AED": {"Morocco": "MAD"},
    "MXN": {"Philippines": "PHP", "Argentina": "ARS", "Chile": "CLP", "Colombia": "COP"},
}


def local_code(code: str, country: str | None) -> str:
    """The currency an ambiguous name means for the country a figure belongs to: "Rs2.55
    trillion" in Pakistan's budget is PKR. Unchanged when the country has no such
    currency of its own."""
    return _LOCAL_CODES.get(code, {}).get(country or "", code)


def is_major_name(currency: Currency | None) -> bool:
    """Whether the marker is a main unit written as a word or code, which may be followed
    by its subunit amount ("3 dollars 50 cents", "15 USD 50")."""
    return currency is not None and currency.factor == 1
