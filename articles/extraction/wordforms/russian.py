"""What Russian writes differently from English, as data the extractor reads.

Russian news inflects every noun: a country is "Азербайджан", "Азербайджана",
"Азербайджану", "Азербайджаном" by its role in the sentence, a currency after an amount is
"доллар", "доллара" or "долларов" by the number, and the same goes for "миллиард". CLDR
(see cldr.py) gives the forms that follow a number inside a currency's full name
("армянских драмов"); it has neither the bare noun news writes ("660 млрд драмов") nor the
cases other than those after a number. Those are generated here from the dictionary form
with the few declension patterns these words follow, which keeps the lists short and the
forms complete. Each entity form carries its grammatical cases, because the case says the
role: a dative after "поставила" is the buyer, a genitive after "у" the seller.

Cases are written as letters: n nominative, g genitive, d dative, a accusative,
i instrumental, l locative (prepositional).
"""

from __future__ import annotations

from decimal import Decimal

LOCALES = ("ru",)

# The declension patterns used below: (the ending of the dictionary form that the case
# endings replace, the endings in the order of _CASES, "-" for none).
_CASES = ("n", "g", "d", "a", "i", "l", "pn", "pg", "pd", "pa", "pi", "pl")
_PATTERNS: dict[str, tuple[str, str]] = {
    "m": ("", "- а у - ом е ы ов ам ы ами ах"),  # Азербайджан, доллар, миллиард
    "m_hush": ("", "- а у - ем е и ей ам и ами ах"),  # Париж
    "m_soft": ("ь", "ь я ю ь ем е и ей ям и ями ях"),  # Израиль, рубль, шекель
    "m_j": ("й", "й я ю й ем е и ев ям и ями ях"),  # Китай
    "f_ija": ("ия", "ия ии ии ию ией ии"),  # Армения, Россия, Турция
    "f_a": ("а", "а ы е у ой е ы - ам ы ами ах"),  # Москва, Анкара, лира
    "f_ka": ("а", "а и е у ой е и - ам и ами ах"),  # Америка, сделка, тысяча
    "f_sha": ("а", "а и е у ей е и - ам и ами ах"),  # Польша
    "f_soft": ("ь", "ь и и ь ью и"),  # Беларусь
    "n_ie": ("ие", "ие ия ию ие ием ии ия ий иям ия иями иях"),  # соглашение
    "indecl": ("", "- - - - - -"),  # Баку, США, евро, лари
}


def decline(lemma: str, pattern: str) -> dict[str, frozenset[str]]:
    """Every form of `lemma` declined by `pattern`, each with the cases it serves
    ("Армении" -> {g, d, l}). Plural cases are prefixed with p ("pg")."""
    removed, endings = _PATTERNS[pattern]
    stem = lemma[: len(lemma) - len(removed)] if removed else lemma
    forms: dict[str, set[str]] = {}
    for case, ending in zip(_CASES, endings.split(), strict=False):
        forms.setdefault(stem + ending.strip("-"), set()).add(case)
    return {form: frozenset(cases) for form, cases in forms.items()}


def adjective(stem: str, gender: str = "m") -> dict[str, frozenset[str]]:
    """The singular forms of an adjective of `gender` (m or f) and its plural forms, from
    its stem ("азербайджанск")."""
    soft = stem.endswith(("к", "г", "х", "ж", "ш", "ч", "щ"))
    y = "и" if soft else "ы"
    if gender == "f":
        singular = {"ая": "n", "ой": "gdil", "ую": "a"}
    else:
        singular = {y + "й": "na", "ого": "g", "ому": "d", y + "м": "i", "ом": "l"}
    plural = {y + "е": ("pn", "pa"), y + "х": ("pg", "pl"), y + "м": ("pd",), y + "ми": ("pi",)}
    forms: dict[str, set[str]] = {}
    for ending, cases in singular.items():
        forms.setdefault(stem + ending, set()).update(cases)
    for ending, plural_cases in plural.items():
        forms.setdefault(stem + ending, set()).update(plural_cases)
    return {form: frozenset(cases) for form, cases in forms.items()}


def _phrase(*parts: dict[str, frozenset[str]]) -> dict[str, frozenset[str]]:
    """Forms of a phrase whose words agree in case ("Нагорный Карабах")."""
    combined: dict[str, set[str]] = {}
    for case in ("n", "g", "d", "a", "i", "l"):
        words = [next((f for f, c in part.items() if case in c), None) for part in parts]
        if all(words):
            combined.setdefault(" ".join(w for w in words if w), set()).add(case)
    return {form: frozenset(cases) for form, cases in combined.items()}


