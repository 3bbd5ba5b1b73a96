"""Cursor pagination for every list: stable while rows are inserted, any page in one query.

The change feed pages differently (``ChangeFeedPagination``): it is read forwards only,
resumes after the last event a script handled, and always says where to poll next.

The cursor holds a key in the ordering, not an offset, so a script walking the pages while
editors add claims neither skips nor repeats rows. ``id`` breaks ties in every ordering,
so pages are deterministic and keys unique. ``page_size`` out of range is an error, not
silently replaced by the default.

DRF checks that a cursor decodes, not that the position inside it fits the ordering field:
a crafted ``p=abc`` on ``id`` reached the query as a ``ValueError`` (a 500). Every value of
a key is checked against its field here, and any cursor this list did not issue is a JSON
404.
"""

from __future__ import annotations

import datetime
from base64 import b64decode, b64encode
from collections.abc import Sequence
from typing import Any
from urllib import parse

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import F, Field, Model, Q
from django.db.models.fields.tuple_lookups import (
    Tuple,
    TupleGreaterThanOrEqual,
    TupleLessThanOrEqual,
)
from django.utils import timezone
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import BasePagination, Cursor, CursorPagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from articles.selectors.changes import FeedPosition

# The widest integer column (BigAutoField, BigIntegerField); a key's id must leave room to
# step one either way (``past``).
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
    """Keyset pages: a cursor holds the values of the ordering's fields (the field, then the
    ``id`` that breaks its ties) at the row the page follows or precedes, and the next page
    is the rows past that key, read off an index on the same columns.

    DRF's cursor holds the first field's value and an *offset* among the rows that share
    it, capped at 1,000: past a thousand rows with one ``updated_at`` (a reconcile moves
    every claim in one statement) its pages came round again and again, and each was a
    sort of the whole table. A key of every ordering field is unique (``id`` ends every
    ordering), so no offset is needed, and a page costs the same at any depth.
    """

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = settings.API_MAX_PAGE_SIZE
    # The default; a page's ordering is the field asked for and id (``get_ordering``).
    ordering: str | tuple[str, ...] = "id"
    invalid_cursor_message = (
        "This cursor was not issued by this list (or the list's ordering changed since); "
        "start again from the first page, without a cursor."
    )
    model: type[Model] | None = None

    def paginate_queryset(self, queryset: Any, request: Any, view: Any = None) -> Any:
        self.model = queryset.model
        self.request = request
        self.page_size = self.get_page_size(request)
        self.base_url = request.build_absolute_uri()
        self.ordering = self.get_ordering(request, queryset, view)
        self.cursor = self.decode_cursor(request)
        reverse = self.cursor is not None and self.cursor.reverse
        key = None if self.cursor is None else self.cursor.position
        ordering = reversed_ordering(self.ordering) if reverse else self.ordering
        queryset = queryset.order_by(*ordering)
        if key is not None:
            queryset = queryset.filter(past(ordering, key))
        rows = list(queryset[: self.page_size + 1])
        more = len(rows) > self.page_size
        self.page = rows[: self.page_size]
        if reverse:
            self.page.reverse()
            # Without a key, the list's last page (``get_previous_link``): nothing follows.
            self.has_next, self.has_previous = key is not None, more
        else:
            self.has_next, self.has_previous = more, key is not None
        return self.page

    def get_next_link(self) -> str | None:
        if not self.has_next:
            return None
        if not self.page:
            # Nothing before the key any more: the rows from it on are the first page.
            return remove_query_param(self.base_url, self.cursor_query_param)
        return self.link(reverse=False, key=self.key_of(self.page[-1]))

    def get_previous_link(self) -> str | None:
        if not self.has_previous:
            return None
        # Nothing after the key any more: the rows up to it are the last page.
        key = self.key_of(self.page[0]) if self.page else None
        return self.link(reverse=True, key=key)

    def key_of(self, row: Any) -> tuple[Any, ...]:
        names = [term.lstrip("-") for term in self.ordering]
        if isinstance(row, dict):
            return tuple(row[name] for name in names)
        return tuple(getattr(row, name) for name in names)

    def link(self, *, reverse: bool, key: tuple[Any, ...] | None) -> str:
        tokens: dict[str, Any] = {}
        if reverse:
            tokens["r"] = "1"
        if key is not None:
            tokens["p"] = [position_text(value) for value in key]
        querystring = parse.urlencode(tokens, doseq=True)
        encoded = b64encode(querystring.encode("ascii")).decode("ascii")
        return replace_query_param(self.base_url, self.cursor_query_param, encoded)

    def decode_cursor(self, request: Any) -> Cursor | None:
        """The cursor's direction and key, each value as its field reads it; any cursor this
        list could not have issued (another ordering, an offset, a value its field cannot
        hold) is a 404."""
        encoded = request.query_params.get(self.cursor_query_param)
        if encoded is None:
            return None
        try:
            querystring = b64decode(encoded.encode("ascii"), validate=True).decode("ascii")
            tokens = parse.parse_qs(querystring, keep_blank_values=True, strict_parsing=True)
        except (ValueError, UnicodeError):
            tokens = None
        if not tokens or set(tokens) - {"r", "p"} or tokens.get("r", ["1"]) != ["1"]:
            raise NotFound(self.invalid_cursor_message)
        reverse = "r" in tokens
        texts = tokens.get("p")
        if texts is None:
            if not reverse:  # a forward cursor without a key is the first page's own link
                raise NotFound(self.invalid_cursor_message)
            return Cursor(offset=0, reverse=True, position=None)
        if len(texts) != len(self.ordering):
            raise NotFound(self.invalid_cursor_message)
        key = tuple(
            self.position_value(term, text) for term, text in zip(self.ordering, texts, strict=True)
        )
        return Cursor(offset=0, reverse=reverse, position=key)

    def position_value(self, term: str, text: str) -> Any:
        """``text`` as the value of ordering field ``term``; a 404 when it cannot be one."""
        if self.model is None or "\x00" in text:
            raise NotFound(self.invalid_cursor_message)
        try:
            field = self.model._meta.get_field(term.lstrip("-"))
            if not isinstance(field, Field):
                raise FieldDoesNotExist(term)  # a reverse relation holds no position
            value = field.to_python(text)
        except (FieldDoesNotExist, DjangoValidationError, ValueError, TypeError, OverflowError):
            raise NotFound(self.invalid_cursor_message) from None
        if value is None or (isinstance(value, int) and abs(value) >= MAX_INTEGER_POSITION):
            raise NotFound(self.invalid_cursor_message)
        if isinstance(value, datetime.datetime) and timezone.is_naive(value):
            raise NotFound(self.invalid_cursor_message)
        return value

    def get_page_size(self, request: Any) -> int:
        return requested_page_size(request, self.page_size, self.max_page_size)

    def get_ordering(self, request: Any, queryset: Any, view: Any) -> tuple[str, ...]:
        ordering = tuple(super().get_ordering(request, queryset, view))
        if ordering[0].lstrip("-") == "id":
            return ordering[:1]
        tie_breaker = "-id" if ordering[0].startswith("-") else "id"
        return (ordering[0], tie_breaker)

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


