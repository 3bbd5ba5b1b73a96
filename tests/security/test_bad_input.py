"""Finding 5 and part of 6: no input gets a 500, and no field of a write is silently ignored.

A crafted cursor, JSON nested 100,000 levels deep, a JSON body over the memory limit, ids
that are not whole numbers, fields a write does not take, and a CSV export while the
database is down: each is answered with a 4xx (or the 503 of an outage) in the API's JSON
error shape, on every endpoint it can reach.
"""

from __future__ import annotations

import base64
import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError
from drf_spectacular.generators import SchemaGenerator
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from articles.api import exports
from articles.api.parsers import MAX_JSON_DEPTH, BoundedJSONParser, RequestTooLarge
from articles.models import Claim, ClaimStatus, Figure, ImportRun

from ..api.test_api_errors import error_of
from ..api_roles import (
    Record,
    client_for,
)
from ..factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_api_state")]

LISTS = ["articles", "claims", "figures", "flags", "sources", "entities", "metrics",
         "publications", "imports"]  # fmt: skip


@pytest.fixture
def admin() -> APIClient:
    """A client allowed every write, so what is tested is the input, not the permission."""
    user = UserFactory(username="api-superuser", is_superuser=True)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


def json_writes(record: Record) -> list[tuple[str, str]]:
    """Every (method, URL) of the API that takes a JSON body, from its OpenAPI document."""
    ids = {
        "claims": record.review_claim.pk,
        "figures": record.open_figure.pk,
        "flags": record.open_flag.pk,
        "sources": record.source.pk,
    }
    schema = SchemaGenerator().get_schema(request=None, public=True)
    writes = []
    for path, operations in schema["paths"].items():
        resource = path.split("/")[3]
        for method in ("post", "put", "patch"):
            if method in operations and "{source_id}" not in path:
                writes.append((method, path.replace("{id}", str(ids.get(resource)))))
    return writes


def send(client: APIClient, method: str, url: str, body: str):
    return client.generic(method.upper(), url, body, content_type="application/json")


