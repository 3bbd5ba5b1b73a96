"""Token authentication that refuses a client guessing tokens.

DRF checks rate limits only after authentication succeeded, so a client sending wrong
tokens is never throttled. This counts the failed tokens per client address (in the shared
cache) and, past ``API_TOKEN_FAILURE_LIMIT`` a minute, answers 429 without looking at the
token at all.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.cache import cache
from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed, Throttled
from rest_framework.throttling import BaseThrottle

WINDOW_SECONDS = 60


class GuardedTokenAuthentication(TokenAuthentication):
    def authenticate(self, request: Any) -> Any:
        if not request.META.get("HTTP_AUTHORIZATION", "").lower().startswith("token"):
            return None
        key = "token-failures:" + (BaseThrottle().get_ident(request) or "unknown")
        limit = settings.API_TOKEN_FAILURE_LIMIT
        if (cache.get(key) or 0) >= limit:
            raise Throttled(
                wait=WINDOW_SECONDS,
                detail="Too many wrong tokens from this address; wait a minute.",
            )
        try:
            return super().authenticate(request)
        except AuthenticationFailed:
            if cache.add(key, 1, WINDOW_SECONDS) is False:
                try:
                    cache.incr(key)
                except ValueError:
                    cache.set(key, 1, WINDOW_SECONDS)
            raise
