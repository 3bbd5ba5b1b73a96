"""Sentences for conflict flags, written the way an editor would write them.

"Two articles give Azerbaijan's military expenditure for 2024 as $3.7 billion and $2.2
billion (68 % apart)." Kept apart from the reconciler so the wording can change without
touching the rules.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from articles.reconciling import CitedRate, Conversion, claim_usd, yearly_sum

# How the reconciler closes a flag whose claims stopped disagreeing (no reviewer involved).
AUTO_RESOLVED_NOTE = "No longer applies: the claims under it no longer disagree."
CURRENCY_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "RUB": "₽"}
NUMBER_WORDS = {1: "One", 2: "Two", 3: "Three", 4: "Four", 5: "Five", 6: "Six"}
SCALES = (
    (Decimal(10) ** 12, "trillion"),
    (Decimal(10) ** 9, "billion"),
    (Decimal(10) ** 6, "million"),
)


# How a use of an amount says it is not a yearly figure ("arms deal value (2010, one deal)").
KIND_NOTES = {"total": ", a total", "transaction": ", one deal", "count": ", a count"}


@functools.lru_cache(maxsize=16384)
def format_amount(value: Decimal | None, unit: str) -> str:
    """ "$3.7 billion", "3.1 billion AZN", "100 tanks"."""
    if value is None:
        return "an unstated amount"
    number = _scaled(value)
    if len(unit) == 3 and unit.isupper():
        symbol = CURRENCY_SYMBOLS.get(unit)
        return f"{symbol}{number}" if symbol else f"{number} {unit}"
    return f"{number} {unit}".strip()


def _scaled(value: Decimal) -> str:
    for size, word in SCALES:
        if abs(value) >= size:
            return f"{_trim(value / size)} {word}"
    return f"{_trim(value)}" if value != value.to_integral() else f"{int(value):,}"


def _trim(number: Decimal) -> str:
    text = f"{number:.2f}".rstrip("0").rstrip(".")
    return text


def period_label(start: int | None, end: int | None) -> str:
    if start is None:
        return "an unstated period"
    if end is None or end == start:
        return str(start)
    return f"{start}–{end}"


def join_words(items: Sequence[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def count_word(n: int) -> str:
    return NUMBER_WORDS.get(n, str(n))


def possessive(name: str) -> str:
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def percent_apart(high: Decimal, low: Decimal) -> str:
    if low <= 0:
        return "far apart"
    return f"{round((high / low - 1) * 100)} % apart"


def value_mismatch_text(
    *,
    subject: str,
    metric: str,
    period: str,
    amounts: Sequence[str],
    articles: int,
    high: Decimal,
    low: Decimal,
    deal: str = "",
) -> str:
    verb = "gives" if articles == 1 else "give"
    noun = "article" if articles == 1 else "articles"
    return (
        f"{count_word(articles)} {noun} {verb} {possessive(subject)} {metric.lower()}{deal} "
        f"for {period} as {join_words(amounts)} ({percent_apart(high, low)})."
    )


def period_reuse_text(*, subject: str, metric: str, amount: str, periods: Sequence[str]) -> str:
    return (
        f"The same {amount} is given as {possessive(subject)} {metric.lower()} for "
        f"{join_words(periods)}."
    )


def metric_confusion_text(*, subject: str, amount: str, uses: Sequence[str]) -> str:
    return f"The same {amount} is given for {subject} as {join_words(uses)}."


def unit_mismatch_text(*, subject: str, metric: str, period: str, units: Sequence[str]) -> str:
    return (
        f"{possessive(subject)} {metric.lower()} for {period} is given in "
        f"{join_words(units)}, which cannot be compared without a conversion."
    )


def total_mismatch_text(
    *, subject: str, metric: str, period: str, totals: Sequence[str], summed: str, years: int
) -> str:
    return (
        f"The total of {join_words(totals)} given for {possessive(subject)} {metric.lower()} "
        f"over {period} differs from the sum of its {years} yearly figures, {summed}."
    )


def spread_of(amounts: Iterable[Decimal | None]) -> Decimal | None:
    """Largest amount over smallest (positive ones only), to six places; None without any."""
    values = [amount for amount in amounts if amount is not None and amount > 0]
    return (max(values) / min(values)).quantize(Decimal("0.000001")) if values else None


@dataclass(frozen=True)
class FlagClaim:
    """What a flag's sentence needs of each claim under it."""

    amount: Decimal | None
    unit: str
    metric: str
    start: int | None
    end: int | None
    article: object
    kind: str = "annual"
    counterparty: str = ""  # a deal's seller
    item: str = ""  # what a deal bought
    scope: str = ""  # the scope's name ("" or "Scope not stated" when nobody said)
    usd_rate: Decimal | None = None  # a reviewer's cited rate (units per US dollar)
    usd_rate_year: int | None = None

    def in_usd(self) -> Conversion | None:
        """The amount in US dollars: at its cited rate, else at its year's average."""
        cited = CitedRate(self.usd_rate, self.usd_rate_year) if self.usd_rate else None
        return claim_usd(self.amount, self.unit, self.start, self.end, cited=cited)


