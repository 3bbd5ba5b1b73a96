"""Keyset cursors: every row once, in order, at any depth, whatever the ordering's ties."""

from __future__ import annotations

import copy
import datetime
import re
from base64 import b64encode
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.utils import timezone
from rest_framework.test import APIClient

from articles.models import Claim, ClaimStatus, Figure

from ..api_roles import client_for
from ..factories import ArticleFactory, ClaimFactory
from .test_api_errors import error_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_api_state")]

# More rows with one timestamp than DRF's cursor could step over (its offset stops at 1,000).
SHARING = 1_050


@pytest.fixture
def claims_sharing_a_timestamp() -> list[int]:
    """``SHARING`` public claims whose created_at and updated_at are one instant (a bulk
    update, a reconcile, sets them so)."""
    model = ClaimFactory.build(article=ArticleFactory(), status=ClaimStatus.VERIFIED)
    made = []
    for _ in range(SHARING):
        claim = copy.copy(model)
        claim.pk = None
        made.append(claim)
    Claim.objects.bulk_create(made)
    instant = timezone.now().replace(microsecond=123456)
    Claim.objects.update(updated_at=instant, created_at=instant)
    return sorted(Claim.objects.values_list("pk", flat=True))


def flat(pages: list[list[int]]) -> list[int]:
    return [pk for page in pages for pk in page]


def walk(client: APIClient, url: str, link: str = "next") -> list[list[int]]:
    """Each page's ids, following ``link`` from ``url`` to the end."""
    pages = []
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.content[:300]
        body = response.json()
        pages.append([row["id"] for row in body["results"]])
        url = body[link]
    return pages


@pytest.mark.parametrize("ordering", ["updated_at", "-updated_at", "created_at", "-created_at"])
def test_rows_that_share_the_ordering_value_are_each_walked_once_in_order(
    claims_sharing_a_timestamp, ordering
):
    client = APIClient()
    expected = claims_sharing_a_timestamp[:: -1 if ordering.startswith("-") else 1]
    forwards = walk(client, f"/api/v1/claims/?page_size=500&ordering={ordering}")
    assert [len(page) for page in forwards] == [500, 500, 50]
    assert flat(forwards) == expected
    # And back again from the last page, by the previous links.
    last = client.get(f"/api/v1/claims/?page_size=500&ordering={ordering}").json()["next"]
    last = client.get(last).json()["next"]
    backwards = walk(client, last, link="previous")
    assert backwards == forwards[::-1]


def test_walking_by_id_sees_every_row_once(claims_sharing_a_timestamp):
    pages = walk(APIClient(), "/api/v1/claims/?page_size=400")
    assert flat(pages) == claims_sharing_a_timestamp


def test_a_page_emptied_under_its_cursor_links_to_the_rows_beside_its_key(
    claims_sharing_a_timestamp,
):
    client = APIClient()
    first = client.get("/api/v1/claims/?page_size=500&ordering=-updated_at").json()
    second = client.get(first["next"]).json()
    # Everything after the first page goes: the second page, asked again, is empty, and its
    # previous link is the last page there now, the first.
    Claim.objects.exclude(pk__in=[row["id"] for row in first["results"]]).delete()
    emptied = client.get(first["next"]).json()
    assert emptied["results"] == [] and emptied["next"] is None
    last = client.get(emptied["previous"]).json()
    assert last["results"] == first["results"] and last["next"] is None
    assert last["previous"] is None  # the first page is all there is now
    # Going back from the second page when nothing is before it any more: the next link
    # starts again at the first page.
    Claim.objects.filter(pk__in=[row["id"] for row in first["results"]]).delete()
    assert second["results"]
    before = client.get(second["previous"]).json()
    assert before["results"] == [] and before["previous"] is None
    assert "cursor=" not in before["next"]


def cursor(**tokens: object) -> str:
    return b64encode(urlencode(tokens, doseq=True).encode()).decode()


@pytest.mark.parametrize(
    ("ordering", "tokens"),
    [
        ("id", {"o": 5, "p": 3}),  # an offset: DRF's cursor, never issued here
        ("id", {"p": [3, 4]}),  # a key of two values for an ordering of one field
        ("-updated_at", {"p": 3}),  # one value for an ordering of the field and id
        ("-updated_at", {"p": ["2026-01-01T00:00:00", 3]}),  # an instant without its offset
        ("-updated_at", {"p": ["yesterday", 3]}),
        ("id", {"p": 3, "r": 2}),
        ("id", {}),  # a forward cursor without a key is the first page, which has none
        ("id", {"p": 2**64}),
    ],
)
def test_a_cursor_this_list_could_not_have_issued_is_a_404(ordering, tokens):
    url = f"/api/v1/claims/?ordering={ordering}&cursor={cursor(**tokens)}"
    assert error_of(APIClient().get(url), 404)


