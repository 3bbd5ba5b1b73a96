"""The series chart: a subject's metric over the years, drawn as accessible SVG.

The reconciled value per year is a bar across the year, the bars joined by a line (broken
where a year has none); a figure over several years is a dashed level across them. Every
claim is a point that links to its claim page — a circle when it agrees with the reconciled
value, a triangle when it does not, hollow when its year is not reconciled yet — and a
claim given as a range is drawn with its bounds. A year with more claims than a chart can
show is drawn as a sample spread over a thin line from its lowest to its highest claim.
Years where the sources disagree are shaded. Shapes differ as well as colours, so the chart
reads in grey print and for colour-blind readers; every link has a text label, and the page
gives the same numbers as a table.

Pure: numbers in, markup out. Every piece of text is escaped by ``format_html``. We draw it
ourselves because a chart library would add JavaScript or a rendering dependency for what is
a few lines and circles.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

# A chart of a few years is drawn narrower, so it fits a phone screen at a readable size;
# one of many years is drawn at MAX_WIDTH and scrolls sideways on a phone.
MIN_WIDTH, MAX_WIDTH, HEIGHT = 440, 720, 360
YEAR_PIXELS = 56
WIDE_YEARS = 10
LEFT, RIGHT, TOP, BOTTOM = 112, 20, 28, 44
PLOT_HEIGHT = HEIGHT - TOP - BOTTOM
POINT_RADIUS = 4.5
LEVEL_BAR = 4
MAX_POINT_SPACING = 9.0
Y_TICKS = 4
MAX_YEAR_LABELS = 12


@dataclass(frozen=True)
class ChartPoint:
    """A claim: where it stands (the middle of its period) and what it says."""

    year: float
    value: Decimal
    low: Decimal | None
    high: Decimal | None
    url: str
    label: str
    disagrees: bool = False
    unreconciled: bool = False


@dataclass(frozen=True)
class ChartLevel:
    """A reconciled figure: its value over its period."""

    start: int
    end: int
    value: Decimal
    url: str
    label: str


@dataclass(frozen=True)
class ChartBand:
    """Years where the sources disagree."""

    start: int
    end: int
    label: str


@dataclass(frozen=True)
class ChartSpread:
    """The range of every claim of a year whose points are drawn as a sample."""

    year: float
    low: Decimal
    high: Decimal
    label: str


@dataclass(frozen=True)
class SeriesChart:
    chart_id: str
    title: str
    description: str
    levels: Sequence[ChartLevel]
    points: Sequence[ChartPoint]
    bands: Sequence[ChartBand] = ()
    spreads: Sequence[ChartSpread] = ()
    focus: tuple[int, int] | None = None
    format_value: Callable[[Decimal], str] = str


def nice_step(span: float, ticks: int = Y_TICKS) -> float:
    """A round step (1, 2, 2.5 or 5 times a power of ten) giving about ``ticks`` ticks."""
    if span <= 0:
        return 1.0
    raw = span / ticks
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * power:
            return factor * power
    return 10 * power


def _f(number: float) -> str:
    """A coordinate with one decimal (``format_html`` escapes arguments to text first)."""
    return f"{number:.1f}"


class _Scale:
    def __init__(self, chart: SeriesChart) -> None:
        years = [p.year for p in chart.points]
        years += [y for level in chart.levels for y in (level.start, level.end)]
        years += [y for band in chart.bands for y in (band.start, band.end)]
        if chart.focus:
            years += list(chart.focus)
        self.first = math.floor(min(years)) if years else 0
        self.last = math.ceil(max(years)) if years else 1
        amounts = [float(p.high if p.high is not None else p.value) for p in chart.points]
        amounts += [float(spread.high) for spread in chart.spreads]
        amounts += [float(level.value) for level in chart.levels]
        top = max(amounts, default=0.0)
        self.step = nice_step(top * 1.05 or 1.0)
        self.top = self.step * max(1, math.ceil(top * 1.05 / self.step))
        self.years = self.last - self.first + 1
        self.width = min(MAX_WIDTH, max(MIN_WIDTH, LEFT + RIGHT + self.years * YEAR_PIXELS))
        self.year_width = (self.width - LEFT - RIGHT) / self.years

    def x(self, year: float) -> str:
        return _f(self.px(year))

    def px(self, year: float) -> float:
        return LEFT + (year - self.first + 0.5) * self.year_width

    def y(self, value: Decimal | float) -> str:
        return _f(self.py(value))

    def py(self, value: Decimal | float) -> float:
        return TOP + (1 - float(value) / self.top) * PLOT_HEIGHT

    def year_step(self) -> int:
        span = self.last - self.first + 1
        for step in (1, 2, 5, 10, 20, 25, 50):
            if span / step <= MAX_YEAR_LABELS:
                return step
        return 100


def _grid(scale: _Scale, chart: SeriesChart) -> SafeString:
    ticks = [scale.step * n for n in range(round(scale.top / scale.step) + 1)]
    lines = format_html_join(
        "",
        '<line class="grid" x1="{}" x2="{}" y1="{}" y2="{}"/>'
        '<text class="tick" x="{}" y="{}" text-anchor="end">{}</text>',
        (
            (LEFT, scale.width - RIGHT, scale.y(t), scale.y(t), LEFT - 8, _f(scale.py(t) + 4),
             chart.format_value(Decimal(str(t))) if t else "0")
            for t in ticks
        ),
    )  # fmt: skip
    step = scale.year_step()
    first_label = scale.first + (-scale.first) % step
    years = format_html_join(
        "",
        '<text class="tick" x="{}" y="{}" text-anchor="middle">{}</text>',
        ((scale.x(year), HEIGHT - BOTTOM + 18, year)
         for year in range(first_label, scale.last + 1, step)),
    )  # fmt: skip
    axis = format_html(
        '<line class="axis" x1="{}" x2="{}" y1="{}" y2="{}"/>',
        LEFT,
        scale.width - RIGHT,
        TOP + PLOT_HEIGHT,
        TOP + PLOT_HEIGHT,
    )
    return format_html('<g aria-hidden="true">{}{}{}</g>', lines, axis, years)


def _bands(scale: _Scale, chart: SeriesChart) -> SafeString:
    bands = format_html_join(
        "",
        '<rect class="band" x="{}" y="{}" width="{}" height="{}"><title>{}</title></rect>'
        '<text class="band-mark" x="{}" y="{}" text-anchor="middle">≠</text>',
        (
            (scale.x(b.start - 0.5), TOP, _f((b.end - b.start + 1) * scale.year_width), PLOT_HEIGHT,
             b.label, scale.x((b.start + b.end) / 2), TOP - 8)
            for b in chart.bands
        ),
    )  # fmt: skip
    focus = SafeString("")
    if chart.focus:
        start, end = chart.focus
        focus = format_html(
            '<rect class="focus" x="{}" y="{}" width="{}" height="{}"/>',
            scale.x(start - 0.5),
            TOP,
            _f((end - start + 1) * scale.year_width),
            PLOT_HEIGHT,
        )
    return format_html('<g aria-hidden="true">{}{}</g>', bands, focus)


def _line(scale: _Scale, chart: SeriesChart) -> SafeString:
    annual = sorted((lv for lv in chart.levels if lv.start == lv.end), key=lambda lv: lv.start)
    commands = []
    previous: int | None = None
    for level in annual:
        verb = "L" if previous is not None and level.start - previous == 1 else "M"
        commands.append(f"{verb}{scale.x(level.start)},{scale.y(level.value)}")
        previous = level.start
    path = (
        format_html('<path class="reconciled-line" d="{}"/>', " ".join(commands))
        if commands
        else SafeString("")
    )
    spans = format_html_join(
        "",
        '<line class="reconciled-level" x1="{}" x2="{}" y1="{}" y2="{}"/>',
        (
            (scale.x(lv.start - 0.4), scale.x(lv.end + 0.4), scale.y(lv.value),
             scale.y(lv.value))
            for lv in chart.levels
            if lv.start != lv.end
        ),
    )  # fmt: skip
    # A bar across the year, wider than the claim points, so it shows beside them.
    width = max(POINT_RADIUS * 3, scale.year_width * 0.6)
    markers = format_html_join(
        "",
        '<a href="{}" class="figure-link" aria-label="{}"><title>{}</title>'
        '<rect class="reconciled" x="{}" y="{}" width="{}" height="{}"/></a>',
        (
            (lv.url, lv.label, lv.label, _f(scale.px((lv.start + lv.end) / 2) - width / 2),
             _f(scale.py(lv.value) - LEVEL_BAR / 2), _f(width), LEVEL_BAR)
            for lv in chart.levels
        ),
    )  # fmt: skip
    return format_html(
        '<g aria-hidden="true">{}{}</g><g class="levels">{}</g>', path, spans, markers
    )


def _point_shape(point: ChartPoint, x: float, y: float) -> SafeString:
    if point.disagrees:
        r = POINT_RADIUS + 1.5
        return format_html(
            '<path class="claim-point disagrees" d="M{},{}L{},{}L{},{}Z"/>',
            _f(x),
            _f(y - r),
            _f(x + r),
            _f(y + r * 0.8),
            _f(x - r),
            _f(y + r * 0.8),
        )
    css = "claim-point unreconciled" if point.unreconciled else "claim-point"
    return format_html(
        '<circle class="{}" cx="{}" cy="{}" r="{}"/>', css, _f(x), _f(y), POINT_RADIUS
    )


def _points(scale: _Scale, chart: SeriesChart) -> SafeString:
    by_year: dict[float, list[ChartPoint]] = defaultdict(list)
    for point in chart.points:
        by_year[point.year].append(point)
    parts = []
    for year, points in sorted(by_year.items()):
        spacing = min(MAX_POINT_SPACING, scale.year_width * 0.7 / max(1, len(points)))
        for number, point in enumerate(points):
            x = scale.px(year) + (number - (len(points) - 1) / 2) * spacing
            y = scale.py(point.value)
            whisker = SafeString("")
            if point.low is not None and point.high is not None and point.low != point.high:
                whisker = format_html(
                    '<line class="claim-range" x1="{}" x2="{}" y1="{}" y2="{}"/>',
                    _f(x),
                    _f(x),
                    scale.y(point.low),
                    scale.y(point.high),
                )
            parts.append(
                format_html(
                    '<a href="{}" class="claim-link" aria-label="{}"><title>{}</title>{}{}</a>',
                    point.url,
                    point.label,
                    point.label,
                    whisker,
                    _point_shape(point, x, y),
                )
            )
    spreads = format_html_join(
        "",
        '<line class="claim-spread" x1="{}" x2="{}" y1="{}" y2="{}"><title>{}</title></line>',
        (
            (scale.x(sp.year), scale.x(sp.year), scale.y(sp.low), scale.y(sp.high), sp.label)
            for sp in chart.spreads
        ),
    )
    return format_html(
        '<g class="spreads">{}</g><g class="claims">{}</g>', spreads, SafeString("".join(parts))
    )


def render_series_svg(chart: SeriesChart) -> SafeString:
    """The chart as an ``<svg>`` element; its links are in the page's tab order."""
    scale = _Scale(chart)
    return format_html(
        '<svg class="{}" id="{}" viewBox="0 0 {} {}" role="group" '
        'aria-labelledby="{}-title" aria-describedby="{}-desc">'
        '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc>{}{}{}{}</svg>',
        "series-chart series-chart--wide" if scale.years > WIDE_YEARS else "series-chart",
        chart.chart_id,
        scale.width,
        HEIGHT,
        chart.chart_id,
        chart.chart_id,
        chart.chart_id,
        chart.title,
        chart.chart_id,
        chart.description,
        _bands(scale, chart),
        _grid(scale, chart),
        _line(scale, chart),
        _points(scale, chart),
    )
