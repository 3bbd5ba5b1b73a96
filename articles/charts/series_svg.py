"""The series chart: a subject's metric over the years, drawn as accessible SVG.

What is drawn depends on the kind of amount, because each kind means something different on a
time axis:

- Yearly amounts (and counts, always in a chart of their own unit) are levels. The reconciled
  value per year is a bar across the year, the bars joined by a line (broken where a year has
  none); a yearly figure over a fiscal year that straddles two calendar years is a dashed level
  across them.
- A total over several years is not a level, and is never placed on the value scale: drawing
  $22.7 billion for a decade beside budgets of $2–3 billion would say spending rose tenfold.
  It is a bracket over its years, labelled with the total ("$22.7 billion in total,
  2007–2016") and, when known, the yearly average, labelled as one. Brackets sit in lanes above
  the value plot (a chart of totals alone has no value axis at all), overlapping totals in
  separate lanes, and a total's claims are points on its bracket.
- A deal, contract or delivery is an event: a diamond on its year at its amount, on a stem
  from zero, labelled with its amount and, when known, what was bought and from whom. Deals
  are not joined by a line and have no reconciled bar: different deals are not one quantity
  changing over time.

Every claim is a point that links to its claim page — a circle when it agrees with the
reconciled value, a triangle when it does not, hollow when its period is not reconciled yet —
and a yearly claim given as a range is drawn with its bounds. A year with more claims than a
chart can show is drawn as a sample spread over a thin line from its lowest to its highest
claim. Periods where the sources disagree are shaded. The period of the figure a page is about
is outlined and named under the axis. Shapes differ as well as colours, so the chart reads in
grey print and for colour-blind readers; every link has a text label, and the page gives the
same numbers as a table.

Pure: numbers and words in, markup out. Every piece of text is escaped by ``format_html``. We
draw it ourselves because a chart library would add JavaScript or a rendering dependency for
what is a few lines, brackets and circles. Without a browser there is no text measurement, so
label widths are estimated from their length; the estimate only decides where a label goes.
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
# A bracket's lane: its label, its average, then the bracket with its claims on it.
LANE = 50
BRACKET_TICK = 6
# Rough width of a character as a share of the font size (system-ui, digits and lower case).
CHAR_EM = 0.56
LABEL_FONT, SMALL_FONT = 12, 11
DEAL_RADIUS = 6.0
EDGE = 4


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
    """A reconciled yearly figure: its value over its (fiscal) year."""

    start: int
    end: int
    value: Decimal
    url: str
    label: str


@dataclass(frozen=True)
class ChartTotal:
    """A flow summed over several years: a bracket over its years, labelled with the sum.

    ``points`` are its claims, drawn on the bracket (their ``value`` places nothing).
    """

    start: int
    end: int
    label: str
    average: str = ""
    url: str = ""
    points: Sequence[ChartPoint] = ()


@dataclass(frozen=True)
class ChartDeal:
    """A deal, contract or delivery: a marker on its year at its amount.

    ``caption`` is the visible label, a line each: the amount, then what and from whom.
    """

    year: int
    value: Decimal
    url: str
    label: str
    caption: tuple[str, ...]
    unreconciled: bool = False


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
    """One chart. ``span`` widens its years (so charts of one unit line up year for year)."""

    chart_id: str
    title: str
    description: str
    levels: Sequence[ChartLevel]
    points: Sequence[ChartPoint]
    bands: Sequence[ChartBand] = ()
    spreads: Sequence[ChartSpread] = ()
    focus: tuple[int, int] | None = None
    format_value: Callable[[Decimal], str] = str
    totals: Sequence[ChartTotal] = ()
    deals: Sequence[ChartDeal] = ()
    span: tuple[int, int] | None = None


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


def text_width(text: str, font_size: float = LABEL_FONT) -> float:
    """An estimate of how wide ``text`` is drawn: enough to keep labels apart and inside."""
    return len(text) * font_size * CHAR_EM


def _period(start: int, end: int) -> str:
    return str(start) if start == end else f"{start}–{end}"


def _chart_years(chart: SeriesChart) -> list[float]:
    years: list[float] = [p.year for p in chart.points]
    years += [y for level in chart.levels for y in (level.start, level.end)]
    years += [y for band in chart.bands for y in (band.start, band.end)]
    years += [y for total in chart.totals for y in (total.start, total.end)]
    years += [deal.year for deal in chart.deals]
    for pair in (chart.focus, chart.span):
        if pair:
            years += list(pair)
    return years


def _plotted_amounts(chart: SeriesChart) -> list[float]:
    """Every amount the value axis measures. Totals are not among them, by design."""
    amounts = [float(p.high if p.high is not None else p.value) for p in chart.points]
    amounts += [float(spread.high) for spread in chart.spreads]
    amounts += [float(level.value) for level in chart.levels]
    amounts += [float(deal.value) for deal in chart.deals]
    return amounts


class _Scale:
    """Where things go: years across; lanes of brackets, then the value plot, downwards."""

    def __init__(self, chart: SeriesChart) -> None:
        years = _chart_years(chart)
        self.first = math.floor(min(years)) if years else 0
        self.last = math.ceil(max(years)) if years else 1
        top = max(_plotted_amounts(chart), default=0.0)
        self.step = nice_step(top * 1.05 or 1.0)
        self.top = self.step * max(1, math.ceil(top * 1.05 / self.step))
        self.years = self.last - self.first + 1
        self.width = min(MAX_WIDTH, max(MIN_WIDTH, LEFT + RIGHT + self.years * YEAR_PIXELS))
        self.year_width = (self.width - LEFT - RIGHT) / self.years
        # A chart of totals alone has no value plot: nothing in it is a level.
        has_values = bool(chart.levels or chart.points or chart.spreads or chart.deals)
        self.has_plot = has_values or not chart.totals
        self.lanes = bracket_lanes(chart.totals, self)
        lane_count = max(self.lanes, default=-1) + 1
        self.plot_top = TOP + lane_count * LANE
        self.axis_y = self.plot_top + (PLOT_HEIGHT if self.has_plot else 0)
        self.height = self.axis_y + BOTTOM

    def x(self, year: float) -> str:
        return _f(self.px(year))

    def px(self, year: float) -> float:
        return LEFT + (year - self.first + 0.5) * self.year_width

    def y(self, value: Decimal | float) -> str:
        return _f(self.py(value))

    def py(self, value: Decimal | float) -> float:
        return self.plot_top + (1 - float(value) / self.top) * PLOT_HEIGHT

    def lane_y(self, lane: int) -> float:
        """Where a bracket's bar is drawn in its lane, under its words."""
        return TOP + lane * LANE + LANE - BRACKET_TICK - 6

    def year_step(self) -> int:
        span = self.last - self.first + 1
        for step in (1, 2, 5, 10, 20, 25, 50):
            if span / step <= MAX_YEAR_LABELS:
                return step
        return 100


