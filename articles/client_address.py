"""The client's address, the same for every limit: API throttles, wrong tokens, admin logins.

``X-Forwarded-For`` is a header anyone can send. It names the client only when it was
written by proxies we run, so it is read only when ``TRUSTED_PROXY_COUNT`` says how many
stand in front of the site; the client is then the address the outermost trusted proxy
saw, the ``TRUSTED_PROXY_COUNT``-th entry from the right (entries further left were sent
by the client and prove nothing). Without trusted proxies the connection's address is the
client. DRF's own ``get_ident`` joins the whole header when ``NUM_PROXIES`` is unset, so
every new header value counted as a new client; one function here replaces it everywhere.
"""

from __future__ import annotations

import ipaddress
from typing import Any

from django.conf import settings


def client_address(request: Any) -> str:
    """The address limits are counted against; ``"unknown"`` when the request has none."""
    meta = getattr(request, "META", None) or {}
    remote = (meta.get("REMOTE_ADDR") or "").strip()
    trusted = settings.TRUSTED_PROXY_COUNT
    forwarded = meta.get("HTTP_X_FORWARDED_FOR", "")
    if trusted > 0 and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",")]
        candidate = hops[-min(trusted, len(hops))]
        if is_address(candidate):
            return candidate
    return remote or "unknown"


def is_address(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True