# --- numbers -----------------------------------------------------------------------------


def _numeral_forms() -> dict[str, Decimal]:
    words: dict[str, Decimal] = {}

    def add(value: int | str, *forms: str) -> None:
        for form in forms:
            words[form] = Decimal(value)
            if "ё" in form:
                words[form.replace("ё", "е")] = Decimal(value)

    add(1, "один", "одна", "одно", "одного", "одной", "одному", "одним", "одном", "одну")
    add(2, "два", "две", "двух", "двум", "двумя")
    add(3, "три", "трёх", "трём", "тремя")
    add(4, "четыре", "четырёх", "четырём", "четырьмя")
    # Numerals in -ь decline like a feminine soft noun: пять, пяти, пятью.
    for value, lemma in (
        (5, "пять"), (6, "шесть"), (7, "семь"), (8, "восемь"), (9, "девять"), (10, "десять"),
        (11, "одиннадцать"), (12, "двенадцать"), (13, "тринадцать"), (14, "четырнадцать"),
        (15, "пятнадцать"), (16, "шестнадцать"), (17, "семнадцать"), (18, "восемнадцать"),
        (19, "девятнадцать"), (20, "двадцать"), (30, "тридцать"),
    ):  # fmt: skip
        add(value, lemma, lemma[:-1] + "и", lemma + "ю")
    add(8, "восьми", "восьмью")
    add(40, "сорок", "сорока")
    add(50, "пятьдесят", "пятидесяти", "пятьюдесятью")
    add(60, "шестьдесят", "шестидесяти", "шестьюдесятью")
    add(70, "семьдесят", "семидесяти", "семьюдесятью")
    add(80, "восемьдесят", "восьмидесяти", "восемьюдесятью")
    add(90, "девяносто", "девяноста")
    add(100, "сто", "ста")
    add(200, "двести", "двухсот", "двумстам", "двумястами", "двухстах")
    add(300, "триста", "трёхсот", "трёмстам", "тремястами", "трёхстах")
    add(400, "четыреста", "четырёхсот", "четырёмстам", "четырьмястами", "четырёхстах")
    add(500, "пятьсот", "пятисот", "пятистам", "пятьюстами", "пятистах")
    add(600, "шестьсот", "шестисот", "шестистам", "шестьюстами", "шестистах")
    add(700, "семьсот", "семисот", "семистам", "семьюстами", "семистах")
    add(800, "восемьсот", "восьмисот", "восьмистам", "восемьюстами", "восьмистах")
    add(900, "девятьсот", "девятисот", "девятистам", "девятьюстами", "девятистах")
    add("1.5", "полтора", "полторы", "полутора")
    return words


# Number words, folded. Russian numbers are written as a sum of words ("сто двадцать три").
NUMBER_WORDS: dict[str, Decimal] = _numeral_forms()


def _singular(cases: frozenset[str]) -> bool:
    return any(not case.startswith("p") for case in cases)


def _scale_forms() -> dict[str, tuple[Decimal, bool]]:
    """Every case of the scale nouns: CLDR lists only the forms after a number
    ("миллиард", "миллиарда", "миллиардов"), news also writes "с миллиардом", "о
    миллиардах". Singular forms may stand without a number ("около миллиарда")."""
    forms: dict[str, tuple[Decimal, bool]] = {}
    for lemma, power in (("миллион", 6), ("миллиард", 9), ("триллион", 12)):
        for form, cases in decline(lemma, "m").items():
            forms[form] = (Decimal(10) ** power, _singular(cases))
    for form, cases in decline("тысяча", "f_ka").items():
        forms[form] = (Decimal(1000), _singular(cases))
    forms["тысячей"] = (Decimal(1000), True)
    # "полмиллиарда" is half a billion in one word.
    for lemma, power in (("полмиллиона", 6), ("полмиллиарда", 9), ("полтриллиона", 12)):
        forms[lemma] = (Decimal(10) ** power / 2, True)
    # Abbreviations with the dot news sometimes adds ("млрд."); the dot is optional.
    for abbreviation, power in (("тыс", 3), ("млн", 6), ("млрд", 9), ("трлн", 12)):
        forms[abbreviation] = (Decimal(10) ** power, True)
    return forms


