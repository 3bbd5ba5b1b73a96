"""The conflict rules: claims in as facts, what they disagree about out. No Django here.

Only like is compared with like. A figure holds one kind of amount: yearly amounts
(``annual``), totals over several years (``total``), deals (``transaction``) or counts.

- ``value_mismatch``: per figure, every claim becomes an interval (exact: a point;
  "about": ± the metric's tolerance; "at least": up to infinity; "at most": down to zero;
  ranges as given). In one dimension a set of intervals has a common point exactly when
  every pair overlaps, so a figure conflicts when the largest low end exceeds the smallest
  high end by more than the tolerance.
- Deals (``value_mismatch`` too) are compared only with reports of the same deal: the
  claims an editor linked to one deal, or the same buyer, seller and item reported within
  ``DEAL_WINDOW_YEARS`` of the earliest report (signed one year, delivered the next);
  without an item, the same year. Reports in different currencies are compared in US
  dollars when every one of them converts. Different deals never conflict.
- ``scope_difference``: figures that differ only in scope (the defence ministry's line
  against SIPRI's definition) and whose values differ: not an error, a difference of what
  is counted, said as such with both scopes and the gap. A claim whose scope is not stated
  is a figure of its own, and disagreeing with a scoped one is flagged the same way.
- ``total_mismatch``: a total over several years against the sum of the yearly figures
  that cover its whole period (each year's median claim), naming the years summed.
- ``unit_mismatch``: one subject, metric and period given in more than one unit that
  cannot be compared (counted nouns, or a currency without a rate for the year);
  ``currency_mismatch``: given in currencies that can be compared through the year's
  average rate (``currency.py``), and then disagreeing in US dollars.
- ``period_reuse`` and ``metric_confusion``: the claims with a value, in value order, are
  cut into clusters whose values all lie within the same-value tolerance of the cluster's
  smallest. A cluster reuses a period when two of its periods do not overlap (deals
  excepted: two deals may cost the same), and confuses metrics when it holds more than one
  metric or kind (a deal's price reported as a yearly budget). The cut is bounded on
  purpose: chaining neighbours instead would call a budget that grows by 1 % a year "the
  same value" across a decade.

A run may answer for only part of the record (after one edit): ``Wanted`` names the
partitions it is responsible for, and a rule reports only findings inside them. Findings
are keyed by what they are about, so the same finding always has the same key and
re-running never duplicates a flag. Every rule is order-independent: the facts may arrive
in any order and give the same findings.

We wrote this ourselves because no library evaluates such rules.
"""

from __future__ import annotations

import operator
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from .currency import Rates
from .facts import ANNUAL, TOTAL, TRANSACTION, UNSPECIFIED, DealKey, Fact, FigureKey, Finding

VALUE_MISMATCH = "value_mismatch"
UNIT_MISMATCH = "unit_mismatch"
PERIOD_REUSE = "period_reuse"
METRIC_CONFUSION = "metric_confusion"
TOTAL_MISMATCH = "total_mismatch"
SCOPE_DIFFERENCE = "scope_difference"
CURRENCY_MISMATCH = "currency_mismatch"
KINDS = (
    CURRENCY_MISMATCH,
    VALUE_MISMATCH,
    UNIT_MISMATCH,
    PERIOD_REUSE,
    METRIC_CONFUSION,
    TOTAL_MISMATCH,
    SCOPE_DIFFERENCE,
)
# Flag keys are stored in a 255-character column.
KEY_LENGTH = 255
# Reports of one buyer, seller and item this many years after the earliest are the same deal
# (a contract signed, then reported on delivery); later ones are another deal.
DEAL_WINDOW_YEARS = 2


@dataclass(frozen=True)
class Tolerances:
    """How far apart two values may be and still agree (fractions, e.g. 0.05 for 5 %)."""

    value: Decimal = Decimal("0.05")
    same_value: Decimal = Decimal("0.01")


