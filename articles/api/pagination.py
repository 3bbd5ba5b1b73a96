"""Cursor pagination for every list: stable while rows are inserted, any page in one query.

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
from django.db.models import Model
from django.db.models.constants import LOOKUP_SEP
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import Cursor, CursorPagination

# The widest integer column (BigAutoField, BigIntegerField).
MAX_INTEGER_POSITION = 2**63 - 1


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
            model = self.model
            for relation in relations:
                model = model._meta.get_field(relation).related_model
            value = model._meta.get_field(name).to_python(position)
        except (FieldDoesNotExist, DjangoValidationError, ValueError, TypeError, OverflowError):
            raise NotFound(self.invalid_cursor_message) from None
        if isinstance(value, int) and abs(value) > MAX_INTEGER_POSITION:
            raise NotFound(self.invalid_cursor_message)

    def get_page_size(self, request: Any) -> int:
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None or raw == "":
            return self.page_size
        try:
            size = int(raw)
        except ValueError:
            size = 0
        if not 1 <= size <= self.max_page_size:
            raise ValidationError(
                {"page_size": [f"Must be a whole number from 1 to {self.max_page_size}."]}
            )
        return size

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
