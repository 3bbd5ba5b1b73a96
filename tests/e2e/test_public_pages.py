"""A researcher's path through the public site in real Chromium, at desktop and phone widths.

Home → search "Azerbaijan" → a claim (its ClaimReview JSON-LD parsed) → its figure (the chart
with the conflicting points) → a point back to its claim. Every page is screenshotted into
``SCREENSHOT_DIR`` (``test-artifacts/screenshots/public-*.png``) and checked with axe-core:
no violation of serious or critical impact. The ``page`` fixtures fail on console errors.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from axe_playwright_python.sync_playwright import Axe

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("seeded"),
    pytest.mark.browser,
]

BLOCKING_IMPACTS = {"serious", "critical"}


def assert_accessible(page: Page) -> None:
    results = Axe().run(page)
    blocking = [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(node["target"][0] for node in v["nodes"][:3])
        for v in results.response["violations"]
        if v["impact"] in BLOCKING_IMPACTS
    ]
    assert not blocking, f"axe-core on {page.url}:\n" + "\n".join(blocking)


def visit(page: Page, screenshot: Callable[[Page, str], Path], name: str) -> None:
    """Check the page as it stands and keep its picture."""
    assert_accessible(page)
    screenshot(page, name)


def test_a_researcher_follows_a_claim_to_its_figure_and_back(live_server, page, screenshot, record):
    page.goto(live_server.url + "/")
    assert page.locator("h1").inner_text() == "The reconciled record of figures in the news"
    visit(page, screenshot, "public-home-desktop")

    page.fill("#home-q", "Azerbaijan")
    page.press("#home-q", "Enter")
    page.wait_for_url("**/search/?q=Azerbaijan")
    assert page.locator(".result-count").inner_text().startswith("3 claims found")
    visit(page, screenshot, "public-search-desktop")

    page.click(f'.claim-list a[href="{record.verified.get_absolute_url()}"]')
    page.wait_for_url(f"**{record.verified.get_absolute_url()}")
    review = json.loads(page.locator('script[type="application/ld+json"]').text_content())
    assert review["@type"] == "ClaimReview"
    for field in ("claimReviewed", "itemReviewed", "reviewRating", "author", "datePublished"):
        assert review[field], field
    assert review["url"] == live_server.url + record.verified.get_absolute_url()
    assert review["itemReviewed"]["appearance"]["url"] == record.budget.url
    assert review["reviewRating"]["alternateName"] == "Verified"
    assert page.locator(".passage mark").inner_text() == "$3.7 billion"
    visit(page, screenshot, "public-claim-desktop")

    page.click(f'#figure-title ~ p a[href="{record.figure.get_absolute_url()}"]')
    page.wait_for_url(f"**{record.figure.get_absolute_url()}")
    chart = page.locator("svg.series-chart")
    assert chart.is_visible()
    assert chart.locator("a.claim-link").count() == 3
    disagreeing = chart.locator("a.claim-link:has(.disagrees)")
    assert disagreeing.count() == 1
    assert chart.locator("rect.band").count() == 1
    visit(page, screenshot, "public-figure-desktop")

    page.emulate_media(media="print")
    assert not page.locator(".header-search").is_visible()
    assert chart.is_visible()
    screenshot(page, "public-figure-print")
    page.emulate_media(media="screen")

    disagreeing.click()
    page.wait_for_url(f"**{record.rival.get_absolute_url()}")
    assert "$2.9 billion" in page.locator("h1").inner_text()


def test_the_chart_and_the_page_work_from_the_keyboard(live_server, page, record):
    page.goto(live_server.url + record.figure.get_absolute_url())
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('class')") == "claim-link":
            break
    else:
        pytest.fail("no chart point could be reached with the Tab key")
    target = page.evaluate("document.activeElement.getAttribute('href')")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{target}")


DOCUMENT_404 = "console error: Failed to load resource: the server responded with a status of 404"


def test_every_public_page_reads_at_both_widths(
    live_server, page, phone_page, page_errors, screenshot, record
):
    pages = {
        "home": "/",
        "search": "/search/?q=Azerbaijan",
        "article": record.budget.get_absolute_url(),
        "claim": record.verified.get_absolute_url(),
        "figure": record.figure.get_absolute_url(),
        "series": "/series/azerbaijan/military-expenditure/",
        "entity": "/entities/azerbaijan/",
        "not-found": "/claims/999999/",
    }
    for width, browser_page in (("desktop", page), ("phone", phone_page)):
        for name, path in pages.items():
            response = browser_page.goto(live_server.url + path)
            assert response.status == (404 if name == "not-found" else 200), path
            if name == "not-found":
                # Chromium logs the 404 of the document itself; that one error is expected.
                expected = [e for e in page_errors if e.startswith(DOCUMENT_404)]
                assert len(expected) == 1
                page_errors.remove(expected[0])
            visit(browser_page, screenshot, f"public-{name}-{width}")
            overflow = browser_page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, f"{path} scrolls sideways at {width} width by {overflow}px"