@dataclass(frozen=True)
class Wanted:
    """The partitions a partial run answers for; ``None`` for a full run (everything)."""

    figure_keys: frozenset[FigureKey] = field(default_factory=frozenset)
    periods: frozenset[tuple[int, int, int, int]] = field(default_factory=frozenset)
    subject_units: frozenset[tuple[int, str]] = field(default_factory=frozenset)
    subject_metric_units: frozenset[tuple[int, int, str]] = field(default_factory=frozenset)
    deal_subjects: frozenset[int] = field(default_factory=frozenset)


def findings_evaluate(
    facts: Iterable[Fact],
    *,
    tolerances: Tolerances,
    figure_of: Mapping[FigureKey, int],
    wanted: Wanted | None = None,
    rates: Rates | None = None,
) -> dict[str, Finding]:
    """Every finding of every rule over ``facts``, by key (two or more claims each).

    Without ``rates`` no currency is converted: every mix of units is a unit mismatch.
    """
    buckets = Buckets.of(facts, wanted)
    findings = [
        *value_mismatches(buckets, tolerances=tolerances, figure_of=figure_of, wanted=wanted),
        *deal_mismatches(
            buckets, tolerances=tolerances, figure_of=figure_of, wanted=wanted, rates=rates
        ),
        *unit_mismatches(buckets, tolerances=tolerances, wanted=wanted, rates=rates),
        *value_clusters(buckets, tolerances=tolerances, wanted=wanted),
        *total_mismatches(buckets, tolerances=tolerances, figure_of=figure_of, wanted=wanted),
        *scope_differences(buckets, tolerances=tolerances, wanted=wanted),
    ]
    return {finding.key: finding for finding in findings if len(finding.facts) > 1}


@dataclass
class Buckets:
    """The facts grouped once, the way each rule reads them (one pass over the facts).

    Within a bucket facts are in id order, except the value-ordered ones of the clusters.
    """

    figures: dict[tuple, list[Fact]] = field(default_factory=lambda: defaultdict(list))
    deals: dict[DealKey, list[Fact]] = field(default_factory=lambda: defaultdict(list))
    periods: dict[tuple, list[Fact]] = field(default_factory=lambda: defaultdict(list))
    subject_units: dict[tuple, list[Fact]] = field(default_factory=lambda: defaultdict(list))
    reuse: dict[tuple, list[Fact]] = field(default_factory=lambda: defaultdict(list))
    totals: dict[tuple, list[Fact]] = field(default_factory=lambda: defaultdict(list))
    scopes: dict[tuple, list[Fact]] = field(default_factory=lambda: defaultdict(list))

    @classmethod
    def of(cls, facts: Iterable[Fact], wanted: Wanted | None = None) -> Buckets:
        """The buckets of ``facts``; for a partial run only those its rules will read.

        After one edit the facts are every claim of the subject in the unit, read for the
        value clusters; the other rules read only the edited metrics, so the rest of the
        facts go to the clusters alone.
        """
        buckets = cls()
        metrics = None
        if wanted is not None:
            metrics = {k[:2] for k in wanted.subject_metric_units} | {k[:2] for k in wanted.periods}
        subject_units, deals = buckets.subject_units, buckets.deals
        for fact in sorted(facts, key=_by_id):
            value, unit, kind, subject = fact.value, fact.unit, fact.kind, fact.subject_id
            valued = value is not None
            if valued and unit and value > _ZERO:  # type: ignore[operator]  # `valued` (value is not None) is checked first
                subject_units[(subject, unit)].append(fact)
            if kind == TRANSACTION:
                group = fact.deal
                if group is not None and fact.has_amount:
                    deals[group].append(fact)
            if metrics is not None and (subject, fact.metric_id) not in metrics:
                continue
            if valued and unit and kind in (ANNUAL, TOTAL):
                buckets.totals[(subject, fact.metric_id, unit, fact.scope)].append(fact)
            key = fact.figure_key
            if key is None or kind == TRANSACTION:
                continue  # two deals may be in two currencies, or cost the same
            if fact.has_amount:
                buckets.figures[key].append(fact)
            buckets.periods[key[:4]].append(fact)
            if valued:
                buckets.scopes[key[:6]].append(fact)
                if value > _ZERO:  # type: ignore[operator]  # `valued` (value is not None) is checked first
                    buckets.reuse[(subject, fact.metric_id, unit, kind)].append(fact)
        for facts_by_value in (*buckets.subject_units.values(), *buckets.reuse.values()):
            facts_by_value.sort(key=_by_value)
        return buckets


