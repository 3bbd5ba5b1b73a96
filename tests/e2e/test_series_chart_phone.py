"""On a phone, a figure page shows its own period in the series chart without a swipe.

A series of 25 years is drawn wide and scrolls sideways inside its box on a 390 px screen;
the figure here is the last year, at the far end. The page must bring that year into view by
itself: the test only scrolls the page down to each chart, as a reader would, never sideways.
The series also holds a total over a decade, so the totals' chart (brackets, sharing the
years) is checked the same way, and axe-core checks the brackets' and points' markup.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from articles.models import Claim, Figure
from articles.services.figure_settle import figure_settle
from articles.services.figures_reconcile import figures_reconcile

from ..factories import ArticleFactory, ClaimFactory, claim_figure
from .test_public_pages import assert_accessible

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("seeded"),
    pytest.mark.browser,
]

FIRST_YEAR, LAST_YEAR = 2000, 2024


def yearly_amount(year: int) -> Decimal:
    return Decimal(2_000_000_000 + (year - FIRST_YEAR) * 50_000_000)


def dollars(amount: Decimal) -> str:
    return f"${amount / 1_000_000_000:.2f} billion"


def within(box: dict[str, float], viewport: dict[str, int]) -> bool:
    """Whether a bounding box lies wholly inside the visible part of the page."""
    return (
        0 <= box["x"] <= viewport["width"] - box["width"]
        and 0 <= box["y"] <= viewport["height"] - box["height"]
    )


@pytest.fixture
def last_year_figure(reviewer) -> Figure:
    """A settled figure for each year 2000–2024 and a total for 2007–2016; the 2024 one."""
    sentences = [f"In {year} it spent {dollars(yearly_amount(year))}." for year in
                 range(FIRST_YEAR, LAST_YEAR + 1)]  # fmt: skip
    sentences.append("Over 2007–2016 it spent $22.70 billion in total.")
    article = ArticleFactory(body="\n\n".join(sentences))
    for year in range(FIRST_YEAR, LAST_YEAR + 1):
        amount = yearly_amount(year)
        ClaimFactory(article=article, phrase=dollars(amount), value=amount, status="verified",
                     period_start=year, period_end=year)  # fmt: skip
    ClaimFactory(article=article, phrase="$22.70 billion", value=Decimal("22700000000"),
                 status="verified", kind="total", period_start=2007, period_end=2016)  # fmt: skip
    figures_reconcile()
    for claim in Claim.objects.select_related("figure"):
        figure_settle(actor=reviewer, figure=claim_figure(claim), preferred_claim=claim,
                      rationale="The only source.")  # fmt: skip
    return Figure.objects.get(period_start=LAST_YEAR, period_end=LAST_YEAR, kind="annual")


def test_a_phone_shows_the_figure_s_own_period_at_the_far_end_of_a_wide_chart(
    live_server, phone_page, screenshot, last_year_figure
):
    phone_page.goto(live_server.url + last_year_figure.get_absolute_url())
    charts = phone_page.locator("svg.series-chart--wide")
    assert charts.count() == 2  # the yearly amounts and the totals, sharing their 25 years
    viewport = phone_page.viewport_size
    for index in range(charts.count()):
        chart = charts.nth(index)
        # Down to the chart as a reader scrolls; the page never moves sideways here.
        phone_page.evaluate(
            "(svg) => window.scrollTo(0, svg.getBoundingClientRect().top + window.scrollY - 40)",
            chart.element_handle(),
        )
        focus = chart.locator("rect.focus").bounding_box()
        assert focus and within(focus, viewport), (focus, viewport)
        label = chart.locator("text.focus-label").bounding_box()
        assert label and within(label, viewport), (label, viewport)
    assert phone_page.evaluate("window.scrollX") == 0
    assert (
        "This figure's period, 2024, is outlined"
        in phone_page.locator(".focus-period").inner_text()
    )
    screenshot(phone_page, "series-chart-phone-focus")
    assert_accessible(phone_page)
