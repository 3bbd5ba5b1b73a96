"""The pure parts of the public pages: deep links, passages, the chart, CSV cells, citations."""

from __future__ import annotations

import datetime
import json
import re
from decimal import Decimal
from types import SimpleNamespace

import pytest

from articles.charts.series_svg import (
    ChartBand,
    ChartLevel,
    ChartPoint,
    ChartSpread,
    SeriesChart,
    nice_step,
    render_series_svg,
)
from articles.citation import date_parts, iso_partial, json_for_script, jsonld_script
from articles.models import PUBLIC_STATUSES
from articles.pages.deeplinks import deep_link, encode_part, text_fragment
from articles.pages.passages import marked_paragraphs, passage_of
from articles.pages.series import sample_by_value
from articles.pages.series_csv import neutralise
from articles.pages.statuses import MEANINGS
from articles.selectors.pages import SeriesClaim

# --- deep links -----------------------------------------------------------------------------


def test_the_reserved_characters_of_text_fragments_are_encoded():
    assert encode_part("T-72 tanks, 40 & more") == "T%2D72%20tanks%2C%2040%20%26%20more"
    assert encode_part("$3.7 billion") == "%243.7%20billion"
    assert encode_part("Azərbaycan") == "Az%C9%99rbaycan"


def test_a_short_quote_is_given_whole_with_context_words():
    fragment = text_fragment(
        "$3.7 billion", prefix="rose from $2.2 billion in 2020 to ", suffix=" in 2024, the"
    )
    assert fragment == ":~:text=in%202020%20to-,%243.7%20billion,-in%202024%2C%20the"


def test_a_long_quote_is_given_by_its_first_and_last_words():
    quote = "increased annual military spending by almost 30 times to $3.7 billion during rule"
    assert text_fragment(quote) == (
        ":~:text=increased%20annual%20military%20spending,%243.7%20billion%20during%20rule"
    )


def test_context_never_starts_mid_word_nor_crosses_a_paragraph():
    cut_prefix = "enditures of the ministry rose, "  # 32 characters: the first word is cut
    assert len(cut_prefix) == 32
    fragment = text_fragment("$3.7 billion", prefix=cut_prefix, suffix=".\n\nNext paragraph")
    assert fragment == ":~:text=the%20ministry%20rose%2C-,%243.7%20billion,-."
    short = "tures rose, "  # shorter than the context limit: it is the body's start, kept
    assert text_fragment("x", prefix=short) == ":~:text=tures%20rose%2C-,x"
    cut_short = "x" * 28 + " to "
    assert text_fragment("$1", prefix=cut_short) == ":~:text=to-,%241"


def test_no_prefix_when_the_quote_starts_inside_a_word():
    assert text_fragment("3.7 billion", prefix="US$", suffix="") == ":~:text=3.7%20billion"


def test_a_deep_link_keeps_the_page_url_and_any_fragment():
    assert deep_link("", "x") == ""
    assert (
        deep_link("https://a.example/p?x=1", "$1 bn") == "https://a.example/p?x=1#:~:text=%241%20bn"
    )
    assert deep_link("https://a.example/p#top", "x y") == "https://a.example/p#top:~:text=x%20y"


# --- passages -------------------------------------------------------------------------------


def span(pk: int, body: str, phrase: str, status: str = "verified", anchored: bool = True):
    start = body.index(phrase)
    return SimpleNamespace(
        pk=pk, start=start, end=start + len(phrase), quote=phrase, anchored=anchored,
        status=status,
    )  # fmt: skip


BODY = "First paragraph has $1 billion.\n\nSecond has $2 billion and\nmore.\n\n\nThird."


def test_the_body_is_cut_into_paragraphs_with_claims_marked():
    one, two = span(1, BODY, "$1 billion"), span(2, BODY, "$2 billion")
    paragraphs = marked_paragraphs(BODY, [one, two])
    assert [[(p.text, p.claim.pk if p.claim else None) for p in para] for para in paragraphs] == [
        [("First paragraph has ", None), ("$1 billion", 1), (".", None)],
        [("Second has ", None), ("$2 billion", 2), (" and\nmore.", None)],
        [("Third.", None)],
    ]


def test_overlapping_claims_link_the_shorter_one():
    outer = span(1, BODY, "has $1 billion")
    inner = span(2, BODY, "$1 billion")
    pieces = marked_paragraphs(BODY, [outer, inner])[0]
    assert [(p.text, p.claim.pk if p.claim else None, p.covering) for p in pieces] == [
        ("First paragraph ", None, 0),
        ("has ", 1, 1),
        ("$1 billion", 2, 2),
        (".", None, 0),
    ]


def test_a_claim_whose_quote_is_not_at_its_offsets_is_not_marked():
    moved = span(1, BODY, "$1 billion")
    moved.quote = "$9 billion"
    unanchored = span(2, BODY, "$2 billion", anchored=False)
    assert all(
        p.claim is None for para in marked_paragraphs(BODY, [moved, unanchored]) for p in para
    )


def test_the_passage_is_the_paragraph_around_the_quote():
    passage = passage_of(BODY, span(1, BODY, "$2 billion"))
    assert (passage.before, passage.quote, passage.after) == (
        "Second has ",
        "$2 billion",
        " and\nmore.",
    )


# --- the chart ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("span_", "step"), [(3.7e9, 1e9), (100, 25), (0.9, 0.25), (42, 20), (0, 1.0)]
)
def test_axis_steps_are_round_numbers(span_, step):
    assert nice_step(span_) == step


