"""Scoring the extractor against annotated sentences, and measuring its speed.

This module owns the measurement described in `shared/eval/README.md`, so that the
numbers in a note, a test and the `evaluate_extraction` command are computed one way:

- a prediction matches a gold figure when their character spans overlap; each gold
  figure matches at most one prediction (largest overlap first);
- detection precision, recall and F1 count money figures only: gold figures with a
  currency, predictions whose currency is not None;
- on matched money figures: the value is right when the gold currency is USD and the
  predicted value (or lower bound when there is no single value) is within 0.5 % of
  `value_usd`; currency is compared where the gold gives an ISO code (subunit names such
  as "Cent" only count for detection); subject, metric and period where the gold gives
  them (gold metrics use underscores, ours hyphens; periods are "YYYY" or "YYYY-YYYY").

Counts (gold figures without a currency) are matched the same way among the predictions
left over and reported separately; they do not enter detection F1.

The scorer takes any `predict(sentence, published)` callable, so it can score other
extractors (see bench/extraction_compare.py) and is tested with fake predictions.
"""

from __future__ import annotations

import datetime
import re
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any, Protocol

from .figures import extract_figures

VALUE_TOLERANCE = 0.005
_ISO_CODE_RE = re.compile(r"^[A-Z]{3}$")


class Predicted(Protocol):
    """What the scorer reads from a prediction; FigureMention satisfies it."""

    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def value(self) -> Decimal | None: ...
    @property
    def low(self) -> Decimal | None: ...
    @property
    def currency(self) -> str | None: ...
    @property
    def subject(self) -> str | None: ...
    @property
    def metric(self) -> str | None: ...
    @property
    def period_start(self) -> int | None: ...
    @property
    def period_end(self) -> int | None: ...


Predict = Callable[[str, datetime.date | None], Sequence[Predicted]]


def _default_predict(sentence: str, published: datetime.date | None) -> Sequence[Predicted]:
    return extract_figures(sentence, published=published)


@dataclass(frozen=True)
class Finding:
    """One disagreement with the gold, for debugging."""

    row_id: str
    kind: str  # missed, false_positive, value, currency, subject, metric, period
    text: str
    expected: Any = None
    got: Any = None


@dataclass(frozen=True)
class EvaluationReport:
    rows: int
    gold_money: int
    predicted_money: int
    matched_money: int
    precision: float
    recall: float
    f1: float
    value_correct: int
    value_scored: int
    value_accuracy: float | None
    currency_correct: int
    currency_scored: int
    currency_accuracy: float | None
    subject_correct: int
    subject_scored: int
    subject_accuracy: float | None
    metric_correct: int
    metric_scored: int
    metric_accuracy: float | None
    period_correct: int
    period_scored: int
    period_accuracy: float | None
    gold_counts: int
    predicted_counts: int
    matched_counts: int
    findings: tuple[Finding, ...] = field(default=())

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["findings"] = [asdict(f) for f in self.findings]
        return data

    def format_table(self) -> str:
        """A human summary: detection, then each accuracy with the counts behind it."""

        def ratio(value: float | None, right: int, scored: int) -> str:
            shown = "n/a" if value is None else f"{value:.3f}"
            return f"{shown:>7}  ({right}/{scored})"

        lines = [
            f"rows                {self.rows}",
            f"money figures       gold {self.gold_money}, predicted {self.predicted_money}, "
            f"matched {self.matched_money}",
            f"precision           {self.precision:7.3f}",
            f"recall              {self.recall:7.3f}",
            f"F1                  {self.f1:7.3f}",
            "value accuracy      "
            + ratio(self.value_accuracy, self.value_correct, self.value_scored),
            "currency accuracy   "
            + ratio(self.currency_accuracy, self.currency_correct, self.currency_scored),
            "subject accuracy    "
            + ratio(self.subject_accuracy, self.subject_correct, self.subject_scored),
            "metric accuracy     "
            + ratio(self.metric_accuracy, self.metric_correct, self.metric_scored),
            "period accuracy     "
            + ratio(self.period_accuracy, self.period_correct, self.period_scored),
            f"counts              gold {self.gold_counts}, predicted {self.predicted_counts}, "
            f"matched {self.matched_counts}",
        ]
        return "\n".join(lines)


