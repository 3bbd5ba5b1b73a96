"""Conditional requests (ETag, Last-Modified, 304, 412) and a cache of rendered responses.

Every JSON GET carries a strong ``ETag`` (a digest of the representation) and, where the
rows say when they changed, ``Last-Modified``; ``If-None-Match`` / ``If-Modified-Since``
answer ``304``. Writes to one record honour ``If-Match``: the tag must be the one a GET of
the record gives now, else ``412`` (the service then guards the version it was checked at).

Rendered GET responses are also kept, per process, and served again while the database
shows that nothing was committed since: the key includes PostgreSQL's current snapshot
(``pg_current_snapshot()``), which changes with every transaction that writes, anywhere.
So a hit is exactly what rendering again would give, never a stale page, at the cost of a
one-row query. The scheme and Host are in the key too: pages carry absolute links
(``next``, ``previous``, ``url``) built from them, and one host's links must never be served
to another. Inside a transaction (where our own writes do not move the snapshot) and
on SQLite the cache is skipped. Django's cache framework is not used: it would pickle
every hit, and its keys would outlive the data they describe.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date, parse_etags
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.utils.encoders import JSONEncoder

from articles.errors import MalformedPrecondition, StaleWrite
from articles.selectors import can_see_drafts

VARY = ("Accept", "Authorization", "Cookie")


def representation_etag(data: Any) -> str:
    """A strong ETag of a JSON representation, independent of indentation or key order."""
    canonical = json.dumps(data, cls=JSONEncoder, sort_keys=True, separators=(",", ":"))
    return '"' + hashlib.blake2b(canonical.encode(), digest_size=16).hexdigest() + '"'


def content_etag(content: bytes) -> str:
    """A strong ETag of rendered bytes (a list page is 100 KB or more). SHA-256, cut to 128
    bits: processors hash it in hardware, twice as fast here as BLAKE2 in software."""
    return '"' + hashlib.sha256(content).hexdigest()[:32] + '"'


def latest_change(rows: Iterable[Any]) -> datetime | None:
    stamps = [row.updated_at for row in rows if getattr(row, "updated_at", None) is not None]
    return max(stamps) if stamps else None


def require_if_match(request: HttpRequest, current_etag: str, current_version: int | None) -> None:
    """Refuse a write whose ``If-Match`` names a representation that is no longer current."""
    header = request.headers.get("If-Match")
    if not header:
        return
    tags = parse_etags(header)
    if not tags or len(tags) < len([part for part in header.split(",") if part.strip()]):
        raise MalformedPrecondition(
            "If-Match holds no ETag as this API writes them: send it exactly as the ETag "
            'header gave it, double quotes included (If-Match: "…").'
        )
    if "*" in tags or current_etag in tags:
        return
    raise StaleWrite(
        "The record changed since you read it (If-Match does not match its current ETag). "
        "Reload it and apply your change again.",
        current_version=current_version,
    )


def with_validators(
    request: HttpRequest, response: HttpResponse, etag: str, last_modified: str | None
) -> HttpResponse:
    """Add the validators to ``response``, or answer 304 when the client already has it."""
    response["ETag"] = etag
    if last_modified:
        response["Last-Modified"] = last_modified
    response["Cache-Control"] = "no-cache"
    patch_vary_headers(response, VARY)
    timestamp = _parse_http_date(last_modified)
    conditional = get_conditional_response(
        request, etag=etag, last_modified=timestamp, response=response
    )
    return conditional if conditional is not None else response


def _parse_http_date(value: str | None) -> int | None:
    from django.utils.http import parse_http_date_safe

    return parse_http_date_safe(value) if value else None


# --- The response cache ---------------------------------------------------------------------


@dataclass(frozen=True)
class CachedResponse:
    content: bytes
    content_type: str
    etag: str
    last_modified: str | None


class ResponseCache:
    """Least-recently-used rendered responses, bounded by their total size."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.size = 0
        self.hits = 0
        self.misses = 0
        self._entries: OrderedDict[tuple, CachedResponse] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple) -> CachedResponse | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                self.misses += 1
            else:
                self.hits += 1
                self._entries.move_to_end(key)
            return entry

    def get_stats(self) -> dict[str, int]:
        with self._lock:
            return {
                "entries": len(self._entries),
                "bytes": self.size,
                "hits": self.hits,
                "misses": self.misses,
            }

    def put(self, key: tuple, entry: CachedResponse) -> None:
        if len(entry.content) > self.max_bytes // 4:
            return
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self.size -= len(old.content)
            self._entries[key] = entry
            self.size += len(entry.content)
            while self.size > self.max_bytes and self._entries:
                _, evicted = self._entries.popitem(last=False)
                self.size -= len(evicted.content)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self.size = self.hits = self.misses = 0


response_cache = ResponseCache(settings.API_RESPONSE_CACHE_MB * 1024 * 1024)


def database_snapshot() -> str | None:
    """What the database looks like now, as a key, or None when it cannot say."""
    if (
        not settings.API_RESPONSE_CACHE_MB
        or connection.vendor != "postgresql"
        or connection.in_atomic_block
    ):
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_current_snapshot()::text")
        return cursor.fetchone()[0]


class ConditionalRecordMixin:
    """For viewsets: validators on JSON GETs, 304s, and the snapshot-keyed response cache."""

    last_modified: datetime | None = None
    _cache_key: tuple | None = None

    def cached_response(self, request: Any) -> HttpResponse | None:
        """The response already rendered for this request, if nothing changed since."""
        self._cache_key = None
        renderer = getattr(request, "accepted_renderer", None)
        if request.method not in ("GET", "HEAD") or not isinstance(renderer, JSONRenderer):
            return None
        snapshot = database_snapshot()
        if snapshot is None:
            return None
        self._cache_key = (
            snapshot,
            request.scheme,
            request.get_host(),
            type(self).__name__,
            self.action,  # type: ignore[attr-defined]  # a mixin for viewsets, which have it
            tuple(sorted(self.kwargs.items())),  # type: ignore[attr-defined]  # a mixin for viewsets, which have it
            tuple(sorted((name, tuple(values)) for name, values in request.query_params.lists())),
            request.accepted_media_type,
            can_see_drafts(request.user),
        )
        entry = response_cache.get(self._cache_key)
        if entry is None:
            return None
        response = HttpResponse(entry.content, content_type=entry.content_type)
        return with_validators(request, response, entry.etag, entry.last_modified)

    def finalize_response(self, request: Any, response: Any, *args: Any, **kwargs: Any) -> Any:
        response = super().finalize_response(request, response, *args, **kwargs)  # type: ignore[misc]  # a mixin: the view class it is mixed into has the method
        if (
            request.method not in ("GET", "HEAD")
            or not isinstance(response, Response)
            or response.status_code != 200
            or response.exception
        ):
            return response
        last_modified = http_date(self.last_modified.timestamp()) if self.last_modified else None
        if getattr(self, "action", None) == "list":
            # Nobody sends a list back in an If-Match: its tag need only change with its
            # bytes, which hashes the rendered page instead of encoding it a second time.
            response.render()
            etag = content_etag(response.content)
        else:
            etag = representation_etag(response.data)
            response.render()
        if self._cache_key is not None:
            response_cache.put(
                self._cache_key,
                CachedResponse(response.content, response["Content-Type"], etag, last_modified),
            )
        return with_validators(request, response, etag, last_modified)
