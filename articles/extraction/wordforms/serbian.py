"""What Serbian writes about a figure besides its amount: names, metric cues, roles.

Amounts are read from european.py and CLDR (long scale: "билион" is 10^12). Serbian is
written in both alphabets, often on the same site, so every form here is written in
Cyrillic and transliterated to Latin by the standard one-to-one table (`latin`), rather
than listed twice. Names decline as in Russian ("Азербејџан", "Азербејџана",
"Азербејџану", "Азербејџаном"), with the case letters of russian.py: the dative receives
("продао Азербејџану").
"""

from __future__ import annotations

_CYRILLIC_TO_LATIN = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "ђ": "đ", "е": "e", "ж": "ž", "з": "z",
    "и": "i", "ј": "j", "к": "k", "л": "l", "љ": "lj", "м": "m", "н": "n", "њ": "nj", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "ћ": "ć", "у": "u", "ф": "f", "х": "h", "ц": "c",
    "ч": "č", "џ": "dž", "ш": "š",
}  # fmt: skip
_TRANSLITERATION = str.maketrans(
    {
        **_CYRILLIC_TO_LATIN,
        **{c.upper(): (v[0].upper() + v[1:]) for c, v in _CYRILLIC_TO_LATIN.items()},
    }
)


def latin(text: str) -> str:
    """Serbian Cyrillic in the Latin alphabet ("Јерменија" -> "Jermenija")."""
    return text.translate(_TRANSLITERATION)


_PATTERNS: dict[str, tuple[str, dict[str, str]]] = {
    # Азербејџан, Иран, Пакистан, Израел
    "m": ("", {"": "na", "а": "g", "у": "dl", "ом": "i"}),
    # Јерменија, Грузија, Русија, Украјина, Москва: -а feminines
    "f_a": ("а", {"а": "n", "е": "g", "и": "dl", "у": "a", "ом": "i"}),
    # Турска, Немачка: adjectival names
    "f_adj": ("а", {"а": "n", "е": "g", "ој": "dl", "у": "a", "ом": "i"}),
    "indecl": ("", {"": "ngdail"}),
}


def decline(lemma: str, pattern: str) -> dict[str, str]:
    """Every Cyrillic form of `lemma` by `pattern` -> its case letters."""
    removed, endings = _PATTERNS[pattern]
    stem = lemma[: len(lemma) - len(removed)] if removed else lemma
    return {stem + ending: cases for ending, cases in endings.items()}


def adjective(stem: str) -> dict[str, str]:
    """Every form of a country adjective from its Cyrillic stem ("руск" -> "руски", ...)."""
    endings = ("и", "а", "о", "е", "ог", "ога", "ом", "ому", "ој", "у", "им", "их", "има")
    forms = {stem + ending: "" for ending in endings}
    forms.update({f[0].upper() + f[1:]: "" for f in list(forms)})
    return forms


_ENTITY_NOUNS: dict[str, tuple[tuple[str, str], ...]] = {
    "Azerbaijan": (("Азербејџан", "m"), ("Баку", "indecl")),
    "Armenia": (("Јерменија", "f_a"), ("Јереван", "m")),
    "Georgia": (("Грузија", "f_a"), ("Тбилиси", "indecl")),
    "Turkey": (("Турска", "f_adj"), ("Анкара", "f_a")),
    "Russia": (("Русија", "f_a"), ("Москва", "f_a"), ("Кремљ", "m")),
    "Iran": (("Иран", "m"), ("Техеран", "m")),
    "Israel": (("Израел", "m"),),
    "Pakistan": (("Пакистан", "m"),),
    "United States": (("САД", "indecl"), ("Вашингтон", "m"), ("Америка", "f_a")),
    "France": (("Француска", "f_adj"), ("Париз", "m")),
    "India": (("Индија", "f_a"),),
    "China": (("Кина", "f_a"), ("Пекинг", "m")),
    "Ukraine": (("Украјина", "f_a"), ("Кијев", "m")),
    "Serbia": (("Србија", "f_a"), ("Београд", "m")),
    "Germany": (("Немачка", "f_adj"),),
    "Italy": (("Италија", "f_a"), ("Рим", "m")),
    "Greece": (("Грчка", "f_adj"),),
    "Poland": (("Пољска", "f_adj"), ("Варшава", "f_a")),
    "Hungary": (("Мађарска", "f_adj"), ("Будимпешта", "f_a")),
    "Sweden": (("Шведска", "f_adj"),),
    "Indonesia": (("Индонезија", "f_a"), ("Џакарта", "f_a")),
    "SIPRI": (("СИПРИ", "indecl"), ("SIPRI", "indecl")),
    "NATO": (("НАТО", "indecl"),),
    "Nagorno-Karabakh": (("Карабах", "m"),),
}
_ENTITY_EXTRA: dict[str, dict[str, str]] = {
    "United States": {
        "Сједињене Државе": "na", "Сједињених Држава": "g", "Сједињеним Државама": "dil",
        "Сједињене Америчке Државе": "na", "Сједињених Америчких Држава": "g",
    },
}  # fmt: skip
_ADJECTIVE_STEMS: dict[str, tuple[str, ...]] = {
    "Azerbaijan": ("азербејџанск", "азерск"), "Armenia": ("јерменск",),
    "Georgia": ("грузијск",), "Turkey": ("турск",), "Russia": ("руск",),
    "Iran": ("иранск",), "Israel": ("израелск",), "Pakistan": ("пакистанск",),
    "United States": ("америчк",), "France": ("француск",), "India": ("индијск",),
    "China": ("кинеск",), "Ukraine": ("украјинск",), "Serbia": ("српск",),
    # Not "пољск": "пољска болница" is a field hospital.
    "Hungary": ("мађарск",), "Sweden": ("шведск",),
}  # fmt: skip


