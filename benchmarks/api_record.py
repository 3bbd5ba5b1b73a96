"""A synthetic record at scale for the API benchmark: articles, claims, sources, figures, flags.

Written in bulk (``bulk_create`` in batches, no history rows) because the benchmark measures
reading the record, not writing it; figures and flags come from the real reconciler, so the
figures list holds what it holds in production. Seeded, so two runs measure the same data.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from django.db.models import OuterRef, Subquery
from rest_framework.authtoken.models import Token

from articles.models import (
    Article,
    Claim,
    ClaimOrigin,
    ClaimSource,
    ClaimStatus,
    ConflictFlag,
    Entity,
    EntityKind,
    Figure,
    FigureStatus,
    Metric,
    Publication,
    Source,
    UnitKind,
)
from articles.services.figures_reconcile import figures_reconcile

BATCH = 5000
MARKER_SLUG = "api-benchmark-outlet-0"
EDITOR = "api-benchmark-editor"
# Most claims are reviewed, so anonymous readers see most of the record.
STATUS_WEIGHTS = {
    ClaimStatus.VERIFIED: 60,
    ClaimStatus.DISPUTED: 10,
    ClaimStatus.FALSE: 5,
    ClaimStatus.UNVERIFIABLE: 5,
    ClaimStatus.NEEDS_REVIEW: 10,
    ClaimStatus.DRAFT: 5,
    ClaimStatus.SUGGESTED: 5,
}


@dataclass(frozen=True)
class BenchmarkRecord:
    articles: int
    claims: int
    figures: int
    reconciled_figures: int
    flags: int
    claim_sources: int
    editor_token: str
    seconds: float


def record_exists() -> bool:
    return Publication.objects.filter(slug=MARKER_SLUG).exists()


def editor_token() -> str:
    user = get_user_model().objects.get(username=EDITOR)
    return Token.objects.get_or_create(user=user)[0].key


def record_counts(seconds: float = 0.0) -> BenchmarkRecord:
    return BenchmarkRecord(
        articles=Article.objects.count(),
        claims=Claim.objects.count(),
        figures=Figure.objects.count(),
        reconciled_figures=Figure.objects.filter(status=FigureStatus.RECONCILED).count(),
        flags=ConflictFlag.objects.count(),
        claim_sources=ClaimSource.objects.count(),
        editor_token=editor_token(),
        seconds=round(seconds, 1),
    )


def record_create(
    *,
    articles: int,
    claims: int,
    keys: int,
    seed: int = 7,
    say: Callable[[str], None] = lambda message: None,
) -> BenchmarkRecord:
    """Create ``claims`` claims in ``articles`` articles over ``keys`` figure keys."""
    started = time.perf_counter()
    rng = random.Random(seed)
    per_article = max(1, claims // articles)
    subjects = _entities(max(1, keys // 200))
    metrics = list(Metric.objects.filter(unit_kind=UnitKind.CURRENCY).values_list("pk", flat=True))
    years = range(1990, 2025)
    space = [(s, m, y) for s in subjects for m in metrics for y in years]
    key_list = rng.sample(space, min(keys, len(space)))
    publications = Publication.objects.bulk_create(
        Publication(name=f"API benchmark outlet {n}", slug=f"api-benchmark-outlet-{n}")
        for n in range(50)
    )
    say(f"articles: {articles}")
    made = 0
    for first in range(0, articles, BATCH // per_article):
        count = min(BATCH // per_article, articles - first)
        batch_articles, batch_claims = [], []
        for number in range(first, first + count):
            body, spans = _body(number, per_article, rng)
            batch_articles.append(
                Article(
                    publication=publications[number % len(publications)],
                    title=f"Arms spending report {number}",
                    body=body,
                    raw=body,
                    source_format="txt",
                    content_hash=f"api-benchmark-{number:08d}",
                )
            )
            batch_claims.append(spans)
        saved = Article.objects.bulk_create(batch_articles)
        rows = []
        for article, spans in zip(saved, batch_claims, strict=True):
            for start, end, value in spans:
                subject, metric, year = key_list[made % len(key_list)]
                made += 1
                rows.append(
                    Claim(
                        article=article,
                        quote=article.body[start:end],
                        start=start,
                        end=end,
                        subject_id=subject,
                        metric_id=metric,
                        value=value,
                        currency="USD",
                        period_start=year,
                        period_end=year,
                        attribution=rng.choice(["SIPRI", "Ministry of Defence", "CAWAT", ""]),
                        origin=ClaimOrigin.EXTRACTED,
                        confidence=round(rng.uniform(0.5, 1.0), 2),
                        status=rng.choices(
                            list(STATUS_WEIGHTS), weights=list(STATUS_WEIGHTS.values())
                        )[0],
                    )
                )
        Claim.objects.bulk_create(rows, batch_size=BATCH)
    say(f"claims: {made}")
    _link_sources(rng)
    say("reconciling (the real reconciler)")
    figures_reconcile()
    _settle_most_figures()
    _editor()
    # Fresh planner statistics, as autovacuum would gather soon after a bulk load.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return record_counts(time.perf_counter() - started)


def _entities(count: int) -> list[int]:
    Entity.objects.bulk_create(
        Entity(name=f"Benchland {n}", slug=f"benchland-{n}", kind=EntityKind.COUNTRY)
        for n in range(count)
    )
    return list(Entity.objects.filter(slug__startswith="benchland-").values_list("pk", flat=True))


def _body(number: int, claims: int, rng: random.Random) -> tuple[str, list]:
    """An article body with ``claims`` money phrases, and where each one stands."""
    parts, spans, offset = [], [], 0
    for sentence in range(claims):
        amount = Decimal(rng.randint(100, 9000)) / 100
        lead = f"In paragraph {sentence} of report {number}, spending reached "
        phrase = f"${amount} billion"
        text = f"{lead}{phrase} that year, officials said. "
        start = offset + len(lead)
        spans.append((start, start + len(phrase), (amount * 10**9).quantize(Decimal("0.01"))))
        parts.append(text)
        offset += len(text)
    return "".join(parts).rstrip(), spans


def _link_sources(rng: random.Random) -> None:
    sources = Source.objects.bulk_create(
        Source(title=f"SIPRI release {n}", url=f"https://example.org/sipri/{n}", kind="dataset")
        for n in range(1000)
    )
    ids = Claim.objects.order_by("pk").values_list("pk", flat=True)
    links = [
        ClaimSource(claim_id=claim_id, source=sources[rng.randrange(len(sources))])
        for claim_id in ids.iterator(chunk_size=BATCH)
        if claim_id % 2 == 0
    ]
    ClaimSource.objects.bulk_create(links, batch_size=BATCH)


def _settle_most_figures() -> None:
    """Four figures in five reconciled on their lowest claim, as a reviewer might have."""
    lowest = Claim.objects.filter(figure=OuterRef("pk")).order_by("value").values("value")[:1]
    ids = list(Figure.objects.values_list("pk", flat=True))
    chosen = [pk for pk in ids if pk % 5]
    for first in range(0, len(chosen), BATCH):
        Figure.objects.filter(pk__in=chosen[first : first + BATCH]).update(
            status=FigureStatus.RECONCILED,
            value=Subquery(lowest),
            rationale="The lowest figure, from the benchmark's reviewer.",
        )


def _editor() -> None:
    user, _ = get_user_model().objects.get_or_create(username=EDITOR, defaults={"is_staff": True})
    user.groups.add(Group.objects.get(name="Editors"))
    Token.objects.get_or_create(user=user)
