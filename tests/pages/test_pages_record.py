"""What the public pages' record holds (``record.py``), checked once here."""

from __future__ import annotations

from decimal import Decimal

import pytest

from articles.models import ClaimStatus, Figure, FigureStatus, FlagState


@pytest.mark.django_db
def test_the_record_has_a_settled_disagreement_for_2024(record):
    assert record.figure.status == FigureStatus.RECONCILED
    assert record.figure.value == Decimal("3700000000")
    assert set(record.figure.claims.values_list("pk", flat=True)) == {
        record.verified.pk,
        record.rival.pk,
    }
    assert record.flag.state == FlagState.RESOLVED


@pytest.mark.django_db
def test_the_record_keeps_armenia_unpublished(record):
    assert record.draft.status == ClaimStatus.DRAFT
    assert record.suggested.status == ClaimStatus.SUGGESTED
    armenia = Figure.objects.get(subject__name="Armenia", period_start=2024)
    assert armenia.status == FigureStatus.OPEN
