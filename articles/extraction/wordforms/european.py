"""Amounts in the other European languages the region's coverage is written in.

Polish, Serbian, Hungarian, Italian and Swedish reports of arms deals and budgets are read
for their amounts only: scale words and full currency names come from CLDR (cldr.py), and
the bare currency nouns written after an amount are listed here, because CLDR names a
currency with its country ("dolar amerykański") while news writes "4 mld dolarów". The
subject, metric and period of these figures are left to the English vocabulary (countries
named in Latin script, years), which is why these languages are not offered as supported.
"""

from __future__ import annotations

import re
from decimal import Decimal

LOCALES = ("pl", "sr", "sr_Latn", "hu", "it", "sv")

CURRENCY_WORDS: dict[str, str] = {
    # Polish
    "dolar": "USD", "dolara": "USD", "dolarów": "USD", "dolary": "USD", "dolarach": "USD",
    "euro": "EUR", "złotych": "PLN", "złote": "PLN", "złoty": "PLN", "zł": "PLN",
    "rubli": "RUB", "funtów": "GBP",  # "dolar" is Serbian (Latin) too
    # Serbian, Cyrillic and Latin
    "долар": "USD", "долара": "USD", "евро": "EUR", "евра": "EUR", "динар": "RSD",
    "динара": "RSD", "evro": "EUR", "evra": "EUR", "dinar": "RSD", "dinara": "RSD",
    # Hungarian (endings read by `ENDING`)
    "dollár": "USD", "forint": "HUF", "ft": "HUF", "euró": "EUR",
    # Italian
    "dollari": "USD", "dollaro": "USD", "lire": "TRY", "rubli russi": "RUB", "sterline": "GBP",
    # Swedish
    "kronor": "SEK", "kr": "SEK", "dollar": "USD",
}  # fmt: skip
# Swedish writes the scale into the currency: "mdkr" is billions of kronor, "mnkr" millions.
SCALED_CURRENCY_WORDS: dict[str, tuple[str, Decimal]] = {
    "mdkr": ("SEK", Decimal(10) ** 9),
    "mnkr": ("SEK", Decimal(10) ** 6),
    "mkr": ("SEK", Decimal(10) ** 6),
}
# Hungarian adds its case endings to the noun ("dollárt", "forintos", "dollárnyi").
ENDING = re.compile(r"(?:t|ot|et|os|nyi|ra|re|ral|rel|ba|be|ért|ból|ből|ban|ben)?")
AGGLUTINATIVE = frozenset({"dollár", "forint", "euró"})