def past(
    ordering: Sequence[str], key: tuple[Any, ...]
) -> Q | TupleLessThanOrEqual | TupleGreaterThanOrEqual:
    """The rows after ``key`` in ``ordering`` (whose fields all run the same way: the tie
    breaker, ``id``, follows the field), as one row comparison, which an index on the same
    columns answers from the key on.

    The comparison takes in its key's row with the id one step on, ``(field, id) <= (v,
    id - 1)`` for ``< (v, id)``: the same rows, ids being whole numbers. PostgreSQL
    estimates a row comparison by its first pair alone, and ``field < v`` finds nothing
    when every row has ``v`` (a reconcile gives every claim one ``updated_at``): the
    planner then joined and sorted the whole table for "one row", half a second a page.
    """
    names = [term.lstrip("-") for term in ordering]
    descending = ordering[0].startswith("-")
    if len(names) == 1:
        return Q(**{f"{names[0]}__{'lt' if descending else 'gt'}": key[0]})
    *values, tie = key
    columns = Tuple(*(F(name) for name in names))
    if descending:
        return TupleLessThanOrEqual(columns, (*values, tie - 1))
    return TupleGreaterThanOrEqual(columns, (*values, tie + 1))


def reversed_ordering(ordering: Sequence[str]) -> tuple[str, ...]:
    return tuple(term[1:] if term.startswith("-") else f"-{term}" for term in ordering)


def position_text(value: Any) -> str:
    """A key's value as the cursor writes it (an instant in ISO 8601, with its offset)."""
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    return str(value)


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