def test_a_cursor_of_another_ordering_is_a_404(claims_sharing_a_timestamp):
    client = APIClient()
    by_change = client.get("/api/v1/claims/?page_size=2&ordering=-updated_at").json()["next"]
    assert error_of(client.get(by_change.replace("ordering=-updated_at", "ordering=id")), 404)


def test_ordering_by_more_than_one_field_is_a_400():
    error = error_of(APIClient().get("/api/v1/claims/?ordering=-updated_at,id"), 400)
    assert "one field" in error["fields"]["ordering"][0]


def test_every_ordering_a_list_offers_is_a_column_without_nulls_and_with_its_index():
    from django.contrib.auth.models import AnonymousUser
    from rest_framework.request import Request
    from rest_framework.test import APIRequestFactory

    from articles.api.urls import router

    for _, viewset, _ in router.registry:
        ordering_fields = getattr(viewset, "ordering_fields", None)
        if not ordering_fields:
            continue
        view = viewset(action="list", format_kwarg=None, kwargs={})
        view.request = Request(APIRequestFactory().get("/"))
        view.request.user = AnonymousUser()
        model = view.get_queryset().model
        indexed = {tuple(index.fields) for index in model._meta.indexes}
        for name in ordering_fields:
            assert not model._meta.get_field(name).null, f"{model.__name__}.{name} may be NULL"
            if name != "id":
                assert (name, "id") in indexed, f"{model.__name__} has no ({name}, id) index"


def page_query(client: APIClient, url: str, table: str) -> tuple[str, list]:
    """The SQL and parameters of the page query ``url`` ran on ``table``."""
    executed: list[tuple[str, list]] = []

    def record_sql(execute, sql, params, many, context):
        executed.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record_sql):
        response = client.get(url)
    assert response.status_code == 200 and response.json()["results"]
    return next((sql, params) for sql, params in executed if f'FROM "{table}"' in sql)


on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="reads PostgreSQL's query plans"
)


@on_postgresql
@pytest.mark.parametrize(
    ("path", "model", "index"),
    [
        ("/api/v1/claims/?page_size=2&ordering=-updated_at", Claim, "claim_updated_at_id_idx"),
        ("/api/v1/claims/?page_size=2&ordering=created_at", Claim, "claim_created_at_id_idx"),
        (
            "/api/v1/figures/?page_size=2&ordering=period_start",
            Figure,
            "figure_period_start_id_idx",
        ),
    ],
)
def test_a_page_past_a_key_is_an_index_range_not_a_sort(record, path, model, index):
    client = client_for("reviewer")
    following = client.get(path).json()["next"]
    assert following
    sql, params = page_query(client, following, model._meta.db_table)
    with connection.cursor() as cursor:
        # Sorting is priced out of reach: the plan sorts only if no index gives the order.
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Sort" not in plan, plan
    # The key is the index's condition: the scan starts at it.
    assert f"Index Scan Backward using {index}" in plan or f"Index Scan using {index}" in plan
    assert "Index Cond: (ROW(" in plan, plan


def test_a_timestamp_key_keeps_its_microseconds(record):
    client = client_for("reviewer")
    instant = datetime.datetime(2126, 3, 1, 12, 0, 0, 654321, tzinfo=datetime.UTC)
    later = (record.public_claim.pk, record.conflicting_claim.pk, record.review_claim.pk)
    for step, pk in enumerate(later):
        moved = instant + datetime.timedelta(microseconds=step)
        Claim.objects.filter(pk=pk).update(updated_at=moved)
    since = urlencode({"updated_since": instant.isoformat()})
    pages = walk(client, f"/api/v1/claims/?page_size=1&ordering=updated_at&{since}")
    assert flat(pages) == list(later)
    pages = walk(client, f"/api/v1/claims/?page_size=1&ordering=-updated_at&{since}")
    assert flat(pages) == list(later)[::-1]


@on_postgresql
@pytest.mark.parametrize("ordering", ["-updated_at", "updated_at"])
def test_the_rows_past_a_key_every_row_shares_are_not_estimated_as_none(
    claims_sharing_a_timestamp, ordering
):
    # PostgreSQL estimates a row comparison by its first pair: "updated_at < v" when every
    # row has v looks like no row at all, and at 100,000 claims the plan then joined and
    # sorted the whole list (half a second a page). The rows past the key are estimated as
    # about what they are.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE articles_claim")
    client = APIClient()
    following = client.get(f"/api/v1/claims/?page_size=100&ordering={ordering}").json()["next"]
    sql, params = page_query(client, following, "articles_claim")
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    scan = next(line for line in plan.splitlines() if "claim_updated_at_id_idx" in line)
    estimated = int(re.search(r"rows=(\d+)", scan).group(1))
    assert estimated > SHARING // 2, plan
    assert "Sort" not in plan, plan
