"""Query counts of every list and detail, pinned: a page of 100 costs what a page of 10 does.

The selectors join and prefetch what each row shows; these numbers change only when a
list gains or loses a prefetch, and then on purpose. Counted for an anonymous reader and
for an editor's token (who pays one more for the token, and two for the user's and the
group's permissions where the list depends on what the reader may see).
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from articles.models import (
    ClaimSource,
    ClaimStatus,
    ConflictFlag,
    Entity,
    Figure,
    FigureStatus,
    FlagState,
    ImportIssue,
    ImportRun,
    Metric,
    Source,
)
from articles.services.figures_reconcile import figures_reconcile
from articles.services.flag_publish import flags_publish

from ..api_roles import client_for
from ..factories import ArticleFactory, ClaimFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_api_state")]

ROWS = 110
BN = Decimal(10) ** 9

# Anonymous readers: the page and each prefetch. Editors: plus token and permissions.
# Claims and figures are written from rows (articles/api/rows.py): the page, then one query
# per kind of row it points at (articles, entities, metrics, sources; claims, flags).
LISTS = {
    "articles": 1,
    "claims": 5,
    "figures": 5,
    "figures?expand=claims": 7,
    "flags": 2,
    "sources": 1,
    "entities": 1,
    "metrics": 1,
    "publications": 1,
}
DETAILS = {
    "articles": 2,
    "claims": 3,
    "figures": 4,
    "flags": 2,
    "sources": 1,
    "entities": 1,
    "metrics": 1,
    "publications": 1,
}
# On PostgreSQL the page query writes the claims' and figures' JSON with everything they
# show (articles/api/rows_sql.py): each page is that one query.
WRITTEN_IN_SQL = {"claims": 1, "figures": 1, "figures?expand=claims": 1}
TOKEN = 1
PERMISSIONS = 2
# Lists whose rows depend on what the reader may see ask for the reader's permissions
# (sources too: a draft's evidence is the desk's until the draft is public).
VISIBILITY_AWARE = {"articles", "claims", "figures", "flags", "sources"}


def build_many() -> None:
    """More than 100 visible rows of every kind, each with the nested rows lists show."""
    for year in range(1900, 1900 + ROWS):
        article = ArticleFactory()
        kept = ClaimFactory(article=article, period_start=year, period_end=year,
                            status=ClaimStatus.VERIFIED)  # fmt: skip
        ClaimFactory(article=article, phrase="$2.2 billion", value=Decimal("2.2") * BN,
                     period_start=year, period_end=year, status=ClaimStatus.DISPUTED)  # fmt: skip
        source = Source.objects.create(title=f"SIPRI release {year}")
        ClaimSource.objects.create(claim=kept, source=source, stance="supports")
    figures_reconcile()
    Figure.objects.update(status=FigureStatus.RECONCILED, value=Decimal("3.7") * BN)
    ConflictFlag.objects.update(state=FlagState.RESOLVED)
    flags_publish(flag_ids=ConflictFlag.objects.values_list("pk", flat=True))
    Entity.objects.bulk_create(
        Entity(name=f"Entity {n}", slug=f"entity-{n}", kind="organisation") for n in range(ROWS)
    )
    Metric.objects.bulk_create(
        Metric(name=f"Metric {n}", slug=f"metric-{n}", unit_kind="count") for n in range(ROWS)
    )
    runs = ImportRun.objects.bulk_create(ImportRun(origin="api") for _ in range(ROWS))
    ImportIssue.objects.bulk_create(
        ImportIssue(run=run, item="bad.bin", message="binary") for run in runs
    )


@pytest.fixture(scope="module")
def module_many(module_transaction, django_db_blocker) -> None:
    with django_db_blocker.unblock():
        build_many()


@pytest.fixture
def many(db, module_many) -> None:
    """The rows of `build_many`, built once for the module (see ``module_transaction``)."""


def count(client: APIClient, url: str) -> tuple[int, dict]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    return len(queries), response.json()


@pytest.mark.parametrize("resource", sorted(LISTS))
@pytest.mark.parametrize("role", ["anonymous", "editor"])
def test_a_list_page_of_100_costs_the_same_queries_as_a_page_of_10(resource, role, many):
    client = client_for(role)
    extra = 0
    if role == "editor":
        extra = TOKEN + (PERMISSIONS if resource.partition("?")[0] in VISIBILITY_AWARE else 0)
    path, _, query = resource.partition("?")
    small, small_page = count(client, f"/api/v1/{path}/?page_size=10&{query}")
    large, large_page = count(client, f"/api/v1/{path}/?page_size=100&{query}")
    assert (len(small_page["results"]), len(large_page["results"])) == (10, 100)
    expected = LISTS[resource]
    if connection.vendor == "postgresql":
        expected = WRITTEN_IN_SQL.get(resource, expected)
    assert small == large == expected + extra


@pytest.mark.parametrize("resource", sorted(DETAILS))
def test_a_detail_costs_a_fixed_number_of_queries(resource, many):
    client = APIClient()
    first = client.get(f"/api/v1/{resource}/?page_size=1").json()["results"][0]
    queries, _ = count(client, f"/api/v1/{resource}/{first['id']}/")
    assert queries == DETAILS[resource]


def test_import_runs_cost_the_same_queries_at_10_and_100(many):
    client = client_for("editor")
    small, small_page = count(client, "/api/v1/imports/?page_size=10")
    large, large_page = count(client, "/api/v1/imports/?page_size=100")
    assert (len(small_page["results"]), len(large_page["results"])) == (10, 100)
    # The runs and their issues; the import permission check costs the two permission queries.
    assert small == large == 2 + TOKEN + PERMISSIONS
    detail, _ = count(client, f"/api/v1/imports/{small_page['results'][0]['id']}/")
    assert detail == 2 + TOKEN + PERMISSIONS


def test_a_figure_with_many_claims_costs_what_one_with_two_does(many):
    figure = Figure.objects.order_by("id").first()
    before, _ = count(APIClient(), f"/api/v1/figures/{figure.pk}/")
    for _ in range(30):
        ClaimFactory(subject=figure.subject, metric=figure.metric, period_start=figure.period_start,
                     period_end=figure.period_end, status=ClaimStatus.VERIFIED)  # fmt: skip
    figures_reconcile()
    after, body = count(APIClient(), f"/api/v1/figures/{figure.pk}/")
    assert len(body["claims"]) > 30
    assert after == before
