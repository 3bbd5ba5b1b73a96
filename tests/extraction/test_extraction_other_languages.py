"""The extractor in Arabic, Polish, Serbian, Hungarian, Italian, Swedish, Azerbaijani and
Armenian (issue 16).

The sets in tests/eval (ar_gold.jsonl, pl_gold.jsonl ...) are new sentences written around
figure expressions typical of these languages' news about South Caucasus, Turkish and
Russian defence budgets and arms deals; the second half of each was scored once, before
the rules were tuned, as a held-out check (tests/eval/README.md). The thresholds are what
the extractor reaches on them less a margin. The rules each language needs are pinned
below with sentences of their own: Arabic-Indic digits and right-to-left text, proclitics,
the dual, the long scale, case endings, and that English is not read with their words.
Nothing here needs Django.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from articles.extraction import extract_figures
from articles.extraction.evaluation import EvaluationReport
from articles.extraction.figures import FigureMention
from articles.extraction.languages import extraction_reads

from .public_sets import language_rows, own_currency_values, rates_beside_english

LANGUAGES = ("ar", "pl", "sr", "hu", "it", "sv", "az", "hy")
MINIMUM_ROWS = {"ar": 60, "pl": 25, "sr": 25, "hu": 25, "it": 25, "sv": 25, "az": 24, "hy": 24}
# Armenian is read (hy_gold.jsonl) but not yet offered to editors (languages.py says why).
OFFERED = tuple(code for code in LANGUAGES if code != "hy")
SETS = LANGUAGES


def _money(text: str) -> list[FigureMention]:
    return [f for f in extract_figures(text) if f.currency]


def _only(text: str) -> FigureMention:
    figures = _money(text)
    assert len(figures) == 1, figures
    return figures[0]


# --- the sets ----------------------------------------------------------------------------


def test_each_set_is_large_enough_and_about_one_row_in_seven_is_a_negative(language: str):
    rows = language_rows(language)
    negatives = [r for r in rows if not any(f.get("currency") for f in r["figures"])]
    assert len(rows) >= MINIMUM_ROWS[language]
    assert len(rows) / 10 <= len(negatives) <= len(rows) / 4


def test_detection_f1_is_at_least_0_95(reports: dict[str, EvaluationReport], language: str):
    assert reports[language].f1 >= 0.95, reports[language].format_table()


def test_usd_value_accuracy_is_at_least_0_95(reports: dict[str, EvaluationReport], language: str):
    report = reports[language]
    assert report.value_accuracy is not None
    assert report.value_accuracy >= 0.95, report.format_table()


@pytest.mark.parametrize("attribute", ["subject", "metric", "period"])
def test_context_accuracy_is_at_least_0_90(
    reports: dict[str, EvaluationReport], language: str, attribute: str
):
    accuracy = getattr(reports[language], f"{attribute}_accuracy")
    assert accuracy is not None
    assert accuracy >= 0.90, reports[language].format_table()


def test_value_in_the_figures_own_currency_is_right(language: str):
    """The scorer reads dollars only; manats, drams, lari, rubles and liras are checked
    here against each figure's "value"."""
    scored, right = own_currency_values(language)
    assert scored >= 20
    assert right / scored >= 0.97


@pytest.mark.parametrize("code", OFFERED)
def test_these_languages_are_offered_as_read(code: str):
    assert extraction_reads(code)


def test_reading_these_languages_is_at_least_half_as_fast_as_english():
    english_rate, other_rate, cpu_seconds = rates_beside_english(LANGUAGES)
    assert cpu_seconds < 120
    assert other_rate >= english_rate / 2, (other_rate, english_rate)


# --- Arabic ------------------------------------------------------------------------------


