"""Where the real PostgreSQL and Redis of the machine are, and whether they answer.

A missing service skips the tests that need it, with the reason, unless REQUIRE_SERVICES=1
(as in CI), where it fails them instead: a green CI run must have used the real services.
"""

from __future__ import annotations

import os
import socket
from urllib.parse import urlparse

import pytest

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def services_required() -> bool:
    return os.environ.get("REQUIRE_SERVICES", "") in {"1", "true", "yes"}


def reachable(url: str, timeout: float = 1.0) -> bool:
    parsed = urlparse(url)
    try:
        with socket.create_connection((parsed.hostname, parsed.port or 6379), timeout=timeout):
            return True
    except OSError:
        return False


def need_redis() -> str:
    """The Redis URL to use, or skip (fail under REQUIRE_SERVICES) when it does not answer."""
    if reachable(REDIS_URL):
        return REDIS_URL
    message = f"Redis is not reachable at {REDIS_URL}"
    if services_required():
        pytest.fail(f"{message} and REQUIRE_SERVICES=1")
    pytest.skip(message)


def need_postgresql() -> None:
    from django.db import connection

    if connection.vendor != "postgresql":
        message = "this test needs PostgreSQL (run with DATABASE_URL=postgres://...)"
        pytest.skip(message)
