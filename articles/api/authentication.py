"""Token authentication that slows a client sending wrong tokens, never one with a right one.

DRF checks rate limits only after authentication succeeded, so a client sending wrong
tokens is never throttled. This counts the wrong tokens per client address (in the shared
cache); past ``API_TOKEN_FAILURE_LIMIT`` a minute, a wrong token is answered 429 instead of
401. A right token is always accepted: the address may be a newsroom's shared NAT where
one misconfigured script should not lock everyone out, and keys are 160 random bits, so the
limit is there to keep the noise down, not to make guessing possible or impossible.

``Authorization: Bearer <key>`` is accepted as well as DRF's ``Token <key>``.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.cache import cache
from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed, Throttled

from articles.client_address import client_address

WINDOW_SECONDS = 60
SCHEMES = ("token", "bearer")


class GuardedTokenAuthentication(TokenAuthentication):
    def authenticate(self, request: Any) -> Any:
        scheme = request.META.get("HTTP_AUTHORIZATION", "").split(" ", 1)[0].lower()
        if scheme not in SCHEMES:
            return None
        self.keyword = scheme.capitalize()
        key = "token-failures:" + client_address(request)
        try:
            return super().authenticate(request)
        except AuthenticationFailed:
            failures = failure_count_increment(key)
            if failures > settings.API_TOKEN_FAILURE_LIMIT:
                raise Throttled(
                    wait=WINDOW_SECONDS,
                    detail="Too many wrong tokens from this address; wait a minute.",
                ) from None
            raise


def failure_count_increment(key: str) -> int:
    """Count one more wrong token for ``key`` in the current window; the new count."""
    if cache.add(key, 1, WINDOW_SECONDS):
        return 1
    try:
        return int(cache.incr(key))
    except ValueError:  # the window ended between add() and incr()
        cache.set(key, 1, WINDOW_SECONDS)
        return 1
