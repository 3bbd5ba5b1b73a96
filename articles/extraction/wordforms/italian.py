"""What Italian writes about a figure besides its amount: names, metric cues, roles.

Amounts are read from european.py and CLDR. Italian names do not decline; the role is in
the preposition, often elided with its article onto the name ("all'Azerbaigian": to
Azerbaijan, "dall'India": from India). So names carry no case of their own ("n"), and the
prepositions before them (`TO_WORDS`, `FROM_WORDS`) say who receives and who supplies.
Country adjectives agree in gender and number ("russo", "russa", "russi", "russe").
"""

from __future__ import annotations

_ENTITY_NAMES: dict[str, tuple[str, ...]] = {
    "Azerbaijan": ("Azerbaigian", "Azerbaijan", "Baku"),
    "Armenia": ("Armenia", "Erevan", "Yerevan"),
    "Georgia": ("Georgia", "Tbilisi"),
    "Turkey": ("Turchia", "Ankara"),
    "Russia": ("Russia", "Mosca", "Cremlino"),
    "Iran": ("Iran", "Teheran"),
    "Israel": ("Israele", "Tel Aviv"),
    "Pakistan": ("Pakistan", "Islamabad"),
    "United States": ("Stati Uniti", "USA", "Washington"),
    "France": ("Francia", "Parigi"),
    "India": ("India", "Nuova Delhi"),
    "China": ("Cina", "Pechino"),
    "Ukraine": ("Ucraina", "Kiev"),
    "Serbia": ("Serbia", "Belgrado"),
    "Germany": ("Germania", "Berlino"),
    "Italy": ("Italia", "Roma"),
    "Poland": ("Polonia", "Varsavia"),
    "Hungary": ("Ungheria", "Budapest"),
    "Sweden": ("Svezia",),
    "Indonesia": ("Indonesia", "Giacarta"),
    "Nagorno-Karabakh": ("Nagorno-Karabakh", "Karabakh"),
    "European Union": ("Unione Europea", "Ue"),
}
# Adjective stems and the endings they take (-o/-a/-i/-e; -e/-i for "statunitense").
_ADJECTIVES: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "Azerbaijan": (("azer", ("o", "a", "i", "e")), ("azerbaigian", ("o", "a", "i", "e"))),
    "Armenia": (("armen", ("o", "a", "i", "e")),),
    "Georgia": (("georgian", ("o", "a", "i", "e")),),
    "Turkey": (("turc", ("o", "a", "hi", "he")),),
    "Russia": (("russ", ("o", "a", "i", "e")),),
    "Iran": (("iranian", ("o", "a", "i", "e")),),
    "Israel": (("israelian", ("o", "a", "i", "e")),),
    "Pakistan": (("pakistan", ("o", "a", "i", "e")),),
    "United States": (("statunitens", ("e", "i")), ("american", ("o", "a", "i", "e"))),
    "France": (("frances", ("e", "i")),),
    "India": (("indian", ("o", "a", "i", "e")),),
    "China": (("cines", ("e", "i")),),
    "Ukraine": (("ucrain", ("o", "a", "i", "e")),),
    "Poland": (("polacc", ("o", "a", "hi", "he")),),
    "Hungary": (("ungheres", ("e", "i")),),
    "Sweden": (("svedes", ("e", "i")),),
    "Indonesia": (("indonesian", ("o", "a", "i", "e")),),
}


def _entity_forms() -> dict[str, dict[str, str]]:
    entities: dict[str, dict[str, str]] = {}
    for entity, names in _ENTITY_NAMES.items():
        if names:
            entities.setdefault(entity, {}).update(dict.fromkeys(names, "n"))
    for entity, stems in _ADJECTIVES.items():
        forms = entities.setdefault(entity, {})
        for stem, endings in stems:
            for ending in endings:
                # Lower case only: Italian writes adjectives so, and "Indiana" is a state.
                forms.setdefault(stem + ending, "")
    return entities


ENTITY_FORMS: dict[str, dict[str, str]] = _entity_forms()