def placed_text(center: float, width: float, chart_width: float) -> tuple[float, str]:
    """Where a label centred on ``center`` starts and its anchor, kept inside the chart."""
    if center - width / 2 < EDGE:
        return EDGE, "start"
    if center + width / 2 > chart_width - EDGE:
        return chart_width - EDGE, "end"
    return center, "middle"


def _extent(x: float, anchor: str, width: float) -> tuple[float, float]:
    if anchor == "start":
        return x, x + width
    if anchor == "end":
        return x - width, x
    return x - width / 2, x + width / 2


def _total_texts(total: ChartTotal) -> list[tuple[str, int]]:
    lines = ((total.label, LABEL_FONT), (total.average, SMALL_FONT))
    return [(text, size) for text, size in lines if text]


def _total_extent(total: ChartTotal, scale: _Scale) -> tuple[float, float]:
    """The horizontal room a bracket and its labels take."""
    left, right = scale.px(total.start - 0.5), scale.px(total.end + 0.5)
    center = (left + right) / 2
    for text, size in _total_texts(total):
        width = text_width(text, size)
        x, anchor = placed_text(center, width, scale.width)
        low, high = _extent(x, anchor, width)
        left, right = min(left, low), max(right, high)
    return left, right


def bracket_lanes(totals: Sequence[ChartTotal], scale: _Scale) -> list[int]:
    """The lane of each total: the first one where neither its bracket nor its label overlaps."""
    lane_ends: list[float] = []
    lanes = [0] * len(totals)
    for index in sorted(range(len(totals)), key=lambda i: (totals[i].start, totals[i].end)):
        left, right = _total_extent(totals[index], scale)
        free = [lane for lane, end in enumerate(lane_ends) if left > end + 8]
        lane = free[0] if free else len(lane_ends)
        if not free:
            lane_ends.append(right)
        lane_ends[lane] = right
        lanes[index] = lane
    return lanes