def evaluate(rows: Iterable[dict[str, Any]], predict: Predict | None = None) -> EvaluationReport:
    """Score `predict` (the extractor by default) on rows in the shared/eval format."""
    predictor = predict or _default_predict
    tally = _Tally()
    for row in rows:
        sentence = row["sentence"]
        published = _parse_date(row.get("published"))
        gold = _GoldFigure.read_all(sentence, row.get("figures", []))
        tally.add(
            str(row.get("id", tally.rows)), sentence, gold, list(predictor(sentence, published))
        )
    return tally.report()


def format_period(start: int | None, end: int | None) -> str | None:
    """A predicted period in the gold's notation: "2020" or "2016-2023"."""
    if start is None:
        return None
    if end is None:
        return f"{start}-"
    return str(start) if start == end else f"{start}-{end}"


def benchmark_sentences(
    sentences: Sequence[str], repeat: int = 1, predict: Predict | None = None
) -> float:
    """Sentences per second for `predict` (the extractor by default) on one core."""
    predictor = predict or _default_predict
    started = time.perf_counter()
    for _ in range(repeat):
        for sentence in sentences:
            predictor(sentence, None)
    elapsed = time.perf_counter() - started
    return len(sentences) * repeat / elapsed if elapsed > 0 else float("inf")


def _parse_date(raw: Any) -> datetime.date | None:
    if not raw:
        return None
    try:
        return datetime.date.fromisoformat(str(raw))
    except ValueError:
        return None


@dataclass(frozen=True)
class _GoldFigure:
    start: int
    end: int
    raw: dict[str, Any]

    @classmethod
    def read_all(cls, sentence: str, figures: Iterable[dict[str, Any]]) -> list[_GoldFigure]:
        """Locate each gold text in the sentence; a text given twice ("50 dollar 50
        dollar") is its successive occurrences, not the first one twice."""
        located = []
        searched_from: dict[str, int] = {}
        for figure in figures:
            text = figure["text"]
            start = figure.get("start")
            if start is None:
                start = sentence.find(text, searched_from.get(text, 0))
                if start < 0:
                    start = sentence.find(text)
                searched_from[text] = start + len(text) if start >= 0 else 0
            located.append(cls(start, start + len(text) if start >= 0 else -1, figure))
        return located

    @property
    def is_money(self) -> bool:
        return self.raw.get("currency") is not None


def _overlap(a_start: int, a_end: int, b_start: int, b_end: int) -> int:
    return max(0, min(a_end, b_end) - max(a_start, b_start))


def _match(gold: list[_GoldFigure], predicted: list[Predicted]) -> list[tuple[int, int]]:
    """One-to-one pairs (gold index, prediction index), largest overlap first."""
    candidates = [
        (_overlap(g.start, g.end, p.start, p.end), gi, pi)
        for gi, g in enumerate(gold)
        for pi, p in enumerate(predicted)
        if g.start >= 0 and _overlap(g.start, g.end, p.start, p.end) > 0
    ]
    candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    pairs = []
    for _, gi, pi in candidates:
        if gi not in used_gold and pi not in used_pred:
            used_gold.add(gi)
            used_pred.add(pi)
            pairs.append((gi, pi))
    return pairs


