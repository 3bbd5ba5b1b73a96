"""Finding 6, in part: what the health check tells the public, and whose links a cache serves.

``/healthz`` says ok or not ok and logs why: the database's error text (host, port, user)
is not the business of whoever asks. The API's response cache keys on the scheme and Host,
so the absolute links a page carries (``next``) always name the host that was asked.
"""

from __future__ import annotations

import pytest
from django.db import OperationalError

from articles.api import conditional

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_api_state")]

DATABASE_ERROR = (
    'connection to server at "db.internal" (10.0.0.5), port 5433 failed: '
    'FATAL: password authentication failed for user "factcheck"'
)


class UnreachableDatabase:
    vendor = "postgresql"

    def cursor(self):
        raise OperationalError(DATABASE_ERROR)


def test_healthz_says_not_ok_without_the_database_error_and_logs_it(client, monkeypatch, caplog):
    assert client.get("/healthz").json() == {"status": "ok"}
    monkeypatch.setattr("articles.views.connection", UnreachableDatabase())
    response = client.get("/healthz", HTTP_ACCEPT="application/json")
    assert response.status_code == 503
    assert response.json()["status"] == "not ok"
    body = response.content.decode()
    for secret in ("db.internal", "10.0.0.5", "5433", "factcheck", "password"):
        assert secret not in body
    assert DATABASE_ERROR in caplog.text


# --- The response cache and the Host ---------------------------------------------------------


@pytest.fixture
def cache_on_every_database(monkeypatch):
    """The cache keyed on one unchanging snapshot, as PostgreSQL gives while nothing commits
    (on SQLite, and inside the test's transaction, it would be skipped)."""
    monkeypatch.setattr(conditional, "database_snapshot", lambda: "snapshot-1")


@pytest.mark.usefixtures("cache_on_every_database")
def test_each_host_gets_next_links_to_itself_not_the_cached_ones_of_another(record, client,
                                                                            settings):  # fmt: skip
    settings.ALLOWED_HOSTS = ["factcheck.example", "mirror.example"]
    asked = [("factcheck.example", False), ("mirror.example", False), ("factcheck.example", True)]
    for host, secure in asked:
        response = client.get("/api/v1/claims/?page_size=1", HTTP_HOST=host, secure=secure)
        assert response.status_code == 200
        scheme = "https" if secure else "http"
        assert response.json()["next"].startswith(f"{scheme}://{host}/api/v1/claims/?")
    assert conditional.response_cache.get_stats()["entries"] == 3
    # The same host and scheme again is a hit: the cache still does its job.
    again = client.get("/api/v1/claims/?page_size=1", HTTP_HOST="mirror.example")
    assert again.json()["next"].startswith("http://mirror.example/")
    assert conditional.response_cache.get_stats()["hits"] == 1
