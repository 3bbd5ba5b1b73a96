"""What Armenian writes differently from English, as data the extractor reads.

Armenian news writes amounts as "664 մլրդ դրամ" and "1,6 միլիարդ դոլարի": the scale words
and full currency names come from CLDR (cldr.py); the bare currency nouns are listed here
with the endings Armenian joins to a noun: "-ի" (of, worth: "400 մլն դոլարի զենք"), "-ից"
(from), "-ով" (with, for: "1,5 մլրդ դոլարով"), the article "-ը/-ն", "-ում" (in). A noun
ending in a vowel takes a glide before them ("եվրոյի", "Թուրքիայից"). Names take the same
endings and the case they show is the role, with the letters of russian.py: "Վրաստանին"
(dative, with the article) receives, "Հնդկաստանից" (ablative) supplies, "Հայաստանի"
(genitive) owns. Sentences end with the Armenian full stop "։" (sentences.py).
"""

from __future__ import annotations

from .forms import forms_add, without_role

LOCALES = ("hy",)

_VOWELS = frozenset("աեէըիոօու")
# Ending -> case letters, after a consonant and after a vowel (with the glide "յ").
_ENDINGS: tuple[tuple[str, str, str], ...] = (
    ("", "", "n"),
    ("ը", "ն", "n"),
    ("ն", "ն", "n"),
    ("ի", "յի", "g"),
    ("ին", "յին", "d"),
    ("ից", "յից", "b"),
    ("ով", "յով", "i"),
    ("ում", "յում", "l"),
)


def inflect(word: str) -> dict[str, str]:
    """Every form of a noun with the endings news joins to it -> their case letters."""
    after_vowel = word[-1].lower() in _VOWELS
    forms: dict[str, str] = {}
    for consonant, vowel, cases in _ENDINGS:
        forms.setdefault(word + (vowel if after_vowel else consonant), cases)
    return forms


# --- currencies --------------------------------------------------------------------------

_CURRENCY_NOUNS: dict[str, str] = {
    "դոլար": "USD", "դրամ": "AMD", "մանաթ": "AZN", "ռուբլի": "RUB", "լարի": "GEL",
    "լիրա": "TRY", "եվրո": "EUR", "ռիալ": "IRR", "շեկել": "ILS", "յուան": "CNY",
}  # fmt: skip
CURRENCY_WORDS: dict[str, str] = {
    form: code for noun, code in _CURRENCY_NOUNS.items() for form in inflect(noun)
}
AMBIGUOUS_CURRENCY_WORDS = frozenset(f for f, code in CURRENCY_WORDS.items() if code == "TRY")


# --- entities ----------------------------------------------------------------------------

_ENTITY_NAMES: dict[str, tuple[str, ...]] = {
    "Armenia": ("Հայաստան", "Երևան", "Երեւան"),
    "Azerbaijan": ("Ադրբեջան", "Բաքու"),
    "Georgia": ("Վրաստան", "Թբիլիսի"),
    "Turkey": ("Թուրքիա", "Անկարա"),
    "Russia": ("Ռուսաստան", "Մոսկվա", "Կրեմլ", "ՌԴ"),
    "Iran": ("Իրան", "Թեհրան"),
    "Israel": ("Իսրայել",),
    "Pakistan": ("Պակիստան",),
    "United States": ("Ամերիկա", "Վաշինգտոն", "Միացյալ Նահանգներ"),
    "France": ("Ֆրանսիա", "Փարիզ"),
    "India": ("Հնդկաստան",),
    "China": ("Չինաստան",),
    "Ukraine": ("Ուկրաինա",),
    "Kazakhstan": ("Ղազախստան",),
    "Germany": ("Գերմանիա",),
    "Italy": ("Իտալիա",),
    "Greece": ("Հունաստան",),
    "Poland": ("Լեհաստան",),
    "Hungary": ("Հունգարիա",),
    "Sweden": ("Շվեդիա",),
    "Indonesia": ("Ինդոնեզիա",),
    "Serbia": ("Սերբիա",),
    "Belarus": ("Բելառուս",),
    "Nagorno-Karabakh": ("Արցախ", "Լեռնային Ղարաբաղ", "Ղարաբաղ"),
}
# Irregular forms: "Բաքվի" (of Baku), and the European Union, whose "-ություն" declines to
# "-ության".
_ENTITY_EXTRA: dict[str, dict[str, str]] = {
    "Azerbaijan": {"Բաքվի": "g", "Բաքվին": "d", "Բաքվից": "b"},
    "European Union": {
        "Եվրամիություն": "n", "Եվրամիությունը": "n", "Եվրամիության": "g",
        "Եվրամիությանը": "d", "Եվրամիությունից": "b", "ԵՄ": "n", "ԵՄ-ը": "n", "ԵՄ-ի": "g",
        "ԵՄ-ին": "d", "ԵՄ-ից": "b", "Եվրոպական միություն": "n", "Եվրոպական միությունը": "n",
        "Եվրոպական միության": "g",
    },
    "United States": {"ԱՄՆ": "n", "ԱՄՆ-ը": "n", "ԱՄՆ-ի": "g", "ԱՄՆ-ին": "d", "ԱՄՆ-ից": "b"},
    "NATO": {"ՆԱՏՕ": "n", "ՆԱՏՕ-ի": "g", "ՆԱՏՕ-ն": "n"},
    "SIPRI": {"SIPRI": "n", "SIPRI-ի": "g", "ՍԻՊՐԻ": "n"},
}  # fmt: skip
_ADJECTIVES: dict[str, tuple[str, ...]] = {
    "Armenia": ("հայկական",), "Azerbaijan": ("ադրբեջանական",), "Russia": ("ռուսական",),
    "Turkey": ("թուրքական",), "Iran": ("իրանական",), "Israel": ("իսրայելական",),
    "Georgia": ("վրացական",), "United States": ("ամերիկյան",), "France": ("ֆրանսիական",),
    "India": ("հնդկական",), "China": ("չինական",), "Pakistan": ("պակիստանյան",),
    "Ukraine": ("ուկրաինական",),
}  # fmt: skip


