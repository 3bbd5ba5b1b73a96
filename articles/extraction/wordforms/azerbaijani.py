"""What Azerbaijani writes about a figure besides its amount: names, metric cues, roles.

Amounts are read with the Turkish rules (turkish.py lists "az" among its CLDR locales and
"milyard", "dollar", "manat" among its words; the endings "dollara", "dollarlıq",
"avroluq" are the same). What differs is the names: Azerbaijani news joins the case ending
to a proper noun without the apostrophe Turkish uses ("Azərbaycanın", "Ermənistana",
"Hindistandan"), so every form is made here from the name by vowel harmony (`inflect`),
with the case letters of russian.py: the dative receives, the ablative supplies.
"""

from __future__ import annotations

from .forms import forms_add, without_role

_BACK = frozenset("aıou")
_FRONT = frozenset("əeiöü")
_VOWELS = _BACK | _FRONT


def _last_vowel(word: str) -> str:
    return next((c for c in reversed(word.lower()) if c in _VOWELS), "a")


def inflect(name: str) -> dict[str, str]:
    """Every case form of a name -> its case letters ("Ermənistan" -> "Ermənistana": d)."""
    vowel = _last_vowel(name)
    a = "a" if vowel in _BACK else "ə"
    i = {"a": "ı", "ı": "ı", "o": "u", "u": "u", "ö": "ü", "ü": "ü"}.get(vowel, "i")
    after_vowel = name[-1].lower() in _VOWELS
    forms = {
        name: "n",
        name + (f"n{i}n" if after_vowel else f"{i}n"): "g",
        name + (f"y{a}" if after_vowel else a): "d",
        name + (f"n{i}" if after_vowel else i): "a",
        name + f"d{a}": "l",
        name + f"d{a}n": "b",
        name + (f"yl{a}" if after_vowel else f"l{a}"): "i",
    }
    return forms


def _abbreviation(name: str) -> dict[str, str]:
    """An abbreviation takes its ending after a hyphen: "ABŞ-ın", "ABŞ-a", "ABŞ-dan"."""
    forms = {name: "n"}
    for form, cases in inflect(name + "a").items():  # read as if it ended in a back vowel
        if form != name + "a":
            forms[f"{name}-{form[len(name) + 1 :]}"] = cases
    return forms


_ENTITY_NAMES: dict[str, tuple[str, ...]] = {
    "Azerbaijan": ("Azərbaycan", "Bakı"),
    "Armenia": ("Ermənistan", "İrəvan"),
    "Georgia": ("Gürcüstan", "Tbilisi"),
    "Turkey": ("Türkiyə", "Ankara"),
    "Russia": ("Rusiya", "Moskva", "Kreml"),
    "Iran": ("İran", "Tehran"),
    "Israel": ("İsrail",),
    "Pakistan": ("Pakistan", "İslamabad"),
    "United States": ("Amerika", "Vaşinqton", "Amerika Birləşmiş Ştatları"),
    "France": ("Fransa", "Paris"),
    "India": ("Hindistan",),
    "China": ("Çin",),
    "Ukraine": ("Ukrayna",),
    "Kazakhstan": ("Qazaxıstan",),
    "Germany": ("Almaniya",),
    "Italy": ("İtaliya",),
    "Greece": ("Yunanıstan",),
    "Poland": ("Polşa",),
    "Hungary": ("Macarıstan",),
    "Sweden": ("İsveç",),
    "Indonesia": ("İndoneziya",),
    "Serbia": ("Serbiya",),
    "Belarus": ("Belarus",),
    "Nagorno-Karabakh": ("Qarabağ", "Dağlıq Qarabağ"),
    "European Union": ("Avropa İttifaqı",),
}
_ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "United States": ("ABŞ",),
    "European Union": ("Aİ",),
    "NATO": ("NATO",),
    "SIPRI": ("SIPRI",),
}
# Adjectives and demonyms, which name a country without a role ("Türk pilotsuz uçaqları").
_DEMONYMS: dict[str, tuple[str, ...]] = {
    "Azerbaijan": ("Azərbaycanlı",), "Armenia": ("Erməni",), "Russia": ("Rus",),
    "Turkey": ("Türk",), "Israel": ("İsrailli",), "Iran": ("İranlı",), "Georgia": ("Gürcü",),
}  # fmt: skip