_by_id = operator.attrgetter("id")
# Decimals compare faster with a decimal than with an integer.
_ZERO = Decimal(0)


# Only valued facts are sorted by value; ties stay in id order (the sort is stable and the
# buckets are filled in id order), so the order never depends on the order facts came in.
_by_value = operator.attrgetter("value")


def _wanted(groups: Mapping[tuple, list[Fact]], wanted: frozenset | None, part: int | None = None):
    """The groups a partial run answers for (``part``: how much of the key to compare)."""
    if wanted is None:
        return groups.items()
    return [
        (key, group)
        for key, group in groups.items()
        if (key[:part] if part is not None else key) in wanted
    ]


def value_mismatches(
    buckets: Buckets,
    *,
    tolerances: Tolerances,
    figure_of: Mapping[FigureKey, int],
    wanted: Wanted | None = None,
) -> list[Finding]:
    findings = []
    for figure_key, members in buckets.figures.items():
        if wanted is not None and figure_key not in wanted.figure_keys:
            continue
        figure_id = figure_of.get(figure_key)
        if len(members) < 2 or figure_id is None:
            # No figure yet: the key appeared after this run created figures (an edit
            # committed meanwhile), and that edit's own run raises the flag.
            continue
        if not _disagree(members, tolerances.value):
            continue
        findings.append(
            Finding(
                kind=VALUE_MISMATCH,
                key=f"{VALUE_MISMATCH}:figure:{figure_id}",
                subject_id=figure_key[0],
                metric_id=figure_key[1],
                figure_id=figure_id,
                facts=tuple(members),
            )
        )
    return findings


def deal_mismatches(
    buckets: Buckets,
    *,
    tolerances: Tolerances,
    figure_of: Mapping[FigureKey, int],
    wanted: Wanted | None = None,
    rates: Rates | None = None,
) -> list[Finding]:
    """Reports of one deal whose prices disagree (see the module's description)."""
    findings = []
    for deal, members in buckets.deals.items():
        subject = members[0].subject_id
        if wanted is not None and subject not in wanted.deal_subjects:
            continue
        for window, first_year in _deal_windows(deal, members):
            for currency, compared, reports in _in_one_currency(window, rates):
                if len(reports) < 2 or not _disagree(compared, tolerances.value):
                    continue
                figure_keys = {f.figure_key for f in reports}
                figure_id = figure_of.get(figure_keys.pop()) if len(figure_keys) == 1 else None  # type: ignore[arg-type]  # dated facts only: their keys are complete
                findings.append(
                    Finding(
                        kind=VALUE_MISMATCH,
                        key=deal_flag_key(deal, first_year, currency),
                        subject_id=subject,
                        metric_id=reports[0].metric_id,
                        figure_id=figure_id,
                        facts=tuple(reports),
                    )
                )
    return findings


def deal_flag_key(deal: DealKey, first_year: int | None, currency: str = "") -> str:
    """``value_mismatch:deals:<buyer>:...``: the buyer first, so a run after one edit finds
    the deal flags of the subjects it re-checked."""
    subject, *rest = deal
    if rest[0] == "linked":
        about = f"linked:{rest[1]}"
    elif rest[2]:  # an item: the deal is also named by its earliest year
        about = f"{rest[0]}:{rest[1]}:{key_part(rest[2])}:{first_year}"
    else:
        about = f"{rest[0]}:{rest[1]}::{rest[3]}-{rest[4]}"
    if currency:
        about += f":{key_part(currency)}"
    return f"{VALUE_MISMATCH}:deals:{subject}:{about}"[:KEY_LENGTH]


