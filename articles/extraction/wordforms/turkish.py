"""What Turkish writes differently from English, as data the extractor reads.

Turkish adds its case endings to the word: "1,5 milyar dolar" is the amount, "milyar
dolara" is "to ... dollars", "milyar dolarlık" is "worth ... dollars", and a proper noun
takes them after an apostrophe ("Azerbaycan'a", "İsrail'den", "Türkiye'nin"). The apostrophe
case says the role: a dative is where arms go, an ablative where they come from, a genitive
whose budget it is. So the lists here are of bare words; their endings are read by rule
(`CASE_ENDINGS`, `CURRENCY_ENDING`), not listed.

CLDR (see cldr.py) has the scale words ("bin", "milyon", "milyar", "trilyon") and the full
currency names ("ABD doları", "Türk lirası", "Azerbaycan manatı"). News writes the bare
noun after an amount ("dolar", "manat", "lira", "avro", "TL"), which CLDR does not have,
so those are listed here. Azerbaijani, written with the same endings, shares them.
"""

from __future__ import annotations

import re
from decimal import Decimal

LOCALES = ("tr", "az")

# Number words. Turkish numbers are a sum of words, "yüz" multiplying what stands before it
# ("iki yüz elli" is 250); "buçuk" adds a half ("bir buçuk milyar" is 1.5 billion).
_NUMBER_VALUES: dict[str, int | str] = {
    "bir": 1, "iki": 2, "üç": 3, "dört": 4, "beş": 5, "altı": 6, "yedi": 7, "sekiz": 8,
    "dokuz": 9, "on": 10, "yirmi": 20, "otuz": 30, "kırk": 40, "elli": 50, "altmış": 60,
    "yetmiş": 70, "seksen": 80, "doksan": 90, "yüz": 100, "yarım": "0.5", "buçuk": "0.5",
    # Azerbaijani, where it differs
    "dörd": 4, "səksən": 80, "doxsan": 90,
}  # fmt: skip
NUMBER_WORDS: dict[str, Decimal] = {word: Decimal(value) for word, value in _NUMBER_VALUES.items()}
HUNDRED = "yüz"
HALF_AFTER = "buçuk"

# Scale words CLDR lacks: press abbreviations, and the "-larca" forms that make an order of
# magnitude ("milyarlarca dolar" is billions of dollars).
SCALE_WORDS: dict[str, tuple[Decimal, bool]] = {
    "mlr": (Decimal(10) ** 9, True),
    "mlyr": (Decimal(10) ** 9, True),
    "mlrd": (Decimal(10) ** 9, True),
    "mld": (Decimal(10) ** 9, True),
    "mln": (Decimal(10) ** 6, True),
    "milyard": (Decimal(10) ** 9, True),  # Azerbaijani
    "trln": (Decimal(10) ** 12, True),
}
MAGNITUDE_WORDS: dict[str, Decimal] = {
    "binlerce": Decimal(10) ** 3,
    "milyonlarca": Decimal(10) ** 6,
    "milyarlarca": Decimal(10) ** 9,
    "trilyonlarca": Decimal(10) ** 12,
    "milyonlarla": Decimal(10) ** 6,
    "milyardlarla": Decimal(10) ** 9,
}
MAGNITUDE_MULTIPLIERS: dict[str, Decimal] = {
    "yüz": Decimal(100), "yüzlerce": Decimal(100), "on": Decimal(10), "onlarca": Decimal(10),
}  # fmt: skip

# Bare currency nouns after an amount. "TL" is the lira as Turkey writes it.
CURRENCY_WORDS: dict[str, str] = {
    "dolar": "USD", "dollar": "USD", "amerikan doları": "USD", "abd doları": "USD",
    "abş dolları": "USD", "manat": "AZN", "azerbaycan manatı": "AZN", "lira": "TRY",
    "türk lirası": "TRY", "tl": "TRY", "ytl": "TRY", "avro": "EUR", "euro": "EUR",
    "dram": "AMD", "lari": "GEL", "ruble": "RUB", "rubl": "RUB", "yuan": "CNY",
    "sterlin": "GBP", "tenge": "KZT", "grivna": "UAH", "şekel": "ILS", "yen": "JPY",
    "frank": "CHF", "riyal": "SAR", "dinar": "RSD",
}  # fmt: skip
AMBIGUOUS_CURRENCY_WORDS = frozenset({"manat", "lira", "frank", "riyal", "dinar"})
# The endings a currency noun takes after an amount: a possessive ("doları", "lirası"),
# a case ("dolara", "dolardan", "doların"), "-lık" (worth: "dolarlık"), and the copula
# ("dolardı": was ... dollars), in that order.
CURRENCY_ENDING = re.compile(
    r"(?:s?[ıiuü])?(?:n?(?:y?[ae]|[dt][ae]n?|y?[ıiuü]|[ıiuü]n|y?l[ae]))?(?:l[ıiuü][kq])?"
    r"(?:y?[dt][ıiuü]r?)?"
)
# Words that read as a currency with an ending but are something else: "yeni" is "new".
NOT_CURRENCY_WORDS = frozenset({"yeni", "yenilenen", "lirik"})