SCALE_WORDS: dict[str, tuple[Decimal, bool]] = _scale_forms()
# Words that turn a plural scale into an order of magnitude: "сотни миллионов долларов".
MAGNITUDE_MULTIPLIERS: dict[str, Decimal] = {
    "сотни": Decimal(100), "сотен": Decimal(100), "сотнями": Decimal(100),
    "десятки": Decimal(10), "десятков": Decimal(10), "десятками": Decimal(10),
}  # fmt: skip


# --- currencies --------------------------------------------------------------------------


def _currency_forms() -> dict[str, str]:
    """The bare currency nouns in every case. CLDR has them only inside full names
    ("долларов США", "азербайджанских манатов"); after an amount news writes the noun
    alone ("3,7 млрд долларов", "660 млрд драмов", "1,6 трлн лир")."""
    forms: dict[str, str] = {}
    for lemma, pattern, code in (
        ("доллар", "m", "USD"), ("манат", "m", "AZN"), ("драм", "m", "AMD"),
        ("фунт", "m", "GBP"), ("рубль", "m_soft", "RUB"), ("шекель", "m_soft", "ILS"),
        ("юань", "m_soft", "CNY"), ("лира", "f_a", "TRY"), ("гривна", "f_a", "UAH"),
        ("иена", "f_a", "JPY"), ("риал", "m", "IRR"), ("динар", "m", "RSD"),
        ("франк", "m", "CHF"), ("злотый", "indecl", "PLN"),
    ):  # fmt: skip
        for form in decline(lemma, pattern):
            forms[form] = code
    forms.update({
        "гривен": "UAH", "злотых": "PLN", "евро": "EUR", "лари": "GEL", "тенге": "KZT",
        "йен": "JPY", "иен": "JPY",
        # Abbreviations: "млрд долл.", "10,8 трлн руб."; the dot is optional.
        "долл": "USD", "руб": "RUB", "долл сша": "USD", "долларов сша": "USD",
        "доллара сша": "USD", "доллар сша": "USD",
        "фунтов стерлингов": "GBP", "фунта стерлингов": "GBP", "фунт стерлингов": "GBP",
        "белорусских рублей": "BYN", "белорусских рубля": "BYN", "белорусский рубль": "BYN",
    })  # fmt: skip
    return forms


CURRENCY_WORDS: dict[str, str] = _currency_forms()
# Names shared by several currencies: the one Russian news means by default, flagged.
AMBIGUOUS_CURRENCY_WORDS = frozenset(
    f for f, code in CURRENCY_WORDS.items() if code in ("AZN", "TRY", "IRR", "RSD", "CHF")
)


# --- entities ----------------------------------------------------------------------------

