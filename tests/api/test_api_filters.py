"""Filters, ordering and cursor pagination: what scripts use to pull exactly what they need."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from articles.models import Claim, ClaimOrigin, ClaimStatus

from ..api_roles import (
    client_for,
)
from ..factories import ArticleFactory, ClaimFactory, PublicationFactory, entity_named, metric_slug

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_api_state")]


def ids(client: APIClient, url: str) -> set[int]:
    response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    return {row["id"] for row in response.json()["results"]}


@pytest.fixture
def staff():
    return client_for("reviewer")


def test_claims_by_subject_and_metric_slug(record, staff):
    assert ids(staff, "/api/v1/claims/?subject=armenia") == {
        record.draft_claim.pk,
        record.review_claim.pk,
    }
    by_metric = ids(staff, "/api/v1/claims/?subject=azerbaijan&metric=military-expenditure")
    assert by_metric == {record.public_claim.pk, record.conflicting_claim.pk}


def test_claims_by_one_or_several_statuses(record, staff):
    assert ids(staff, "/api/v1/claims/?status=draft") == {record.draft_claim.pk}
    several = ids(staff, "/api/v1/claims/?status=draft&status=needs_review")
    assert several == {record.draft_claim.pk, record.review_claim.pk}
    assert staff.get("/api/v1/claims/?status=published").status_code == 400


def test_claims_whose_period_overlaps_a_year_range(record, staff):
    assert ids(staff, "/api/v1/claims/?year_to=2020") == {record.draft_claim.pk}
    in_2024 = ids(staff, "/api/v1/claims/?year_from=2024&year_to=2024")
    assert record.draft_claim.pk not in in_2024 and record.public_claim.pk in in_2024


def test_claims_by_article_publication_and_origin(record, staff):
    in_article = ids(staff, f"/api/v1/claims/?article={record.article.pk}")
    assert in_article == {record.public_claim.pk, record.draft_claim.pk, record.review_claim.pk}
    assert record.conflicting_claim.pk in ids(staff, "/api/v1/claims/?publication=cawat")
    extracted = ClaimFactory(origin=ClaimOrigin.EXTRACTED, confidence=0.9)
    assert ids(staff, "/api/v1/claims/?origin=extracted") == {extracted.pk}


def test_claims_in_a_value_range(record, staff):
    between = ids(staff, "/api/v1/claims/?value_min=2000000000&value_max=3000000000")
    assert between == {record.conflicting_claim.pk}


def test_claims_under_an_open_flag_for_staff_and_none_for_anonymous(record, staff):
    flagged = ids(staff, "/api/v1/claims/?has_open_flag=true")
    assert {record.public_claim.pk, record.conflicting_claim.pk} <= flagged
    assert record.draft_claim.pk not in flagged
    assert record.draft_claim.pk in ids(staff, "/api/v1/claims/?has_open_flag=false")
    # Open flags are not public, so anonymous readers cannot find claims by them either.
    assert ids(APIClient(), "/api/v1/claims/?has_open_flag=true") == set()


def test_claims_by_text(record, staff):
    assert ids(staff, "/api/v1/claims/?q=SIPRI") == {record.public_claim.pk}
    assert ids(staff, "/api/v1/claims/?q=Armenia") >= {record.draft_claim.pk}


def test_updated_since_returns_only_what_changed_at_or_after_the_instant(record, staff):
    since = timezone.now() + datetime.timedelta(seconds=1)
    Claim.objects.filter(pk=record.review_claim.pk).update(
        updated_at=since + datetime.timedelta(seconds=1)
    )
    stamp = since.isoformat().replace("+00:00", "Z")
    assert ids(staff, f"/api/v1/claims/?updated_since={stamp}") == {record.review_claim.pk}
    assert staff.get("/api/v1/claims/?updated_since=yesterday").status_code == 400


def test_figures_by_key_status_flag_and_the_articles_of_their_claims(record, staff):
    assert ids(staff, "/api/v1/figures/?status=reconciled") == {record.reconciled_figure.pk}
    assert ids(staff, "/api/v1/figures/?metric=arms-imports") == {record.reconciled_figure.pk}
    assert ids(staff, "/api/v1/figures/?has_open_flag=true") == {record.open_figure.pk}
    assert record.open_figure.pk in ids(staff, f"/api/v1/figures/?article={record.article.pk}")
    assert ids(staff, "/api/v1/figures/?year_from=2025") == set()
    assert ids(staff, "/api/v1/figures/?subject=armenia&year_to=2020") == {
        record.draft_claim.figure_id
    }
    reconciled_value = "/api/v1/figures/?value_min=3700000000&value_max=3700000000"
    assert ids(staff, reconciled_value) == {record.reconciled_figure.pk}


def test_figures_by_a_publication_count_only_claims_the_reader_may_see(record):
    # Armenia's figures rest on unpublished claims only: the public finds only the figure
    # its public claim is under (public while under review).
    found = ids(APIClient(), f"/api/v1/figures/?article={record.article.pk}")
    assert found == {record.open_figure.pk}
    assert record.review_claim.figure_id not in found


def test_flags_by_kind_state_and_figure(record, staff):
    assert ids(staff, "/api/v1/flags/?state=resolved") == {record.resolved_flag.pk}
    assert record.open_flag.pk in ids(staff, "/api/v1/flags/?is_open=true")
    assert ids(staff, f"/api/v1/flags/?figure={record.open_figure.pk}") == {record.open_flag.pk}
    assert record.open_flag.pk in ids(staff, "/api/v1/flags/?kind=value_mismatch")


def test_articles_by_publication_and_text(record, staff):
    assert ids(staff, "/api/v1/articles/?publication=eurasianet") == {record.article.pk}
    assert ids(staff, "/api/v1/articles/?q=outspends") == {record.article.pk}


def test_reference_lists_filter_by_kind_and_name(record):
    client = APIClient()
    entities = client.get("/api/v1/entities/?kind=country&q=azer").json()["results"]
    assert [e["slug"] for e in entities] == ["azerbaijan"]
    metrics = client.get("/api/v1/metrics/?q=arms imports").json()["results"]
    assert [m["slug"] for m in metrics] == ["arms-imports"]
    assert ids(client, f"/api/v1/sources/?claim={record.public_claim.pk}") == {record.source.pk}


def test_ordering_by_last_change_newest_first(record, staff):
    Claim.objects.filter(pk=record.draft_claim.pk).update(
        updated_at=timezone.now() + datetime.timedelta(days=1)
    )
    rows = staff.get("/api/v1/claims/?ordering=-updated_at").json()["results"]
    assert rows[0]["id"] == record.draft_claim.pk


def test_walking_cursor_pages_sees_every_row_once_even_while_rows_are_added(db):
    article = ArticleFactory(publication=PublicationFactory(name="Walker"))
    made = [
        ClaimFactory(article=ArticleFactory(), status=ClaimStatus.VERIFIED).pk for _ in range(7)
    ]
    client = APIClient()
    seen: list[int] = []
    url = "/api/v1/claims/?page_size=3"
    while url:
        page = client.get(url).json()
        seen += [row["id"] for row in page["results"]]
        # An editor adds a claim while the script walks: it lands after the cursor.
        ClaimFactory(article=article, status=ClaimStatus.VERIFIED, subject=entity_named("Armenia"),
                     metric=metric_slug("arms-imports"), value=Decimal(1))  # fmt: skip
        url = page["next"]
    assert len(seen) == len(set(seen))
    assert set(made) <= set(seen)


@pytest.mark.parametrize(
    ("instant", "status"),
    [
        ("0126-11-04T16:15:08.81-17:06", 200),
        ("2026-01-01T00:00:00+23:59", 200),
        ("0001-01-01T00:00:00+01:00", 400),
    ],
)
def test_updated_since_takes_any_offset_iso_8601_allows(instant, status, staff):
    # PostgreSQL refuses offsets beyond 15:59: the filter compares in UTC instead, and an
    # instant before year 1 in UTC is a clear 400, not a server error.
    response = staff.get("/api/v1/claims/", {"updated_since": instant})
    assert response.status_code == status
    if status == 400:
        assert "updated_since" in response.json()["error"]["fields"]
