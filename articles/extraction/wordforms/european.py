"""Amounts in the other European languages the region's coverage is written in.

Polish, Serbian, Hungarian, Italian and Swedish reports of arms deals and budgets are read
for their amounts only: scale words and full currency names come from CLDR (cldr.py), and
the bare currency nouns written after an amount are listed here, because CLDR names a
currency with its country ("dolar amerykański") while news writes "4 mld dolarów". Names,
metric cues and roles are in each language's own module (polish.py, serbian.py,
hungarian.py, italian.py, swedish.py).

All five write the long scale: Polish "bln", Serbian "билион", Hungarian "billió" and
Swedish "biljon" are 10^12. The currency nouns here are marked so (`long_scale` in
wordforms), which settles the abbreviation "bln" that English uses for 10^9.
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
    "manatów": "AZN", "manaty": "AZN", "dramów": "AMD", "dramy": "AMD",
    "lir": "TRY", "lirów": "TRY", "lirach": "TRY", "lary": "GEL", "rupii": "PKR",
    "juanów": "CNY", "szekli": "ILS", "hrywien": "UAH", "riali": "IRR", "dol": "USD",
    # Serbian, Cyrillic and Latin
    "долар": "USD", "долара": "USD", "евро": "EUR", "евра": "EUR", "динар": "RSD",
    "динара": "RSD", "ларија": "GEL", "larija": "GEL", "evro": "EUR", "evra": "EUR",
    "dinar": "RSD", "dinara": "RSD",
    "рубаља": "RUB", "рубље": "RUB", "рубља": "RUB", "лира": "TRY", "лире": "TRY",
    "драма": "AMD", "драм": "AMD", "маната": "AZN", "манат": "AZN", "лари": "GEL",
    "rubalja": "RUB", "rublje": "RUB", "rublja": "RUB", "drama": "AMD", "dram": "AMD",
    "manata": "AZN", "manat": "AZN", "lari": "GEL",
    # Hungarian (endings read by `ENDING`)
    "dollár": "USD", "forint": "HUF", "ft": "HUF", "euró": "EUR", "rubel": "RUB",
    "líra": "TRY", "lírá": "TRY",
    # Italian
    "dollari": "USD", "dollaro": "USD", "lire": "TRY", "rubli russi": "RUB", "sterline": "GBP",
    # Swedish
    "kronor": "SEK", "kr": "SEK", "dollar": "USD", "rubler": "RUB",
}  # fmt: skip
# Scale words CLDR lacks: the accusative Serbian writes after a verb ("достигао је 7,1
# милијарду долара"), and "trilioni", which Italian news writes for 10^12 (after English
# "trillion"; the dictionary's 10^18 never occurs in a budget). (value, singular)
SCALE_WORDS: dict[str, tuple[Decimal, bool]] = {
    "милијарду": (Decimal(10) ** 9, True),
    "milijardu": (Decimal(10) ** 9, True),
    "хиљаду": (Decimal(10) ** 3, True),
    "hiljadu": (Decimal(10) ** 3, True),
    "милијарди": (Decimal(10) ** 9, False),
    "milijardi": (Decimal(10) ** 9, False),
    "trilione": (Decimal(10) ** 12, True),
    "trilioni": (Decimal(10) ** 12, False),
    # Hungarian budgets count in thousands of billions: "1,3 ezer milliárd forint".
    "ezer milliárd": (Decimal(10) ** 12, True),
    "ezermilliárd": (Decimal(10) ** 12, True),
}
# Swedish writes the scale into the currency: "mdkr" is billions of kronor, "mnkr" millions.
SCALED_CURRENCY_WORDS: dict[str, tuple[str, Decimal]] = {
    "mdkr": ("SEK", Decimal(10) ** 9),
    "mnkr": ("SEK", Decimal(10) ** 6),
    "mkr": ("SEK", Decimal(10) ** 6),
}
# Hungarian adds its case endings to the noun ("dollárt", "forintos", "dollárnyi").
# "-s" makes an adjective ("10 millió eurós"), "-val/-vel" (assimilated: "-tal", "-ral")
# is "with" or "by" ("1,2 milliárd manattal nőtt").
ENDING = re.compile(
    r"(?:t|ot|et|os|s|nyi|ra|re|ral|rel|tal|tel|val|vel|ba|be|ért|ból|ből|ban|ben|nak|nek)?"
)
AGGLUTINATIVE = frozenset({"dollár", "forint", "euró", "rubel", "lírá", "manat", "dram", "lari"})
