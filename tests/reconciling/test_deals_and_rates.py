"""Deals across years and editor links, a reviewer's cited exchange rate, and the article's
own conversion, through the services, the reconciler, the API, the exports and the admin."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from articles.api.conditional import response_cache
from articles.errors import NotPermitted, StaleWrite
from articles.models import Claim, ClaimStatus, ConflictFlag, Deal, FlagKind
from articles.services.claim_edit import claim_update
from articles.services.claim_rate import claim_rate_cite
from articles.services.figures_reconcile import figures_reconcile

from ..factories import ArticleFactory, ClaimFactory, claim_reviewed, entity_named, metric_slug

pytestmark = pytest.mark.django_db

BN = Decimal(10) ** 9


def deal_report(value, seller, item, year, **fields):
    return ClaimFactory(
        article=ArticleFactory(),
        value=Decimal(str(value)) * BN,
        metric=metric_slug("arms-deal"),
        kind="transaction",
        counterparty=entity_named(seller),
        item=item,
        period_start=year,
        period_end=year,
        **fields,
    )


def budget(value, currency, year=2023, **fields):
    return ClaimFactory(
        article=ArticleFactory(),
        value=Decimal(str(value)) * BN,
        currency=currency,
        period_start=year,
        period_end=year,
        **fields,
    )


def open_flags(kind=None):
    flags = ConflictFlag.objects.filter(state="open")
    return list(flags.filter(kind=kind) if kind else flags)


# --- Deals ---------------------------------------------------------------------------------


def test_one_deal_reported_for_its_signing_and_its_delivery_year_is_one_deal():
    signed = deal_report(1.6, "Pakistan", "JF-17 Block-III", 2023)
    delivered = deal_report(1.2, "Pakistan", "JF-17 Block-III", 2024)
    deal_report(1.2, "Israel", "Barak MX", 2023)  # another deal: compared with nothing
    figures_reconcile()
    (flag,) = open_flags()
    assert flag.kind == FlagKind.VALUE_MISMATCH
    assert set(flag.claims.values_list("pk", flat=True)) == {signed.pk, delivered.pk}
    assert "with Pakistan (JF-17 Block-III) for 2023 and 2024" in flag.explanation


def test_an_edit_that_moves_a_deal_into_anothers_window_is_rechecked_at_once(
    editor, django_capture_on_commit_callbacks
):
    signed = deal_report(1.6, "Pakistan", "JF-17", 2023)
    later = deal_report(1.2, "Pakistan", "JF-17", 2030)
    figures_reconcile()
    assert open_flags() == []
    with django_capture_on_commit_callbacks(execute=True):  # the keyed run after the edit
        claim_update(actor=editor, claim=later, changes={"period_start": 2024, "period_end": 2024},
                     expected_version=later.version)  # fmt: skip
    (flag,) = open_flags()
    assert set(flag.claims.values_list("pk", flat=True)) == {signed.pk, later.pk}
    with django_capture_on_commit_callbacks(execute=True):
        later.refresh_from_db()
        claim_update(actor=editor, claim=later, changes={"item": "Su-30"},
                     expected_version=later.version)  # fmt: skip
    assert open_flags() == []


def test_reports_an_editor_links_to_one_deal_are_compared_whatever_they_call_it(
    editor, django_capture_on_commit_callbacks
):
    azerbaijan, pakistan = entity_named("Azerbaijan"), entity_named("Pakistan")
    deal = Deal.objects.create(name="JF-17 contract", buyer=azerbaijan, seller=pakistan)
    first = deal_report(1.6, "Pakistan", "JF-17 Block-III", 2023)
    second = deal_report(1.2, "Pakistan", "fighter jets", 2026)
    figures_reconcile()
    assert open_flags() == []
    with django_capture_on_commit_callbacks(execute=True):
        for report in (first, second):
            claim_update(actor=editor, claim=report, changes={"deal": deal},
                         expected_version=report.version)  # fmt: skip
    (flag,) = open_flags()
    assert flag.key == f"value_mismatch:deals:{azerbaijan.pk}:linked:{deal.pk}"
    assert Claim.history.filter(id=first.pk, deal_id=deal.pk).exists()


def test_a_deal_is_bought_by_the_claims_subject_and_only_deals_belong_to_one(editor):
    deal = Deal.objects.create(name="S-400", buyer=entity_named("Turkey"))
    report = deal_report(2.5, "Russia", "S-400", 2017)
    with pytest.raises(ValidationError, match="buyer is Turkey"):
        claim_update(actor=editor, claim=report, changes={"deal": deal},
                     expected_version=report.version)  # fmt: skip
    yearly = budget(3.7, "USD")
    own = Deal.objects.create(name="x", buyer=entity_named("Azerbaijan"))
    with pytest.raises(ValidationError, match="Only a deal"):
        claim_update(actor=editor, claim=yearly, changes={"deal": own},
                     expected_version=yearly.version)  # fmt: skip


def test_a_deal_flag_keyed_by_figure_is_rekeyed_by_the_migration_and_kept():
    from importlib import import_module

    from django.apps import apps

    a = deal_report(1.6, "Pakistan", "JF-17", 2023)
    deal_report(1.2, "Pakistan", "JF-17", 2023)
    figures_reconcile()
    (flag,) = open_flags()
    new_key = flag.key
    a.refresh_from_db()
    pakistan = entity_named("Pakistan").pk
    ConflictFlag.objects.filter(pk=flag.pk).update(
        key=f"value_mismatch:deal:{a.figure_id}:{pakistan}:jf-17", state="acknowledged"
    )
    import_module("articles.migrations.0018_deals_and_cited_rates").rekey_deal_flags(apps, None)
    flag.refresh_from_db()
    assert flag.key == new_key
    figures_reconcile()
    flag.refresh_from_db()
    assert (flag.state, ConflictFlag.objects.count()) == ("acknowledged", 1)


# --- A reviewer's cited rate -----------------------------------------------------------------


def test_a_cited_rate_replaces_the_years_average_in_the_reconcile_and_is_kept_in_history(
    reviewer, django_capture_on_commit_callbacks
):
    dollars = budget(2.2, "USD")
    manats = budget(5.3, "AZN")  # ≈ $3.12 billion at the 2023 average of 1.70
    figures_reconcile()
    (flag,) = open_flags()
    assert flag.kind == FlagKind.CURRENCY_MISMATCH
    assert "1.70 AZN per USD, 2023 average" in flag.explanation
    with django_capture_on_commit_callbacks(execute=True):
        cited = claim_rate_cite(
            actor=reviewer,
            claim=manats,
            rate="2.4",
            source="Central Bank of Azerbaijan, 2 January 2023",
            year=2023,
            expected_version=manats.version,
        )
    assert open_flags() == []  # 5.3 billion at 2.4 = $2.21 billion: agrees with $2.2 billion
    assert cited.in_usd.cited and (cited.in_usd.usd / BN).quantize(Decimal("0.01")) == Decimal(
        "2.21"
    )
    row = Claim.history.filter(id=manats.pk).order_by("-history_id").first()
    assert (
        row.history_user == reviewer and "Central Bank of Azerbaijan" in row.history_change_reason
    )
    with django_capture_on_commit_callbacks(execute=True):
        cleared = claim_rate_cite(actor=reviewer, claim=cited, rate=None,
                                  expected_version=cited.version)  # fmt: skip
    assert cleared.usd_rate is None and cleared.usd_rate_source == ""
    assert [f.kind for f in open_flags()] == [FlagKind.CURRENCY_MISMATCH]
    assert dollars.pk in open_flags()[0].claims.values_list("pk", flat=True)


def test_citing_a_rate_needs_a_reviewer_a_source_a_currency_and_the_current_version(
    editor, reviewer
):
    manats = budget(5.3, "AZN")
    with pytest.raises(NotPermitted):
        claim_rate_cite(actor=editor, claim=manats, rate="2.4", source="CBAR",
                        expected_version=manats.version)  # fmt: skip
    with pytest.raises(ValidationError, match="where the rate comes from"):
        claim_rate_cite(actor=reviewer, claim=manats, rate="2.4", source=" ",
                        expected_version=manats.version)  # fmt: skip
    with pytest.raises(ValidationError, match="positive"):
        claim_rate_cite(actor=reviewer, claim=manats, rate="-1", source="CBAR",
                        expected_version=manats.version)  # fmt: skip
    with pytest.raises(StaleWrite):
        claim_rate_cite(actor=reviewer, claim=manats, rate="2.4", source="CBAR",
                        expected_version=manats.version + 1)  # fmt: skip
    with pytest.raises(ValidationError, match="other than US dollars"):
        dollars = budget(2.2, "USD")
        claim_rate_cite(actor=reviewer, claim=dollars, rate="1", source="x",
                        expected_version=dollars.version)  # fmt: skip
    manats.refresh_from_db()
    assert (manats.usd_rate, manats.version) == (None, 1)


def test_an_old_manat_amount_converts_after_the_redenomination():
    # 2005: 15 trillion old manats (AZM) = 3 billion new manats (5,000:1), at 0.9454 AZN/USD.
    old = budget(15_000, "AZM", year=2005)
    conversion = old.in_usd
    assert conversion.rate_currency == "AZN" and conversion.factor == 5000
    assert Decimal("3.1") * BN < conversion.usd < Decimal("3.25") * BN


# --- The article's own conversion -----------------------------------------------------------


def test_a_conversion_restates_a_claim_of_its_own_article(editor):
    article = ArticleFactory(body="The budget is 5.3 billion manats (US$3.1 billion) this year.")
    manats = ClaimFactory(article=article, phrase="5.3 billion manats", value=Decimal("5.3") * BN,
                          currency="AZN")  # fmt: skip
    dollars = ClaimFactory(article=article, phrase="US$3.1 billion", value=Decimal("3.1") * BN)
    linked = claim_update(actor=editor, claim=dollars, changes={"converted_from": manats},
                          expected_version=dollars.version)  # fmt: skip
    assert linked.converted_from == manats and list(manats.conversions.all()) == [linked]
    elsewhere = ClaimFactory()
    with pytest.raises(ValidationError, match="same article"):
        claim_update(actor=editor, claim=elsewhere, changes={"converted_from": manats},
                     expected_version=elsewhere.version)  # fmt: skip
    with pytest.raises(ValidationError, match="itself a conversion"):
        claim_update(actor=editor, claim=manats, changes={"converted_from": linked},
                     expected_version=manats.version)  # fmt: skip


# --- API, exports, admin ------------------------------------------------------------------------


def verified_conversion(editor) -> tuple[Claim, Claim]:
    """A draft manat amount and the article's own dollar conversion of it, verified."""
    article = ArticleFactory(body="The budget is 5.3 billion manats (US$3.1 billion) this year.")
    manats = ClaimFactory(article=article, phrase="5.3 billion manats", value=Decimal("5.3") * BN,
                          currency="AZN", period_start=2023, period_end=2023)  # fmt: skip
    dollars = ClaimFactory(article=article, phrase="US$3.1 billion", value=Decimal("3.1") * BN,
                           period_start=2023, period_end=2023)  # fmt: skip
    dollars = claim_update(actor=editor, claim=dollars, changes={"converted_from": manats},
                           expected_version=dollars.version)  # fmt: skip
    return manats, claim_reviewed(dollars, ClaimStatus.VERIFIED)


