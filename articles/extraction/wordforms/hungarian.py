"""What Hungarian writes about a figure besides its amount: names, metric cues, roles.

Amounts are read from european.py and CLDR (long scale: "billió" is 10^12). Hungarian adds
its case endings to the name ("Azerbajdzsánnak", "Oroszországban", "Izraeltől",
"Pakisztánnal"), choosing back or front vowels by the name's last vowel, lengthening a
final a/e ("Grúzia" -> "Grúziának") and doubling a final consonant before "-val/-vel".
Those rules make every form from the dictionary form (`inflect`), each with the case
letters of russian.py: the dative "-nak/-nek" receives, the ablatives "-tól/-ból" supply.
"""

from __future__ import annotations

from .forms import forms_add, without_role

_BACK_VOWELS = frozenset("aáoóuú")
_ROUNDED_VOWELS = frozenset("öőüű")
_VOWELS = frozenset("aáeéiíoóöőuúüű")
_DIGRAPHS = ("dzs", "sz", "zs", "gy", "ny", "ly", "ty", "cs", "dz")
# (back, front, front rounded) -> case letters
_SUFFIXES: tuple[tuple[str, str, str, str], ...] = (
    ("nak", "nek", "nek", "d"),
    ("ban", "ben", "ben", "l"),
    ("ba", "be", "be", "l"),
    ("ból", "ből", "ből", "b"),
    ("tól", "től", "től", "b"),
    ("ról", "ről", "ről", "b"),
    ("hoz", "hez", "höz", "d"),
    ("ra", "re", "re", "l"),
    ("on", "en", "ön", "l"),
    ("nál", "nél", "nél", "l"),
    ("ot", "et", "öt", "a"),
    ("t", "t", "t", "a"),
    ("é", "é", "é", "g"),
    ("ért", "ért", "ért", ""),
    ("ig", "ig", "ig", ""),
)


def _harmony(word: str) -> int:
    """0 back, 1 front, 2 front rounded, by the last vowel."""
    for char in reversed(word.lower()):
        if char in _BACK_VOWELS:
            return 0
        if char in _ROUNDED_VOWELS:
            return 2
        if char in _VOWELS:
            return 1
    return 1


def inflect(name: str) -> dict[str, str]:
    """Every case form of a name -> its case letters ("Grúzia" -> "Grúziának": "d")."""
    harmony = _harmony(name)
    stem = name
    if name.endswith("a"):
        stem = name[:-1] + "á"
    elif name.endswith("e"):
        stem = name[:-1] + "é"
    forms = {name: "n"}
    for *endings, cases in _SUFFIXES:
        forms.setdefault(stem + endings[harmony], cases)
    # "-val/-vel" assimilates to a final consonant, which doubles: "Iránnal", "Izraellel".
    vowel = "a" if harmony == 0 else "e"
    if stem[-1].lower() in _VOWELS:
        forms.setdefault(f"{stem}v{vowel}l", "i")
    else:
        digraph = next((d for d in _DIGRAPHS if stem.endswith(d)), stem[-1])
        forms.setdefault(f"{stem[: -len(digraph)]}{digraph[0]}{digraph}{vowel}l", "i")
    # An adjective of place: "azerbajdzsáni", "oroszországi".
    forms.setdefault(stem + "i", "")
    return forms


def _abbreviation(name: str) -> dict[str, str]:
    """Endings after an abbreviation's hyphen: "USA-nak", "USA-ban"."""
    harmony = _harmony(name)
    forms = {name: "n"}
    for *endings, cases in _SUFFIXES:
        forms.setdefault(f"{name}-{endings[harmony]}", cases)
    forms.setdefault(f"{name}-{'val' if harmony == 0 else 'vel'}", "i")
    return forms


_ENTITY_NAMES: dict[str, tuple[str, ...]] = {
    "Azerbaijan": ("Azerbajdzsán", "Baku"),
    "Armenia": ("Örményország", "Jereván"),
    "Georgia": ("Grúzia", "Tbiliszi"),
    "Turkey": ("Törökország", "Ankara"),
    "Russia": ("Oroszország", "Moszkva", "Kreml"),
    "Iran": ("Irán", "Teherán"),
    "Israel": ("Izrael",),
    "Pakistan": ("Pakisztán",),
    "United States": ("Egyesült Államok", "Amerika", "Washington"),
    "France": ("Franciaország", "Párizs"),
    "India": ("India",),
    "China": ("Kína", "Peking"),
    "Ukraine": ("Ukrajna", "Kijev"),
    "Serbia": ("Szerbia",),
    "Germany": ("Németország",),
    "Italy": ("Olaszország", "Róma"),
    "Poland": ("Lengyelország", "Varsó"),
    "Hungary": ("Magyarország", "Budapest"),
    "Sweden": ("Svédország",),
    "Indonesia": ("Indonézia", "Jakarta"),
    "Nagorno-Karabakh": ("Hegyi-Karabah", "Karabah"),
}
_ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "United States": ("USA",),
    "SIPRI": ("SIPRI",),
    "NATO": ("NATO",),
}
# Demonyms, which are also the adjectives ("orosz hadsereg", "az oroszok").
_DEMONYMS: dict[str, tuple[str, ...]] = {
    "Azerbaijan": ("azeri", "azerbajdzsáni"), "Armenia": ("örmény",), "Georgia": ("grúz",),
    "Turkey": ("török",), "Russia": ("orosz",), "Iran": ("iráni",), "Israel": ("izraeli",),
    "Pakistan": ("pakisztáni",), "United States": ("amerikai",), "France": ("francia",),
    "India": ("indiai",), "China": ("kínai",), "Ukraine": ("ukrán",),
    "Poland": ("lengyel",), "Hungary": ("magyar",), "Sweden": ("svéd",),
    "Indonesia": ("indonéz",),
}  # fmt: skip