def _entity_forms() -> dict[str, dict[str, str]]:
    entities = forms_add({}, _ENTITY_NAMES, inflect)
    for entity, extra in _ENTITY_EXTRA.items():
        entities.setdefault(entity, {}).update(extra)
    # An adjective has no role; capitalised too, at a sentence's start.
    return forms_add(
        entities,
        _ADJECTIVES,
        lambda adjective: without_role(
            *(
                variant
                for form in inflect(adjective)
                for variant in (form, form[0].upper() + form[1:])
            )
        ),
    )


ENTITY_FORMS: dict[str, dict[str, str]] = _entity_forms()


# --- metrics -----------------------------------------------------------------------------

# Stems end in *; matched on lower-cased text.
METRIC_CUES: dict[str, tuple[str, ...]] = {
    "military-expenditure": (
        "ռազմական բյուջե*", "պաշտպանական բյուջե*", "պաշտպանության բյուջե*",
        "ռազմական ծախս*", "պաշտպանական ծախս*", "պաշտպանության ծախս*",
        "պաշտպանության և ազգային անվտանգության ծախս*", "պաշտպանությանը",
        "սպառազինության վրա", "բանակի վրա", "պաշտպանության ոլորտին",
    ),
    "arms-imports": (
        "զենքի ներմուծ*", "սպառազինության ներմուծ*", "զենքի գնում*",
        "սպառազինության ձեռքբերում*", "զենքի ձեռքբերում*",
    ),
    "arms-exports": (
        "զենքի արտահանում*", "պաշտպանական արդյունաբերության արտահանում*",
        "ռազմական արտադրանքի արտահանում*", "սպառազինության արտահանում*",
    ),
    "arms-deal": ("պայմանագ*", "գործարք*", "համաձայնագ*", "վաճառ*", "կվաճառի"),
    "military-aid": (
        "ռազմական օգնություն*", "ռազմական աջակցություն*", "խաղաղության եվրոպական հիմնադրամ*",
    ),
    "cooperation-volume": ("ռազմատեխնիկական համագործակցություն*", "ռազմական համագործակցություն*"),
}  # fmt: skip
WEAK_CUES: dict[str, tuple[str, ...]] = {
    "military-expenditure": ("բյուջե*", "ծախս*", "հատկաց*"),
    "arms-imports": ("ձեռք է բերել", "ձեռք բեր*", "գնել*", "գնեց*", "ներմուծ*", "մատակարար*",
                     "կմատակարարի"),
    "arms-exports": ("արտահան*",),
    "arms-deal": ("ստորագր*", "կնքել*", "պատվեր*"),
    "military-aid": ("օգնություն*", "աջակցություն*"),
}  # fmt: skip
DOMAIN_WORDS = (
    "ռազմական*", "պաշտպան*", "զենք*", "սպառազինություն*", "սպառազինության*", "զինված ուժեր*",
    "բանակ*", "հրթիռ*", "անօդաչու*", "կործանիչ*", "կորվետ*", "ռադար*", "հաուբից*",
    "հակաօդային*", "տեխնիկա*",
)  # fmt: skip
# Armenian puts the verb last, its auxiliary after ("վաճառել է"); its subject is the first
# party named in the nominative.
TRANSFER_VERBS = ("վաճառել", "կվաճառի", "մատակարարել", "կմատակարարի", "տրամադրել", "փոխանցել")
BUY_VERBS = ("ձեռք է բերել", "ձեռք կբերի", "գնել", "գնեց", "ստորագրել", "կնքել", "ծախսել")
GRANT_VERBS = ("հատկացրել", "կհատկացնի")
TRANSFER_NOUNS = ("օգնություն*", "վարկ*", "աջակցություն*")
QUALIFIERS_BEFORE: dict[str, str] = {
    "մոտ": "approximately", "շուրջ": "approximately", "մոտավորապես": "approximately",
    "ավելի քան": "at_least", "առնվազն": "at_least",
}  # fmt: skip
SOURCE_BEFORE_WORDS = ("ըստ",)
SOURCE_AFTER_WORDS = ("համաձայն",)
RELATIVE_YEARS: dict[str, int] = {
    "հաջորդ տարի": 1, "հաջորդ տարվա": 1, "գալիք տարի": 1, "նախորդ տարի": -1,
    "անցյալ տարի": -1, "այս տարի": 0, "ընթացիկ տարի": 0, "ընթացիկ տարվա": 0,
}  # fmt: skip
