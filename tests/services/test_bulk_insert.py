"""Many rows with their history at once (COPY on PostgreSQL): the same record as a save."""

from __future__ import annotations

from decimal import Decimal

import pytest

from articles.models import ConflictFlag, Figure, FlagKind, FlagState
from articles.services.bulk_insert import insert_with_history

from ..factories import entity_named, metric_slug

pytestmark = pytest.mark.django_db


def new_flags(count: int) -> list[ConflictFlag]:
    subject = entity_named("Azerbaijan")
    metric = metric_slug("military-expenditure")
    return [
        ConflictFlag(
            kind=FlagKind.PERIOD_REUSE,
            key=f"period_reuse:test:{n}",
            signature=f"{n:064d}",
            subject=subject,
            metric=metric,
            spread=Decimal("1.680000"),
            # Text COPY must carry tabs, newlines, backslashes and quotes through untouched.
            explanation=f'Flag {n}: "quoted"\ttab\nnew line \\N back\\slash <b>é</b>',
            snapshot={"12": 'ab"c', "7": "d\\e"},
        )
        for n in range(count)
    ]


def test_rows_and_one_history_row_each_are_written_as_a_save_would():
    flags = insert_with_history(ConflictFlag, new_flags(3), change_reason="raised")

    assert all(flag.pk for flag in flags)
    assert len({flag.pk for flag in flags}) == 3
    for flag in flags:
        stored = ConflictFlag.objects.get(pk=flag.pk)
        assert stored.explanation == flag.explanation
        assert stored.snapshot == {"12": 'ab"c', "7": "d\\e"}
        assert stored.spread == Decimal("1.680000")
        assert stored.state == FlagState.OPEN
        assert stored.created_at is not None and stored.updated_at is not None
        (record,) = stored.history.all()
        assert record.history_type == "+"
        assert record.history_change_reason == "raised"
        assert record.explanation == flag.explanation
        assert record.subject_id == flag.subject_id


def test_rows_saved_afterwards_get_fresh_keys():
    (first,) = insert_with_history(ConflictFlag, new_flags(1), change_reason="raised")
    later = new_flags(2)[1]
    later.save()
    assert later.pk > first.pk


def test_nothing_to_insert_writes_nothing():
    assert insert_with_history(Figure, [], change_reason="created") == []
    assert Figure.history.count() == 0
