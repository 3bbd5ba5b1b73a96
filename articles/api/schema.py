"""The OpenAPI document's shared parts: error responses, validators, formats, parameters.

drf-spectacular derives operations from the views; what it cannot see is added here once for
every operation rather than on each view: the JSON error shape and the statuses that carry
it (400 invalid input, 401 bad or missing credentials, 403 not permitted, 404, 409 workflow
refused, 412 stale version, 415, 429 throttled), ``ETag`` / ``Last-Modified`` and ``304`` on
reads, and that CSV and NDJSON lists are text streams rather than JSON pages.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter

VERSION_NOTE = (
    "Send the `version` you read in the body, or the `ETag` of your GET as `If-Match`; "
    "a stale one is refused with 412 and the current version."
)

EXPORT_PARAMETER = OpenApiParameter(
    "format",
    OpenApiTypes.STR,
    OpenApiParameter.QUERY,
    enum=["json", "csv", "ndjson"],
    description="`csv` or `ndjson` streams every matching row (no pagination) in flat "
    "columns; spreadsheet formulas in CSV cells are neutralised with a leading `'`.",
)

IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description="The ETag of the representation the change was made on; 412 when stale.",
)

ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message", "fields"],
            "properties": {
                "code": {"type": "string", "example": "invalid"},
                "message": {"type": "string"},
                "fields": {
                    "type": "object",
                    "additionalProperties": True,
                    "description": "Field name to its errors, for invalid input.",
                },
                "current_version": {
                    "type": "integer",
                    "description": "On 412: the version the record has now.",
                },
            },
        }
    },
}

ERRORS = {
    "400": "Invalid input; `fields` says which field and why.",
    "401": "Credentials missing or not valid (`Authorization: Token <key>`).",
    "403": "Signed in, but without the permission this needs.",
    "404": "No such record, or not one you may see.",
    "405": "Method not allowed here.",
    "406": "The format asked for is not offered here.",
    "429": "Too many requests; `Retry-After` says when to come back.",
}
WRITE_ERRORS = {
    "409": "The workflow does not allow this step from the record's current state.",
    "412": "The record changed since you read it (stale `version` or `If-Match`).",
    "415": "Unsupported request content type.",
}
VALIDATOR_HEADERS = {
    "ETag": {"schema": {"type": "string"}, "description": "Digest of this representation."},
    "Last-Modified": {
        "schema": {"type": "string"},
        "description": "When the newest row in the response changed.",
    },
}
TEXT_FORMATS = ("text/csv", "application/x-ndjson")


class RecordAutoSchema(AutoSchema):
    """Tags operations by resource (``claims``, ``figures``) rather than ``v1``, and says that
    reads under ``RecordPermissions`` need no credentials (the selectors decide visibility)."""

    def get_auth(self) -> list[dict[str, Any]]:
        from .permissions import RecordPermissions

        auths = super().get_auth()
        reads_open = any(isinstance(p, RecordPermissions) for p in self.view.get_permissions())
        if reads_open and self.method in ("GET", "HEAD") and {} not in auths:
            auths.append({})
        return auths

    def get_tags(self) -> list[str]:
        parts = [p for p in self.path.split("/") if p and p not in ("api", "v1")]
        return [parts[0]] if parts else super().get_tags()


def _error(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


def document_errors(result: dict[str, Any], generator: Any, request: Any, public: bool) -> Any:
    """Postprocessing hook: errors, validators and text formats on every operation."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            responses = operation.setdefault("responses", {})
            errors = dict(ERRORS)
            if method == "get":
                for response in responses.values():
                    _text_formats(response)
                ok = responses.get("200")
                if ok is not None:
                    ok.setdefault("headers", {}).update(VALIDATOR_HEADERS)
                responses.setdefault("304", {"description": "Not modified (If-None-Match)."})
                errors["412"] = "If-Match given and it does not match the current ETag."
                operation.setdefault("parameters", []).append(
                    {
                        "in": "header",
                        "name": "If-None-Match",
                        "schema": {"type": "string"},
                        "description": "An ETag you hold; 304 when it is still current.",
                    }
                )
            else:
                errors.update(WRITE_ERRORS)
                if method == "patch":
                    errors["428"] = (
                        "The change does not say which version it was made on (send "
                        "`version` or `If-Match`)."
                    )
            for code, description in errors.items():
                responses.setdefault(code, _error(description))
            _require_body(operation, result)
            if path.endswith("/imports/") and method == "post":
                _import_body(operation)
    schemas = result["components"]["schemas"]
    articles = schemas.get("ImportJSONRequest", {}).get("properties", {}).get("articles")
    if articles is not None:
        articles["minItems"] = 1
    return result


def _require_body(operation: dict[str, Any], result: dict[str, Any]) -> None:
    """A body whose schema has required fields is itself required (drf-spectacular omits it)."""
    body = operation.get("requestBody")
    if not body:
        return
    for media in body.get("content", {}).values():
        ref = media.get("schema", {}).get("$ref", "")
        component = result["components"]["schemas"].get(ref.rsplit("/", 1)[-1], {})
        if component.get("required"):
            body["required"] = True


def _text_formats(response: dict[str, Any]) -> None:
    content = response.get("content", {})
    for media_type in TEXT_FORMATS:
        if media_type in content:
            content[media_type] = {"schema": {"type": "string"}}


def _import_body(operation: dict[str, Any]) -> None:
    """The JSON body of an import may also be a bare list of articles."""
    body = operation.get("requestBody", {}).get("content", {}).get("application/json")
    if body is None:
        return
    body["schema"] = {
        "oneOf": [
            body["schema"],
            {
                "type": "array",
                "minItems": 1,
                "items": {"$ref": "#/components/schemas/ImportArticleRequest"},
            },
        ]
    }


def link_records(result: dict[str, Any], generator: Any, request: Any, public: bool) -> Any:
    """Postprocessing hook: OpenAPI links from a list (its first row) and from a create (the
    record made) to every operation on one record of the same resource.

    A client that follows the schema (schemathesis' stateful phase, a generated SDK) learns
    where a real id comes from; without the links every id it makes up is a 404, and the
    detail and workflow operations are never reached.
    """
    paths = result.get("paths", {})
    for path, operations in paths.items():
        if "{" in path:
            continue
        targets = sorted(
            operation["operationId"]
            for record_path, record_operations in paths.items()
            if record_path.startswith(path + "{id}/")
            for method, operation in record_operations.items()
            if method in ("get", "post", "patch", "delete") and "operationId" in operation
        )
        if not targets:
            continue
        sources = (
            ("get", "200", "$response.body#/results/0/id"),
            ("post", "201", "$response.body#/id"),
        )
        for method, status, pointer in sources:
            response = operations.get(method, {}).get("responses", {}).get(status)
            if response is None:
                continue
            response["links"] = {
                target: {"operationId": target, "parameters": {"id": pointer}} for target in targets
            }
    return result