def _grid(scale: _Scale, chart: SeriesChart) -> SafeString:
    lines = SafeString("")
    if scale.has_plot:
        ticks = [scale.step * n for n in range(round(scale.top / scale.step) + 1)]
        lines = format_html_join(
            "",
            '<line class="grid" x1="{}" x2="{}" y1="{}" y2="{}"/>'
            '<text class="tick" x="{}" y="{}" text-anchor="end">{}</text>',
            (
                (LEFT, scale.width - RIGHT, scale.y(t), scale.y(t), LEFT - 8,
                 _f(scale.py(t) + 4), chart.format_value(Decimal(str(t))) if t else "0")
                for t in ticks
            ),
        )  # fmt: skip
    step = scale.year_step()
    first_label = scale.first + (-scale.first) % step
    years = format_html_join(
        "",
        '<text class="tick" x="{}" y="{}" text-anchor="middle">{}</text>',
        ((scale.x(year), scale.axis_y + 18, year)
         for year in range(first_label, scale.last + 1, step)),
    )  # fmt: skip
    axis = format_html(
        '<line class="axis" x1="{}" x2="{}" y1="{}" y2="{}"/>',
        LEFT,
        scale.width - RIGHT,
        scale.axis_y,
        scale.axis_y,
    )
    return format_html('<g aria-hidden="true">{}{}{}</g>', lines, axis, years)


def _focus(scale: _Scale, chart: SeriesChart) -> SafeString:
    """The outline of the page's own period, and its name under the year axis."""
    if not chart.focus:
        return SafeString("")
    start, end = chart.focus
    text = f"This figure: {_period(start, end)}"
    x, anchor = placed_text(scale.px((start + end) / 2), text_width(text, SMALL_FONT), scale.width)
    return format_html(
        '<rect class="focus" x="{}" y="{}" width="{}" height="{}"/>'
        '<text class="focus-label" x="{}" y="{}" text-anchor="{}">{}</text>',
        scale.x(start - 0.5),
        TOP,
        _f((end - start + 1) * scale.year_width),
        _f(scale.axis_y - TOP),
        _f(x),
        scale.axis_y + 36,
        anchor,
        text,
    )


def _bands(scale: _Scale, chart: SeriesChart) -> SafeString:
    bands = format_html_join(
        "",
        '<rect class="band" x="{}" y="{}" width="{}" height="{}"><title>{}</title></rect>'
        '<text class="band-mark" x="{}" y="{}" text-anchor="middle">≠</text>',
        (
            (scale.x(b.start - 0.5), TOP, _f((b.end - b.start + 1) * scale.year_width),
             _f(scale.axis_y - TOP), b.label, scale.x((b.start + b.end) / 2), TOP - 8)
            for b in chart.bands
        ),
    )  # fmt: skip
    return format_html('<g aria-hidden="true">{}{}</g>', bands, _focus(scale, chart))


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


