"""What the API tests share: the small record in every visibility state."""

from __future__ import annotations

import pytest

from ..api_roles import Record, build_record


@pytest.fixture
def record(db) -> Record:
    """Two articles that disagree, work in progress, a settled figure, an open and a
    resolved flag: made by the services (``api_roles.build_record``)."""
    return build_record()
