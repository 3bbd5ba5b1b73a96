"""PostgreSQL goes away while requests flow: answers are fast 503s with a clear message, and
the same web processes serve again once it is back — no restart."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request

import pytest
from django.db import connection

from ..backing_services import need_postgresql
from ..factories import ArticleFactory
from ..faults import gunicorn_behind_database_proxy

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("seeded"),
    pytest.mark.services,
]


def fetch(url: str, accept: str = "text/html") -> tuple[int, str, float]:
    started = time.monotonic()
    request = urllib.request.Request(url, headers={"Accept": accept})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            status, body = response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        status, body = error.code, error.read().decode()
    return status, body, time.monotonic() - started


def test_requests_fail_fast_with_503_and_recover_without_a_restart():
    need_postgresql()
    ArticleFactory(title="Before the outage")
    with gunicorn_behind_database_proxy(connection.settings_dict) as (server, proxy):
        for _ in range(4):  # both workers hold a connection through the proxy
            assert fetch(f"{server.url}/")[0] == 200
            assert fetch(f"{server.url}/healthz", "application/json")[0] == 200

        proxy.stop()
        for _ in range(4):
            status, body, seconds = fetch(f"{server.url}/")
            assert status == 503
            assert "database is not reachable" in body
            assert seconds < 5
            status, body, seconds = fetch(f"{server.url}/healthz", "application/json")
            assert status == 503
            assert json.loads(body)["status"] == "not ok"
            assert seconds < 5

        proxy.start()
        statuses = [fetch(f"{server.url}/")[0] for _ in range(6)]
        assert statuses == [200] * 6