METRIC_CUES: dict[str, tuple[str, ...]] = {
    "military-expenditure": (
        "spes* militar*",
        "spes* per la difesa",
        "spes* nella difesa",
        "spes* difensiv*",
        "bilanci* della difesa",
        "bilanci* militar*",
        "budget della difesa",
        "budget militar*",
        "budget per la difesa",
        "stanziament* per la difesa",
        "stanziament* militar*",
        "per la difesa",
        "alla difesa",
        "per le forze armate",
        "per l'esercito",
        "alle forze armate",
        "investiment* nella difesa",
    ),
    "arms-imports": (
        "import* di armi",
        "importazion* di armi",
        "acquist* di armi",
        "acquist* di armament*",
        "acquistato armi",
        "acquistato armament*",
    ),
    "arms-exports": (
        "esportazion* di armi",
        "esportazion* di armament*",
        "export* di armi",
        "export* della difesa",
        "esportato armament*",
        "esportato armi",
        "esportazion* dell'industria della difesa",
    ),
    "arms-deal": (
        "contratt*",
        "accordo",
        "accordi",
        "commess*",
        "vendita",
        "vendite",
        "venduto",
        "venderà",
        "vendere",
        "venduti",
    ),
    "military-aid": (
        "aiut* militar*",
        "assistenza militare",
        "sostegno militare",
        "fondo europeo per la pace",
        "fond* per la pace",
    ),
    "cooperation-volume": ("cooperazione militare*", "cooperazione tecnico-militare"),
}
WEAK_CUES: dict[str, tuple[str, ...]] = {
    "military-expenditure": ("bilanci*", "spes*", "spenderà", "spendere", "stanzi*", "speso"),
    "arms-imports": (
        "acquist*",
        "importat*",
        "importazion*",
        "comprat*",
        "fornitur*",
        "fornit*",
        "fornirà",
    ),
    "arms-exports": ("esport*",),
    "arms-deal": ("ordinativ*", "ordinato", "ordinata", "ordinare", "firmat*"),
    "military-aid": ("aiut*",),
}
DOMAIN_WORDS = (
    "corvett*",
    "artiglieri*",
    "elicotter*",
    "difesa aerea",
    "sistemi di difesa",
    "militar*",
    "difesa",
    "armi",
    "armament*",
    "esercit*",
    "forze armate",
    "caccia",
    "carri armati",
    "missil*",
    "droni",
    "drone",
    "munizion*",
    "radar",
    "obici",
)
TRANSFER_VERBS = (
    "venduto",
    "venderà",
    "vende",
    "fornito",
    "fornirà",
    "fornisce",
    "consegnato",
    "concesso",
    "esportato",
    "inviato",
)
BUY_VERBS = (
    "acquistato",
    "acquisterà",
    "acquista",
    "comprato",
    "comprerà",
    "ordinato",
    "firmato",
    "speso",
    "spenderà",
    "ricevuto",
    "importato",
)
# Allocating names a recipient only when there is one ("stanziato alla Georgia"); with
# none, it spends ("il governo azero ha stanziato ... per la difesa").
GRANT_VERBS = ("stanziato", "stanzierà", "stanzia")
TRANSFER_NOUNS = ("aiut*", "fornitur*", "prestit*")
# Prepositions before who receives ("all'Armenia", "alla Georgia") and who supplies.
TO_WORDS = ("all'", "all’", "alla", "al", "agli", "ai")
FROM_WORDS = ("dall'", "dall’", "dalla", "dal", "dagli", "dai")
WITH_WORDS = ("con il", "con la", "con l'", "con")
QUALIFIERS_BEFORE: dict[str, str] = {
    "circa": "approximately", "quasi": "approximately", "oltre": "at_least",
    "più di": "at_least", "almeno": "at_least", "meno di": "at_most", "fino a": "at_most",
    "intorno ai": "approximately", "pari a circa": "approximately",
}  # fmt: skip
CONVERSION_CONNECTIVES = ("ovvero", "cioè", "pari a", "ossia")
SOURCE_BEFORE_WORDS = ("secondo", "stando a", "secondo i dati del", "secondo le stime del")
PERIOD_GAP_WORDS = ("nel", "entro il", "per il")
# Years named from the publication date ("l'anno prossimo": next year).
RELATIVE_YEARS: dict[str, int] = {
    "l'anno scorso": -1, "lo scorso anno": -1, "dell'anno scorso": -1, "quest'anno": 0,
    "l'anno prossimo": 1, "il prossimo anno": 1, "del prossimo anno": 1,
    "per il prossimo anno": 1, "dell'anno prossimo": 1, "nel prossimo anno": 1,
}  # fmt: skip
