"""What Arabic writes differently from English, as data the extractor reads.

Arabic news about the region's budgets and arms deals writes amounts as "3.8 مليار دولار"
or with Arabic-Indic digits "٣٫٨ مليار دولار" (those digits are turned into ASCII ones
before reading, character for character, by scanning.western_digits). Four things need
grammar rather than lists:

- Short words are written joined to the next one: "و" (and), "ب" (with, by), "ل" (for, of,
  to), "ف" (so), "ك" (as), and the article "ال". "لأذربيجان", "وتركيا", "بالدولار",
  "للدفاع": every name, cue and currency is read with them (`with_proclitics`), "ل" before
  the article dropping its alef ("ل" + "الدفاع" = "للدفاع").
- A country's adjective is its name with the nisba ending: "تركيا" -> "التركي",
  "التركية"; written from the stem of each name (`_NISBA_STEMS`).
- Nouns have a dual: "ملياري دولار" and "مليارا دولار" are two billion dollars, with no
  number written; plural scale words follow 3 to 10 ("5 مليارات دولار").
- Hamza seats are often left out in running text ("اسرائيل", "ايران"), so each name is
  also read without them.

CLDR (cldr.py) gives the scale words ("مليار", "ملايين") and full currency names ("دولار
أمريكي", "درام أرميني"); the bare nouns news writes after an amount are listed here.

The case letters of russian.py stand for roles here too: a name after "ل" is read as a
dative ("to, for": who receives, or whose budget), a bare name as a nominative that may
also follow "مع" (with).
"""

from __future__ import annotations

from decimal import Decimal

LOCALES = ("ar",)

# Proclitics written joined to the next word, in the combinations news uses.
_PROCLITICS = ("", "و", "ب", "ل", "ف", "ك", "وب", "ول", "فب", "فل", "وك")
_HAMZA_SEATS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا"})


def with_proclitics(word: str, proclitics: tuple[str, ...] = _PROCLITICS) -> dict[str, str]:
    """Every written form of `word` with a proclitic joined to it -> the proclitic.

    "ل" and "لل" before the article: "ل" + "الدفاع" is written "للدفاع".
    """
    forms: dict[str, str] = {}
    for clitic in proclitics:
        if clitic.endswith("ل") and word.startswith("ال"):
            forms.setdefault(clitic + word[1:], clitic)
        else:
            forms.setdefault(clitic + word, clitic)
    return forms


def _without_hamza(form: str) -> str:
    return form.translate(_HAMZA_SEATS)


# --- numbers -----------------------------------------------------------------------------

# Scale words beyond CLDR's: the plural after 3-10, the dual (two of the scale, with no
# number written), "بليون" (a billion in Egyptian usage). (value, singular)
_SCALE_LEMMAS: tuple[tuple[str, int, str], ...] = (
    ("ألف", 3, "one"), ("آلاف", 3, "plural"), ("ألفا", 3, "dual"), ("ألفي", 3, "dual"),
    ("ألفين", 3, "dual"), ("مليون", 6, "one"), ("ملايين", 6, "plural"),
    ("مليونا", 6, "dual"), ("مليوني", 6, "dual"), ("مليونين", 6, "dual"),
    ("مليار", 9, "one"), ("مليارات", 9, "plural"), ("مليارا", 9, "dual"),
    ("ملياري", 9, "dual"), ("مليارين", 9, "dual"), ("بليون", 9, "one"),
    ("بلايين", 9, "plural"), ("تريليون", 12, "one"), ("ترليون", 12, "one"),
    ("تريليونات", 12, "plural"), ("ترليونات", 12, "plural"), ("تريليونا", 12, "dual"),
    ("تريليوني", 12, "dual"), ("ألف مليار", 12, "one"),
)  # fmt: skip


def _scale_forms() -> tuple[dict[str, tuple[Decimal, bool]], dict[str, Decimal]]:
    """(scale words, their value and whether singular; dual forms, which are two of the
    scale on their own). A proclitic joined to a scale word that stands without a number
    ("بمليار دولار": with a billion dollars) is read by multilingual.py."""
    scales: dict[str, tuple[Decimal, bool]] = {}
    duals: dict[str, Decimal] = {}
    for lemma, power, number in _SCALE_LEMMAS:
        value = Decimal(10) ** power
        if number == "dual":
            duals[lemma] = value * 2
        else:
            # A plural alone is an order of magnitude: "مليارات الدولارات".
            scales[lemma] = (value, number == "one")
    return scales, duals