def _deal_windows(deal: DealKey, members: list[Fact]) -> Iterator[tuple[list[Fact], int | None]]:
    """The reports of one deal, each with the year it is named by.

    Reports of the same buyer, seller and item are cut into deals of ``DEAL_WINDOW_YEARS``
    from the earliest report on; linked reports and those of one year are one deal.
    """
    if deal[1] == "linked" or not deal[3]:
        years = [f.period_start for f in members if f.period_start is not None]
        yield members, min(years, default=None)
        return
    window: list[Fact] = []
    first = 0
    for fact in sorted(members, key=lambda f: (f.period_start, f.id)):
        start = fact.period_start
        assert start is not None  # an unlinked deal without a year has no deal key
        if window and start > first + DEAL_WINDOW_YEARS:
            yield window, first
            window = []
        if not window:
            first = start
        window.append(fact)
    if window:
        yield window, first


def _in_one_currency(
    reports: list[Fact], rates: Rates | None
) -> list[tuple[str, list[Fact], list[Fact]]]:
    """The reports as they can be compared: ``(currency, compared, reports)``.

    One currency: as given. Several: in US dollars when each converts, else each currency
    apart (the currency is then part of what the finding is about).
    """
    units = {f.unit for f in reports}
    if len(units) == 1:
        return [("", reports, reports)]
    in_usd = [_fact_in_usd(f, rates) for f in reports]
    if all(f is not None for f in in_usd):
        return [("", in_usd, reports)]  # type: ignore[list-item]  # dollar amounts, never None once converted
    by_unit: dict[str, list[Fact]] = defaultdict(list)
    for fact in reports:
        by_unit[fact.unit].append(fact)
    return [(unit, group, group) for unit, group in sorted(by_unit.items())]


def usd_per_unit(fact: Fact, rates: Rates | None) -> Decimal | None:
    """US dollars per unit of the fact's currency: its cited rate, else its year's average."""
    if fact.usd_rate:
        return 1 / fact.usd_rate
    if fact.unit == "USD":
        return Decimal(1)
    if rates is None or fact.period_start is None or fact.period_start != fact.period_end:
        return None
    conversion = rates.to_usd(Decimal(1), fact.unit, fact.period_start)
    return None if conversion is None else conversion.usd


def _fact_in_usd(fact: Fact, rates: Rates | None) -> Fact | None:
    factor = usd_per_unit(fact, rates)
    if factor is None:
        return None
    return fact._replace(
        unit="USD",
        value=None if fact.value is None else fact.value * factor,
        low=None if fact.low is None else fact.low * factor,
        high=None if fact.high is None else fact.high * factor,
    )


def _disagree(members: Sequence[Fact], default_tolerance: Decimal) -> bool:
    """No single value lies within every claim's interval (widened by the tolerance)."""
    tolerance = max(f.tolerance_or(default_tolerance) for f in members)
    lows = [low for f in members if (low := f.interval_low(default_tolerance)) is not None]
    highs = [high for f in members if (high := f.interval_high(default_tolerance)) is not None]
    return bool(lows and highs and max(lows) > min(highs) * (1 + tolerance))


def unit_mismatches(
    buckets: Buckets,
    *,
    tolerances: Tolerances,
    wanted: Wanted | None = None,
    rates: Rates | None = None,
) -> list[Finding]:
    findings = []
    for (subject, metric, start, end), members in _wanted(
        buckets.periods, None if wanted is None else wanted.periods
    ):
        units = {f.unit for f in members}
        if len(units) < 2:
            continue
        in_usd = _in_usd(members, rates) if start == end else None
        if in_usd is None:
            kind = UNIT_MISMATCH
        elif _medians_disagree(in_usd, tolerances.value):
            kind = CURRENCY_MISMATCH
        else:
            continue  # the same amount in two currencies
        findings.append(
            Finding(
                kind=kind,
                key=f"{kind}:{subject}:{metric}:{start}-{end}",
                subject_id=subject,
                metric_id=metric,
                figure_id=None,
                facts=tuple(members),
            )
        )
    return findings


