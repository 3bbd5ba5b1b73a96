"""An editor without a shell gets an API token in the admin, in a real browser, and a script
signs in with it: the key is on the page once, and gone from it on the next visit."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

import pytest

from ..factories import UserFactory
from .conftest import admin_login
from .test_workspace import PASSWORD

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("seeded"),
    pytest.mark.browser,
]


def api_status(url: str, key: str) -> tuple[int, object]:
    """A script's request: no browser, no session cookie, only the key."""
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {key}"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as refused:
        return refused.code, None


def test_an_editor_creates_a_token_in_the_admin_and_a_script_uses_it(live_server, page, screenshot):
    UserFactory(username="edna", group="Editors")
    admin_login(page, live_server, "edna", PASSWORD)
    page.click("#user-tools >> text=API token")
    page.wait_for_selector("text=You have no token.")
    page.click("button[value=create]")
    key = page.inner_text("#api-token-key").strip()
    assert len(key) == 40
    assert f"Bearer {key}" in page.inner_text("#api-token-use")
    screenshot(page, "api-token-created")

    status, body = api_status(f"{live_server.url}/api/v1/imports/", key)
    assert status == 200 and isinstance(body, dict) and "results" in body

    page.goto(f"{live_server.url}/admin/api-token/")
    assert key not in page.content()
    assert page.locator("text=You have a token, created").is_visible()
    screenshot(page, "api-token-later")

    page.click("button[value=revoke]")
    page.wait_for_selector("text=Your API token was revoked")
    assert api_status(f"{live_server.url}/api/v1/imports/", key)[0] == 401