def describe_flag(
    *, kind: str, subject: str, claims: Sequence[FlagClaim]
) -> tuple[str, Decimal | None]:
    """A flag's sentence and its spread (largest value over smallest).

    One function for the reconciler (every claim under the flag, for the desk) and for the
    public record (the public claims only), so both say the same kind of sentence.
    """
    values = [c.amount for c in claims if c.amount is not None and c.amount > 0]
    spread = spread_of(values)
    first = claims[0]
    period = period_label(first.start, first.end)
    if kind == "total_mismatch":
        return _total_mismatch(subject, claims), spread
    if kind == "scope_difference":
        return _scope_difference(subject, claims), spread
    if kind == "currency_mismatch":
        return _currency_mismatch(subject, claims), spread
    if kind == "value_mismatch":
        deal = ""
        if first.kind == "transaction" and first.counterparty:
            deal = f" with {first.counterparty}" + (f" ({first.item})" if first.item else "")
        periods = sorted({(c.start, c.end) for c in claims}, key=str)
        if len(periods) > 1:  # one deal reported for the year signed and the year delivered
            period = join_words([period_label(*p) for p in periods])
        if len({c.unit for c in claims}) > 1:  # one deal in two currencies: apart in dollars
            in_usd = [usd.usd for c in claims if (usd := c.in_usd()) is not None]
            spread = spread_of(in_usd)
            values = in_usd or values
        amounts: list[str] = []
        for c in sorted(claims, key=lambda c: -(c.amount or 0)):
            amount = format_amount(c.amount, c.unit)
            if amount not in amounts:
                amounts.append(amount)
                if len(amounts) == 5:  # the sentence names five at most
                    break
        return value_mismatch_text(
            subject=subject,
            metric=first.metric,
            deal=deal,
            period=period,
            amounts=amounts[:5],
            articles=len({c.article for c in claims}),
            high=max(values) if values else Decimal(0),
            low=min(values) if values else Decimal(0),
        ), spread
    if kind == "unit_mismatch":
        units = sorted({c.unit for c in claims})
        return unit_mismatch_text(
            subject=subject, metric=first.metric, period=period, units=units
        ), spread
    amount = format_amount(min(values) if values else None, first.unit)
    if kind == "period_reuse":
        periods = sorted({(c.start, c.end) for c in claims}, key=str)
        return period_reuse_text(
            subject=subject,
            metric=first.metric,
            amount=amount,
            periods=[period_label(s, e) for s, e in periods],
        ), spread
    uses: list[str] = []
    for c in sorted(claims, key=lambda c: (c.metric, str(c.start or ""))):
        use = c.metric.lower()
        if c.start:
            use += f" ({period_label(c.start, c.end)}{KIND_NOTES.get(c.kind, '')})"
        elif c.kind in KIND_NOTES:
            use += f" ({KIND_NOTES[c.kind].lstrip(', ')})"
        if use not in uses:
            uses.append(use)
    return metric_confusion_text(subject=subject, amount=amount, uses=uses), spread