# Canonical name (as in the lexicon) -> (dictionary form, declension pattern) and adjective
# stems. Adjectives are written lower case in Russian; the capitalised form starts a sentence.
_ENTITY_NOUNS: dict[str, tuple[tuple[str, str], ...]] = {
    "Azerbaijan": (("Азербайджан", "m"), ("Баку", "indecl")),
    "Armenia": (("Армения", "f_ija"), ("Ереван", "m")),
    "Russia": (("Россия", "f_ija"), ("Москва", "f_a"), ("РФ", "indecl"), ("Кремль", "m_soft")),
    "Turkey": (("Турция", "f_ija"), ("Анкара", "f_a")),
    "Israel": (("Израиль", "m_soft"), ("Тель-Авив", "m")),
    "Iran": (("Иран", "m"), ("Тегеран", "m")),
    "France": (("Франция", "f_ija"), ("Париж", "m_hush")),
    "India": (("Индия", "f_ija"), ("Нью-Дели", "indecl")),
    "Pakistan": (("Пакистан", "m"), ("Исламабад", "m")),
    "United States": (("США", "indecl"), ("Вашингтон", "m"), ("Америка", "f_ka")),
    "Georgia": (("Грузия", "f_ija"), ("Тбилиси", "indecl")),
    "Ukraine": (("Украина", "f_a"), ("Киев", "m")),
    "China": (("Китай", "m_j"), ("Пекин", "m")),
    "Belarus": (("Беларусь", "f_soft"), ("Белоруссия", "f_ija"), ("Минск", "m")),
    "Serbia": (("Сербия", "f_ija"), ("Белград", "m")),
    "Nagorno-Karabakh": (("Карабах", "m"), ("Степанакерт", "m")),
    "Germany": (("Германия", "f_ija"), ("Берлин", "m")),
    "United Kingdom": (("Великобритания", "f_ija"), ("Британия", "f_ija"), ("Лондон", "m")),
    "Italy": (("Италия", "f_ija"), ("Рим", "m")),
    "Greece": (("Греция", "f_ija"),),
    "Kazakhstan": (("Казахстан", "m"), ("Астана", "f_a")),
    "Syria": (("Сирия", "f_ija"), ("Дамаск", "m")),
    "Iraq": (("Ирак", "m"), ("Багдад", "m")),
    "United Arab Emirates": (("ОАЭ", "indecl"), ("Абу-Даби", "indecl")),
    "Egypt": (("Каир", "m"),),
    "Poland": (("Польша", "f_sha"), ("Варшава", "f_a")),
    "Hungary": (("Венгрия", "f_ija"), ("Будапешт", "m")),
    "Sweden": (("Швеция", "f_ija"),),
    "Indonesia": (("Индонезия", "f_ija"), ("Джакарта", "f_a")),
    "SIPRI": (("СИПРИ", "indecl"),),
    "CAWAT": (("ЦАМТО", "indecl"),),
    "Rosoboronexport": (("Рособоронэкспорт", "m"),),
    "NATO": (("НАТО", "indecl"),),
    "European Union": (("ЕС", "indecl"), ("Евросоюз", "m")),
    "CSTO": (("ОДКБ", "indecl"),),
    "OSCE": (("ОБСЕ", "indecl"),),
    "United Nations": (("ООН", "indecl"),),
}
_ENTITY_ADJECTIVES: dict[str, tuple[str, ...]] = {
    "Azerbaijan": ("азербайджанск",), "Armenia": ("армянск",), "Russia": ("российск",),
    "Turkey": ("турецк",), "Israel": ("израильск",), "Iran": ("иранск",),
    "France": ("французск",), "India": ("индийск",), "Pakistan": ("пакистанск",),
    "United States": ("американск",), "Georgia": ("грузинск",), "Ukraine": ("украинск",),
    "China": ("китайск",), "Belarus": ("белорусск",), "Serbia": ("сербск",),
    "Germany": ("германск", "немецк"), "United Kingdom": ("британск",),
    "Italy": ("итальянск",), "Greece": ("греческ",), "Kazakhstan": ("казахстанск",),
    "Syria": ("сирийск",), "Iraq": ("иракск",), "Egypt": ("египетск",),
    "Poland": ("польск",), "Hungary": ("венгерск",), "Sweden": ("шведск",),
    "Indonesia": ("индонезийск",),
}  # fmt: skip
# Irregular or multi-word names, with their cases.
_ENTITY_EXTRA: dict[str, dict[str, frozenset[str]]] = {
    "Egypt": {
        "Египет": frozenset("na"), "Египта": frozenset("g"), "Египту": frozenset("d"),
        "Египтом": frozenset("i"), "Египте": frozenset("l"),
    },
    "Greece": {
        "Афины": frozenset("na"), "Афин": frozenset("g"), "Афинам": frozenset("d"),
        "Афинами": frozenset("i"), "Афинах": frozenset("l"),
    },
    "Nagorno-Karabakh": _phrase(adjective("Нагорн"), decline("Карабах", "m")),
    "Saudi Arabia": _phrase(adjective("Саудовск", "f"), decline("Аравия", "f_ija")),
    "United States": {
        "Соединенные Штаты": frozenset("na"), "Соединенных Штатов": frozenset("g"),
        "Соединенным Штатам": frozenset("d"), "Соединенными Штатами": frozenset("i"),
        "Соединенных Штатах": frozenset("l"),
    },
    "European Union": _phrase(adjective("Европейск"), decline("союз", "m")),
}  # fmt: skip


