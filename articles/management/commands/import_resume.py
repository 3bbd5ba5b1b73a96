"""Re-enqueue the unfinished chunks of an import run, e.g. after a worker died mid-chunk."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from articles.models import ImportRun
from articles.services.articles_import import import_run_resume


class Command(BaseCommand):
    help = "Resume import runs whose chunks were lost (safe to run at any time)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("runs", nargs="+", type=int, metavar="RUN")

    def handle(self, *args: Any, **options: Any) -> None:
        for run_id in options["runs"]:
            run = ImportRun.objects.filter(pk=run_id).first()
            if run is None:
                raise CommandError(f"There is no import run {run_id}.", returncode=2)
            chunks = import_run_resume(run=run)
            self.stdout.write(f"Import run {run_id}: {len(chunks)} chunk(s) enqueued again.")
