"""What the API tests share: the small record in every visibility state."""

from __future__ import annotations

import pytest

from articles.api import statements

from ..api_roles import Record, build_record


@pytest.fixture(autouse=True)
def cached_statements_checked(monkeypatch):
    """Every page statement taken from the cache is compared with a fresh compile of its
    query (``articles/api/statements.py``): a shape its key missed fails the test."""
    monkeypatch.setattr(statements, "CHECK", True)


@pytest.fixture
def record(db) -> Record:
    """Two articles that disagree, work in progress, a settled figure, an open and a
    resolved flag: made by the services (``api_roles.build_record``)."""
    return build_record()
