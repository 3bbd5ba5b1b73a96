"""``POST /api/v1/imports/``: files or JSON articles in, 202 with the run, progress to follow.

The endpoint calls the one import service: bad items are recorded on the run and never stop
the batch, re-sending the same content creates nothing, and with a broker the run is staged
for the workers and its progress shows until the last chunk finishes.
"""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from rest_framework.test import APIClient

from articles.models import Article, ImportRun, StagedItem
from articles.services.articles_import import import_chunk_process

from ..api_roles import client_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_api_state")]

TEXT = (
    "Azerbaijan's arms spending\n\nBy Joshua Kucera\n\n"
    "Azerbaijan's defense expenditures rose from $2.2 billion in 2020 to $3.7 billion in 2024."
)
MARKDOWN = (
    "# Armenia doubles its budget\n\n**Yerevan answers Baku.**\n\n"
    "Armenia's military spending grew from $669 million in 2020 to $1.4 billion in 2024."
)


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def zipped(**members: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name.replace("_", "."), data)
    return buffer.getvalue()


def started(response) -> dict:
    assert response.status_code == 202, response.content[:500]
    body = response.json()
    assert response["Location"] == body["url"] == body["run"]["url"]
    assert body["url"].endswith(f"/api/v1/imports/{body['run']['id']}/")
    return body["run"]


def test_files_and_a_zip_are_imported_and_a_bad_file_is_recorded_not_fatal(editor_client):
    files = [
        upload("kucera.txt", TEXT.encode()),
        upload("bundle.zip", zipped(armenia_md=MARKDOWN.encode(), empty_txt=b"")),
        upload("photo.exe", b"MZ\x90\x00binary"),
    ]
    run = started(editor_client.post("/api/v1/imports/", {"files": files}, format="multipart"))
    assert run["status"] == "finished"
    assert (run["created"], run["failed"]) == (2, 2)
    assert run["origin"] == "api"
    problems = {issue["item"]: issue["message"] for issue in run["issues"]}
    assert "photo.exe" in problems and "unsupported" in problems["photo.exe"]
    assert any("empty" in item for item in problems)
    assert set(Article.objects.values_list("title", flat=True)) == {
        "Azerbaijan's arms spending",
        "Armenia doubles its budget",
    }


def test_a_json_list_of_articles_is_imported_with_their_fields(editor_client):
    articles = [
        {"title": "Arms race", "body": TEXT, "url": "https://example.org/arms",
         "published": "2024-11-21", "byline": "Joshua Kucera", "publication": "Eurasianet"},
        {"title": "No body at all"},
    ]  # fmt: skip
    run = started(editor_client.post("/api/v1/imports/", articles, format="json"))
    assert (run["created"], run["failed"]) == (1, 1)
    article = Article.objects.get()
    assert (article.url, article.byline, str(article.published_on)) == (
        "https://example.org/arms",
        "Joshua Kucera",
        "2024-11-21",
    )
    assert article.publication.name == "Eurasianet"
    assert '"publication": "Eurasianet"' in article.raw


def test_batch_options_apply_to_every_article(editor_client):
    body = {"articles": [{"body": TEXT}], "publication": "CAWAT", "published": "2016-04-02"}
    run = started(editor_client.post("/api/v1/imports/", body, format="json"))
    assert run["created"] == 1
    article = Article.objects.get()
    assert (article.publication.name, str(article.published_on)) == ("CAWAT", "2016-04-02")


def test_sending_the_same_content_again_creates_nothing(editor_client):
    first = started(editor_client.post("/api/v1/imports/", [{"body": TEXT}], format="json"))
    again = started(editor_client.post("/api/v1/imports/", [{"body": TEXT}], format="json"))
    assert (first["created"], again["created"], again["duplicate"]) == (1, 0, 1)
    assert Article.objects.count() == 1


def test_progress_of_a_run_is_readable_by_its_url(editor_client):
    run = started(editor_client.post("/api/v1/imports/", [{"body": TEXT}], format="json"))
    progress = editor_client.get(run["url"]).json()
    assert (progress["status"], progress["done"], progress["seen"]) == ("finished", 1, 1)


@override_settings(CELERY_TASK_ALWAYS_EAGER=False)
def test_with_a_broker_the_run_is_staged_and_progress_shows_until_the_workers_finish(
    editor_client, django_capture_on_commit_callbacks
):
    files = [upload(f"piece-{n}.txt", f"{TEXT}\n\nPiece {n}.".encode()) for n in range(3)]
    with django_capture_on_commit_callbacks(execute=False) as enqueued:
        run = started(editor_client.post("/api/v1/imports/", {"files": files}, format="multipart"))
    assert run["status"] == "pending" and run["expected"] == 3 and run["done"] == 0
    assert enqueued, "the chunks are sent to the workers once the request commits"
    assert StagedItem.objects.filter(run_id=run["id"]).count() == 3
    for chunk in StagedItem.objects.filter(run_id=run["id"]).values_list("chunk", flat=True):
        import_chunk_process(run_id=run["id"], chunk=chunk)
    progress = editor_client.get(run["url"]).json()
    assert (progress["status"], progress["created"]) == ("finished", 3)


def test_an_import_needs_a_token_or_session_and_the_import_permission():
    anonymous = APIClient().post("/api/v1/imports/", [{"body": TEXT}], format="json")
    assert anonymous.status_code == 401
    outsider = client_for("outsider").post("/api/v1/imports/", [{"body": TEXT}], format="json")
    assert outsider.status_code == 403
    assert not ImportRun.objects.exists()


@pytest.mark.parametrize(
    "body",
    [[], {"articles": []}, {"articles": "text"}, ["just a string"], {"format": "txt"}],
)
def test_a_request_that_holds_no_articles_is_a_400(editor_client, body):
    response = editor_client.post("/api/v1/imports/", body, format="json")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid"
    assert not ImportRun.objects.exists()


def test_a_multipart_request_without_files_is_a_400(editor_client):
    response = editor_client.post("/api/v1/imports/", {"publication": "x"}, format="multipart")
    assert response.status_code == 400
    assert "files" in response.json()["error"]["fields"]
