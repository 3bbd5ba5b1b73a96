"""The public pages: what a researcher sees, what stays hidden, and that text stays text."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from django.urls import reverse

from articles.models import Claim, ClaimStatus, Figure, Scope
from articles.pages.deeplinks import deep_link
from articles.services.figure_settle import figure_settle
from articles.services.figures_reconcile import figures_reconcile

from ..factories import (
    ArticleFactory,
    ClaimFactory,
    claim_figure,
    claim_reviewed,
    entity_named,
    metric_slug,
)
from .record import make_article, make_claim

pytestmark = pytest.mark.django_db


JSONLD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def jsonld_of(response) -> dict:
    blocks = JSONLD.findall(response.content.decode())
    assert len(blocks) == 1
    return json.loads(blocks[0])


def public_urls(record) -> list[str]:
    return [
        reverse("home"),
        record.budget.get_absolute_url(),
        record.caucasus.get_absolute_url(),
        record.verified.get_absolute_url(),
        record.rival.get_absolute_url(),
        record.figure.get_absolute_url(),
        reverse(
            "series-detail", kwargs={"subject": "azerbaijan", "metric": "military-expenditure"}
        ),
        entity_named("Azerbaijan").get_absolute_url(),
        reverse("search") + "?q=Azerbaijan",
        reverse("search") + "?q=billion&kind=articles",
    ]


# --- what each page shows -------------------------------------------------------------------


def test_every_public_page_answers(client, record):
    for url in public_urls(record):
        response = client.get(url)
        assert response.status_code == 200, url
        assert b'<link rel="canonical" href="http://testserver/' in response.content, url
        assert b'<meta property="og:title"' in response.content, url


def test_home_lists_recently_verified_claims_and_settled_disagreements(client, record):
    page = client.get(reverse("home")).content.decode()
    assert record.verified.get_absolute_url() in page
    assert record.figure.get_absolute_url() in page
    assert "1 conflict resolved" in page
    assert 'action="/search/"' in page


def test_article_page_highlights_public_claims_in_place(client, record):
    page = client.get(record.budget.get_absolute_url()).content.decode()
    link = (
        f'<a class="claim-mark status-verified" href="{record.verified.get_absolute_url()}" '
        'title="Verified claim: open its page"><mark>$3.7 billion</mark></a>'
    )
    assert "from $2.2 billion in 2020 to " not in page  # the 2020 claim is marked too
    assert f"in 2020 to {link} in 2024" in page
    # Quoted, not republished: a paragraph without a public claim is left out.
    assert "Analysts expect both budgets to keep growing." not in page
    assert 'aria-label="Paragraphs left out"' in page
    assert "Caspian Ledger" in page
    assert "Jane Roe" in page
    assert '<time datetime="2024-05">May 2024</time>' in page
    assert "(known to the month)" in page
    assert 'href="https://news.example.com/azerbaijan-budget"' in page


def test_article_page_does_not_mark_a_claim_whose_quote_moved(client, record):
    Claim.objects.filter(pk=record.early.pk).update(anchored=False, start=0, end=12)
    page = client.get(record.budget.get_absolute_url()).content.decode()
    assert f'href="{record.early.get_absolute_url()}" title' not in page
    assert "<mark>Azerbaijan's</mark>" not in page


def test_claim_page_shows_passage_value_status_article_and_deep_link(client, record):
    page = client.get(record.verified.get_absolute_url()).content.decode()
    assert (
        "Azerbaijan&#x27;s defense expenditures rose from $2.2 billion in 2020 to "
        "<mark>$3.7 billion</mark> in 2024, the finance ministry said."
    ) in page
    assert "Azerbaijan&#x27;s military expenditure for 2024: $3.7 billion" in page
    assert "3700000000.00 USD" in page
    assert "Verified" in page
    assert "against the sources attached to it, and at least one of them bears it out" in page
    link = deep_link(
        record.budget.url,
        record.verified.quote,
        prefix=record.verified.prefix,
        suffix=record.verified.suffix,
    )
    assert link == (
        "https://news.example.com/azerbaijan-budget"
        "#:~:text=in%202020%20to-,%243.7%20billion,-in%202024%2C%20the"
    )
    assert f'href="{link}"' in page


def test_claim_page_shows_sources_with_stance_and_their_own_values(client, record):
    page = client.get(record.verified.get_absolute_url()).content.decode()
    assert "SIPRI Military Expenditure Database 2025" in page
    assert re.search(r"Contradicts</span>\s*<a[^>]*>SIPRI Military", page)
    assert 'gives $2.9 billion <span class="exact">(2900000000.00 USD)</span>' in page
    assert re.search(r"Supports</span>\s*<a[^>]*>State budget law for 2024", page)


def test_claim_page_shows_the_figure_competing_claims_and_resolved_flag(client, record):
    page = client.get(record.verified.get_absolute_url()).content.decode()
    assert f'href="{record.figure.get_absolute_url()}"' in page
    assert "The desk stands behind <strong>$3.7 billion</strong> — this claim's value" in page
    assert f'<a href="{record.rival.get_absolute_url()}">$2.9 billion</a>' in page
    assert "Values disagree" in page
    assert "The budget law gives $3.7 billion; SIPRI&#x27;s is an estimate." in page


def test_claim_history_names_roles_never_usernames(client, record, editor, reviewer):
    page = client.get(record.verified.get_absolute_url()).content.decode()
    assert "recorded as draft by an editor" in page
    assert "marked verified by a reviewer" in page
    assert editor.username not in page
    assert reviewer.username not in page


def test_claim_page_links_to_its_series_and_subject(client, record):
    page = client.get(record.verified.get_absolute_url()).content.decode()
    assert 'href="/series/azerbaijan/military-expenditure/"' in page
    assert 'href="/entities/azerbaijan/"' in page


def test_figure_page_charts_every_claim_and_marks_the_disagreeing_one(client, record):
    page = client.get(record.figure.get_absolute_url()).content.decode()
    start = page.index('<svg class="series-chart"')
    svg = page[start : page.index("</svg>", start)]
    for claim in (record.verified, record.rival, record.early):
        assert f'href="{claim.get_absolute_url()}"' in svg
    rival_link = svg[svg.index(f'href="{record.rival.get_absolute_url()}"') :]
    assert rival_link.index("claim-point disagrees") < rival_link.index("</a>")
    assert "disagrees with the reconciled value" in svg
    assert '<rect class="band"' in svg  # 2024 is shaded: the sources disagreed
    assert '<path class="reconciled-line" d="M' in svg
    assert 'class="focus"' in svg


def test_figure_page_has_the_same_numbers_as_a_table_and_a_csv_link(client, record):
    page = client.get(record.figure.get_absolute_url()).content.decode()
    assert "<td>$2.9 billion</td>" in page and "<td>$3.7 billion</td>" in page
    assert '<strong class="contested">disagree</strong>' in page
    assert 'href="/series/azerbaijan/military-expenditure.csv"' in page


def test_series_csv_has_a_row_per_claim_beside_its_reconciled_value(client, record):
    response = client.get(reverse("series-csv", args=["azerbaijan", "military-expenditure"]))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    by_claim = {row["claim_id"]: row for row in rows}
    assert set(by_claim) == {str(record.verified.pk), str(record.rival.pk), str(record.early.pk)}
    rival = by_claim[str(record.rival.pk)]
    assert rival["reconciled_value"] == "3700000000.00"
    assert rival["claim_value"] == "2900000000.00"
    assert rival["sources_disagree"] == "yes"
    assert rival["claim_url"] == f"http://testserver{record.rival.get_absolute_url()}"


def test_series_csv_neutralises_formulas_in_text_cells(client, editor, reviewer):
    article = make_article(
        title='=HYPERLINK("http://evil.example","x")',
        body="Spending reached $3.7 billion in 2024.",
    )
    claim = make_claim(
        article, "$3.7 billion", editor=editor, value="3700000000", year=2024,
        attribution="@SUM(A1:A2)",
    )  # fmt: skip
    claim_reviewed(claim, ClaimStatus.VERIFIED, actor=reviewer)
    response = client.get(reverse("series-csv", args=["azerbaijan", "military-expenditure"]))
    row = next(csv.DictReader(io.StringIO(response.content.decode())))
    assert row["article_title"] == '\'=HYPERLINK("http://evil.example","x")'
    assert row["attribution"] == "'@SUM(A1:A2)"
    assert row["claim_value"] == "3700000000.00"


def test_entity_page_lists_its_series_and_public_claims(client, record):
    page = client.get(entity_named("Azerbaijan").get_absolute_url()).content.decode()
    assert 'href="/series/azerbaijan/military-expenditure/"' in page
    assert "2 reconciled figures in USD, 2020–2024" in page
    assert record.rival.get_absolute_url() in page


# --- visibility -----------------------------------------------------------------------------


@pytest.mark.parametrize("which", ["draft", "suggested"])
def test_a_claim_that_is_not_public_answers_404(client, record, which):
    response = client.get(getattr(record, which).get_absolute_url())
    assert response.status_code == 404


def test_a_claim_that_is_not_public_answers_404_even_to_its_editor(client, record, editor):
    client.force_login(editor)
    assert client.get(record.draft.get_absolute_url()).status_code == 404


def test_a_figure_that_is_not_reconciled_answers_404(client, record):
    armenia = Figure.objects.get(subject__name="Armenia", period_start=2024)
    assert client.get(armenia.get_absolute_url()).status_code == 404


def test_an_article_without_public_claims_answers_404(client, editor):
    article = make_article(title="Drafts only", body="Spending reached $3.7 billion in 2024.")
    make_claim(article, "$3.7 billion", editor=editor, value="3700000000", year=2024)
    assert client.get(article.get_absolute_url()).status_code == 404


def test_drafts_and_suggestions_are_never_listed(client, record):
    hidden = [
        f'"{record.draft.get_absolute_url()}"',
        f'"{record.suggested.get_absolute_url()}"',
        f"claim_id={record.draft.pk}",
    ]
    urls = [
        *public_urls(record),
        reverse("search") + "?q=million",
        reverse("search") + "?q=Armenia",
        entity_named("Armenia").get_absolute_url(),
        "/sitemap-claims.xml",
    ]
    for url in urls:
        page = client.get(url).content.decode()
        for marker in hidden:
            assert marker not in page, (url, marker)
    assert (
        client.get(reverse("series-detail", args=["armenia", "military-expenditure"])).status_code
        == 404
    )


def test_the_draft_is_not_highlighted_in_its_article(client, record):
    page = client.get(record.budget.get_absolute_url()).content.decode()
    assert "<mark>$669 million</mark>" not in page
    # Its paragraph holds no public claim, so it is not quoted at all.
    assert "$669 million" not in page


# --- escaping -------------------------------------------------------------------------------

HOSTILE = "<script>alert(1)</script>"
ATTRIBUTE_BREAK = '"onmouseover=alert(2) x="'


@pytest.fixture
def hostile(editor, reviewer):
    body = (
        f"Officials wrote {HOSTILE} and {ATTRIBUTE_BREAK} about spending of $3.7 billion "
        "in 2024.\n\nNothing else."
    )
    article = make_article(
        title=f"{HOSTILE} budget", body=body, byline=ATTRIBUTE_BREAK,
        url="https://news.example.com/x?a=1&b=2",
    )  # fmt: skip
    phrase = f"{HOSTILE} and {ATTRIBUTE_BREAK} about spending of $3.7 billion"
    claim = make_claim(
        article, phrase, editor=editor, value="3700000000", year=2024,
        attribution=f"{HOSTILE}{ATTRIBUTE_BREAK}",
    )  # fmt: skip
    claim_reviewed(claim, ClaimStatus.VERIFIED, actor=reviewer)
    figures_reconcile()
    claim.refresh_from_db()
    figure_settle(actor=reviewer, figure=claim.figure, preferred_claim=claim, rationale=HOSTILE)
    return claim


def hostile_urls(claim: Claim) -> list[str]:
    return [
        reverse("home"),
        claim.article.get_absolute_url(),
        claim.get_absolute_url(),
        claim_figure(claim).get_absolute_url(),
        reverse("series-detail", args=["azerbaijan", "military-expenditure"]),
        entity_named("Azerbaijan").get_absolute_url(),
        reverse("search") + "?q=spending",
        reverse("search") + "?q=budget&kind=articles",
        reverse("search") + "?q=" + HOSTILE,
    ]


def test_article_and_claim_text_is_escaped_on_every_page(client, hostile):
    for url in hostile_urls(hostile):
        page = client.get(url).content.decode()
        assert "<script>alert" not in page, url
        # JSON-LD is data, not markup: its escaping has its own test below.
        page = JSONLD.sub("", page)
        assert '"onmouseover=' not in page, url
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page, url


def test_claim_review_json_ld_cannot_be_broken_out_of(client, hostile):
    response = client.get(hostile.get_absolute_url())
    raw = JSONLD.search(response.content.decode()).group(1)
    assert "<" not in raw and ">" not in raw and "&" not in raw
    review = json.loads(raw)
    assert review["itemReviewed"]["text"] == hostile.quote
    assert review["itemReviewed"]["author"]["name"] == f"{HOSTILE}{ATTRIBUTE_BREAK}"
    assert review["itemReviewed"]["appearance"]["url"] == "https://news.example.com/x?a=1&b=2"


def test_the_csl_json_block_is_escaped_text(client, hostile):
    page = client.get(hostile.get_absolute_url()).content.decode()
    block = page[page.index('<pre class="csl"') : page.index("</pre>")]
    assert "&lt;script&gt;" in block and "<script>" not in block


# --- interoperability -----------------------------------------------------------------------


def test_claim_review_json_ld_has_the_required_fields(client, record):
    review = jsonld_of(client.get(record.rival.get_absolute_url()))
    permalink = f"http://testserver{record.rival.get_absolute_url()}"
    assert review["@context"] == "https://schema.org"
    assert review["@type"] == "ClaimReview"
    assert review["url"] == permalink
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", review["datePublished"])
    assert review["author"] == {
        "@type": "Organization",
        "name": "factcheck",
        "url": "http://testserver/",
    }
    assert review["claimReviewed"] == "Azerbaijan's military expenditure for 2024: $2.9 billion"
    item = review["itemReviewed"]
    assert item["@type"] == "Claim"
    assert item["author"] == {"@type": "Organization", "name": "SIPRI"}
    assert item["datePublished"] == "2024-06-12"
    assert item["appearance"]["@type"] == "NewsArticle"
    assert item["appearance"]["url"] == "https://other.example.org/caucasus"
    assert item["appearance"]["headline"] == "The arms race in the Caucasus"
    assert review["reviewRating"] == {
        "@type": "Rating",
        "ratingValue": 5,
        "bestRating": 5,
        "worstRating": 1,
        "alternateName": "Verified",
        "ratingExplanation": (
            "A reviewer checked this figure against the sources attached to it, and at least "
            "one of them bears it out."
        ),
    }


@pytest.mark.parametrize(
    ("status", "rating", "name"),
    [("false", 1, "False"), ("disputed", 2, "Disputed"), ("unverifiable", 3, "Unverifiable")],
)
def test_review_rating_follows_the_status(client, record, reviewer, status, rating, name):
    claim_reviewed(record.rival, status, actor=reviewer)
    rating_ld = jsonld_of(client.get(record.rival.get_absolute_url()))["reviewRating"]
    assert (rating_ld["ratingValue"], rating_ld["alternateName"]) == (rating, name)


def test_cite_block_gives_the_permalink_and_csl_json(client, record):
    page = client.get(record.verified.get_absolute_url()).content.decode()
    permalink = f"http://testserver{record.verified.get_absolute_url()}"
    assert f'<a href="{permalink}">{permalink}</a>' in page
    response = client.get(reverse("claim-csl", args=[record.verified.pk]))
    assert response["Content-Type"].startswith("application/vnd.citationstyles.csl+json")
    claim_item, article_item = json.loads(response.content)
    assert claim_item["URL"] == permalink
    assert claim_item["type"] == "webpage"
    assert claim_item["title"].startswith("Azerbaijan's military expenditure for 2024")
    assert len(claim_item["issued"]["date-parts"][0]) == 3
    assert article_item == {
        "id": f"factcheck-article-{record.budget.pk}",
        "type": "article-newspaper",
        "title": "Azerbaijan's defence budget reaches $3.7 billion",
        "URL": "https://news.example.com/azerbaijan-budget",
        "container-title": "Caspian Ledger",
        "author": [{"literal": "Jane Roe"}],
        "issued": {"date-parts": [[2024, 5]]},
    }


def test_cite_for_a_draft_answers_404(client, record):
    assert client.get(reverse("claim-csl", args=[record.draft.pk])).status_code == 404


def test_sitemap_lists_public_articles_claims_and_figures(client, record):
    index = client.get("/sitemap.xml").content.decode()
    for section in ("pages", "articles", "claims", "figures"):
        assert f"http://testserver/sitemap-{section}.xml" in index
    claims = client.get("/sitemap-claims.xml").content.decode()
    assert f"<loc>http://testserver{record.verified.get_absolute_url()}</loc>" in claims
    assert f"<loc>http://testserver{record.rival.get_absolute_url()}</loc>" in claims
    figures = client.get("/sitemap-figures.xml").content.decode()
    assert f"<loc>http://testserver{record.figure.get_absolute_url()}</loc>" in figures
    assert figures.count("<loc>") == 2  # Armenia's open figures are not listed
    articles = client.get("/sitemap-articles.xml").content.decode()
    assert articles.count("<loc>") == 2


# --- errors ---------------------------------------------------------------------------------


def test_not_found_is_a_friendly_page_with_a_search_box(client, db):
    response = client.get("/claims/999999/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "<h1>Page not found</h1>" in page
    assert 'action="/search/"' in page
    assert "/claims/999999/" in page


def test_a_server_error_is_a_friendly_page(client, db, monkeypatch):
    from articles.pages import views

    def fail(**kwargs):
        raise RuntimeError("the selector broke")

    monkeypatch.setattr(views.selectors, "recently_verified", fail)
    client.raise_request_exception = False
    response = client.get(reverse("home"))
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()
    assert "the selector broke" not in response.content.decode()


def test_a_server_error_under_the_api_is_json(rf):
    from articles.pages.views import server_error

    response = server_error(rf.get("/api/v1/claims/"))
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"


def test_a_claim_without_a_figure_says_so(client, editor, reviewer):
    article = ArticleFactory()
    claim = ClaimFactory(article=article, status="verified", period_start=None, period_end=None)
    page = client.get(claim.get_absolute_url()).content.decode()
    assert "not part of a figure yet" in page
    assert metric_slug("military-expenditure").name in page


def test_a_total_over_a_decade_is_never_drawn_beside_the_yearly_amounts(client, editor, reviewer):
    article = make_article(
        title="A decade of spending",
        body="Azerbaijan spent $22.7 billion over the decade; in 2016 it spent $2.9 billion.",
    )
    decade = make_claim(article, "$22.7 billion", editor=editor, value="22700000000", year=2007,
                        kind="total")  # fmt: skip
    decade = claim_update_period(decade, editor, 2007, 2016)
    yearly = make_claim(article, "$2.9 billion", editor=editor, value="2900000000", year=2016)
    for claim in (decade, yearly):
        claim_reviewed(claim, ClaimStatus.VERIFIED, actor=reviewer)
    figures_reconcile()
    url = reverse("series-detail", args=["azerbaijan", "military-expenditure"])
    page = client.get(url).content.decode()
    captions = re.findall(r"<caption>(.*?)</caption>", page)
    assert captions == [
        "Azerbaijan: military expenditure in USD, year by year",
        "Azerbaijan: military expenditure in USD, totals over several years",
    ]
    charts = page.split('<svg class="series-chart"')[1:]
    assert len(charts) == 2
    assert "22.7" not in charts[0] and "2.9" in charts[0]
    rows = csv.DictReader(io.StringIO(client.get(url.rstrip("/") + ".csv").content.decode()))
    assert {(row["claim_id"], row["kind"]) for row in rows} == {
        (str(decade.pk), "total"), (str(yearly.pk), "annual"),
    }  # fmt: skip


def claim_update_period(claim, editor, start: int, end: int):
    from articles.services.claim_edit import claim_update

    return claim_update(actor=editor, claim=claim, changes={"period_start": start,
                        "period_end": end}, expected_version=claim.version)  # fmt: skip


def test_a_figure_page_says_its_kind_and_scope_in_its_title(client, editor, reviewer):
    article = make_article(title="SIPRI on Azerbaijan", body="Spending reached $3.7 billion.")
    claim = make_claim(article, "$3.7 billion", editor=editor, value="3700000000", year=2013,
                       scope=Scope.objects.get(slug="sipri"))  # fmt: skip
    claim_reviewed(claim, ClaimStatus.VERIFIED, actor=reviewer)
    figures_reconcile()
    claim.refresh_from_db()
    page = client.get(reverse("figure-detail", args=[claim.figure_id])).content.decode()
    assert "Azerbaijan: military expenditure, 2013 — SIPRI definition" in page


def test_a_claim_in_manats_shows_its_dollar_equivalent_with_the_rate(client, editor, reviewer):
    article = make_article(title="Budget in manats", body="The budget is 5.3 billion manats.")
    claim = make_claim(article, "5.3 billion manats", editor=editor, value="5300000000",
                       year=2023)  # fmt: skip
    claim = claim_update_currency(claim, editor, "AZN")
    claim_reviewed(claim, ClaimStatus.VERIFIED, actor=reviewer)
    page = client.get(claim.get_absolute_url()).content.decode()
    assert "≈ $3.12 billion at 1.70 AZN per USD, 2023 average" in page
    assert "World Bank annual average, CC BY 4.0" in page


def claim_update_currency(claim, editor, currency: str):
    from articles.services.claim_edit import claim_update

    return claim_update(actor=editor, claim=claim, changes={"currency": currency},
                        expected_version=claim.version)  # fmt: skip