def _entity_forms() -> dict[str, dict[str, str]]:
    entities: dict[str, dict[str, str]] = {}

    def add(entity: str, forms: dict[str, str]) -> None:
        known = entities.setdefault(entity, {})
        for form, cases in forms.items():
            known.setdefault(form, cases)
            known.setdefault(latin(form), cases)

    for entity, nouns in _ENTITY_NOUNS.items():
        for lemma, pattern in nouns:
            add(entity, decline(lemma, pattern))
    for entity, extra in _ENTITY_EXTRA.items():
        add(entity, extra)
    for entity, stems in _ADJECTIVE_STEMS.items():
        for stem in stems:
            add(entity, adjective(stem))
    return entities


ENTITY_FORMS: dict[str, dict[str, str]] = _entity_forms()


def _both(*cues: str) -> tuple[str, ...]:
    """Each cue in Cyrillic and in Latin."""
    return tuple(dict.fromkeys(form for cue in cues for form in (cue, latin(cue))))


METRIC_CUES: dict[str, tuple[str, ...]] = {
    "military-expenditure": _both(
        "војн* буџет*", "одбрамбен* буџет*", "буџет* за одбран*", "буџет* министарств* одбран*",
        "издаци за одбран*", "издатак* за одбран*", "издвајањ* за одбран*", "војн* издац*",
        "војн* расход*", "расход* за одбран*", "за одбрану", "за војску", "за војни сектор",
        "за наоружање", "трошков* за одбран*",
    ),
    "arms-imports": _both(
        "увоз* оружја", "увоз* наоружања", "набавк* оружја", "набавк* наоружања",
        "куповин* оружја", "куповин* наоружања",
    ),
    "arms-exports": _both(
        "извоз* оружја", "извоз* наоружања", "извоз* наменск*", "извоз* одбрамбен*",
    ),
    "arms-deal": _both("уговор*", "споразум*", "посао", "посла", "прода*"),
    "military-aid": _both("војн* помоћ*", "војн* подршк*", "безбедносн* помоћ*"),
    "cooperation-volume": _both("војно-техничк* сарадњ*", "војн* сарадњ*"),
}  # fmt: skip
WEAK_CUES: dict[str, tuple[str, ...]] = {
    "military-expenditure": _both("буџет*", "издвоји*", "издваја*", "потроши*", "издац*"),
    "arms-imports": _both("купи*", "набави*", "набавља*", "увез*", "испоручи*", "испорук*"),
    "arms-exports": _both("извоз*", "извез*"),
    "arms-deal": _both("поруџбин*", "потписа*", "наручи*", "наруџбин*"),
    "military-aid": _both("помоћ*", "донациј*"),
}
DOMAIN_WORDS = _both(
    "војн*", "војск*", "одбран*", "одбрамбен*", "оружј*", "наоружањ*", "ловц*", "ловачк*",
    "тенк*", "ракет*", "дрон*", "муниција*", "хаубиц*", "армиј*",
)  # fmt: skip
TRANSFER_VERBS = _both(
    "продао*", "продала*", "продали*", "продаће*", "испоручио*", "испоручила*",
    "испоручиће*", "доставио*", "предао*", "уступио*", "одобри*", "пружи*",
    # The infinitive of the analytic future: "Турска ће Индонезији продати ...".
    "продати", "испоручити",
)  # fmt: skip
BUY_VERBS = _both(
    "купио*", "купила*", "купиће*", "набавио*", "набавила*", "наручио*", "наручила*",
    "потписао*", "потписала*", "потрошио*", "потрошила*", "добио*", "добила*",
)  # fmt: skip
GRANT_VERBS = _both("издвојио*", "издвојила*", "издвојиће*")
TRANSFER_NOUNS = _both("помоћ*", "кредит*", "испорук*")
FROM_WORDS = _both("од", "из")
WITH_WORDS = _both("са", "с")
QUALIFIERS_BEFORE: dict[str, str] = {
    form: meaning
    for phrase, meaning in {
        "око": "approximately", "скоро": "approximately", "готово": "approximately",
        "приближно": "approximately", "више од": "at_least", "преко": "at_least",
        "најмање": "at_least", "мање од": "at_most",
    }.items()
    for form in _both(phrase)
}  # fmt: skip
CONVERSION_CONNECTIVES = _both("односно", "или око", "што је око")
SOURCE_BEFORE_WORDS = _both("према", "према подацима", "према проценама")
PERIOD_GAP_WORDS = _both("у", "за")
# Years named from the publication date ("следеће године": next year), both alphabets.
RELATIVE_YEARS: dict[str, int] = {
    form: offset
    for phrase, offset in {
        "прошле године": -1, "претходне године": -1, "ове године": 0, "текуће године": 0,
        "следеће године": 1, "наредне године": 1, "идуће године": 1,
        "за следећу годину": 1, "за наредну годину": 1, "за ову годину": 0,
    }.items()
    for form in _both(phrase)
}  # fmt: skip
