"""Fixtures shared by the whole suite: users in each role, seed paths, service checks."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from .factories import UserFactory

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


def pytest_configure(config: pytest.Config) -> None:
    # Django's test server writes an answer in several small packets. On a kept-alive
    # connection (a browser, schemathesis's session) Nagle's algorithm then holds each
    # answer's tail until the client's delayed ACK, 40 ms on Linux: every request took
    # 44 ms instead of 2. The socket option socketserver offers for this turns it off.
    from django.test.testcases import QuietWSGIRequestHandler

    QuietWSGIRequestHandler.disable_nagle_algorithm = True


@pytest.fixture(autouse=True, scope="session")
def fast_password_hashing() -> Iterator[None]:
    """Users are made with a cheap hasher, as Django's testing guide advises: the default
    one costs about 0.2 s a password by design, and most tests make an editor or two.
    Production keeps Django's default (tests/test_settings.py checks it)."""
    from django.test.utils import override_settings

    cheap = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    cheap.enable()
    yield
    cheap.disable()


@pytest.fixture
def editor_client(db, fresh_api_state):
    """An API client holding an editor's token."""
    from .api_roles import client_for

    return client_for("editor")


@pytest.fixture
def fresh_api_state():
    """No throttle counts and no cached API responses, before and after the test."""
    from django.core.cache import cache

    from articles.api.conditional import response_cache

    cache.clear()
    response_cache.clear()
    yield
    cache.clear()
    response_cache.clear()


@pytest.fixture(scope="module")
def module_transaction(request, django_db_setup, django_db_blocker) -> Iterator[None]:
    """One transaction around a whole module, rolled back after its last test.

    Rows a module-scoped fixture builds inside it are there for each test, and each test's
    own writes are rolled back to a savepoint after it (pytest-django's ``db`` nests in
    this one), as with Django's ``setUpTestData``. A test that commits cannot run inside
    it, so a module holding one is refused here rather than left to fail oddly.
    """
    from django.db import transaction

    for item in request.session.items:
        marker = item.get_closest_marker("django_db")
        commits = (marker is not None and marker.kwargs.get("transaction")) or bool(
            {"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ()))
        )
        if item.module is request.module and commits:
            pytest.fail(
                f"{item.nodeid} commits, so it cannot share its module's transaction: "
                "move it to a module of its own"
            )
    atomic = transaction.atomic()
    with django_db_blocker.unblock():
        atomic.__enter__()
    try:
        yield
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def editor(db):
    return UserFactory(username="eddie-editor", group="Editors")


@pytest.fixture
def reviewer(db):
    return UserFactory(username="rita-reviewer", group="Reviewers")


@pytest.fixture
def outsider(db):
    """A staff account with no group: sees the admin, may change nothing."""
    return UserFactory(username="olga-outsider")


@pytest.fixture
def seeds_dir() -> Path:
    path = SHARED / "seeds"
    if not path.is_dir():
        pytest.skip(f"seed articles not found at {path}")
    return path


@pytest.fixture
def eval_dir() -> Path:
    path = SHARED / "eval"
    if not path.is_dir():
        pytest.skip(f"evaluation data not found at {path}")
    return path


@pytest.fixture
def seeded(transactional_db):
    """The data migrations' rows, again: a transactional test's flush removes them.

    (``serialized_rollback`` cannot help where ``live_server`` sets the database up first.)
    """
    from importlib import import_module

    from django.apps import apps
    from django.contrib.auth.models import Group, Permission

    from articles.models import Metric, Scope

    if (
        Metric.objects.exists()
        and Scope.objects.exists()
        and Group.objects.filter(name="Reviewers").exists()
    ):
        return
    import_module("articles.migrations.0002_seed_metrics_and_entities").seed(apps, None)
    scopes = import_module("articles.migrations.0015_scopes").SCOPES
    import_module("articles.migrations.0004_extractor_lexicon").forwards(apps, None)
    import_module("articles.migrations.0027_more_countries").forwards(apps, None)
    groups = import_module("articles.migrations.0003_editor_and_reviewer_groups").GROUPS
    deals = import_module("articles.migrations.0019_groups_work_on_deals").DEAL_PERMISSIONS
    webhooks = import_module(
        "articles.migrations.0024_reviewers_manage_webhooks"
    ).WEBHOOK_PERMISSIONS
    for slug, name, description in scopes:
        Scope.objects.get_or_create(slug=slug, defaults={"name": name, "description": description})
    for name, codenames in groups.items():
        group, _ = Group.objects.get_or_create(name=name)
        extra = webhooks if name == "Reviewers" else []
        group.permissions.set(
            Permission.objects.filter(
                content_type__app_label="articles",
                codename__in=[*codenames, "view_scope", *deals, *extra],
            )
        )