def _in_usd(members: Sequence[Fact], rates: Rates | None) -> dict[str, list[Decimal]] | None:
    """Each currency's amounts in US dollars; None when one of them cannot be converted."""
    if rates is None:
        return None
    converted: dict[str, list[Decimal]] = defaultdict(list)
    for fact in members:
        amount = fact.amount
        if amount is None or fact.period_start is None:
            continue
        factor = usd_per_unit(fact, rates)
        if factor is None:
            return None
        converted[fact.unit].append(amount * factor)
    return converted if len(converted) > 1 else None


def _medians_disagree(in_usd: Mapping[str, list[Decimal]], tolerance: Decimal) -> bool:
    medians = [_median(values) for values in in_usd.values()]
    return max(medians) > min(medians) * (1 + tolerance)


def value_clusters(
    buckets: Buckets, *, tolerances: Tolerances, wanted: Wanted | None = None
) -> list[Finding]:
    """``metric_confusion`` and ``period_reuse``: the same value where it should not be."""
    factor = 1 + tolerances.same_value
    findings = []
    subject_units = _wanted(buckets.subject_units, None if wanted is None else wanted.subject_units)
    for (subject, unit), members in subject_units:
        for cluster in clusters_cut(members, factor):
            if len({(f.metric_id, f.kind) for f in cluster}) > 1:
                findings.append(_cluster_finding(METRIC_CONFUSION, (subject, unit), None, cluster))
    reuse = _wanted(buckets.reuse, None if wanted is None else wanted.subject_metric_units, 3)
    for (subject, metric, unit, kind), members in reuse:
        for cluster in clusters_cut(members, factor):
            ends = [f.period_end for f in cluster if f.period_end is not None]
            starts = [f.period_start for f in cluster if f.period_start is not None]
            if min(ends) < max(starts):
                partition = (
                    (subject, metric, unit) if kind == ANNUAL else (subject, metric, unit, kind)
                )
                findings.append(_cluster_finding(PERIOD_REUSE, partition, metric, cluster))
    return findings


def total_mismatches(
    buckets: Buckets,
    *,
    tolerances: Tolerances,
    figure_of: Mapping[FigureKey, int],
    wanted: Wanted | None = None,
) -> list[Finding]:
    """Totals over several years that differ from the sum of the yearly figures.

    Checked only when every year of the total's period has a yearly claim; a year with
    several claims counts with their median (their disagreement is a value mismatch of
    its own). The finding holds the totals that differ and every yearly claim summed.
    """
    partitions = _wanted(buckets.totals, None if wanted is None else wanted.subject_metric_units, 3)
    findings = []
    for (subject, metric, unit, scope), members in partitions:
        yearly: dict[int, list[Fact]] = defaultdict(list)
        totals: dict[tuple[int, int], list[Fact]] = defaultdict(list)
        for fact in members:
            if fact.period_start is None or fact.period_end is None:
                continue
            if fact.kind == ANNUAL and fact.period_start == fact.period_end:
                yearly[fact.period_start].append(fact)
            elif fact.kind == TOTAL and fact.period_end > fact.period_start:
                totals[(fact.period_start, fact.period_end)].append(fact)
        for (start, end), group in totals.items():
            years = range(start, end + 1)
            if not all(yearly.get(year) for year in years):
                continue
            summed = yearly_sum({year: [f.value for f in yearly[year]] for year in years})
            differing = [
                f
                for f in group
                # Totals are valued facts (bucketed only with a value).
                if abs(f.value - summed) > f.tolerance_or(tolerances.value) * max(f.value, summed)  # type: ignore[operator, type-var]
            ]
            figure_id = figure_of.get((subject, metric, start, end, unit, TOTAL, scope))
            if not differing or figure_id is None:
                continue
            findings.append(
                Finding(
                    kind=TOTAL_MISMATCH,
                    key=_total_key(subject, metric, unit, start, end, scope),
                    subject_id=subject,
                    metric_id=metric,
                    figure_id=figure_id,
                    facts=(*differing, *(f for year in years for f in yearly[year])),
                )
            )
    return findings


