"""The extractor's output, `FigureMention`, and `extract_figures`, which produces it.

This module joins the two halves: spans and values from `mentions.py`, and subject,
metric, period and attribution from `context.py`. It also owns the confidence score,
because confidence is a judgement about the whole figure: an explicit currency with a
scale word and a named subject is a better suggestion for an editor than a bare count in
a sentence that names no one.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any, NamedTuple

from .context import Context, infer_contexts
from .conversions import find_conversions
from .currency import local_code
from .lexicon import DEFAULT_LEXICON, Lexicon
from .mentions import RANGE, Amount, find_amounts
from .scanning import fold, western_digits
from .sentences import sentence_spans


class FigureMention(NamedTuple):
    """One money figure or count in a text, with what the text says about it.

    `text == source[start:end]`. `value`, `low` and `high` are in the figure's own currency
    (or unit for counts). `low`/`high` are None for exact and approximate figures; `value`
    is None for ranges that have no single value.

    The extractor's records (this one, `Context`, `Amount`, the hits and spans) are named
    tuples: immutable like frozen dataclasses, and about a third as costly to build, which
    counts when every sentence makes a dozen.
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
    # The start of the figure this one restates in another currency (the article's own
    # conversion: "5.3 billion manats (US$3.1 billion)"); always an original, never a
    # conversion itself.
    converted_from_start: int | None = None

    def as_dict(self) -> dict[str, Any]:
        """The figure in the JSON contract of `extract_figures --jsonl` (issue 4).

        Numbers are ints when whole and floats otherwise. The contract's keys are fixed, so
        `counterparty`, `kind`, `item` and `converted_from_start` are not among them; read
        them from the attributes.
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
    2010"); without it those periods stay unknown. Offsets are into `text`. A figure the
    text restates in another currency points at the original with `converted_from_start`
    and shares its subject, metric, period and kind where its own words are silent.
    """
    # Rules read ASCII digits; the figure's text is still taken from `text` as written.
    source = western_digits(text)
    folded = fold(source)
    amounts = find_amounts(source, folded)
    if not amounts:
        return []
    contexts = infer_contexts(
        source, folded, amounts, sentence_spans(source), published=published, lexicon=lexicon
    )
    originals = find_conversions(folded, amounts)
    contexts = [
        context if original is None else _as_conversion(context, contexts[original])
        for context, original in zip(contexts, originals, strict=True)
    ]
    return [
        FigureMention(
            text=text[amount.start : amount.end],
            start=amount.start,
            end=amount.end,
            value=amount.value,
            low=amount.low,
            high=amount.high,
            qualifier=amount.qualifier,
            currency=_currency(amount, context),
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
            converted_from_start=None if original is None else amounts[original].start,
        )
        for amount, context, original in zip(amounts, contexts, originals, strict=True)
    ]


def _currency(amount: Amount, context: Context) -> str | None:
    """The amount's currency, a name shared by several ("rupees", "rials") read as the one
    of the country the figure belongs to."""
    if amount.currency is None or not amount.ambiguous_currency:
        return amount.currency
    return local_code(amount.currency, context.subject)


def _as_conversion(own: Context, original: Context) -> Context:
    """A conversion is the same figure as its original: what the original's words say about
    it fills what the conversion's own words leave out ("5.3 billion manats in 2023 ($3.1
    billion)": the dollars are 2023's too). What the conversion's words do say is kept."""
    merged = own._replace(
        subject=own.subject or original.subject,
        subject_inherited=own.subject_inherited if own.subject else original.subject_inherited,
        counterparty=own.counterparty or original.counterparty,
        metric=own.metric or original.metric,
        metric_strong=own.metric_strong if own.metric else original.metric_strong,
        attribution=own.attribution or original.attribution,
    )
    if own.period_start is None:
        merged = merged._replace(
            period_start=original.period_start,
            period_end=original.period_end,
            period_relative=original.period_relative,
        )
    if merged.metric == original.metric:
        # Same figure, same kind: a yearly budget restated is not a deal or a total.
        item = (own.item or original.item) if original.kind == "transaction" else None
        merged = merged._replace(kind=original.kind, item=item)
    return merged


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