def test_arabic_indic_digits_are_read_and_the_figure_keeps_them():
    sentence = "ووصلت الميزانية العسكرية الأذربيجانية في ٢٠٢٣ إلى ٣٫١ مليار دولار."
    figure = _only(sentence)
    assert figure.text == "٣٫١ مليار دولار"
    assert sentence[figure.start : figure.end] == figure.text
    assert (figure.value, figure.currency) == (Decimal("3100000000"), "USD")
    assert (figure.period_start, figure.period_end) == (2023, 2023)


def test_arabic_thousands_separator_groups_digits():
    assert _only("بلغت قيمة العقد ١٬٢٠٠ مليون دولار.").value == Decimal("1200000000")


def test_offsets_stay_right_with_bidirectional_marks_in_the_text():
    sentence = "\u200fقال الوزير إن أرمينيا أنفقت \u200e1.4 مليار دولار\u200e على الدفاع."
    figure = _only(sentence)
    assert sentence[figure.start : figure.end] == figure.text == "1.4 مليار دولار"
    assert figure.subject == "Armenia"


def test_the_dual_is_two_of_the_scale_without_a_number():
    assert _only("اشترت جورجيا منظومات بقيمة ملياري دولار.").value == Decimal("2000000000")
    assert _only("وبلغت قيمة الصفقة مليونا دولار.").value == Decimal("2000000")


@pytest.mark.parametrize(
    "sentence, text, value",
    [
        ("وبلغت قيمة الصفقة 3 مليارات و500 مليون دولار.", "3 مليارات و500 مليون دولار", "3.5E+9"),
        # "مليارا" before "و" is one billion (accusative), before its noun two (dual).
        ("وبلغت قيمة الصفقة مليارا و200 مليون دولار.", "مليارا و200 مليون دولار", "1.2E+9"),
        ("وبلغت قيمة الصفقة مليارا دولار.", "مليارا دولار", "2E+9"),
        ("وتبلغ ميزانية الدفاع الروسية 13.5 ألف مليار روبل.", "13.5 ألف مليار روبل", "1.35E+13"),
    ],
)
def test_arabic_chains_joined_by_wa_and_the_thousand_billion(sentence, text, value):
    figure = _only(sentence)
    assert (figure.text, figure.value) == (text, Decimal(value))


def test_a_joined_proclitic_is_not_part_of_the_figure():
    figure = _only("قدرت قيمة الصفقة بـ3.8 مليار دولار.")
    assert (figure.text, figure.value) == ("3.8 مليار دولار", Decimal("3800000000"))
    figure = _only("اشترت أذربيجان أسلحة بمليارات الدولارات.")
    assert figure.text == "مليارات الدولارات"
    assert figure.value is None and figure.low == Decimal("1000000000")


def test_a_number_word_after_a_proclitic_starts_the_figure():
    figure = _only("وقدر خبراء كلفة برنامج تحديث الجيش الأرميني بثلاثة مليارات دولار.")
    assert (figure.text, figure.value, figure.subject) == (
        "ثلاثة مليارات دولار",
        Decimal("3000000000"),
        "Armenia",
    )


def test_short_vowels_and_shadda_do_not_hide_a_word():
    figure = _only("وتشير التقديرات إلى أن إيران صدّرت إلى روسيا طائرات مسيّرة بقيمة مليار دولار.")
    assert (figure.subject, figure.metric) == ("Iran", "arms-exports")


@pytest.mark.parametrize(
    "sentence",
    [
        "خصصت أذَربيجان 3.1 مليار دولار للإنفاق العسكري في عام 2024.",  # fatha in the name
        "خصصت أذربيجان 3.1 مليار دولار للإنفاق العسكريّ في عام 2024.",  # shadda in the cue
        "خصصت أذربيـجان 3.1 مليار دولار للإنفـاق العسكري في عام 2024.",  # tatweels
    ],
)
def test_marks_on_a_name_or_a_cue_are_read_through(sentence):
    figure = _only(sentence)
    assert (figure.subject, figure.metric, figure.period_start) == (
        "Azerbaijan",
        "military-expenditure",
        2024,
    )


