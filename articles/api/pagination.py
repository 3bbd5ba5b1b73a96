"""Cursor pagination for every list: stable while rows are inserted, any page in one query.

The change feed pages differently (``ChangeFeedPagination``): it is read forwards only,
resumes after the last event a script handled, and always says where to poll next.

The cursor encodes a position in the ordering rather than an offset, so a script walking
the pages while editors add claims neither skips nor repeats rows. ``id`` breaks ties in
every ordering, so pages are deterministic. ``page_size`` out of range is an error, not
silently replaced by the default.

DRF checks that a cursor decodes, not that the position inside it fits the ordering field:
a crafted ``p=abc`` on ``id`` reached the query as a ``ValueError`` (a 500). Positions are
checked against the field here, and any cursor this list did not issue is a JSON 404.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Field, Model
from django.db.models.constants import LOOKUP_SEP
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import BasePagination, Cursor, CursorPagination
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

from articles.selectors.changes import FeedPosition

# The widest integer column (BigAutoField, BigIntegerField).
MAX_INTEGER_POSITION = 2**63 - 1


def requested_page_size(request: Any, default: int, maximum: int) -> int:
    """``page_size`` from the query, or ``default``; out of range is a 400, not replaced."""
    raw = request.query_params.get("page_size")
    if raw is None or raw == "":
        return default
    try:
        size = int(raw)
    except ValueError:
        size = 0
    if not 1 <= size <= maximum:
        raise ValidationError({"page_size": [f"Must be a whole number from 1 to {maximum}."]})
    return size


class RecordCursorPagination(CursorPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = settings.API_MAX_PAGE_SIZE
    ordering = "id"
    invalid_cursor_message = (
        "This cursor was not issued by this list (or the list's ordering changed since); "
        "start again from the first page, without a cursor."
    )
    model: type[Model] | None = None

    def paginate_queryset(self, queryset: Any, request: Any, view: Any = None) -> Any:
        self.model = queryset.model
        return super().paginate_queryset(queryset, request, view)

    def decode_cursor(self, request: Any) -> Cursor | None:
        cursor = super().decode_cursor(request)
        if cursor is not None and cursor.position is not None:
            self.check_position(cursor.position)
        return cursor

    def check_position(self, position: str) -> None:
        """Refuse a position the ordering field could not hold (the query would fail)."""
        if self.model is None or "\x00" in position:
            raise NotFound(self.invalid_cursor_message)
        try:
            *relations, name = self.ordering[0].lstrip("-").split(LOOKUP_SEP)
            model: Any = self.model
            for relation in relations:
                model = model._meta.get_field(relation).related_model
            field = model._meta.get_field(name)
            if not isinstance(field, Field):
                raise FieldDoesNotExist(name)  # a reverse relation holds no position
            value = field.to_python(position)
        except (FieldDoesNotExist, DjangoValidationError, ValueError, TypeError, OverflowError):
            raise NotFound(self.invalid_cursor_message) from None
        if isinstance(value, int) and abs(value) > MAX_INTEGER_POSITION:
            raise NotFound(self.invalid_cursor_message)

    def get_page_size(self, request: Any) -> int:
        return requested_page_size(request, self.page_size, self.max_page_size)

    def get_ordering(self, request: Any, queryset: Any, view: Any) -> tuple[str, ...]:
        ordering = tuple(super().get_ordering(request, queryset, view))
        if ordering[0].lstrip("-") == "id":
            return ordering[:1]
        tie_breaker = "-id" if ordering[0].startswith("-") else "id"
        return (*ordering, tie_breaker)

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"] = {
                    "type": "integer",
                    "minimum": 1,
                    "maximum": self.max_page_size,
                    "default": self.page_size,
                }
        return parameters


class ChangeFeedPagination(BasePagination):
    """Pages of the change feed: up to ``page_size`` events after ``after``, and ``next``, the
    URL to ask next, which is there even when the page is empty: a script polls it until
    events come. ``more`` says whether events were left for the next page already."""

    page_size = 100
    max_page_size = settings.API_MAX_PAGE_SIZE

    def paginate_queryset(self, queryset: Any, request: Any, view: Any = None) -> list[Any]:
        size = requested_page_size(request, self.page_size, self.max_page_size)
        rows = list(queryset[: size + 1])  # one more: is there a next page already?
        self.request = request
        self.more = len(rows) > size
        self.rows = rows[:size]
        return self.rows

    def position(self) -> str | None:
        """Where the page ends: its last event, or where it was asked to start."""
        if self.rows:
            return str(FeedPosition.of(self.rows[-1]))
        return self.request.query_params.get("after") or None

    def get_paginated_response(self, data: Any) -> Response:
        position = self.position()
        url = self.request.build_absolute_uri()
        return Response(
            {
                "cursor": position,
                "more": self.more,
                "next": replace_query_param(url, "after", position) if position else url,
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        return {
            "type": "object",
            "required": ["cursor", "more", "next", "results"],
            "properties": {
                "cursor": {
                    "type": "string",
                    "nullable": True,
                    "description": "Where this page ends: resume with `after` set to it "
                    "(null while the feed is empty).",
                },
                "more": {
                    "type": "boolean",
                    "description": "Whether more events wait already: ask `next` at once.",
                },
                "next": {
                    "type": "string",
                    "format": "uri",
                    "description": "The URL to ask next (poll it when `more` is false).",
                },
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        return [
            {
                "name": "page_size",
                "required": False,
                "in": "query",
                "description": "Number of events to return per page.",
                "schema": {
                    "type": "integer",
                    "minimum": 1,
                    "maximum": self.max_page_size,
                    "default": self.page_size,
                },
            }
        ]
