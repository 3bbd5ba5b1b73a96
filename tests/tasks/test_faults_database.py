"""PostgreSQL goes away while requests flow: answers are fast 503s with a clear message, and
the same web processes serve again once it is back — no restart."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from typing import NamedTuple

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


class Answer(NamedTuple):
    status: int
    body: str
    seconds: float
    content_type: str


def fetch(url: str, accept: str = "text/html") -> Answer:
    started = time.monotonic()
    request = urllib.request.Request(url, headers={"Accept": accept})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            status, body, headers = response.status, response.read().decode(), response.headers
    except urllib.error.HTTPError as error:
        status, body, headers = error.code, error.read().decode(), error.headers
    return Answer(status, body, time.monotonic() - started, headers["Content-Type"])


def test_requests_fail_fast_with_503_and_recover_without_a_restart():
    need_postgresql()
    ArticleFactory(title="Before the outage")
    with gunicorn_behind_database_proxy(connection.settings_dict) as (server, proxy):
        for _ in range(4):  # both workers hold a connection through the proxy
            assert fetch(f"{server.url}/")[0] == 200
            assert fetch(f"{server.url}/healthz", "application/json")[0] == 200

        proxy.stop()
        for _ in range(4):
            status, body, seconds, _ = fetch(f"{server.url}/")
            assert status == 503
            assert "database is not reachable" in body
            assert seconds < 5
            status, body, seconds, _ = fetch(f"{server.url}/healthz", "application/json")
            assert status == 503
            assert json.loads(body)["status"] == "not ok"
            assert seconds < 5

        proxy.start()
        statuses = [fetch(f"{server.url}/")[0] for _ in range(6)]
        assert statuses == [200] * 6


def test_a_csv_export_while_postgresql_is_down_is_the_json_503_on_the_real_server():
    need_postgresql()
    with gunicorn_behind_database_proxy(connection.settings_dict) as (server, proxy):
        for _ in range(4):  # both workers hold a connection through the proxy
            answer = fetch(f"{server.url}/api/v1/metrics/?format=csv", "*/*")
            assert answer.status == 200 and "military-expenditure" in answer.body
        proxy.stop()
        for fmt in ("csv", "ndjson"):
            answer = fetch(f"{server.url}/api/v1/metrics/?format={fmt}", "*/*")
            assert answer.status == 503, answer.body[:300]
            assert answer.content_type.startswith("application/json")
            assert json.loads(answer.body)["error"]["code"] == "service_unavailable"
