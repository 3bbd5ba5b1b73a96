"""Hostile input: stored intact, shown escaped everywhere, refused early when too big."""

from __future__ import annotations

import json
import socket
import time

import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token

from articles.models import Article, Claim, ImportRun, Source
from articles.services.articles_import import articles_import

from .factories import TEST_SETUP, ClaimFactory, UserFactory, claim_reviewed, json_article
from .faults import Gunicorn
from .workers import database_url_for_subprocess

HOSTILE_BODY = (
    'Budget <script>alert("x")</script> of $3.7 billion in 2024 <img src=x onerror=alert(1)> '
    "javascript:alert(2) \u202eevil\u202c \u200bzero-width " + "very-long-line-" * 2000
)


@pytest.mark.django_db
def test_hostile_article_text_is_stored_intact_and_shown_escaped_everywhere(
    client, reviewer, editor
):
    run = articles_import(
        actor=TEST_SETUP,
        sources=[json_article("h.json", title="<b>Hi</b> \u202etitle", body=HOSTILE_BODY)],
    )
    article = run.articles.get()
    assert '<script>alert("x")</script>' in article.body  # nothing lost
    assert json.loads(article.raw)["body"] == HOSTILE_BODY  # the input, exactly
    claim = ClaimFactory(article=article, phrase="$3.7 billion", attribution="<i>CAWAT</i>")
    claim_reviewed(claim, "verified", actor=reviewer)

    client.force_login(editor)
    pages = {
        "admin article": reverse("admin:articles_article_change", args=[article.pk]),
        "admin claim": reverse("admin:articles_claim_change", args=[claim.pk]),
        "public article": article.get_absolute_url(),
        "public claim": claim.get_absolute_url(),
    }
    for name, url in pages.items():
        page = client.get(url).content.decode()
        assert '<script>alert("x")</script>' not in page, name
        assert "<img src=x onerror=alert(1)>" not in page, name
        assert "<b>Hi</b>" not in page, name
    api = client.get(f"/api/v1/claims/{claim.pk}/", HTTP_ACCEPT="application/json")
    assert api["Content-Type"].startswith("application/json")
    assert api.json()["attribution"] == "<i>CAWAT</i>"  # data, intact, never rendered


@pytest.mark.django_db
def test_a_javascript_url_is_refused_as_a_source_address(client, editor):
    token = Token.objects.create(user=editor).key
    response = client.post(
        "/api/v1/sources/",
        {"title": "Evil", "url": "javascript:alert(1)"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {token}",
    )
    assert response.status_code == 400
    assert "url" in response.json()["error"]["fields"]
    assert not Source.objects.exists()


@pytest.mark.django_db
def test_nul_characters_in_api_text_are_a_clear_400_not_a_server_error(client, editor):
    token = Token.objects.create(user=editor).key
    response = client.post(
        "/api/v1/sources/",
        {"title": "Nul \x00 inside"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {token}",
    )
    assert response.status_code == 400
    assert "title" in response.json()["error"]["fields"]


@pytest.mark.django_db
def test_files_that_lie_about_their_type_are_reported_by_name(client, editor):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(editor)
    files = [
        SimpleUploadedFile("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64),
        SimpleUploadedFile("notes.json", b"This is prose, not JSON."),
        SimpleUploadedFile("fine.txt", b"A title\n\nAzerbaijan spent $3.7 billion in 2024."),
    ]
    client.post(reverse("admin:articles_importrun_upload"), {"files": files, "format": "auto"})
    run = ImportRun.objects.get()
    failed = dict(run.issues.values_list("item", "message"))
    assert set(failed) == {"photo.txt", "notes.json"}
    assert "binary" in failed["photo.txt"]
    assert run.created == 1


# --- Oversized requests, on the real server -------------------------------------------------


def raw_request(port: int, head: str, body_chunks=(), pause: float = 0.0) -> str:
    with socket.create_connection(("127.0.0.1", port), timeout=20) as conn:
        conn.sendall(head.encode())
        try:
            for chunk in body_chunks:
                conn.sendall(chunk)
                if pause:
                    time.sleep(pause)
        except OSError:
            pass  # the server may hang up on us: that is the point
        data = b""
        try:
            while part := conn.recv(65536):
                data += part
        except OSError:
            pass
    return data.decode(errors="replace")


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("seeded")
@pytest.mark.services
def test_a_1_gb_upload_is_refused_before_its_body_is_read():
    token = Token.objects.create(user=UserFactory(username="big", group="Editors")).key
    server = Gunicorn(DATABASE_URL=database_url_for_subprocess(),
                      FACTCHECK_MAX_REQUEST_BYTES=str(5 * 1024 * 1024))  # fmt: skip
    try:
        started = time.monotonic()
        answer = raw_request(
            server.port,
            "POST /api/v1/imports/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            f"Authorization: Token {token}\r\nContent-Type: multipart/form-data; boundary=x\r\n"
            f"Content-Length: {1024**3}\r\nConnection: close\r\n\r\n",
            [b"--x\r\n" + b"a" * 65536],
        )
        assert time.monotonic() - started < 10
        assert answer.startswith("HTTP/1.1 413")
        body = answer.split("\r\n\r\n", 1)[1]
        error = json.loads(body[body.index("{") : body.rindex("}") + 1])["error"]
        assert error["code"] == "request_too_large"
        assert "limit is 5 MB" in error["message"]

        # A stream that does not say how big it is is cut off once it passes the limit.
        chunk = b"a" * (1024 * 1024)
        chunked = (f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n" for _ in range(40))
        answer = raw_request(
            server.port,
            "POST /api/v1/imports/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            f"Authorization: Token {token}\r\nContent-Type: multipart/form-data; boundary=x\r\n"
            "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n",
            chunked,
        )
        assert not answer.startswith("HTTP/1.1 2")
        assert not ImportRun.objects.exists() and not Article.objects.exists()
        assert not Claim.objects.exists()
        assert raw_request(
            server.port,
            "GET /api/v1/ping/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
        ).startswith("HTTP/1.1 200")
    finally:
        print(server.stop())