class _Tally:
    """Running counts while rows are scored; `report()` freezes them."""

    def __init__(self) -> None:
        self.rows = 0
        self.counts: dict[str, int] = dict.fromkeys(
            [
                "gold_money",
                "predicted_money",
                "matched_money",
                "value_correct",
                "value_scored",
                "currency_correct",
                "currency_scored",
                "subject_correct",
                "subject_scored",
                "metric_correct",
                "metric_scored",
                "period_correct",
                "period_scored",
                "gold_counts",
                "predicted_counts",
                "matched_counts",
            ],
            0,
        )
        self.findings: list[Finding] = []

    def add(
        self, row_id: str, sentence: str, gold: list[_GoldFigure], predicted: list[Predicted]
    ) -> None:
        self.rows += 1
        c = self.counts
        gold_money = [g for g in gold if g.is_money]
        gold_counts = [g for g in gold if not g.is_money]
        pred_money = [p for p in predicted if p.currency is not None]
        pred_counts = [p for p in predicted if p.currency is None]
        c["gold_money"] += len(gold_money)
        c["predicted_money"] += len(pred_money)
        c["gold_counts"] += len(gold_counts)
        c["predicted_counts"] += len(pred_counts)

        money_pairs = _match(gold_money, pred_money)
        c["matched_money"] += len(money_pairs)
        matched_gold = {gi for gi, _ in money_pairs}
        matched_pred = {pi for _, pi in money_pairs}
        for gi, g in enumerate(gold_money):
            if gi not in matched_gold:
                self.findings.append(Finding(row_id, "missed", g.raw["text"]))
        for pi, p in enumerate(pred_money):
            if pi not in matched_pred:
                self.findings.append(
                    Finding(row_id, "false_positive", sentence[p.start : p.end], got=p.currency)
                )
        for gi, pi in money_pairs:
            self._score_attributes(row_id, gold_money[gi], pred_money[pi])

        c["matched_counts"] += len(_match(gold_counts, pred_counts))

    def _score_attributes(self, row_id: str, gold: _GoldFigure, pred: Predicted) -> None:
        raw = gold.raw
        text = raw["text"]
        value_usd = raw.get("value_usd")
        if raw.get("currency") == "USD" and value_usd is not None:
            got = pred.value if pred.value is not None else pred.low
            right = (
                pred.currency == "USD"
                and got is not None
                and abs(float(got) - float(value_usd)) <= VALUE_TOLERANCE * abs(float(value_usd))
            )
            self._record(row_id, "value", text, right, value_usd, _plain(got))
        currency = raw.get("currency")
        if currency and _ISO_CODE_RE.match(currency):
            self._record(
                row_id, "currency", text, pred.currency == currency, currency, pred.currency
            )
        if raw.get("subject") is not None:
            right = pred.subject == raw["subject"]
            self._record(row_id, "subject", text, right, raw["subject"], pred.subject)
        if raw.get("metric") is not None:
            expected = raw["metric"].replace("_", "-")
            self._record(row_id, "metric", text, pred.metric == expected, expected, pred.metric)
        if raw.get("period") is not None:
            got_period = format_period(pred.period_start, pred.period_end)
            right = got_period == str(raw["period"])
            self._record(row_id, "period", text, right, raw["period"], got_period)

    def _record(
        self, row_id: str, kind: str, text: str, right: bool, expected: Any, got: Any
    ) -> None:
        self.counts[f"{kind}_scored"] += 1
        if right:
            self.counts[f"{kind}_correct"] += 1
        else:
            self.findings.append(Finding(row_id, kind, text, expected, got))

    def report(self) -> EvaluationReport:
        c = self.counts
        precision = c["matched_money"] / c["predicted_money"] if c["predicted_money"] else 0.0
        recall = c["matched_money"] / c["gold_money"] if c["gold_money"] else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0

        def accuracy(kind: str) -> float | None:
            scored = c[f"{kind}_scored"]
            return c[f"{kind}_correct"] / scored if scored else None

        return EvaluationReport(
            rows=self.rows,
            gold_money=c["gold_money"],
            predicted_money=c["predicted_money"],
            matched_money=c["matched_money"],
            precision=precision,
            recall=recall,
            f1=f1,
            value_correct=c["value_correct"],
            value_scored=c["value_scored"],
            value_accuracy=accuracy("value"),
            currency_correct=c["currency_correct"],
            currency_scored=c["currency_scored"],
            currency_accuracy=accuracy("currency"),
            subject_correct=c["subject_correct"],
            subject_scored=c["subject_scored"],
            subject_accuracy=accuracy("subject"),
            metric_correct=c["metric_correct"],
            metric_scored=c["metric_scored"],
            metric_accuracy=accuracy("metric"),
            period_correct=c["period_correct"],
            period_scored=c["period_scored"],
            period_accuracy=accuracy("period"),
            gold_counts=c["gold_counts"],
            predicted_counts=c["predicted_counts"],
            matched_counts=c["matched_counts"],
            findings=tuple(self.findings),
        )


def _plain(value: Decimal | None) -> float | None:
    return None if value is None else float(value)
