"""Who acts: a user or a named system actor, never nobody; history records which."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser

from articles.errors import NotPermitted
from articles.models import Source
from articles.services import actors
from articles.services.actors import COMMAND, DEMO, RECONCILER, history_author, history_reason
from articles.services.permissions import require_perm
from articles.services.sources import source_create, source_update

from ..conftest import REPO
from ..factories import TEST_SETUP

pytestmark = pytest.mark.django_db

SERVICES = REPO / "articles" / "services"
HISTORY_ATTRIBUTES = {"_history_user", "_change_reason"}


def test_require_perm_refuses_a_missing_actor() -> None:
    with pytest.raises(TypeError, match="without saying who acts"):
        require_perm(None, "articles.add_source", "add sources")  # type: ignore[arg-type]  # no actor is the case under test


def test_a_service_called_without_an_actor_refuses_and_writes_nothing() -> None:
    with pytest.raises(TypeError, match="without saying who acts"):
        source_create(actor=None, title="SIPRI")  # type: ignore[arg-type]  # no actor is the case under test
    assert not Source.objects.exists()


def test_a_system_actor_passes_permission_checks():
    require_perm(COMMAND, "articles.add_source", "add sources")
    require_perm(RECONCILER, "articles.settle_figure", "settle figures")


@pytest.mark.parametrize("who", ["outsider", "anonymous"])
def test_a_user_without_the_permission_is_refused(who, outsider):
    actor = outsider if who == "outsider" else AnonymousUser()
    with pytest.raises(NotPermitted):
        source_create(actor=actor, title="SIPRI")
    assert not Source.objects.exists()


def test_a_change_by_a_system_actor_names_it_in_history_and_has_no_user():
    source = source_create(actor=DEMO, title="SIPRI")
    row = source.history.get()
    assert row.history_user is None
    assert row.history_change_reason == "by the demo"
    assert source.created_by is None
    assert history_author(row.history_user, row.history_change_reason) == "the demo"


def test_a_change_by_a_user_records_the_user(editor):
    source = source_create(actor=editor, title="SIPRI")
    source_update(actor=editor, source=source, changes={"publisher": "SIPRI"})
    rows = list(source.history.order_by("history_id"))
    assert [row.history_user for row in rows] == [editor, editor]
    assert source.created_by == editor
    assert (
        history_author(rows[-1].history_user, rows[-1].history_change_reason)
        == editor.get_username()
    )


def test_a_reason_names_the_system_actor_after_what_happened():
    assert history_reason(RECONCILER, "closed") == "closed (by the reconciler)"
    assert history_reason(TEST_SETUP) == "by test setup"


def test_an_unnamed_system_row_still_reads_as_the_system():
    assert history_author(None, "re-imported by run 3") == "the system"
    assert history_author(None, None) == "the system"


def _history_attribute_writers(path: Path) -> list[str]:
    """Where ``path`` assigns simple-history's private attributes, as "file:line"."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if not isinstance(node, ast.stmt | ast.expr):
            continue  # only statements and expressions assign or call, and they have a line
        targets = node.targets if isinstance(node, ast.Assign) else []
        if isinstance(node, ast.AnnAssign | ast.AugAssign):
            targets = [node.target]
        calls_setattr = (
            isinstance(node, ast.Call)
            and getattr(node.func, "id", None) == "setattr"
            and len(node.args) > 1
            and getattr(node.args[1], "value", None) in HISTORY_ATTRIBUTES
        )
        assigns = any(
            isinstance(t, ast.Attribute) and t.attr in HISTORY_ATTRIBUTES for t in targets
        )
        if assigns or calls_setattr:
            found.append(f"{path.name}:{node.lineno}")
    return found


def test_history_note_is_the_only_place_that_sets_who_and_why():
    writers = [
        w for path in sorted(SERVICES.glob("*.py")) for w in _history_attribute_writers(path)
    ]
    assert writers, "the check found nothing at all: it no longer looks where it should"
    assert {w.split(":")[0] for w in writers} == {Path(actors.__file__).name}, writers
