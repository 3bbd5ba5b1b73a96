"""Conditional requests and optimistic locking through the API, on the same services.

ETags and Last-Modified on details and lists, 304 for a client that already has the
representation, 412 for a write made on a stale one. The response cache's own tests, which
commit, are in test_api_response_cache.py.
"""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from articles.models import Claim, ClaimStatus

from ..api_roles import (
    client_for,
)

pytestmark = [pytest.mark.usefixtures("fresh_api_state")]


def claim_url(claim: Claim) -> str:
    return f"/api/v1/claims/{claim.pk}/"


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/api/v1/claims/", "/api/v1/figures/", "/api/v1/flags/"])
def test_lists_carry_validators_and_answer_304_when_nothing_changed(url, record):
    client = APIClient()
    first = client.get(url)
    assert first["ETag"].startswith('"') and first["Last-Modified"]
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""


@pytest.mark.django_db
def test_a_detail_answers_304_until_the_claim_changes_then_the_new_representation(record):
    client, editor = APIClient(), client_for("editor")
    url = claim_url(record.public_claim)
    etag = client.get(url)["ETag"]
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    # A note-only edit: it keeps the claim verified, so it stays public (the desk's note
    # itself is not, but the new version is).
    editor.patch(url, {"note": "Checked twice.", "version": record.public_claim.version},
                 format="json")  # fmt: skip
    changed = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed.json()["version"] == record.public_claim.version + 1
    assert changed["ETag"] != etag


@pytest.mark.django_db
def test_if_modified_since_answers_304_for_an_unchanged_claim(record):
    client = APIClient()
    url = claim_url(record.public_claim)
    last_modified = client.get(url)["Last-Modified"]
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304


@pytest.mark.django_db
def test_an_edit_with_the_current_etag_as_if_match_is_applied(record):
    editor = client_for("editor")
    url = claim_url(record.draft_claim)
    etag = editor.get(url)["ETag"]
    response = editor.patch(url, {"attribution": "Aliyev"}, format="json", HTTP_IF_MATCH=etag)
    assert response.status_code == 200
    assert response.json()["version"] == record.draft_claim.version + 1
    assert response["ETag"] == editor.get(url)["ETag"]


@pytest.mark.django_db
def test_an_edit_with_a_stale_if_match_is_refused_with_412_and_changes_nothing(record):
    editor, reviewer = client_for("editor"), client_for("reviewer")
    url = claim_url(record.draft_claim)
    etag = editor.get(url)["ETag"]
    assert reviewer.patch(url, {"attribution": "SIPRI", "version": record.draft_claim.version},
                          format="json").status_code == 200  # fmt: skip
    response = editor.patch(url, {"attribution": "Aliyev"}, format="json", HTTP_IF_MATCH=etag)
    assert response.status_code == 412
    error = response.json()["error"]
    assert error["code"] == "stale_write"
    assert error["current_version"] == record.draft_claim.version + 1
    assert Claim.objects.get(pk=record.draft_claim.pk).attribution == "SIPRI"


@pytest.mark.django_db
def test_a_stale_version_in_the_body_is_refused_and_history_keeps_both_real_versions(record):
    """The API calls ``claim_update``: its optimistic lock, its history."""
    editor, reviewer = client_for("editor"), client_for("reviewer")
    claim = record.draft_claim
    read_version = claim.version
    first = reviewer.patch(claim_url(claim), {"attribution": "SIPRI", "version": read_version},
                           format="json")  # fmt: skip
    assert first.status_code == 200
    stale = editor.patch(claim_url(claim), {"attribution": "Aliyev", "version": read_version},
                         format="json")  # fmt: skip
    assert stale.status_code == 412
    history = list(Claim.history.filter(id=claim.pk).order_by("history_date"))
    assert [h.attribution for h in history][-2:] == ["", "SIPRI"]
    assert [h.version for h in history][-2:] == [read_version, read_version + 1]
    assert history[-1].history_user.username == "api-reviewer"


@pytest.mark.django_db
def test_an_edit_that_names_no_version_is_refused_as_a_missing_precondition(record):
    response = client_for("editor").patch(
        claim_url(record.draft_claim), {"attribution": "Aliyev"}, format="json"
    )
    assert response.status_code == 428
    error = response.json()["error"]
    assert error["code"] == "precondition_required" and "If-Match" in error["message"]
    assert Claim.objects.get(pk=record.draft_claim.pk).attribution == ""


@pytest.mark.django_db
def test_an_etag_without_its_quotes_is_malformed_not_stale(record):
    editor = client_for("editor")
    url = claim_url(record.draft_claim)
    etag = editor.get(url)["ETag"]
    bare = editor.patch(url, {"attribution": "Aliyev"}, format="json",
                        HTTP_IF_MATCH=etag.strip('"'))  # fmt: skip
    assert bare.status_code == 400
    assert bare.json()["error"]["code"] == "malformed_if_match"
    quoted = editor.patch(url, {"attribution": "Aliyev"}, format="json", HTTP_IF_MATCH=etag)
    assert quoted.status_code == 200


@pytest.mark.django_db
def test_a_workflow_step_on_a_stale_version_is_refused(record):
    reviewer = client_for("reviewer")
    url = claim_url(record.review_claim)
    stale = record.review_claim.version
    assert reviewer.post(f"{url}dispute/", {"version": stale}, format="json").status_code == 200
    response = reviewer.post(f"{url}verify/", {"version": stale}, format="json")
    assert response.status_code == 412
    assert Claim.objects.get(pk=record.review_claim.pk).status == ClaimStatus.DISPUTED


@pytest.mark.django_db
def test_settling_with_a_stale_if_match_is_refused(record):
    reviewer = client_for("reviewer")
    url = f"/api/v1/figures/{record.open_figure.pk}/"
    etag = reviewer.get(url)["ETag"]
    # The figure's claims change under the reviewer: its representation is no longer theirs.
    reviewer.patch(claim_url(record.conflicting_claim),
                   {"attribution": "Defense ministry", "version": record.conflicting_claim.version},
                   format="json")  # fmt: skip
    body = {"rationale": "SIPRI.", "preferred_claim": record.public_claim.pk}
    response = reviewer.post(f"{url}settle/", body, format="json", HTTP_IF_MATCH=etag)
    assert response.status_code == 412
    assert reviewer.get(url).json()["status"] == "open"
