"""Many rows with their history at once (COPY and one UPDATE on PostgreSQL): the same record
as saving them one by one."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from articles.models import ConflictFlag, Figure, FlagKind, FlagState
from articles.services.actors import RECONCILER, history_note
from articles.services.bulk_insert import insert_with_history, update_with_history

from ..factories import UserFactory, entity_named, metric_slug

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


def test_changed_rows_are_written_with_a_history_row_each_saying_who_and_why():
    first, second, untouched = insert_with_history(
        ConflictFlag, new_flags(3), change_reason="raised"
    )
    reviewer = UserFactory(username="rita-reviewer", group="Reviewers")
    when = datetime.datetime(2026, 3, 1, 12, tzinfo=datetime.UTC)
    first.state, first.resolved_at, first.resolved_by = FlagState.RESOLVED, when, reviewer
    first.snapshot, first.spread = {"3": "x'y\tz"}, None
    second.explanation = 'Now "quoted"\ttab and <i>é</i>'
    second.metric = None
    history_note(first, actor=reviewer, reason="checked against SIPRI")
    history_note(second, actor=RECONCILER, reason="updated: claim 3 changed")
    fields = ["state", "resolved_at", "resolved_by", "snapshot", "spread", "explanation", "metric"]

    update_with_history(ConflictFlag, [first, second], fields, when=when)

    stored = ConflictFlag.objects.get(pk=first.pk)
    assert (stored.state, stored.resolved_at, stored.resolved_by) == (
        FlagState.RESOLVED, when, reviewer,
    )  # fmt: skip
    assert (stored.snapshot, stored.spread) == ({"3": "x'y\tz"}, None)
    assert stored.explanation == first.explanation  # a field not named is left as it was
    stored = ConflictFlag.objects.get(pk=second.pk)
    assert (stored.explanation, stored.metric_id) == (second.explanation, None)
    assert ConflictFlag.objects.get(pk=untouched.pk).history.count() == 1
    for flag, user, reason in (
        (first, reviewer, "checked against SIPRI"),
        (second, None, "updated: claim 3 changed (by the reconciler)"),
    ):
        record = ConflictFlag.objects.get(pk=flag.pk).history.order_by("history_id").last()
        assert (record.history_type, record.history_date) == ("~", when)
        assert (record.history_user, record.history_change_reason) == (user, reason)
        assert (record.state, record.explanation) == (flag.state, flag.explanation)


def test_nothing_to_update_writes_nothing():
    update_with_history(ConflictFlag, [], ["state"], when=datetime.datetime.now(datetime.UTC))
    assert ConflictFlag.history.count() == 0
