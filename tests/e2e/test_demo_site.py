"""What ``make run`` shows: the demo editor logs in to the admin and sees the sample data."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from articles.services.demo import demo_accounts_create

from .conftest import admin_login

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("seeded"),
    pytest.mark.browser,
]


def test_demo_editor_logs_in_and_sees_the_sample_corpus(live_server, page, screenshot, settings):
    call_command("load_sample_corpus")
    settings.DEBUG = True  # demo accounts exist only on a development site
    editor = next(a for a in demo_accounts_create() if a.username == "editor")
    settings.DEBUG = False

    admin_login(page, live_server, editor.username, editor.password)
    screenshot(page, "demo-admin-home")
    page.click("#content-main >> text=Articles")
    page.wait_for_selector("#result_list")
    rows = page.locator("#result_list tbody tr")
    assert rows.count() == 16
    assert page.locator("text=Azerbaijan").first.is_visible()
    screenshot(page, "demo-articles")
    page.goto(f"{live_server.url}/admin/articles/claim/?status__exact=suggested")
    page.wait_for_selector("#result_list")
    assert page.locator("#result_list tbody tr").count() > 10
