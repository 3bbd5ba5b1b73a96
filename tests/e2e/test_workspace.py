"""The editors' walk-through in a real browser: upload, accept, claim by selection with a
source; then a reviewer verifies, settles a figure and resolves a flag; a stale save is
refused. Screenshots of each page are written; any console error fails the test."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from articles.models import Claim, ClaimSource, ClaimStatus, ConflictFlag, Figure, FlagState
from articles.services.figures_reconcile import figures_reconcile

from ..conftest import REPO, SHARED
from ..factories import ArticleFactory, ClaimFactory, SourceFactory, UserFactory, entity_named
from .conftest import admin_login

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("seeded"),
    pytest.mark.browser,
]
PASSWORD = "pw-for-tests-only"


def article_to_upload() -> Path:
    seed = SHARED / "seeds" / "000_7f48e30d65ca8725.txt"
    if seed.exists():
        return seed
    return REPO / "articles" / "sample_corpus" / "articles" / "01-arms-control-offer.txt"


def select_text(page: Page, needle: str) -> None:
    """Select the first occurrence of ``needle`` in the article body, as a reader would."""
    page.evaluate(
        """(needle) => {
            const body = document.getElementById("article-body");
            const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
            let node;
            while ((node = walker.nextNode())) {
                const at = node.nodeValue.indexOf(needle);
                if (at >= 0) {
                    const range = document.createRange();
                    range.setStart(node, at);
                    range.setEnd(node, at + needle.length);
                    const selection = window.getSelection();
                    selection.removeAllRanges();
                    selection.addRange(range);
                    document.dispatchEvent(new Event("selectionchange"));
                    return;
                }
            }
            throw new Error("text not found: " + needle);
        }""",
        needle,
    )


def choose_autocomplete(page: Page, field_id: str, text: str) -> None:
    page.click(f"#select2-{field_id}-container >> xpath=..")
    page.fill(".select2-search__field", text)
    page.click(f".select2-results__option:has-text('{text}')")


def run_action(page: Page, action: str) -> None:
    page.select_option("select[name=action]", action)
    page.click("button[name=index]")


def test_editor_and_reviewer_walk_through(live_server, browser, page, screenshot):
    editor = UserFactory(username="edna", group="Editors")
    reviewer = UserFactory(username="rex", group="Reviewers")
    # Another outlet already gave a different figure for Armenia's 2024 spending, so the
    # upload will conflict with it.
    earlier = ClaimFactory(
        article=ArticleFactory(title="Earlier report"),
        subject=entity_named("Armenia"),
        value=Decimal("1500000000"),
        status=ClaimStatus.VERIFIED,
    )
    figures_reconcile()
    SourceFactory(title="SIPRI Military Expenditure Database 2025")

    # --- The editor uploads an article ---
    admin_login(page, live_server, editor.username, PASSWORD)
    page.goto(f"{live_server.url}/admin/articles/importrun/")
    screenshot(page, "workspace-01-import-runs")
    page.click("text=Upload articles")
    page.set_input_files("input[name=files]", str(article_to_upload()))
    screenshot(page, "workspace-02-upload")
    page.click("input[type=submit][value=Import]")
    page.wait_for_selector("#import-progress")
    assert "1</span> new" in page.inner_html("#import-progress")
    screenshot(page, "workspace-03-import-run")

    # --- accepts a suggested claim ---
    page.goto(f"{live_server.url}/admin/articles/claim/?status__exact=suggested&q=1.4+billion")
    page.check("input.action-select >> nth=0")
    run_action(page, "make_draft")
    page.wait_for_selector("ul.messagelist")
    assert "1 claim(s) changed (accept)" in page.inner_text("ul.messagelist")
    accepted = Claim.objects.get(quote="$1.4 billion", origin="extracted")
    assert accepted.status == ClaimStatus.DRAFT
    screenshot(page, "workspace-04-claims-accepted")

    # --- selects text in the article to add a claim with a source ---
    page.goto(f"{live_server.url}/admin/articles/article/{accepted.article_id}/change/")
    page.wait_for_selector("mark.claim-mark")
    screenshot(page, "workspace-05-article-reader")
    select_text(page, "$669 million")
    page.click("#add-claim-button")
    page.wait_for_url(re.compile(r".*/admin/articles/claim/add/.*"))
    assert page.input_value("#id_quote") == "$669 million"
    assert page.input_value("#id_period_start") == "2020"
    choose_autocomplete(page, "id_claim_sources-0-source", "SIPRI Military Expenditure")
    page.select_option("#id_claim_sources-0-stance", "supports")
    screenshot(page, "workspace-06-claim-from-selection")
    page.click("input[name=_save]")
    page.wait_for_selector("ul.messagelist")
    added = Claim.objects.get(quote="$669 million", origin="manual")
    assert added.subject.name == "Armenia"
    assert ClaimSource.objects.get(claim=added).stance == "supports"

    # --- the reviewer verifies it ---
    reviewer_context = browser.new_context(viewport={"width": 1280, "height": 900})
    reviewer_page = reviewer_context.new_page()
    admin_login(reviewer_page, live_server, reviewer.username, PASSWORD)
    reviewer_page.goto(
        f"{live_server.url}/admin/articles/claim/?q=669+million&origin__exact=manual"
    )
    reviewer_page.check("input.action-select >> nth=0")
    run_action(reviewer_page, "make_verified")
    reviewer_page.wait_for_selector("ul.messagelist")
    added.refresh_from_db()
    assert added.status == ClaimStatus.VERIFIED
    screenshot(reviewer_page, "workspace-07-verified")

    # --- picks a figure's preferred value ---
    figure = Figure.objects.get(pk=Claim.objects.get(pk=accepted.pk).figure_id)
    reviewer_page.goto(f"{live_server.url}/admin/articles/figure/{figure.pk}/change/")
    reviewer_page.wait_for_selector(".figure-claims")
    screenshot(reviewer_page, "workspace-08-figure")
    reviewer_page.check(f"input[name=preferred_claim][value='{earlier.pk}']")
    reviewer_page.fill("#id_rationale", "SIPRI's 2025 release gives $1.5 billion for 2024.")
    reviewer_page.click("input[name=_save]")
    reviewer_page.wait_for_selector("ul.messagelist")
    figure.refresh_from_db()
    assert (figure.status, figure.preferred_claim_id) == ("reconciled", earlier.pk)

    # --- resolves a flag ---
    flag = ConflictFlag.objects.filter(figure=figure).get()
    reviewer_page.goto(f"{live_server.url}/admin/articles/conflictflag/")
    screenshot(reviewer_page, "workspace-09-flags")
    reviewer_page.goto(f"{live_server.url}/admin/articles/conflictflag/{flag.pk}/change/")
    reviewer_page.check("input[name=decision][value=resolved]")
    reviewer_page.fill(
        "#id_resolution_note", "Preferred SIPRI's figure; the other is a budget plan."
    )
    reviewer_page.click("input[name=_save]")
    reviewer_page.wait_for_selector("ul.messagelist")
    flag.refresh_from_db()
    assert flag.state == FlagState.RESOLVED

    # --- a stale save is refused ---
    page.goto(f"{live_server.url}/admin/articles/claim/{accepted.pk}/change/")
    reviewer_page.goto(f"{live_server.url}/admin/articles/claim/{accepted.pk}/change/")
    reviewer_page.fill("#id_attribution", "SIPRI")
    reviewer_page.click("input[name=_save]")
    reviewer_page.wait_for_selector("ul.messagelist")
    page.fill("#id_attribution", "CAWAT")
    page.click("input[name=_save]")
    page.wait_for_selector(".errornote, .errorlist")
    assert "Someone else saved this claim" in page.inner_text("#content-main")
    screenshot(page, "workspace-10-stale-save-refused")
    accepted.refresh_from_db()
    assert accepted.attribution == "SIPRI"
    reviewer_context.close()
