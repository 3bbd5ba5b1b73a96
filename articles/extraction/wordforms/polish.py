"""What Polish writes about a figure besides its amount: names, metric cues, roles.

Amounts are read from european.py and CLDR. Polish declines names like Russian: a country
is "Azerbejdżan", "Azerbejdżanu", "Azerbejdżanowi", "Azerbejdżanem" by its role, and the
case says the role ("dostarczył Azerbejdżanowi": the dative receives). The forms are made
from the dictionary form by the few declension patterns these names follow (`decline`),
with the case letters of russian.py; country adjectives ("rosyjski", "tureckiej") carry no
case role.
"""

from __future__ import annotations

from .forms import forms_add

# (ending the case endings replace, {ending: case letters})
_PATTERNS: dict[str, tuple[str, dict[str, str]]] = {
    # Azerbejdżan, Pakistan, Iran, Izrael: masculine, inanimate or not.
    "m": ("", {"": "na", "u": "gl", "a": "g", "owi": "d", "em": "i", "ie": "l"}),
    # Armenia, Indie-less feminines in -ia: Armenii, Armenię, Armenią.
    "f_ia": ("ia", {"ia": "n", "ii": "gdl", "ię": "a", "ią": "i"}),
    # Rosja, Turcja, Gruzja, Francja: Rosji, Rosję, Rosją.
    "f_ja": ("ja", {"ja": "n", "ji": "gdl", "ję": "a", "ją": "i"}),
    # Ukraina, Moskwa, Ankara: Ukrainy, Ukrainie, Ukrainę, Ukrainą (and Ankarze).
    "f_a": ("a", {"a": "n", "y": "g", "ie": "dl", "ze": "dl", "ę": "a", "ą": "i"}),
    "indecl": ("", {"": "ngdail"}),
}


def decline(lemma: str, pattern: str) -> dict[str, str]:
    """Every form of `lemma` by `pattern` -> its case letters ("Armenii" -> "gdl")."""
    removed, endings = _PATTERNS[pattern]
    stem = lemma[: len(lemma) - len(removed)] if removed else lemma
    return {stem + ending: cases for ending, cases in endings.items()}


def adjective(stem: str) -> dict[str, str]:
    """Every form of a country adjective from its stem ("rosyjsk" -> "rosyjski", ...)."""
    endings = ("i", "a", "ie", "iego", "iej", "iemu", "im", "ą", "ich", "imi")
    forms = {stem + ending: "" for ending in endings}
    forms.update({f[0].upper() + f[1:]: "" for f in list(forms)})  # at a sentence's start
    return forms


_ENTITY_NOUNS: dict[str, tuple[tuple[str, str], ...]] = {
    "Azerbaijan": (("Azerbejdżan", "m"), ("Baku", "indecl")),
    "Armenia": (("Armenia", "f_ia"), ("Erywań", "indecl"), ("Erywaniu", "indecl")),
    "Georgia": (("Gruzja", "f_ja"), ("Tbilisi", "indecl")),
    "Turkey": (("Turcja", "f_ja"), ("Ankara", "f_a")),
    "Russia": (("Rosja", "f_ja"), ("Moskwa", "f_a"), ("Kreml", "m")),
    "Iran": (("Iran", "m"), ("Teheran", "m")),
    "Israel": (("Izrael", "m"),),
    "Pakistan": (("Pakistan", "m"),),
    "United States": (("USA", "indecl"), ("Waszyngton", "m"), ("Ameryka", "f_a")),
    "France": (("Francja", "f_ja"), ("Paryż", "m")),
    "India": (("Indie", "indecl"), ("Indii", "indecl"), ("Indiom", "indecl")),
    "China": (("Chiny", "indecl"), ("Chin", "indecl"), ("Chinom", "indecl")),
    "Ukraine": (("Ukraina", "f_a"), ("Kijów", "indecl")),
    "Serbia": (("Serbia", "f_ia"),),
    "Germany": (("Niemcy", "indecl"), ("Niemiec", "indecl"), ("Niemcom", "indecl")),
    "Greece": (("Grecja", "f_ja"),),
    "Italy": (("Włochy", "indecl"), ("Włoch", "indecl")),
    "Poland": (("Warszawa", "f_a"),),
    "Sweden": (("Szwecja", "f_ja"),),
    "Indonesia": (("Indonezja", "f_ja"),),
    "SIPRI": (("SIPRI", "indecl"),),
    "NATO": (("NATO", "indecl"),),
}
_ENTITY_EXTRA: dict[str, dict[str, str]] = {
    "United States": {
        "Stany Zjednoczone": "na", "Stanów Zjednoczonych": "gl", "Stanom Zjednoczonym": "d",
        "Stanami Zjednoczonymi": "i", "Stanach Zjednoczonych": "l",
    },
    "Nagorno-Karabakh": {"Górski Karabach": "na", "Górskiego Karabachu": "g", "Karabach": "na",
                         "Karabachu": "gl"},
    # Declined as an adjective: Polski, Polsce, Polskę, Polską.
    "Poland": {"Polska": "n", "Polski": "g", "Polsce": "dl", "Polskę": "a", "Polską": "i"},
    # A plural: Węgier, Węgrom, Węgrami, Węgrzech.
    "Hungary": {"Węgry": "na", "Węgier": "g", "Węgrom": "d", "Węgrami": "i", "Węgrzech": "l"},
}  # fmt: skip
_ADJECTIVE_STEMS: dict[str, tuple[str, ...]] = {
    "Azerbaijan": ("azerbejdżańsk", "azersk"), "Armenia": ("ormiańsk",),
    "Georgia": ("gruzińsk",), "Turkey": ("tureck",), "Russia": ("rosyjsk",),
    "Iran": ("irańsk",), "Israel": ("izraelsk",), "Pakistan": ("pakistańsk",),
    "United States": ("amerykańsk",), "France": ("francusk",), "India": ("indyjsk",),
    "China": ("chińsk",), "Ukraine": ("ukraińsk",), "Poland": ("polsk",),
    "Hungary": ("węgiersk",), "Sweden": ("szwedzk",), "Indonesia": ("indonezyjsk",),
}  # fmt: skip


