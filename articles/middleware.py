"""Request guards: clear answers when the database is away or a request is too big.

- A request that fails because the database cannot be reached gets ``503 Service
  Unavailable`` and ``Retry-After`` — JSON for the API, a short page otherwise — and the
  broken connection is dropped, so the next request connects afresh once the database is
  back, without restarting the web process.
- A request whose declared size is over ``FACTCHECK_MAX_REQUEST_BYTES`` is answered ``413``
  before a byte of its body is read; ``LimitedUploadHandler`` stops one that does not
  declare its size once it grows past the limit. A 1 GB upload never reaches the disk.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.db import InterfaceError, OperationalError, close_old_connections, connections
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string

RETRY_AFTER_SECONDS = 10
MESSAGE = "The database is not reachable right now. Nothing was changed; please try again shortly."


def wants_json(request: HttpRequest) -> bool:
    accept = request.headers.get("Accept", "")
    return request.path.startswith("/api/") or "application/json" in accept


def unavailable_response(request: HttpRequest) -> HttpResponse:
    if wants_json(request):
        response: HttpResponse = JsonResponse(
            {"error": {"code": "service_unavailable", "message": MESSAGE, "fields": {}}},
            status=503,
        )
    else:
        response = HttpResponse(render_to_string("503.html", {"message": MESSAGE}), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def too_large_response(request: HttpRequest, size: int, limit: int) -> HttpResponse:
    message = (
        f"This request is {size / 1048576:.1f} MB; the limit is {limit / 1048576:.0f} MB. "
        "Split the upload into smaller batches."
    )
    if wants_json(request):
        return JsonResponse(
            {"error": {"code": "request_too_large", "message": message, "fields": {}}},
            status=413,
        )
    return HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")


class RequestSizeLimitMiddleware:
    """Refuse a request that declares a body over the limit, before reading any of it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = settings.FACTCHECK_MAX_REQUEST_BYTES
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0
        if declared > limit:
            return too_large_response(request, declared, limit)
        return self.get_response(request)


class LimitedUploadHandler(FileUploadHandler):
    """Stops an upload that grows past the limit without having declared its size."""

    received = 0

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received += len(raw_data)
        if self.received > settings.FACTCHECK_MAX_REQUEST_BYTES:
            raise StopUpload(connection_reset=True)
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


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
