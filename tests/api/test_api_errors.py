"""Every API error is JSON of one shape, with a clear message and the fields at fault.

Never an HTML page or a stack trace: not for an unknown URL under /api/, a wrong method,
invalid input, a workflow step the claim's state refuses, nor an unexpected failure.
"""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from articles.api.errors import api_exception_handler

from ..api_roles import (
    client_for,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_api_state")]


def error_of(response, status: int) -> dict:
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    error = response.json()["error"]
    assert set(error) >= {"code", "message", "fields"}
    assert error["message"]
    return error


@pytest.mark.parametrize("url", ["/api/v2/claims/", "/api/v1/nothing/", "/api/v1/claims/abc/"])
def test_an_unknown_url_under_the_api_is_a_json_404(url):
    assert error_of(APIClient().get(url), 404)["code"] == "not_found"


def test_a_claim_the_reader_may_not_see_is_a_json_404(record):
    error = error_of(APIClient().get(f"/api/v1/claims/{record.draft_claim.pk}/"), 404)
    assert error["code"] == "not_found"


def test_a_method_the_resource_does_not_offer_is_a_json_405(record):
    error = error_of(client_for("editor").put(f"/api/v1/claims/{record.draft_claim.pk}/", {}), 405)
    assert error["code"] == "method_not_allowed"


def test_invalid_input_names_each_field_and_why(record):
    response = client_for("editor").post(
        "/api/v1/claims/",
        {"article": record.article.pk, "start": -1, "end": 10, "currency": "dollars"},
        format="json",
    )
    error = error_of(response, 400)
    assert error["code"] == "invalid"
    assert set(error["fields"]) == {"start", "currency"}


def test_a_quote_that_is_not_in_the_article_is_refused_by_the_service(record):
    response = client_for("editor").post(
        "/api/v1/claims/",
        {"article": record.article.pk, "start": 0, "end": 12, "quote": "$9.9 billion"},
        format="json",
    )
    error = error_of(response, 400)
    assert "quote" in error["message"] or "quote" in error["fields"]


def test_a_step_the_workflow_does_not_allow_is_a_409(record):
    # A rejected suggestion cannot be verified straight away.
    reviewer = client_for("reviewer")
    url = f"/api/v1/claims/{record.draft_claim.pk}/"
    assert reviewer.post(f"{url}reject/", {}, format="json").status_code == 200
    error = error_of(reviewer.post(f"{url}verify/", {}, format="json"), 409)
    assert error["code"] == "invalid_transition"


def test_resolving_a_closed_flag_is_a_409(record):
    url = f"/api/v1/flags/{record.resolved_flag.pk}/resolve/"
    response = client_for("reviewer").post(url, {"note": "Again."}, format="json")
    assert error_of(response, 409)["code"] == "invalid_transition"


def test_settling_without_a_rationale_is_a_400_naming_the_field(record):
    url = f"/api/v1/figures/{record.open_figure.pk}/settle/"
    response = client_for("reviewer").post(url, {"preferred_claim": record.public_claim.pk},
                                           format="json")  # fmt: skip
    assert "rationale" in error_of(response, 400)["fields"]


def test_a_page_size_out_of_range_is_a_400():
    error = error_of(APIClient().get("/api/v1/claims/?page_size=501"), 400)
    assert "page_size" in error["fields"]


def test_a_cursor_that_was_not_issued_is_a_404():
    assert error_of(APIClient().get("/api/v1/claims/?cursor=%21%21not-base64"), 404)


def test_malformed_json_is_a_400(record):
    response = client_for("editor").generic(
        "POST", "/api/v1/claims/", "{not json", content_type="application/json"
    )
    assert error_of(response, 400)["code"] == "parse_error"


def test_an_unsupported_body_type_is_a_415(record):
    response = client_for("editor").generic(
        "POST", "/api/v1/claims/", "article=1", content_type="text/plain"
    )
    assert error_of(response, 415)["code"] == "unsupported_media_type"


def test_an_unexpected_failure_is_a_json_500_without_a_stack_trace(caplog):
    response = api_exception_handler(RuntimeError("database on fire at /srv/secret"), {})
    assert response.status_code == 500
    assert response.data["error"]["code"] == "server_error"
    assert "secret" not in str(response.data)
    assert "database on fire" in caplog.text


def test_a_database_outage_is_left_to_the_outage_middleware_for_its_503():
    from django.db import OperationalError

    assert api_exception_handler(OperationalError("server closed the connection"), {}) is None
