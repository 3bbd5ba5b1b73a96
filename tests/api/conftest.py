"""What the API tests share: the small record in every visibility state."""

from __future__ import annotations

import copy

import pytest

from articles.api import statements

from ..api_roles import Record, build_record


@pytest.fixture(scope="module")
def module_record(module_transaction, django_db_blocker) -> Record:
    with django_db_blocker.unblock():
        return build_record()


@pytest.fixture(autouse=True)
def cached_statements_checked(monkeypatch):
    """Every page statement taken from the cache is compared with a fresh compile of its
    query (``articles/api/statements.py``): a shape its key missed fails the test."""
    monkeypatch.setattr(statements, "CHECK", True)


@pytest.fixture
def record(db, module_record: Record) -> Record:
    """Two articles that disagree, work in progress, a settled figure, an open and a
    resolved flag: made by the services (``api_roles.build_record``), once per module.

    Each test gets its own copy of the instances, and its writes are rolled back after it
    (see ``module_transaction``), so no test sees another's changes.
    """
    return copy.deepcopy(module_record)
