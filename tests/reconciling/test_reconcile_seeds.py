"""The product's reason to exist, on the real seed articles: the $3.7 billion given for two
different years, and the $2.2 billion given as two different things."""

from __future__ import annotations

from decimal import Decimal

import pytest

from articles.models import Claim, ClaimStatus, ConflictFlag, FlagKind
from articles.services.articles_import import articles_import_paths
from articles.services.claim_edit import claim_update
from articles.services.figures_reconcile import figures_reconcile

from ..factories import TEST_SETUP

pytestmark = pytest.mark.django_db

BN = Decimal(10) ** 9


def test_seed_figures_raise_period_reuse_and_metric_confusion(
    seeds_dir, editor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        articles_import_paths(actor=TEST_SETUP, paths=[seeds_dir])
    assert Claim.objects.filter(status=ClaimStatus.SUGGESTED).count() >= 20

    # An editor dates the $3.7 billion of the two undated pieces: Aliyev's first decade, 2013.
    undated = Claim.objects.filter(
        subject__name="Azerbaijan", value=Decimal("3.7") * BN, period_start__isnull=True
    )
    assert undated.count() == 2
    for claim in undated:
        claim_update(
            actor=editor,
            claim=claim,
            changes={"period_start": 2013, "period_end": 2013},
            expected_version=claim.version,
        )
    figures_reconcile()

    reuse = (
        ConflictFlag.objects.filter(kind=FlagKind.PERIOD_REUSE, subject__name="Azerbaijan")
        .filter(claims__value=Decimal("3.7") * BN)
        .distinct()
    )
    assert reuse.count() == 1
    periods = set(reuse.get().claims.values_list("period_start", flat=True))
    assert periods == {2013, 2024}
    assert "$3.7 billion" in reuse.get().explanation

    confusion = (
        ConflictFlag.objects.filter(kind=FlagKind.METRIC_CONFUSION, subject__name="Azerbaijan")
        .filter(claims__value=Decimal("2.2") * BN)
        .distinct()
    )
    assert confusion.count() == 1
    metrics = set(confusion.get().claims.values_list("metric__slug", flat=True))
    assert {"military-expenditure", "arms-imports"} <= metrics

    # Two deals of 2023 (the JF-17 contract dated by the editor): never one conflict.
    jf17 = Claim.objects.get(subject__name="Azerbaijan", value=Decimal("1.6") * BN)
    assert (jf17.kind, jf17.counterparty.name, jf17.item) == (
        "transaction", "Pakistan", "JF-17 Block-III",
    )  # fmt: skip
    claim_update(actor=editor, claim=jf17, changes={"period_start": 2023, "period_end": 2023},
                 expected_version=jf17.version)  # fmt: skip
    barak = Claim.objects.get(subject__name="Azerbaijan", value=Decimal("1.2") * BN)
    assert (barak.kind, barak.counterparty.name, barak.item) == (
        "transaction",
        "Israel",
        "Barak MX",
    )
    figures_reconcile()
    deals = ConflictFlag.objects.filter(claims__in=[jf17, barak], kind=FlagKind.VALUE_MISMATCH)
    assert not deals.exists()

    # SIPRI's $22.7 billion over the past decade is a total, in a figure of its own.
    decade = Claim.objects.get(subject__name="Azerbaijan", value=Decimal("22.7") * BN)
    assert decade.kind == "total"
    decade = claim_update(actor=editor, claim=decade,
                          changes={"period_start": 2007, "period_end": 2016},
                          expected_version=decade.version)  # fmt: skip
    figures_reconcile()
    decade.refresh_from_db()
    assert (decade.figure.kind, decade.figure.period_start, decade.figure.period_end) == (
        "total", 2007, 2016,
    )  # fmt: skip
