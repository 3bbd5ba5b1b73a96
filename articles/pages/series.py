"""A subject's metric over the years, shaped for the chart, the table and the CSV.

The rows come from ``selectors.pages.series_data``; here they are grouped per unit and kind
(dollars and manats are not drawn on one axis, nor a total over a decade beside yearly
budgets, nor deals as if they were a yearly level) and per period, and each claim is
weighed against its figure's reconciled value. "Disagree" uses the reconciler's notion of
a value: an exact claim is a point, "about" widens it by the tolerance, "at least" and "at
most" are open-ended, ranges are ranges; a period is contested when its claims share no
common value or when a conflict flag was raised on its figure.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.text import slugify

from articles.charts.series_svg import (
    ChartBand,
    ChartLevel,
    ChartPoint,
    ChartSpread,
    SeriesChart,
    render_series_svg,
)
from articles.models import ClaimStatus, Figure, FigureKind, Metric, Qualifier
from articles.selectors.pages import SeriesClaim, SeriesData
from articles.services.flag_text import format_amount, period_label

from .amounts import figure_amount

INFINITY = Decimal("Infinity")
# A year with more claims than this is drawn as a sample over its range; the figure's own
# page draws every claim of its period.
MAX_DRAWN_PER_PERIOD = 12


def tolerance_of(metric: Metric) -> Decimal:
    if metric.tolerance is not None:
        return Decimal(metric.tolerance)
    return Decimal(str(settings.FACTCHECK_VALUE_TOLERANCE))


def claim_interval(claim: SeriesClaim, tolerance: Decimal) -> tuple[Decimal, Decimal]:
    """The values a claim allows, as the reconciler reads it."""
    value = claim.value
    if claim.low is not None or claim.high is not None:
        low = claim.low if claim.low is not None else value
        high = claim.high if claim.high is not None else value
        return (low if low is not None else Decimal(0), high if high is not None else INFINITY)
    assert value is not None  # the selector only reads claims with a value or bounds
    if claim.qualifier == Qualifier.AT_LEAST:
        return value, INFINITY
    if claim.qualifier == Qualifier.AT_MOST:
        return Decimal(0), value
    if claim.qualifier == Qualifier.APPROXIMATELY:
        return value * (1 - tolerance), value * (1 + tolerance)
    return value, value


def agrees(claim: SeriesClaim, reference: Decimal, tolerance: Decimal) -> bool:
    low, high = claim_interval(claim, tolerance)
    return low * (1 - tolerance) <= reference <= high * (1 + tolerance)


def share_a_value(claims: Iterable[SeriesClaim], tolerance: Decimal) -> bool:
    """Whether some value fits every claim (intervals in one dimension: pairwise is enough)."""
    intervals = [claim_interval(claim, tolerance) for claim in claims]
    if len(intervals) < 2:
        return True
    return max(low for low, _ in intervals) <= min(high for _, high in intervals) * (1 + tolerance)


def plotted_value(claim: SeriesClaim) -> Decimal:
    if claim.value is not None:
        return claim.value
    if claim.low is not None and claim.high is not None:
        return (claim.low + claim.high) / 2
    return claim.low if claim.low is not None else claim.high  # type: ignore[return-value]


@dataclass
class PeriodRow:
    """One period of the series: its reconciled figure (if any) and its public claims."""

    unit: str
    kind: str
    period_start: int
    period_end: int
    figure: Figure | None = None
    claims: list[SeriesClaim] = field(default_factory=list)
    contested: bool = False
    focused: bool = False

    @property
    def period(self) -> str:
        return period_label(self.period_start, self.period_end)

    @property
    def reconciled(self) -> str:
        if self.figure is None:
            return ""
        return figure_amount(self.figure)

    @property
    def lowest(self) -> str:
        values = [plotted_value(c) for c in self.claims]
        return format_amount(min(values), self.unit) if values else ""

    @property
    def highest(self) -> str:
        values = [plotted_value(c) for c in self.claims]
        return format_amount(max(values), self.unit) if values else ""


# How each kind of series is named: "in USD, year by year", "totals over several years".
KIND_CAPTIONS = {
    FigureKind.ANNUAL: "year by year",
    FigureKind.TOTAL: "totals over several years",
    FigureKind.TRANSACTION: "deals, by the year they were reported",
    FigureKind.COUNT: "counts",
}


@dataclass
class UnitSeries:
    """The series in one unit and of one kind: its rows and its chart."""

    unit: str
    rows: list[PeriodRow]
    chart: SafeString
    kind: str = FigureKind.ANNUAL

    @property
    def caption(self) -> str:
        return KIND_CAPTIONS.get(self.kind, "year by year")


def figure_reference(figure: Figure) -> Decimal | None:
    """The single value claims are weighed against: the value, or the middle of the bounds."""
    if figure.value is not None:
        return figure.value
    if figure.low is not None and figure.high is not None:
        return (figure.low + figure.high) / 2
    return None


def build_series(
    data: SeriesData, *, focus: Figure | None = None, charts: bool = True
) -> list[UnitSeries]:
    """Rows per unit and period, each unit with its chart (unless ``charts`` is off)."""
    tolerance = tolerance_of(data.metric)
    rows: dict[tuple[str, int, int], PeriodRow] = {}
    for figure in data.figures:
        key = (figure.unit, figure.kind, figure.period_start, figure.period_end)
        rows[key] = PeriodRow(*key, figure=figure)
    figures_by_id = {figure.pk: figure for figure in data.figures}
    for claim in data.claims:
        figure = figures_by_id.get(claim.figure_id) if claim.figure_id else None
        key = (
            (figure.unit, figure.kind, figure.period_start, figure.period_end)
            if figure
            else (claim.unit, claim.kind, claim.period_start, claim.period_end)
        )
        rows.setdefault(key, PeriodRow(*key)).claims.append(claim)
    for row in rows.values():
        flagged = bool(row.figure and getattr(row.figure, "closed_flag_count", 0))
        row.contested = flagged or not share_a_value(row.claims, tolerance)
        row.focused = bool(focus and row.figure and row.figure.pk == focus.pk)
    by_unit: dict[tuple[str, str], list[PeriodRow]] = defaultdict(list)
    for key in sorted(rows, key=lambda k: (k[0], KIND_ORDER.get(k[1], 9), k[2], k[3])):
        by_unit[key[:2]].append(rows[key])
    return [
        UnitSeries(
            unit,
            unit_rows,
            _chart(data, unit, unit_rows, tolerance, focus) if charts else SafeString(""),
            kind=kind,
        )
        for (unit, kind), unit_rows in by_unit.items()
    ]


KIND_ORDER = {FigureKind.ANNUAL: 0, FigureKind.TOTAL: 1, FigureKind.TRANSACTION: 2}


def sample_by_value(claims: list[SeriesClaim], size: int) -> list[SeriesClaim]:
    """At most ``size`` claims spread evenly over the value range, lowest and highest kept."""
    if len(claims) <= size:
        return claims
    ordered = sorted(claims, key=plotted_value)
    picks = sorted({round(n * (len(ordered) - 1) / (size - 1)) for n in range(size)})
    return [ordered[n] for n in picks]


def _claim_label(claim: SeriesClaim, row: PeriodRow, disagrees: bool) -> str:
    source = claim.article_title or "an untitled article"
    if claim.publication:
        source = f"{source} ({claim.publication})"
    verdict = ""
    if row.figure is not None:
        verdict = "; disagrees with the reconciled value" if disagrees else "; agrees"
    else:
        verdict = "; not reconciled yet"
    return (
        f"Claim: {format_amount(plotted_value(claim), row.unit)} for {row.period} in "
        f"{source}, {ClaimStatus(claim.status).label.lower()}{verdict}"
    )


def _chart(
    data: SeriesData,
    unit: str,
    rows: list[PeriodRow],
    tolerance: Decimal,
    focus: Figure | None,
) -> SafeString:
    subject, metric = data.subject.name, data.metric.name
    levels = []
    points = []
    bands = []
    spreads = []
    for row in rows:
        reference = figure_reference(row.figure) if row.figure else None
        if row.figure is not None and reference is not None:
            levels.append(
                ChartLevel(
                    start=row.period_start,
                    end=row.period_end,
                    value=reference,
                    url=row.figure.get_absolute_url(),
                    label=f"Reconciled: {row.reconciled} for {row.period}",
                )
            )
        if row.contested:
            bands.append(
                ChartBand(row.period_start, row.period_end, f"Sources disagree for {row.period}")
            )
        drawn = row.claims if row.focused else sample_by_value(row.claims, MAX_DRAWN_PER_PERIOD)
        if len(drawn) < len(row.claims):
            values = [plotted_value(claim) for claim in row.claims]
            spreads.append(
                ChartSpread(
                    year=(row.period_start + row.period_end) / 2,
                    low=min(values),
                    high=max(values),
                    label=f"{len(row.claims)} claims for {row.period} from {row.lowest} to "
                    f"{row.highest}; {len(drawn)} drawn, the figure's page shows every one",
                )
            )
        for claim in drawn:
            disagrees = reference is not None and not agrees(claim, reference, tolerance)
            points.append(
                ChartPoint(
                    year=(claim.period_start + claim.period_end) / 2,
                    value=plotted_value(claim),
                    low=claim.low,
                    high=claim.high,
                    url=reverse("claim-detail", kwargs={"pk": claim.pk}),
                    label=_claim_label(claim, row, disagrees),
                    disagrees=disagrees,
                    unreconciled=row.figure is None,
                )
            )
    years = [y for row in rows for y in (row.period_start, row.period_end)]
    title = f"{subject}: {metric.lower()} in {unit}, {period_label(min(years), max(years))}"
    description = (
        "Bars joined by a line: the reconciled value per year. Circles: claims that agree "
        "with it; triangles: claims that disagree; hollow circles: claims whose year is not "
        "reconciled yet. Shaded years: the sources disagree. In a year with many claims a "
        "sample is drawn over a thin line spanning all of them. Each mark links to its page; "
        "the table below gives the same numbers."
    )
    chart = SeriesChart(
        chart_id=f"chart-{data.subject.slug}-{data.metric.slug}-{slugify(unit)}",
        title=title,
        description=description,
        levels=levels,
        points=points,
        bands=bands,
        spreads=spreads,
        focus=(focus.period_start, focus.period_end) if focus and focus.unit == unit else None,
        format_value=lambda value: format_amount(value, unit),
    )
    return render_series_svg(chart)
