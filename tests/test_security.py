"""Security by default: brute-force lockout on the admin login, safe headers everywhere."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from .factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_admin_login_locks_out_a_guesser_but_not_the_account_owner_elsewhere(client, settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    settings.AXES_COOLOFF_TIME = timedelta(minutes=20)
    UserFactory(username="target", group="Editors")
    url = reverse("admin:login")
    for _ in range(3):
        response = client.post(
            url, {"username": "target", "password": "wrong"}, REMOTE_ADDR="10.0.0.9"
        )
        assert response.status_code in (200, 429)
    locked = client.post(
        url, {"username": "target", "password": "pw-for-tests-only"}, REMOTE_ADDR="10.0.0.9"
    )
    assert locked.status_code == 429
    page = " ".join(locked.content.decode().split())
    # What is locked, for how long (from the setting), and that it can be lifted sooner.
    assert "Sign-in is locked for the account “target” from this address" in page
    assert "after 3 failed attempts" in page
    assert "The lock lasts 20 minutes" in page
    assert "An administrator can lift it earlier" in page
    elsewhere = client.post(
        url,
        {"username": "target", "password": "pw-for-tests-only", "next": "/admin/"},
        REMOTE_ADDR="10.0.0.10",
    )
    assert elsewhere.status_code == 302


@pytest.mark.parametrize(
    "command",
    [
        ["axes_reset_username", "target"],
        ["axes_reset_ip", "10.0.0.9"],
        ["axes_reset_ip_username", "10.0.0.9", "target"],
        ["axes_reset"],
    ],
    ids=lambda command: command[0],
)
def test_the_commands_the_readme_gives_lift_a_lockout_before_it_expires(client, settings, command):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 2
    UserFactory(username="target", group="Editors")
    url = reverse("admin:login")
    for _ in range(2):
        client.post(url, {"username": "target", "password": "wrong"}, REMOTE_ADDR="10.0.0.9")
    right = {"username": "target", "password": "pw-for-tests-only", "next": "/admin/"}
    assert client.post(url, right, REMOTE_ADDR="10.0.0.9").status_code == 429
    call_command(*command, stdout=StringIO())
    assert client.post(url, right, REMOTE_ADDR="10.0.0.9").status_code == 302


@pytest.mark.parametrize("path", ["/", "/admin/login/", "/healthz"])
def test_every_response_carries_the_security_headers(client, path):
    response = client.get(path)
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "object-src 'none'" in policy
    assert "frame-ancestors 'none'" in policy


def test_a_client_guessing_api_tokens_is_refused_after_the_limit(client, settings):
    from django.core.cache import cache

    cache.clear()
    settings.API_TOKEN_FAILURE_LIMIT = 5
    for n in range(5):
        wrong = client.get("/api/v1/claims/", HTTP_AUTHORIZATION=f"Token wrong{n}")
        assert wrong.status_code == 401
    refused = client.get("/api/v1/claims/", HTTP_AUTHORIZATION="Token wrong-again")
    assert refused.status_code == 429
    assert refused.json()["error"]["code"] == "throttled"
    elsewhere = client.get(
        "/api/v1/claims/", HTTP_AUTHORIZATION="Token wrong-again", REMOTE_ADDR="10.1.2.3"
    )
    assert elsewhere.status_code == 401
    cache.clear()
