"""Search: ranked full-text on PostgreSQL, a plain fallback on SQLite, the same filters on both."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.urls import reverse

from articles.models import Article, Claim
from articles.selectors.search import (
    Matches,
    SearchFilters,
    article_document,
    claim_document,
    matching_entities,
    search_articles,
    search_claims,
    text_query,
)
from articles.selectors.search_terms import QueryWords, split_year, synonyms_of

from ..factories import ArticleFactory, ClaimFactory, claim_reviewed, entity_named
from .record import make_article, make_claim

pytestmark = pytest.mark.django_db
# The help paragraph of an empty search (the page's meta description says something similar).
HELP_TEXT = "Narrow by subject, metric, year or status."


def found(filters: SearchFilters) -> list[int]:
    """The claims the page would list: entities are named by the words, as the view does."""
    return [c.pk for c in search_claims(filters, matching_entities(filters.text))]


def found_articles(filters: SearchFilters) -> list[int]:
    return [a.pk for a in search_articles(filters)]


def search_page(client, **params: object) -> str:
    response = client.get(reverse("search"), params)
    assert response.status_code == 200
    return response.content.decode()


def verified_claim(body: str, phrase: str, *, title: str = "", **fields: object) -> Claim:
    """A public claim on ``phrase`` of a new article with ``body``."""
    article = ArticleFactory(body=body, **({"title": title} if title else {}))
    return ClaimFactory(article=article, phrase=phrase, status="verified", **fields)


@pytest.fixture
def spending(db):
    """Two claims worded apart: "defense expenditures" and a "military budget"."""
    return (
        verified_claim(
            "Azerbaijan's defense expenditures reached $3.7 billion in 2024.",
            "$3.7 billion",
            title="Baku's outlays",
        ),
        verified_claim(
            "Armenia's military budget was $1.4 billion in 2024.",
            "$1.4 billion",
            title="Yerevan plans",
            subject=entity_named("Armenia"),
            value=Decimal("1400000000"),
        ),
    )


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
    claim_reviewed(record.rival, "disputed", actor=reviewer)
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
    assert HELP_TEXT in page


def test_every_tab_shows_its_count_even_an_empty_one(client, record):
    # "Analysts" is only in the budget article's last paragraph, far from any claim.
    page = search_page(client, q="Analysts")
    assert 'Claims <span class="count">0</span>' in page
    assert 'Articles <span class="count">1</span>' in page
    page = search_page(client, q="Azerbaijan", kind="articles")
    assert 'Claims <span class="count">3</span>' in page
    assert 'Articles <span class="count">2</span>' in page


def test_the_first_tab_with_results_opens_when_the_reader_chose_none(client, record):
    page = search_page(client, q="Analysts")
    assert '&amp;kind=articles" aria-current="page"' in page
    assert "1 article found" in page
    assert f'href="{record.budget.get_absolute_url()}"' in page
    assert HELP_TEXT not in page
    # Claims open first whenever they have results, and no tab is carried into the next search.
    page = search_page(client, q="Azerbaijan")
    assert '&amp;kind=claims" aria-current="page"' in page
    assert 'name="kind"' not in page


def test_a_tab_the_reader_chose_stays_open_and_points_to_the_other(client, record):
    page = search_page(client, q="Analysts", kind="claims")
    assert '&amp;kind=claims" aria-current="page"' in page
    assert "0 claims found" in page
    assert '<a href="?q=Analysts&amp;kind=articles">See the 1 article</a>' in page
    assert '<input type="hidden" name="kind" value="claims">' in page


def test_opening_the_first_non_empty_tab_costs_no_extra_query(
    client, record, django_assert_num_queries
):
    # filter options (subjects, metrics); entities named; claims: count; articles: count,
    # page; and on PostgreSQL the words read in each language's configuration
    with django_assert_num_queries(6 + (connection.vendor == "postgresql")):
        page = search_page(client, q="Analysts")
    assert "1 article found" in page


def test_a_search_that_finds_nothing_says_so_with_hints(client, record):
    page = search_page(client, q="xyzzy")
    assert "No claims or articles match “xyzzy”." in page
    assert "Check the spelling, or use fewer or more general words." in page
    assert "Remove a filter" not in page
    assert HELP_TEXT not in page
    assert 'Claims <span class="count">0</span>' in page


def test_no_results_name_the_filters_with_links_that_remove_them(client, record):
    page = search_page(client, q="SIPRI", subject="azerbaijan", year=2020)
    assert "No claims or articles match “SIPRI” with these filters." in page
    assert '<a href="?q=SIPRI&amp;year=2020" aria-label="Remove Subject: Azerbaijan">' in page
    assert '<a href="?q=SIPRI&amp;subject=azerbaijan" aria-label="Remove Year: 2020">' in page
    assert '<a href="?q=SIPRI">search “SIPRI” without filters</a>' in page
    assert "1 claim found" in search_page(client, q="SIPRI")
    # A year in the words is a filter too, removed by searching the words alone.
    page = search_page(client, q="SIPRI 2020")
    assert "No claims or articles match “SIPRI 2020” with these filters." in page
    assert '<a href="?q=SIPRI" aria-label="Remove Year: 2020">' in page
    assert "(the year in your words)" in page
    assert "without filters" not in page  # one filter: its own link is that search


def test_no_results_escape_the_words_they_repeat(client, record):
    page = search_page(client, q="<script>x</script>")
    assert "No claims or articles match “&lt;script&gt;x&lt;/script&gt;”." in page
    assert "<script>x" not in page


def test_a_year_in_the_words_narrows_claims_to_the_periods_covering_it(record):
    assert set(found(SearchFilters(q="Azerbaijan 2024"))) == {record.verified.pk, record.rival.pk}
    assert found(SearchFilters(q="Azerbaijan 2020")) == [record.early.pk]
    assert found(SearchFilters(q="2020")) == [record.early.pk]
    # Articles are narrowed as by the Year field: to those with a public claim covering it.
    assert found_articles(SearchFilters(q="Azerbaijan 2020")) == [record.budget.pk]
    assert found_articles(SearchFilters(q="SIPRI 2020")) == []


def test_the_year_need_not_appear_in_the_words_of_the_claim(client, db):
    claim = verified_claim(
        "Officials said the drones cost $1.1 billion.",
        "$1.1 billion",
        period_start=2021,
        period_end=2024,
    )
    assert found(SearchFilters(q="drones 2023")) == [claim.pk]
    assert found(SearchFilters(q="drones 2025")) == []
    page = search_page(client, q="drones 2023")
    assert "1 claim found" in page
    assert "Only claims covering 2023" in page
    assert '<a href="?q=drones">Search “drones” in every year</a>' in page


def test_an_explicit_year_wins_over_one_in_the_words(db):
    covers_2023 = verified_claim("Drones cost $1.1 billion.", "$1.1 billion")
    covers_2023.period_start = covers_2023.period_end = 2023
    covers_2023.save()
    says_2023 = verified_claim(
        "Drones ordered in 2019 cost $2.2 billion, due by 2023.",
        "$2.2 billion",
        period_start=2019,
        period_end=2019,
    )
    assert found(SearchFilters(q="drones 2023")) == [covers_2023.pk]
    # With the Year field set, "2023" is a word to find again.
    assert found(SearchFilters(q="drones 2023", year=2019)) == [says_2023.pk]


@pytest.mark.parametrize(
    ("q", "words"),
    [
        ("Azerbaijan 2024", QueryWords("Azerbaijan", 2024)),
        ("2024, Azerbaijan", QueryWords("Azerbaijan", 2024)),
        ("arms (1999) imports", QueryWords("arms imports", 1999)),
        ("Azerbaijan 1900", QueryWords("Azerbaijan", 1900)),
        ("Azerbaijan 2100", QueryWords("Azerbaijan", 2100)),
        ("Azerbaijan 1899", QueryWords("Azerbaijan 1899", None)),
        ("Azerbaijan 2101", QueryWords("Azerbaijan 2101", None)),
        ("tanks $2024", QueryWords("tanks $2024", None)),
        ("tanks 2024m", QueryWords("tanks 2024m", None)),
        ("tanks 12024", QueryWords("tanks 12024", None)),
        ("tanks 2,024", QueryWords("tanks 2,024", None)),
        ("tanks -2024", QueryWords("tanks -2024", None)),
        ('"budget for 2024"', QueryWords('"budget for 2024"', None)),
        ("2020 or 2024", QueryWords("2020 or 2024", None)),
    ],
)
def test_only_one_standalone_year_between_1900_and_2100_counts(q, words):
    assert split_year(q) == words


def test_spending_and_expenditure_find_each_other_but_not_budget(spending):
    expenditures, budget = spending
    for q in ("spending", "spent", "Expenditure"):
        assert found(SearchFilters(q=q)) == [expenditures.pk]
        assert found_articles(SearchFilters(q=q)) == [expenditures.article.pk]
    assert found(SearchFilters(q="budget")) == [budget.pk]


def test_defence_defense_and_military_find_each_other(spending):
    expenditures, budget = spending
    assert set(found(SearchFilters(q="defence"))) == {expenditures.pk, budget.pk}
    # Every word must match, through a synonym or itself.
    assert found(SearchFilters(q="defence spending")) == [expenditures.pk]
    assert found(SearchFilters(q="military expenditure")) == [expenditures.pk]
    assert found(SearchFilters(q="defence budget")) == [budget.pk]
    assert found_articles(SearchFilters(q="defence spending")) == [expenditures.article.pk]


def test_the_synonym_table_is_explicit(db):
    assert synonyms_of("Spending,") == ("spend", "spent", "expenditure", "expenditures")
    assert synonyms_of("defense") == ("defence", "military")
    assert synonyms_of("budget") == ()


def test_search_syntax_characters_are_words_not_sql(client, spending):
    for q in ("defence' & | ! :* spending", "spending'); --", "военные расходы"):
        response = client.get(reverse("search"), {"q": q})
        assert response.status_code == 200
    assert found(SearchFilters(q="spending')")) == [spending[0].pk]


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
        claim_reviewed(claim, "verified", actor=reviewer)
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
        claim_reviewed(claim, "verified", actor=reviewer)
    assert found(SearchFilters(q="Azerbaijan")) == [about.pk, mentions.pk]


def test_a_misspelt_name_finds_its_entity_by_trigrams(postgresql, record):
    assert [e.name for e in matching_entities("Azerbajan")][:1] == ["Azerbaijan"]
    assert set(found(SearchFilters(q="Azerbajan"))) == {
        record.verified.pk,
        record.rival.pk,
        record.early.pk,
    }


def test_the_stored_vector_follows_edits_to_the_text(postgresql, record, editor, reviewer):
    from articles.services.claim_edit import claim_update

    assert found(SearchFilters(q="Rosstat")) == []
    edited = claim_update(
        actor=editor,
        claim=record.rival,
        changes={"attribution": "Rosstat"},
        expected_version=record.rival.version,
    )
    # Changing what a reviewed claim says sends it back to review, out of public view.
    assert found(SearchFilters(q="Rosstat")) == []
    claim_reviewed(edited, "verified", actor=reviewer)
    assert found(SearchFilters(q="Rosstat")) == [record.rival.pk]


def test_web_search_syntax_excludes_words(postgresql, record):
    ids = [a.pk for a in search_articles(SearchFilters(q="billion -Caucasus"))]
    assert ids == [record.budget.pk]


def test_synonyms_keep_the_web_search_syntax(postgresql, spending):
    expenditures, budget = spending
    # Inside a phrase: "defense expenditures" is the phrase "defence spending" in other words.
    assert found(SearchFilters(q='"defence spending"')) == [expenditures.pk]
    assert found(SearchFilters(q='"spending defence"')) == []
    assert found(SearchFilters(q="defence -spending")) == [budget.pk]
    assert set(found(SearchFilters(q="spending or budget"))) == {expenditures.pk, budget.pk}


def test_a_synonym_ranks_as_the_word_itself(postgresql, spending):
    expenditures, _ = spending
    ranked = search_claims(SearchFilters(q="defence spending"), [])
    assert [c.pk for c in ranked] == [expenditures.pk]
    assert ranked[0].rank > 0


@pytest.mark.parametrize("words", ["drones", "defence spending"])
@pytest.mark.parametrize(
    ("model", "document", "index"),
    [
        (Claim, claim_document, "claim_search_idx"),
        (Article, article_document, "article_search_idx"),
    ],
)
def test_the_search_uses_the_gin_index_of_migration_0005(postgresql, model, document, index, words):
    """With sequential scans off, the stored vector is matched through its GIN index, also
    when synonyms rewrite the query (``ts_rewrite`` of constants is folded before planning)."""
    # Unordered: on an empty table the planner may prefer walking the ordering index instead,
    # which says nothing about whether the match can use the GIN index.
    matches = model.objects.filter(Matches(document(), text_query(words))).order_by()
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
