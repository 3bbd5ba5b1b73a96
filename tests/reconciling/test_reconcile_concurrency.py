"""Two reconcilers at once (two processes, as two workers would be) leave what one leaves."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from decimal import Decimal

import pytest

from articles.models import ConflictFlag, Figure

from ..conftest import REPO
from ..factories import ArticleFactory, ClaimFactory, entity_named, metric_slug
from ..workers import database_url_for_subprocess

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("seeded"),
    pytest.mark.services,
]


def make_conflicting_claims(subjects: int) -> None:
    names = ["Azerbaijan", "Armenia", "Russia", "Turkey", "Israel", "Iran", "France", "India"]
    for name in names[:subjects]:
        for year, value in ((2013, "3.7"), (2024, "3.7"), (2024, "2.2"), (2020, "2.2")):
            ClaimFactory(
                article=ArticleFactory(),
                subject=entity_named(name),
                metric=metric_slug("military-expenditure" if year != 2020 else "arms-imports"),
                value=Decimal(value) * 10**9,
                period_start=year,
                period_end=year,
            )


def flag_contents() -> list[tuple]:
    """What the flags say, independent of the ids of the figures they were raised on."""
    return sorted(
        (f.kind, f.state, f.signature, f.explanation, tuple(sorted(c.pk for c in f.claims.all())))
        for f in ConflictFlag.objects.prefetch_related("claims")
    )


def test_concurrent_reconcilers_leave_exactly_the_flags_of_one():
    make_conflicting_claims(8)
    env = {**os.environ, "DATABASE_URL": database_url_for_subprocess()}
    processes = [
        subprocess.Popen(
            [sys.executable, "manage.py", "reconcile", "--json"],
            cwd=REPO,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(3)
    ]
    outputs = [p.communicate(timeout=120) for p in processes]
    assert [p.returncode for p in processes] == [0, 0, 0], outputs
    opened = sum(json.loads(out.strip().splitlines()[-1])["flags_opened"] for out, _ in outputs)
    concurrent = flag_contents()
    figures = Figure.objects.count()

    assert opened == len(concurrent), "each flag was raised by exactly one reconciler"
    ConflictFlag.objects.all().delete()
    Figure.objects.all().delete()
    from articles.services.figures_reconcile import figures_reconcile

    figures_reconcile()
    assert flag_contents() == concurrent
    assert Figure.objects.count() == figures
    kinds = set(ConflictFlag.objects.values_list("kind", flat=True))
    assert {"value_mismatch", "period_reuse", "metric_confusion"} <= kinds
