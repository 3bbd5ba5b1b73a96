"""Disputes in public, and quotes instead of republished articles.

A figure with public claims is public before it is settled; a flag a reviewer acknowledged is
public, explained from public claims only; an unacknowledged flag stays with the desk. Public
article pages of a quote-only outlet show the passages around public claims, not the text.
"""

from __future__ import annotations

import html
import json
import re
from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from articles.models import ClaimOrigin, ClaimStatus, ConflictFlag, FlagKind, TextLicence
from articles.services.figure_settle import figure_settle
from articles.services.figures_reconcile import figures_reconcile
from articles.services.flag_resolve import flag_acknowledge, flag_resolve

from ..api_roles import (
    client_for,
)
from ..factories import TEST_SETUP, ArticleFactory, ClaimFactory, PublicationFactory, claim_reviewed

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_api_state")]

BN = Decimal(10) ** 9


def period_reuse_record():
    """$3.7 billion as Azerbaijan's military expenditure for 2024 and for 2013 (both verified)
    and for 2010 (an unreviewed suggestion): one period-reuse flag over all three."""
    recent = claim_reviewed(ClaimFactory(), ClaimStatus.VERIFIED)
    older = claim_reviewed(ClaimFactory(period_start=2013, period_end=2013), ClaimStatus.VERIFIED)
    guess = ClaimFactory(
        period_start=2010,
        period_end=2010,
        status=ClaimStatus.SUGGESTED,
        origin=ClaimOrigin.EXTRACTED,
    )
    figures_reconcile()
    flag = ConflictFlag.objects.get(kind=FlagKind.PERIOD_REUSE)
    assert {c.pk for c in flag.claims.all()} == {recent.pk, older.pk, guess.pk}
    for claim in (recent, older, guess):
        claim.refresh_from_db()
    return recent, older, guess, flag


def test_an_unacknowledged_flag_stays_with_the_desk(client):
    recent, _, _, flag = period_reuse_record()
    assert "2010" in flag.explanation  # the desk sees the suggestion's year
    page = client.get(recent.figure.get_absolute_url()).content.decode()
    assert "The same $3.7 billion" not in page
    assert APIClient().get("/api/v1/flags/").json()["results"] == []
    assert APIClient().get(f"/api/v1/flags/{flag.pk}/").status_code == 404


def test_an_acknowledged_flag_is_public_and_explained_from_public_claims_only(client):
    recent, _, _, flag = period_reuse_record()
    flag = flag_acknowledge(actor=TEST_SETUP, flag=flag)
    expected = (
        "The same $3.7 billion is given as Azerbaijan's military expenditure for 2013 and 2024."
    )
    assert flag.public_explanation == expected
    for url in (recent.figure.get_absolute_url(), recent.get_absolute_url()):
        page = client.get(url).content.decode()
        assert html.escape(expected) in page
        assert "2010" not in page
    listed = APIClient().get("/api/v1/flags/").json()["results"]
    assert [(f["id"], f["explanation"]) for f in listed] == [(flag.pk, expected)]
    assert client_for("editor").get(f"/api/v1/flags/{flag.pk}/").json()["explanation"] == (
        flag.explanation
    )
    exported = APIClient().get("/api/v1/flags/?format=csv")
    csv = b"".join(exported.streaming_content).decode()
    assert expected in csv and "2010" not in csv
    # Searching the desk's sentence would reveal the unreviewed year.
    assert APIClient().get("/api/v1/flags/?q=2010").json()["results"] == []


def disagreement_over_unreviewed_claims():
    """$3.7 and $2.2 billion (both reviewed) beside a $900 million suggestion and a $1.3
    billion draft, for the same figure: one value-mismatch flag over all four."""
    public = claim_reviewed(ClaimFactory(), ClaimStatus.VERIFIED)
    rival = claim_reviewed(
        ClaimFactory(phrase="$2.2 billion", value=Decimal("2.2") * BN), ClaimStatus.DISPUTED
    )
    ClaimFactory(
        phrase="$669 million",
        value=Decimal("0.9") * BN,
        status=ClaimStatus.SUGGESTED,
        origin=ClaimOrigin.EXTRACTED,
    )
    ClaimFactory(phrase="$1.4 billion", value=Decimal("1.3") * BN, status=ClaimStatus.DRAFT)
    figures_reconcile()
    flag = ConflictFlag.objects.get(kind=FlagKind.VALUE_MISMATCH)
    assert flag.claims.count() == 4
    assert "$900 million" in flag.explanation and "$1.3 billion" in flag.explanation
    public.refresh_from_db()
    return public, rival, flag


UNREVIEWED_SPELLINGS = ("900 million", "900000000", "1.3 billion", "1300000000", "4.111111")


