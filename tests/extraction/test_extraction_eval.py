"""The extractor measured against the shared annotated data, and the scorer itself.

The targets come from issue 4. The data lives outside the repository (../shared/eval);
these tests skip with a reason when it is not there. The scorer is tested separately
with hand-made gold rows and fake predictions, so that it is proven independent of the
extractor it scores. Nothing here needs Django.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from articles.extraction.evaluation import (
    EvaluationReport,
    benchmark_sentences,
    evaluate,
    format_period,
)

from .public_sets import SHARED_EVAL_DIR, read_rows

SEEDS_GOLD = SHARED_EVAL_DIR / "seeds_gold.jsonl"
PEER_SUITE = SHARED_EVAL_DIR / "peer_currency_en.jsonl"


def _rows(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        pytest.skip(f"evaluation data not found at {path}")
    return read_rows(path)


@pytest.fixture(scope="module")
def seed_report() -> EvaluationReport:
    return evaluate(_rows(SEEDS_GOLD))


@pytest.fixture(scope="module")
def peer_report() -> EvaluationReport:
    return evaluate(_rows(PEER_SUITE))


# --- targets -----------------------------------------------------------------------------


def test_seed_gold_detection_f1_is_at_least_0_95(seed_report: EvaluationReport):
    assert seed_report.f1 >= 0.95, seed_report.format_table()


def test_seed_gold_value_accuracy_is_at_least_0_98(seed_report: EvaluationReport):
    assert seed_report.value_accuracy is not None
    assert seed_report.value_accuracy >= 0.98, seed_report.format_table()


@pytest.mark.parametrize("attribute", ["subject", "metric", "period"])
def test_seed_gold_context_accuracy_is_at_least_0_85(seed_report: EvaluationReport, attribute: str):
    accuracy = getattr(seed_report, f"{attribute}_accuracy")
    assert accuracy is not None
    assert accuracy >= 0.85, seed_report.format_table()


def test_peer_suite_detection_f1_is_at_least_0_90(peer_report: EvaluationReport):
    assert peer_report.f1 >= 0.90, peer_report.format_table()


# --- the scorer, with fake predictions ---------------------------------------------------


@dataclass(frozen=True)
class Fake:
    start: int
    end: int
    value: Decimal | None = None
    low: Decimal | None = None
    currency: str | None = "USD"
    subject: str | None = None
    metric: str | None = None
    period_start: int | None = None
    period_end: int | None = None


def fixed(predictions: dict[str, list[Fake]]):
    """A predictor that answers from a table keyed by sentence."""

    def predict(sentence: str, published: datetime.date | None) -> list[Fake]:
        return predictions.get(sentence, [])

    return predict


SENTENCE = "Baku paid $2 billion in 2020 and 30 tanks arrived."
GOLD_ROW = {
    "id": "g1",
    "sentence": SENTENCE,
    "figures": [
        {
            "text": "$2 billion",
            "value_usd": 2_000_000_000.0,
            "currency": "USD",
            "subject": "Azerbaijan",
            "metric": "arms_deal",
            "period": "2020",
        },
        {"text": "30 tanks", "value_usd": None, "currency": None, "count": 30, "unit": "tanks"},
    ],
}


def test_scorer_gives_full_marks_to_a_perfect_prediction():
    perfect = Fake(
        10,
        20,
        Decimal(2_000_000_000),
        subject="Azerbaijan",
        metric="arms-deal",
        period_start=2020,
        period_end=2020,
    )
    tanks = Fake(33, 41, Decimal(30), currency=None)
    report = evaluate([GOLD_ROW], fixed({SENTENCE: [perfect, tanks]}))
    assert (report.precision, report.recall, report.f1) == (1.0, 1.0, 1.0)
    for attribute in ("value", "currency", "subject", "metric", "period"):
        assert getattr(report, f"{attribute}_accuracy") == 1.0
    assert (report.gold_counts, report.matched_counts) == (1, 1)
    assert report.findings == ()


def test_scorer_counts_misses_and_false_positives():
    wrong_place = Fake(0, 4)  # "Baku" is not the figure
    report = evaluate([GOLD_ROW], fixed({SENTENCE: [wrong_place]}))
    assert (report.matched_money, report.predicted_money, report.gold_money) == (0, 1, 1)
    assert (report.precision, report.recall, report.f1) == (0.0, 0.0, 0.0)
    assert {f.kind for f in report.findings} == {"missed", "false_positive"}


def test_scorer_matches_on_any_overlap_but_each_gold_only_once():
    overlapping = [Fake(9, 15, Decimal(2_000_000_000)), Fake(14, 20, Decimal(2_000_000_000))]
    report = evaluate([GOLD_ROW], fixed({SENTENCE: overlapping}))
    assert (report.matched_money, report.predicted_money) == (1, 2)
    assert report.precision == 0.5
    assert report.recall == 1.0
    assert report.f1 == pytest.approx(2 / 3)


def test_scorer_keeps_counts_out_of_detection():
    count_only = Fake(33, 41, Decimal(30), currency=None)
    report = evaluate([GOLD_ROW], fixed({SENTENCE: [count_only]}))
    assert report.predicted_money == 0
    assert report.recall == 0.0
    assert report.matched_counts == 1


def test_scorer_value_tolerance_is_half_a_percent_and_uses_the_low_bound_of_ranges():
    close = Fake(10, 20, Decimal(2_009_000_000))  # 0.45 % off
    far = Fake(10, 20, Decimal(2_020_000_000))  # 1 % off
    a_range = Fake(10, 20, None, low=Decimal(2_000_000_000))
    scores = [
        evaluate([GOLD_ROW], fixed({SENTENCE: [prediction]})).value_accuracy
        for prediction in (close, far, a_range)
    ]
    assert scores == [1.0, 0.0, 1.0]


def test_scorer_needs_usd_for_a_right_value():
    in_euros = Fake(10, 20, Decimal(2_000_000_000), currency="EUR")
    report = evaluate([GOLD_ROW], fixed({SENTENCE: [in_euros]}))
    assert (report.value_accuracy, report.currency_accuracy) == (0.0, 0.0)


def test_scorer_compares_underscored_gold_metrics_with_hyphenated_slugs():
    hyphen = Fake(10, 20, metric="arms-deal")
    underscore = Fake(10, 20, metric="arms_deal")
    assert evaluate([GOLD_ROW], fixed({SENTENCE: [hyphen]})).metric_accuracy == 1.0
    assert evaluate([GOLD_ROW], fixed({SENTENCE: [underscore]})).metric_accuracy == 0.0


def test_scorer_writes_periods_as_the_gold_does():
    assert format_period(2020, 2020) == "2020"
    assert format_period(2016, 2023) == "2016-2023"
    assert format_period(None, None) is None
    span_row = {**GOLD_ROW, "figures": [{**GOLD_ROW["figures"][0], "period": "2016-2023"}]}
    prediction = Fake(10, 20, period_start=2016, period_end=2023)
    assert evaluate([span_row], fixed({SENTENCE: [prediction]})).period_accuracy == 1.0


def test_scorer_skips_attributes_the_gold_leaves_open():
    open_row = {
        "id": "g2",
        "sentence": "It cost 50 cents.",
        "figures": [
            {"text": "50 cents", "value_usd": None, "currency": "Cent", "subject": None},
        ],
    }
    report = evaluate([open_row], fixed({"It cost 50 cents.": [Fake(8, 16)]}))
    assert report.f1 == 1.0
    for attribute in ("value", "currency", "subject", "metric", "period"):
        assert getattr(report, f"{attribute}_scored") == 0
        assert getattr(report, f"{attribute}_accuracy") is None


def test_scorer_reads_a_repeated_gold_text_as_successive_occurrences():
    sentence = "50 dollar 50 dollar"
    row = {
        "id": "g3",
        "sentence": sentence,
        "figures": [
            {"text": "50 dollar", "value_usd": 50.0, "currency": "USD"},
            {"text": "50 dollar", "value_usd": 50.0, "currency": "USD"},
        ],
    }
    both = [Fake(0, 9, Decimal(50)), Fake(10, 19, Decimal(50))]
    report = evaluate([row], fixed({sentence: both}))
    assert (report.matched_money, report.f1) == (2, 1.0)


def test_scorer_passes_the_publication_date_to_the_predictor():
    seen: list[datetime.date | None] = []

    def predict(sentence: str, published: datetime.date | None) -> list[Fake]:
        seen.append(published)
        return []

    evaluate([{**GOLD_ROW, "published": "2016-11-21"}, GOLD_ROW], predict)
    assert seen == [datetime.date(2016, 11, 21), None]


def test_report_renders_as_json_and_as_a_table():
    wrong_value = Fake(10, 20, Decimal(1))
    report = evaluate([GOLD_ROW], fixed({SENTENCE: [wrong_value]}))
    data = json.loads(json.dumps(report.as_dict()))
    assert data["f1"] == 1.0
    assert data["findings"][0] == {
        "row_id": "g1",
        "kind": "value",
        "text": "$2 billion",
        "expected": 2_000_000_000.0,
        "got": 1.0,
    }
    table = report.format_table()
    assert "F1                    1.000" in table
    assert "value accuracy        0.000  (0/1)" in table


def test_benchmark_reports_sentences_per_second():
    calls: list[str] = []

    def predict(sentence: str, published: datetime.date | None) -> list[Fake]:
        calls.append(sentence)
        return []

    rate = benchmark_sentences(["a", "b"], repeat=3, predict=predict)
    assert len(calls) == 6
    assert rate > 0
