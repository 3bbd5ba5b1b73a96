"""Finding 1: the limits trusted a header anyone can send.

Every limit (anonymous API throttle, wrong-token limit, admin lockout) counts per client
address; ``X-Forwarded-For`` names the client only behind ``TRUSTED_PROXY_COUNT`` proxies.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from rest_framework.authtoken.models import Token

from articles.client_address import client_address

from ..factories import UserFactory

pytestmark = pytest.mark.django_db

THROTTLED_API = {
    "DEFAULT_THROTTLE_RATES": {"anon": "5/minute", "user": "100000/minute"},
}


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def low_anonymous_rate(settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, **THROTTLED_API}


class FakeRequest:
    def __init__(self, remote: str, forwarded: str | None = None) -> None:
        self.META = {"REMOTE_ADDR": remote}
        if forwarded is not None:
            self.META["HTTP_X_FORWARDED_FOR"] = forwarded


@pytest.mark.parametrize(
    ("trusted", "forwarded", "expected"),
    [
        (0, "198.51.100.1", "10.0.0.1"),  # no proxy: the header is the client's own words
        (1, "198.51.100.1", "198.51.100.1"),
        (1, "6.6.6.6, 198.51.100.1", "198.51.100.1"),  # the client's prefix is ignored
        (2, "6.6.6.6, 198.51.100.1, 172.16.0.5", "198.51.100.1"),
        (2, "198.51.100.1", "198.51.100.1"),  # fewer hops than proxies: the first one
        (1, "not-an-address", "10.0.0.1"),
        (1, None, "10.0.0.1"),
    ],
)
def test_the_client_address_reads_forwarded_for_only_behind_trusted_proxies(
    settings, trusted, forwarded, expected
):
    settings.TRUSTED_PROXY_COUNT = trusted
    assert client_address(FakeRequest("10.0.0.1", forwarded)) == expected


def test_a_new_forwarded_for_value_per_request_does_not_escape_the_anonymous_throttle(
    client, settings, low_anonymous_rate
):
    settings.TRUSTED_PROXY_COUNT = 0
    codes = [
        client.get("/api/v1/ping/", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}").status_code
        for n in range(8)
    ]
    assert codes[:5] == [200] * 5
    assert codes[5:] == [429] * 3


def test_behind_a_trusted_proxy_each_client_has_its_own_anonymous_allowance(
    client, settings, low_anonymous_rate
):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    for n in range(5):  # the spoofed left part changes; the proxy-seen client does not
        response = client.get(
            "/api/v1/ping/", HTTP_X_FORWARDED_FOR=f"6.6.6.{n}, 198.51.100.7", **proxy
        )
        assert response.status_code == 200
    blocked = client.get("/api/v1/ping/", HTTP_X_FORWARDED_FOR="7.7.7.7, 198.51.100.7", **proxy)
    assert blocked.status_code == 429
    other = client.get("/api/v1/ping/", HTTP_X_FORWARDED_FOR="198.51.100.8", **proxy)
    assert other.status_code == 200


def test_wrong_tokens_with_a_new_forwarded_for_each_are_refused_after_the_limit(client, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    settings.API_TOKEN_FAILURE_LIMIT = 5
    codes = [
        client.get(
            "/api/v1/claims/",
            HTTP_AUTHORIZATION=f"Token wrong{n}",
            HTTP_X_FORWARDED_FOR=f"203.0.113.{n}",
        ).status_code
        for n in range(60)
    ]
    assert codes[:5] == [401] * 5
    assert set(codes[5:]) == {429}


def test_a_valid_token_is_never_refused_by_the_wrong_token_limit(client, settings, editor):
    settings.API_TOKEN_FAILURE_LIMIT = 3
    good = Token.objects.create(user=editor).key
    for n in range(10):
        client.get("/api/v1/claims/", HTTP_AUTHORIZATION=f"Token wrong{n}")
    still_wrong = client.get("/api/v1/claims/", HTTP_AUTHORIZATION="Token wrong-again")
    assert still_wrong.status_code == 429
    assert still_wrong.json()["error"]["code"] == "throttled"
    for scheme in ("Token", "Bearer"):
        right = client.get("/api/v1/claims/", HTTP_AUTHORIZATION=f"{scheme} {good}")
        assert right.status_code == 200, scheme


def test_the_admin_lockout_cannot_be_walked_around_with_forwarded_for(client, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    settings.AXES_COOLOFF_TIME = timedelta(minutes=5)
    UserFactory(username="target", group="Editors")
    url = reverse("admin:login")
    codes = [
        client.post(
            url,
            {"username": "target", "password": "wrong"},
            REMOTE_ADDR="10.0.0.9",
            HTTP_X_FORWARDED_FOR=f"203.0.113.{n}",
        ).status_code
        for n in range(5)
    ]
    assert codes[-1] == 429


def test_behind_a_trusted_proxy_the_admin_lockout_is_per_client_not_per_proxy(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    UserFactory(username="target", group="Editors")
    url = reverse("admin:login")
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    for _ in range(3):
        client.post(
            url,
            {"username": "target", "password": "wrong"},
            HTTP_X_FORWARDED_FOR="198.51.100.66",
            **proxy,
        )
    guesser = client.post(
        url,
        {"username": "target", "password": "pw-for-tests-only"},
        HTTP_X_FORWARDED_FOR="198.51.100.66",
        **proxy,
    )
    assert guesser.status_code == 429
    owner = client.post(
        url,
        {"username": "target", "password": "pw-for-tests-only", "next": "/admin/"},
        HTTP_X_FORWARDED_FOR="198.51.100.67",
        **proxy,
    )
    assert owner.status_code == 302
