"""Demo accounts: for a laptop only, and they can log in to the admin."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from articles.services.demo import demo_accounts_create

pytestmark = pytest.mark.django_db


def test_demo_accounts_are_refused_when_debug_is_off(settings):
    settings.DEBUG = False
    with pytest.raises(ImproperlyConfigured):
        demo_accounts_create()


def test_demo_editor_and_reviewer_log_in_to_the_admin(settings, client):
    settings.DEBUG = True
    accounts = demo_accounts_create(password="demo-password-for-test")
    assert [a.username for a in accounts] == ["editor", "reviewer"]
    demo_accounts_create(password="demo-password-for-test")  # running twice works
    for account in accounts:
        assert client.login(username=account.username, password=account.password)
        assert client.get("/admin/").status_code == 200
