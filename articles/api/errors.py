"""Every API error is JSON of one shape: ``{"error": {"code", "message", "fields"}}``.

Domain errors carry their own status (409 invalid transition, 412 stale write, 403 not
permitted); Django validation errors become 400 with field errors; an unexpected exception
is logged and answered with a JSON 500; nothing reaches the client as an HTML page or a
stack trace.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig, SuspiciousOperation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpRequest, JsonResponse
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

from articles.errors import FactcheckError, ReviewRefused, StaleWrite

from .parsers import RequestTooLarge, body_limit_message

logger = logging.getLogger(__name__)


def error_body(code: str, message: str, fields: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "fields": fields or {}}}


def _flatten(detail: Any) -> Any:
    if isinstance(detail, dict):
        return {key: _flatten(value) for key, value in detail.items()}
    if isinstance(detail, list):
        return [_flatten(item) for item in detail]
    return str(detail)


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, FactcheckError) and not isinstance(exc, PermissionDenied):
        body = error_body(exc.code, str(exc))
        if isinstance(exc, StaleWrite) and exc.current_version is not None:
            body["error"]["current_version"] = exc.current_version
        if isinstance(exc, ReviewRefused):
            body["error"]["missing"] = exc.missing
        return Response(body, status=exc.status_code)
    if isinstance(exc, DjangoValidationError):
        fields = _flatten(exc.message_dict) if hasattr(exc, "error_dict") else {}
        message = "; ".join(exc.messages)
        return Response(error_body("invalid", message, fields), status=400)
    if isinstance(exc, RequestDataTooBig):
        exc = RequestTooLarge(body_limit_message(settings.DATA_UPLOAD_MAX_MEMORY_SIZE))
    elif isinstance(exc, SuspiciousOperation):
        # Django answers these 400 (too many fields or files, a bad Host); so does the API,
        # without Django's text, which can name the settings and hosts it checked.
        logger.warning("Refused as suspicious: %s", exc)
        exc = exceptions.ParseError(
            "The request is malformed or over one of the server's limits (fields, files)."
        )
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    response = drf_exception_handler(exc, context)
    if response is None:
        if isinstance(exc, OperationalError | InterfaceError):
            # The database is away: the outage middleware answers 503 with Retry-After.
            return None
        view = context.get("view")
        logger.exception("Unexpected error in %s", type(view).__name__, exc_info=exc)
        set_rollback()
        return Response(
            error_body("server_error", "The server failed to answer; the error was logged."),
            status=500,
        )
    detail = response.data
    if isinstance(exc, exceptions.ValidationError):
        fields = _flatten(detail) if isinstance(detail, dict) else {}
        non_field = fields.pop("non_field_errors", None) if isinstance(fields, dict) else None
        if isinstance(detail, list):
            message = "; ".join(_flatten(detail))
        elif non_field:
            message = "; ".join(non_field)
        else:
            message = "Some fields are not valid."
        response.data = error_body("invalid", message, fields)
    else:
        code = getattr(exc, "default_code", "error")
        codes = exc.get_codes() if isinstance(exc, exceptions.APIException) else None
        if isinstance(codes, str):
            code = codes
        message = str(detail.get("detail", detail)) if isinstance(detail, dict) else str(detail)
        response.data = error_body(code, message)
    return response


def json_not_found(request: HttpRequest, exception: Exception | None = None) -> JsonResponse:
    return JsonResponse(error_body("not_found", "Not found."), status=status.HTTP_404_NOT_FOUND)


def json_server_error(request: HttpRequest) -> JsonResponse:
    return JsonResponse(
        error_body("server_error", "The server failed to answer; the error was logged."),
        status=500,
    )