def cursor(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


# --- Cursors --------------------------------------------------------------------------------


@pytest.mark.parametrize("resource", LISTS)
@pytest.mark.parametrize(
    "crafted",
    [
        cursor("p=abc"),
        cursor("o=1&p=x"),
        cursor("p=99999999999999999999999999"),
        cursor("p=\x00"),
    ],
)
def test_a_crafted_cursor_is_a_json_404_on_every_list(admin, resource, crafted):
    response = admin.get(f"/api/v1/{resource}/", {"cursor": crafted})
    error = error_of(response, 404)
    assert "cursor" in error["message"]


@pytest.mark.parametrize("ordering", ["-updated_at", "created_at"])
def test_a_cursor_of_one_ordering_sent_with_another_is_a_404(record, ordering):
    # A position on the id ordering, replayed on a date ordering.
    query = {"ordering": ordering, "cursor": cursor("p=42")}
    error = error_of(APIClient().get("/api/v1/claims/", query), 404)
    assert "start again from the first page" in error["message"]


def test_a_cursor_the_list_issued_still_pages(record):
    client = APIClient()
    first = client.get("/api/v1/claims/", {"page_size": 1, "ordering": "-updated_at"}).json()
    second = client.get(first["next"]).json()
    assert second["results"] and second["results"][0]["id"] != first["results"][0]["id"]


# --- JSON depth and size --------------------------------------------------------------------


def test_json_nested_100000_deep_is_a_400_on_every_json_write(record, admin):
    deep = "[" * 100_000 + "]" * 100_000
    answers = {}
    for method, url in json_writes(record):
        response = send(admin, method, url, deep)
        answers[f"{method.upper()} {url}"] = (response.status_code, response.content[:200])
        error = error_of(response, 400)
        assert error["code"] == "parse_error"
        assert "nested too deeply" in error["message"]
        assert f"at most {MAX_JSON_DEPTH} levels" in error["message"]
    assert len(answers) >= 15, answers  # every workflow step, create, change and import


def test_deep_brackets_inside_strings_do_not_count(record):
    note = "[" * 10_000 + "{" * 10_000
    response = client_for("editor").patch(
        f"/api/v1/claims/{record.draft_claim.pk}/",
        {"note": note, "version": record.draft_claim.version},
        format="json",
    )
    assert response.status_code == 200, response.content[:300]
    assert response.json()["note"] == note


def test_a_json_body_over_the_memory_limit_is_a_413(record, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2000
    body = json.dumps({"article": record.article.pk, "start": 0, "end": 5, "note": "x" * 5000})
    error = error_of(send(client_for("editor"), "post", "/api/v1/claims/", body), 413)
    assert error["code"] == "request_too_large"
    assert "2,000 bytes" in error["message"]
    assert not Claim.objects.filter(note__startswith="xxx").exists()


def test_a_json_body_that_does_not_declare_its_size_is_cut_at_the_limit(settings):
    # Chunked transfer: no Content-Length, so the parser itself stops reading.
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2000
    stream = io.BytesIO(json.dumps({"note": "x" * 5000}).encode())
    with pytest.raises(RequestTooLarge):
        BoundedJSONParser().parse(stream, "application/json", {})
    assert stream.tell() == 2001  # the rest was never read


# --- Numbers that are not record ids --------------------------------------------------------


def id_writes(record: Record) -> list[tuple[str, str, dict]]:
    """(URL, id field, the rest of a valid body) for every write that names a record by id."""
    claims = "/api/v1/claims/"
    return [
        (claims, "article", {"start": 0, "end": 12}),
        (f"{claims}{record.review_claim.pk}/sources/", "source", {"stance": "supports"}),
        (f"/api/v1/figures/{record.open_figure.pk}/settle/", "preferred_claim",
         {"rationale": "Checked."}),
    ]  # fmt: skip


@pytest.mark.parametrize("number", ["1e400", "-1e400"])
def test_an_id_that_is_not_a_whole_number_in_range_is_a_400_naming_the_field(record, admin, number):
    for url, field, rest in id_writes(record):
        body = json.dumps(rest)[:-1] + f', "{field}": {number}}}'
        error = error_of(send(admin, "post", url, body), 400)
        assert field in error["fields"], (url, error)


def test_a_fractional_id_is_refused_not_rounded_down(record, admin):
    claims = Claim.objects.count()
    for url, field, rest in id_writes(record):
        target = {"article": record.article, "source": record.source,
                  "preferred_claim": record.public_claim}[field]  # fmt: skip
        error = error_of(admin.post(url, {**rest, field: target.pk + 0.5}, format="json"), 400)
        assert "whole number" in error["fields"][field][0]
    assert Claim.objects.count() == claims
    assert Figure.objects.get(pk=record.open_figure.pk).preferred_claim_id is None


# --- Fields a write does not take -----------------------------------------------------------


def test_patching_a_claims_status_is_a_400_pointing_at_the_workflow(record):
    claim = record.draft_claim
    response = client_for("reviewer").patch(
        f"/api/v1/claims/{claim.pk}/", {"status": "verified"}, format="json"
    )
    error = error_of(response, 400)
    assert "status is read-only; use the workflow actions" in error["message"]
    assert "note" in error["message"] and "version" in error["message"]  # what it takes
    assert set(error["fields"]) == {"status"}
    fresh = Claim.objects.get(pk=claim.pk)
    assert (fresh.status, fresh.version) == (ClaimStatus.DRAFT, claim.version)


def test_a_misspelt_field_is_named_and_nothing_else_is_applied(record):
    claim = record.draft_claim
    response = client_for("editor").patch(
        f"/api/v1/claims/{claim.pk}/",
        {"note": "Checked.", "atribution": "SIPRI", "version": claim.version},
        format="json",
    )
    error = error_of(response, 400)
    assert "Unknown field: atribution." in error["message"]
    assert set(error["fields"]) == {"atribution"}
    assert Claim.objects.get(pk=claim.pk).note != "Checked."


def test_unknown_fields_are_a_400_on_every_json_write(record, admin):
    for method, url in json_writes(record):
        response = send(admin, method, url, json.dumps({"zz_unknown": 1}))
        error = error_of(response, 400)
        assert "zz_unknown" in error["fields"], (method, url, error)
        assert "Unknown field: zz_unknown." in error["message"], (method, url)
    assert not ImportRun.objects.exists()


def test_a_workflow_step_refuses_fields_it_does_not_take(record):
    response = client_for("reviewer").post(
        f"/api/v1/claims/{record.review_claim.pk}/verify/",
        {"note": "Budget law.", "reason": "misread"},
        format="json",
    )
    error = error_of(response, 400)
    assert "reason" in error["fields"]
    assert "This request takes: note, version." in error["message"]
    assert Claim.objects.get(pk=record.review_claim.pk).status == ClaimStatus.NEEDS_REVIEW


def test_an_upload_refuses_form_fields_it_does_not_take(editor):
    client = APIClient()
    client.force_login(editor)
    upload = SimpleUploadedFile("a.txt", b"A title\n\nAzerbaijan spent $3.7 billion in 2024.")
    response = client.post("/api/v1/imports/", {"files": [upload], "colour": "red"})
    assert "colour" in error_of(response, 400)["fields"]
    assert not ImportRun.objects.exists()


def test_imported_articles_keep_fields_the_importer_reads_or_ignores(editor):
    # An article is data kept as sent: its keys are the importer's business, not refused.
    client = APIClient()
    client.force_login(editor)
    article = {"title": "A", "text": "Azerbaijan spent $3.7 billion in 2024.", "extra": 1}
    response = client.post("/api/v1/imports/", [article], format="json")
    assert response.status_code == 202, response.content[:300]


# --- An export while the database is down ---------------------------------------------------


def test_an_export_whose_first_query_fails_is_the_json_503(monkeypatch, record):
    def unreachable(*args, **kwargs):
        raise OperationalError("could not connect to server: Connection refused")
        yield  # pragma: no cover - a generator, like the real one

    monkeypatch.setattr(exports, "export_chunks", unreachable)
    client = APIClient()
    client.raise_request_exception = False
    for fmt in ("csv", "ndjson"):
        response = client.get(f"/api/v1/claims/?format={fmt}")
        assert not response.streaming, fmt
        assert error_of(response, 503)["code"] == "service_unavailable"
        assert response["Retry-After"]
