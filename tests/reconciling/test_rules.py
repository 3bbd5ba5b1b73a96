"""The conflict rules alone, without a database: facts built by hand and by hypothesis."""

from __future__ import annotations

import random
from decimal import Decimal
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from articles.reconciling import (
    CURRENCY_MISMATCH,
    METRIC_CONFUSION,
    PERIOD_REUSE,
    SCOPE_DIFFERENCE,
    TOTAL_MISMATCH,
    UNIT_MISMATCH,
    VALUE_MISMATCH,
    Fact,
    Rates,
    Tolerances,
    Wanted,
    findings_evaluate,
)

TOLERANCES = Tolerances(value=Decimal("0.05"), same_value=Decimal("0.01"))
BN = Decimal(10) ** 9


def fact(pk: int, value: str | None, **fields: Any) -> Fact:
    data: dict[str, Any] = {
        "id": pk,
        "subject_id": 1,
        "metric_id": 10,
        "unit": "USD",
        "period_start": 2024,
        "period_end": 2024,
        "value": None if value is None else Decimal(value) * BN,
        "low": None,
        "high": None,
        "qualifier": "exact",
        "article_id": pk,
    }
    data.update(fields)
    return Fact(**data)


def figures_of(facts) -> dict:
    keys = {f.figure_key for f in facts if f.figure_key}
    return {key: n for n, key in enumerate(sorted(keys, key=str), start=1)}


def evaluate(facts, wanted=None):
    return findings_evaluate(
        facts, tolerances=TOLERANCES, figure_of=figures_of(facts), wanted=wanted
    )


def kinds(findings) -> list[str]:
    return sorted(f.kind for f in findings.values())


def test_two_values_of_one_figure_that_disagree_are_a_value_mismatch():
    (finding,) = evaluate([fact(1, "3.7"), fact(2, "2.2")]).values()
    assert finding.kind == VALUE_MISMATCH
    assert finding.claim_ids == [1, 2]
    assert finding.key == "value_mismatch:figure:1"


def test_values_within_the_tolerance_agree():
    assert evaluate([fact(1, "3.7"), fact(2, "3.8")]) == {}  # 2.7 % apart, 5 % allowed


def test_a_metric_tolerance_overrides_the_default():
    strict = Decimal("0.001")
    facts = [fact(1, "3.7", tolerance=strict), fact(2, "3.8", tolerance=strict)]
    assert kinds(evaluate(facts)) == [VALUE_MISMATCH]


def test_about_at_least_and_at_most_are_intervals():
    assert evaluate([fact(1, "3.7", qualifier="at_least"), fact(2, "9")]) == {}
    assert evaluate([fact(1, "3.7", qualifier="at_most"), fact(2, "1")]) == {}
    assert kinds(evaluate([fact(1, "3.7", qualifier="at_most"), fact(2, "9")])) == [VALUE_MISMATCH]
    assert evaluate([fact(1, "3.5", qualifier="approximately"), fact(2, "3.85")]) == {}


def test_one_period_in_two_units_is_a_unit_mismatch():
    findings = evaluate([fact(1, "3.7"), fact(2, "5.3", unit="AZN")])
    assert kinds(findings) == [UNIT_MISMATCH]


def test_a_unit_may_contain_any_character():
    odd = "USD|2024:prices"
    findings = evaluate([fact(1, "3.7", unit=odd), fact(2, "2.2", unit=odd)])
    assert kinds(findings) == [VALUE_MISMATCH]


def test_the_same_amount_for_two_years_is_period_reuse():
    findings = evaluate([fact(1, "3.7"), fact(2, "3.7", period_start=2013, period_end=2013)])
    assert kinds(findings) == [PERIOD_REUSE]


def test_the_same_amount_for_two_metrics_is_metric_confusion():
    findings = evaluate([fact(1, "2.2"), fact(2, "2.2", metric_id=11)])
    assert kinds(findings) == [METRIC_CONFUSION]


def test_overlapping_periods_do_not_reuse_a_value():
    facts = [fact(1, "3.7"), fact(2, "3.7", period_start=2023, period_end=2024)]
    assert PERIOD_REUSE not in kinds(evaluate(facts))


