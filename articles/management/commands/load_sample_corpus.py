"""Import the bundled sample corpus through the real importer (what ``make run`` shows)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand

from articles.models import Claim, ConflictFlag, ImportOrigin
from articles.services.articles_import import articles_import_paths

SAMPLE_CORPUS = Path(__file__).resolve().parents[2] / "sample_corpus" / "articles"


class Command(BaseCommand):
    help = "Import the bundled sample corpus (running it again imports nothing new)."

    def handle(self, *args: Any, **options: Any) -> None:
        run = articles_import_paths(
            actor=None, paths=[SAMPLE_CORPUS], origin=ImportOrigin.SAMPLE, label="sample corpus"
        )
        suggested = Claim.objects.filter(article__import_run=run).count()
        self.stdout.write(
            f"Sample corpus: {run.created} new, {run.updated} updated, "
            f"{run.duplicate} already there, {run.failed} failed (import run {run.pk}); "
            f"{suggested} suggested claim(s); {ConflictFlag.objects.open().count()} open flag(s)."
        )