def test_names_are_read_with_their_proclitics_and_as_adjectives():
    figure = _only("بلغ الإنفاق العسكري لأذربيجان 3.8 مليار دولار في 2024.")
    assert (figure.subject, figure.metric) == ("Azerbaijan", "military-expenditure")
    figure = _only("وقال إن صادرات الصناعات الدفاعية التركية بلغت 7.1 مليار دولار.")
    assert (figure.subject, figure.metric) == ("Turkey", "arms-exports")


def test_who_supplies_after_min_and_who_receives_after_li():
    figure = _only("وتسلمت أذربيجان من تركيا طائرات مسيرة بقيمة 200 مليون دولار.")
    assert (figure.subject, figure.counterparty) == ("Azerbaijan", "Turkey")
    figure = _only("وتقدم الولايات المتحدة مساعدات عسكرية لإسرائيل بقيمة 3.8 مليار دولار.")
    assert (figure.subject, figure.metric) == ("Israel", "military-aid")


def test_a_verb_first_clause_names_its_subject_then_its_recipient():
    figure = _only("وباعت إسرائيل أذربيجان أسلحة بقيمة 5 مليارات دولار.")
    assert (figure.subject, figure.counterparty, figure.metric) == (
        "Azerbaijan",
        "Israel",
        "arms-deal",
    )
    # "باعتبار" (considering) begins like "باعت" (sold) and is no sale.
    assert _only("وباعتبار أن الإنفاق العسكري لأذربيجان بلغ 3 مليارات دولار.").metric == (
        "military-expenditure"
    )


def test_the_past_decade_is_not_a_contract():
    figure = _only("واشترت أذربيجان خلال العقد الماضي أسلحة بقيمة 5 مليارات دولار.")
    assert figure.metric == "arms-imports"
    assert _only("وتبلغ قيمة العقد الموقع 5 مليارات دولار.").metric == "arms-deal"


def test_two_years_named_with_the_dual_are_a_span():
    figure = _only("وبلغ الإنفاق العسكري 400 مليون دولار خلال عامي 2022 و2023 في أرمينيا.")
    assert (figure.period_start, figure.period_end) == (2022, 2023)
    figure = _only("وأنفقت أرمينيا على الدفاع 5 مليارات دولار من عام 2020 حتى 2024.")
    assert (figure.period_start, figure.period_end) == (2020, 2024)


# --- the long scale and the European languages -------------------------------------------


@pytest.mark.parametrize(
    "sentence, value",
    [
        ("Русија је у 2024. години потрошила на одбрану 10,8 билиона рубаља.", "1.08E+13"),
        ("Oroszország katonai kiadásai 2024-ben elérték a 10,8 billió rubelt.", "1.08E+13"),
        ("Wydatki wojskowe Rosji w 2024 roku sięgnęły 10,8 bln rubli.", "1.08E+13"),
        ("Rysslands militärutgifter uppgick 2024 till 10,8 biljoner rubel.", "1.08E+13"),
        ("Russia's military spending reached 10.8 bln rubles in 2024.", "1.08E+10"),
    ],
)
def test_long_scale_words_are_a_million_millions_and_english_bln_is_not(sentence, value):
    figure = _only(sentence)
    assert figure.value == Decimal(value)
    assert (figure.subject, figure.period_start) == ("Russia", 2024)


@pytest.mark.parametrize(
    "sentence, value",
    [
        ("Magyarország védelmi költségvetése 1,3 ezer milliárd forint.", "1.3E+12"),
        ("La spesa arriverà a 1,5 mila miliardi di rubli.", "1.5E+12"),
    ],
)
def test_a_thousand_billions_in_two_words_is_one_scale(sentence: str, value: str):
    assert _only(sentence).value == Decimal(value)


def test_abbreviations_inside_a_sentence_do_not_end_it():
    figure = _only("Azerbejdżan wydał ok. 3 mld dol. na uzbrojenie.")
    assert (figure.value, figure.currency) == (Decimal("3000000000"), "USD")
    assert (figure.subject, figure.metric) == ("Azerbaijan", "military-expenditure")


