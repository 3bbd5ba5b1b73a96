"""The public pages' record, built once per test for every page test (and the browser's),
and the database a search test needs."""

import pytest
from django.contrib.auth.models import User
from django.db import connection

from .record import Record, build_record


@pytest.fixture
def record(editor: User, reviewer: User) -> Record:
    return build_record(editor=editor, reviewer=reviewer)


@pytest.fixture
def postgresql() -> None:
    """Search ranks, matches trigrams and stems each language with PostgreSQL's text search."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's text search is needed (DATABASE_URL=postgres://...)")


@pytest.fixture
def sqlite() -> None:
    if connection.vendor != "sqlite":
        pytest.skip("the icontains fallback is what SQLite runs")