def chart(**overrides) -> SeriesChart:
    fields = {
        "chart_id": "chart-x",
        "title": "Azerbaijan <military> expenditure",
        "description": "Line & points",
        "levels": [
            ChartLevel(2020, 2020, Decimal("2.2e9"), "/figures/1/", "Reconciled: $2.2 billion"),
            ChartLevel(2021, 2021, Decimal("2.6e9"), "/figures/2/", "Reconciled: $2.6 billion"),
            ChartLevel(2024, 2024, Decimal("3.7e9"), "/figures/3/", "Reconciled: $3.7 billion"),
        ],
        "points": [
            ChartPoint(2024, Decimal("3.7e9"), None, None, "/claims/1/", "Claim one"),
            ChartPoint(
                2024, Decimal("2.9e9"), None, None, "/claims/2/", 'Claim "two" <b>', disagrees=True
            ),
            ChartPoint(2022, Decimal("3e9"), Decimal("2e9"), Decimal("4e9"), "/claims/3/", "Range"),
        ],
        "bands": [ChartBand(2024, 2024, "Sources disagree for 2024")],
        "focus": (2024, 2024),
    }
    return SeriesChart(**{**fields, **overrides})


def test_the_chart_links_every_claim_and_marks_disagreement():
    svg = str(render_series_svg(chart()))
    assert svg.count('class="claim-link"') == 3
    assert re.search(r'href="/claims/2/"[^>]*>.*?class="claim-point disagrees"', svg)
    assert '<line class="claim-range"' in svg
    assert svg.count('<rect class="band"') == 1
    assert 'class="focus"' in svg


def test_the_reconciled_line_breaks_where_a_year_has_no_figure():
    svg = str(render_series_svg(chart()))
    path = re.search(r'class="reconciled-line" d="([^"]+)"', svg).group(1)
    assert [command[0] for command in path.split()] == ["M", "L", "M"]


def test_the_chart_is_labelled_and_escapes_its_text():
    svg = str(render_series_svg(chart()))
    assert svg.startswith('<svg class="series-chart" id="chart-x"')
    assert 'aria-labelledby="chart-x-title" aria-describedby="chart-x-desc"' in svg
    assert '<title id="chart-x-title">Azerbaijan &lt;military&gt; expenditure</title>' in svg
    assert 'aria-label="Claim &quot;two&quot; &lt;b&gt;"' in svg
    assert "<b>" not in svg


def test_an_empty_series_still_draws_axes():
    svg = str(render_series_svg(chart(levels=[], points=[], bands=[], focus=None)))
    assert '<line class="axis"' in svg


# --- CSV and citations ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ("=1+1", "'=1+1"),
        ("+cmd", "'+cmd"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("SIPRI", "SIPRI"),
        (Decimal("3700000000.00"), "3700000000.00"),
        (2024, "2024"),
        (None, ""),
        (True, "yes"),
    ],
)
def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised(cell, written):
    assert neutralise(cell) == written


@pytest.mark.parametrize(
    ("precision", "parts", "iso"),
    [
        ("day", [2024, 5, 3], "2024-05-03"),
        ("month", [2024, 5], "2024-05"),
        ("year", [2024], "2024"),
        ("unknown", None, None),
    ],
)
def test_dates_are_cited_only_as_precisely_as_known(precision, parts, iso):
    day = datetime.date(2024, 5, 3)
    assert date_parts(day, precision) == parts
    assert iso_partial(day, precision) == iso


def test_json_in_a_script_element_has_no_markup_characters():
    data = {"quote": "</script><script>alert(1)</script> & \u2028"}
    text = json_for_script(data)
    assert not set("<>&") & set(text)
    assert json.loads(text) == data
    assert str(jsonld_script(data)).count("</script>") == 1


def test_every_public_status_has_a_meaning_and_a_rating():
    assert set(MEANINGS) == set(PUBLIC_STATUSES)
    assert sorted(m.rating for m in MEANINGS.values()) == [1, 2, 3, 5]


def test_a_few_years_are_drawn_narrow_and_many_years_wide():
    few = str(render_series_svg(chart()))
    assert 'class="series-chart" id="chart-x" viewBox="0 0 440 360"' in few
    decades = [
        ChartLevel(year, year, Decimal(year), f"/figures/{year}/", "x")
        for year in range(2000, 2026)
    ]
    many = str(render_series_svg(chart(levels=decades, points=[], bands=[], focus=None)))
    assert 'class="series-chart series-chart--wide" id="chart-x" viewBox="0 0 720 360"' in many


def series_claim(pk: int, value: str) -> SeriesClaim:
    return SeriesClaim(
        pk=pk, value=Decimal(value), low=None, high=None, qualifier="exact", unit="USD",
        period_start=2024, period_end=2024, status="verified", figure_id=1, attribution="",
        article_title="", publication="",
    )  # fmt: skip


def test_a_crowded_year_is_sampled_evenly_keeping_its_extremes():
    claims = [series_claim(n, str(1000 - n)) for n in range(100)]
    sample = sample_by_value(claims, 12)
    values = [c.value for c in sample]
    assert len(sample) == 12
    assert values == sorted(values)
    assert (values[0], values[-1]) == (Decimal(901), Decimal(1000))
    assert sample_by_value(claims[:5], 12) == claims[:5]


def test_a_sampled_year_shows_the_range_of_all_its_claims():
    spread = ChartSpread(2022, Decimal("1e9"), Decimal("5e9"), "40 claims from $1 to $5 billion")
    svg = str(render_series_svg(chart(spreads=[spread])))
    assert '<line class="claim-spread"' in svg
    assert "<title>40 claims from $1 to $5 billion</title>" in svg
