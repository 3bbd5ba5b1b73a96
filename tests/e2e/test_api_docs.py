"""The interactive API docs load from our own origin under the Content-Security-Policy."""

from __future__ import annotations

import pytest

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("seeded"),
    pytest.mark.browser,
]


def test_swagger_ui_renders_every_operation_without_console_errors(live_server, page, screenshot):
    response = page.goto(f"{live_server.url}/api/docs/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_selector(".opblock-summary", timeout=30_000)
    assert page.locator(".opblock-summary").count() > 20
    assert page.locator("text=/api/v1/claims/").first.is_visible()
    screenshot(page, "api-docs")