def _entity_forms() -> dict[str, dict[str, str]]:
    """Canonical entity -> {form: the singular cases it serves, as letters}."""
    entities: dict[str, dict[str, set[str]]] = {}

    def add(entity: str, forms: dict[str, frozenset[str]], *, keep_cases: bool = True) -> None:
        known = entities.setdefault(entity, {})
        for form, cases in forms.items():
            singular = {c for c in cases if not c.startswith("p")}
            if not singular and keep_cases:
                continue  # plural forms of a country's name are not its name
            known.setdefault(form, set()).update(singular if keep_cases else ())

    for entity, nouns in _ENTITY_NOUNS.items():
        for lemma, pattern in nouns:
            add(entity, decline(lemma, pattern))
    for entity, stems in _ENTITY_ADJECTIVES.items():
        for stem in stems:
            for gender in ("m", "f"):
                forms = adjective(stem, gender)
                # An adjective names a country without a role of its own ("российское
                # оружие"), so its cases are not kept; lower case in the middle of a
                # sentence, capitalised at its start.
                add(entity, forms, keep_cases=False)
                add(entity, {f[0].upper() + f[1:]: c for f, c in forms.items()}, keep_cases=False)
            add(entity, {stem + "ое": frozenset()}, keep_cases=False)  # neuter: российское
            add(entity, {stem[0].upper() + stem[1:] + "ое": frozenset()}, keep_cases=False)
    for entity, extra in _ENTITY_EXTRA.items():
        add(entity, extra)
    result: dict[str, dict[str, str]] = {}
    for entity, known in entities.items():
        result[entity] = {}
        for form, cases in known.items():
            letters = "".join(sorted(cases))
            result[entity][form] = letters
            if "ё" in form:
                result[entity][form.replace("ё", "е")] = letters
    return result


# Canonical entity -> {form: case letters}. "" means no case role (adjectives) or unknown.
ENTITY_FORMS: dict[str, dict[str, str]] = _entity_forms()


# --- metrics -----------------------------------------------------------------------------

# Strong cues per metric. A word ending in * is a stem: it matches any ending, which covers
# Russian case and number without listing them ("военн* бюджет*": военного бюджета, ...).
METRIC_CUES: dict[str, tuple[str, ...]] = {
    "military-expenditure": (
        "военн* бюджет*",
        "оборонн* бюджет*",
        "бюджет* на оборон*",
        "бюджет* минобороны",
        "бюджет* министерств* оборон*",
        "расход* минобороны",
        "расход* министерств* оборон*",
        "военн* расход*",
        "оборонн* расход*",
        "расход* на оборон*",
        "расход* по оборон*",
        "расход* на обеспечени* оборон*",
        "расход* на армию",
        "расход* на нацбезопасность",
        "расход* на национальн* оборон*",
        "ассигнован* на оборон*",
        "оборонн* нужд*",
        "военн* нужд*",
        "на оборон*",
        "на армию",
        "на нужды армии",
        "на вооруженн* сил*",
        "на силы обороны",
        "на национальн* оборон*",
        "на содержание армии",
        "на модернизацию армии",
        "военн* ассигнован*",
        "оборонн* ассигнован*",
        "нужд* оборон*",
    ),
    "arms-imports": (
        "импорт* вооружен*",
        "импорт* оружи*",
        "закупк* вооружен*",
        "закупк* оружи*",
        "закуп* вооружен*",
        "закуп* оружи*",
        "закупк* военн* техник*",
        "приобретени* вооружен*",
        "купил* оружи*",
        "купил* вооружен*",
    ),
    "arms-exports": (
        "экспорт* вооружен*",
        "экспорт* оружи*",
        "оружейн* экспорт*",
        "экспорт* военн*",
        "экспорт* продукц* военн* назначени*",
        "экспорт* оборонн*",
        "экспортировал* вооружен*",
        "экспортировал* оружи*",
        "экспортировал* продукц*",
        "экспортн* заказ*",
        "продаж* оружи* за рубеж",
    ),
    "arms-deal": (
        *decline("контракт", "m"),
        *decline("соглашение", "n_ie"),
        "сделк*",
        "сделок",
        "договор* о поставк*",
        "договор* на поставк*",
        "продаж* оружи*",
        "продаж* вооружен*",
        "продал*",
        "продаст*",
        "продаж*",
    ),
    "military-aid": (
        "военн* помощ*",
        "военно-техническ* помощ*",
        "помощ* в сфере безопасности",
        "помощ* в области безопасности",
        "фонд* мира",
    ),
    "cooperation-volume": (
        "военно-техническ* сотрудничеств*",
        "военн* сотрудничеств*",
        "оборонн* сотрудничеств*",
        "военно-промышленн* сотрудничеств*",
    ),
}
# Weak cues: a metric only when nothing stronger is said and the sentence is military.
WEAK_CUES: dict[str, tuple[str, ...]] = {
    "military-expenditure": (
        "бюджет*",
        "расход*",
        "потратил*",
        "потрат*",
        "израсход*",
        "ассигнован*",
        "финансирован*",
        "направ*",
        "выдел*",
        "предусмотр*",
        "заложи*",
        "заложен*",
        "минобороны",
        "министерств* обороны",
    ),
    "arms-imports": (
        "закуп*",
        "купил*",
        "приобрел*",
        "приобрёл*",
        "приобрет*",
        "импорт*",
        "получил*",
        "поставил*",
        "поставк*",
        "поставлен*",
        "поставк* вооружен*",
        "поставк* оружи*",
    ),
    "arms-exports": ("экспорт*", "экспортир*"),
    "arms-deal": ("заказ*", "подписал*"),
    "military-aid": ("помощ*", "грант*", "безвозмездн*"),
}
# A sentence about the military at all (stems).
DOMAIN_WORDS: tuple[str, ...] = (
    "военн*", "оборон*", "арми*", "вооружен*", "оружи*", "оружейн*", "боеприпас*",
    "беспилотник*", "танк*", "ракет*", "истребител*", "пво", "минобороны", "безопасност*",
    "войн*", "гаубиц*", "бронемашин*",
)  # fmt: skip

