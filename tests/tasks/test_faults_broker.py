"""Redis goes away: imports through the API answer 503 with a clear message and write
nothing; reads keep working; imports work again once Redis is back."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from urllib.parse import urlparse

import pytest
from rest_framework.authtoken.models import Token

from articles.models import ImportRun, StagedItem

from ..backing_services import need_redis
from ..factories import UserFactory
from ..faults import Gunicorn, TcpProxy
from ..workers import database_url_for_subprocess

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("seeded"),
    pytest.mark.services,
]

ARTICLES = [
    {"title": "Budget", "body": "Azerbaijan's defense budget reached $3.7 billion in 2024."}
]


def call(url: str, token: str, data: object | None = None) -> tuple[int, dict]:
    body = None if data is None else json.dumps(data).encode()
    request = urllib.request.Request(
        url,
        data=body,
        method="POST" if data is not None else "GET",
        headers={"Authorization": f"Token {token}", "Content-Type": "application/json",
                 "Accept": "application/json"},
    )  # fmt: skip
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


def test_imports_are_refused_cleanly_while_redis_is_down_and_reads_keep_working():
    redis_url = urlparse(need_redis())
    proxy = TcpProxy(redis_url.port or 6379).start()
    token = Token.objects.create(user=UserFactory(username="importer", group="Editors")).key
    server = Gunicorn(
        DATABASE_URL=database_url_for_subprocess(),
        # The test's own Redis database (each test pass has one), reached through the proxy;
        # the shared cache goes down with the broker.
        CELERY_BROKER_URL=f"redis://127.0.0.1:{proxy.port}{redis_url.path}",
        CACHE_URL=f"redis://127.0.0.1:{proxy.port}{redis_url.path}",
        CELERY_TASK_DEFAULT_QUEUE="fault-test-never-consumed",
    )
    try:
        proxy.stop()
        status, body = call(f"{server.url}/api/v1/imports/", token, ARTICLES)
        assert status == 503, body
        assert body["error"]["code"] == "queue_unavailable"
        assert "nothing was written" in body["error"]["message"]
        assert not ImportRun.objects.exists()
        assert not StagedItem.objects.exists()
        assert call(f"{server.url}/api/v1/claims/", token)[0] == 200

        proxy.start()
        status, body = call(f"{server.url}/api/v1/imports/", token, ARTICLES)
        assert status == 202, body
        assert ImportRun.objects.count() == 1
        assert StagedItem.objects.count() == 1
    finally:
        proxy.stop()
        print(server.stop())
