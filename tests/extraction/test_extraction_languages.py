"""The extractor measured on the public Russian, Turkish and English sets (tests/eval).

The sets are new sentences written around figure expressions found in Russian-, Turkish-
and English-language news about South Caucasus and regional defence budgets and arms
deals, in the format of ../shared/eval (see its README). Issue 16 sets the targets on held-out sets
we do not have: F1 ≥ 0.90, value accuracy ≥ 0.95, subject, metric and period ≥ 0.80. The
thresholds here are what the extractor reaches on these sets less a small margin, so a
change that costs a language its reading fails here first. Nothing here needs Django.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from articles.extraction import extract_figures
from articles.extraction.evaluation import EvaluationReport, evaluate

from .extraction_speed import best_rates

EVAL_DIR = Path(__file__).resolve().parents[1] / "eval"
LANGUAGES = ("ru", "tr")
# The sets scored here: the two languages above, and English (`en_gold.jsonl`), whose
# speed is the yardstick rather than a language measured against it.
SETS = (*LANGUAGES, "en")
ENGLISH_SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "eval" / "seeds_gold.jsonl"


def _rows(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


@pytest.fixture(scope="module", params=SETS)
def language(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture(scope="module")
def reports() -> dict[str, EvaluationReport]:
    return {code: evaluate(_rows(EVAL_DIR / f"{code}_gold.jsonl")) for code in SETS}


def test_each_public_set_has_at_least_150_sentences_with_negatives(language: str):
    rows = _rows(EVAL_DIR / f"{language}_gold.jsonl")
    negatives = [r for r in rows if not any(f.get("currency") for f in r["figures"])]
    assert len(rows) >= 150
    assert len(rows) / 10 <= len(negatives) <= len(rows) / 4


def test_every_gold_figure_stands_in_its_sentence(language: str):
    for row in _rows(EVAL_DIR / f"{language}_gold.jsonl"):
        for figure in row["figures"]:
            assert figure["text"] in row["sentence"], row["id"]


def test_detection_f1_is_at_least_0_97(reports: dict[str, EvaluationReport], language: str):
    report = reports[language]
    assert report.f1 >= 0.97, report.format_table()


def test_usd_value_accuracy_is_at_least_0_97(reports: dict[str, EvaluationReport], language: str):
    report = reports[language]
    assert report.value_accuracy is not None
    assert report.value_accuracy >= 0.97, report.format_table()


def test_currency_accuracy_is_at_least_0_97(reports: dict[str, EvaluationReport], language: str):
    report = reports[language]
    assert report.currency_accuracy is not None
    assert report.currency_accuracy >= 0.97, report.format_table()


@pytest.mark.parametrize("attribute", ["subject", "metric", "period"])
def test_context_accuracy_is_at_least_0_93(
    reports: dict[str, EvaluationReport], language: str, attribute: str
):
    report = reports[language]
    accuracy = getattr(report, f"{attribute}_accuracy")
    assert accuracy is not None
    assert accuracy >= 0.93, report.format_table()


def test_value_in_the_figures_own_currency_is_right(language: str):
    """The scorer reads values in dollars only; these sets also give each figure's value
    in its own currency ("value"), which is checked here for manats, drams, liras ..."""
    scored = right = 0
    for row in _rows(EVAL_DIR / f"{language}_gold.jsonl"):
        predicted = [f for f in extract_figures(row["sentence"]) if f.currency]
        for gold in row["figures"]:
            if gold.get("currency") is None or gold.get("value") is None:
                continue
            start = row["sentence"].find(gold["text"])
            end = start + len(gold["text"])
            match = next((p for p in predicted if p.start < end and start < p.end), None)
            if match is None:
                continue
            scored += 1
            got = match.value if match.value is not None else match.low
            if got is not None and abs(float(got) - gold["value"]) <= 0.005 * gold["value"]:
                right += 1
    assert scored >= 150
    assert right / scored >= 0.97


def test_reading_both_languages_is_at_least_half_as_fast_as_english():
    """Issue 16: all languages together no slower than half of English's speed."""
    if not ENGLISH_SEEDS.exists():
        pytest.skip(f"English evaluation data not found at {ENGLISH_SEEDS}")
    english = [row["sentence"] for row in _rows(ENGLISH_SEEDS)]
    other = [r["sentence"] for code in LANGUAGES for r in _rows(EVAL_DIR / f"{code}_gold.jsonl")]
    english_rate, other_rate, cpu_seconds = best_rates(english, other, repeats=(20, 3))
    assert cpu_seconds < 120
    assert other_rate >= english_rate / 2, (other_rate, english_rate)