def forget_api_state() -> None:
    """Throttle counts and cached responses of earlier requests (a write by a service does
    not go through the API, so nothing else empties the response cache here)."""
    cache.clear()
    response_cache.clear()


def api_as(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def test_the_api_shows_the_cited_rate_the_deal_and_a_public_conversion_only(reviewer, editor):
    forget_api_state()
    manats, dollars = verified_conversion(editor)
    url = f"/api/v1/claims/{dollars.pk}/"
    assert api_as().get(url).json()["converted_from"] is None  # the manats claim is a draft
    assert api_as(editor).get(url).json()["converted_from"] == manats.pk
    claim_reviewed(manats, ClaimStatus.VERIFIED)
    forget_api_state()
    assert api_as().get(url).json()["converted_from"] == manats.pk

    manats.refresh_from_db()
    cite = f"/api/v1/claims/{manats.pk}/cite-rate/"
    body = {"rate": "1.7100", "source": "the article's own rate", "version": manats.version}
    assert api_as(editor).post(cite, body, format="json").status_code == 403
    for bad in ({"rate": "abc"}, {"rate": "1e40"}, {"rate": "0"}, {}, {"rate": "2", "x": 1}):
        refused = api_as(reviewer).post(cite, {**bad, "version": manats.version}, format="json")
        assert refused.status_code == 400, (bad, refused.content)
    assert Claim.objects.get(pk=manats.pk).version == manats.version  # nothing written
    response = api_as(reviewer).post(cite, body, format="json")
    assert response.status_code == 200, response.content
    usd = response.json()["usd"]
    assert (usd["cited"], usd["source"], usd["rate"]) == (
        True, "the article's own rate", "1.7100000000",
    )  # fmt: skip
    stale = api_as(reviewer).post(cite, body, format="json")
    assert stale.status_code == 412

    forget_api_state()
    exported = api_as().get("/api/v1/claims/", {"format": "csv"})
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO(exported.getvalue().decode()))}
    assert rows[str(manats.pk)]["usd_rate_cited"] == "True"
    assert rows[str(manats.pk)]["usd_rate_source"] == "the article's own rate"
    assert rows[str(dollars.pk)]["converted_from"] == str(manats.pk)
    ndjson = api_as().get("/api/v1/claims/", {"format": "ndjson"})
    lines = [json.loads(line) for line in ndjson.getvalue().decode().splitlines()]
    assert {line["id"]: line["deal_id"] for line in lines} == {manats.pk: None, dollars.pk: None}


