"""The series charts tell the truth about each kind of amount.

Yearly amounts form the line; a total over several years is a bracket over its years,
labelled with the total (and its yearly average, named as one), never a level on the yearly
scale; deals are markers on their year, labelled with what was bought and from whom, never
joined by a line; counts and money never share an axis; the figure a page is about is named
beside its chart. The renderer and the series builder are pure, so most of these run without
a database; the last two read the record through the real selectors and pages.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from articles.charts import series_svg as svg
from articles.models import Entity, Figure, Metric
from articles.pages.series import build_series
from articles.selectors import pages as selectors
from articles.selectors.pages import SeriesClaim, SeriesData
from articles.services.figures_reconcile import figures_reconcile

from ..factories import ClaimFactory, entity_named, metric_slug

SUBJECT = Entity(name="Azerbaijan", slug="azerbaijan")
METRIC = Metric(name="Military expenditure", slug="military-expenditure")
SERIAL = iter(range(1, 10_000))


def claim(value: str, start: int, end: int | None = None, **fields: object) -> SeriesClaim:
    values: dict[str, Any] = {
        "pk": next(SERIAL), "value": Decimal(value), "low": None, "high": None,
        "qualifier": "exact", "unit": "USD", "period_start": start,
        "period_end": end if end is not None else start, "status": "verified",
        "figure_id": None, "attribution": "", "article_title": "A report",
        "publication": "Caspian Ledger", **fields,
    }  # fmt: skip
    return SeriesClaim(**values)


def figure(pk: int, value: str, start: int, end: int | None = None, **fields: object) -> Figure:
    values = {
        "unit": "USD",
        "kind": "annual",
        "period_start": start,
        "period_end": end if end is not None else start,
        "value": Decimal(value),
        **fields,
    }
    return Figure(pk=pk, **values)


def decade_with_a_total() -> SeriesData:
    """Yearly budgets of $2–3 billion for 2007–2016, and SIPRI's $22.7 billion for all ten."""
    yearly = [figure(year, f"{2 + (year % 3) / 2}e9", year) for year in range(2007, 2017)]
    total = figure(1, "22.7e9", 2007, 2016, kind="total")
    claims = [claim(str(f.value), f.period_start, figure_id=f.pk) for f in yearly]
    claims += [
        claim("22.7e9", 2007, 2016, kind="total", figure_id=1),
        claim("21e9", 2007, 2016, kind="total", figure_id=1),
    ]
    return SeriesData(subject=SUBJECT, metric=METRIC, figures=[*yearly, total], claims=claims)


def charts_by_kind(data: SeriesData, *, focus: Figure | None = None) -> dict[str, str]:
    return {series.kind: str(series.chart) for series in build_series(data, focus=focus)}


def ticks(chart: str) -> list[str]:
    """The value axis' labels (the year labels are plain numbers)."""
    return re.findall(r'<text class="tick" x="[^"]+" y="[^"]+" text-anchor="end">([^<]*)<', chart)


# --- totals ---------------------------------------------------------------------------------


def test_a_total_is_never_drawn_on_the_yearly_scale():
    charts = charts_by_kind(decade_with_a_total())
    yearly, totals = charts["annual"], charts["total"]
    assert "22.7" not in yearly and "reconciled-level" not in yearly
    assert ticks(yearly)[-1] == "$4 billion"
    # The totals' chart has no value axis at all: nothing in it is a level.
    assert ticks(totals) == []
    assert 'class="grid"' not in totals
    assert "reconciled-level" not in totals and 'class="reconciled"' not in totals


def test_a_total_is_a_bracket_over_its_years_labelled_with_its_amount():
    total = svg.ChartTotal(2007, 2016, "$22.7 billion in total, 2007–2016",
                           "≈ $2.27 billion a year on average", "/figures/1/")  # fmt: skip
    chart = svg.SeriesChart("chart-t", "Totals", "Brackets", levels=[], points=[], totals=[total])
    drawn = str(svg.render_series_svg(chart))
    # Ten years at 56 px each after the 112 px margin; the bracket spans them, inset by 2 px.
    path = re.search(r'class="total-bracket" d="M([\d.]+),[\d.]+V[\d.]+H([\d.]+)V', drawn)
    assert (float(path.group(1)), float(path.group(2))) == (114.0, 670.0)
    assert ">$22.7 billion in total, 2007–2016</text>" in drawn
    assert ">≈ $2.27 billion a year on average</text>" in drawn
    assert 'aria-label="$22.7 billion in total, 2007–2016; ≈ $2.27 billion a year on average"' in (
        drawn
    )


