"""What the API tests share: the small record in every visibility state."""

from __future__ import annotations

import copy

import pytest

from ..api_roles import Record, build_record


@pytest.fixture(scope="module")
def module_record(module_transaction, django_db_blocker) -> Record:
    with django_db_blocker.unblock():
        return build_record()


@pytest.fixture
def record(db, module_record: Record) -> Record:
    """Two articles that disagree, work in progress, a settled figure, an open and a
    resolved flag: made by the services (``api_roles.build_record``), once per module.

    Each test gets its own copy of the instances, and its writes are rolled back after it
    (see ``module_transaction``), so no test sees another's changes.
    """
    return copy.deepcopy(module_record)
