"""Compare the figure extractor with general-purpose libraries on the shared eval data.

A script, not a test:

    .venv/bin/python bench/extraction_compare.py [--repeat N] [--json]

It scores each system with the project's own scorer (articles.extraction.evaluation) on
../shared/eval/seeds_gold.jsonl and ../shared/eval/peer_currency_en.jsonl, and times it
on the same sentences on one core. Libraries that are not installed are skipped; none of
them is a project dependency. Install them into the venv for a comparison only:

    .venv/bin/pip install recognizers-text-number-with-unit==1.0.2a2 emoji==1.7.0 \\
        quantulum3==0.10.0 price-parser==0.5.1

(recognizers-text 1.0.2a2 imports `emoji.UNICODE_EMOJI`, which emoji 2 removed.)
Only money is compared: the libraries' outputs are mapped to the scorer's fields (span,
value, currency); they infer no subject, metric or period.
"""

from __future__ import annotations

import argparse
import datetime
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from importlib import metadata
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from articles.extraction import extract_figures  # noqa: E402
from articles.extraction.currency import resolve  # noqa: E402
from articles.extraction.evaluation import benchmark_sentences, evaluate  # noqa: E402

EVAL_DIR = REPO.parent / "shared" / "eval"
Predict = Callable[[str, datetime.date | None], Sequence[Any]]


@dataclass(frozen=True)
class Prediction:
    """A library's answer in the shape the scorer reads."""

    start: int
    end: int
    value: Decimal | None
    currency: str | None
    low: Decimal | None = None
    subject: None = None
    metric: None = None
    period_start: None = None
    period_end: None = None


def _decimal(raw: object) -> Decimal | None:
    if raw is None:
        return None
    try:
        return Decimal(str(raw))
    except InvalidOperation:
        return None


def ours() -> tuple[str, Predict]:
    return "factcheck", lambda sentence, published: extract_figures(sentence, published=published)


def recognizers() -> tuple[str, Predict] | None:
    try:
        from recognizers_number_with_unit import NumberWithUnitRecognizer
        from recognizers_text import Culture
    except ImportError:
        return None
    model = NumberWithUnitRecognizer(Culture.English).get_currency_model()
    dollar_names = {"Dollar", "United States dollar"}

    def predict(sentence: str, published: datetime.date | None) -> list[Prediction]:
        found = []
        for result in model.parse(sentence):
            resolution = result.resolution or {}
            unit = resolution.get("unit")
            code = resolution.get("isoCurrency") or ("USD" if unit in dollar_names else unit)
            # The library's end offset is inclusive.
            found.append(
                Prediction(result.start, result.end + 1, _decimal(resolution.get("value")), code)
            )
        return found

    return f"recognizers-text {metadata.version('recognizers-text-number-with-unit')}", predict


def quantulum() -> tuple[str, Predict] | None:
    try:
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # it warns that its optional classifier is absent
            from quantulum3 import parser
    except ImportError:
        return None

    def predict(sentence: str, published: datetime.date | None) -> list[Prediction]:
        found = []
        for quantity in parser.parse(sentence):
            if quantity.unit.entity.name != "currency":
                continue
            code = getattr(quantity.unit, "currency_code", None) or quantity.unit.name
            start, end = quantity.span
            found.append(Prediction(start, end, _decimal(quantity.value), code))
        return found

    return f"quantulum3 {metadata.version('quantulum3')}", predict


def price_parser() -> tuple[str, Predict] | None:
    try:
        from price_parser import Price
    except ImportError:
        return None

    def predict(sentence: str, published: datetime.date | None) -> list[Prediction]:
        price = Price.fromstring(sentence)
        if price.amount is None or price.amount_text is None:
            return []
        # One price per string, located by its amount text; the currency marker it found
        # is resolved with our table so that "$" and "USD" compare equal.
        start = sentence.find(price.amount_text)
        if start < 0:
            return []
        currency = resolve(price.currency) if price.currency else None
        code = currency.code if currency else (price.currency or "unknown")
        return [Prediction(start, start + len(price.amount_text), price.amount, code)]

    return f"price-parser {metadata.version('price-parser')}", predict


def _rows(name: str) -> list[dict[str, Any]]:
    path = EVAL_DIR / name
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def main() -> int:
    arguments = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    arguments.add_argument("--repeat", type=int, default=3, help="timing passes (default 3)")
    arguments.add_argument("--json", action="store_true", help="print JSON instead of a table")
    options = arguments.parse_args()
    if not EVAL_DIR.exists():
        print(f"no evaluation data at {EVAL_DIR}", file=sys.stderr)
        return 2

    seeds, peers = _rows("seeds_gold.jsonl"), _rows("peer_currency_en.jsonl")
    sentences = [row["sentence"] for row in seeds + peers]
    systems = [ours()] + [s for s in (recognizers(), quantulum(), price_parser()) if s]
    results = []
    for name, predict in systems:
        benchmark_sentences(sentences[:20], 1, predict)  # load lazily built tables first
        speed = benchmark_sentences(sentences, options.repeat, predict)
        seed_report = evaluate(seeds, predict)
        peer_report = evaluate(peers, predict)
        results.append(
            {
                "system": name,
                "sentences_per_second": round(speed),
                "seed_f1": round(seed_report.f1, 3),
                "seed_value_accuracy": _rounded(seed_report.value_accuracy),
                "peer_f1": round(peer_report.f1, 3),
                "peer_value_accuracy": _rounded(peer_report.value_accuracy),
            }
        )
    base = results[0]["sentences_per_second"]
    for result in results:
        result["factcheck_speed_ratio"] = round(base / result["sentences_per_second"], 1)

    if options.json:
        print(json.dumps(results, indent=2))
        return 0
    header = f"{'system':32} {'sent/s':>8} {'ratio':>7} {'seed F1':>8} {'seed val':>9}"
    print(header + f" {'peer F1':>8} {'peer val':>9}")
    for r in results:
        print(
            f"{r['system']:32} {r['sentences_per_second']:>8} "
            f"{r['factcheck_speed_ratio']:>6}x {r['seed_f1']:>8} {_shown(r['seed_value_accuracy'])}"
            f" {r['peer_f1']:>8} {_shown(r['peer_value_accuracy'])}"
        )
    print(
        f"\n{len(sentences)} sentences x {options.repeat} passes; ratio = factcheck speed / system"
    )
    return 0


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def _shown(value: float | None) -> str:
    return f"{'n/a' if value is None else value:>9}"


if __name__ == "__main__":
    sys.exit(main())