def _point_link(point: ChartPoint, shape: SafeString) -> SafeString:
    return format_html(
        '<a href="{}" class="claim-link" aria-label="{}"><title>{}</title>{}</a>',
        point.url,
        point.label,
        point.label,
        shape,
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
            parts.append(_point_link(point, whisker + _point_shape(point, x, y)))
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


CSS_OF_LINE = ("bracket-label", "bracket-average")


def _bracket_words(total: ChartTotal, center: float, bar: float, scale: _Scale) -> SafeString:
    """The total's label, and its average under it, centred over the bracket."""
    texts = []
    for line, (text, size) in enumerate(_total_texts(total)):
        x, anchor = placed_text(center, text_width(text, size), scale.width)
        baseline = bar - 22 + line * 14 if total.average else bar - 8
        texts.append((CSS_OF_LINE[line], _f(x), _f(baseline), anchor, text))
    words = format_html_join("", '<text class="{}" x="{}" y="{}" text-anchor="{}">{}</text>', texts)
    # A linked bracket is named by its link, so its visible words are not read twice.
    hidden = ' aria-hidden="true"' if total.url else ""
    return format_html("<g{}>{}</g>", SafeString(hidden), words)


def _bracket(total: ChartTotal, lane: int, scale: _Scale) -> SafeString:
    """One total: its words over a bracket spanning its years, its claims on the bracket."""
    left, right = scale.px(total.start - 0.5) + 2, scale.px(total.end + 0.5) - 2
    center, bar = (left + right) / 2, scale.lane_y(lane)
    shape = format_html(
        '<path class="total-bracket{}" d="M{},{}V{}H{}V{}"/>',
        "" if total.url else " unreconciled",
        _f(left), _f(bar + BRACKET_TICK), _f(bar), _f(right), _f(bar + BRACKET_TICK),
    )  # fmt: skip
    if total.url:
        name = "; ".join(text for text, _ in _total_texts(total))
        shape = format_html(
            '<a href="{}" class="figure-link" aria-label="{}"><title>{}</title>{}</a>',
            total.url, name, name, shape,
        )  # fmt: skip
    count = len(total.points)
    spacing = min(MAX_POINT_SPACING * 1.5, (right - left - 8) / max(1, count))
    points = "".join(
        _point_link(point, _point_shape(point, center + (n - (count - 1) / 2) * spacing, bar))
        for n, point in enumerate(total.points)
    )
    return format_html(
        '<g class="total">{}{}<g class="claims">{}</g></g>',
        shape,
        _bracket_words(total, center, bar, scale),
        SafeString(points),
    )


def _totals(scale: _Scale, chart: SeriesChart) -> SafeString:
    return format_html(
        '<g class="totals">{}</g>',
        SafeString(
            "".join(
                _bracket(total, lane, scale)
                for total, lane in zip(chart.totals, scale.lanes, strict=True)
            )
        ),
    )


def _diamond(css: str, x: float, y: float) -> SafeString:
    r = DEAL_RADIUS
    return format_html(
        '<path class="{}" d="M{},{}L{},{}L{},{}L{},{}Z"/>',
        css, _f(x), _f(y - r), _f(x + r), _f(y), _f(x), _f(y + r), _f(x - r), _f(y),
    )  # fmt: skip


Box = tuple[float, float, float, float]


def _overlaps(box: Box, others: list[Box]) -> bool:
    left, top, right, bottom = box
    return any(
        left < o_right and o_left < right and top < o_bottom and o_top < bottom
        for o_left, o_top, o_right, o_bottom in others
    )


def _caption(deal: ChartDeal, x: float, y: float, scale: _Scale, taken: list[Box]) -> SafeString:
    """A deal's words beside its marker: right of it, or left near the right edge, moved up
    or down to a free place; a label that finds none is left to the link's title."""
    width = max((text_width(line, SMALL_FONT) for line in deal.caption), default=0.0)
    height = len(deal.caption) * (SMALL_FONT + 2)
    right_side = x + DEAL_RADIUS + 4 + width <= scale.width - EDGE
    anchor = "start" if right_side else "end"
    tx = x + DEAL_RADIUS + 4 if right_side else x - DEAL_RADIUS - 4
    left = tx if right_side else tx - width
    for shift in (0, -height, height, -2 * height, 2 * height):
        top = y - height / 2 + shift
        box = (left, top, left + width, top + height)
        inside = scale.plot_top <= top and top + height <= scale.axis_y
        if inside and not _overlaps(box, taken):
            taken.append(box)
            lines = format_html_join(
                "",
                '<tspan x="{}" y="{}">{}</tspan>',
                ((_f(tx), _f(top + (n + 1) * (SMALL_FONT + 2) - 3), line)
                 for n, line in enumerate(deal.caption)),
            )  # fmt: skip
            return format_html(
                '<text class="deal-label" text-anchor="{}" aria-hidden="true">{}</text>',
                anchor,
                lines,
            )
    return SafeString("")


def _deals(scale: _Scale, chart: SeriesChart) -> SafeString:
    """Each deal a diamond on a stem at its year and amount; never a line between deals."""
    by_year: dict[int, list[ChartDeal]] = defaultdict(list)
    for deal in chart.deals:
        by_year[deal.year].append(deal)
    # The markers' own boxes are taken first, so no label covers a marker.
    placed: list[tuple[ChartDeal, float, float]] = []
    for year, deals in sorted(by_year.items()):
        spacing = min(DEAL_RADIUS * 2.5, scale.year_width * 0.7 / max(1, len(deals)))
        for number, deal in enumerate(sorted(deals, key=lambda d: d.value)):
            x = scale.px(year) + (number - (len(deals) - 1) / 2) * spacing
            placed.append((deal, x, scale.py(deal.value)))
    taken: list[Box] = [
        (x - DEAL_RADIUS, y - DEAL_RADIUS, x + DEAL_RADIUS, y + DEAL_RADIUS) for _, x, y in placed
    ]
    parts = []
    for deal, x, y in sorted(placed, key=lambda item: item[2]):
        css = "deal-marker unreconciled" if deal.unreconciled else "deal-marker"
        stem = format_html(
            '<line class="deal-stem" x1="{}" x2="{}" y1="{}" y2="{}"/>',
            _f(x), _f(x), _f(scale.axis_y), _f(y + DEAL_RADIUS),
        )  # fmt: skip
        link = format_html(
            '<a href="{}" class="deal-link" aria-label="{}"><title>{}</title>{}{}</a>',
            deal.url, deal.label, deal.label, stem, _diamond(css, x, y),
        )  # fmt: skip
        parts.append(link + _caption(deal, x, y, scale, taken))
    return format_html('<g class="deals">{}</g>', SafeString("".join(parts)))


def render_series_svg(chart: SeriesChart) -> SafeString:
    """The chart as an ``<svg>`` element; its links are in the page's tab order."""
    scale = _Scale(chart)
    return format_html(
        '<svg class="{}" id="{}" viewBox="0 0 {} {}" role="group" '
        'aria-labelledby="{}-title" aria-describedby="{}-desc">'
        '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc>{}{}{}{}{}{}</svg>',
        "series-chart series-chart--wide" if scale.years > WIDE_YEARS else "series-chart",
        chart.chart_id,
        scale.width,
        scale.height,
        chart.chart_id,
        chart.chart_id,
        chart.chart_id,
        chart.title,
        chart.chart_id,
        chart.description,
        _bands(scale, chart),
        _grid(scale, chart),
        _totals(scale, chart),
        _line(scale, chart),
        _deals(scale, chart),
        _points(scale, chart),
    )