def test_polish_declined_names_give_their_roles():
    figure = _only("Według SIPRI Izrael dostarczył Azerbejdżanowi broń o wartości 2 mld dolarów.")
    assert (figure.subject, figure.metric) == ("Azerbaijan", "arms-imports")
    figure = _only("Budżet obronny Azerbejdżanu na 2025 rok wynosi 8,6 mld manatów.")
    assert (figure.subject, figure.metric, figure.period_start) == (
        "Azerbaijan",
        "military-expenditure",
        2025,
    )


def test_serbian_is_read_in_both_alphabets():
    cyrillic = _only("Извоз наоружања из Турске достигао је 7,1 милијарду долара у 2024. години.")
    assert (cyrillic.value, cyrillic.subject, cyrillic.metric) == (
        Decimal("7100000000"),
        "Turkey",
        "arms-exports",
    )
    latin = _only("Izrael je Azerbejdžanu prodao oružje u vrednosti od oko 2 milijarde dolara.")
    assert (latin.subject, latin.metric) == ("Azerbaijan", "arms-deal")


def test_hungarian_endings_on_names_years_and_currencies():
    figure = _only("Azerbajdzsán 1,2 milliárd manattal növelte védelmi költségvetését.")
    assert (figure.value, figure.currency) == (Decimal("1200000000"), "AZN")
    figure = _only("Izrael 2 milliárd dollár értékben adott el fegyvereket Azerbajdzsánnak.")
    assert figure.subject == "Azerbaijan"
    assert _only("Irán 2023-ban 10,3 milliárd dollárt költött a hadseregre.").period_start == 2023


@pytest.mark.parametrize(
    ("name", "with_it"),
    [("Oroszország", "Oroszországgal"), ("Izrael", "Izraellel"), ("Irán", "Iránnal"),
     ("Pécs", "Péccsel"), ("Grúzia", "Grúziával")],
)  # fmt: skip
def test_hungarian_with_doubles_a_final_consonant_once(name: str, with_it: str):
    from articles.extraction.wordforms.hungarian import inflect

    assert [form for form, cases in inflect(name).items() if cases == "i"] == [with_it]


def test_italian_elided_prepositions_and_sources():
    figure = _only("La Russia ha fornito all'Armenia armamenti per 400 milioni di dollari.")
    assert (figure.subject, figure.metric) == ("Armenia", "arms-imports")
    figure = _only("Secondo il SIPRI, la spesa militare dell'Iran è di 7,9 miliardi di dollari.")
    assert (figure.subject, figure.metric) == ("Iran", "military-expenditure")


def test_italian_a_after_ordering_is_the_supplier_not_the_recipient():
    figure = _only("L'Armenia ha ordinato alla Francia radar per 45 milioni di euro.")
    assert (figure.subject, figure.metric) == ("Armenia", "arms-deal")


def test_swedish_first_object_of_a_give_verb_receives():
    figure = _only("EU har beviljat Armenien militärt stöd på 10 miljoner euro.")
    assert (figure.subject, figure.metric) == ("Armenia", "military-aid")


def test_english_is_not_read_with_the_other_languages_words():
    # "according" begins with the Italian "accord-" (an agreement), "export" is a Swedish and
    # Polish stem: neither may turn English spending into a deal.
    figure = _only(
        "Azerbaijan's defense spending rose to $3.7 billion in 2024, according to SIPRI."
    )
    assert (figure.subject, figure.metric) == ("Azerbaijan", "military-expenditure")