def _total_key(subject: int, metric: int, unit: str, start: int, end: int, scope: str) -> str:
    about = f"{subject}:{metric}:{key_part(unit)}:{start}-{end}"
    if scope != UNSPECIFIED:
        about += f":{key_part(scope)}"
    return f"{TOTAL_MISMATCH}:{about}"[:KEY_LENGTH]


def scope_differences(
    buckets: Buckets, *, tolerances: Tolerances, wanted: Wanted | None = None
) -> list[Finding]:
    """One amount counted in different scopes, whose values differ beyond the tolerance.

    Each scope stands for its claims' median value; the finding holds every claim of the
    scopes that differ from another one.
    """
    periods = _wanted(buckets.scopes, None if wanted is None else wanted.periods, 4)
    findings = []
    for (subject, metric, start, end, unit, kind), members in periods:
        by_scope: dict[str, list[Fact]] = defaultdict(list)
        for fact in members:
            by_scope[fact.scope].append(fact)
        if len(by_scope) < 2:
            continue
        medians = {scope: _median([f.value for f in group]) for scope, group in by_scope.items()}
        tolerance = max(f.tolerance_or(tolerances.value) for f in members)
        differing = {
            scope
            for scope, value in medians.items()
            for other in medians.values()
            if abs(value - other) > tolerance * max(value, other)
        }
        if not differing:
            continue
        about = f"{subject}:{metric}:{key_part(unit)}:{kind}:{start}-{end}"
        findings.append(
            Finding(
                kind=SCOPE_DIFFERENCE,
                key=f"{SCOPE_DIFFERENCE}:{about}"[:KEY_LENGTH],
                subject_id=subject,
                metric_id=metric,
                figure_id=None,
                facts=tuple(f for f in members if f.scope in differing),
            )
        )
    return findings


def _median(values: Sequence[Decimal | None]) -> Decimal:
    known = sorted(v for v in values if v is not None)
    return known[(len(known) - 1) // 2]


def yearly_sum(values_by_year: Mapping[int, Sequence[Decimal | None]]) -> Decimal:
    """The sum over the years of each year's median value (the lower middle one)."""
    return sum(
        (
            _median(values)
            for values in values_by_year.values()
            if any(v is not None for v in values)
        ),
        Decimal(0),
    )


def clusters_cut(facts: Sequence[Fact], factor: Decimal) -> Iterator[list[Fact]]:
    """Clusters of two or more facts (sorted by value) within ``factor`` of their smallest."""
    cluster: list[Fact] = []
    ceiling = Decimal(0)
    for fact in facts:
        assert fact.value is not None
        if fact.value > ceiling:
            if len(cluster) > 1:
                yield cluster
            cluster, ceiling = [], fact.value * factor
        cluster.append(fact)
    if len(cluster) > 1:
        yield cluster


def key_part(part: object) -> str:
    """A part of a flag key: ``:`` separates parts, so a unit holding one is escaped."""
    return str(part).replace("%", "%25").replace(":", "%3A")


def _cluster_finding(
    kind: str, partition: tuple[object, ...], metric_id: int | None, cluster: list[Fact]
) -> Finding:
    about = ":".join(key_part(part) for part in partition)
    facts = tuple(sorted(cluster, key=_by_id))
    return Finding(
        kind=kind,
        key=f"{kind}:{about}:{facts[0].id}"[:KEY_LENGTH],
        subject_id=facts[0].subject_id,
        metric_id=metric_id,
        figure_id=None,
        facts=facts,
    )