def test_a_cluster_is_bounded_by_its_smallest_value():
    # Each step is within 1 %, but the ends are 3 % apart: chained, it would be one cluster.
    facts = [
        fact(n, str(v), period_start=2000 + n, period_end=2000 + n)
        for n, v in enumerate(["3.00", "3.02", "3.04", "3.06", "3.09"], start=1)
    ]
    for finding in evaluate(facts).values():
        values = [f.value for f in finding.facts]
        assert max(values) <= min(values) * Decimal("1.01")


# --- Properties ------------------------------------------------------------------------------

amounts = st.decimals(min_value=1, max_value=50, places=1, allow_nan=False, allow_infinity=False)
facts_strategy = st.lists(
    st.tuples(
        st.integers(1, 2),  # subject
        st.integers(10, 12),  # metric
        st.integers(2020, 2023),  # year
        st.sampled_from(["USD", "AZN", "a|b"]),
        amounts,
        st.sampled_from(["exact", "approximately", "at_least", "at_most"]),
        # mostly yearly amounts; a total over three years; a deal with its seller and item
        st.sampled_from(["annual", "annual", "total", "transaction"]),
        st.sampled_from([(7, "JF-17"), (8, "Barak MX"), (7, "")]),
        st.sampled_from(["unspecified", "unspecified", "sipri"]),
    ),
    max_size=25,
).map(
    lambda rows: [
        Fact(
            id=n,
            subject_id=s,
            metric_id=m,
            unit=u,
            period_start=y,
            period_end=y + 2 if kind == "total" else y,
            value=a * BN,
            low=None,
            high=None,
            qualifier=q,
            article_id=n % 4,
            kind=kind,
            counterparty_id=deal[0] if kind == "transaction" else None,
            item=deal[1] if kind == "transaction" else "",
            scope=scope,
        )
        for n, (s, m, y, u, a, q, kind, deal, scope) in enumerate(rows, start=1)
    ]
)


def summary(findings) -> dict[str, tuple]:
    return {key: (f.kind, tuple(f.claim_ids), f.signature) for key, f in findings.items()}


@settings(max_examples=150, deadline=None)
@given(facts=facts_strategy, seed=st.integers())
def test_findings_do_not_depend_on_the_order_of_the_facts(facts, seed):
    shuffled = list(facts)
    random.Random(seed).shuffle(shuffled)
    figure_of = figures_of(facts)
    first = findings_evaluate(facts, tolerances=TOLERANCES, figure_of=figure_of)
    second = findings_evaluate(shuffled, tolerances=TOLERANCES, figure_of=figure_of)
    assert summary(first) == summary(second)
    assert summary(first) == summary(
        findings_evaluate(facts, tolerances=TOLERANCES, figure_of=figure_of)
    )  # and evaluating again changes nothing


@settings(max_examples=150, deadline=None)
@given(a=amounts, b=amounts)
def test_the_value_tolerance_is_symmetric(a, b):
    one = evaluate([fact(1, str(a)), fact(2, str(b))])
    other = evaluate([fact(1, str(b)), fact(2, str(a))])
    assert (VALUE_MISMATCH in kinds(one)) == (VALUE_MISMATCH in kinds(other))


@settings(max_examples=150, deadline=None)
@given(
    point=amounts,
    widths=st.lists(
        st.tuples(
            st.decimals(min_value=0, max_value=5, places=1),
            st.decimals(min_value=0, max_value=5, places=1),
        ),
        min_size=2,
        max_size=8,
    ),
)
def test_ranges_that_share_a_point_never_conflict(point, widths):
    facts = [
        fact(n, None, low=(point - below).max(Decimal(0)) * BN, high=(point + above) * BN)
        for n, (below, above) in enumerate(widths, start=1)
    ]
    assert VALUE_MISMATCH not in kinds(evaluate(facts))


@settings(max_examples=100, deadline=None)
@given(facts=facts_strategy, pick=st.integers(min_value=0))
def test_a_partial_run_finds_what_a_full_run_finds_in_its_partitions(facts, pick):
    if not facts:
        return
    chosen = facts[pick % len(facts)]
    wanted = Wanted(
        figure_keys=frozenset([chosen.figure_key]),
        periods=frozenset([chosen.figure_key[:4]]),
        subject_units=frozenset([(chosen.subject_id, chosen.unit)]),
        subject_metric_units=frozenset([(chosen.subject_id, chosen.metric_id, chosen.unit)]),
        deal_subjects=frozenset([chosen.subject_id]),
    )
    figure_of = figures_of(facts)
    full = findings_evaluate(facts, tolerances=TOLERANCES, figure_of=figure_of)
    partial = findings_evaluate(facts, tolerances=TOLERANCES, figure_of=figure_of, wanted=wanted)
    in_scope = {key: f for key, f in full.items() if chosen.id in f.claim_ids}
    assert set(in_scope) <= set(partial) <= set(full)
    assert summary(partial) == {key: summary(full)[key] for key in partial}


