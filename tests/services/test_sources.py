"""Sources and their links to claims: permissions, stance and value, history."""

from __future__ import annotations

from decimal import Decimal

import pytest

from articles.errors import NotPermitted
from articles.models import ClaimSource
from articles.services.sources import (
    claim_source_attach,
    claim_source_detach,
    source_create,
    source_update,
)

from ..factories import ClaimFactory

pytestmark = pytest.mark.django_db


def test_an_editor_attaches_a_source_with_its_stance_and_own_value(editor):
    claim = ClaimFactory()
    source = source_create(
        actor=editor, title="SIPRI Military Expenditure Database", kind="dataset"
    )
    link = claim_source_attach(
        actor=editor, claim=claim, source=source, stance="supports", value=Decimal("3.7e9"),
        currency="USD",
    )  # fmt: skip
    assert (link.stance, link.value, link.created_by) == ("supports", Decimal("3.7e9"), editor)
    again = claim_source_attach(actor=editor, claim=claim, source=source, stance="contradicts")
    assert again.pk == link.pk
    assert ClaimSource.objects.get().stance == "contradicts"
    assert [h.stance for h in link.history.order_by("history_id")] == ["supports", "contradicts"]


def test_source_changes_are_kept_in_history(editor):
    source = source_create(actor=editor, title="Draft title")
    source_update(actor=editor, source=source, changes={"title": "Final title"})
    assert [h.title for h in source.history.order_by("history_id")] == [
        "Draft title",
        "Final title",
    ]


def test_users_without_permissions_cannot_write_sources(outsider, editor):
    with pytest.raises(NotPermitted):
        source_create(actor=outsider, title="x")
    source = source_create(actor=editor, title="Report")
    link = claim_source_attach(actor=editor, claim=ClaimFactory(), source=source, stance="context")
    with pytest.raises(NotPermitted):
        claim_source_attach(actor=outsider, claim=link.claim, source=source, stance="supports")
    with pytest.raises(NotPermitted):
        claim_source_detach(actor=outsider, link=link)
    link_id = link.pk
    claim_source_detach(actor=editor, link=link)
    assert not ClaimSource.objects.exists()
    assert ClaimSource.history.filter(id=link_id, history_type="-").exists()
