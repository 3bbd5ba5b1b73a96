"""``/api/v1/`` is an index: links to every list, the schema and the docs."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from articles.api.urls import router

pytestmark = pytest.mark.django_db


def test_the_root_links_every_list_the_schema_and_the_docs():
    response = APIClient().get("/api/v1/")
    assert response.status_code == 200
    body = response.json()
    listed = {url.removeprefix("http://testserver") for url in body["resources"].values()}
    lists = {reverse(f"{basename}-list") for _, _, basename in router.registry}
    assert listed == lists  # every list the router serves, and nothing else
    assert body["schema"] == "http://testserver/api/schema/"
    assert body["docs"] == "http://testserver/api/docs/"


def test_every_public_link_answers():
    client = APIClient()
    for name, url in client.get("/api/v1/").json()["resources"].items():
        # Imports and the change feed are the desk's: they ask for credentials.
        expected = {401, 403} if name in ("imports", "changes") else {200}
        assert client.get(url).status_code in expected, name


def test_the_schema_documents_the_index():
    schema = APIClient().get("/api/schema/", {"format": "json"}).json()
    assert "/api/v1/" in schema["paths"]