SCALE_WORDS, DUAL_SCALE_WORDS = _scale_forms()

# Number words before a scale ("خمسة مليارات", "نصف مليار"). Arabic numbers up to ten
# are a sum of words like Russian ones; the feminine and masculine forms are both written.
NUMBER_WORDS: dict[str, Decimal] = {
    word: Decimal(value)
    for value, words in (
        (1, ("واحد", "واحدة")), (3, ("ثلاثة", "ثلاث")), (4, ("أربعة", "أربع", "اربعة")),
        (5, ("خمسة", "خمس")), (6, ("ستة", "ست")), (7, ("سبعة", "سبع")),
        (8, ("ثمانية", "ثماني")), (9, ("تسعة", "تسع")), (10, ("عشرة", "عشر")),
        (20, ("عشرين", "عشرون")), (100, ("مئة", "مائة")), (200, ("مئتي", "مائتي")),
        (300, ("ثلاثمئة", "ثلاثمائة")), (500, ("خمسمئة", "خمسمائة")),
        ("0.5", ("نصف",)), ("0.25", ("ربع",)),
    )
    for word in words
}  # fmt: skip
MAGNITUDE_MULTIPLIERS: dict[str, Decimal] = {
    "مئات": Decimal(100), "عشرات": Decimal(10),
}  # fmt: skip


# --- currencies --------------------------------------------------------------------------


def _currency_forms() -> dict[str, str]:
    """Bare currency nouns after an amount, singular, plural and with the article
    ("مليارات الدولارات"), and the adjectives news adds ("دولار أمريكي", "دولار أميركي")."""
    nouns: dict[str, str] = {
        "دولار": "USD", "دولارا": "USD", "دولارات": "USD", "الدولارات": "USD",
        "دولار أمريكي": "USD", "دولار أميركي": "USD", "دولارات أمريكية": "USD",
        "دولارات أميركية": "USD", "الدولارات الأمريكية": "USD", "دولار امريكي": "USD",
        "مانات": "AZN", "منات": "AZN", "مانات أذربيجاني": "AZN", "مانات اذربيجاني": "AZN",
        "درام": "AMD", "درام أرميني": "AMD", "دراما": "AMD", "لاري": "GEL", "لاري جورجي": "GEL",
        "ليرة": "TRY", "ليرات": "TRY", "ليرة تركية": "TRY", "ليرات تركية": "TRY",
        "روبل": "RUB", "روبلات": "RUB", "روبل روسي": "RUB", "يورو": "EUR", "شيكل": "ILS",
        "شيكل إسرائيلي": "ILS", "ريال": "IRR", "ريال إيراني": "IRR", "ريال سعودي": "SAR",
        "تومان": "IRR", "روبية": "PKR", "روبية باكستانية": "PKR", "روبية هندية": "INR",
        "يوان": "CNY", "جنيه إسترليني": "GBP", "جنيه استرليني": "GBP", "هريفنيا": "UAH",
        "درهم": "AED", "دينار": "IQD", "جنيه": "EGP",
    }  # fmt: skip
    return {**nouns, **{f"ال{k}": v for k, v in nouns.items() if " " not in k}}


CURRENCY_WORDS: dict[str, str] = _currency_forms()
# Names several currencies share: the one this coverage means by default, flagged.
AMBIGUOUS_CURRENCY_WORDS = frozenset(
    f
    for f in CURRENCY_WORDS
    if f.removeprefix("ال") in ("ليرة", "ليرات", "ريال", "دينار", "جنيه", "روبية", "درهم")
)


# --- entities ----------------------------------------------------------------------------

