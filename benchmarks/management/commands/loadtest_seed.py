"""Prepare a scratch database for ``make loadtest``: sample corpus, claims in every state,
editors with API tokens; writes what the load needs (ids, tokens) as JSON."""

from __future__ import annotations

import json
import random
import uuid
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from rest_framework.authtoken.models import Token

from articles.models import Article, Claim, ClaimOrigin, ClaimStatus, Entity, Metric
from articles.services.figures_reconcile import figures_reconcile


class Command(BaseCommand):
    help = "Seed a scratch database for the load test (refuses one that holds claims)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", required=True)
        parser.add_argument("--claims", type=int, default=3000)
        parser.add_argument("--editors", type=int, default=6)
        parser.add_argument("--import-articles", type=int, default=2000)

    def handle(self, *args: Any, **options: Any) -> None:
        if Claim.objects.exists():
            raise CommandError("The load test needs a scratch database.", returncode=2)
        call_command("load_sample_corpus", stdout=self.stdout)
        rng = random.Random(3)
        articles = list(Article.objects.all())
        subjects = list(Entity.objects.filter(kind="country")[:12])
        metrics = list(Metric.objects.filter(unit_kind="currency"))
        claims = []
        for n in range(options["claims"]):
            article = articles[n % len(articles)]
            start = article.body.index(article.body.split()[0])
            word = article.body.split()[0]
            year = rng.randint(2005, 2025)
            claims.append(
                Claim(
                    article=article,
                    quote=word,
                    start=start,
                    end=start + len(word),
                    subject=rng.choice(subjects),
                    metric=rng.choice(metrics),
                    value=Decimal(rng.randint(100, 9000)) * 10**6,
                    currency="USD",
                    period_start=year,
                    period_end=year,
                    origin=ClaimOrigin.MANUAL,
                    status=ClaimStatus.VERIFIED if n % 2 else ClaimStatus.DRAFT,
                )
            )
        Claim.objects.bulk_create(claims, batch_size=1000)
        figures_reconcile()
        editors = Group.objects.get(name="Editors")
        tokens = []
        for n in range(options["editors"] + 1):
            user = get_user_model().objects.create_user(f"load-editor-{n}", is_staff=True)
            user.groups.add(editors)
            tokens.append(Token.objects.create(user=user).key)
        editable = list(
            Claim.objects.filter(status=ClaimStatus.DRAFT).values_list("pk", flat=True)[:500]
        )
        public = list(
            Claim.objects.filter(status=ClaimStatus.VERIFIED).values_list("pk", flat=True)[:500]
        )
        seed = {
            "editor_tokens": tokens[1:],
            "importer_token": tokens[0],
            "hot_claims": editable[:5],
            "editable_claims": editable[5:],
            "public_claims": public,
            "subjects": [s.slug for s in subjects],
            "since": (timezone.now() - timedelta(days=1)).isoformat(),
            "import_articles": options["import_articles"],
            "run_tag": uuid.uuid4().hex[:8],
        }
        Path(options["out"]).write_text(json.dumps(seed), encoding="utf-8")
        self.stdout.write(f"Seeded {len(claims)} claims; {len(tokens)} tokens.")
