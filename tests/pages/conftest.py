"""The public pages' record, built once per test for every page test (and the browser's)."""

import pytest
from django.contrib.auth.models import User

from .record import Record, build_record


@pytest.fixture
def record(editor: User, reviewer: User) -> Record:
    return build_record(editor=editor, reviewer=reviewer)
