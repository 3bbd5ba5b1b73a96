"""Time the public pages on a realistic record: ``manage.py benchmark_pages``.

Run it on a scratch PostgreSQL database (it refuses one that already holds articles). It
builds the record in bulk — articles whose bodies carry the claims' words, claims spread
unevenly over subjects, metrics and years as the press spreads them, most of them reviewed,
sources on some — then groups them with the real reconciler (``figures_reconcile``) and
settles most figures and resolves most flags with the real services, as reviewers would.
Article text is made of real sentences from the bundled sample corpus around the claims'
own sentences.

Server time is measured with Django's test ``Client``: the whole request runs in-process
(middleware, URL resolving, view, selectors, template rendering) with ``DEBUG`` off, so the
numbers leave out only the network and the WSGI server. Requests pick random public
claims, random reconciled figures and random searches. The record is removed at the end
unless ``--keep`` is given.

A benchmark is not a test: it prints numbers for a person to read (or ``--json``) and sets
the exit code only when it cannot run.
"""

from __future__ import annotations

import contextlib
import datetime
import json
import random
import re
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, reset_queries
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from simple_history.utils import bulk_create_with_history

from articles.importing import content_hash
from articles.models import (
    PUBLIC_STATUSES,
    Article,
    Claim,
    ClaimOrigin,
    ClaimSource,
    ClaimStatus,
    ConflictFlag,
    DatePrecision,
    Entity,
    Figure,
    FlagState,
    Metric,
    Publication,
    Source,
)
from articles.models.claim import ANCHOR_CONTEXT_CHARS
from articles.services.figure_settle import figure_settle
from articles.services.figures_reconcile import figures_reconcile
from articles.services.flag_resolve import flag_resolve
from benchmarks.corpus import VOCABULARY, sample_corpus_bodies

BATCH = 5000
FIRST_DAY = datetime.date(2013, 1, 1)
# Reviewed states and the share of claims in each; the rest wait as drafts and suggestions.
STATUS_SHARES = (
    (ClaimStatus.VERIFIED, 0.70),
    (ClaimStatus.DISPUTED, 0.07),
    (ClaimStatus.FALSE, 0.03),
    (ClaimStatus.UNVERIFIABLE, 0.03),
    (ClaimStatus.DRAFT, 0.10),
    (ClaimStatus.SUGGESTED, 0.07),
)
METRIC_SHARES = {
    "military-expenditure": 0.40,
    "arms-imports": 0.20,
    "arms-deal": 0.15,
    "arms-exports": 0.10,
    "military-aid": 0.10,
    "cooperation-volume": 0.05,
}
ATTRIBUTIONS = ["SIPRI", "the defence ministry", "IISS", "officials", "analysts", "CAWAT"]
SENTENCES = [
    "{subject}'s {metric} reached {phrase} in {year}, {who} said.",
    "In {year}, {subject} spent {phrase} on {metric}, according to {who}.",
    "According to {who}, {metric} for {subject} stood at {phrase} in {year}.",
    "{who} put {subject}'s {metric} for {year} at {phrase}.",
]
SEARCHES = [
    "Azerbaijan", "Armenia", "Russia", "Turkey", "Azerbajan", "Armnia", "SIPRI", "IISS",
    "defence ministry", "military expenditure", "arms imports", "budget", "spending",
    "Azerbaijan military expenditure", "\"arms deal\"", "Israel arms exports", "officials said",
    "procurement drones", "Georgia", "cooperation volume",
]  # fmt: skip


def filler_sentences() -> list[str]:
    """Real sentences from the bundled sample corpus, so article text reads like the press.

    Words then recur the way they do in a corpus on one subject, some in many articles and
    most in few, which is what full-text search sees in production.
    """
    sentences = [
        sentence
        for body in sample_corpus_bodies()
        for sentence in re.split(r"(?<=[.!?])\s+", body)
        if 40 < len(sentence) < 300 and not re.search(r"[0-9$]", sentence)
    ]
    return sentences or [" ".join(VOCABULARY).capitalize() + "."]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def summary(timings_ms: list[float]) -> dict[str, float]:
    return {
        "requests": len(timings_ms),
        "median_ms": round(statistics.median(timings_ms), 2),
        "p90_ms": round(percentile(timings_ms, 0.90), 2),
        "p99_ms": round(percentile(timings_ms, 0.99), 2),
        "max_ms": round(max(timings_ms), 2),
    }