# Canonical name -> its Arabic names (CLDR's territory name first, then capitals and the
# other spellings news uses).
_ENTITY_NAMES: dict[str, tuple[str, ...]] = {
    "Azerbaijan": ("أذربيجان", "آذربيجان", "باكو"),
    "Armenia": ("أرمينيا", "أرمينية", "يريفان"),
    "Georgia": ("جورجيا", "تبليسي"),
    "Turkey": ("تركيا", "أنقرة"),
    "Russia": ("روسيا", "موسكو", "الكرملين", "روسيا الاتحادية"),
    "Iran": ("إيران", "طهران"),
    "Israel": ("إسرائيل", "تل أبيب"),
    "Pakistan": ("باكستان", "إسلام آباد"),
    "United States": ("الولايات المتحدة", "الولايات المتحدة الأمريكية", "واشنطن", "أمريكا"),
    "France": ("فرنسا", "باريس"),
    "India": ("الهند", "نيودلهي"),
    "China": ("الصين", "بكين"),
    "Ukraine": ("أوكرانيا", "كييف"),
    "Belarus": ("بيلاروس", "بيلاروسيا", "مينسك"),
    "Serbia": ("صربيا", "بلغراد"),
    "Nagorno-Karabakh": ("ناغورنو كاراباخ", "قره باغ", "كاراباخ"),
    "Germany": ("ألمانيا", "برلين"),
    "United Kingdom": ("المملكة المتحدة", "بريطانيا", "لندن"),
    "Italy": ("إيطاليا", "روما"),
    "Greece": ("اليونان", "أثينا"),
    "Kazakhstan": ("كازاخستان", "أستانا"),
    "Syria": ("سوريا", "سورية", "دمشق"),
    "Iraq": ("العراق", "بغداد"),
    "Saudi Arabia": ("السعودية", "المملكة العربية السعودية", "الرياض"),
    "United Arab Emirates": ("الإمارات", "الإمارات العربية المتحدة", "أبوظبي"),
    "Egypt": ("مصر", "القاهرة"),
    "Poland": ("بولندا", "وارسو"),
    "Hungary": ("المجر", "بودابست"),
    "Sweden": ("السويد",),
    "Indonesia": ("إندونيسيا", "جاكرتا"),
    "SIPRI": ("معهد ستوكهولم الدولي لأبحاث السلام", "سيبري"),
    "NATO": ("الناتو", "حلف شمال الأطلسي"),
    "European Union": ("الاتحاد الأوروبي",),
}
# The stem an adjective of the country is made from ("التركية", "الأذربيجاني").
_NISBA_STEMS: dict[str, tuple[str, ...]] = {
    "Azerbaijan": ("أذربيجان", "آذربيجان", "أذري"), "Armenia": ("أرمين",),
    "Georgia": ("جورج",), "Turkey": ("ترك",), "Russia": ("روس",), "Iran": ("إيران",),
    "Israel": ("إسرائيل",), "Pakistan": ("باكستان",), "United States": ("أمريك", "أميرك"),
    "France": ("فرنس",), "India": ("هند",), "China": ("صين",), "Ukraine": ("أوكران",),
    "Serbia": ("صرب",), "Germany": ("ألمان",), "United Kingdom": ("بريطان",),
    "Greece": ("يونان",), "Syria": ("سور",), "Iraq": ("عراق",), "Egypt": ("مصر",),
    "Poland": ("بولند",), "Hungary": ("مجر",), "Sweden": ("سويد",), "Indonesia": ("إندونيس",),
}  # fmt: skip
_NISBA_ENDINGS = ("ي", "ية", "يين", "يون", "يتين", "يان")


def _entity_forms() -> dict[str, dict[str, str]]:
    """Canonical entity -> {written form: case letters}: "d" after "ل", "ni" for a bare
    name (a verb's subject, or after "مع"), "" for an adjective or other proclitics."""
    entities: dict[str, dict[str, str]] = {}
    for entity, names in _ENTITY_NAMES.items():
        forms = entities.setdefault(entity, {})
        for name in names:
            for spelled in {name, _without_hamza(name)}:
                for form, clitic in with_proclitics(spelled).items():
                    cases = "ni" if clitic == "" else "d" if clitic.endswith("ل") else ""
                    forms.setdefault(form, cases)
    for entity, stems in _NISBA_STEMS.items():
        forms = entities.setdefault(entity, {})
        for stem in stems:
            for spelled in {stem, _without_hamza(stem)}:
                for ending in _NISBA_ENDINGS:
                    for word in (spelled + ending, "ال" + spelled + ending):
                        for form in with_proclitics(word):
                            forms.setdefault(form, "")
    return entities


ENTITY_FORMS: dict[str, dict[str, str]] = _entity_forms()


# --- metrics -----------------------------------------------------------------------------


def _cues(*phrases: str, article: bool = True) -> tuple[str, ...]:
    """Each cue with the proclitics its first word may carry ("والإنفاق العسكري"), and
    with the article when it is a noun written without one ("صفق*" -> "الصفقة")."""
    cues: list[str] = []
    for phrase in phrases:
        first, _, rest = phrase.partition(" ")
        firsts = [first]
        if article and not first.startswith("ال"):
            firsts.append("ال" + first)
        for head in firsts:
            for form in with_proclitics(head):
                for spelled in {form, _without_hamza(form)}:
                    cues.append(f"{spelled} {rest}".strip())
    return tuple(dict.fromkeys(cues))