def test_a_bracket_drawn_beside_yearly_amounts_stays_above_their_scale():
    levels = [svg.ChartLevel(year, year, Decimal("3e9"), f"/figures/{year}/", "Reconciled")
              for year in range(2007, 2017)]  # fmt: skip
    total = svg.ChartTotal(2007, 2016, "$22.7 billion in total, 2007–2016", url="/figures/1/")
    chart = svg.SeriesChart("chart-m", "Mixed", "Both", levels=levels, points=[], totals=[total],
                            format_value=lambda value: f"${value / 10**9:g} billion")  # fmt: skip
    drawn = str(svg.render_series_svg(chart))
    assert ticks(drawn)[-1] == "$4 billion"
    bar = float(re.search(r'class="total-bracket" d="M[\d.]+,[\d.]+V([\d.]+)H', drawn).group(1))
    grid = [float(y) for y in re.findall(r'<line class="grid" [^>]*y1="([\d.]+)"', drawn)]
    assert bar + svg.BRACKET_TICK < min(grid)


def test_the_yearly_average_of_a_total_is_shown_only_named_as_an_average():
    charts = charts_by_kind(decade_with_a_total())
    texts = re.findall(r'<text class="bracket-[a-z]+"[^>]*>([^<]*)</text>', charts["total"])
    assert texts == ["$22.7 billion in total, 2007–2016", "≈ $2.27 billion a year on average"]
    ranged = Figure(pk=1, unit="USD", kind="total", period_start=2007, period_end=2016,
                    low=Decimal("20e9"), high=Decimal("25e9"))  # fmt: skip
    data = SeriesData(SUBJECT, METRIC, [ranged], [claim("22e9", 2007, 2016, kind="total",
                                                        figure_id=1)])  # fmt: skip
    assert "a year on average" not in charts_by_kind(data)["total"]


def test_the_claims_of_a_total_sit_on_its_bracket_not_on_a_value_scale():
    charts = charts_by_kind(decade_with_a_total())
    totals = charts["total"]
    bar = re.search(r'class="total-bracket" d="M[\d.]+,[\d.]+V([\d.]+)H', totals).group(1)
    claim_ys = re.findall(r'class="claim-point[^"]*" (?:cx="[\d.]+" cy="([\d.]+)"|d="M[\d.]+,'
                          r'([\d.]+))', totals)  # fmt: skip
    assert len(claim_ys) == 2
    agreeing, disagreeing = claim_ys
    assert float(agreeing[0]) == float(bar)
    # A triangle's path starts at its apex, a little above the bracket it stands on.
    assert float(bar) - 8 < float(disagreeing[1]) < float(bar)
    assert "disagrees with the reconciled value" in totals


def test_the_charts_of_a_unit_share_their_years_so_a_bracket_stands_under_its_years():
    data = decade_with_a_total()
    data.figures.append(figure(2020, "3.7e9", 2020))
    data.claims.append(claim("3.7e9", 2020, figure_id=2020))
    charts = charts_by_kind(data)
    viewboxes = {re.search(r'viewBox="0 0 (\d+) \d+"', chart).group(1) for chart in charts.values()}
    assert viewboxes == {"720"}
    assert all(">2020</text>" in chart for chart in charts.values())


def test_an_unreconciled_total_says_so_and_links_nowhere():
    data = SeriesData(SUBJECT, METRIC, [], [claim("22.7e9", 2007, 2016, kind="total")])
    totals = charts_by_kind(data)["total"]
    assert "$22.7 billion in total, 2007–2016 (not reconciled yet)" in totals
    assert 'class="total-bracket unreconciled"' in totals
    assert 'class="figure-link"' not in totals


# --- deals ----------------------------------------------------------------------------------


def deals() -> SeriesData:
    """Two different 2023 deals under one transaction figure, and an older one not reconciled."""
    deal_figure = figure(7, "1.4e9", 2023, kind="transaction")
    claims = [
        claim("1.6e9", 2023, kind="transaction", figure_id=7, item="JF-17 fighters",
              counterparty="Pakistan"),
        claim("1.2e9", 2023, kind="transaction", figure_id=7, item="Barak MX air defence",
              counterparty="Israel"),
        claim("1.5e9", 2012, kind="transaction", counterparty="Russia"),
    ]  # fmt: skip
    return SeriesData(SUBJECT, METRIC, [deal_figure], claims)


def test_deals_are_markers_on_their_year_never_joined_nor_levelled():
    chart = charts_by_kind(deals())["transaction"]
    assert chart.count('class="deal-link"') == 3
    assert chart.count('class="deal-marker"') == 2
    assert chart.count('class="deal-marker unreconciled"') == 1
    for absent in ("reconciled-line", "reconciled-level", 'class="reconciled"', "claim-point"):
        assert absent not in chart
    # Each diamond stands on its year; the deals of one year a few pixels apart.
    labels = re.findall(
        r'<text class="tick" x="([\d.]+)" y="[\d.]+" text-anchor="middle">(\d+)<', chart
    )
    x_of = {int(year): float(x) for x, year in labels}
    stems = sorted(float(x) for x in re.findall(r'class="deal-stem" x1="([\d.]+)"', chart))
    assert abs(stems[0] - x_of[2012]) < 1
    assert all(0 < abs(x - x_of[2023]) < 10 for x in stems[1:])