# The ending after a proper noun's apostrophe -> its case letter (see russian.py for the
# letters; b is the ablative, which Russian has not): "Türkiye'nin" genitive, "Azerbaycan'a"
# dative, "İsrail'den" ablative.
CASE_ENDINGS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"n?[ıiuü]n"), "g"),
    (re.compile(r"n?[dt][ae]n"), "b"),
    (re.compile(r"n?[dt][ae](?:ki)?"), "l"),
    (re.compile(r"[yn]?[ae]"), "d"),
    (re.compile(r"[yn]?[ıiuü]"), "a"),
    (re.compile(r"y?l[ae]"), "i"),
)


# Canonical entity -> bare forms (case endings follow an apostrophe and are read by rule).
ENTITY_FORMS: dict[str, tuple[str, ...]] = {
    "Azerbaijan": ("Azerbaycan", "Bakü", "Azerbaycanlı", "Azeri", "Azərbaycan", "Bakı"),
    "Armenia": ("Ermenistan", "Erivan", "Ermeni", "Ermənistan", "İrəvan"),
    "Russia": ("Rusya", "Moskova", "Rus", "Rusya Federasyonu", "Rusiya"),
    "Turkey": ("Türkiye", "Türk", "Türkiyə"),
    "Israel": ("İsrail", "İsrailli"),
    "Iran": ("İran", "Tahran", "İranlı"),
    "France": ("Fransa", "Fransız"),
    "India": ("Hindistan",),
    "Pakistan": ("İslamabad", "Pakistanlı"),
    "United States": ("ABD", "Amerika Birleşik Devletleri", "Amerika", "Amerikan", "ABŞ"),
    "Georgia": ("Gürcistan", "Tiflis", "Gürcü", "Gürcüstan"),
    "Ukraine": ("Ukrayna", "Ukraynalı"),
    "China": ("Çin", "Pekin", "Çinli"),
    "Belarus": ("Beyaz Rusya",),
    "Serbia": ("Sırbistan", "Belgrad", "Sırp"),
    "Nagorno-Karabakh": ("Dağlık Karabağ", "Karabağ", "Hankendi", "Qarabağ"),
    "Germany": ("Almanya", "Alman"),
    "United Kingdom": ("İngiltere", "Birleşik Krallık", "Londra", "İngiliz"),
    "Italy": ("İtalya", "İtalyan"),
    "Greece": ("Yunanistan", "Atina", "Yunan"),
    "Kazakhstan": ("Kazakistan",),
    "Syria": ("Suriye", "Şam", "Suriyeli"),
    "Iraq": ("Irak", "Bağdat", "Iraklı"),
    "Saudi Arabia": ("Suudi Arabistan", "Riyad", "Suudi"),
    "United Arab Emirates": ("BAE", "Birleşik Arap Emirlikleri", "Abu Dabi"),
    "Egypt": ("Mısır", "Kahire", "Mısırlı"),
    "Poland": ("Polonya", "Varşova", "Polonyalı"),
    "Hungary": ("Macaristan", "Budapeşte", "Macar"),
    "Sweden": ("İsveç", "İsveçli"),
    "Indonesia": ("Endonezya", "Cakarta", "Endonezyalı"),
    "SIPRI": ("Stokholm Uluslararası Barış Araştırmaları Enstitüsü",),
    "European Union": ("AB", "Avrupa Birliği"),
    "CSTO": ("KGAÖ", "Kolektif Güvenlik Antlaşması Örgütü"),
    "OSCE": ("AGİT",),
    "United Nations": ("BM", "Birleşmiş Milletler"),
}