@pytest.mark.parametrize("dismiss", [False, True], ids=["resolved", "dismissed"])
def test_a_closed_flag_over_suggestions_names_only_its_public_values_everywhere(
    client, reviewer, dismiss
):
    public, rival, flag = disagreement_over_unreviewed_claims()
    flag = flag_resolve(
        actor=reviewer, flag=flag, note="Settled on the budget law.", dismiss=dismiss
    )
    sentence = flag.public_explanation
    assert "$3.7 billion" in sentence and "$2.2 billion" in sentence
    public_spread = str((Decimal("3.7") / Decimal("2.2")).quantize(Decimal("0.000001")))
    assert flag.spread == Decimal("4.111111")  # the desk's: over the suggestion too

    (listed,) = APIClient().get("/api/v1/flags/").json()["results"]
    assert listed["explanation"] == sentence
    assert listed["spread"] == public_spread
    assert {c["id"] for c in listed["claims"]} == {public.pk, rival.pk}
    detail = APIClient().get(f"/api/v1/flags/{flag.pk}/").json()
    assert detail["explanation"] == sentence and detail["spread"] == public_spread
    exports = {
        fmt: b"".join(APIClient().get(f"/api/v1/flags/?format={fmt}").streaming_content).decode()
        for fmt in ("csv", "ndjson")
    }
    assert json.loads(exports["ndjson"])["spread"] == public_spread
    assert json.loads(exports["ndjson"])["claim_ids"] == f"{public.pk};{rival.pk}"
    pages = {
        url: client.get(url).content.decode()
        for url in (public.get_absolute_url(), public.figure.get_absolute_url())
    }
    for page in pages.values():
        assert html.escape(sentence) in page
    texts = {"api": json.dumps(listed), "detail": json.dumps(detail), **exports, **pages}
    for where, text in texts.items():
        for spelling in UNREVIEWED_SPELLINGS:
            assert spelling not in text, f"{spelling!r} in the {where}"
    # The desk reads its own sentence and spread.
    staff = client_for("editor").get(f"/api/v1/flags/{flag.pk}/").json()
    assert staff["explanation"] == flag.explanation and staff["spread"] == "4.111111"


def test_a_flag_with_fewer_than_two_public_claims_is_not_shown(client, reviewer):
    recent, older, _, flag = period_reuse_record()
    flag_acknowledge(actor=TEST_SETUP, flag=flag)
    from articles.services.claim_withdraw import claim_withdraw

    claim_withdraw(actor=reviewer, claim=older, reason="misread", note="It was 2014.")
    flag.refresh_from_db()
    assert flag.public_explanation == ""
    assert APIClient().get("/api/v1/flags/").json()["results"] == []
    assert "The same $3.7 billion" not in client.get(recent.get_absolute_url()).content.decode()


def test_a_figure_with_public_claims_is_public_before_it_is_settled(client):
    first = claim_reviewed(ClaimFactory(), ClaimStatus.VERIFIED)
    rival = claim_reviewed(
        ClaimFactory(phrase="$2.2 billion", value=Decimal("2.2") * BN), ClaimStatus.DISPUTED
    )
    figures_reconcile()
    first.refresh_from_db()
    rival.refresh_from_db()
    assert first.figure_id == rival.figure_id
    response = client.get(first.figure.get_absolute_url())
    assert response.status_code == 200
    page = response.content.decode()
    assert "Under review: sources disagree" in page
    assert "$3.7 billion" in page and "$2.2 billion" in page
    assert "The desk stands behind" not in page
    anonymous_figures = APIClient().get("/api/v1/figures/").json()["results"]
    assert [f["id"] for f in anonymous_figures] == [first.figure_id]


def test_a_figure_of_unreviewed_claims_only_stays_unpublished(client):
    suggestion = ClaimFactory(status=ClaimStatus.SUGGESTED, origin=ClaimOrigin.EXTRACTED)
    figures_reconcile()
    suggestion.refresh_from_db()
    assert client.get(suggestion.figure.get_absolute_url()).status_code == 404


def jsonld_blocks(page: str) -> list[dict]:
    return [
        json.loads(block)
        for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    ]


def test_the_figure_json_ld_carries_every_public_value_and_then_the_settled_one(client, reviewer):
    first = claim_reviewed(ClaimFactory(), ClaimStatus.VERIFIED)
    rival = claim_reviewed(
        ClaimFactory(phrase="$2.2 billion", value=Decimal("2.2") * BN), ClaimStatus.DISPUTED
    )
    ClaimFactory(status=ClaimStatus.DRAFT, value=Decimal("9.9") * BN)  # never published
    figures_reconcile()
    first.refresh_from_db()
    url = first.figure.get_absolute_url()
    (dataset,) = jsonld_blocks(client.get(url).content.decode())
    assert dataset["@context"] == "https://schema.org"
    assert dataset["@type"] == "Dataset"
    assert dataset["creativeWorkStatus"] == "under review"
    values = sorted(part["value"] for part in dataset["hasPart"])
    assert values == ["2200000000.00", "3700000000.00"]
    assert {part["@type"] for part in dataset["hasPart"]} == {"Observation"}
    assert rival.get_absolute_url() in " ".join(part["url"] for part in dataset["hasPart"])
    figure_settle(
        actor=reviewer,
        figure=first.figure,
        preferred_claim=first,
        rationale="The finance ministry's budget law gives $3.7 billion.",
    )
    (dataset,) = jsonld_blocks(client.get(url).content.decode())
    assert dataset["creativeWorkStatus"] == "settled"
    assert dataset["mainEntity"]["value"] == "3700000000.00"
    assert dataset["mainEntity"]["description"] == (
        "The finance ministry's budget law gives $3.7 billion."
    )