def test_a_deal_is_labelled_with_its_amount_item_and_seller():
    chart = charts_by_kind(deals())["transaction"]
    assert re.search(r"<tspan[^>]*>\$1\.6 billion</tspan><tspan[^>]*>JF-17 fighters</tspan>"
                     r"<tspan[^>]*>from Pakistan</tspan>", chart)  # fmt: skip
    assert re.search(r"<tspan[^>]*>\$1\.5 billion</tspan><tspan[^>]*>from Russia</tspan>", chart)
    assert 'aria-label="Deal: $1.2 billion, Barak MX air defence, from Israel, 2023, in ' in chart


def test_two_different_deals_of_a_year_are_not_a_disagreement():
    series = build_series(deals())
    rows = {row.period_start: row for row in series[0].rows}
    assert not rows[2023].contested
    assert 'class="band"' not in str(series[0].chart)


# --- units and pages ------------------------------------------------------------------------


def test_counts_never_share_an_axis_with_money():
    """Already true before the charts were redrawn (rows are split by unit and kind); kept as
    a guard."""
    claims = [claim("3e9", 2020), claim("3.7e9", 2024)]
    claims += [claim("100", 2020, unit="tanks", kind="count"), claim("120", 2024, unit="tanks",
                                                                     kind="count")]  # fmt: skip
    series = build_series(SeriesData(SUBJECT, METRIC, [], claims))
    by_unit = {(s.unit, s.kind): str(s.chart) for s in series}
    assert set(by_unit) == {("USD", "annual"), ("tanks", "count")}
    assert all("$" in tick or tick == "0" for tick in ticks(by_unit["USD", "annual"]))
    assert all("tanks" in tick or tick == "0" for tick in ticks(by_unit["tanks", "count"]))


def test_every_chart_of_a_page_has_its_own_id():
    data = decade_with_a_total()
    data.claims.append(claim("1.2e9", 2016, kind="transaction", item="Barak MX"))
    ids = [re.search(r'<svg [^>]*id="([^"]+)"', str(s.chart)).group(1) for s in build_series(data)]
    assert len(ids) == 3 and len(set(ids)) == 3


def test_each_chart_describes_what_it_draws():
    data = decade_with_a_total()
    data.claims.append(claim("1.2e9", 2016, kind="transaction", item="Barak MX"))
    descriptions = {
        kind: re.search(r"<desc [^>]*>([^<]*)</desc>", chart).group(1)
        for kind, chart in charts_by_kind(data).items()
    }
    assert "Bars joined by a line" in descriptions["annual"]
    assert "bracket" in descriptions["total"] and "average" in descriptions["total"]
    assert "not drawn on a yearly scale" in descriptions["total"]
    assert "diamond" in descriptions["transaction"]
    assert "not joined by a line" in descriptions["transaction"]


def test_the_page_s_own_period_is_named_under_the_chart():
    focus = figure(2016, "2.5e9", 2016)
    charts = charts_by_kind(decade_with_a_total(), focus=focus)
    for chart in charts.values():
        assert '<text class="focus-label"' in chart and ">This figure: 2016</text>" in chart
    series = build_series(decade_with_a_total(), focus=focus)
    assert {s.focus_period for s in series} == {"2016"}


@pytest.mark.django_db
def test_a_deal_s_seller_and_item_come_with_the_series_in_the_same_two_queries(
    django_assert_num_queries,
):
    ClaimFactory(status="verified", kind="transaction", item="JF-17 fighters",
                 counterparty=entity_named("Pakistan"), metric=metric_slug("arms-deal"),
                 period_start=2023, period_end=2023)  # fmt: skip
    subject, metric = entity_named("Azerbaijan"), metric_slug("arms-deal")
    with django_assert_num_queries(2):
        data = selectors.series_data(subject=subject, metric=metric)
    assert [(c.item, c.counterparty) for c in data.claims] == [("JF-17 fighters", "Pakistan")]


@pytest.mark.django_db
def test_a_figure_page_names_its_period_and_brings_the_chart_s_focus_into_view(client):
    stated = ClaimFactory(status="verified", period_start=2024, period_end=2024)
    figures_reconcile()
    stated.refresh_from_db()
    page = client.get(reverse("figure-detail", args=[stated.figure_id])).content.decode()
    assert "This figure's period, <strong>2024</strong>, is outlined" in page
    assert re.search(r'<script src="/static/js/series_focus\.js" defer></script>', page)
    assert "this figure's period, 2024</li>" in page
