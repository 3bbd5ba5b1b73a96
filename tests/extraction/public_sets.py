"""The public annotated sets the extractor's tests read, and the checks every set shares.

``tests/eval/xx_gold.jsonl`` are the project's own sets, one a language; the shared English
sets live outside the repository (``../shared/eval``) and may be absent.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from articles.extraction import extract_figures

from ..conftest import SHARED
from .extraction_speed import best_rates

EVAL_DIR = Path(__file__).resolve().parents[1] / "eval"
SHARED_EVAL_DIR = SHARED / "eval"
ENGLISH_SEEDS = SHARED_EVAL_DIR / "seeds_gold.jsonl"


def read_rows(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def language_rows(code: str) -> list[dict[str, Any]]:
    return read_rows(EVAL_DIR / f"{code}_gold.jsonl")


def own_currency_values(code: str) -> tuple[int, int]:
    """(figures scored, figures right) for the value in each figure's own currency, which
    the scorer (dollars only) leaves out: manats, drams, lari, rubles, liras ... A value is
    right within half a per cent; a range is read by its low end."""
    scored = right = 0
    for row in language_rows(code):
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
    return scored, right


def rates_beside_english(codes: Sequence[str]) -> tuple[float, float, float]:
    """Sentences per CPU second for the shared English seed sentences and for the sets of
    ``codes`` together, and the CPU seconds spent; skips without the English data."""
    if not ENGLISH_SEEDS.exists():
        pytest.skip(f"English evaluation data not found at {ENGLISH_SEEDS}")
    english = [row["sentence"] for row in read_rows(ENGLISH_SEEDS)]
    other = [row["sentence"] for code in codes for row in language_rows(code)]
    return best_rates(english, other, repeats=(20, 3))