# Strong cues per metric; a word ending in * is a stem that takes any ending.
METRIC_CUES: dict[str, tuple[str, ...]] = {
    "military-expenditure": (
        "savunma bütçe*",
        "askeri bütçe*",
        "savunma harcama*",
        "askeri harcama*",
        "savunmaya",
        "savunma için",
        "savunma alanına",
        "savunma ve güvenli*",
        "savunma ve milli güvenli*",
        "savunma ve ulusal güvenli*",
        "askeri alan*",
        "milli savunma bakanlığı*",
        "askeri ödenek*",
        "savunma ödene*",
        "müdafiə xərc*",
        "hərbi büdcə*",
        "hərbi xərc*",
    ),
    "arms-imports": (
        "silah ithalat*",
        "silah alım*",
        "silah alma*",
        "silah aldı*",
        "silah ithal*",
        "silah satın al*",
    ),
    "arms-exports": (
        "savunma ihracat*",
        "savunma sanayii ihracat*",
        "savunma ve havacılık ihracat*",
        "savunma ve havacılık sanayii ihracat*",
        "silah ihracat*",
        "askeri ihracat*",
        "savunma sanayi ihracat*",
        "savunma sanayi ürünü ihraç*",
    ),
    "arms-deal": (
        "anlaşma*",
        "sözleşme",
        "sözleşmes*",
        "sözleşmey*",
        "sözleşmen*",
        "sözleşmeler*",
        "silah satış*",
        "silah anlaşma*",
        "sattı*",
        "satacak*",
        "satış*",
    ),
    "military-aid": (
        "askeri yardım*",
        "güvenlik yardım*",
        "savunma yardım*",
        "askeri hibe*",
        "yardım paket*",
        "barış tesisi*",
    ),
    "cooperation-volume": (
        "askeri-teknik işbirliğ*",
        "askeri teknik işbirliğ*",
        "savunma işbirliğ*",
        "askeri işbirliğ*",
        "savunma sanayii işbirliğ*",
    ),
}
WEAK_CUES: dict[str, tuple[str, ...]] = {
    "military-expenditure": (
        "bütçe*",
        "harc*",
        "ayır*",
        "ayrıl*",
        "tahsis*",
        "ödenek*",
        "savunma bakanlığı*",
    ),
    "arms-imports": ("satın al*", "ithal*", "tedarik*", "teslim al*"),
    "arms-exports": ("ihracat*", "ihraç*"),
    "arms-deal": ("sipariş*", "imza*"),
    "military-aid": ("yardım*", "hibe*"),
}
DOMAIN_WORDS: tuple[str, ...] = (
    "savunma*",
    "askeri*",
    "silah*",
    "ordu*",
    "mühimmat*",
    "insansız*",
    "savaş*",
    "füze*",
    "tank*",
    "güvenlik*",
    "hava savunma*",
    "obüs*",
    "zırhlı*",
    "müdafiə*",
    "hərbi*",
)

# Verbs (and the nouns of aid and sale) that move arms or money from one party to another,
# and that acquire them. Turkish puts the verb last; its subject is the first party named
# without a case ending (context.py).
TRANSFER_VERBS = (
    "sattı*",
    "satacak*",
    "satış*",
    "satıyor*",
    "teslim et*",
    "ihraç et*",
    "gönder*",
    "sağladı*",
    "sağlayacak*",
    "tedarik et*",
    "yardım et*",
    "yardım yap*",
    "hibe ver*",
    "hibe et*",
    "kredi aç*",
    "kredi ver*",
    "kredi sağla*",
)
BUY_VERBS = (
    "satın al*",
    "aldı*",
    "alacak*",
    "alıyor*",
    "ithal et*",
    "sipariş*",
    "harcadı*",
    "harcayacak*",
    "harcıyor*",
    "ödedi*",
    "ödeyecek*",
    "teslim al*",
    "imzaladı*",
    "imza attı*",
)
GRANT_VERBS = ("ayırdı*", "ayıracak*", "tahsis et*")
TRANSFER_NOUNS = ("kredi*", "yardım*", "hibe*")
ARMS_NOUNS = ("yapımı", "silah*", "iha*", "siha*", "füze*", "tank*", "obüs*", "savaş uçağ*")

QUALIFIERS_BEFORE: dict[str, str] = {
    "yaklaşık": "approximately", "yaklaşık olarak": "approximately",
    "tahminen": "approximately", "neredeyse": "approximately", "en az": "at_least",
    "en fazla": "at_most", "təxminən": "approximately",
}  # fmt: skip
# Qualifiers after the amount ("1,5 milyar dolardan fazla", "5 milyon dolar civarında").
QUALIFIERS_AFTER: dict[str, str] = {
    "civarında": "approximately", "dolayında": "approximately", "fazla": "at_least",
    "üzerinde": "at_least", "aşkın": "at_least", "altında": "at_most", "kadar": "at_most",
}  # fmt: skip
CONVERSION_CONNECTIVES = ("yani", "ya da", "veya", "yaklaşık", "yani yaklaşık")