def _entity_forms() -> dict[str, dict[str, str]]:
    entities: dict[str, dict[str, str]] = {}
    for entity, nouns in _ENTITY_NOUNS.items():
        forms = entities.setdefault(entity, {})
        for lemma, pattern in nouns:
            for form, cases in decline(lemma, pattern).items():
                forms.setdefault(form, cases)
    for entity, extra in _ENTITY_EXTRA.items():
        entities.setdefault(entity, {}).update(extra)
    return forms_add(entities, _ADJECTIVE_STEMS, adjective)


ENTITY_FORMS: dict[str, dict[str, str]] = _entity_forms()

METRIC_CUES: dict[str, tuple[str, ...]] = {
    "military-expenditure": (
        "budżet* obronn*", "budżet* wojskow*", "budżet* na obronność", "budżet* mon",
        "budżet* ministerstw* obrony*", "wydatk* na obronność", "wydatk* obronn*",
        "wydatk* wojskow*", "wydatk* na wojsko", "wydatk* na armi*", "wydatk* na zbrojeni*",
        "na obronność", "na wojsko", "na armię", "na zbrojenia", "na obronę",
        "nakład* na obronność",
    ),
    "arms-imports": (
        "import* broni", "import* uzbrojeni*", "zakup* broni", "zakup* uzbrojeni*",
        "zakup* sprzętu wojskowego", "kupił* broń", "kupił* uzbrojeni*",
    ),
    "arms-exports": (
        "eksport* broni", "eksport* uzbrojeni*", "eksport* zbrojeniow*",
        "eksport* przemysłu obronnego", "eksport* sprzętu wojskowego",
    ),
    "arms-deal": ("kontrakt*", "umow*", "umów", "transakcj*", "sprzedaż*", "sprzedał*"),
    "military-aid": (
        "pomoc* wojskow*", "pomoc* militarn*", "wsparci* wojskow*",
        "instrument* na rzecz pokoju",
    ),
    "cooperation-volume": ("współprac* wojskow*", "współprac* wojskowo-techniczn*"),
}  # fmt: skip
WEAK_CUES: dict[str, tuple[str, ...]] = {
    "military-expenditure": ("budżet*", "wydatk*", "wydał*", "wyda", "wydać", "przeznacz*"),
    "arms-imports": (
        "kupił*",
        "zakupił*",
        "nabył*",
        "dostarczył*",
        "dostaw*",
        "importował*",
        "kupi",
        "kupią",
        "zakupi",
        "zakupią",
        "nabędzie",
    ),
    "arms-exports": ("eksport*", "wyeksport*"),
    "arms-deal": ("zamówieni*", "zamówił*", "podpisał*"),
    "military-aid": ("pomoc*",),
}
DOMAIN_WORDS = (
    "wojsk*", "obronn*", "armi*", "broń", "broni", "uzbrojeni*", "zbrojeni*", "myśliw*",
    "czołg*", "rakiet*", "dron*", "sprzęt*", "amunicj*", "radar*", "haubic*", "artyler*", "korwet*",
    "okręt*", "śmigłow*", "samolot* bojow*", "obrony powietrznej", "przemysł* zbrojeniow*",
)  # fmt: skip
TRANSFER_VERBS = (
    "sprzedał*", "sprzeda", "sprzedadzą", "dostarczył*", "dostarczy", "przekazał*",
    "przekaże", "eksportował*", "udzielił*",
)  # fmt: skip
BUY_VERBS = (
    "kupił*", "kupi", "zakupił*", "zakupi", "nabył*", "nabędzie", "zamówił*", "podpisał*",
    "wydał*", "otrzymał*",
)  # fmt: skip
GRANT_VERBS = ("przeznaczył*", "przeznaczy")
TRANSFER_NOUNS = ("pomoc*", "dostaw*", "kredyt*")
FROM_WORDS = ("od", "z")
QUALIFIERS_BEFORE: dict[str, str] = {
    "około": "approximately", "prawie": "approximately", "blisko": "approximately",
    "ponad": "at_least", "co najmniej": "at_least", "niemal": "approximately",
}  # fmt: skip
CONVERSION_CONNECTIVES = ("czyli", "czyli około", "co daje", "tj.")
SOURCE_BEFORE_WORDS = ("według", "wg", "zdaniem")
PERIOD_GAP_WORDS = ("w", "we")
# Years named from the publication date ("w przyszłym roku": next year).
RELATIVE_YEARS: dict[str, int] = {
    "w zeszłym roku": -1, "w ubiegłym roku": -1, "w tym roku": 0, "w bieżącym roku": 0,
    "w przyszłym roku": 1, "na przyszły rok": 1, "na ten rok": 0,
    **{f"przyszłoroczn{e}": 1 for e in ("y", "ego", "ym", "e", "a", "ej", "ą")},
    **{f"ubiegłoroczn{e}": -1 for e in ("y", "ego", "ym", "e", "a", "ej", "ą")},
    **{f"tegoroczn{e}": 0 for e in ("y", "ego", "ym", "e", "a", "ej", "ą")},
}  # fmt: skip