def _entity_forms() -> dict[str, dict[str, str]]:
    entities = forms_add({}, _ENTITY_NAMES, inflect)
    forms_add(entities, _ABBREVIATIONS, _abbreviation)
    # Lower case mid-sentence, capitalised at its start.
    return forms_add(entities, _DEMONYMS, lambda name: without_role(name, name.capitalize()))


ENTITY_FORMS: dict[str, dict[str, str]] = _entity_forms()

METRIC_CUES: dict[str, tuple[str, ...]] = {
    "military-expenditure": (
        "védelmi költségvetés*", "katonai költségvetés*", "honvédelmi költségvetés*",
        "védelmi kiadás*", "katonai kiadás*", "honvédelmi kiadás*", "hadikiadás*",
        "katonai büdzsé*", "védelmi büdzsé*", "védelemre", "honvédelemre", "hadseregre",
        "a hadseregre", "fegyveres erőkre", "védelmi célokra", "katonai célokra",
        "katonai ráfordítás*", "védelmi ráfordítás*",
    ),
    "arms-imports": (
        "fegyverimport*", "fegyvervásárlás*", "fegyverbeszerzés*", "haditechnikai beszerzés*",
        "fegyvert vásárol*", "fegyvereket vásárol*", "fegyvereket vett*",
    ),
    "arms-exports": (
        "védelmi ipar* exportj*", "hadiipar* exportj*",
        "fegyverexport*", "fegyverkivitel*", "hadiipari export*", "védelmi ipari export*",
        "védelmi export*", "hadiipari kivitel*",
    ),
    "arms-deal": (
        "szerződés*", "megállapodás*", "üzlet*", "adásvétel*", "eladott*", "adott el",
        "fegyverüzlet*", "elad*", "ad el", "adnak el",
    ),
    "military-aid": (
        "katonai segély*", "katonai segítség*", "katonai támogatás*", "biztonsági segély*",
    ),
    "cooperation-volume": (
        "katonai-műszaki együttműködés*", "katonai műszaki együttműködés*",
        "katonai együttműködés*", "védelmi együttműködés*",
    ),
}  # fmt: skip
WEAK_CUES: dict[str, tuple[str, ...]] = {
    "military-expenditure": ("költségvetés*", "kiadás*", "költ*", "fordít*", "elkülönít*"),
    "arms-imports": ("vásárol*", "vett*", "beszerz*", "importál*", "szállít*"),
    "arms-exports": ("exportál*", "exportj*"),
    "arms-deal": ("rendel*", "aláír*", "megrendel*"),
    "military-aid": ("segély*", "támogatás*"),
}
DOMAIN_WORDS = (
    "katonai*", "védelmi*", "honvédelm*", "hadsereg*", "fegyver*", "haditechnik*",
    "vadászgép*", "harckocsi*", "rakét*", "drón*", "lőszer*", "tarack*", "légvédelm*",
    "hadi*", "védelem*", "korvett*", "tüzérség*", "helikopter*",
)  # fmt: skip
TRANSFER_VERBS = (
    "eladott*", "adott el", "szállított*", "szállít", "nyújtott*", "nyújt", "átadott*",
    "exportált*", "ad el",
)  # fmt: skip
BUY_VERBS = (
    "vásárolt*", "vásárol", "vett", "vettek", "beszerzett*", "rendelt*", "kötött*",
    "aláírt*", "költött*", "költ",
)  # fmt: skip
TRANSFER_NOUNS = ("segély*", "hitel*", "támogatás*")
QUALIFIERS_BEFORE: dict[str, str] = {
    "mintegy": "approximately", "körülbelül": "approximately", "közel": "approximately",
    "csaknem": "approximately", "nagyjából": "approximately", "több mint": "at_least",
    "legalább": "at_least", "kevesebb mint": "at_most",
}  # fmt: skip
CONVERSION_CONNECTIVES = ("azaz", "vagyis", "azaz mintegy", "vagyis mintegy")
SOURCE_AFTER_WORDS = ("szerint",)
# Years named from the publication date ("jövőre": next year, "tavaly": last year).
RELATIVE_YEARS: dict[str, int] = {
    "tavaly": -1, "tavalyi": -1, "idén": 0, "az idei": 0, "idei": 0, "jövőre": 1,
    "jövő évi": 1, "jövő évben": 1, "a jövő évi": 1,
}  # fmt: skip
