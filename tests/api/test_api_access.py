"""Who may do what through the API: every endpoint × method × role, by token and by session.

Anonymous readers see the public record only; an outsider (signed in, no group) sees what
anonymous sees and may change nothing; editors write claims and sources and import;
reviewers also verify, settle and resolve: exactly their admin permissions.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import pytest
from django.test import override_settings
from rest_framework.test import APIClient

from articles.models import Claim, ClaimStatus

from ..api_roles import (
    SIGNED_IN,
    Record,
    client_for,
)
from ..factories import TEST_SETUP, SourceFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_api_state")]


ALL_OK = {"anonymous": 200, "outsider": 200, "editor": 200, "reviewer": 200}
STAFF_ONLY = {"anonymous": 404, "outsider": 404, "editor": 200, "reviewer": 200}
EDITOR_WRITE = {"anonymous": 401, "outsider": 403, "editor": 200, "reviewer": 200}
EDITOR_CREATE = {**EDITOR_WRITE, "editor": 201, "reviewer": 201}
REVIEWER_WRITE = {"anonymous": 401, "outsider": 403, "editor": 403, "reviewer": 200}
IMPORT_READ = {"anonymous": 401, "outsider": 403, "editor": 200, "reviewer": 200}
NOBODY_DELETES = {"anonymous": 401, "outsider": 403, "editor": 403, "reviewer": 403}


@dataclass(frozen=True)
class Call:
    name: str
    method: str
    url: Callable[[Record], str]
    expected: dict[str, int]
    body: Callable[[Record], Any] = field(default=lambda r: None)


def figure_of(claim: Claim) -> int:
    return Claim.objects.values_list("figure_id", flat=True).get(pk=claim.pk)


def flag_url(r: Record, verb: str) -> str:
    return f"/api/v1/flags/{r.open_flag.pk}/{verb}/"


def flag_body(r: Record, verb: str) -> dict[str, str]:
    # Acknowledging takes no note: one sent would be refused, not ignored.
    return {} if verb == "acknowledge" else {"note": "The 2.2 bn was the 2020 budget."}


def transition_call(name: str, claim: str, expected: dict[str, int]) -> Call:
    return Call(
        f"claim {name}",
        "post",
        lambda r: f"/api/v1/claims/{getattr(r, claim).pk}/{name}/",
        expected,
        lambda r: {"version": getattr(r, claim).version},
    )


CALLS = [
    Call("ping", "get", lambda r: "/api/v1/ping/", ALL_OK),
    Call("schema", "get", lambda r: "/api/schema/", ALL_OK),
    Call("docs", "get", lambda r: "/api/docs/", ALL_OK),
    Call("articles", "get", lambda r: "/api/v1/articles/", ALL_OK),
    Call("article", "get", lambda r: f"/api/v1/articles/{r.article.pk}/", ALL_OK),
    Call("claims", "get", lambda r: "/api/v1/claims/", ALL_OK),
    Call("claims csv", "get", lambda r: "/api/v1/claims/?format=csv", ALL_OK),
    Call("public claim", "get", lambda r: f"/api/v1/claims/{r.public_claim.pk}/", ALL_OK),
    Call("draft claim", "get", lambda r: f"/api/v1/claims/{r.draft_claim.pk}/", STAFF_ONLY),
    Call(
        "create claim",
        "post",
        lambda r: "/api/v1/claims/",
        EDITOR_CREATE,
        lambda r: {"article": r.article.pk, "start": 0, "end": 10},
    ),
    Call(
        "change claim",
        "patch",
        lambda r: f"/api/v1/claims/{r.draft_claim.pk}/",
        EDITOR_WRITE,
        lambda r: {"attribution": "CAWAT", "version": r.draft_claim.version},
    ),
    Call(
        "delete claim",
        "delete",
        lambda r: f"/api/v1/claims/{r.draft_claim.pk}/",
        NOBODY_DELETES,
    ),
    transition_call("accept", "review_claim", EDITOR_WRITE),
    transition_call("send-to-review", "draft_claim", EDITOR_WRITE),
    transition_call("reject", "draft_claim", EDITOR_WRITE),
    transition_call("verify", "review_claim", REVIEWER_WRITE),
    transition_call("dispute", "review_claim", REVIEWER_WRITE),
    transition_call("mark-false", "review_claim", REVIEWER_WRITE),
    transition_call("unverifiable", "review_claim", REVIEWER_WRITE),
    Call(
        "withdraw claim",
        "post",
        lambda r: f"/api/v1/claims/{r.public_claim.pk}/withdraw/",
        REVIEWER_WRITE,
        lambda r: {"reason": "misread", "note": "The article gives 2013."},
    ),
    Call(
        "attach source",
        "post",
        lambda r: f"/api/v1/claims/{r.draft_claim.pk}/sources/",
        EDITOR_WRITE,
        lambda r: {"source": r.source.pk, "stance": "contradicts"},
    ),
    Call(
        "detach source",
        "delete",
        lambda r: f"/api/v1/claims/{r.public_claim.pk}/sources/{r.source.pk}/",
        EDITOR_WRITE,
    ),
    Call("figures", "get", lambda r: "/api/v1/figures/", ALL_OK),
    Call(
        "reconciled figure", "get", lambda r: f"/api/v1/figures/{r.reconciled_figure.pk}/", ALL_OK
    ),
    # Open, but a public claim stands under it: public, "under review".
    Call("open figure", "get", lambda r: f"/api/v1/figures/{r.open_figure.pk}/", ALL_OK),
    Call(
        "unpublished figure",
        "get",
        lambda r: f"/api/v1/figures/{figure_of(r.review_claim)}/",
        STAFF_ONLY,
    ),
    Call(
        "settle figure",
        "post",
        lambda r: f"/api/v1/figures/{r.open_figure.pk}/settle/",
        REVIEWER_WRITE,
        lambda r: {"rationale": "SIPRI is the reference.", "preferred_claim": r.public_claim.pk},
    ),
    Call("flags", "get", lambda r: "/api/v1/flags/", ALL_OK),
    Call("resolved flag", "get", lambda r: f"/api/v1/flags/{r.resolved_flag.pk}/", ALL_OK),
    Call("open flag", "get", lambda r: f"/api/v1/flags/{r.open_flag.pk}/", STAFF_ONLY),
    *(
        Call(
            f"{verb} flag",
            "post",
            partial(flag_url, verb=verb),
            REVIEWER_WRITE,
            partial(flag_body, verb=verb),
        )
        for verb in ("resolve", "dismiss", "acknowledge")
    ),
    Call("sources", "get", lambda r: "/api/v1/sources/", ALL_OK),
    Call("source", "get", lambda r: f"/api/v1/sources/{r.source.pk}/", ALL_OK),
    Call(
        "create source",
        "post",
        lambda r: "/api/v1/sources/",
        EDITOR_CREATE,
        lambda r: {"title": "CAWAT annual report", "kind": "report"},
    ),
    Call(
        "change source",
        "patch",
        lambda r: f"/api/v1/sources/{r.source.pk}/",
        EDITOR_WRITE,
        lambda r: {"publisher": "Stockholm International Peace Research Institute"},
    ),
    Call("entities", "get", lambda r: "/api/v1/entities/", ALL_OK),
    Call("entity", "get", lambda r: f"/api/v1/entities/{r.public_claim.subject_id}/", ALL_OK),
    Call(
        "create entity",
        "post",
        lambda r: "/api/v1/entities/",
        # Editors may add entities in the admin, but the API offers no such write.
        {"anonymous": 401, "outsider": 403, "editor": 405, "reviewer": 405},
        lambda r: {"name": "Georgia"},
    ),
    Call("metrics", "get", lambda r: "/api/v1/metrics/", ALL_OK),
    Call("metric", "get", lambda r: f"/api/v1/metrics/{r.public_claim.metric_id}/", ALL_OK),
    Call("publications", "get", lambda r: "/api/v1/publications/", ALL_OK),
    Call(
        "publication",
        "get",
        lambda r: f"/api/v1/publications/{r.article.publication_id}/",
        ALL_OK,
    ),
    Call("imports", "get", lambda r: "/api/v1/imports/", IMPORT_READ),
    Call(
        "start import",
        "post",
        lambda r: "/api/v1/imports/",
        {"anonymous": 401, "outsider": 403, "editor": 202, "reviewer": 202},
        lambda r: [{"title": "Arms race", "body": "Azerbaijan spent $3.7 billion in 2024."}],
    ),
]

CASES = [
    pytest.param(call, role, via, id=f"{call.name}-{role}-{via}")
    for call in CALLS
    for role, via in [("anonymous", "none")]
    + [(role, via) for role in SIGNED_IN for via in ("token", "session")]
]


@pytest.mark.parametrize(("call", "role", "via"), CASES)
def test_each_role_may_call_exactly_what_its_admin_permissions_allow(call, role, via, record):
    client = client_for(role, via)
    response = getattr(client, call.method)(call.url(record), call.body(record), format="json")
    assert response.status_code == call.expected[role], response.content[:300]
    if response.status_code >= 400:
        assert response["Content-Type"] == "application/json"
        assert set(response.json()["error"]) >= {"code", "message", "fields"}


def test_anonymous_lists_hold_only_the_public_record(record):
    client = APIClient()
    claims = client.get("/api/v1/claims/?page_size=500").json()["results"]
    figures = client.get("/api/v1/figures/?page_size=500&expand=claims").json()["results"]
    flags = client.get("/api/v1/flags/?page_size=500").json()["results"]
    assert {c["status"] for c in claims} <= {"verified", "disputed", "false", "unverifiable"}
    assert record.draft_claim.pk not in {c["id"] for c in claims}
    assert {f["status"] for f in figures} == {"reconciled", "open"}
    public = {"verified", "disputed", "false", "unverifiable"}
    assert all(claim["status"] in public for f in figures for claim in f["claims"])
    # An open figure is public only while a public claim stands under it.
    assert all(f["claims"] for f in figures if f["status"] == "open")
    assert figure_of(record.review_claim) not in {f["id"] for f in figures}
    assert {f["state"] for f in flags} == {"resolved"}


def test_an_editor_token_sees_drafts_open_figures_and_open_flags(record):
    client = client_for("editor")
    claims = client.get("/api/v1/claims/?page_size=500").json()["results"]
    figures = client.get("/api/v1/figures/?page_size=500").json()["results"]
    flags = client.get("/api/v1/flags/?page_size=500").json()["results"]
    assert {record.draft_claim.pk, record.review_claim.pk} <= {c["id"] for c in claims}
    assert "open" in {f["status"] for f in figures}
    assert "open" in {f["state"] for f in flags}


def test_open_flags_of_a_figure_are_shown_to_staff_and_not_to_anonymous(record):
    # Settled, yet its flag is still open: the public sees the figure, not the open flag.
    from articles.services.figure_settle import figure_settle

    figure_settle(actor=TEST_SETUP, figure=record.open_figure, rationale="SIPRI.",
                  preferred_claim=record.public_claim)  # fmt: skip
    url = f"/api/v1/figures/{record.open_figure.pk}/"
    assert APIClient().get(url).json()["open_flags"] == []
    staff = client_for("reviewer").get(url).json()["open_flags"]
    assert [flag["id"] for flag in staff] == [record.open_flag.pk]


def test_a_session_write_without_the_csrf_token_is_refused(record, reviewer):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(reviewer)
    response = client.post(f"/api/v1/claims/{record.review_claim.pk}/verify/", {}, format="json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["error"]["message"]
    record.review_claim.refresh_from_db()
    assert record.review_claim.status == ClaimStatus.NEEDS_REVIEW


def test_a_token_that_does_not_exist_is_refused_even_for_reading():
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    response = client.get("/api/v1/claims/")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "authentication_failed"


def test_no_cors_headers_are_sent_to_other_origins(record):
    response = APIClient().get("/api/v1/claims/", HTTP_ORIGIN="https://elsewhere.example")
    assert not [h for h in response.headers if h.lower().startswith("access-control-")]


def test_anonymous_clients_are_throttled_at_the_configured_rate(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "3/minute", "user": "1000/minute"},
    }
    client = APIClient()
    statuses = [client.get("/api/v1/ping/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = client.get("/api/v1/ping/")
    assert response.json()["error"]["code"] == "throttled"
    assert int(response["Retry-After"]) > 0


def test_token_users_are_throttled_per_user_not_per_address(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "1000/minute", "user": "2/minute"},
    }
    editor, reviewer = client_for("editor"), client_for("reviewer")
    assert [editor.get("/api/v1/ping/").status_code for _ in range(3)] == [200, 200, 429]
    assert reviewer.get("/api/v1/ping/").status_code == 200


@override_settings()
def test_rates_come_from_the_environment_variables(monkeypatch):
    import importlib

    import factcheck.settings as project_settings

    monkeypatch.setenv("API_THROTTLE_ANON", "7/second")
    monkeypatch.setenv("API_THROTTLE_USER", "70/second")
    try:
        reloaded = importlib.reload(project_settings)
        rates = reloaded.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
        assert rates == {"anon": "7/second", "user": "70/second"}
    finally:
        monkeypatch.undo()
        importlib.reload(project_settings)


def test_outsiders_cannot_be_given_a_source_by_the_api_even_if_it_exists(record):
    source = SourceFactory()
    response = client_for("outsider").post(
        f"/api/v1/claims/{record.public_claim.pk}/sources/", {"source": source.pk}, format="json"
    )
    assert response.status_code == 403
    assert not record.public_claim.claim_sources.filter(source=source).exists()