def test_a_reviewer_cites_a_rate_in_the_admin_and_an_editor_may_not(client, reviewer, editor):
    manats = budget(5.3, "AZN")
    change = reverse("admin:articles_claim_change", args=[manats.pk])
    cite = reverse("admin:articles_claim_cite_rate", args=[manats.pk])
    client.force_login(editor)
    assert cite not in client.get(change).content.decode()
    assert (
        client.post(cite, {"rate": "2.4", "source": "CBAR", "expected_version": 1}).status_code
        == 302
    )
    manats.refresh_from_db()
    assert manats.usd_rate is None
    client.force_login(reviewer)
    page = client.get(change).content.decode()
    assert cite in page and "1.70 AZN per USD, 2023 average" in page
    refused = client.post(cite, {"rate": "2.4", "source": "", "expected_version": 1})
    assert "where the rate comes from" in refused.content.decode()
    done = client.post(cite, {"rate": "2.4", "source": "CBAR", "year": 2023, "expected_version": 1})
    assert done.status_code == 302
    manats.refresh_from_db()
    assert (manats.usd_rate, manats.usd_rate_source, manats.version) == (Decimal("2.4"), "CBAR", 2)
    assert "cited: CBAR" in client.get(change).content.decode()


def test_the_deal_admin_lists_the_reports_linked_to_a_deal(client, editor):
    deal = Deal.objects.create(name="JF-17 contract", buyer=entity_named("Azerbaijan"),
                               seller=entity_named("Pakistan"))  # fmt: skip
    report = deal_report(1.6, "Pakistan", "JF-17", 2023, deal=deal)
    client.force_login(editor)
    listing = client.get(reverse("admin:articles_deal_changelist")).content.decode()
    assert "JF-17 contract" in listing
    page = client.get(reverse("admin:articles_deal_change", args=[deal.pk])).content.decode()
    assert reverse("admin:articles_claim_change", args=[report.pk]) in page
    added = client.post(reverse("admin:articles_deal_add"), {
        "name": "Barak MX", "buyer": entity_named("Azerbaijan").pk,
        "seller": entity_named("Israel").pk, "item": "Barak MX", "signed_year": 2023,
        "note": "", "claims-TOTAL_FORMS": 0, "claims-INITIAL_FORMS": 0,
    })  # fmt: skip
    assert added.status_code == 302, added.content.decode()[:2000]
    assert Deal.objects.filter(name="Barak MX").exists()


def test_a_claim_page_names_the_articles_own_conversion_when_both_are_public(client, editor):
    manats, dollars = verified_conversion(editor)
    page = client.get(dollars.get_absolute_url()).content.decode()
    assert "conversion of" not in page and manats.get_absolute_url() not in page  # a draft
    claim_reviewed(manats, ClaimStatus.VERIFIED)
    page = client.get(dollars.get_absolute_url()).content.decode()
    assert f'The article\'s own conversion of <a href="{manats.get_absolute_url()}">' in page
    page = client.get(manats.get_absolute_url()).content.decode()
    assert "The article converts it to" in page and dollars.get_absolute_url() in page
    assert "1.70 AZN per USD, 2023 average (World Bank annual average, CC BY 4.0)" in page
