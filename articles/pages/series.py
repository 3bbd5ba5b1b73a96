"""A subject's metric over the years, shaped for the chart, the table and the CSV.

The rows come from ``selectors.pages.series_data``; here they are grouped per unit and kind
(dollars and manats are not drawn on one axis, nor tanks beside dollars, nor a total over a
decade beside yearly budgets, nor deals as if they were a yearly level) and per period, and
each claim is weighed against its figure's reconciled value. "Disagree" uses the reconciler's
notion of a value: an exact claim is a point, "about" widens it by the tolerance, "at least"
and "at most" are open-ended, ranges are ranges; a period is contested when its claims share
no common value or when a conflict flag was raised on its figure. Deals of one year are
separate events, so only a flag makes them contested.

Each (unit, kind) gets its own chart, drawn by what the kind means: yearly amounts and counts
as a line of reconciled levels with the claims around them; totals as brackets over their
years, labelled with the total and its yearly average named as one, with no value axis at
all (a chart of their own keeps the yearly chart's axis measuring yearly amounts only); deals
as markers on their year, labelled with the amount, the item and the seller. The charts of a
unit share their years, so a bracket or a deal stands under the years of the yearly chart.
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
    ChartDeal,
    ChartLevel,
    ChartPoint,
    ChartSpread,
    ChartTotal,
    SeriesChart,
    render_series_svg,
)
from articles.models import ClaimStatus, Figure, FigureKind, Metric, Qualifier
from articles.selectors.pages import SeriesClaim, SeriesData
from articles.services.flag_text import format_amount, period_label

from .amounts import bounded_amount, figure_amount

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
    return claim.low if claim.low is not None else claim.high  # type: ignore[return-value]  # a series claim has a value, low or high


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
KIND_CAPTIONS: dict[str, str] = {
    FigureKind.ANNUAL: "year by year",
    FigureKind.TOTAL: "totals over several years",
    FigureKind.TRANSACTION: "deals, each in the year it is dated",
    FigureKind.COUNT: "counts",
}


@dataclass
class UnitSeries:
    """The series in one unit and of one kind: its rows and its chart."""

    unit: str
    rows: list[PeriodRow]
    chart: SafeString
    kind: str = FigureKind.ANNUAL
    # The period of the figure the page is about, when it is outlined in this chart.
    focus_period: str = ""

    @property
    def caption(self) -> str:
        return KIND_CAPTIONS.get(self.kind, "year by year")

    @property
    def shape(self) -> str:
        """What its chart draws, for the legend: "line", "brackets" or "markers"."""
        return chart_shape(self.kind)


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
    rows: dict[tuple[str, str, int, int], PeriodRow] = {}
    for figure in data.figures:
        key = (figure.unit, figure.kind, figure.period_start, figure.period_end)
        rows[key] = PeriodRow(*key, figure=figure)
    figures_by_id = {figure.pk: figure for figure in data.figures}
    for claim in data.claims:
        owner = figures_by_id.get(claim.figure_id) if claim.figure_id else None
        key = (
            (owner.unit, owner.kind, owner.period_start, owner.period_end)
            if owner
            else (claim.unit, claim.kind, claim.period_start, claim.period_end)
        )
        rows.setdefault(key, PeriodRow(*key)).claims.append(claim)
    for row in rows.values():
        flagged = bool(row.figure and getattr(row.figure, "closed_flag_count", 0))
        # Different deals of one year never conflict; only a flag, which the reconciler
        # raises on reports of one deal, says that a deal's reports disagree.
        comparable = row.kind != FigureKind.TRANSACTION
        row.contested = flagged or (comparable and not share_a_value(row.claims, tolerance))
        row.focused = bool(focus and row.figure and row.figure.pk == focus.pk)
    by_unit: dict[tuple[str, str], list[PeriodRow]] = defaultdict(list)
    for key in sorted(rows, key=lambda k: (k[0], KIND_ORDER.get(k[1], 9), k[2], k[3])):
        by_unit[key[:2]].append(rows[key])
    spans = unit_spans(rows.values())
    return [
        UnitSeries(
            unit,
            unit_rows,
            _chart(data, unit_rows, tolerance, focus, spans[unit]) if charts else SafeString(""),
            kind=kind,
            focus_period=focus.period_label if focus and focus.unit == unit else "",
        )
        for (unit, kind), unit_rows in by_unit.items()
    ]


KIND_ORDER: dict[str, int] = {FigureKind.ANNUAL: 0, FigureKind.TOTAL: 1, FigureKind.TRANSACTION: 2}


def unit_spans(rows: Iterable[PeriodRow]) -> dict[str, tuple[int, int]]:
    """The years of each unit, over every kind: the unit's charts share them, so a total's
    bracket stands under the yearly amounts it covers and a deal under its year's budget."""
    spans: dict[str, tuple[int, int]] = {}
    for row in rows:
        first, last = spans.get(row.unit, (row.period_start, row.period_end))
        spans[row.unit] = (min(first, row.period_start), max(last, row.period_end))
    return spans


