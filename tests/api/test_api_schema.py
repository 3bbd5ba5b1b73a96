"""The OpenAPI document says what the API does: every filter, action, format and error."""

from __future__ import annotations

import pytest
import yaml
from django.urls import get_resolver
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema
from rest_framework.test import APIClient

from articles.api import filters, views

from ..api_roles import build_record, user_in

pytestmark = pytest.mark.django_db

LISTS = {
    "/api/v1/claims/": filters.ClaimFilter,
    "/api/v1/figures/": filters.FigureFilter,
    "/api/v1/flags/": filters.FlagFilter,
    "/api/v1/articles/": filters.ArticleFilter,
    "/api/v1/sources/": filters.SourceFilter,
    "/api/v1/entities/": filters.EntityFilter,
    "/api/v1/metrics/": filters.MetricFilter,
    "/api/v1/publications/": filters.PublicationFilter,
    "/api/v1/imports/": filters.ImportRunFilter,
}


@pytest.fixture(scope="module")
def schema():
    return SchemaGenerator().get_schema(request=None, public=True)


def test_the_schema_is_valid_openapi_3(schema):
    assert schema["openapi"].startswith("3.")
    validate_schema(schema)


def test_the_served_schema_is_the_generated_one():
    served = yaml.safe_load(APIClient().get("/api/schema/").content)
    assert set(served["paths"]) == set(
        SchemaGenerator().get_schema(request=None, public=True)["paths"]
    )


@pytest.mark.parametrize("path", sorted(LISTS))
def test_every_list_documents_each_filter_its_ordering_and_pagination(schema, path):
    parameters = {p["name"] for p in schema["paths"][path]["get"]["parameters"]}
    assert set(LISTS[path].base_filters) <= parameters
    assert {"cursor", "page_size", "ordering"} <= parameters


@pytest.mark.parametrize("path", sorted(set(LISTS) - {"/api/v1/imports/"}))
def test_every_exportable_list_documents_csv_and_ndjson(schema, path):
    operation = schema["paths"][path]["get"]
    formats = next(p for p in operation["parameters"] if p["name"] == "format")
    assert sorted(formats["schema"]["enum"]) == ["csv", "json", "ndjson"]
    assert {"application/json", "text/csv", "application/x-ndjson"} == set(
        operation["responses"]["200"]["content"]
    )


def test_every_operation_documents_the_json_errors_it_can_give(schema):
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            expected = {"400", "401", "403", "404", "429"}
            expected |= {"304", "412"} if method == "get" else {"409", "412"}
            assert expected <= set(operation["responses"]), (method, path)
            error = operation["responses"]["404"]["content"]["application/json"]["schema"]
            assert error == {"$ref": "#/components/schemas/Error"}


def test_every_route_of_the_api_is_in_the_schema(schema):
    documented = {
        f"{method.upper()} {path}"
        for path, operations in schema["paths"].items()
        for method in operations
    }
    claims = "/api/v1/claims/{id}/"
    for verb in views.TRANSITION_ACTIONS:
        assert f"POST {claims}{verb.replace('_', '-')}/" in documented
    assert "POST /api/v1/figures/{id}/settle/" in documented
    for verb in ("resolve", "dismiss", "acknowledge"):
        assert f"POST /api/v1/flags/{{id}}/{verb}/" in documented
    assert {"POST /api/v1/imports/", "GET /api/v1/imports/{id}/", "PATCH " + claims} <= documented
    routes = get_resolver().reverse_dict.keys()
    assert "api-claim-verify" in routes


def test_the_import_body_may_be_files_a_list_or_an_object(schema):
    body = schema["paths"]["/api/v1/imports/"]["post"]["requestBody"]["content"]
    assert "multipart/form-data" in body
    assert [s.get("type") for s in body["application/json"]["schema"]["oneOf"]] == [None, "array"]


def test_the_interactive_docs_use_only_assets_served_by_the_site():
    page = APIClient().get("/api/docs/").content.decode()
    assert "cdn." not in page and "unpkg" not in page
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in page
    asset = APIClient().get("/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js")
    assert asset.status_code == 200


def test_every_operation_on_one_record_is_linked_from_its_list_and_its_create(schema):
    paths = schema["paths"]
    record_operations = {
        (path, operation["operationId"])
        for path, operations in paths.items()
        if "{id}" in path
        for method, operation in operations.items()
        if method in ("get", "post", "patch", "delete")
    }
    assert len(record_operations) > 20
    for path, operation_id in record_operations:
        collection = path.split("{id}")[0]
        links = paths[collection]["get"]["responses"]["200"]["links"]
        assert links[operation_id] == {
            "operationId": operation_id,
            "parameters": {"id": "$response.body#/results/0/id"},
        }, path
        created = paths[collection].get("post", {}).get("responses", {}).get("201")
        if created is not None:
            assert created["links"][operation_id]["parameters"] == {"id": "$response.body#/id"}


@pytest.mark.parametrize("collection", ["/api/v1/claims/", "/api/v1/figures/", "/api/v1/flags/"])
def test_a_list_link_leads_to_a_real_record(schema, collection):
    """Following a link as a client would: the first row's id, put into the record's URL."""
    build_record()
    client = APIClient()
    client.force_authenticate(user=user_in("reviewer"))
    page = client.get(collection).json()
    link = schema["paths"][collection]["get"]["responses"]["200"]["links"]
    pointer = link[next(iter(link))]["parameters"]["id"].removeprefix("$response.body#")
    record_id = page
    for part in pointer.strip("/").split("/"):
        record_id = record_id[int(part)] if isinstance(record_id, list) else record_id[part]
    detail = client.get(f"{collection}{record_id}/")
    assert detail.status_code == 200
    assert detail.json()["id"] == record_id
