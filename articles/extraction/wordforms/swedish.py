"""What Swedish writes about a figure besides its amount: names, metric cues, roles.

Amounts are read from european.py and CLDR ("mdkr", "miljarder"). Swedish names do not
decline but take a genitive "-s" ("Rysslands försvarsbudget", "USA:s"), which names the
owner; prepositions say the other roles ("till Azerbajdzjan": the recipient, "från
Israel": the supplier). Adjectives take -a and -t ("rysk", "ryska", "ryskt").
"""

from __future__ import annotations

_ENTITY_NAMES: dict[str, tuple[str, ...]] = {
    "Azerbaijan": ("Azerbajdzjan", "Baku"),
    "Armenia": ("Armenien", "Jerevan"),
    "Georgia": ("Georgien", "Tbilisi"),
    "Turkey": ("Turkiet", "Ankara"),
    "Russia": ("Ryssland", "Moskva", "Kreml"),
    "Iran": ("Iran", "Teheran"),
    "Israel": ("Israel",),
    "Pakistan": ("Pakistan",),
    "United States": ("USA", "Förenta staterna", "Washington"),
    "France": ("Frankrike", "Paris"),
    "India": ("Indien",),
    "China": ("Kina", "Peking"),
    "Ukraine": ("Ukraina", "Kiev"),
    "Serbia": ("Serbien",),
    "Germany": ("Tyskland",),
    "Italy": ("Italien", "Rom"),
    "Poland": ("Polen", "Warszawa"),
    "Hungary": ("Ungern", "Budapest"),
    "Sweden": ("Sverige",),
    "Indonesia": ("Indonesien", "Jakarta"),
    "Nagorno-Karabakh": ("Nagorno-Karabach", "Karabach"),
    "European Union": ("EU",),
}
_ADJECTIVE_STEMS: dict[str, tuple[str, ...]] = {
    "Azerbaijan": ("azerbajdzjansk", "azerisk"), "Armenia": ("armenisk",),
    "Georgia": ("georgisk",), "Turkey": ("turkisk",), "Russia": ("rysk",),
    "Iran": ("iransk",), "Israel": ("israelisk",), "Pakistan": ("pakistansk",),
    "United States": ("amerikansk",), "France": ("fransk",), "India": ("indisk",),
    "China": ("kinesisk",), "Ukraine": ("ukrainsk",), "Poland": ("polsk",),
    "Hungary": ("ungersk",), "Sweden": ("svensk",), "Indonesia": ("indonesisk",),
}  # fmt: skip


def _entity_forms() -> dict[str, dict[str, str]]:
    entities: dict[str, dict[str, str]] = {}
    for entity, names in _ENTITY_NAMES.items():
        if not names:
            continue
        forms = entities.setdefault(entity, {})
        for name in names:
            forms.setdefault(name, "n")
            # The genitive: "-s", "-:s" after an abbreviation, nothing after an -s.
            genitive = f"{name}:s" if name.isupper() else name if name.endswith("s") else name + "s"
            forms.setdefault(genitive, "g")
    for entity, stems in _ADJECTIVE_STEMS.items():
        for stem in stems:
            for ending in ("", "a", "t"):
                entities[entity].setdefault(stem + ending, "")  # lower case, as written
    return entities


ENTITY_FORMS: dict[str, dict[str, str]] = _entity_forms()

METRIC_CUES: dict[str, tuple[str, ...]] = {
    "military-expenditure": (
        "försvarsbudget*",
        "militärbudget*",
        "försvarsutgift*",
        "militärutgift*",
        "militära utgift*",
        "försvarsanslag*",
        "försvarsanslaget",
        "på försvaret",
        "till försvaret",
        "på militären",
        "på det militära",
        "på armén",
        "till armén",
        "försvarskostnad*",
        "militära kostnad*",
    ),
    "arms-imports": ("vapenimport*", "vapenköp*", "köpt vapen", "köper vapen", "vapeninköp*"),
    "arms-exports": (
        "vapenexport*",
        "försvarsexport*",
        "krigsmaterielexport*",
        "försvarsindustri* export*",
        "vapenindustri* export*",
    ),
    "arms-deal": (
        "kontrakt*",
        "avtal*",
        "affär*",
        "vapenaffär*",
        "sålt",
        "såld*",
        "sälja",
        "säljer",
        "sålde",
    ),
    "military-aid": ("militärt bistånd", "militär hjälp", "militärt stöd", "militärbistånd*"),
    "cooperation-volume": ("militärt samarbete*", "militärtekniskt samarbete*"),
}
WEAK_CUES: dict[str, tuple[str, ...]] = {
    "military-expenditure": ("budgeten", "anslag*", "utgift*", "lägga", "lägger", "lagt", "lade"),
    "arms-imports": ("köp*", "importera*", "leverans*", "leverera*"),
    "arms-exports": ("exportera*",),
    "arms-deal": ("beställ*", "tecknat", "tecknade"),
    "military-aid": ("bistånd*", "stöd*", "skänk*"),
}
DOMAIN_WORDS = (
    "korvett*",
    "stridsfordon*",
    "luftvärn*",
    "artilleri*",
    "helikopter*",
    "försvarsindustri*",
    "militär*",
    "försvar*",
    "vapen*",
    "armé*",
    "stridsflyg*",
    "stridsvagn*",
    "robotar",
    "drönar*",
    "ammunition*",
    "radar*",
    "haubits*",
    "krigsmateriel*",
)
TRANSFER_VERBS = (
    "sålt", "sålde", "säljer", "sälja", "levererat", "levererade", "leverera", "gett", "gav",
    "ger", "skänkt", "skänkte", "skänker",
)  # fmt: skip
BUY_VERBS = (
    "köpt",
    "köpte",
    "köper",
    "beställt",
    "beställde",
    "tecknat",
    "tecknade",
    "fått",
    "fick",
    "importerat",
    "importerade",
)
TRANSFER_NOUNS = ("bistånd*", "stöd*", "lån*")
TO_WORDS = ("till",)
FROM_WORDS = ("från",)
WITH_WORDS = ("med",)
QUALIFIERS_BEFORE: dict[str, str] = {
    "omkring": "approximately", "cirka": "approximately", "runt": "approximately",
    "nästan": "approximately", "drygt": "at_least", "över": "at_least",
    "mer än": "at_least", "minst": "at_least", "knappt": "at_most",
}  # fmt: skip
CONVERSION_CONNECTIVES = ("eller", "motsvarande", "vilket motsvarar")
SOURCE_BEFORE_WORDS = ("enligt",)
PERIOD_GAP_WORDS = ("år", "under", "för")
# Verbs whose first object receives: "EU har beviljat Armenien militärt stöd".
DIRECT_RECIPIENT_VERBS = (
    "beviljat", "beviljade", "beviljar", "gett", "gav", "ger", "skänkt", "skänkte", "lovat",
    "lovade", "sålt", "sålde",
)  # fmt: skip
# Years named from the publication date ("nästa år": next year).
RELATIVE_YEARS: dict[str, int] = {
    "i fjol": -1, "förra året": -1, "i år": 0, "nästa år": 1, "kommande år": 1,
    "nästa års": 1,
}  # fmt: skip
