"""Review through the API: refusals with stable codes, edits that send a claim back, and
withdrawals that scripts can see."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from articles.models import Claim, ClaimStatus

from ..api_roles import (
    client_for,
)
from ..factories import TEST_SETUP, ClaimFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_api_state")]


def test_verifying_without_a_source_answers_409_naming_what_is_missing(record):
    bare = ClaimFactory(status=ClaimStatus.NEEDS_REVIEW, subject=None)
    response = client_for("reviewer").post(
        f"/api/v1/claims/{bare.pk}/verify/", {"version": bare.version}, format="json"
    )
    assert response.status_code == 409
    error = response.json()["error"]
    assert error["code"] == "missing_subject"
    assert error["missing"] == ["subject", "supporting_source"]
    assert "no subject and no attached source that supports it" in error["message"]
    assert Claim.objects.get(pk=bare.pk).status == ClaimStatus.NEEDS_REVIEW


def test_marking_false_without_a_contradicting_source_answers_409(record):
    bare = ClaimFactory(status=ClaimStatus.NEEDS_REVIEW)
    response = client_for("reviewer").post(
        f"/api/v1/claims/{bare.pk}/mark-false/", {}, format="json"
    )
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "missing_contradicting_source"


def test_an_editor_patching_a_verified_claim_sends_it_back_to_review(record):
    claim = record.public_claim
    response = client_for("editor").patch(
        f"/api/v1/claims/{claim.pk}/",
        {"subject": "armenia", "version": claim.version},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["status"] == "needs_review"
    assert APIClient().get(f"/api/v1/claims/{claim.pk}/").status_code == 404
    latest = Claim.objects.get(pk=claim.pk).history.order_by("-history_id").first()
    assert latest.history_user.username == "api-editor"
    assert "changed subject of a verified claim: back to review" in latest.history_change_reason


def test_an_editor_cannot_send_a_verified_claim_back_to_review(record):
    claim = record.public_claim
    response = client_for("editor").post(
        f"/api/v1/claims/{claim.pk}/send-to-review/", {}, format="json"
    )
    assert response.status_code == 403
    assert Claim.objects.get(pk=claim.pk).status == ClaimStatus.VERIFIED


def test_a_withdrawal_is_visible_to_anonymous_scripts_with_its_correction(record):
    claim = Claim.objects.get(pk=record.public_claim.pk)
    response = client_for("reviewer").post(
        f"/api/v1/claims/{claim.pk}/withdraw/",
        {
            "reason": "extraction_error",
            "note": "This is the 2020 budget.",
            "version": claim.version,
        },
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["status"] == "withdrawn"
    anonymous = APIClient()
    detail = anonymous.get(f"/api/v1/claims/{claim.pk}/").json()
    assert detail["status"] == "withdrawn"
    assert detail["withdrawal"]["reason"] == "extraction_error"
    assert detail["withdrawal"]["note"] == "This is the 2020 budget."
    listed = anonymous.get("/api/v1/claims/?page_size=500").json()["results"]
    assert {c["id"]: c["status"] for c in listed}[claim.pk] == "withdrawn"
    exported = anonymous.get("/api/v1/claims/?format=csv&page_size=500")
    csv = b"".join(exported.streaming_content).decode()
    assert "extraction_error" in csv and "This is the 2020 budget." in csv


def test_withdrawing_a_draft_answers_409(record):
    response = client_for("reviewer").post(
        f"/api/v1/claims/{record.draft_claim.pk}/withdraw/", {"reason": "misread"}, format="json"
    )
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "invalid_transition"


def test_an_unknown_withdrawal_reason_is_a_400(record):
    response = client_for("reviewer").post(
        f"/api/v1/claims/{record.public_claim.pk}/withdraw/", {"reason": "oops"}, format="json"
    )
    assert response.status_code == 400
    assert "reason" in response.json()["error"]["fields"]


def test_the_sources_of_a_draft_are_not_listed_by_claim_to_the_public(record):
    from articles.services.sources import claim_source_attach

    from ..factories import SourceFactory

    secret = SourceFactory(title="Desk notes on a draft")
    claim_source_attach(
        actor=TEST_SETUP, claim=record.draft_claim, source=secret, stance="supports"
    )
    public = APIClient().get(f"/api/v1/sources/?claim={record.draft_claim.pk}").json()
    assert public["results"] == []
    staff = client_for("editor").get(f"/api/v1/sources/?claim={record.draft_claim.pk}").json()
    assert [s["title"] for s in staff["results"]] == ["Desk notes on a draft"]
    shown = APIClient().get(f"/api/v1/sources/?claim={record.public_claim.pk}").json()
    assert shown["results"]


def test_an_editor_marks_a_claim_as_a_deal_with_its_seller_and_item(record):
    from articles.services.figures_reconcile import figures_reconcile

    draft = ClaimFactory(status=ClaimStatus.DRAFT)
    editor = client_for("editor")
    response = editor.patch(
        f"/api/v1/claims/{draft.pk}/",
        {"kind": "transaction", "counterparty": "pakistan", "item": "JF-17 Block-III",
         "metric": "arms-deal", "version": draft.version},
        format="json",
    )  # fmt: skip
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["kind"], body["counterparty"]["slug"], body["item"]) == (
        "transaction", "pakistan", "JF-17 Block-III",
    )  # fmt: skip
    figures_reconcile()
    listed = editor.get("/api/v1/claims/?kind=transaction").json()["results"]
    assert [claim["id"] for claim in listed] == [draft.pk]
    figure = editor.get(f"/api/v1/figures/{Claim.objects.get(pk=draft.pk).figure_id}/").json()
    assert figure["kind"] == "transaction"
    refused = editor.get("/api/v1/claims/?kind=yearly")
    assert refused.status_code == 400


def test_an_editor_sets_the_scope_of_a_claim_from_the_vocabulary(record):
    draft = ClaimFactory(status=ClaimStatus.DRAFT)
    editor = client_for("editor")
    url = f"/api/v1/claims/{draft.pk}/"
    response = editor.patch(url, {"scope": "sipri", "version": draft.version}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["scope"] == "sipri"
    unknown = editor.patch(url, {"scope": "narnia", "version": 2}, format="json")
    assert unknown.status_code == 400
    assert "scope" in unknown.json()["error"]["fields"]
    listed = editor.get("/api/v1/claims/?scope=sipri").json()["results"]
    assert [claim["id"] for claim in listed] == [draft.pk]


def test_a_claim_in_manats_shows_its_dollar_equivalent_and_the_rate_in_json_and_csv(record):
    import csv
    import io
    from decimal import Decimal

    manats = ClaimFactory(status=ClaimStatus.DRAFT, value=Decimal("5300000000"), currency="AZN",
                          period_start=2023, period_end=2023)  # fmt: skip
    editor = client_for("editor")
    usd = editor.get(f"/api/v1/claims/{manats.pk}/").json()["usd"]
    assert (usd["value"], usd["rate_currency"], usd["year"]) == ("3117647058.82", "AZN", 2023)
    assert Decimal(usd["rate"]) == Decimal("1.7")
    assert "World Bank" in usd["source"] and "CC BY 4.0" in usd["source"]
    decade = ClaimFactory(status=ClaimStatus.DRAFT, period_start=2007, period_end=2016)
    assert editor.get(f"/api/v1/claims/{decade.pk}/").json()["usd"] is None
    response = editor.get("/api/v1/claims/?format=csv")
    text = b"".join(response.streaming_content).decode()
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO(text))}
    assert (rows[str(manats.pk)]["usd_value"], rows[str(manats.pk)]["usd_rate_year"]) == (
        "3117647058.82", "2023",
    )  # fmt: skip
    assert rows[str(decade.pk)]["usd_value"] == ""


def test_a_workflow_step_keeps_its_note_in_the_claims_history(record):
    draft = Claim.objects.get(pk=record.draft_claim.pk)
    response = client_for("editor").post(
        f"/api/v1/claims/{draft.pk}/send-to-review/",
        {"version": draft.version, "note": "Checked against the ministry's own table."},
        format="json",
    )
    assert response.status_code == 200, response.content
    latest = draft.history.latest()
    assert latest.status == ClaimStatus.NEEDS_REVIEW
    assert latest.history_change_reason == "Checked against the ministry's own table."
