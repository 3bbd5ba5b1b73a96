"""Import the bundled sample corpus through the real importer (what ``make run`` shows).

Once every article of the corpus is in the database, the command imports nothing and
records no new import run, so running ``make run`` again leaves the record as it was.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand

from articles.importing import ArticleDraft, ReadError, iter_source_items, read_item
from articles.models import Article, Claim, ConflictFlag, ImportOrigin
from articles.services.actors import DEMO
from articles.services.articles_import import articles_import_paths

SAMPLE_CORPUS = Path(__file__).resolve().parents[2] / "sample_corpus" / "articles"


class Command(BaseCommand):
    help = "Import the bundled sample corpus (running it again imports nothing new)."

    def handle(self, *args: Any, **options: Any) -> None:
        hashes = sample_hashes()
        if hashes and Article.objects.filter(content_hash__in=hashes).count() == len(hashes):
            self.stdout.write(
                f"Sample corpus: all {len(hashes)} articles are already there; nothing imported."
            )
            return
        run = articles_import_paths(
            actor=DEMO, paths=[SAMPLE_CORPUS], origin=ImportOrigin.SAMPLE, label="sample corpus"
        )
        suggested = Claim.objects.filter(article__import_run=run).count()
        self.stdout.write(
            f"Sample corpus: {run.created} new, {run.updated} updated, "
            f"{run.duplicate} already there, {run.failed} failed (import run {run.pk}); "
            f"{suggested} suggested claim(s); {ConflictFlag.objects.open().count()} open flag(s)."
        )


def sample_hashes() -> set[str]:
    """The content hashes of the corpus's articles, read the way the importer reads them."""
    hashes = set()
    for item in iter_source_items([SAMPLE_CORPUS]):
        if isinstance(item, ReadError):
            continue  # the import itself reports it
        for result in read_item(item):
            if isinstance(result, ArticleDraft):
                hashes.add(result.content_hash)
    return hashes