@pytest.mark.parametrize(
    "sentence",
    [
        "وقال الوزير إن ميزانية الدفاع الأرمينية ستبلغ 1.9 مليار دولار في العام المقبل.",
        "Budżet obronny Armenii wzrośnie w przyszłym roku do 1,9 mld dolarów.",
        "Буџет за одбрану Јерменије биће следеће године повећан на 1,9 милијарди долара.",
        "Örményország védelmi költségvetése jövőre 1,9 milliárd dollárra nő.",
        "L'Armenia porterà il budget della difesa a 1,9 miliardi di dollari l'anno prossimo.",
        "Armeniens försvarsbudget ökar nästa år till 1,9 miljarder dollar.",
    ],
)
def test_next_year_is_counted_from_the_publication_date(sentence: str):
    figure = next(f for f in extract_figures(sentence, published=date(2025, 3, 1)) if f.currency)
    assert (figure.subject, figure.metric) == ("Armenia", "military-expenditure")
    assert (figure.period_start, figure.period_end) == (2026, 2026)


# --- Azerbaijani and Armenian ------------------------------------------------------------


def test_azerbaijani_endings_without_an_apostrophe_give_the_role():
    figure = _only("İsrail Azərbaycana 2 milyard dollardan çox silah satıb.")
    assert (figure.subject, figure.counterparty, figure.metric) == (
        "Azerbaijan",
        "Israel",
        "arms-deal",
    )
    assert (figure.value, figure.qualifier) == (Decimal("2000000000"), "at_least")


def test_azerbaijani_ordinal_year_is_a_period():
    figure = _only("Ermənistan 2024-cü ildə hərbi büdcəsini 1,4 milyard dollara çatdırıb.")
    assert (figure.subject, figure.metric, figure.period_start) == (
        "Armenia",
        "military-expenditure",
        2024,
    )


def test_armenian_amounts_names_and_sentences():
    text = (
        "ԱՄՆ-ը Վրաստանին 35 մլն դոլարի ռազմական օգնություն է տրամադրել։ "
        "Հայաստանը Հնդկաստանից ձեռք է բերել 400 մլն դոլարի զենք։"
    )
    aid, arms = _money(text)
    assert text[aid.start : aid.end] == aid.text == "35 մլն դոլարի"
    assert (aid.value, aid.currency, aid.subject, aid.metric) == (
        Decimal("35000000"),
        "USD",
        "Georgia",
        "military-aid",
    )
    assert (arms.subject, arms.counterparty, arms.metric) == ("Armenia", "India", "arms-imports")


def test_armenian_year_with_its_word_and_scale_from_cldr():
    figure = _only("2025 թվականին Հայաստանի պաշտպանության բյուջեն կկազմի 664 մլրդ դրամ։")
    assert (figure.value, figure.currency) == (Decimal("664000000000"), "AMD")
    assert (figure.subject, figure.metric, figure.period_start) == (
        "Armenia",
        "military-expenditure",
        2025,
    )


@pytest.mark.parametrize(
    "sentence, period",
    [
        (
            "L'India ha venduto all'Armenia armi per 1,5 miliardi di euro tra il 2020 e il 2024.",
            (2020, 2024),
        ),
        (
            "Jermenija je od 2020. do 2024. godine kupila oružje za 1,5 milijardi dolara.",
            (2020, 2024),
        ),
        ("Örményország 2020 és 2024 között 1,5 milliárd dollárért vett fegyvereket.", (2020, 2024)),
        ("Armenia między 2020 a 2024 rokiem kupiła broń za 1,5 mld dolarów.", (2020, 2024)),
        ("Armenien har köpt vapen från Indien för 600 miljoner dollar sedan 2020.", (2020, 2025)),
        ("وأنفقت أرمينيا على الدفاع 5 مليارات دولار منذ عام 2020.", (2020, 2025)),
        ("Örményország 2020 óta 1,5 milliárd dollárt költött fegyverekre.", (2020, 2025)),
    ],
)
def test_spans_of_years_and_since_in_the_other_languages(sentence: str, period: tuple[int, int]):
    figure = next(f for f in extract_figures(sentence, published=date(2025, 6, 1)) if f.currency)
    assert figure.subject == "Armenia"
    assert (figure.period_start, figure.period_end) == period


