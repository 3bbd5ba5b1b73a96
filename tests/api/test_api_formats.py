"""What the API sends: money as exact strings, CSV and NDJSON exports streamed in chunks.

Exports hold every row the filters match, in flat columns; a CSV cell that a spreadsheet
would run as a formula is made inert; errors stay JSON whatever format was asked for.
"""

from __future__ import annotations

import csv
import io
import json

import pytest
from rest_framework.test import APIClient

from articles.api import exports
from articles.api.renderers import csv_cell
from articles.models import ClaimStatus

from ..api_roles import (
    client_for,
)
from ..factories import ArticleFactory, ClaimFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_api_state")]


def streamed(response) -> tuple[list[bytes], str]:
    assert response.streaming, "exports must stream, not render whole"
    chunks = list(response.streaming_content)
    return chunks, b"".join(chunks).decode()


def test_money_is_an_exact_decimal_string_with_its_currency_beside_it(record):
    claim = APIClient().get(f"/api/v1/claims/{record.public_claim.pk}/").json()
    assert (claim["value"], claim["currency"]) == ("3700000000.00", "USD")
    assert (claim["period_start"], claim["period_end"]) == (2024, 2024)
    figure = APIClient().get(f"/api/v1/figures/{record.reconciled_figure.pk}/").json()
    assert (figure["value"], figure["currency"], figure["unit"]) == ("3700000000.00", "USD", "USD")


def test_a_figure_shows_every_claim_with_value_period_attribution_article_and_sources(record):
    figure = client_for("reviewer").get(f"/api/v1/figures/{record.open_figure.pk}/").json()
    by_id = {claim["id"]: claim for claim in figure["claims"]}
    public = by_id[record.public_claim.pk]
    assert public["attribution"] == "SIPRI"
    assert public["article"]["publication"]["slug"] == "eurasianet"
    assert [s["source"]["title"] for s in public["sources"]] == [record.source.title]
    assert public["sources"][0]["value"] == "3700000000.00"
    assert by_id[record.conflicting_claim.pk]["value"] == "2200000000.00"
    assert [f["id"] for f in figure["open_flags"]] == [record.open_flag.pk]


def test_claims_export_as_csv_with_a_header_and_flat_columns(record):
    response = client_for("editor").get("/api/v1/claims/?format=csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="claims.csv"' in response["Content-Disposition"]
    _, text = streamed(response)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0]) == exports.CLAIMS.column_names
    public = next(row for row in rows if row["id"] == str(record.public_claim.pk))
    assert public["value"] == "3700000000.00"
    assert public["subject"] == "azerbaijan"
    assert public["publication"] == "eurasianet"
    assert public["source_ids"] == str(record.source.pk)


def test_sources_export_as_csv_with_the_same_fields_as_their_json(record):
    detail = client_for("editor").get(f"/api/v1/sources/{record.source.pk}/").json()
    _, text = streamed(client_for("editor").get("/api/v1/sources/?format=csv"))
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0]) == list(detail)
    (row,) = (row for row in rows if row["id"] == str(record.source.pk))
    assert row["title"] == detail["title"] == "SIPRI Military Expenditure Database 2025"
    assert row["url"] == detail["url"]


def test_anonymous_exports_hold_only_public_claims(record):
    _, text = streamed(APIClient().get("/api/v1/claims/?format=ndjson"))
    rows = [json.loads(line) for line in text.splitlines()]
    assert rows
    assert {row["status"] for row in rows} <= {"verified", "disputed", "false", "unverifiable"}
    assert record.draft_claim.pk not in {row["id"] for row in rows}


def test_ndjson_is_one_json_object_a_line_with_money_as_strings(record):
    response = client_for("reviewer").get("/api/v1/figures/?format=ndjson")
    assert response["Content-Type"] == "application/x-ndjson; charset=utf-8"
    _, text = streamed(response)
    rows = [json.loads(line) for line in text.splitlines()]
    reconciled = next(row for row in rows if row["id"] == record.reconciled_figure.pk)
    assert reconciled["value"] == "3700000000.00"
    assert reconciled["claim_ids"]


def test_exports_apply_the_filters_and_ignore_pagination(record):
    client = client_for("editor")
    _, text = streamed(client.get("/api/v1/claims/?format=ndjson&status=draft&page_size=1"))
    ids = [json.loads(line)["id"] for line in text.splitlines()]
    assert ids == [record.draft_claim.pk]


def test_an_export_streams_in_chunks_of_rows(monkeypatch, record):
    monkeypatch.setattr(exports, "CHUNK_ROWS", 2)
    for _ in range(4):
        ClaimFactory(status=ClaimStatus.VERIFIED)
    chunks, text = streamed(APIClient().get("/api/v1/claims/?format=ndjson"))
    assert len(text.splitlines()) >= 5
    assert len(chunks) >= 3


@pytest.mark.parametrize("danger", ["=HYPERLINK(\"http://x\")", "+1+1", "-2+3", "@SUM(A1)",
                                    "\tcmd", "\rcmd"])  # fmt: skip
def test_csv_cells_that_a_spreadsheet_would_run_are_made_inert(danger):
    assert csv_cell(danger) == "'" + danger
    assert csv_cell("Azerbaijan spent $3.7 billion") == "Azerbaijan spent $3.7 billion"


def test_a_formula_in_an_attribution_reaches_the_csv_inert(record):
    article = ArticleFactory()
    ClaimFactory(article=article, attribution='=HYPERLINK("http://evil.example","SIPRI")',
                 status=ClaimStatus.VERIFIED)  # fmt: skip
    _, text = streamed(APIClient().get("/api/v1/claims/?format=csv"))
    cells = [row["attribution"] for row in csv.DictReader(io.StringIO(text))]
    assert '\'=HYPERLINK("http://evil.example","SIPRI")' in cells
    assert not any(cell.startswith("=") for cell in cells)


def test_an_empty_export_still_has_its_header():
    _, text = streamed(APIClient().get("/api/v1/claims/?format=csv&year=1901"))
    assert text.strip() == ",".join(exports.CLAIMS.column_names)


def test_an_error_in_a_csv_request_is_answered_in_json():
    response = APIClient().get("/api/v1/claims/?format=csv&year_from=soon")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert "year_from" in response.json()["error"]["fields"]


def test_details_are_json_only():
    response = APIClient().get("/api/v1/metrics/1/?format=csv")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