# --- Kinds: yearly amounts, totals, deals ------------------------------------------------------

DEAL_METRIC = 20
PAKISTAN, ISRAEL = 7, 8


def deal(
    pk: int, value: str, seller: int | None, item: str = "", year: int = 2023, **fields
) -> Fact:
    return fact(
        pk,
        value,
        metric_id=DEAL_METRIC,
        kind="transaction",
        counterparty_id=seller,
        item=item,
        period_start=year,
        period_end=year,
        **fields,
    )


def test_two_different_deals_in_one_year_do_not_conflict():
    facts = [deal(1, "1.6", PAKISTAN, "JF-17"), deal(2, "1.2", ISRAEL, "Barak MX")]
    assert evaluate(facts) == {}


def test_one_deal_reported_at_two_prices_conflicts_and_is_keyed_by_the_deal():
    facts = [
        deal(1, "1.6", PAKISTAN, "JF-17 Block III"),
        deal(2, "1.2", PAKISTAN, "jf-17  block iii"),
    ]
    (finding,) = evaluate(facts).values()
    assert finding.kind == VALUE_MISMATCH
    assert finding.key == f"value_mismatch:deals:1:{DEAL_METRIC}:{PAKISTAN}:jf-17 block iii:2023"


def test_one_deal_reported_in_the_year_signed_and_the_year_delivered_conflicts():
    facts = [deal(1, "1.6", PAKISTAN, "JF-17", year=2023),
             deal(2, "1.2", PAKISTAN, "JF-17", year=2024)]  # fmt: skip
    (finding,) = evaluate(facts).values()
    assert (finding.kind, finding.claim_ids, finding.figure_id) == (VALUE_MISMATCH, [1, 2], None)


def test_the_same_item_bought_again_years_later_is_another_deal():
    facts = [deal(1, "1.6", PAKISTAN, "JF-17", year=2016),
             deal(2, "1.2", PAKISTAN, "JF-17", year=2023)]  # fmt: skip
    assert evaluate(facts) == {}


def test_deal_windows_start_at_the_earliest_report_whatever_the_order():
    years = [2016, 2017, 2018, 2019]  # 2016-2018 one deal, 2019 the next
    facts = [deal(n, str(1 + n / 10), PAKISTAN, "JF-17", year=y) for n, y in enumerate(years, 1)]
    for ordering in (facts, facts[::-1], facts[1:] + facts[:1]):
        (finding,) = evaluate(ordering).values()
        assert finding.claim_ids == [1, 2, 3]
        assert finding.key.endswith(":2016")


def test_reports_an_editor_linked_to_one_deal_are_compared_whatever_they_call_it():
    facts = [
        deal(1, "1.6", PAKISTAN, "JF-17 Thunder", deal_id=5),
        deal(2, "1.2", None, "fighter jets", year=2026, deal_id=5),
        deal(3, "1.2", PAKISTAN, "JF-17 Thunder"),  # not linked: its own report
    ]
    (finding,) = evaluate(facts).values()
    assert (finding.key, finding.claim_ids) == ("value_mismatch:deals:1:linked:5", [1, 2])


def test_one_deal_in_two_currencies_is_compared_in_dollars():
    same = [deal(1, "1.6", PAKISTAN, "JF-17"), deal(2, "2.72", PAKISTAN, "JF-17", unit="AZN")]
    assert with_rates(same) == {}  # 2.72 billion AZN at 1.7 = $1.6 billion
    apart = [deal(1, "1.2", PAKISTAN, "JF-17"), deal(2, "2.72", PAKISTAN, "JF-17", unit="AZN")]
    (finding,) = with_rates(apart).values()
    assert (finding.kind, finding.claim_ids) == (VALUE_MISMATCH, [1, 2])
    assert kinds(evaluate(apart)) == []  # without rates: each currency apart, one report each


