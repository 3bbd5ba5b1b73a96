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


def test_demo_review_verifies_confident_claims_and_settles_agreeing_figures(
    settings, django_capture_on_commit_callbacks
):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    from articles.models import Claim, Figure

    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_sample_corpus")
    with pytest.raises(CommandError, match="local demo only"):
        call_command("demo_review")
    settings.DEBUG = True
    demo_accounts_create(password="demo-password-for-test")
    with django_capture_on_commit_callbacks(execute=True):
        call_command("demo_review")
    verified = Claim.objects.filter(status="verified")
    assert verified.exists()
    assert all(c.history.first().history_user.username == "reviewer" for c in verified)
    settled = Figure.objects.filter(status="reconciled")
    assert settled.exists()
    assert not settled.filter(flags__state="open").exists()
    before = (verified.count(), settled.count())
    call_command("demo_review")
    assert (verified.count(), settled.count()) == before
