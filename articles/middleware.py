"""Answering clearly when the database is away: 503 with a message, never a stack trace.

A request that fails because the database cannot be reached gets ``503 Service
Unavailable`` and ``Retry-After`` — JSON for the API, a short page otherwise — and the broken
connection is dropped, so the next request connects afresh once the database is back,
without restarting the web process.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import InterfaceError, OperationalError, close_old_connections, connections
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string

RETRY_AFTER_SECONDS = 10
MESSAGE = "The database is not reachable right now. Nothing was changed; please try again shortly."


def unavailable_response(request: HttpRequest) -> HttpResponse:
    if request.path.startswith("/api/") or "application/json" in request.headers.get("Accept", ""):
        response: HttpResponse = JsonResponse(
            {"error": {"code": "service_unavailable", "message": MESSAGE, "fields": {}}},
            status=503,
        )
    else:
        response = HttpResponse(render_to_string("503.html", {"message": MESSAGE}), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def is_database_outage(exception: BaseException) -> bool:
    return isinstance(exception, OperationalError | InterfaceError)


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not is_database_outage(exception):
            return None
        for connection in connections.all(initialized_only=True):
            # A connection that failed mid-request is useless now; drop it so the next
            # request opens a fresh one.
            connection.close_if_unusable_or_obsolete()
        close_old_connections()
        return unavailable_response(request)
