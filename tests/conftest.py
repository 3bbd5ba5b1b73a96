"""Fixtures shared by the whole suite: users in each role, seed paths, service checks."""

from __future__ import annotations

from pathlib import Path

import pytest

from .factories import UserFactory

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


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