# --- roles and qualifiers ----------------------------------------------------------------

# Verbs that move arms from one party to another, and that acquire them, as stems of their
# verb forms only: the nouns ("поставки", "закупка") name a flow without saying whose.
TRANSFER_VERBS = (
    "поставил*",
    "поставит*",
    "поставля*",
    "продал*",
    "продаст*",
    "продает*",
    "продаёт*",
    "передал*",
    "передаст*",
    "передает*",
    "передаёт*",
    "экспортировал*",
    "экспортирует*",
    "предоставил*",
    "предоставит*",
    "предоставля*",
    "отправил*",
    "отправит*",
    "вернул*",
    "вернет*",
    "вернёт*",
)
# Verbs of allocating money: their subject gives only when someone receives ("Россия
# выделила Армении кредит"); with no recipient it spends ("Азербайджан выделил на оборону").
GRANT_VERBS = ("выделил*", "выделит*", "выделя*", "направил*", "направит*")
# Nouns of giving, after which a dative names who receives ("военная помощь ЕС Армении").
TRANSFER_NOUNS = ("помощ*", "поставк*", "кредит*", "продаж*")
BUY_VERBS = (
    "закупил*",
    "закупит*",
    "закупа*",
    "купил*",
    "купит*",
    "покупа*",
    "приобрел*",
    "приобрёл*",
    "приобретет*",
    "приобретёт*",
    "приобрета*",
    "импортировал*",
    "импортирует*",
    "получил*",
    "получит*",
    "заказал*",
    "потратил*",
    "потратит*",
    "израсход*",
    "заплатил*",
    "оплатил*",
    "подписал*",
)
# Nouns of arms after a country's adjective, which then names where they come from
# ("турецких беспилотников", "российское оружие").
ARMS_NOUNS = (
    "оружи*",
    "вооружен*",
    "беспилотник*",
    "истребител*",
    "танк*",
    "ракет*",
    "бронетехник*",
    "гаубиц*",
    "систем*",
    "корвет*",
    "самолет*",
    "самолёт*",
    "бпла",
    "пво",
    "техник*",
)
# Prepositions before the party an arms flow comes from ("у России", "из Израиля").
FROM_WORDS = ("у", "из", "от")
# ... and the one it goes to ("для Армении").
TO_WORDS = ("для",)

QUALIFIERS_BEFORE: dict[str, str] = {
    "около": "approximately", "почти": "approximately", "примерно": "approximately",
    "приблизительно": "approximately", "порядка": "approximately",
    "ориентировочно": "approximately",
    "более": "at_least", "более чем": "at_least", "свыше": "at_least", "не менее": "at_least",
    "не менее чем": "at_least", "как минимум": "at_least", "больше": "at_least",
    "менее": "at_most", "менее чем": "at_most", "не более": "at_most",
    "не более чем": "at_most", "максимум": "at_most",
}  # fmt: skip
# Words that introduce a restatement in another currency ("5,3 млрд манатов, что
# эквивалентно 3,1 млрд долларов").
CONVERSION_CONNECTIVES = (
    "или",
    "то есть",
    "т.е.",
    "что эквивалентно",
    "что составляет",
    "что равно",
    "эквивалентно",
    "что соответствует",
)