def test_a_partial_run_answers_for_the_deals_of_its_subjects_only():
    facts = [deal(1, "1.6", PAKISTAN, "JF-17"), deal(2, "1.2", PAKISTAN, "JF-17")]
    assert evaluate(facts, wanted=Wanted(deal_subjects=frozenset({2}))) == {}
    assert len(evaluate(facts, wanted=Wanted(deal_subjects=frozenset({1})))) == 1


def test_a_deal_without_its_seller_is_compared_with_nothing():
    assert evaluate([deal(1, "1.6", None), deal(2, "1.2", None)]) == {}


def test_a_deal_price_given_as_a_yearly_budget_is_metric_confusion():
    budget = fact(2, "1.6", period_start=2023, period_end=2023)
    findings = evaluate([deal(1, "1.6", PAKISTAN, "JF-17"), budget])
    assert kinds(findings) == [METRIC_CONFUSION]


def test_two_deals_at_the_same_price_in_different_years_are_not_period_reuse():
    facts = [deal(1, "1.0", PAKISTAN, "JF-17"), deal(2, "1.0", ISRAEL, "Barak MX", year=2010)]
    assert evaluate(facts) == {}


def total(pk: int, value: str, start: int, end: int, **fields) -> Fact:
    return fact(pk, value, kind="total", period_start=start, period_end=end, **fields)


def yearly(pk: int, value: str, year: int) -> Fact:
    return fact(pk, value, period_start=year, period_end=year)


def test_a_total_is_checked_against_the_sum_of_its_years():
    years = [yearly(10 + n, v, 2007 + n) for n, v in enumerate(["2.5", "3", "3.5"])]  # 9
    (finding,) = evaluate([total(1, "10", 2007, 2009), *years]).values()
    assert finding.kind == TOTAL_MISMATCH
    assert finding.claim_ids == [1, 10, 11, 12]
    assert finding.key == "total_mismatch:1:10:USD:2007-2009"


def test_a_total_within_the_tolerance_of_its_sum_agrees():
    years = [yearly(10 + n, v, 2007 + n) for n, v in enumerate(["2.5", "3", "3.5"])]
    assert evaluate([total(1, "9.2", 2007, 2009), *years]) == {}


def test_a_total_is_not_checked_while_a_year_is_missing():
    years = [yearly(10, "3", 2007), yearly(12, "3.5", 2009)]
    assert evaluate([total(1, "20", 2007, 2009), *years]) == {}


def test_a_year_with_several_claims_counts_with_its_median():
    years = [yearly(10, "2", 2007), yearly(11, "4", 2008), yearly(12, "3.9", 2008)]
    years.append(yearly(13, "9", 2008))  # median of 3.9, 4 and 9: 4; 2 + 4 = 6
    assert TOTAL_MISMATCH not in kinds(evaluate([total(1, "6", 2007, 2008), *years]))


def test_a_total_and_a_yearly_amount_are_never_one_figure():
    # SIPRI's $22.7 billion for 2007-2016 is not a yearly level next to $3.7 billion.
    findings = evaluate([total(1, "22.7", 2007, 2016), yearly(2, "3.7", 2016)])
    assert VALUE_MISMATCH not in kinds(findings)


def test_a_unit_with_the_key_separator_is_escaped_in_keys():
    facts = [
        fact(1, "3.7", unit="a:b"),
        fact(2, "3.7", unit="a:b", period_start=2013, period_end=2013),
    ]
    (finding,) = evaluate(facts).values()
    assert finding.key.startswith("period_reuse:1:10:a%3Ab:")


@settings(max_examples=150, deadline=None)
@given(
    deals=st.lists(
        st.tuples(
            st.sampled_from([PAKISTAN, ISRAEL, 9]),
            st.sampled_from(["JF-17", "Barak MX", "Su-30"]),
            amounts,
        ),
        max_size=12,
    )
)
def test_different_deals_never_conflict(deals):
    facts = [deal(n, str(a), seller, item) for n, (seller, item, a) in enumerate(deals, 1)]
    for finding in evaluate(facts).values():
        assert finding.kind == VALUE_MISMATCH
        assert len({f.deal for f in finding.facts}) == 1


# --- Scope ---------------------------------------------------------------------------------------


