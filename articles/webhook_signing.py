"""Signing webhook deliveries, and checking a signature as a receiver does (no Django).

A delivery carries ``X-Factcheck-Timestamp`` (Unix seconds when it was sent) and
``X-Factcheck-Signature: sha256=<hex>``, the HMAC-SHA256, keyed with the subscription's
secret, of ``f"{timestamp}.{body}"``. Signing the timestamp with the body lets a receiver
refuse a delivery that was recorded and sent again later (a replay): the signature would no
longer match a fresh timestamp. The scheme is the one Stripe and Slack use; Python's
``hmac`` is all it needs, so no library is brought in for it.
"""

from __future__ import annotations

import hashlib
import hmac
import time

SIGNATURE_HEADER = "X-Factcheck-Signature"
TIMESTAMP_HEADER = "X-Factcheck-Timestamp"
SCHEME = "sha256"
# How old a delivery a receiver should still accept; a retry is signed afresh when sent.
DEFAULT_TOLERANCE_SECONDS = 300


def signature(secret: str, timestamp: int, body: bytes) -> str:
    """``sha256=<hex>`` of ``f"{timestamp}.{body}"`` keyed with ``secret``."""
    signed = f"{timestamp}.".encode() + body
    return f"{SCHEME}=" + hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()


def signed_headers(secret: str, body: bytes, now: float | None = None) -> dict[str, str]:
    timestamp = int(time.time() if now is None else now)
    return {
        TIMESTAMP_HEADER: str(timestamp),
        SIGNATURE_HEADER: signature(secret, timestamp, body),
    }


def signature_valid(
    secret: str,
    body: bytes,
    timestamp: str,
    header: str,
    *,
    tolerance: int = DEFAULT_TOLERANCE_SECONDS,
    now: float | None = None,
) -> bool:
    """What a receiver checks: a fresh timestamp, and the signature of exactly this body."""
    try:
        sent = int(timestamp)
    except (TypeError, ValueError):
        return False
    if abs((time.time() if now is None else now) - sent) > tolerance:
        return False
    # Constant-time: comparing byte by byte would tell an attacker how much was right.
    return hmac.compare_digest(signature(secret, sent, body), header or "")