@contextlib.contextmanager
def served_as_in_production() -> Iterator[None]:
    """DEBUG off, with what that needs set up here rather than by the caller: the static
    files collected (into a scratch folder: pages name their hashed files, which only a
    collected manifest knows) and plain HTTP (the test client speaks no TLS, and production
    settings would redirect every request to https)."""
    with (
        tempfile.TemporaryDirectory(prefix="factcheck-static-") as static_root,
        override_settings(DEBUG=False, SECURE_SSL_REDIRECT=False, STATIC_ROOT=static_root),
    ):
        call_command("collectstatic", interactive=False, verbosity=0)
        yield


class Command(BaseCommand):
    help = "Time the claim, figure and search pages on 100,000 claims (a scratch database)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--claims", type=int, default=100_000)
        parser.add_argument("--claims-per-article", type=int, default=5)
        parser.add_argument("--requests", type=int, default=300, help="Timed requests per page.")
        parser.add_argument("--seed", type=int, default=8)
        parser.add_argument("--keep", action="store_true", help="Leave the record in place.")
        parser.add_argument(
            "--timing-only",
            action="store_true",
            help="Only time the pages, on the record an earlier run left with --keep.",
        )
        parser.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        if connection.vendor != "postgresql":
            raise CommandError(
                "Run this on a scratch PostgreSQL database (DATABASE_URL=postgres://...): the "
                "search it measures is PostgreSQL full-text search.",
                returncode=2,
            )
        rng = random.Random(options["seed"])
        report: dict[str, Any] = {"database": connection.vendor}
        if options["timing_only"]:
            if not get_user_model().objects.filter(username="bench-reviewer").exists():
                raise CommandError("--timing-only needs a record left by --keep.", returncode=2)
            options["keep"] = True
        elif Article.objects.exists() or Claim.objects.exists():
            raise CommandError(
                "The database already holds articles: run benchmark_pages on an empty "
                "scratch database.",
                returncode=2,
            )
        else:
            started = time.perf_counter()
            self.build(rng, options["claims"], options["claims_per_article"], report)
            report["setup_seconds"] = round(time.perf_counter() - started, 1)
            self.progress(f"record built in {report['setup_seconds']} s; timing pages")
        report["claims"] = Claim.objects.count()
        report["articles"] = Article.objects.count()
        report["measured_with"] = "django.test.Client, in-process, DEBUG off"
        report["pages"] = self.measure(rng, options["requests"])
        if not options["keep"]:
            self.wipe()
        self.stdout.write(json.dumps(report, indent=None if options["json"] else 2))

    def progress(self, message: str) -> None:
        if self.stderr.isatty():
            self.stderr.write(message)

    # --- the record -------------------------------------------------------------------------

    def build(self, rng: random.Random, claims: int, per_article: int, report: dict) -> None:
        editor, reviewer = self.users()
        fillers = filler_sentences()
        countries = list(Entity.objects.filter(kind="country").order_by("pk"))
        metrics = {m.slug: m for m in Metric.objects.filter(slug__in=METRIC_SHARES)}
        # The press writes about a few countries far more than the rest: weights ~ 1/rank^0.9.
        country_weights = [1 / (rank + 1) ** 0.9 for rank in range(len(countries))]
        years = list(range(1995, 2026))
        year_weights = [1 + (year - 1995) / 6 for year in years]  # recent years more often
        publications = Publication.objects.bulk_create(
            Publication(name=f"Bench outlet {n}", slug=f"bench-outlet-{n}") for n in range(40)
        )
        sources = Source.objects.bulk_create(
            Source(title=f"Bench source {n}", publisher=rng.choice(ATTRIBUTIONS))
            for n in range(500)
        )
        bases: dict[tuple[int, int, int], Decimal] = {}
        article_count = max(1, claims // per_article)
        articles: list[Article] = []
        pending: list[tuple[int, dict[str, Any]]] = []
        for number in range(article_count):
            parts, claim_fields = [f"Arms race report {number}"], []
            length = len(parts[0])
            for _ in range(per_article):
                subject = rng.choices(countries, country_weights)[0]
                metric = metrics[rng.choices(list(METRIC_SHARES), list(METRIC_SHARES.values()))[0]]
                year = rng.choices(years, year_weights)[0]
                key = (subject.pk, metric.pk, year)
                base = bases.setdefault(key, Decimal(rng.randint(200, 9_900)) * 1_000_000)
                factor = rng.uniform(0.98, 1.02) if rng.random() > 0.1 else rng.uniform(0.5, 1.5)
                value = (base * Decimal(str(round(factor, 3)))).quantize(Decimal(1_000_000))
                phrase = f"${value / 1_000_000_000:.2f} billion"
                filler = " ".join(rng.sample(fillers, rng.randint(1, 3)))
                sentence = rng.choice(SENTENCES).format(
                    subject=subject.name, metric=metric.name.lower(), phrase=phrase, year=year,
                    who=rng.choice(ATTRIBUTIONS),
                )  # fmt: skip
                paragraph = f"{filler} {sentence}"
                start = length + 2 + paragraph.index(phrase)
                parts.append(paragraph)
                length += 2 + len(paragraph)
                claim_fields.append(
                    {
                        "start": start,
                        "end": start + len(phrase),
                        "quote": phrase,
                        "subject_id": subject.pk,
                        "metric_id": metric.pk,
                        "value": value,
                        "currency": "USD",
                        "period_start": year,
                        "period_end": year,
                        "attribution": rng.choice(ATTRIBUTIONS) if rng.random() < 0.4 else "",
                        "status": rng.choices(
                            [s for s, _ in STATUS_SHARES], [w for _, w in STATUS_SHARES]
                        )[0],
                    }
                )
            body = "\n\n".join(parts)
            day = rng.randint(0, 365 * 12)
            articles.append(
                Article(
                    publication=rng.choice(publications),
                    title=f"Arms race report {number}",
                    byline=f"Reporter {rng.randint(1, 300)}",
                    published_on=FIRST_DAY + datetime.timedelta(days=day),
                    published_precision=DatePrecision.DAY,
                    url=f"https://news.example.com/bench/{number}",
                    body=body,
                    raw=body,
                    source_format="txt",
                    content_hash=content_hash(body),
                )
            )
            pending.extend((number, fields) for fields in claim_fields)
        Article.objects.bulk_create(articles, batch_size=BATCH)
        self.progress(f"{len(articles)} articles")
        claim_objects = []
        for number, fields in pending:
            body = articles[number].body
            start, end = fields["start"], fields["end"]
            claim_objects.append(
                Claim(
                    article=articles[number],
                    prefix=body[max(0, start - ANCHOR_CONTEXT_CHARS) : start],
                    suffix=body[end : end + ANCHOR_CONTEXT_CHARS],
                    origin=ClaimOrigin.EXTRACTED
                    if fields["status"] == ClaimStatus.SUGGESTED
                    else ClaimOrigin.MANUAL,
                    created_by=editor,
                    updated_by=editor,
                    **fields,
                )
            )
        created = bulk_create_with_history(
            claim_objects, Claim, batch_size=BATCH, default_user=editor
        )
        reviewed = [c for c in created if c.status in PUBLIC_STATUSES]
        # Each reviewed claim's history gets the reviewer's step, as the workflow writes it.
        Claim.history.bulk_history_create(
            reviewed, batch_size=BATCH, update=True, default_user=reviewer
        )
        self.progress(f"{len(created)} claims")
        links = [
            ClaimSource(
                claim=claim,
                source=source,
                stance=rng.choice(["supports", "supports", "contradicts", "context"]),
                value=claim.value if rng.random() < 0.5 else None,
                currency="USD",
            )
            for claim in rng.sample(reviewed, len(reviewed) // 4)
            for source in rng.sample(sources, rng.randint(1, 2))
        ]
        ClaimSource.objects.bulk_create(links, batch_size=BATCH)
        started = time.perf_counter()
        outcome = figures_reconcile()
        report["reconcile_seconds"] = round(time.perf_counter() - started, 1)
        report["reconcile"] = outcome.as_dict()
        self.settle(rng, reviewer, report)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # as autovacuum would after a bulk load

    def users(self) -> tuple[Any, Any]:
        User = get_user_model()
        editor = User.objects.create(username="bench-editor", is_staff=True)
        editor.groups.add(Group.objects.get(name="Editors"))
        reviewer = User.objects.create(username="bench-reviewer", is_staff=True)
        reviewer.groups.add(Group.objects.get(name="Reviewers"))
        return editor, reviewer

    def settle(self, rng: random.Random, reviewer: Any, report: dict) -> None:
        """Settle nine figures in ten and resolve four flags in five, through the services."""
        started = time.perf_counter()
        public = Claim.objects.public().filter(figure__isnull=False).order_by("figure_id", "value")
        by_figure: dict[int, list[Claim]] = {}
        for claim in public.only("pk", "figure_id", "value"):
            by_figure.setdefault(claim.figure_id, []).append(claim)  # type: ignore[arg-type]  # every claim read here was placed in a figure
        figures = Figure.objects.filter(pk__in=by_figure)
        settled = 0
        for figure in figures:
            if rng.random() < 0.9:
                claims = by_figure[figure.pk]
                figure_settle(
                    actor=reviewer,
                    figure=figure,
                    preferred_claim=claims[len(claims) // 2],
                    rationale="The median of the reviewed claims, which the sources support.",
                )
                settled += 1
        resolved = 0
        for flag in ConflictFlag.objects.filter(state=FlagState.OPEN):
            if rng.random() < 0.8:
                flag_resolve(actor=reviewer, flag=flag, note="Checked against the sources.")
                resolved += 1
        report["figures"] = Figure.objects.count()
        report["figures_settled"] = settled
        report["flags"] = ConflictFlag.objects.count()
        report["flags_resolved"] = resolved
        report["public_claims"] = Claim.objects.public().count()
        report["settle_seconds"] = round(time.perf_counter() - started, 1)

    # --- timing -----------------------------------------------------------------------------

    def measure(self, rng: random.Random, requests: int) -> dict[str, Any]:
        claim_ids = list(Claim.objects.public().values_list("pk", flat=True))
        figure_ids = list(Figure.objects.public().values_list("pk", flat=True))
        subjects = list(Entity.objects.filter(kind="country").values_list("slug", flat=True))
        metrics = list(METRIC_SHARES)

        def search_url() -> str:
            params = [f"q={rng.choice(SEARCHES)}"]
            if rng.random() < 0.3:
                params.append(f"year={rng.randint(2005, 2025)}")
            if rng.random() < 0.2:
                params.append(f"metric={rng.choice(metrics)}")
            if rng.random() < 0.1:
                params.append(f"subject={rng.choice(subjects)}")
            if rng.random() < 0.1:
                params.append("status=disputed")
            if rng.random() < 0.2:
                params.append("kind=articles")
            if rng.random() < 0.2:
                params.append("page=2")
            return "/search/?" + "&".join(params)

        pages: dict[str, Callable[[], str]] = {
            "claim": lambda: f"/claims/{rng.choice(claim_ids)}/",
            "figure": lambda: f"/figures/{rng.choice(figure_ids)}/",
            "search": search_url,
        }
        results = {}
        with served_as_in_production(), override_settings(ALLOWED_HOSTS=["testserver"]):
            client = Client()
            for name, url_of in pages.items():
                for _ in range(20):  # warm the caches and the connection
                    client.get(url_of())
                timings = []
                for _ in range(requests):
                    url = url_of()
                    started = time.perf_counter()
                    response = client.get(url)
                    timings.append((time.perf_counter() - started) * 1000)
                    if response.status_code != 200:
                        raise CommandError(f"{url} answered {response.status_code}")
                with CaptureQueriesContext(connection) as queries:
                    client.get(url_of())
                results[name] = {**summary(timings), "queries_per_request": len(queries)}
                reset_queries()
                self.progress(f"{name}: {results[name]}")
        return results

    def wipe(self) -> None:
        ConflictFlag.claims.through.objects.all().delete()
        ConflictFlag.history.all().delete()
        ConflictFlag.objects.all().delete()
        ClaimSource.objects.all().delete()
        Source.objects.all().delete()
        Claim.objects.update(figure=None)
        Figure.objects.update(preferred_claim=None)
        Figure.history.all().delete()
        Figure.objects.all().delete()
        Claim.history.all().delete()
        Claim.objects.all().delete()
        Article.objects.all().delete()
        Publication.objects.filter(slug__startswith="bench-outlet-").delete()
        get_user_model().objects.filter(username__startswith="bench-").delete()