def test_two_scopes_of_one_budget_are_a_scope_difference_not_a_value_mismatch():
    facts = [
        fact(1, "3.4", period_start=2013, period_end=2013, scope="defence-ministry"),
        fact(2, "3.7", period_start=2013, period_end=2013, scope="sipri"),
    ]
    (finding,) = evaluate(facts).values()
    assert finding.kind == SCOPE_DIFFERENCE
    assert finding.claim_ids == [1, 2]
    assert finding.key == "scope_difference:1:10:USD:annual:2013-2013"


def test_two_scopes_that_agree_raise_nothing():
    facts = [fact(1, "3.7", scope="defence-ministry"), fact(2, "3.75", scope="sipri")]
    assert evaluate(facts) == {}


def test_within_one_scope_values_are_compared_as_before():
    facts = [fact(1, "3.7", scope="sipri"), fact(2, "2.2", scope="sipri")]
    assert kinds(evaluate(facts)) == [VALUE_MISMATCH]


def test_a_total_is_summed_from_years_of_its_own_scope():
    years = [yearly(10 + n, v, 2007 + n) for n, v in enumerate(["2.5", "3", "3.5"])]
    sipri_total = total(1, "12", 2007, 2009, scope="sipri")
    assert TOTAL_MISMATCH not in kinds(evaluate([sipri_total, *years]))


def test_a_fact_from_a_row_equals_one_built_field_by_field():
    built = fact(1, "3.7", scope="sipri", kind="total", period_end=2026)
    row = tuple(getattr(built, name) for name in Fact._fields)
    from_row = Fact.from_row(row)
    assert from_row == built and hash(from_row) == hash(built)
    assert (from_row.figure_key, from_row.state_text) == (built.figure_key, built.state_text)


# --- Currencies ------------------------------------------------------------------------------


RATES = Rates({("AZN", 2023): Decimal("1.7"), ("TRY", 2004): Decimal("1.4")})


def with_rates(facts):
    return findings_evaluate(facts, tolerances=TOLERANCES, figure_of=figures_of(facts), rates=RATES)


def test_two_currencies_are_compared_through_the_years_average_rate():
    same = [fact(1, "3.12", period_start=2023, period_end=2023),
            fact(2, "5.3", unit="AZN", period_start=2023, period_end=2023)]  # fmt: skip
    assert with_rates(same) == {}
    apart = [fact(1, "2.2", period_start=2023, period_end=2023),
             fact(2, "5.3", unit="AZN", period_start=2023, period_end=2023)]  # fmt: skip
    assert kinds(with_rates(apart)) == [CURRENCY_MISMATCH]


def test_without_a_rate_two_currencies_stay_incomparable():
    facts = [fact(1, "3.12"), fact(2, "5.3", unit="AZN")]  # 2024: not in these rates
    assert kinds(with_rates(facts)) == [UNIT_MISMATCH]
    assert kinds(evaluate(facts)) == [UNIT_MISMATCH]  # no rates at all


def test_a_reviewers_cited_rate_replaces_the_years_average():
    # At the 2023 average (1.7) 5.3 billion manats are $3.12 billion, not $2.2 billion; at the
    # rate the reviewer cites for this claim (2.4 AZN per USD) they are.
    cited = fact(2, "5.3", unit="AZN", period_start=2023, period_end=2023, usd_rate=Decimal("2.4"))
    dollars = fact(1, "2.2", period_start=2023, period_end=2023)
    assert with_rates([dollars, cited]) == {}
    uncited = fact(2, "5.3", unit="AZN", period_start=2023, period_end=2023)
    assert kinds(with_rates([dollars, uncited])) == [CURRENCY_MISMATCH]


def test_a_cited_rate_is_part_of_what_a_flag_depends_on():
    before = fact(2, "5.3", unit="AZN", usd_rate=Decimal("1.7"))
    after = fact(2, "5.3", unit="AZN", usd_rate=Decimal("2.4"))
    assert before.digest != after.digest


def test_an_old_lira_amount_is_divided_by_the_redenomination_first():
    conversion = RATES.to_usd(Decimal("1.4e15"), "TRL", 2004)
    assert conversion.usd == Decimal("1e9")
    assert conversion.rate_text == "1,000,000 TRL = 1 TRY; 1.40 TRY per USD, 2004 average"
