"""The public story after ``make run``, walked by an anonymous reader in a real browser.

From the home page to the dispute over Azerbaijan's $3.7 billion (given for 2013 and for
2024), seeing both periods, the claims' sources and the explanation; then a withdrawn
claim's correction notice, reached from the home page's corrections.
"""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import override_settings

from articles.services.demo import demo_accounts_create

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("seeded"),
    pytest.mark.browser,
    pytest.mark.slow,
]


def make_run_record() -> None:
    """What ``make run`` does before it serves: the corpus, the accounts, the demo review."""
    call_command("load_sample_corpus")
    with override_settings(DEBUG=True):
        demo_accounts_create()
        call_command("demo_review")


def test_a_reader_follows_the_three_point_seven_billion_dispute_and_a_correction(
    live_server, page, screenshot
):
    make_run_record()
    page.goto(f"{live_server.url}/")
    disputes = page.locator("section[aria-labelledby=disputes-title]")
    dispute = disputes.locator("li", has_text="The same $3.7 billion")
    assert dispute.count() == 1
    sentence = dispute.inner_text()
    assert "2013" in sentence and "2024" in sentence
    screenshot(page, "story-home")

    dispute.locator("a", has_text="2024").click()
    page.wait_for_selector("#figure-title")
    assert "2024" in page.locator("#figure-title").inner_text()
    assert "under review" in page.locator(".verdict").inner_text().lower()
    conflicts = page.locator("section[aria-labelledby=flags-title]").inner_text()
    assert "The same $3.7 billion" in conflicts and "2013 and 2024" in conflicts
    claims_table = page.locator("section[aria-labelledby=claims-title] table").inner_text()
    assert "$3.7 billion" in claims_table
    assert page.locator("section[aria-labelledby=claims-title] .stance").count() > 0
    screenshot(page, "story-figure-2024")

    page.go_back()
    disputes.locator("li", has_text="The same $3.7 billion").locator("a", has_text="2013").click()
    page.wait_for_selector("#figure-title")
    assert "2013" in page.locator("#figure-title").inner_text()
    sources = page.locator("section[aria-labelledby=claims-title] table").inner_text()
    assert "supports" in sources.lower() and "RFE/RL" in sources
    screenshot(page, "story-figure-2013")

    page.goto(f"{live_server.url}/")
    page.locator("section[aria-labelledby=corrections-title] a").first.click()
    page.wait_for_selector("#correction-title")
    assert "This claim was withdrawn" in page.locator("#claim-title").inner_text()
    correction = page.locator(".correction").inner_text()
    assert "extraction error" in correction
    assert "Azerbaijan" in correction
    screenshot(page, "story-correction")