def test_allocating_with_no_recipient_is_spending():
    figure = _only("Il governo azero ha stanziato 5 miliardi di dollari per la difesa.")
    assert (figure.subject, figure.metric) == ("Azerbaijan", "military-expenditure")


# --- Poland, Hungary, Sweden and Indonesia -----------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "subject", "counterparty"),
    [
        # Polish: "Polska" declines as an adjective, "Węgry" is a plural.
        ("Polska przeznaczy na obronność 186 mld złotych w 2025 roku.", "Poland", None),
        ("Wydatki wojskowe Polski w 2024 roku sięgnęły 160 mld złotych.", "Poland", None),
        ("Stany Zjednoczone sprzedały Polsce czołgi o wartości 4,75 mld dolarów.", "Poland",
         "United States"),
        ("Węgry wydadzą na obronność 2 mld euro.", "Hungary", None),
        ("Indonezja kupiła od Francji samoloty za 8 mld dolarów.", "Indonesia", "France"),
        # Hungarian: the endings by vowel harmony.
        ("Magyarország 2025-ben 1,3 ezer milliárd forintot költ a honvédelemre.", "Hungary",
         None),
        ("Lengyelország 35 milliárd dollárt költ védelemre 2025-ben.", "Poland", None),
        ("Svédország védelmi költségvetése 2025-ben 11 milliárd dollár.", "Sweden", None),
        # Swedish: the genitive "-s" owns.
        ("Sverige ökar försvarsbudgeten till 120 miljarder kronor 2025.", "Sweden", None),
        ("Polens försvarsutgifter uppgick 2024 till 35 miljarder dollar.", "Poland", None),
        ("Ungerns försvarsbudget uppgår till 2 miljarder euro.", "Hungary", None),
        # Serbian, in both alphabets.
        ("Пољска ће за одбрану издвојити 35 милијарди долара у 2025. години.", "Poland", None),
        ("Mađarska je za odbranu izdvojila 2 milijarde evra.", "Hungary", None),
        # Italian, Azerbaijani, Arabic, Armenian.
        ("La Polonia spenderà 35 miliardi di dollari per la difesa nel 2025.", "Poland", None),
        ("La spesa militare della Svezia è di 11 miliardi di dollari.", "Sweden", None),
        ("Polşa 2025-ci ildə müdafiə xərclərini 35 milyard dollara çatdıracaq.", "Poland", None),
        ("İndoneziya hərbi büdcəsini 9 milyard dollara çatdırıb.", "Indonesia", None),
        ("بلغ الإنفاق العسكري لبولندا 35 مليار دولار في 2025.", "Poland", None),
        ("وبلغ الإنفاق العسكري للسويد 11 مليار دولار.", "Sweden", None),
        ("Լեհաստանը 2025 թվականին պաշտպանության վրա կծախսի 35 մլրդ դոլար։", "Poland", None),
    ],
)  # fmt: skip
def test_poland_hungary_sweden_and_indonesia_in_each_language(sentence, subject, counterparty):
    figure = _only(sentence)
    assert (figure.subject, figure.counterparty) == (subject, counterparty)


def test_a_serbian_future_with_its_infinitive_gives_the_recipient():
    figure = _only("Turska će Indoneziji prodati 48 lovaca za više od 10 milijardi dolara.")
    assert (figure.subject, figure.counterparty) == ("Indonesia", "Turkey")


def test_a_deal_with_a_partner_to_sell_makes_the_partner_the_buyer():
    figure = _only("وأبرمت أنقرة مع إندونيسيا صفقة لبيع 48 مقاتلة بقيمة 10 مليارات دولار.")
    assert (figure.subject, figure.counterparty) == ("Indonesia", "Turkey")
    # To buy, the one who deals is the buyer as before.
    figure = _only("وأبرمت إندونيسيا مع تركيا صفقة لشراء 48 مقاتلة بقيمة 10 مليارات دولار.")
    assert (figure.subject, figure.counterparty) == ("Indonesia", "Turkey")
