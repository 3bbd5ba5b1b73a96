"""Filters that never lie: an unknown parameter is a 400 naming the known ones, and ``year``
selects the claims and figures whose period covers it."""

from __future__ import annotations

from decimal import Decimal

import pytest

from articles.models import Entity, Figure
from articles.services.figures_reconcile import figures_reconcile

from ..api_roles import client_for
from ..factories import ClaimFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_api_state")]
LISTS = (
    "/api/v1/claims/",
    "/api/v1/figures/",
    "/api/v1/flags/",
    "/api/v1/articles/",
    "/api/v1/sources/",
    "/api/v1/entities/",
    "/api/v1/metrics/",
    "/api/v1/publications/",
)


@pytest.mark.parametrize("url", LISTS)
def test_a_misspelt_filter_is_refused_and_the_known_ones_are_named(url):
    response = client_for("anonymous").get(url, {"subjet": "azerbaijan", "updated_since": ""})
    assert response.status_code == 400
    fields = response.json()["error"]["fields"]
    assert list(fields) == ["subjet"]
    message = fields["subjet"][0]
    assert message.startswith("Unknown parameter. This list takes: ")
    assert "updated_since" in message and "page_size" in message and "cursor" in message


def test_the_imports_list_is_strict_too():
    response = client_for("editor").get("/api/v1/imports/", {"state": "finished"})
    assert response.status_code == 400
    assert "status" in response.json()["error"]["fields"]["state"][0]


def test_pagination_and_format_are_not_filters_and_pass():
    response = client_for("anonymous").get("/api/v1/claims/", {"page_size": 5, "format": "json"})
    assert response.status_code == 200


def claim(start: int, end: int, kind: str = "annual", status: str = "verified"):
    return ClaimFactory(
        period_start=start, period_end=end, kind=kind, status=status,
        value=Decimal("3.7E9") * (end - start + 1),
    )  # fmt: skip


def test_year_selects_the_claims_and_figures_whose_period_covers_it():
    in_2024 = claim(2024, 2024)
    in_2013 = claim(2013, 2013)
    decade = claim(2016, 2025, kind="total")
    figures_reconcile()
    anonymous = client_for("anonymous")

    response = anonymous.get("/api/v1/claims/", {"year": 2024})
    assert response.status_code == 200
    assert {row["id"] for row in response.json()["results"]} == {in_2024.pk, decade.pk}
    response = anonymous.get("/api/v1/claims/", {"year": 2013})
    assert {row["id"] for row in response.json()["results"]} == {in_2013.pk}

    staff = client_for("reviewer")
    response = staff.get("/api/v1/figures/", {"year": 2020})
    assert response.status_code == 200
    decade_figure = Figure.objects.get(claims=decade)
    assert {row["id"] for row in response.json()["results"]} == {decade_figure.pk}


@pytest.mark.parametrize("year", ["2024.5", "0", "twenty", "10000"])
def test_a_year_that_is_not_one_is_refused(year):
    response = client_for("anonymous").get("/api/v1/claims/", {"year": year})
    assert response.status_code == 400
    assert "year" in response.json()["error"]["fields"]


def test_an_ordering_the_list_does_not_offer_is_refused_with_the_ones_it_does():
    response = client_for("anonymous").get("/api/v1/claims/", {"ordering": "-value"})
    assert response.status_code == 400
    message = response.json()["error"]["fields"]["ordering"][0]
    assert message.startswith("Unknown ordering. This list orders by: id, -id, updated_at")


def test_an_offered_ordering_orders(db):
    first, second = claim(2013, 2013), claim(2024, 2024)
    anonymous = client_for("anonymous")
    for ordering, expected in (("-id", [second.pk, first.pk]), ("id", [first.pk, second.pk])):
        response = anonymous.get("/api/v1/claims/", {"ordering": ordering})
        assert [row["id"] for row in response.json()["results"]] == expected


def test_the_schema_lists_the_orderings_and_the_year():
    schema = client_for("anonymous").get("/api/schema/", {"format": "json"}).json()
    parameters = {p["name"]: p for p in schema["paths"]["/api/v1/claims/"]["get"]["parameters"]}
    assert "-updated_at" in parameters["ordering"]["schema"]["enum"]
    assert "-value" not in parameters["ordering"]["schema"]["enum"]
    assert parameters["year"]["schema"]["type"] == "integer"


@pytest.mark.parametrize("named", ["azerbaijan", "Azerbaijan", "AZERBAIJAN", "id"])
def test_a_subject_is_named_by_slug_name_or_id(named):
    azerbaijan = Entity.objects.get(slug="azerbaijan")
    ours = claim(2024, 2024)
    other = ClaimFactory(subject=Entity.objects.get(slug="armenia"), status="verified")
    value = str(azerbaijan.pk) if named == "id" else named
    response = client_for("anonymous").get("/api/v1/claims/", {"subject": value})
    assert response.status_code == 200
    ids = {row["id"] for row in response.json()["results"]}
    assert ours.pk in ids and other.pk not in ids


def test_a_subject_is_named_by_an_alias():
    azerbaijan = Entity.objects.get(slug="azerbaijan")
    azerbaijan.aliases = [*azerbaijan.aliases, "Republic of Azerbaijan"]
    azerbaijan.save()
    ours = claim(2024, 2024)
    response = client_for("anonymous").get("/api/v1/claims/", {"subject": "republic of azerbaijan"})
    assert [row["id"] for row in response.json()["results"]] == [ours.pk]
    # Part of an alias names nothing.
    response = client_for("anonymous").get("/api/v1/claims/", {"subject": "Republic of"})
    assert response.status_code == 400


@pytest.mark.parametrize(
    ("url", "param"),
    [
        ("/api/v1/claims/", "subject"),
        ("/api/v1/claims/", "counterparty"),
        ("/api/v1/claims/", "metric"),
        ("/api/v1/figures/", "subject"),
        ("/api/v1/flags/", "metric"),
        ("/api/v1/publications/", "country"),
    ],
)
def test_an_unknown_entity_or_metric_is_a_400_naming_it(url, param):
    response = client_for("anonymous").get(url, {param: "narnia"})
    assert response.status_code == 400
    message = response.json()["error"]["fields"][param][0]
    assert message.startswith("No ") and "“narnia”" in message