def _entity_forms() -> dict[str, dict[str, str]]:
    entities = forms_add({}, _ENTITY_NAMES, inflect)
    forms_add(entities, _ABBREVIATIONS, _abbreviation)
    return forms_add(entities, _DEMONYMS, without_role)


ENTITY_FORMS: dict[str, dict[str, str]] = _entity_forms()

METRIC_CUES: dict[str, tuple[str, ...]] = {
    "military-expenditure": (
        "müdafiə büdcə*", "hərbi büdcə*", "müdafiə xərc*", "hərbi xərc*",
        "müdafiə və milli təhlükəsizlik*", "müdafiə və təhlükəsizlik*", "müdafiəyə",
        "müdafiə sahəsinə", "orduya", "silahlı qüvvələrə", "müdafiə nazirliyinin büdcə*",
    ),
    "arms-imports": (
        "silah idxal*", "silah alış*", "silahların alınması*", "silah alın*", "hərbi idxal*",
    ),
    "arms-exports": (
        "silah ixrac*", "müdafiə sənayesi ixrac*", "hərbi ixrac*", "müdafiə ixrac*",
    ),
    "arms-deal": (
        "müqavilə*", "saziş*", "sövdələşmə*", "satıb", "satır", "satacaq*", "satış*",
    ),
    "military-aid": ("hərbi yardım*", "təhlükəsizlik yardım*", "hərbi dəstək*"),
    # A final q or k turns into ğ or y before a vowel ("əməkdaşlıq", "əməkdaşlığın"), so the
    # stem stops before it.
    "cooperation-volume": ("hərbi-texniki əməkdaşlı*", "hərbi əməkdaşlı*"),
}  # fmt: skip
WEAK_CUES: dict[str, tuple[str, ...]] = {
    "military-expenditure": ("büdcə*", "xərc*", "ayır*", "ayrıl*", "yönəld*"),
    "arms-imports": ("idxal*", "alıb", "alır", "alacaq*", "əldə ed*", "tədarük*"),
    "arms-exports": ("ixrac*",),
    "arms-deal": ("sifariş*", "imzala*"),
    "military-aid": ("yardım*", "dəstək*"),
}
DOMAIN_WORDS = (
    "hərbi*", "müdafiə*", "silah*", "ordu*", "qırıcı*", "pilotsuz*", "raket*", "tank*",
    "korvet*", "radar*", "hava hücumundan müdafiə*", "hərbi texnika*",
)  # fmt: skip
# Azerbaijani, like Turkish, puts the verb last; its subject is the first party named.
TRANSFER_VERBS = (
    "satıb", "satır", "satacaq*", "satmış*", "tədarük edib", "tədarük edəcək", "verib",
    "verəcək", "ixrac edib",
)  # fmt: skip
BUY_VERBS = (
    "alıb", "alır", "alacaq*", "satın al*", "əldə edib", "əldə edəcək", "imzalayıb",
    "xərcləyib", "idxal edib",
)  # fmt: skip
GRANT_VERBS = ("ayırıb", "ayıracaq", "ayırır")
TRANSFER_NOUNS = ("yardım*", "kredit*")
QUALIFIERS_BEFORE: dict[str, str] = {"təqribən": "approximately", "ən azı": "at_least"}
QUALIFIERS_AFTER: dict[str, str] = {"çox": "at_least", "artıq": "at_least"}
SOURCE_AFTER_WORDS = ("görə",)
RELATIVE_YEARS: dict[str, int] = {
    "gələn il": 1, "gələn ilin": 1, "gələn ilə": 1, "keçən il": -1, "ötən il": -1,
    "bu il": 0, "cari il": 0, "cari ilin": 0,
}  # fmt: skip
