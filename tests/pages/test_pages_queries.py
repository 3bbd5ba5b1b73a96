"""Each public page costs the same number of queries however many rows it shows.

Every page is rendered at two sizes with the count pinned: a query per row would show up as
a different count at the larger size.
"""

from __future__ import annotations

import itertools
from decimal import Decimal

import pytest
from django.db import connection
from django.urls import reverse

from articles.models import Claim, ClaimSource, ConflictFlag, Figure
from articles.services.claim_withdraw import claim_withdraw
from articles.services.figure_settle import figure_settle
from articles.services.figures_reconcile import figures_reconcile
from articles.services.flag_resolve import flag_acknowledge

from ..factories import ArticleFactory, ClaimFactory, SourceFactory, entity_named, metric_slug

pytestmark = pytest.mark.django_db
SERIAL = itertools.count()


def article_with_claims(count: int, *, year: int = 2024, word: str = "cost"):
    sentences = (f"Item {n} {word} ${n}.5 million in {year}." for n in range(1, count + 1))
    article = ArticleFactory(body="\n\n".join(sentences) + f"\n\nReport {next(SERIAL)}.")
    claims = [
        ClaimFactory(
            article=article,
            phrase=f"${n}.5 million",
            value=Decimal(f"{n}500000"),
            status="verified",
            period_start=year,
            period_end=year,
        )
        for n in range(1, count + 1)
    ]
    return article, claims


def settled_figure(size: int, reviewer) -> tuple[Claim, Figure]:
    """A 2024 figure of ``size`` claims (one per article), plus one claim a year since 2000,
    with ``size`` sources on the first claim and the figure settled on it."""
    claims = [article_with_claims(1)[1][0] for _ in range(size)]
    for year in range(2000, 2000 + size):
        article_with_claims(1, year=year)
    for _ in range(size):
        ClaimSource.objects.create(claim=claims[0], source=SourceFactory(), stance="supports")
    figures_reconcile()
    claims[0].refresh_from_db()
    figure = figure_settle(
        actor=reviewer, figure=claims[0].figure, preferred_claim=claims[0], rationale="Best."
    )
    for other in Figure.objects.exclude(pk=figure.pk):
        figure_settle(
            actor=reviewer,
            figure=other,
            value=Decimal(1),
            rationale="Typed.",
            source=SourceFactory(),
        )
    return claims[0], figure


def acknowledge_every_flag(reviewer) -> None:
    flags = ConflictFlag.objects.filter(state="open")
    assert flags.exists()
    for flag in flags:
        flag_acknowledge(actor=reviewer, flag=flag)


def count_queries(client, url: str, django_assert_num_queries, expected: int) -> str:
    with django_assert_num_queries(expected):
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("size", [5, 50])
def test_article_page_queries_do_not_grow_with_its_claims(client, django_assert_num_queries, size):
    article, _ = article_with_claims(size)
    # the article with its outlet; its public claims with subject and metric
    count_queries(client, article.get_absolute_url(), django_assert_num_queries, 2)


@pytest.mark.parametrize("size", [3, 30])
def test_claim_page_queries_do_not_grow_with_competing_claims_or_sources(
    client, django_assert_num_queries, reviewer, size
):
    claim, _ = settled_figure(size, reviewer)
    # the claim with its joins; sources; flags; the figure's claims; the history with roles;
    # the article's own conversions around it
    count_queries(client, claim.get_absolute_url(), django_assert_num_queries, 6)


@pytest.mark.parametrize("size", [3, 30])
def test_figure_page_queries_do_not_grow_with_its_claims_or_series(
    client, django_assert_num_queries, reviewer, size
):
    _, figure = settled_figure(size, reviewer)
    acknowledge_every_flag(reviewer)
    # the figure; its claims; their sources; its flags; the series' figures; the series' claims
    page = count_queries(client, figure.get_absolute_url(), django_assert_num_queries, 6)
    assert "Same value for different periods" in page


@pytest.mark.parametrize("size", [3, 30])
def test_series_page_and_csv_queries_do_not_grow(client, django_assert_num_queries, reviewer, size):
    settled_figure(size, reviewer)
    args = ["azerbaijan", "military-expenditure"]
    # the entity; the metric; the series' figures; the series' claims
    count_queries(client, reverse("series-detail", args=args), django_assert_num_queries, 4)
    count_queries(client, reverse("series-csv", args=args), django_assert_num_queries, 4)


@pytest.mark.parametrize("size", [10, 100])
def test_search_queries_do_not_grow_with_results(client, django_assert_num_queries, size):
    article_with_claims(size, word="Azerbaijan bought tanks for")
    # filter options (subjects, metrics); entities named; claims: count and page; articles:
    # count; on PostgreSQL the words read in each language's configuration
    for kind, found in (("claims", f"{size} claims found"), ("articles", "1 article found")):
        page = count_queries(
            client,
            reverse("search") + f"?q=tanks+Azerbaijan&kind={kind}",
            django_assert_num_queries,
            6 + (connection.vendor == "postgresql"),
        )
        assert found in page


@pytest.mark.parametrize("size", [5, 50])
def test_entity_page_queries_do_not_grow_with_its_claims(
    client, django_assert_num_queries, reviewer, size
):
    settled_figure(size, reviewer)
    # the entity; metric summaries; claims: count and page
    count_queries(
        client, entity_named("Azerbaijan").get_absolute_url(), django_assert_num_queries, 4
    )


@pytest.mark.parametrize("size", [5, 50])
def test_home_page_queries_do_not_grow(client, django_assert_num_queries, reviewer, size):
    claim, _ = settled_figure(size, reviewer)
    acknowledge_every_flag(reviewer)
    for other in Claim.objects.exclude(pk=claim.pk).order_by("id")[: size // 5]:
        claim_withdraw(actor=reviewer, claim=other, reason="misread", note="Wrong year.")
    # recently verified; open disputes and their claims; corrections; settled disagreements;
    # subjects
    page = count_queries(client, reverse("home"), django_assert_num_queries, 6)
    assert page.count("Withdrawn: ") == min(size // 5, 5)  # the latest five
    assert "Same value for different periods" in page


def test_the_pages_above_show_the_rows_they_count(client, reviewer):
    """The fixtures really put rows on the pages (a query count of an empty page pins nothing)."""
    claim, figure = settled_figure(3, reviewer)
    page = client.get(claim.get_absolute_url()).content.decode()
    assert page.count("Supports</span>") == 3
    assert page.count('<tr><td><a href="/claims/') == 2
    page = client.get(figure.get_absolute_url()).content.decode()
    assert page.count('class="claim-link"') == 6
    assert metric_slug("military-expenditure").name in page