def sample_by_value(claims: list[SeriesClaim], size: int) -> list[SeriesClaim]:
    """At most ``size`` claims spread evenly over the value range, lowest and highest kept."""
    if len(claims) <= size:
        return claims
    ordered = sorted(claims, key=plotted_value)
    picks = sorted({round(n * (len(ordered) - 1) / (size - 1)) for n in range(size)})
    return [ordered[n] for n in picks]


def _source(claim: SeriesClaim) -> str:
    source = claim.article_title or "an untitled article"
    return f"{source} ({claim.publication})" if claim.publication else source


def _claim_label(claim: SeriesClaim, row: PeriodRow, disagrees: bool) -> str:
    if row.figure is not None:
        verdict = "; disagrees with the reconciled value" if disagrees else "; agrees"
    else:
        verdict = "; not reconciled yet"
    in_total = " in total" if row.kind == FigureKind.TOTAL else ""
    return (
        f"Claim: {format_amount(plotted_value(claim), row.unit)}{in_total} for {row.period} in "
        f"{_source(claim)}, {ClaimStatus(claim.status).label.lower()}{verdict}"
    )


@dataclass
class ChartMarks:
    """What one chart draws, before it is laid out."""

    levels: list[ChartLevel] = field(default_factory=list)
    points: list[ChartPoint] = field(default_factory=list)
    bands: list[ChartBand] = field(default_factory=list)
    spreads: list[ChartSpread] = field(default_factory=list)
    totals: list[ChartTotal] = field(default_factory=list)
    deals: list[ChartDeal] = field(default_factory=list)


def _drawn(row: PeriodRow, marks: ChartMarks) -> list[SeriesClaim]:
    """The claims of a row the chart draws: all of the focused row's, else a sample whose
    full range is drawn as a spread."""
    drawn = row.claims if row.focused else sample_by_value(row.claims, MAX_DRAWN_PER_PERIOD)
    if len(drawn) < len(row.claims):
        values = [plotted_value(claim) for claim in row.claims]
        marks.spreads.append(
            ChartSpread(
                year=(row.period_start + row.period_end) / 2,
                low=min(values),
                high=max(values),
                label=f"{len(row.claims)} claims for {row.period} from {row.lowest} to "
                f"{row.highest}; {len(drawn)} drawn, the figure's page shows every one",
            )
        )
    return drawn


def _band(row: PeriodRow, marks: ChartMarks) -> None:
    if row.contested:
        marks.bands.append(
            ChartBand(row.period_start, row.period_end, f"Sources disagree for {row.period}")
        )


def _claim_points(
    row: PeriodRow, claims: list[SeriesClaim], tolerance: Decimal
) -> list[ChartPoint]:
    reference = figure_reference(row.figure) if row.figure else None
    points = []
    for claim in claims:
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
    return points


def level_marks(rows: list[PeriodRow], tolerance: Decimal) -> ChartMarks:
    """Yearly amounts and counts: the reconciled level per year and the claims around it."""
    marks = ChartMarks()
    for row in rows:
        reference = figure_reference(row.figure) if row.figure else None
        if row.figure is not None and reference is not None:
            marks.levels.append(
                ChartLevel(
                    start=row.period_start,
                    end=row.period_end,
                    value=reference,
                    url=row.figure.get_absolute_url(),
                    label=f"Reconciled: {row.reconciled} for {row.period}",
                )
            )
        _band(row, marks)
        marks.points += _claim_points(row, _drawn(row, marks), tolerance)
    return marks


def _total_words(row: PeriodRow) -> tuple[str, str]:
    """A total's label and, when its value is reconciled, its yearly average named as one."""
    if row.figure is None:
        amounts = row.lowest if row.lowest == row.highest else f"{row.lowest} to {row.highest}"
        return f"{amounts} in total, {row.period} (not reconciled yet)", ""
    label = f"{row.reconciled} in total, {row.period}"
    years = row.period_end - row.period_start + 1
    if row.figure.value is None or years < 2:
        return label, ""
    average = format_amount(row.figure.value / years, row.unit)
    return label, f"≈ {average} a year on average"


def total_marks(rows: list[PeriodRow], tolerance: Decimal) -> ChartMarks:
    """Totals: a bracket per period, its claims on the bracket; nothing on a value scale."""
    marks = ChartMarks()
    for row in rows:
        _band(row, marks)
        drawn = row.claims if row.focused else sample_by_value(row.claims, MAX_DRAWN_PER_PERIOD)
        label, average = _total_words(row)
        # Without a value scale a sample's range cannot be drawn as a spread: it is told.
        if len(drawn) < len(row.claims):
            label += f"; {len(drawn)} of its {len(row.claims)} claims drawn"
        marks.totals.append(
            ChartTotal(
                start=row.period_start,
                end=row.period_end,
                label=label,
                average=average,
                url=row.figure.get_absolute_url() if row.figure else "",
                points=_claim_points(row, drawn, tolerance),
            )
        )
    return marks