# Stems end in *: Arabic adds its endings ("ميزانيتها", "العسكرية") to the stem.
METRIC_CUES: dict[str, tuple[str, ...]] = {
    "military-expenditure": _cues(
        "الإنفاق العسكري*", "الإنفاق الدفاعي*", "إنفاق* عسكري*", "إنفاق* دفاعي*",
        "النفقات العسكري*", "النفقات الدفاعي*", "نفقات* عسكري*", "نفقات* الدفاع*",
        "ميزاني* الدفاع*", "ميزاني* العسكري*", "ميزاني* عسكري*", "ميزاني* دفاعي*",
        "الميزاني* الدفاعي*", "الميزاني* العسكري*", "ميزاني* وزار* الدفاع*",
        "موازن* الدفاع*", "موازن* العسكري*", "موازن* وزار* الدفاع*", "الموازن* العسكري*",
        "الموازن* الدفاعي*", "المخصصات العسكري*", "مخصصات* الدفاع*", "الدفاع والأمن*",
        "قطاع الدفاع", "على الدفاع", "على جيش*", "على الجيش", "الدفاع الوطني",
    ),
    "arms-imports": _cues(
        "واردات* الأسلح*", "واردات* السلاح", "استيراد* الأسلح*", "استيراد* السلاح",
        "شراء أسلح*", "شراء الأسلح*", "مشتريات* الأسلح*", "مشتريات* السلاح",
    ),
    "arms-exports": _cues(
        "صادرات* الأسلح*", "صادرات* السلاح", "صادرات* الصناعات الدفاعي*",
        "صادرات* الصناعات العسكري*", "صادرات* دفاعي*", "الصادرات الدفاعي*",
        "الصادرات العسكري*", "تصدير* الأسلح*", "صادرات* من الأسلح*",
    ),
    # The verb "باع" (sold) in its forms, not as a stem: "باعتبار" is "considering".
    "arms-deal": _cues(
        "صفق*", "عقد", "عقدا", "العقد", "عقود", "العقود", "اتفاقي*", "بيع*", "باع", "باعت",
        "باعتها", "باعوا", "تبيع", "يبيع", "ستبيع", "سيبيع",
    ),
    "military-aid": _cues(
        "مساعد* عسكري*", "المساعد* العسكري*", "معون* عسكري*", "المعون* العسكري*",
        "مساعد* أمني*", "مساعد* دفاعي*", "صندوق السلام*", "مرفق السلام*",
    ),
    "cooperation-volume": _cues(
        "التعاون العسكري التقني", "التعاون العسكري*", "التعاون الدفاعي*",
        "تعاون* عسكري*", "التعاون العسكري-التقني",
    ),
}  # fmt: skip
# "العقد" is also "the decade": "خلال العقد الماضي" is no contract. "للدفاع" before
# "الجوي" is air defence, a weapon, not the defence budget.
NOT_CUES = _cues(
    "العقد الماضي", "العقد الأخير", "العقد المقبل", "العقد القادم", "العقد الحالي",
    "العقد الأول", "العقود الماضية", "العقود الأخيرة", "العقود المقبلة", "الدفاع الجوي",
)  # fmt: skip
WEAK_CUES: dict[str, tuple[str, ...]] = {
    "military-expenditure": _cues(
        "للدفاع",
        "ميزاني*",
        "موازن*",
        "الميزاني*",
        "الموازن*",
        "إنفاق*",
        "الإنفاق",
        "أنفق*",
        "تنفق*",
        "ينفق*",
        "خصص*",
        "رصد*",
        "مخصصات*",
        "وزار* الدفاع*",
    ),
    "arms-imports": _cues(
        "واردات*",
        "استيراد*",
        "اشتر*",
        "تسلم*",
        "شراء",
        "استورد*",
        "زود*",
        "توريد*",
    ),
    "arms-exports": _cues("صادرات*", "تصدير*", "صدر*"),
    "arms-deal": _cues("طلبي*", "وقع*", "ثمن*"),
    "military-aid": _cues("مساعد*", "منح*", "معون*"),
}
DOMAIN_WORDS: tuple[str, ...] = _cues(
    "عسكري*", "العسكري*", "دفاع*", "الدفاع*", "أسلح*", "الأسلح*", "سلاح*", "السلاح*",
    "جيش*", "الجيش*", "مقاتل*", "طائر*", "مسير*", "صواريخ*", "دبابات*", "منظوم*",
    "مدافع*", "رادار*", "ذخائر*", "الأمن*", "تسلح*", "التسلح*", "صاروخي*", "الصاروخي*",
    "المنظوم*", "المقاتل*", "الطائر*", "المسير*", "الصواريخ*", "الدبابات*", "المدافع*",
    "الرادار*", "الذخائر*", "سفن حربي*", "مروحي*", "المروحي*", "مدفعي*", "المدفعي*",
    "القوات المسلح*", "حربي*", "الحربي*", "فرقاط*", "الفرقاط*", "غواص*", "الغواص*",
    "سفن*", "السفن*", "كورفيت*", "قاذف*", "دفاع جوي", "الدفاع الجوي",
)  # fmt: skip

