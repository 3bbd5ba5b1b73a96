"""Specifications of the figure extractor (articles/extraction), one behaviour per test.

The sentences are written for these tests, not taken from the seed articles, so that the
rules are shown to generalise. Nothing here needs Django.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from articles.extraction import DEFAULT_LEXICON, FigureMention, Lexicon, extract_figures
from articles.extraction.lexicon import CAPITALS, lexicon_index
from articles.extraction.scanning import trie_pattern

B = Decimal(1_000_000_000)
M = Decimal(1_000_000)


def figures(text: str, **kwargs: Any) -> list[FigureMention]:
    found = extract_figures(text, **kwargs)
    for figure in found:
        assert figure.text == text[figure.start : figure.end]
    return found


def only(text: str, **kwargs: object) -> FigureMention:
    found = figures(text, **kwargs)
    assert len(found) == 1, [f.text for f in found]
    return found[0]


def money(text: str, **kwargs: object) -> list[FigureMention]:
    return [f for f in figures(text, **kwargs) if f.currency is not None]


# --- money: the forms the press writes ---------------------------------------------------


def test_dollar_sign_with_scale_word_is_a_usd_amount():
    figure = only("Georgia spent $2.2 billion on new air defences.")
    assert (figure.text, figure.value, figure.currency) == ("$2.2 billion", 2_200 * M, "USD")
    assert figure.qualifier == "exact"
    assert (figure.low, figure.high) == (None, None)


def test_decimal_comma_before_scale_word_is_a_decimal_point():
    figure = only("Last year Serbia bought weapons for $3,4 billion.")
    assert figure.text == "$3,4 billion"
    assert figure.value == Decimal("3.4") * B


@pytest.mark.parametrize(
    ("sentence", "value"),
    [
        ("Hungary will spend 1,300 billion forints on defence next year.", 1_300 * B),
        ("The defence ministry will get HUF 1,000 billion.", 1_000 * B),
        ("Islamabad set aside Rs2,128 billion for defence.", 2_128 * B),
        ("Astana spent 1,200 billion tenge on the army.", 1_200 * B),
        ("Russia's defence budget is 9,400 billion roubles.", 9_400 * B),
        # In dollars and manats the same shape is translated news's decimal comma.
        ("Baku's arms purchases came to 1,378 billion USD.", Decimal("1.378") * B),
        ("Defence got 3,853 billion manats.", Decimal("3.853") * B),
    ],
)
def test_a_comma_before_three_digits_and_billion_groups_thousands_only_in_small_units(
    sentence, value
):
    assert money(sentence)[0].value == value


@pytest.mark.parametrize(
    ("sentence", "first", "currency"),
    [
        ("Military expenses rose from 39,8 million to 651 million dollars.", "39,8 million", "USD"),
        ("Spending grew from 2.5 billion to 3.1 billion manats.", "2.5 billion", "AZN"),
        ("The deal is worth 8 billion or 9 billion euros.", "8 billion", "EUR"),
        ("Outlays went from 900 million to about 1.2 billion lari.", "900 million", "GEL"),
    ],
)
def test_an_amount_joined_to_the_next_shares_its_currency(sentence, first, currency):
    found = money(sentence)
    assert (found[0].text, found[0].currency) == (first, currency)
    assert len(found) == 2


@pytest.mark.parametrize(
    ("sentence", "second", "currency", "value"),
    [
        (
            "Baku allocated 8.7 billion manats to defence, compared with 8.4 billion in 2025.",
            "8.4 billion", "AZN", Decimal("8.4") * B,
        ),
        (
            "Military spending rose to $3.7 billion, up from 2.2 billion in 2020.",
            "2.2 billion", "USD", Decimal("2.2") * B,
        ),
        (
            "The defence budget is 560 billion drams, down from 664 billion this year.",
            "664 billion", "AMD", 664 * B,
        ),
        (
            "Yerevan will spend 1 billion 455 million dollars, down from 1 billion 717 million.",
            "1 billion 717 million", "USD", 1_717 * M,
        ),
        # The level a change measured by a sum reached.
        (
            "Spending increased by 412 billion hryvnia to 2.63 trillion in July.",
            "2.63 trillion", "UAH", Decimal("2630") * B,
        ),
        (
            "Azerbaijan's defence budget rose by 500 million manats to 8.7 billion in 2025.",
            "8.7 billion", "AZN", Decimal("8.7") * B,
        ),
    ],
)  # fmt: skip
def test_a_sum_compared_with_an_earlier_one_may_leave_out_its_currency(
    sentence, second, currency, value
):
    found = money(sentence)
    assert (found[1].text, found[1].currency, found[1].value) == (second, currency, value)


@pytest.mark.parametrize(
    "sentence",
    [
        "Baku raised $5 million from 2 million donors.",
        "Baku spent $2 billion, and 3 million people voted.",
        "Spending rose by $2 billion to 2025 levels.",
        "Baku gave $2 billion to 3 million people.",
    ],
)
def test_a_bare_number_not_compared_with_a_sum_is_not_money(sentence):
    assert len(money(sentence)) == 1


def test_a_thousand_joined_to_a_sum_is_not_money():
    assert [f.text for f in money("The army has 45 thousand and 3 million dollars.")] == [
        "3 million dollars"
    ]


def test_markdown_escaped_dollar_span_starts_at_the_dollar_sign():
    text = r"Kazakhstan reportedly paid \$14.5 billion for the programme."
    figure = only(text)
    assert figure.text == "$14.5 billion"
    assert text[figure.start - 1] == "\\"
    assert figure.value == Decimal("14.5") * B


def test_us_dollar_prefix_with_bn_abbreviation():
    figure = only("The navy's budget reached US$4.1bn.")
    assert (figure.text, figure.value, figure.currency) == ("US$4.1bn", Decimal("4.1") * B, "USD")


def test_iso_code_before_the_amount():
    figure = only("Ankara signed for USD 1.7 billion of engines.")
    assert (figure.text, figure.value, figure.currency) == (
        "USD 1.7 billion",
        Decimal("1.7") * B,
        "USD",
    )


@pytest.mark.parametrize(
    ("text", "written", "value", "currency"),
    [
        ("Turkey set aside TL 1.6 trillion for defence.", "TL 1.6 trillion", "1.6e12", "TRY"),
        ("The ministry gets TL47 billion next year.", "TL47 billion", "4.7e10", "TRY"),
        ("Jakarta allocated Rp 139 trillion to defence.", "Rp 139 trillion", "1.39e14", "IDR"),
        ("Malaysia gave RM19.7 billion to defence.", "RM19.7 billion", "1.97e10", "MYR"),
    ],
)
def test_a_local_abbreviation_before_the_amount(text, written, value, currency):
    figure = only(text)
    assert (figure.text, figure.value, figure.currency) == (written, Decimal(value), currency)


@pytest.mark.parametrize("text", ["He wrote ATL 5 times.", "The TLS 1.3 standard.", "tl 5 m"])
def test_a_local_abbreviation_is_one_only_as_written(text):
    assert not [f for f in extract_figures(text) if f.currency]


@pytest.mark.parametrize("written", ["$512 million", "$512m", "$512 mln", "$512mn"])
def test_million_written_as_word_or_abbreviation(written: str):
    figure = only(f"The order is worth {written} in total.")
    assert figure.text == written
    assert figure.value == 512 * M


def test_currency_name_after_the_amount():
    figure = only("Minsk received 1.3 billion dollars in credits.")
    assert (figure.text, figure.value, figure.currency) == (
        "1.3 billion dollars",
        Decimal("1.3") * B,
        "USD",
    )


def test_euro_sign():
    figure = only("Paris pledged €3 billion in support.")
    assert (figure.text, figure.value, figure.currency) == ("€3 billion", 3 * B, "EUR")


def test_roubles_and_trillion():
    figure = only("The ministry plans to spend 6.4 trillion rubles next year.")
    assert figure.currency == "RUB"
    assert figure.value == Decimal("6.4") * 1000 * B


def test_manats_are_azerbaijani():
    figure = only("Baku set aside 4.8 billion manats for the army.")
    assert (figure.currency, figure.value) == ("AZN", Decimal("4.8") * B)


def test_thousands_separators_with_a_currency():
    figure = only("The contract was valued at 2,750,000 euros.")
    assert (figure.text, figure.value, figure.currency) == ("2,750,000 euros", 2_750_000, "EUR")


def test_number_words_before_a_currency_name():
    figure = only("Officials spoke of two billion dollars in new orders.")
    assert (figure.text, figure.value, figure.currency) == (
        "two billion dollars",
        2 * B,
        "USD",
    )


@pytest.mark.parametrize(
    ("words", "value"),
    [
        ("one and a half billion dollars", Decimal("1.5") * B),
        ("a billion and a half dollars", Decimal("1.5") * B),
        ("two and three quarters million dollars", Decimal("2.75") * M),
        ("five and one quarter billion dollars", Decimal("5.25") * B),
        ("one quarter million dollars", Decimal("0.25") * M),
        ("a million and a quarter dollars", Decimal("1.25") * M),
        ("three quarters billion dollars", Decimal("0.75") * B),
        ("one hundred and twenty billion dollars", 120 * B),
    ],
)
def test_fractions_in_number_words_keep_the_whole_number(words, value):
    figure = only(f"Turkey paid {words} for the S-400 system.")
    assert (figure.text, figure.value) == (words, value)


def test_space_between_symbol_and_digits():
    figure = only("a $ 85 million bond issue")
    assert (figure.text, figure.value) == ("$ 85 million", 85 * M)


def test_lowercase_c_dollar_is_canadian():
    figure = only("the frigate refit costs c $ 12.5 million")
    assert (figure.text, figure.currency) == ("c $ 12.5 million", "CAD")


def test_national_adjective_names_the_currency():
    figure = only("the yard was sold for 310 million finnish markka")
    assert (figure.text, figure.currency) == ("310 million finnish markka", "FIM")
    swiss = only("He paid 45,000 Swiss francs in fees.")
    assert swiss.currency == "CHF"


def test_pounds_sterling_are_money_but_pounds_of_explosives_are_a_weight():
    assert only("The MoD spent £45m on the trial.").currency == "GBP"
    assert only("Profit rose to 210 million pounds.").value == 210 * M
    assert money("The truck carried 500 pounds of explosives.") == []


def test_subunits_are_converted_to_the_main_currency():
    cents = only("The fuel surcharge rose 35 cents a litre.")
    assert (cents.currency, cents.value) == ("USD", Decimal("0.35"))
    pence = only("Shares closed at 412 pence.")
    assert (pence.currency, pence.value) == ("GBP", Decimal("4.12"))


def test_yen_after_the_amount():
    figure = only("The destroyer cost 173 billion yen.")
    assert (figure.currency, figure.value) == ("JPY", 173 * B)


def test_dollars_and_cents_said_in_words_make_one_amount():
    figure = only("The souvenir cost twelve dollars and thirty cents.")
    assert figure.text == "twelve dollars and thirty cents"
    assert figure.value == Decimal("12.30")


def test_hyphenated_scale_word_is_part_of_the_amount():
    found = figures("Ottawa signed a $2.5-billion deal and a $5-million study.")
    assert [(f.text, f.value) for f in found] == [
        ("$2.5-billion", Decimal("2.5") * B),
        ("$5-million", 5 * M),
    ]


def test_chained_indian_scale_words_multiply():
    figure = only("The defence allocation is Rs 6.21 lakh crore.")
    assert (figure.text, figure.currency) == ("Rs 6.21 lakh crore", "INR")
    assert figure.value == Decimal("6.21") * 100_000 * 10_000_000


@pytest.mark.parametrize(
    ("sentence", "currency"),
    [
        ("Pakistan raised its allocation for the armed forces to Rs2.55 trillion.", "PKR"),
        ("Islamabad's defence spending rose to 2.1 trillion rupees.", "PKR"),
        ("India's defence budget is Rs 6.81 lakh crore.", "INR"),
        ("Iran's military budget rose to 1,500 trillion rials.", "IRR"),
        ("Tehran allocated 900 trillion riyals to the armed forces.", "IRR"),
        ("Armenia signed a deal worth 6,000 crore rupees.", "INR"),
    ],
)
def test_a_currency_name_shared_by_several_is_the_one_of_the_figures_country(sentence, currency):
    assert money(sentence)[0].currency == currency


def test_m_prefixed_code_means_millions():
    figure = only("Revenue reached 42 MUSD in the first half.")
    assert (figure.currency, figure.value) == ("USD", 42 * M)


# --- qualifiers, ranges, magnitudes ------------------------------------------------------


@pytest.mark.parametrize(
    "word", ["about", "around", "some", "nearly", "almost", "roughly", "approximately"]
)
def test_approximation_words_make_the_figure_approximate(word: str):
    figure = only(f"The deal is worth {word} $3 billion.")
    assert figure.qualifier == "approximately"
    assert figure.value == 3 * B
    assert (figure.low, figure.high) == (None, None)
    assert figure.text == "$3 billion"


@pytest.mark.parametrize("words", ["more than", "over", "at least"])
def test_lower_bound_words_set_low(words: str):
    figure = only(f"Kyiv received {words} $5 billion in aid.")
    assert figure.qualifier == "at_least"
    assert (figure.value, figure.low, figure.high) == (5 * B, 5 * B, None)


@pytest.mark.parametrize("words", ["up to", "less than", "under"])
def test_upper_bound_words_set_high(words: str):
    figure = only(f"The package is {words} $900 million.")
    assert figure.qualifier == "at_most"
    assert (figure.value, figure.low, figure.high) == (900 * M, None, 900 * M)


def test_dash_between_two_numbers_is_a_range_sharing_the_scale():
    figure = only("Analysts put the cost at $4–6 billion.")
    assert (figure.text, figure.qualifier) == ("$4–6 billion", "range")
    assert (figure.value, figure.low, figure.high) == (None, 4 * B, 6 * B)


def test_between_two_amounts_is_a_range():
    figure = only("The order is valued between $2 billion and $3.5 billion.")
    assert figure.text == "$2 billion and $3.5 billion"
    assert (figure.qualifier, figure.low, figure.high) == ("range", 2 * B, Decimal("3.5") * B)


def test_amount_to_amount_is_a_range_but_from_amount_to_amount_is_a_change():
    estimate = only("Estimates range $700 million to $900 million.")
    assert (estimate.low, estimate.high, estimate.value) == (700 * M, 900 * M, None)
    change = money("Spending rose from $700 million to $900 million.")
    assert [f.value for f in change] == [700 * M, 900 * M]


def test_hundreds_of_millions_of_dollars_is_a_range_without_a_single_value():
    figure = only("The radars are worth hundreds of millions of dollars.")
    assert figure.text == "hundreds of millions of dollars"
    assert (figure.qualifier, figure.value) == ("range", None)
    assert (figure.low, figure.high) == (100 * M, 1000 * M)
    assert figure.currency == "USD"


def test_tens_of_billions_of_rubles_is_a_range():
    figure = only("Contracts worth tens of billions of rubles were signed.")
    assert (figure.currency, figure.low, figure.high) == ("RUB", 10 * B, 100 * B)


def test_count_and_price_in_one_sentence_are_two_figures():
    found = figures("Belgrade ordered 12 Rafale fighter jets for a combined $2.9 billion.")
    assert [f.text for f in found] == ["12 Rafale fighter jets", "$2.9 billion"]
    jets, price = found
    assert (jets.value, jets.unit, jets.currency) == (12, "fighter jets", None)
    assert (price.value, price.currency) == (Decimal("2.9") * B, "USD")


# --- counts ------------------------------------------------------------------------------


def test_count_with_model_name_keeps_the_head_noun_as_unit():
    figure = only("Minsk is due to receive around 40 T-72 tanks.")
    assert (figure.text, figure.value, figure.unit) == ("40 T-72 tanks", 40, "tanks")
    assert figure.qualifier == "approximately"
    assert figure.metric == "equipment-count"
    assert figure.currency is None


def test_compound_unit_nouns_win_over_their_last_word():
    figure = only("Berlin delivered 18 Leopard armored vehicles to Kyiv.")
    assert (figure.unit, figure.value) == ("armored vehicles", 18)


def test_planeloads_and_soldiers_are_counted():
    assert only("As many as 65 planeloads of ammunition arrived.").unit == "planeloads"
    assert only("The clashes left 150 soldiers dead.").unit == "soldiers"


@pytest.mark.parametrize(
    "text",
    [
        "In 2024, the ministry met twice.",
        "On November 15, 2023, the Senate voted.",
        "Serbia is the 16th biggest buyer in the region.",
        "6 minute read",
        "He cited Section 907 of the Freedom Support Act.",
        "Call +1 555 010 9999 or (202) 555-0143 for details.",
        "The talks resumed at 10:30 on Tuesday.",
        "About 80-90% of the text is agreed.",
        "They reported 40 ceasefire violations in 24 hours.",
        "The GM 200 radars were delivered.",
        "The F-16 fleet is ageing.",
    ],
)
def test_numbers_that_are_not_figures_are_ignored(text: str):
    assert figures(text) == []


# --- subject and counterparty ------------------------------------------------------------


def test_possessive_entity_owns_its_metric():
    figure = only("Georgia’s defence budget rose to $450 million in 2023.")
    assert (figure.subject, figure.metric) == ("Georgia", "military-expenditure")


def test_buyer_of_a_delivery_is_the_subject_and_the_seller_the_counterparty():
    figure = only("Moscow delivered $800 million worth of air defence systems to Tehran.")
    assert (figure.subject, figure.counterparty) == ("Iran", "Russia")


def test_supplied_x_with_makes_x_the_buyer():
    figure = only("Ankara supplied Baku with drones worth $300 million.")
    assert (figure.subject, figure.counterparty) == ("Azerbaijan", "Turkey")


def test_demonym_of_the_acting_government_is_the_subject():
    figure = only("The Israeli government increased military spending to $27 billion.")
    assert figure.subject == "Israel"


def test_deal_partner_after_with_is_the_counterparty():
    figure = only("India signed a $3 billion deal with France for submarines.")
    assert (figure.subject, figure.counterparty, figure.metric) == ("India", "France", "arms-deal")


def test_demonym_inside_a_count_is_its_owner_unless_someone_buys_it():
    landed = only("At least 40 Iranian cargo planes landed in Syria.")
    assert (landed.subject, landed.counterparty) == ("Iran", None)
    bought = only("Baku bought 60 Turkish Bayraktar TB2 drones.")
    assert (bought.unit, bought.subject, bought.counterparty) == ("drones", "Azerbaijan", "Turkey")


def test_possessive_relation_does_not_name_the_subject():
    figure = only("Russian arms sales to Armenia’s rival reached $1 billion.")
    assert (figure.subject, figure.counterparty) == (None, "Russia")


def test_sentence_naming_no_buyer_inherits_the_previous_sentence_topic():
    text = (
        "Moscow supplied Yerevan with rocket systems last spring. "
        "It also agreed to sell 10 helicopters for $150 million."
    )
    price = next(f for f in figures(text) if f.currency)
    assert (price.subject, price.counterparty) == ("Armenia", "Russia")
    alone = money("It also agreed to sell 10 helicopters for $150 million.")
    assert [f.subject for f in alone] == [None]


def test_entities_come_from_the_lexicon_given():
    lexicon = Lexicon(
        entities={"Freedonia": ("Freedonian", "Fredville")},
        metrics={"arms-deal": ("deal",)},
    )
    figure = only("Fredville signed a $90 million deal for rifles.", lexicon=lexicon)
    assert (figure.subject, figure.metric) == ("Freedonia", "arms-deal")
    assert only("Armenia signed a $90 million deal.", lexicon=lexicon).subject is None


def test_lexicon_built_from_plain_dicts_is_hashable_and_equal_to_its_twin():
    one = Lexicon(entities={"A": ["a1"]}, metrics={"m": ["cue"]})
    two = Lexicon(entities={"A": ("a1",)}, metrics={"m": ("cue",)})
    assert one == two
    assert hash(one) == hash(two)
    assert "Azerbaijan" in DEFAULT_LEXICON.entities
    assert "Baku" in DEFAULT_LEXICON.entities["Azerbaijan"]


# --- metric ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "metric"),
    [
        ("Armenia's military spending reached $1.6 billion.", "military-expenditure"),
        ("In 2022 Pakistan acquired more than $900 million in arms.", "arms-imports"),
        ("Baku signed a contract worth $1.5 billion.", "arms-deal"),
        ("Moscow agreed to sell tanks for $700 million.", "arms-deal"),
        ("Military-technical cooperation is measured at $5 billion.", "cooperation-volume"),
        ("Washington approved $300 million in military aid.", "military-aid"),
        ("Turkey's arms exports hit $5.5 billion.", "arms-exports"),
    ],
)
def test_metric_comes_from_the_cue_words_around_the_figure(sentence: str, metric: str):
    assert only(sentence).metric == metric


def test_a_contract_outweighs_a_delivery_verb():
    figure = only("Russia began delivering $2 billion of weapons to Algeria under contracts.")
    assert figure.metric == "arms-deal"


def test_spending_outside_a_military_sentence_has_no_metric():
    assert only("The city spent $5 million on a new hospital.").metric is None


# --- period ------------------------------------------------------------------------------


def test_explicit_year_is_the_period():
    figure = only("In 2019, Kazakhstan bought $400 million of arms.")
    assert (figure.period_start, figure.period_end) == (2019, 2019)


def test_each_value_is_paired_with_the_year_written_after_it():
    found = figures("Its defence budget grew from $900 million in 2019 to $1.3 billion in 2023.")
    assert [(f.value, f.period_start, f.period_end) for f in found] == [
        (900 * M, 2019, 2019),
        (Decimal("1.3") * B, 2023, 2023),
    ]


def test_year_span_is_a_period():
    figure = only("Contracts signed in 2014-2017 were worth $6 billion.")
    assert (figure.period_start, figure.period_end) == (2014, 2017)
    between = only("Between 2011 and 2015 Iraq imported $7 billion in arms.")
    assert (between.period_start, between.period_end) == (2011, 2015)


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("last year", (2018, 2018)),
        ("this year", (2019, 2019)),
        ("over the past decade", (2010, 2019)),
        ("over the past three years", (2017, 2019)),
        ("since 2012", (2012, 2019)),
    ],
)
def test_relative_period_is_resolved_against_the_publication_date(phrase: str, expected):
    sentence = f"Turkey spent $9 billion on defence {phrase}."
    figure = only(sentence, published=datetime.date(2019, 6, 1))
    assert (figure.period_start, figure.period_end) == expected


def test_relative_period_without_a_publication_date_stays_unknown():
    figure = only("Turkey spent $9 billion on defence last year.")
    assert (figure.period_start, figure.period_end) == (None, None)


def test_no_year_in_the_sentence_means_no_period():
    figure = only("Greece spent $8 billion on defence.", published=datetime.date(2020, 1, 1))
    assert (figure.period_start, figure.period_end) == (None, None)


def test_a_year_naming_an_event_is_not_a_period():
    figure = only("After the 2020 war, Baku ordered $2 billion of drones.")
    assert figure.period_start is None


# --- attribution -------------------------------------------------------------------------


def test_according_to_names_the_source_by_its_canonical_entity():
    figure = only(
        "According to the Stockholm International Peace Research Institute, "
        "Egypt spent $4 billion on arms."
    )
    assert figure.attribution == "SIPRI"
    assert figure.subject == "Egypt"


def test_speaker_before_said_is_the_attribution_by_surname():
    figure = only("Prime Minister Nikol Pashinyan said Armenia would spend $1.7 billion.")
    assert figure.attribution == "Pashinyan"
    assert figure.subject == "Armenia"


def test_data_show_names_the_source():
    assert only("SIPRI data show Iran imported $600 million in arms.").attribution == "SIPRI"


def test_quoted_speaker_is_the_attribution():
    figure = only("“The volume reached $5 billion,” agencies quoted Lavrov as saying.")
    assert figure.attribution == "Lavrov"


# --- confidence and output ---------------------------------------------------------------


def test_explicit_money_in_context_is_more_confident_than_a_bare_count():
    found = figures("Armenia's defence budget rose to $1.4 billion in 2024 and 30 tanks arrived.")
    budget, tanks = found
    assert budget.confidence > tanks.confidence
    assert all(0 <= f.confidence <= 1 for f in found)


def test_as_dict_follows_the_jsonl_contract():
    data = only("Israel's defence budget was $27.5 billion in 2023.").as_dict()
    assert list(data) == [
        "text",
        "start",
        "end",
        "value",
        "low",
        "high",
        "qualifier",
        "currency",
        "unit",
        "subject",
        "metric",
        "period_start",
        "period_end",
        "attribution",
        "confidence",
    ]
    assert data["value"] == 27_500_000_000
    assert isinstance(data["value"], int)
    assert only("Shares fell 12 cents.").as_dict()["value"] == 0.12


def test_offsets_are_into_a_whole_article_body():
    body = (
        "Arms race\n\n"
        "Azerbaijan's military budget reached $3.1 billion in 2023.\n\n"
        "Armenia's rose to $1.4 billion in 2024."
    )
    found = figures(body)
    assert [f.text for f in found] == ["$3.1 billion", "$1.4 billion"]
    assert found[0].subject == "Azerbaijan"
    assert found[1].subject == "Armenia"


# --- properties --------------------------------------------------------------------------

_PIECES = st.sampled_from(
    [
        "$",
        "US$",
        "€",
        "£",
        "c $",
        "USD",
        "1",
        "2,2",
        "1,400,000",
        "3.7",
        "2020",
        "billion",
        "bn",
        "m",
        "million",
        "dollars",
        "euros",
        "cents",
        "rubles",
        "one",
        "forty-five",
        "a quarter",
        "hundreds of millions of",
        "about",
        "more than",
        "up to",
        "between",
        "and",
        "to",
        "–",
        "-",
        "tanks",
        "T-90",
        "Azerbaijan’s",
        "Russia",
        "to Baku",
        "in",
        "since",
        "last year",
        "said",
        "Aliyev",
        "according to SIPRI",
        ".",
        ",",
        "\n\n",
        "\\",
        "’s",
    ]
)


def _check_invariants(text: str) -> None:
    found = extract_figures(text, published=datetime.date(2020, 5, 1))
    previous_end = -1
    for figure in found:
        assert figure.text == text[figure.start : figure.end]
        assert figure.start >= previous_end, "spans overlap or are out of order"
        previous_end = figure.end
        assert 0.0 <= figure.confidence <= 1.0
        assert figure.qualifier in ("exact", "approximately", "at_least", "at_most", "range")
        if figure.low is not None and figure.value is not None:
            assert figure.low <= figure.value
        if figure.high is not None and figure.value is not None:
            assert figure.value <= figure.high
        if figure.low is not None and figure.high is not None:
            assert figure.low <= figure.high
        if figure.period_start is not None and figure.period_end is not None:
            assert figure.period_start <= figure.period_end


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_arbitrary_text_never_raises_and_keeps_invariants(text: str):
    _check_invariants(text)


@settings(max_examples=500, deadline=None)
@given(st.lists(_PIECES, max_size=25).map(" ".join))
def test_money_like_text_keeps_invariants(text: str):
    _check_invariants(text)


def test_according_to_a_source_at_the_end_of_the_sentence_is_the_attribution():
    text = "Defense spending rose to $3.7 billion in 2024, according to SIPRI."
    (mention,) = extract_figures(text)
    assert mention.attribution == "SIPRI"


def test_a_possessive_that_leaves_its_noun_out_takes_the_metric_of_the_sentence_before():
    text = (
        "Georgia's defence budget rose to $400 million in 2023. "
        "Ukraine's climbed to $44 billion in the same year."
    )
    first, second = extract_figures(text)
    assert (first.metric, second.metric) == ("military-expenditure", "military-expenditure")
    assert second.subject == "Ukraine"


def test_a_possessive_followed_by_a_noun_does_not_borrow_the_metric_before():
    text = (
        "Georgia's defence budget rose to $400 million. Ukraine's economy bought $2 billion of gas."
    )
    first, second = extract_figures(text)
    assert first.metric == "military-expenditure"
    assert second.metric is None


# --- Kinds and deal roles -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("In 2024 Azerbaijan's defence budget reached $3.7 billion.", "annual"),
        ("Azerbaijan has spent some $22.7 billion on arms over the past decade.", "total"),
        ("Between 2007 and 2016 Azerbaijan spent $22.7 billion on arms imports.", "total"),
        ("Armenia spent $5 billion on defence in total from 2018 to 2022.", "total"),
        ("Azerbaijan spent $2 billion a year on defence between 2007 and 2016.", "annual"),
        ("Azerbaijan signed a $1.6 billion contract with Pakistan in 2023.", "transaction"),
        ("France delivered 24 Bastion armored vehicles to Armenia in 2023.", "count"),
    ],
)
def test_the_kind_of_amount_is_proposed_from_the_sentence(sentence, kind):
    (mention,) = figures(sentence)
    assert mention.kind == kind


@pytest.mark.parametrize(
    ("sentence", "buyer", "seller", "item"),
    [
        (
            "Azerbaijan signed a $1.6 billion contract with Pakistan for JF-17 Block-III "
            "fighter jets.",
            "Azerbaijan",
            "Pakistan",
            "JF-17 Block-III",
        ),
        (
            "In November 2023, Azerbaijan signed a $1.2 billion deal with Israel to acquire "
            "the Barak MX air defense system.",
            "Azerbaijan",
            "Israel",
            "Barak MX",
        ),
        ("Russia sold Armenia S-300 systems in a $100 million deal.", "Armenia", "Russia", "S-300"),
    ],
)
def test_a_deal_names_its_buyer_seller_and_item(sentence, buyer, seller, item):
    (mention,) = money(sentence)
    assert (mention.kind, mention.subject, mention.counterparty, mention.item) == (
        "transaction",
        buyer,
        seller,
        item,
    )


# --- Periods an editor would set ----------------------------------------------------------

DATED = datetime.date(2024, 3, 1)


@pytest.mark.parametrize(
    ("sentence", "year"),
    [
        ("Azerbaijan's defence budget for next year is $3.7 billion.", 2025),
        ("This year's defence budget of Armenia is $1.4 billion.", 2024),
        ("Armenia spends $1.4 billion a year on defence.", 2024),
        ("Next year's budget allocates $3.7 billion to the army, Baku said.", 2025),
    ],
)
def test_a_relative_period_takes_its_year_from_the_publication_date(sentence, year):
    dated = only(sentence, published=DATED)
    assert (dated.period_start, dated.period_end) == (year, year)
    undated = only(sentence)
    assert (undated.period_start, undated.period_end) == (None, None)  # never guessed


def test_a_year_worked_out_from_the_date_is_trusted_less_than_one_written_out():
    relative = only("Azerbaijan's defence budget for next year is $3.7 billion.", published=DATED)
    written = only("Azerbaijan's defence budget for 2025 is $3.7 billion.", published=DATED)
    assert relative.confidence < written.confidence


def test_a_rate_per_year_over_written_years_keeps_the_years():
    mention = only("Azerbaijan spent $2 billion a year on defence between 2007 and 2016.",
                   published=DATED)  # fmt: skip
    assert (mention.period_start, mention.period_end, mention.kind) == (2007, 2016, "annual")


def test_an_adverb_of_frequency_dates_a_rate_like_a_year():
    mention = only("Armenia spends $1.4 billion annually on defence.", published=DATED)
    assert (mention.period_start, mention.period_end) == (2024, 2024)
    assert only("Armenia spends $1.4 billion annually on defence.").period_start is None


@pytest.mark.parametrize(
    ("phrase", "year"),
    [("the current year", 2024), ("the coming year", 2025), ("the next fiscal year", 2025)],
)
def test_the_current_and_coming_year_are_dated_like_this_and_next_year(phrase, year):
    mention = only(f"Azerbaijan's defence budget for {phrase} is $3.7 billion.", published=DATED)
    assert (mention.period_start, mention.period_end) == (year, year)


def test_a_year_before_budget_dates_the_budget_unlike_a_year_naming_an_event():
    budget = only("The 2025 budget allocates $4 billion to the army, Baku said.")
    assert (budget.period_start, budget.period_end) == (2025, 2025)
    war = only("After the 2020 war, Baku ordered $2 billion of drones.")
    assert war.period_start is None


@pytest.mark.parametrize(
    "sentence",
    [
        "Under the 2022 agreement, Warsaw bought tanks worth some $3.4 billion.",
        "The 2022 contract for 94 T-90 tanks was worth $500 million.",
        "Under its 2022 arms deal with Israel, Baku paid $1.2 billion for air defences.",
        "The 2022 supply agreements with India are worth $400 million to Yerevan.",
    ],
)
def test_a_year_before_deal_dates_the_deal(sentence):
    figure = money(sentence)[0]
    assert (figure.period_start, figure.period_end) == (2022, 2022)


@pytest.mark.parametrize(
    "sentence",
    [
        "Georgian military expenses rose from 39,8 million to 651 million dollars "
        "between 1999 and 2008.",
        "Armenia's military budget grew from $444 million to $1.4 billion in 1999-2008.",
        "Defence outlays fell from 3 billion to 2.5 billion manats from 1999 to 2008.",
        "Arms imports jumped from about $100 million to $1 billion over 1999-2008.",
    ],
)
def test_a_change_from_one_sum_to_another_over_years_dates_each_end(sentence):
    assert [(f.period_start, f.period_end) for f in money(sentence)] == [
        (1999, 1999),
        (2008, 2008),
    ]


def test_a_range_over_years_is_not_a_change():
    found = money("Azerbaijan spent from $2 billion to $3 billion a year in 2020-2024.")
    assert {(f.period_start, f.period_end) for f in found} == {(2020, 2024)}


@pytest.mark.parametrize(
    "sentence",
    [
        "Military spending totalled $3.1bn, the ministry said of the 2022 fiscal year.",
        "Defence outlays reached $3.1 billion in the 2022 financial year.",
        "Its 2022 budget year closed with $3.1 billion spent on the army.",
    ],
)
def test_a_year_before_fiscal_year_is_the_period_it_names(sentence):
    mention = only(sentence)
    assert (mention.period_start, mention.period_end) == (2022, 2022)


def test_weapons_an_army_receives_from_a_seller_are_still_imports():
    mention = only("The army received $400 million of weapons from Russia in 2021.")
    assert mention.metric == "arms-imports"


@pytest.mark.parametrize(
    ("sentence", "years"),
    [
        ("The 2025 budget gives defence $3.8 billion, up from $3.1 billion.", [2025, None]),
        ("Azerbaijan raised defence spending from $3 billion to $3.7 billion in 2024.",
         [None, 2024]),
        ("In 2024 Armenia's defence budget was $1.4 billion, compared with $1.2 billion.",
         [2024, None]),
        ("Baku spent $669 million in 2020 against $1.4 billion in 2024.", [2020, 2024]),
    ],
)  # fmt: skip
def test_the_amount_a_change_is_measured_from_takes_no_year_but_its_own(sentence, years):
    assert [m.period_start for m in figures(sentence)] == years


@pytest.mark.parametrize(
    "sentence",
    [
        "Turkey will spend $25 billion on defence in 2025, compared with $21 billion a year "
        "earlier.",
        "Russia's defence spending in 2025 was 13.5 trillion rubles, against 10.8 trillion rubles "
        "the year before.",
        "Azerbaijan's 2025 defence budget of $5 billion is up from $4 billion the previous year.",
    ],
)
def test_a_year_earlier_counts_back_from_the_year_the_sentence_writes(sentence):
    # Published in another year on purpose: the sentence's own year is what counts.
    later, earlier = figures(sentence, published=datetime.date(2027, 6, 1))
    assert (later.period_start, earlier.period_start, earlier.period_end) == (2025, 2024, 2024)


def test_a_year_earlier_with_no_year_written_counts_back_from_the_publication_date():
    (_, earlier) = figures("Turkey now spends $25 billion on defence, against $21 billion a "
                           "year earlier.", published=DATED)  # fmt: skip
    assert earlier.period_start == DATED.year - 1


@pytest.mark.parametrize(
    ("relative", "written"),
    [
        (
            "This year's budget allocates $3.7 billion to the army, Baku said.",
            "The 2024 budget allocates $3.7 billion to the army, Baku said.",
        ),
        (
            "Armenia spends $1.4 billion a year on defence.",
            "Armenia spent $1.4 billion on defence in 2024.",
        ),
        (
            "Next year's budget allocates $4 billion to the army, Baku said.",
            "The 2025 budget allocates $4 billion to the army, Baku said.",
        ),
    ],
)
def test_each_editors_phrasing_is_dated_but_trusted_less_than_the_year_written(relative, written):
    guessed = only(relative, published=DATED)
    stated = only(written, published=DATED)
    assert (guessed.period_start, guessed.period_end) == (stated.period_start, stated.period_end)
    assert guessed.confidence < stated.confidence


# --- The article's own conversions ----------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "Azerbaijan's defence budget is 5.3 billion manats (US$3.1 billion at the current rate).",
        "Azerbaijan's defence budget is AZN 5.3bn ($3.1bn).",
        "Azerbaijan's defence budget is 5.3 billion manats (about $3.1 billion at the current "
        "exchange rate).",
        "Turkey's defence budget reached 40 billion lira (≈ €2 billion).",
        "Georgia spent 1.2 billion lari (~$450m) on defence.",
        r"Georgia spent 1.2 billion lari (\$450 million) on defence.",
        "Azerbaijan's defence budget is 5.3 billion manats, or about $3.1 billion.",
        "Azerbaijan's defence budget is 5.3 billion manats, equivalent to $3.1 billion.",
        "Azerbaijan's defence budget is 5.3 billion manats, i.e. $3.1 billion.",
        "Azerbaijan's defence budget is 5.3 billion manats, which is roughly $3.1 billion.",
        "Azerbaijan's defence budget is 5.3 billion manats, worth $3.1 billion.",
        "Georgia spent 1.2 billion lari, which at the current exchange rate is about $450 million.",
        "Georgia spent 1.2 billion lari — roughly $450 million — on defence.",
    ],
)
def test_an_amount_restated_in_another_currency_is_a_conversion_of_the_first(sentence):
    original, conversion = money(sentence)
    assert original.currency != conversion.currency
    assert conversion.converted_from_start == original.start
    assert original.converted_from_start is None


@pytest.mark.parametrize(
    "sentence",
    [
        "Azerbaijan spent 5.3 billion manats and $3.1 billion on arms.",
        "Spending rose from 5.3 billion manats to $3.1 billion.",
        "The budget is 5.3 billion manats – $3.1 billion.",
        "Georgia spent 1.2 billion lari, while Armenia spent $1.3 billion.",
        "Georgia spent 1.2 billion lari in 2023 and $450 million in 2024.",
        "Armenia spent $1.3 billion, up from €1 billion.",
        "The budget is $3.1 billion ($2.9 billion in 2022).",
        "Azerbaijan's budget is $3.1 billion, or about $3 billion after cuts.",
    ],
)
def test_amounts_joined_otherwise_or_in_one_currency_are_two_figures(sentence):
    assert all(m.converted_from_start is None for m in money(sentence))


def test_a_conversion_takes_the_placement_its_own_words_leave_out():
    original, conversion = money(
        "Azerbaijan's military budget was 5.3 billion manats in 2023 ($3.1 billion)."
    )
    assert conversion.converted_from_start == original.start
    assert (conversion.period_start, conversion.period_end) == (2023, 2023)
    assert (conversion.subject, conversion.metric, conversion.kind) == (
        original.subject,
        original.metric,
        original.kind,
    )


def test_every_restatement_in_a_chain_points_at_the_original():
    original, dollars, euros = money(
        "The budget is 5.3 billion manats ($3.1 billion, or €2.9 billion)."
    )
    assert dollars.converted_from_start == euros.converted_from_start == original.start


# --- Russian, Turkish and the other languages of the region's press (issue 16) -------------


@pytest.mark.parametrize(
    ("sentence", "text", "value", "currency"),
    [
        # Russian: a comma is always the decimal mark, a space groups thousands.
        ("Расходы составят 3,7 млрд долларов.", "3,7 млрд долларов", "3.7e9", "USD"),
        ("Предусмотрено 8,815 млрд манатов.", "8,815 млрд манатов", "8.815e9", "AZN"),
        ("Увеличены до 396.3 млн манатов.", "396.3 млн манатов", "396.3e6", "AZN"),
        ("Выделено 13 500 000 манатов.", "13 500 000 манатов", "13.5e6", "AZN"),
        ("Ассигнования составят 10,8 трлн руб.", "10,8 трлн руб", "10.8e12", "RUB"),
        ("Сумма сделки — 1,2 млрд долл. США.", "1,2 млрд долл. США", "1.2e9", "USD"),
        ("Бюджет составит 1,6 трлн лир.", "1,6 трлн лир", "1.6e12", "TRY"),
        ("Грузия потратит 1,2 млрд лари.", "1,2 млрд лари", "1.2e9", "GEL"),
        ("Зарплата — 350 тысяч драмов.", "350 тысяч драмов", "350e3", "AMD"),
        # Turkish: a comma is the decimal mark, a point before three digits groups.
        ("İhracat 4,364 milyar dolar oldu.", "4,364 milyar dolar", "4.364e9", "USD"),
        ("Proje 5.5 milyar dolar bütçeli.", "5.5 milyar dolar", "5.5e9", "USD"),
        ("Destek 250.000 avro tutarında.", "250.000 avro", "250e3", "EUR"),
        ("Bütçe 1,6 trilyon TL olarak açıklandı.", "1,6 trilyon TL", "1.6e12", "TRY"),
        ("Fiyatı 640 milyon $ seviyesindeydi.", "640 milyon $", "640e6", "USD"),
    ],
)
def test_digits_scale_and_currency_are_read_as_each_language_writes_them(
    sentence, text, value, currency
):
    figure = only(sentence)
    assert (figure.text, figure.value, figure.currency) == (text, Decimal(value), currency)


@pytest.mark.parametrize(
    ("sentence", "value", "currency"),
    [
        ("Армения получила $1 млрд 717 млн.", 1_717 * M, "USD"),
        ("Выделено 4 млрд 371 млн драмов.", Decimal(4_371) * M, "AMD"),
        ("Расходы достигли 1 млрд 741 млн 604 тыс. долларов.", Decimal(1_741_604_000), "USD"),
        ("Увеличены до 8 млрд 396,3 млн манатов.", Decimal("8396.3") * M, "AZN"),
        ("İki ülke 1 milyar 600 milyon dolar tutarında anlaşma yaptı.", 1_600 * M, "USD"),
        ("Ödenek 1 trilyon 133,5 milyar lira oldu.", Decimal("1133.5") * B, "TRY"),
        ("Harcama 645 milyon 446 bin dolar oldu.", Decimal(645_446_000), "USD"),
        ("Spending reached 2 billion 267 million USD.", 2_267 * M, "USD"),
        ("The budget allocates 3 billion 853 Azerbaijani manat.", 3_853 * M, "AZN"),
        (
            "В 2019 году направят три миллиарда 37 миллионов 618 тысяч манатов.",
            3_037_618_000,
            "AZN",
        ),
    ],
)
def test_amounts_chained_by_falling_scale_are_one_figure(sentence, value, currency):
    figure = only(sentence)
    assert (figure.value, figure.currency) == (Decimal(value), currency)


@pytest.mark.parametrize(
    ("sentence", "value"),
    [
        ("Это на четыреста миллионов долларов США больше.", 400 * M),
        ("Расходы выросли почти до четырёх миллиардов долларов.", 4 * B),
        ("Расходы выросли почти до четырех миллиардов долларов.", 4 * B),
        ("Бюджет превысил два миллиарда долларов.", 2 * B),
        ("Контракты превысили полтора миллиарда долларов.", Decimal("1.5") * B),
        ("Бюджет составлял около миллиарда долларов.", B),
        ("Bütçe ilk kez iki milyar doları aştı.", 2 * B),
        ("İhracat yarım milyar doları geçti.", B / 2),
        ("Ermenistan bir buçuk milyar dolar harcayacak.", Decimal("1.5") * B),
    ],
)
def test_spelled_numbers_with_their_inflections_are_read(sentence, value):
    assert only(sentence).value == value


@pytest.mark.parametrize(
    ("sentence", "low", "high"),
    [
        ("Ереван заплатил сотни миллионов долларов.", 100 * M, 100 * B),
        ("Армения направит десятки миллиардов драмов.", 10 * B, 10_000 * B),
        ("Ülkeler her yıl milyarlarca dolar harcıyor.", B, 1000 * B),
        ("Yüz milyonlarca dolarlık sözleşmeler bekleniyor.", 100 * M, 100 * B),
    ],
)
def test_plural_scales_without_a_number_are_orders_of_magnitude(sentence, low, high):
    figure = only(sentence)
    assert (figure.qualifier, figure.value, figure.low, figure.high) == ("range", None, low, high)


@pytest.mark.parametrize(
    ("sentence", "currency"),
    [
        ("Выделено 560 млрд армянских драмов.", "AMD"),  # CLDR's full name
        ("Ödenen tutar 2,5 milyar ABD doları.", "USD"),
        ("Savunmaya 52,6 milyar Türk lirası aktarıldı.", "TRY"),
        ("Harcama 5,3 milyar Azerbaycan manatı oldu.", "AZN"),
        ("Borç 2,6 млрд белорусских рублей.", "BYN"),
        ("Pakistan 1,5 milyar dolarlık korvet alıyor.", "USD"),  # Turkish endings
        ("Roketsan ile 750 milyon TL'lik sözleşme imzalandı.", "TRY"),
        ("Bütçe 8,7 milyar manattan fazla.", "AZN"),
        ("Hibe 200 milyon liralık.", "TRY"),
        ("Aktarılan tutar 10 milyon avroya ulaştı.", "EUR"),
    ],
)
def test_currency_names_come_from_cldr_and_the_forms_news_writes(sentence, currency):
    assert only(sentence).currency == currency


@pytest.mark.parametrize(
    ("sentence", "value", "currency"),
    [
        ("Србија троши 2 билиона динара.", 2 * B * 1000, "RSD"),  # long scale: 10^12
        ("A költségvetés 1,5 billió forint.", Decimal("1.5") * B * 1000, "HUF"),
        ("Azerbajdzsán 4,8 milliárd dollárt költött.", Decimal("4.8") * B, "USD"),
        ("Kontrakt o wartości 4,75 mld dolarów.", Decimal("4.75") * B, "USD"),
        ("Armenia kupiła broń za 250 mln zł.", 250 * M, "PLN"),
        ("L'Azerbaigian ha speso 3,7 miliardi di dollari.", Decimal("3.7") * B, "USD"),
        ("Sverige ökar budgeten med 10 miljarder kronor.", 10 * B, "SEK"),
        ("Försvaret får 2,5 mdkr extra.", Decimal("2.5") * B, "SEK"),
    ],
)
def test_other_european_languages_read_amounts_with_their_own_scales(sentence, value, currency):
    figure = only(sentence)
    assert (figure.value, figure.currency) == (value, currency)


def test_a_lone_comma_before_billion_in_translated_news_is_a_decimal_comma():
    assert only("Armenia spent 1,378 billion USD on defence.").value == Decimal("1.378") * B
    # British style groups thousands before "million", and that stays.
    assert only("The MoD spent £1,500 million.").value == 1_500 * M


@pytest.mark.parametrize(
    ("sentence", "low", "high"),
    [
        ("Bütçe 1-1,5 milyar dolar arasında.", B, Decimal("1.5") * B),
        ("Maliyet 1,5 ile 2 milyar dolar arasında.", Decimal("1.5") * B, 2 * B),
        ("Бюджет — от 1 до 1,5 млрд долларов.", B, Decimal("1.5") * B),
    ],
)
def test_ranges_in_russian_and_turkish(sentence, low, high):
    figure = only(sentence)
    assert (figure.low, figure.high) == (low, high)


def test_a_change_from_one_amount_to_another_is_not_a_range():
    assert len(money("Расходы выросли с 500 до 700 млн долларов.")) == 1
    assert only("Расходы выросли с 500 до 700 млн долларов.").value == 700 * M


@pytest.mark.parametrize(
    ("sentence", "qualifier"),
    [
        ("Бюджет — около 5 млрд долларов.", "approximately"),
        ("Бюджет — свыше 4 млрд долларов.", "at_least"),
        ("Bütçe yaklaşık 5 milyar dolar.", "approximately"),
        ("Yardım 1,5 milyar dolardan fazla.", "at_least"),
    ],
)
def test_russian_and_turkish_qualifiers_bound_the_amount(sentence, qualifier):
    assert only(sentence).qualifier == qualifier


@pytest.mark.parametrize(
    "sentence",
    [
        "Численность армии составляет 45 тысяч военнослужащих.",
        "Сектор 100 bin kişiye istihdam sağlıyor.",
        "Доля расходов составила 20,7% всех расходов.",
        "Savunma bütçesinin yüzde 15'i silaha ayrılacak.",
        "Bakan on gün içinde bütçeyi sunacak.",
        "Azerbaycan 2024'te 12 bin yeni asker aldı.",  # "yeni" is "new", not yen
        "В 2023 году в армию призвали 2 миллиона 340 тысяч человек.",
        "Osama bin Laden was killed in 2011.",
        "Население Армении — 2,9 миллиона человек.",
        "Расстояние — около 480 километров.",
    ],
)
def test_numbers_that_are_not_money_in_these_languages_give_no_money(sentence):
    assert money(sentence) == []


def test_a_chain_in_english_needs_a_currency_to_be_one_amount():
    assert [f.text for f in money("It cost $2 billion 30 million people a year.")] == ["$2 billion"]


@pytest.mark.parametrize(
    ("sentence", "subject", "metric", "period"),
    [
        (
            "Военный бюджет Армении в 2025 году вырос до 664 млрд драмов.",
            "Armenia",
            "military-expenditure",
            2025,
        ),
        (
            "Расходы на оборону и национальную безопасность Азербайджана в 2024 году "
            "составят 6 млрд 421 млн манатов.",
            "Azerbaijan",
            "military-expenditure",
            2024,
        ),
        ("На 2025 год Баку заложил на оборону 8,1 млрд манатов.", "Azerbaijan", None, 2025),
        (
            "Экспорт вооружений Турции в 2024 году достиг 7,1 млрд долларов.",
            "Turkey",
            "arms-exports",
            2024,
        ),
        (
            "Türkiye'nin savunma bütçesi 2025 yılında 40 milyar doları aşacak.",
            "Turkey",
            "military-expenditure",
            2025,
        ),
        ("Erivan yönetimi 2024'te savunmaya 557 milyar dram ayırdı.", "Armenia", None, 2024),
        (
            "AB'nin Ermenistan'a askeri yardımı 2024 yılında 10 milyon avroya ulaştı.",
            "Armenia",
            "military-aid",
            2024,
        ),
    ],
)
def test_subject_metric_and_period_are_read_in_russian_and_turkish(
    sentence, subject, metric, period
):
    figure = only(sentence)
    assert (figure.subject, figure.period_start) == (subject, period)
    if metric is not None:
        assert figure.metric == metric


@pytest.mark.parametrize(
    ("sentence", "subject"),
    [
        # The case says the role wherever the word stands.
        ("Россия поставила Азербайджану вооружения на сумму 4 млрд долларов.", "Azerbaijan"),
        ("Армения закупила у России вооружения на $400 млн.", "Armenia"),
        ("Rusya, Ermenistan'a 400 milyon dolarlık silah teslim etmedi.", "Armenia"),
        (
            "Azerbaycan, İsrail'den 1,2 milyar dolarlık hava savunma sistemi satın aldı.",
            "Azerbaijan",
        ),
        ("Gürcistan 2022'de ABD'den 40 milyon dolar askeri yardım aldı.", "Georgia"),
        ("Россия выделила Армении кредит в размере $200 млн.", "Armenia"),
        ("Азербайджан выделил на оборону 5 млрд манатов.", "Azerbaijan"),
    ],
)
def test_the_buyer_is_the_subject_whichever_case_names_it(sentence, subject):
    assert only(sentence).subject == subject


@pytest.mark.parametrize(
    ("sentence", "years"),
    [
        # Russian writes the year after the amount, Turkish before it.
        ("Расходы выросли с $795 млн в 2022 году до $1,33 млрд в 2023 году.", [2022, 2023]),
        (
            "Harcamalar 2022'deki 795 milyon dolardan 2023'te 1 milyar 330 milyon dolara çıktı.",
            [2022, 2023],
        ),
    ],
)
def test_each_amount_takes_its_own_year_in_either_word_order(sentence, years):
    assert [f.period_start for f in money(sentence)] == years


@pytest.mark.parametrize(
    ("sentence", "period"),
    [
        ("С 2020 по 2024 год Армения потратила на оборону $5 млрд.", (2020, 2024)),
        (
            "2020 ile 2024 yılları arasında Ermenistan savunmaya 5 milyar dolar harcadı.",
            (2020, 2024),
        ),
        ("В 2010–2013 годах Россия продала Азербайджану оружия на 4 млрд долларов.", (2010, 2013)),
    ],
)
def test_spans_of_years_in_russian_and_turkish(sentence, period):
    figure = only(sentence)
    assert (figure.period_start, figure.period_end) == period


@pytest.mark.parametrize(
    ("sentence", "year"),
    [
        ("В прошлом году Армения потратила на оборону $1,7 млрд.", 2024),
        ("В следующем году Азербайджан направит на оборону 8,7 млрд манатов.", 2026),
        ("Geçen yıl Ermenistan savunmaya 1,7 milyar dolar harcadı.", 2024),
        ("Önümüzdeki yıl ihracatın 10 milyar doları geçmesi bekleniyor.", 2026),
    ],
)
def test_russian_and_turkish_relative_years_take_the_publication_date(sentence, year):
    figure = only(sentence, published=datetime.date(2025, 6, 1))
    assert (figure.period_start, figure.period_end) == (year, year)


@pytest.mark.parametrize(
    "sentence",
    [
        "Расходы составят 8,815 млрд манатов ($5,12 млрд по текущему курсу).",
        "Бюджет составил 5,3 млрд манатов, что эквивалентно 3,1 млрд долларов.",
        "Harcama 527 milyar drama, yani yaklaşık 1 milyar 366 milyon dolara ulaştı.",
        "Bütçe 8,8 milyar manat (yaklaşık 5,1 milyar dolar) oldu.",
    ],
)
def test_russian_and_turkish_restatements_are_conversions(sentence):
    original, conversion = money(sentence)
    assert conversion.converted_from_start == original.start


def test_a_lexicon_with_english_aliases_only_still_reads_the_other_languages():
    """The database keeps entities by their English names; their Russian and Turkish forms
    are grammar, read for every lexicon that names the entity."""
    lexicon = Lexicon(entities={"Armenia": ("Armenian",)}, metrics={"military-expenditure": ()})
    for sentence in (
        "Военный бюджет Армении в 2025 году составил 664 млрд драмов.",
        "Ermenistan'ın savunma bütçesi 2025'te 1,69 milyar dolar oldu.",
    ):
        figure = only(sentence, lexicon=lexicon)
        assert (figure.subject, figure.metric) == ("Armenia", "military-expenditure")


def test_an_acronym_before_a_company_word_is_the_company_not_the_country():
    assert only("BAE Systems won a $1 billion contract.").subject is None
    assert only("BAE, Türkiye'den 1,2 milyar dolar ödedi.").subject == "United Arab Emirates"


@pytest.mark.parametrize(
    "sentence",
    [
        "Azerbaijan will allocate $5.2 billion to defence and national security.",
        "The government earmarked $1.2 billion for the armed forces.",
        "Baku spent $3 billion on the army.",
        "Defence allocations reached $2 billion.",
        # A line of the budget that receives money, though "receive" alone means imports.
        "Defence will receive $3.7 billion under Azerbaijan's 2024 budget.",
        "Under the 2025 budget, Armenia's armed forces will receive an additional $300 million.",
        "In Azerbaijan's budget the defence ministry gets $3 billion.",
        "The armed forces of Azerbaijan were allocated $3 billion in 2024.",
        "The government earmarked $2 billion of funds for the military in 2025.",
        "Funding for the military reached $3 billion in 2024, Azerbaijan said.",
    ],
)
def test_translated_news_names_the_budget_line_for_military_expenditure(sentence):
    assert only(sentence).metric == "military-expenditure"


@pytest.mark.parametrize(
    ("sentence", "subjects"),
    [
        ("Azerbaijan's state budget allocates 5.32 billion manat for defence in 2024, while the "
         "Armenian army gets 557 billion drams.", ["Azerbaijan", "Armenia"]),
        ("Azerbaijan's defence budget is $3 billion, and the Georgian Ministry of Defence gets "
         "1.3 billion lari.", ["Azerbaijan", "Georgia"]),
        # An exporter stays the subject of what it sells to another's army.
        ("Russia exported $2 billion of arms to the Armenian army in 2024.", ["Russia"]),
    ],
)  # fmt: skip
def test_a_name_before_a_line_of_the_budget_owns_what_that_line_gets(sentence, subjects):
    assert [f.subject for f in money(sentence)] == subjects


@pytest.mark.parametrize(
    "sentence",
    [
        "Armenia received French Caesar howitzers under a contract worth 100 million euros "
        "signed in June 2024.",
        "Armenia got Indian radars under a deal worth $41 million signed last year.",
        "Armenia received French radars worth 200 million euros ordered in 2023.",
    ],
)
def test_a_participle_after_a_sum_does_not_make_the_name_before_it_the_buyer(sentence):
    assert only(sentence).subject == "Armenia"


@pytest.mark.parametrize(
    ("sentence", "metric"),
    [
        ("Azerbaijan bought drones worth $1.2 billion from Israel for the armed forces.",
         "arms-imports"),
        ("Azerbaijan bought drones worth $1.2 billion from Israel for the military.",
         "arms-imports"),
        ("Russia sold helicopters worth $2 billion to the army of Armenia in 2024.", "arms-deal"),
    ],
)  # fmt: skip
def test_where_arms_are_sold_the_line_that_gets_them_does_not_make_it_expenditure(sentence, metric):
    assert only(sentence).metric == metric


@pytest.mark.parametrize(
    ("sentence", "subject"),
    [
        # The line named with whose it is, or given the money in the passive.
        ("The Armenian army will receive 2 billion 267 million USD next year.", "Armenia"),
        ("The Georgian Ministry of Defence is provided with 1.26 billion lari.", "Georgia"),
        ("The Azerbaijani defence ministry was allocated $3 billion in 2024.", "Azerbaijan"),
        # A government paying its own line: it is the subject, and sells nothing.
        ("Tbilisi will give the defence ministry 918 million lari next year.", "Georgia"),
        ("Baku allocates the army 4 billion manats a year.", "Azerbaijan"),
        ("Kazakhstan will provide the armed forces with $300 million more.", "Kazakhstan"),
    ],
)
def test_money_a_line_of_the_budget_is_given_is_military_expenditure(sentence, subject):
    figure = only(sentence)
    assert (figure.subject, figure.metric) == (subject, "military-expenditure")


@pytest.mark.parametrize(
    "sentence",
    [
        "The Armenian army was provided with $250 million worth of arms from India.",
        "India provided the Armenian army with $250 million worth of arms.",
    ],
)
def test_arms_a_foreign_supplier_gives_an_army_stay_imports(sentence):
    figure = only(sentence)
    assert (figure.subject, figure.metric) == ("Armenia", "arms-imports")


@pytest.mark.parametrize(
    ("sentence", "subject"),
    [
        ("The state budget of Georgia provides 690 million lari for defence in 2013.", "Georgia"),
        ("The budget of Armenia provides $1.4 billion for the army.", "Armenia"),
        (
            "The draft budget of Kazakhstan gives 1.3 trillion tenge to national defence.",
            "Kazakhstan",
        ),
        (
            "The defence spending of Azerbaijan provides $2 billion for the armed forces.",
            "Azerbaijan",
        ),
    ],
)
def test_a_budget_of_a_country_that_provides_money_belongs_to_it(sentence, subject):
    """ "Provides" and "gives" make their subject a supplier, but here the budget gives."""
    figure = only(sentence)
    assert (figure.subject, figure.metric) == (subject, "military-expenditure")


@pytest.mark.parametrize(
    ("sentence", "subjects"),
    [
        (
            "In 2018 Armenia spent $609 million on its armed forces, Azerbaijan $1.7 billion "
            "and Georgia $317 million.",
            ["Armenia", "Azerbaijan", "Georgia"],
        ),
        (
            "Russia's military budget was $61 billion, Iran's $13 billion and Turkey $19 billion.",
            ["Russia", "Iran", "Turkey"],
        ),
        (
            "Azerbaijan allocated 8.7 billion manats to defence; Armenia 560 billion drams.",
            ["Azerbaijan", "Armenia"],
        ),
        ("Baku spent $3 billion on defence while Yerevan $1.4 billion.", ["Azerbaijan", "Armenia"]),
    ],
)
def test_a_list_without_its_verb_gives_each_sum_the_name_before_it(sentence, subjects):
    assert [f.subject for f in money(sentence)] == subjects


@pytest.mark.parametrize(
    "sentence",
    [
        "After the increase, expenses on special defence projects will amount to AZN 3070 mln.",
        "Georgian military expenses rose to 651 million dollars in 2008.",
        "Azerbaijan's defence expenses reached 5 billion manats in 2023.",
        "Defense expenses of Kazakhstan came to 1.2 trillion tenge.",
    ],
)
def test_expenses_is_translated_news_for_military_expenditure(sentence):
    assert only(sentence).metric == "military-expenditure"


def test_expenses_outside_the_military_are_no_metric():
    assert only("Hospital expenses in Baku reached $5 million last year.").metric is None


@pytest.mark.parametrize(
    ("sentence", "subject"),
    [
        ("The Turkish defence industry aims to raise export revenues to $11 billion.", "Turkey"),
        ("Turkey's defence industry earned export revenue of $7.1 billion in 2024.", "Turkey"),
        ("Israeli weapons makers reported export earnings of $14.8 billion.", "Israel"),
        ("The export volume of Russian arms fell to $8 billion.", "Russia"),
    ],
)
def test_export_revenues_of_a_military_industry_are_arms_exports(sentence, subject):
    figure = only(sentence)
    assert (figure.subject, figure.metric) == (subject, "arms-exports")


def test_export_revenues_outside_the_military_are_no_metric():
    assert only("Azerbaijan's oil export revenues reached $20 billion.").metric is None


@pytest.mark.parametrize(
    "sentence",
    [
        "Tbilisi gives the defence ministry 918 million lari, against 900 million lari in 2021.",
        "The army will receive $2 billion, up from $1.6 billion last year.",
        "Baku allocated 8.7 billion manats to the armed forces, compared with 8.4 billion manats.",
        "Defence gets $3 billion in 2025 versus $2.6 billion a year before.",
    ],
)
def test_a_sum_compared_with_another_shares_its_metric(sentence):
    assert [f.metric for f in money(sentence)] == ["military-expenditure"] * 2


def test_russian_figures_keep_the_jsonl_contract():
    figure = only("Военный бюджет Армении в 2025 году вырос до 664 млрд драмов.")
    assert set(figure.as_dict()) == {
        "text", "start", "end", "value", "low", "high", "qualifier", "currency", "unit",
        "subject", "metric", "period_start", "period_end", "attribution", "confidence",
    }  # fmt: skip
    assert figure.as_dict()["value"] == 664_000_000_000


def test_trie_pattern_prefers_the_longest_phrase_and_reads_stems():
    pattern = re.compile(trie_pattern(["Armenia", "Armenian", "расход* на оборон*"]) + r"(?!\w)")
    assert pattern.match("Armenian")[0] == "Armenian"
    assert pattern.match("Armenia's")[0] == "Armenia"
    assert pattern.match("расходов на оборону")[0] == "расходов на оборону"
    assert pattern.match("Armenians") is None


# --- capitals, the paragraph's subject, periods across clauses (issue 16, item 3) ---------


@pytest.mark.parametrize(
    ("sentence", "subject"),
    [
        ("Baku allocated $3.7 billion to defence in 2024.", "Azerbaijan"),
        ("Yerevan spent $1.4 billion on its army in 2023.", "Armenia"),
        ("Tbilisi raised defence spending to $400 million.", "Georgia"),
        ("Ankara signed a $2 billion deal for fighter jets.", "Turkey"),
        ("Moscow spent $100 billion on defence in 2023.", "Russia"),
        ("Tehran allocated $10 billion to the military.", "Iran"),
        ("Astana set aside $2 billion for the armed forces.", "Kazakhstan"),
    ],
)
def test_a_capital_stands_for_its_country(sentence, subject):
    assert only(sentence).subject == subject


def test_capitals_come_from_one_table_for_every_country_a_lexicon_knows():
    assert CAPITALS["Baku"] == "Azerbaijan"
    assert all(country in DEFAULT_LEXICON.entities for country in CAPITALS.values())
    # A lexicon built from the database need not list capitals among its aliases.
    lexicon = Lexicon(entities={"Armenia": ("Armenian",)}, metrics=DEFAULT_LEXICON.metrics)
    assert only("Yerevan spent $1.4 billion on defence.", lexicon=lexicon).subject == "Armenia"
    # ... and a capital of a country it does not know names no one.
    assert only("Baku spent $3 billion on defence.", lexicon=lexicon).subject is None


@pytest.mark.parametrize(
    "sentence",
    [
        "A Baku-based analyst said Armenia spent $1.4 billion on defence.",
        "At talks in Moscow, Armenia agreed to spend $1 billion on arms.",
        "Speaking in Tehran, the Armenian minister said the army would get $1 billion.",
        "Officials at a conference in Baku said Armenia's military budget reached $1.4 billion.",
    ],
)
def test_a_capital_as_a_place_or_a_compound_does_not_outrank_a_named_subject(sentence):
    assert only(sentence).subject == "Armenia"


def test_a_capital_as_a_place_is_the_subject_when_no_one_else_is_named():
    assert only("In Baku, the defence budget was set at $3.7 billion.").subject == "Azerbaijan"


# --- Poland, Hungary, Sweden and Indonesia -------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "subject"),
    [
        ("Poland will spend $35 billion on defence in 2025.", "Poland"),
        ("Hungarian defence spending rose to $4.5 billion in 2024.", "Hungary"),
        ("Swedish arms exports reached $1.5 billion in 2023.", "Sweden"),
        ("Indonesia raised its defence budget to $9 billion.", "Indonesia"),
        ("The Polish government raised military spending to $35 billion.", "Poland"),
        ("Warsaw allocated $35 billion to defence in 2025.", "Poland"),
        ("Budapest spent $2 billion on the army in 2024.", "Hungary"),
        ("Stockholm raised defence spending to $11 billion.", "Sweden"),
        ("Jakarta set aside $9 billion for the armed forces.", "Indonesia"),
    ],
)
def test_poland_hungary_sweden_and_indonesia_are_subjects(sentence, subject):
    assert money(sentence)[0].subject == subject


@pytest.mark.parametrize(
    ("sentence", "subject", "counterparty"),
    [
        ("Hungary bought 44 Leopard tanks from Germany for $500 million.", "Hungary", "Germany"),
        ("Sweden sold Gripen fighter jets to Hungary for $1 billion.", "Hungary", "Sweden"),
        (
            "The United States sold Abrams tanks to Poland worth $4.75 billion.",
            "Poland",
            "United States",
        ),
        (
            "Indonesia ordered 42 Rafale fighter jets from France for $8.1 billion.",
            "Indonesia",
            "France",
        ),
        (
            "Russia delivered air defence systems worth $300 million to Indonesia.",
            "Indonesia",
            "Russia",
        ),
    ],
)
def test_poland_hungary_sweden_and_indonesia_are_buyers_and_sellers(
    sentence, subject, counterparty
):
    (figure,) = money(sentence)
    assert (figure.subject, figure.counterparty) == (subject, counterparty)


def test_a_deal_with_a_partner_to_sell_makes_the_partner_the_buyer():
    (sale,) = money("Turkey signed a $10 billion deal with Indonesia to sell 48 KAAN jets.")
    assert (sale.subject, sale.counterparty) == ("Indonesia", "Turkey")
    (purchase,) = money("Indonesia signed a $10 billion deal with Turkey for 48 KAAN jets.")
    assert (purchase.subject, purchase.counterparty) == ("Indonesia", "Turkey")


def test_stockholm_inside_sipris_name_is_sipri_not_sweden():
    text = (
        "According to the Stockholm International Peace Research Institute, "
        "Azerbaijan spent $3.7 billion on defence in 2023."
    )
    hits = lexicon_index(DEFAULT_LEXICON).entities_in(text)
    assert [(text[h.start : h.end], h.entity) for h in hits] == [
        ("Stockholm International Peace Research Institute", "SIPRI"),
        ("Azerbaijan", "Azerbaijan"),
    ]
    figure = only(text)
    assert (figure.subject, figure.attribution) == ("Azerbaijan", "SIPRI")


def test_polish_the_verb_is_not_poland():
    # Aliases match case-sensitively: "Polish" names Poland, "polish" is a verb.
    text = "A consultancy was paid $3 million to polish the image of the armed forces."
    assert lexicon_index(DEFAULT_LEXICON).entities_in(text) == []
    assert only(text).subject is None
    assert only("Polish officials said defence spending reached $35 billion.").subject == "Poland"


@pytest.mark.parametrize(
    ("sentence", "subject", "counterparty"),
    [
        ("Польша потратит на оборону 35 млрд долларов в 2025 году.", "Poland", None),
        ("Расходы Швеции на оборону в 2025 году составят 11 млрд долларов.", "Sweden", None),
        ("Россия продала Венгрии вооружения на сумму 1 млрд долларов.", "Hungary", "Russia"),
        ("Индонезия закупила у Франции истребители на 8 млрд долларов.", "Indonesia", "France"),
        ("Варшава выделит на оборону 35 млрд долларов.", "Poland", None),
        ("Polonya 2025 yılında savunmaya 35 milyar dolar harcayacak.", "Poland", None),
        ("Polonya'nın savunma bütçesi 2025 yılında 35 milyar doları aşacak.", "Poland", None),
        ("Macaristan, Almanya'dan 500 milyon dolarlık tank satın aldı.", "Hungary", "Germany"),
        ("Endonezya, Fransa'dan 8 milyar dolarlık savaş uçağı satın aldı.", "Indonesia", "France"),
    ],
)
def test_the_four_countries_in_russian_and_turkish(sentence, subject, counterparty):
    figure = only(sentence)
    assert (figure.subject, figure.counterparty) == (subject, counterparty)


def test_the_subject_carries_from_the_previous_sentence_of_the_paragraph():
    carried = only("Azerbaijan's defence budget keeps rising. This year it reached $3.7 billion.")
    assert carried.subject == "Azerbaijan"
    acting = only("Azerbaijan raised its defence budget again. This year it reached $3.7 billion.")
    assert acting.subject == "Azerbaijan"
    own = only("Azerbaijan's defence budget reached $3.7 billion.")
    assert carried.confidence < own.confidence  # a carried subject is a weaker suggestion


def test_a_figure_whose_sentence_names_a_subject_keeps_it():
    text = "Azerbaijan's defence budget keeps rising. Armenia's reached $1.4 billion."
    assert only(text).subject == "Armenia"
    text = "Armenia raised its budget. Talks in Moscow ended as it reached $1.4 billion."
    assert only(text).subject == "Armenia"  # the place does not interrupt the paragraph


@pytest.mark.parametrize("gap", ["\n\n", "\n \n", "\n\n\n"])
def test_the_subject_does_not_carry_across_a_blank_line(gap):
    text = f"Azerbaijan's defence budget keeps rising.{gap}This year it reached $3.7 billion."
    assert only(text).subject is None


def test_the_subject_carries_across_a_single_line_break():
    text = "Azerbaijan's defence budget keeps rising.\nThis year it reached $3.7 billion."
    assert only(text).subject == "Azerbaijan"


def test_a_period_in_another_clause_of_the_sentence_dates_the_figure():
    figure = only("In 2024, as tensions rose, the budget reached $3.7 billion.")
    assert (figure.period_start, figure.period_end) == (2024, 2024)
    figure = only("The budget, which parliament approved in 2023 after a debate, was $3.7 billion.")
    assert figure.period_start == 2023


@pytest.mark.parametrize(
    "sentence",
    [
        "In 2024, as tensions with Armenia rose after the war, Azerbaijan allocated $3.7 billion.",
        "After clashes on the border with Armenia, Azerbaijan allocated $3.7 billion to defence.",
    ],
)
def test_a_name_in_another_clause_after_a_preposition_is_not_the_actor(sentence):
    figure = only(sentence)
    assert figure.subject == "Azerbaijan"
    assert figure.period_start == (2024 if "2024" in sentence else None)


def test_a_name_after_a_preposition_is_the_actor_when_no_one_else_is_named():
    assert only("Talks with Armenia ended as spending reached $1.4 billion.").subject == "Armenia"
