"""JSON request bodies, bounded in size and in nesting depth before they are parsed.

DRF's ``JSONParser`` hands the whole body to ``json.load``. Python's decoder recurses once
per nesting level, so a body of 100,000 ``[`` ended in a ``RecursionError`` (a 500) before
any serializer saw it. This parser scans the text once for the depth of its brackets
outside strings (400 beyond ``MAX_JSON_DEPTH``) and only then parses it, refusing ``NaN``
and ``Infinity`` as DRF does. No request of the API nests deeper than four levels; the
limit leaves room for what an importer keeps untouched. The scan is linear: a few
milliseconds for the usual body, about two seconds for 50 MB of nothing but brackets, and
only writers get that far (permissions are checked before the body is read).

Size: DRF reads JSON through Django's ``request.body``, which stops at
``DATA_UPLOAD_MAX_MEMORY_SIZE`` with ``RequestDataTooBig`` (``articles.api.errors`` answers
it 413, as ``RequestTooLarge``); the parser checks the same limit itself, so a stream
handed to it directly is never read past the limit either.
"""

from __future__ import annotations

import re
from typing import IO, Any

from django.conf import settings
from rest_framework import status
from rest_framework.exceptions import APIException, ParseError
from rest_framework.parsers import JSONParser
from rest_framework.utils import json

MAX_JSON_DEPTH = 64

# A JSON string, escapes included (the "unrolled loop" form: linear, no backtracking).
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_OPENING = frozenset("[{")


class RequestTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "request_too_large"
    default_detail = "The request body is too large."


def body_limit_message(limit: int) -> str:
    return (
        f"The request body is larger than the {limit:,} bytes read into memory at most "
        "(DATA_UPLOAD_MAX_MEMORY_SIZE). Split it into smaller requests."
    )


def json_depth_exceeds(text: str, limit: int) -> bool:
    """Whether ``text`` opens more than ``limit`` arrays or objects inside each other.

    Brackets inside strings do not count. The text need not be valid JSON: a stray closing
    bracket makes the count smaller after it, but the parser stops at that bracket, before
    any nesting that follows it.
    """
    # Fewer opening brackets than the limit cannot nest deeper: the usual small body.
    if text.count("[") + text.count("{") <= limit:
        return False
    depth = 0
    for bracket in _NOT_BRACKET.sub("", _STRING.sub("", text)):
        if bracket in _OPENING:
            depth += 1
            if depth > limit:
                return True
        else:
            depth -= 1
    return False


class BoundedJSONParser(JSONParser):
    """``application/json`` with the body's size and depth checked before it is parsed."""

    max_depth = MAX_JSON_DEPTH

    def parse(
        self,
        stream: IO[bytes],
        media_type: str | None = None,
        parser_context: dict[str, Any] | None = None,
    ) -> Any:
        parser_context = parser_context or {}
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        request = parser_context.get("request")
        if limit is not None and request is not None:
            try:
                declared = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                declared = 0
            if declared > limit:
                raise RequestTooLarge(body_limit_message(limit))
        raw = stream.read() if limit is None else stream.read(limit + 1)
        if limit is not None and len(raw) > limit:
            raise RequestTooLarge(body_limit_message(limit))
        encoding = parser_context.get("encoding", settings.DEFAULT_CHARSET)
        try:
            text = raw.decode(encoding)
        except (UnicodeDecodeError, LookupError) as exc:
            raise ParseError(f"JSON parse error - the body is not {encoding} text.") from exc
        if json_depth_exceeds(text, self.max_depth):
            raise ParseError(
                f"JSON nested too deeply: at most {self.max_depth} levels of arrays and "
                "objects are accepted."
            )
        try:
            parse_constant = json.strict_constant if self.strict else None
            return json.loads(text, parse_constant=parse_constant)
        except ValueError as exc:
            raise ParseError(f"JSON parse error - {exc}") from exc
