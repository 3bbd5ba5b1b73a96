"""The snapshot-keyed response cache never serves a page older than the database, nor one
reader's page to another (PostgreSQL, where it runs).

These tests commit (the cache keys on the committed snapshot), so they live apart from the
API tests that share one record per module inside a transaction.
"""

from __future__ import annotations

import pytest
from django.db import connection
from rest_framework.test import APIClient

from articles.api.conditional import response_cache

from ..api_roles import Record, build_record, client_for
from .test_api_conditional import claim_url

pytestmark = [pytest.mark.usefixtures("fresh_api_state")]


@pytest.fixture
def committed_record(transactional_db, seeded) -> Record:
    """The API's record, committed: the cache keys on PostgreSQL's committed snapshot."""
    if connection.vendor != "postgresql":
        pytest.skip("the response cache keys on PostgreSQL's snapshot; SQLite skips it")
    return build_record()


def test_the_response_cache_serves_a_page_again_only_while_the_database_is_unchanged(
    committed_record,
):
    record = committed_record
    client, editor = APIClient(), client_for("editor")
    url = claim_url(record.public_claim)
    first = client.get(url)
    assert response_cache.get_stats()["entries"] >= 1
    # Any write anywhere in the cluster (another test run, autovacuum) moves the snapshot
    # and makes a miss: a few tries, so such a neighbour cannot fail the test.
    for _ in range(5):
        again = client.get(url)
        assert again.content == first.content and again["ETag"] == first["ETag"]
        if response_cache.get_stats()["hits"]:
            break
    assert response_cache.get_stats()["hits"] >= 1
    # A note-only edit: the claim stays verified, so the public still reads it, at its new
    # version (the desk's note itself is not public).
    editor.patch(url, {"note": "Checked twice.", "version": record.public_claim.version},
                 format="json")  # fmt: skip
    after = client.get(url)
    assert after.json()["version"] == record.public_claim.version + 1
    assert after["ETag"] != first["ETag"]


def test_the_response_cache_keeps_what_anonymous_and_staff_see_apart(committed_record):
    record = committed_record
    staff = client_for("reviewer").get("/api/v1/claims/?page_size=500").json()["results"]
    anonymous = APIClient().get("/api/v1/claims/?page_size=500").json()["results"]
    assert record.draft_claim.pk in {c["id"] for c in staff}
    assert record.draft_claim.pk not in {c["id"] for c in anonymous}
