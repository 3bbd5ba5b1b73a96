"""Search: ranked full-text on PostgreSQL, a plain fallback on SQLite, the same filters on both."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.urls import reverse

from articles.models import Article, Claim
from articles.selectors.search import (
    SearchFilters,
    article_document,
    claim_document,
    matching_entities,
    search_articles,
    search_claims,
    web_query,
)
from articles.services.claim_workflow import claim_transition

from .factories import ArticleFactory, ClaimFactory, entity_named
from .test_pages_record import build_record, make_article, make_claim

pytestmark = pytest.mark.django_db


@pytest.fixture
def record(editor, reviewer):
    return build_record(editor=editor, reviewer=reviewer)


@pytest.fixture
def postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("ranking and trigrams need PostgreSQL (DATABASE_URL=postgres://...)")


@pytest.fixture
def sqlite():
    if connection.vendor != "sqlite":
        pytest.skip("the icontains fallback is what SQLite runs")


def found(filters: SearchFilters) -> list[int]:
    return [c.pk for c in search_claims(filters, matching_entities(filters.q))]


# --- both backends --------------------------------------------------------------------------


def test_a_country_finds_the_public_claims_about_it(client, record):
    page = client.get(reverse("search"), {"q": "Azerbaijan"}).content.decode()
    assert "3 claims found" in page
    for claim in (record.verified, record.rival, record.early):
        assert f'href="{claim.get_absolute_url()}"' in page
    assert 'Subjects: <a href="/entities/azerbaijan/">Azerbaijan</a>' in page


def test_drafts_and_suggestions_are_never_found(record):
    for q in ("Armenia", "million", "1.4 billion"):
        ids = found(SearchFilters(q=q))
        assert record.draft.pk not in ids and record.suggested.pk not in ids


def test_an_attribution_is_found(record):
    assert found(SearchFilters(q="SIPRI")) == [record.rival.pk]


def test_filters_narrow_by_year_status_subject_and_metric(record, reviewer):
    assert found(SearchFilters(q="Azerbaijan", year=2020)) == [record.early.pk]
    claim_transition(actor=reviewer, claim=record.rival, to_status="disputed")
    assert found(SearchFilters(q="Azerbaijan", status="disputed")) == [record.rival.pk]
    assert found(SearchFilters(q="Azerbaijan", subject="armenia")) == []
    assert found(SearchFilters(q="Azerbaijan", metric="arms-imports")) == []
    assert len(found(SearchFilters(subject="azerbaijan", metric="military-expenditure"))) == 3


def test_a_status_that_is_not_public_finds_nothing(record):
    assert found(SearchFilters(q="Armenia", status="draft")) == []
    assert found(SearchFilters(status="suggested")) == []


def test_filters_narrow_the_articles_to_those_with_a_passing_claim(record):
    ids = [a.pk for a in search_articles(SearchFilters(q="Azerbaijan", year=2020))]
    assert ids == [record.budget.pk]
    assert [a.pk for a in search_articles(SearchFilters(q="arms race"))] == [record.caucasus.pk]


def test_the_page_shows_counts_and_pages_through_results(client, db):
    body = "\n\n".join(f"Deal {n} for tanks worth ${n}.5 million." for n in range(1, 26))
    article = ArticleFactory(body=body)
    for n in range(1, 26):
        ClaimFactory(
            article=article, phrase=f"${n}.5 million", value=Decimal(f"{n}500000"),
            status="verified",
        )  # fmt: skip
    first = client.get(reverse("search"), {"q": "tanks"}).content.decode()
    assert "25 claims found" in first
    assert "Page 1 of 2" in first
    assert first.count('class="claim-item"') == 20
    assert 'href="?q=tanks&amp;page=2"' in first
    second = client.get(reverse("search"), {"q": "tanks", "page": 2}).content.decode()
    assert second.count('class="claim-item"') == 5
    assert 'Articles <span class="count">1</span>' in second


def test_results_are_the_newest_matches_up_to_the_window(client, db, monkeypatch):
    monkeypatch.setattr("articles.selectors.search.RESULT_WINDOW", 5)
    body = "\n\n".join(f"Deal {n} for tanks worth ${n}.5 million." for n in range(1, 9))
    article = ArticleFactory(body=body)
    claims = [
        ClaimFactory(
            article=article,
            phrase=f"${n}.5 million",
            value=Decimal(f"{n}500000"),
            status="verified",
        )
        for n in range(1, 9)
    ]
    page = client.get(reverse("search"), {"q": "tanks"}).content.decode()
    assert "At least 5 claims found" in page
    assert 'Claims <span class="count">5+</span>' in page
    shown = {int(pk) for pk in re.findall(r'class="claim-quote" href="/claims/(\d+)/"', page)}
    assert shown == {claim.pk for claim in claims[3:]}


def test_a_bad_filter_is_reported_and_ignored(client, record):
    response = client.get(reverse("search"), {"q": "Azerbaijan", "year": "last year"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Enter a whole number." in page
    assert "3 claims found" in page


def test_an_empty_search_asks_for_words(client, record):
    page = client.get(reverse("search")).content.decode()
    assert "claims found" not in page
    assert "Search the checked claims" in page


def test_a_name_inside_the_query_matches_its_entity(db):
    assert [e.name for e in matching_entities("Azerbaijan's defence budget")] == ["Azerbaijan"]
    assert "Azerbaijan" in [e.name for e in matching_entities("Baku")]  # an alias


# --- PostgreSQL -----------------------------------------------------------------------------


def test_ranking_puts_the_quote_above_the_attribution_above_the_context(
    postgresql, editor, reviewer
):
    article = make_article(
        title="Drones",
        body=(
            "Officials said drones cost $1.1 billion in 2024.\n\n"
            "Spending was $3.3 billion in 2022, the report said.\n\n"
            "The ministry said $2.2 billion in 2023, citing drones."
        ),
    )
    in_quote = make_claim(
        article, "drones cost $1.1 billion", editor=editor, value="1100000000", year=2024
    )
    in_context = make_claim(article, "$2.2 billion", editor=editor, value="2200000000", year=2023)
    in_attribution = make_claim(
        article, "$3.3 billion", editor=editor, value="3300000000", year=2022,
        attribution="Drones Monitor",
    )  # fmt: skip
    for claim in (in_quote, in_context, in_attribution):
        claim_transition(actor=reviewer, claim=claim, to_status="verified")
    ranked = search_claims(SearchFilters(q="drones"), [])
    assert [c.pk for c in ranked] == [in_quote.pk, in_attribution.pk, in_context.pk]
    assert ranked[0].rank > ranked[1].rank > ranked[2].rank > 0


def test_claims_about_the_entity_rank_above_claims_that_only_mention_it(
    postgresql, editor, reviewer
):
    article = make_article(
        title="Neighbours",
        body="Armenia spent $1.4 billion in 2024, a third of Azerbaijan's budget.\n\n"
        "Azerbaijan spent $3.7 billion in 2024.",
    )
    mentions = make_claim(
        article, "$1.4 billion", editor=editor, value="1400000000", year=2024,
        subject=entity_named("Armenia"),
    )  # fmt: skip
    about = make_claim(article, "$3.7 billion", editor=editor, value="3700000000", year=2024)
    for claim in (mentions, about):
        claim_transition(actor=reviewer, claim=claim, to_status="verified")
    assert found(SearchFilters(q="Azerbaijan")) == [about.pk, mentions.pk]


def test_a_misspelt_name_finds_its_entity_by_trigrams(postgresql, record):
    assert [e.name for e in matching_entities("Azerbajan")][:1] == ["Azerbaijan"]
    assert set(found(SearchFilters(q="Azerbajan"))) == {
        record.verified.pk,
        record.rival.pk,
        record.early.pk,
    }


def test_the_stored_vector_follows_edits_to_the_text(postgresql, record, editor):
    from articles.services.claim_edit import claim_update

    assert found(SearchFilters(q="Rosstat")) == []
    claim_update(
        actor=editor,
        claim=record.rival,
        changes={"attribution": "Rosstat"},
        expected_version=record.rival.version,
    )
    assert found(SearchFilters(q="Rosstat")) == [record.rival.pk]


def test_web_search_syntax_excludes_words(postgresql, record):
    ids = [a.pk for a in search_articles(SearchFilters(q="billion -Caucasus"))]
    assert ids == [record.budget.pk]


@pytest.mark.parametrize(
    ("model", "document", "index"),
    [
        (Claim, claim_document, "claim_search_idx"),
        (Article, article_document, "article_search_idx"),
    ],
)
def test_the_search_uses_the_gin_index_of_migration_0005(postgresql, model, document, index):
    """With sequential scans off, the stored vector is matched through its GIN index."""
    matches = model.objects.alias(document=document()).filter(document=web_query("drones"))
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = matches.explain()
    assert f"Bitmap Index Scan on {index}" in plan


# --- SQLite ---------------------------------------------------------------------------------


def test_the_fallback_needs_every_word_somewhere_in_the_claim(sqlite, record):
    assert found(SearchFilters(q="sipri 2.9")) == [record.rival.pk]
    assert found(SearchFilters(q="finance ministry")) == [record.verified.pk]
    assert found(SearchFilters(q="ministry caucasus")) == []


def test_the_fallback_lists_newest_first(sqlite, record):
    record.early.save()  # touch it: now the most recently updated
    assert found(SearchFilters(q="Azerbaijan"))[0] == record.early.pk