def test_the_home_page_lists_open_disputes_with_links_to_both_periods(client):
    recent, older, _, flag = period_reuse_record()
    flag_acknowledge(actor=TEST_SETUP, flag=flag)
    page = client.get("/").content.decode()
    assert "Open disputes" in page
    assert "The same $3.7 billion is given as" in page
    assert recent.figure.get_absolute_url() in page
    assert older.figure.get_absolute_url() in page


# --- Quote, don't republish ------------------------------------------------------------------

LONG_BODY = (
    "The arms race in the South Caucasus is accelerating, officials say.\n\n"
    "Azerbaijan's defense expenditures rose to $3.7 billion in 2024, the ministry said.\n\n"
    "Analysts in Yerevan disagree about what comes next.\n\n"
    "A third paragraph of commentary that no claim rests on.\n\n"
    "Armenia's military spending grew to $1.4 billion in 2024."
)


def quoted_article(licence: str):
    from articles.importing import content_hash

    article = ArticleFactory(
        publication=PublicationFactory(text_licence=licence),
        body=LONG_BODY,
        raw=LONG_BODY,
        content_hash=content_hash(LONG_BODY),
        url="https://example.org/caucasus",
    )
    claim = ClaimFactory(article=article, status=ClaimStatus.VERIFIED)
    ClaimFactory(article=article, phrase="$1.4 billion", status=ClaimStatus.DRAFT)
    return article, claim


def article_paragraphs(page: str) -> list[str]:
    body = page.split('<div class="article-body">', 1)[1].split("</div>\n</article>", 1)[0]
    return re.findall(r"<p>(.*?)</p>", body, re.S)


def test_a_quote_only_article_page_shows_only_paragraphs_with_a_public_claim(client):
    article, claim = quoted_article(TextLicence.QUOTE_ONLY)
    page = client.get(article.get_absolute_url()).content.decode()
    paragraphs = article_paragraphs(page)
    assert paragraphs, "the passage around the public claim is quoted"
    assert all(claim.get_absolute_url() in paragraph for paragraph in paragraphs)
    assert "commentary that no claim rests on" not in page
    assert "$1.4 billion" not in page  # the draft's paragraph is not quoted either
    assert "https://example.org/caucasus" in page


def test_an_outlet_whose_licence_allows_it_is_shown_in_full(client):
    article, _ = quoted_article(TextLicence.FULL_TEXT)
    page = client.get(article.get_absolute_url()).content.decode()
    assert len(article_paragraphs(page)) == 5
    assert "commentary that no claim rests on" in page


def test_the_anonymous_api_quotes_too_and_staff_read_the_whole_text(client):
    article, _ = quoted_article(TextLicence.QUOTE_ONLY)
    public = APIClient().get(f"/api/v1/articles/{article.pk}/").json()
    assert public["text_is_full"] is False
    assert "$3.7 billion" in public["body"]
    assert "commentary" not in public["body"] and "[…]" in public["body"]
    assert public["removed"] == [] and public["captions"] == []
    staff = client_for("editor").get(f"/api/v1/articles/{article.pk}/").json()
    assert staff["body"] == LONG_BODY and staff["text_is_full"] is True


def test_an_article_without_public_claims_is_not_served_to_the_public():
    article = ArticleFactory()
    ClaimFactory(article=article, status=ClaimStatus.DRAFT)
    assert APIClient().get(f"/api/v1/articles/{article.pk}/").status_code == 404
    listed = APIClient().get("/api/v1/articles/").json()["results"]
    assert article.pk not in {a["id"] for a in listed}
    assert client_for("editor").get(f"/api/v1/articles/{article.pk}/").status_code == 200


def test_a_flag_the_reconciler_closed_by_itself_is_not_a_public_dispute(editor, reviewer):
    claim_reviewed(ClaimFactory(), ClaimStatus.VERIFIED)
    rival = claim_reviewed(
        ClaimFactory(phrase="$2.2 billion", value=Decimal("2.2") * BN), ClaimStatus.VERIFIED
    )
    figures_reconcile()
    flag = flag_acknowledge(actor=reviewer, flag=ConflictFlag.objects.get())
    assert flag.public_explanation.startswith("Two articles give")
    rival.refresh_from_db()
    # The desk corrects the rival to the same value: the disagreement is gone.
    from articles.services.claim_edit import claim_update
    from articles.services.claim_workflow import claim_transition

    rival = claim_update(
        actor=editor,
        claim=rival,
        changes={"value": Decimal("3.7") * BN},
        expected_version=rival.version,
    )
    figures_reconcile()
    claim_transition(actor=reviewer, claim=rival, to_status=ClaimStatus.VERIFIED)
    flag.refresh_from_db()
    assert flag.state == "resolved"
    assert flag.public_explanation == ""
    assert not ConflictFlag.objects.public().exists()