# Verbs that move arms or money to another party, and that acquire them, as stems with
# the proclitic "و" ("وباعت"). Arabic puts the verb first; its subject follows it.
TRANSFER_VERBS = _cues(
    "باع", "باعت", "باعتها", "يبيع*", "تبيع*", "زود*", "تزود*", "سلم*", "قدم*", "تقدم*", "يقدم*",
    "منح*", "تمنح*", "يمنح*", "أرسل*", "صدر*", "وردت*", "ورد*",
    article=False,
)  # fmt: skip
BUY_VERBS = _cues(
    "اشترى*", "اشترت*", "يشتري*", "تشتري*", "استورد*", "تستورد*", "يستورد*", "تسلمت*",
    "تسلم*", "حصلت*", "حصل*", "أنفق*", "تنفق*", "ينفق*",
    article=False,
)  # fmt: skip
GRANT_VERBS = _cues("خصص*", "تخصص*", "يخصص*", "رصد*", "ترصد*", article=False)
TRANSFER_NOUNS = _cues("مساعد*", "قرض*", "منح*", "معون*", "مساعدات*")
ARMS_NOUNS: tuple[str, ...] = ()
# Prepositions before the party an arms flow comes from ("من إسرائيل"), and that is on the
# other side of a deal ("مع باكستان").
FROM_WORDS = ("من",)
WITH_WORDS = ("مع",)
# After the partner: a deal "to sell" ("صفقة لبيع") is a sale to it.
SALE_TO_PARTNER_WORDS = ("صفقة لبيع", "اتفاقية لبيع", "عقد لبيع", "لبيع")
# Verbs whose object is who receives ("زودت يريفان بأسلحة": supplied Yerevan with arms).
DIRECT_RECIPIENT_VERBS = _cues("زود*", "منح*", "سلم*", "أعطى", "أعطت", "باع", "باعت", article=False)
SOURCE_BEFORE_WORDS = _cues("بحسب", "حسب", "وفقا ل", "وفقاً ل", "طبقا ل", "نقلا عن", article=False)
PERIOD_GAP_WORDS = ("في", "عام", "في عام", "لعام", "خلال عام", "في العام", "العام")

_QUALIFIERS: dict[str, str] = {
    "نحو": "approximately", "حوالي": "approximately", "حوالى": "approximately",
    "قرابة": "approximately", "ما يقارب": "approximately", "تقارب": "approximately",
    "يقارب": "approximately", "زهاء": "approximately", "أكثر من": "at_least",
    "ما يزيد على": "at_least", "ما يزيد عن": "at_least", "أقل من": "at_most",
    "ما لا يقل عن": "at_least",
}  # fmt: skip
# "بنحو 3 مليارات": a proclitic may be joined to the qualifier's first word.
QUALIFIERS_BEFORE: dict[str, str] = {
    f"{form} {rest}".strip(): meaning
    for phrase, meaning in _QUALIFIERS.items()
    for first, _, rest in [phrase.partition(" ")]
    for form in with_proclitics(first, ("", "و", "ب", "وب"))
}
CONVERSION_CONNECTIVES = ("أي", "أي ما يعادل", "ما يعادل", "أو", "بما يعادل", "أي نحو")
# Years named from the publication date ("العام المقبل": next year), with their proclitics
# ("للعام المقبل": for next year).
RELATIVE_YEARS: dict[str, int] = {
    f"{form} {rest}".strip(): offset
    for phrase, offset in {
        "العام الماضي": -1, "العام المنصرم": -1, "السنة الماضية": -1, "العام السابق": -1,
        "العام الحالي": 0, "العام الجاري": 0, "هذا العام": 0, "السنة الحالية": 0,
        "العام المقبل": 1, "العام القادم": 1, "السنة المقبلة": 1, "السنة القادمة": 1,
    }.items()
    for first, _, rest in [phrase.partition(" ")]
    for form in with_proclitics(first, ("", "و", "ب", "ل", "ول"))
}  # fmt: skip
