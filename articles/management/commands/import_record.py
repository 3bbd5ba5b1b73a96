"""Restore a record written by ``export_record`` into an empty database."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from articles.services.record_backup import RecordError, record_import


class Command(BaseCommand):
    help = "Restore an exported record into an empty (freshly migrated) database."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", metavar="PATH")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            with Path(options["path"]).open(encoding="utf-8") as stream:
                summary = record_import(stream)
        except OSError as exc:
            raise CommandError(
                f"Cannot read {options['path']}: {exc.strerror}", returncode=2
            ) from exc
        except RecordError as exc:
            raise CommandError(str(exc)) from exc
        for label, count in sorted(summary.counts.items()):
            self.stdout.write(f"  {label:<38}{count:>8}")
        self.stdout.write(f"Restored {summary.total} rows.")