def _total_mismatch(subject: str, claims: Sequence[FlagClaim]) -> str:
    """ "The total of $22.7 billion given for ...'s military expenditure over 2007–2016
    differs from the sum of its 10 yearly figures, $25.1 billion."""
    totals = [c for c in claims if c.kind == "total"]
    if not totals:
        return ""
    first = totals[0]
    yearly: dict[int, list[Decimal | None]] = {}
    for claim in claims:
        if claim.kind == "annual" and claim.start is not None:
            yearly.setdefault(claim.start, []).append(claim.amount)
    amounts = sorted({format_amount(t.amount, t.unit) for t in totals})
    return total_mismatch_text(
        subject=subject,
        metric=first.metric,
        period=period_label(first.start, first.end),
        totals=amounts,
        summed=format_amount(yearly_sum(yearly), first.unit),
        years=len(yearly),
    )


def _scope_difference(subject: str, claims: Sequence[FlagClaim]) -> str:
    """ "Azerbaijan's military expenditure for 2013 is $3.4 billion as defence ministry only
    and $3.7 billion as SIPRI definition: a difference of $300 million in what is counted."""
    by_scope: dict[str, list[Decimal]] = {}
    for claim in claims:
        if claim.amount is not None:
            by_scope.setdefault(claim.scope or "Scope not stated", []).append(claim.amount)
    medians = {scope: sorted(v)[(len(v) - 1) // 2] for scope, v in by_scope.items() if v}
    if len(medians) < 2:
        return ""
    first = claims[0]
    ordered = sorted(medians.items(), key=lambda item: (item[1], item[0]))
    parts = [f"{format_amount(value, first.unit)} under “{scope}”" for scope, value in ordered]
    gap = format_amount(ordered[-1][1] - ordered[0][1], first.unit)
    return (
        f"{possessive(subject)} {first.metric.lower()} for "
        f"{period_label(first.start, first.end)} is {join_words(parts)}: a difference of "
        f"{gap} in what is counted, not necessarily an error."
    )


def _currency_mismatch(subject: str, claims: Sequence[FlagClaim]) -> str:
    """ "Azerbaijan's military expenditure for 2023 is given as 5.3 billion AZN ≈ $3.12
    billion (1.70 AZN per USD, 2023 average) and as $2.2 billion: 42 % apart in US dollars."""
    by_unit: dict[str, list[tuple[Decimal, FlagClaim]]] = {}
    for claim in claims:
        if claim.amount is not None:
            by_unit.setdefault(claim.unit, []).append((claim.amount, claim))
    first = claims[0]
    if first.start is None or len(by_unit) < 2:
        return ""
    parts, in_usd, sources = [], [], set()
    for unit, amounts in sorted(by_unit.items()):
        amounts.sort(key=lambda pair: pair[0])
        median, claim = amounts[(len(amounts) - 1) // 2]
        conversion = claim.in_usd()
        if conversion is None:
            return ""
        in_usd.append(conversion.usd)
        text = format_amount(median, unit)
        if unit != "USD":
            usd = _trim_usd(conversion.usd)
            text += f" ≈ {usd} ({conversion.rate_text})"
            sources.add("a reviewer's cited rate" if conversion.cited else "World Bank annual "
                        "averages (CC BY 4.0)")  # fmt: skip
        parts.append(text)
    return (
        f"{possessive(subject)} {first.metric.lower()} for {period_label(first.start, first.end)} "
        f"is given as {join_words(parts)}: {percent_apart(max(in_usd), min(in_usd))} in US "
        f"dollars. Rates: {join_words(sorted(sources))}."
    )


def _trim_usd(amount: Decimal) -> str:
    """$3.12 billion: three significant figures, as a conversion deserves no more."""
    for size, word in SCALES:
        if amount >= size:
            return f"${(amount / size).quantize(Decimal('0.01'))} {word}"
    return f"${amount.quantize(Decimal(1)):,}"
