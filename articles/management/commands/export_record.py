"""Write the whole record (with history) as one versioned, deterministic JSON file."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from articles.services.record_backup import record_export


class Command(BaseCommand):
    help = "Export articles, claims, sources, figures, flags and all history to PATH ('-': stdout)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", metavar="PATH")

    def handle(self, *args: Any, **options: Any) -> None:
        path = options["path"]
        if path == "-":
            summary = record_export(sys.stdout)
        else:
            target = Path(path)
            partial = target.with_name(target.name + ".partial")
            try:
                with partial.open("w", encoding="utf-8") as stream:
                    summary = record_export(stream)
            except OSError as exc:
                raise CommandError(f"Cannot write {path}: {exc.strerror}", returncode=2) from exc
            partial.replace(target)  # never leave a half-written backup under the real name
        self.stderr.write(f"Exported {summary.total} rows to {path}.")
