"""The extractor's output, `FigureMention`, and `extract_figures`, which produces it.

This module joins the two halves: spans and values from `mentions.py`, and subject,
metric, period and attribution from `context.py`. It also owns the confidence score,
because confidence is a judgement about the whole figure: an explicit currency with a
scale word and a named subject is a better suggestion for an editor than a bare count in
a sentence that names no one.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .context import Context, infer_contexts
from .lexicon import DEFAULT_LEXICON, Lexicon
from .mentions import RANGE, Amount, find_amounts
from .scanning import fold
from .sentences import sentence_spans


@dataclass(frozen=True)
class FigureMention:
    """One money figure or count in a text, with what the text says about it.

    `text == source[start:end]`. `value`, `low` and `high` are in the figure's own currency
    (or unit for counts). `low`/`high` are None for exact and approximate figures; `value`
    is None for ranges that have no single value.
    """

    text: str
    start: int
    end: int
    value: Decimal | None
    low: Decimal | None
    high: Decimal | None
    qualifier: str
    currency: str | None
    unit: str | None
    subject: str | None
    counterparty: str | None
    metric: str | None
    period_start: int | None
    period_end: int | None
    attribution: str | None
    confidence: float
    kind: str = "annual"  # annual, total, transaction or count
    item: str | None = None  # what a deal bought

    def as_dict(self) -> dict[str, Any]:
        """The figure in the JSON contract of `extract_figures --jsonl` (issue 4).

        Numbers are ints when whole and floats otherwise. The contract's keys are fixed, so
        `counterparty`, `kind` and `item` are not among them; read them from the attributes.
        """
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "value": _json_number(self.value),
            "low": _json_number(self.low),
            "high": _json_number(self.high),
            "qualifier": self.qualifier,
            "currency": self.currency,
            "unit": self.unit,
            "subject": self.subject,
            "metric": self.metric,
            "period_start": self.period_start,
            "period_end": self.period_end,
            "attribution": self.attribution,
            "confidence": self.confidence,
        }


def _json_number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def extract_figures(
    text: str,
    *,
    published: datetime.date | None = None,
    lexicon: Lexicon = DEFAULT_LEXICON,
) -> list[FigureMention]:
    """Every money figure and count in `text` (a sentence or a whole article body).

    `published` resolves relative periods ("last year", "over the past decade", "since
    2010"); without it those periods stay unknown. Offsets are into `text`.
    """
    folded = fold(text)
    amounts = find_amounts(text, folded)
    if not amounts:
        return []
    contexts = infer_contexts(
        text, folded, amounts, sentence_spans(text), published=published, lexicon=lexicon
    )
    return [
        FigureMention(
            text=text[amount.start : amount.end],
            start=amount.start,
            end=amount.end,
            value=amount.value,
            low=amount.low,
            high=amount.high,
            qualifier=amount.qualifier,
            currency=amount.currency,
            unit=amount.unit,
            subject=context.subject,
            counterparty=context.counterparty,
            metric=context.metric,
            period_start=context.period_start,
            period_end=context.period_end,
            attribution=context.attribution,
            confidence=_confidence(amount, context),
            kind=context.kind,
            item=context.item,
        )
        for amount, context in zip(amounts, contexts, strict=True)
    ]


def _confidence(amount: Amount, context: Context) -> float:
    """How much an editor should trust the suggestion, in [0, 1].

    Additive evidence: what the span itself says (currency, scale, digits rather than
    words), then what the sentence adds (subject, metric, period). Counts start lower:
    a number before a noun is more often incidental than a sum of money is.
    """
    if amount.currency is not None:
        score = 0.5
        score += 0.1 if amount.scale != 1 else 0.0
        score -= 0.1 if amount.ambiguous_currency else 0.0
        score -= 0.1 if amount.spelled and not amount.magnitude else 0.0
        score -= 0.05 if amount.qualifier == RANGE and amount.magnitude else 0.0
        score += 0.15 if context.metric and context.metric_strong else 0.0
        score += 0.05 if context.metric and not context.metric_strong else 0.0
    else:
        score = 0.35
        score += 0.05 if context.metric else 0.0
    if context.subject:
        score += 0.05 if context.subject_inherited else 0.12
    if context.period_start is not None:
        # A year worked out from the publication date is a guess an editor should check.
        score += 0.02 if context.period_relative else 0.05
    score += 0.03 if context.attribution else 0.0
    return round(min(1.0, max(0.0, score)), 2)
