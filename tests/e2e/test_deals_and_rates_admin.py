"""Deals and cited rates in a real browser: an editor records a deal and links two reports
of it that call it differently, the reconciler compares them; a reviewer cites the rate a
manat amount was converted at and the currency conflict it caused goes away."""

from __future__ import annotations

from decimal import Decimal

import pytest

from articles.models import Claim, ConflictFlag, Deal, FlagKind
from articles.services.figures_reconcile import figures_reconcile

from ..factories import ArticleFactory, ClaimFactory, UserFactory, entity_named, metric_slug
from .conftest import admin_login
from .test_workspace import PASSWORD, choose_autocomplete

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("seeded"),
    pytest.mark.browser,
]
BN = Decimal(10) ** 9


def report(value: str, item: str, year: int) -> Claim:
    return ClaimFactory(
        article=ArticleFactory(), value=Decimal(value) * BN, metric=metric_slug("arms-deal"),
        kind="transaction", counterparty=entity_named("Pakistan"), item=item,
        period_start=year, period_end=year,
    )  # fmt: skip


def test_an_editor_links_two_reports_to_one_deal_and_they_are_compared(
    live_server, page, screenshot
):
    UserFactory(username="edna", group="Editors")
    signed, renamed = report("1.6", "JF-17 Block-III", 2023), report("1.2", "Thunder jets", 2026)
    figures_reconcile()
    assert not ConflictFlag.objects.exists()  # as far as the words go, two deals

    admin_login(page, live_server, "edna", PASSWORD)
    page.goto(f"{live_server.url}/admin/articles/deal/add/")
    page.fill("#id_name", "JF-17 contract")
    choose_autocomplete(page, "id_buyer", "Azerbaijan")
    choose_autocomplete(page, "id_seller", "Pakistan")
    page.fill("#id_signed_year", "2023")
    page.click("input[name=_save]")
    page.wait_for_selector("text=was added successfully")
    deal = Deal.objects.get(name="JF-17 contract")

    for claim in (signed, renamed):
        page.goto(f"{live_server.url}/admin/articles/claim/{claim.pk}/change/")
        choose_autocomplete(page, "id_deal", "JF-17 contract")
        page.click("input[name=_save]")
        page.wait_for_selector("text=was changed successfully")
    screenshot(page, "deal-linked")

    page.goto(f"{live_server.url}/admin/articles/deal/{deal.pk}/change/")
    assert page.locator("text=Reports of this deal").is_visible()
    assert page.locator(f"a[href$='/claim/{signed.pk}/change/']").count() == 1
    (flag,) = ConflictFlag.objects.filter(kind=FlagKind.VALUE_MISMATCH)
    assert set(flag.claims.values_list("pk", flat=True)) == {signed.pk, renamed.pk}
    assert "for 2023 and 2026" in flag.explanation


def test_a_reviewer_cites_the_rate_a_manat_amount_was_converted_at(live_server, page, screenshot):
    UserFactory(username="rex", group="Reviewers")
    ClaimFactory(article=ArticleFactory(), value=Decimal("2.2") * BN, period_start=2023,
                 period_end=2023)  # fmt: skip
    manats = ClaimFactory(article=ArticleFactory(), value=Decimal("5.3") * BN, currency="AZN",
                          period_start=2023, period_end=2023)  # fmt: skip
    figures_reconcile()
    assert ConflictFlag.objects.get().kind == FlagKind.CURRENCY_MISMATCH

    admin_login(page, live_server, "rex", PASSWORD)
    page.goto(f"{live_server.url}/admin/articles/claim/{manats.pk}/change/")
    assert page.locator("text=1.70 AZN per USD, 2023 average").is_visible()
    page.click("a.citeratelink")
    page.fill("#id_rate", "2.4")
    page.fill("#id_source", "Central Bank of Azerbaijan, official rate of 2 January 2023")
    page.click("#cite_rate_form input[type=submit]")
    page.wait_for_selector("text=The rate was saved")
    assert page.locator("text=cited: Central Bank of Azerbaijan").is_visible()
    screenshot(page, "rate-cited")
    manats.refresh_from_db()
    assert (manats.usd_rate, manats.version) == (Decimal("2.4"), 2)
    assert ConflictFlag.objects.get().state == "resolved"  # $2.21 billion agrees with $2.2