DEAL_CAPTION_CHARACTERS = 26


def deal_words(claim: SeriesClaim) -> tuple[str, ...]:
    """What a deal was and with whom, a line each: ("JF-17 fighters", "from Pakistan")."""
    item, seller = claim.item.strip(), claim.counterparty.strip()
    return tuple(words for words in (item, f"from {seller}" if seller else "") if words)


def _shortened(text: str, limit: int = DEAL_CAPTION_CHARACTERS) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def deal_marks(rows: list[PeriodRow], unit: str) -> ChartMarks:
    """Deals: one marker per reported deal on the year it is dated; no line, no level."""
    marks = ChartMarks()
    for row in rows:
        _band(row, marks)
        for claim in _drawn(row, marks):
            amount = bounded_amount(claim.value, claim.low, claim.high, unit)
            what = deal_words(claim)
            status = ClaimStatus(claim.status).label.lower()
            marks.deals.append(
                ChartDeal(
                    year=claim.period_start,
                    value=plotted_value(claim),
                    url=reverse("claim-detail", kwargs={"pk": claim.pk}),
                    label=", ".join(
                        (
                            f"Deal: {amount}",
                            *what,
                            str(claim.period_start),
                            f"in {_source(claim)}",
                            status,
                        )
                    ),
                    caption=(amount, *(_shortened(words) for words in what)),
                    unreconciled=row.figure is None,
                )
            )
    return marks


DESCRIPTIONS = {
    "line": (
        "Bars joined by a line: the reconciled value per year. Circles: claims that agree "
        "with it; triangles: claims that disagree; hollow circles: claims whose year is not "
        "reconciled yet. Shaded years: the sources disagree. In a year with many claims a "
        "sample is drawn over a thin line spanning all of them. Totals over several years "
        "and deals are not on this scale; they have charts of their own. Each mark links to "
        "its page; the table below gives the same numbers."
    ),
    "brackets": (
        "Each bracket spans the years a total covers and is labelled with the amount for all "
        "of them; a reconciled total also gives its yearly average, named as an average. "
        "Totals are not drawn on a yearly scale, so this chart has no value axis. Points on a "
        "bracket are its claims: circles agree with the reconciled total, triangles disagree, "
        "hollow circles are not reconciled yet. Shaded years: the sources disagree. Each mark "
        "links to its page; the table below gives the same numbers."
    ),
    "markers": (
        "Each diamond is one deal, contract or delivery, on a stem at its amount in the year "
        "it is dated, labelled with the amount and, when known, what was bought and from "
        "whom. Deals are separate events, so they are not joined by a line and have no "
        "reconciled level. Hollow diamonds: the year has no reconciled figure yet. Shaded "
        "years: a reviewer found reports of one deal that disagree. Each diamond links to "
        "its claim; the table below gives the same numbers."
    ),
}


CHART_SHAPES: dict[str, str] = {FigureKind.TOTAL: "brackets", FigureKind.TRANSACTION: "markers"}


def chart_shape(kind: str) -> str:
    """How a kind is drawn: totals as brackets, deals as markers, the rest as a line."""
    return CHART_SHAPES.get(kind, "line")


def _chart(
    data: SeriesData,
    rows: list[PeriodRow],
    tolerance: Decimal,
    focus: Figure | None,
    span: tuple[int, int],
) -> SafeString:
    unit, kind = rows[0].unit, rows[0].kind
    shape = chart_shape(kind)
    if shape == "brackets":
        marks = total_marks(rows, tolerance)
    elif shape == "markers":
        marks = deal_marks(rows, unit)
    else:
        marks = level_marks(rows, tolerance)
    years = [y for row in rows for y in (row.period_start, row.period_end)]
    title = (
        f"{data.subject.name}: {data.metric.name.lower()} in {unit}, "
        f"{period_label(min(years), max(years))}"
    )
    if kind != FigureKind.ANNUAL:
        title += f" ({KIND_CAPTIONS.get(kind, kind)})"
    # Charts of one unit but different kinds sit on one page: each needs its own id.
    suffix = "" if kind == FigureKind.ANNUAL else f"-{slugify(kind)}"
    chart = SeriesChart(
        chart_id=f"chart-{data.subject.slug}-{data.metric.slug}-{slugify(unit)}{suffix}",
        title=title,
        description=DESCRIPTIONS[shape],
        levels=marks.levels,
        points=marks.points,
        bands=marks.bands,
        spreads=marks.spreads,
        totals=marks.totals,
        deals=marks.deals,
        span=span,
        focus=(focus.period_start, focus.period_end) if focus and focus.unit == unit else None,
        format_value=lambda value: format_amount(value, unit),
    )
    return render_series_svg(chart)
