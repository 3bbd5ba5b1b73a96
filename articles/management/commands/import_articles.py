"""Import articles from files, folders and zip archives.

Exit status: 0 when nothing failed, 1 when some items failed, 2 on a usage error. With
``--json`` the last line is the run as JSON; on a terminal a progress line is shown.
"""

from __future__ import annotations

import datetime
import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from articles.errors import FactcheckError
from articles.importing import FORMATS
from articles.models import ImportOrigin, ImportRun, IssueSeverity
from articles.services.actors import COMMAND
from articles.services.articles_import import ImportOptions, articles_import_paths


def run_summary(run: ImportRun) -> dict[str, Any]:
    """The contract of ``--json``: counts and every failed item with its reason."""
    errors = run.issues.filter(severity=IssueSeverity.ERROR).order_by("id")
    return {
        "run": run.pk,
        "status": run.status,
        "seen": run.seen,
        "created": run.created,
        "updated": run.updated,
        "duplicates": run.duplicate,
        "failed": run.failed,
        "errors": [{"item": e.item, "error": e.message} for e in errors],
    }


def parse_date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"--published must be YYYY-MM-DD, not {value!r}", returncode=2) from exc


class Command(BaseCommand):
    help = "Import articles (txt, md, html, json, jsonl, csv; folders and zip archives)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument("--publication", default="", help="Outlet of every article.")
        parser.add_argument("--format", default="auto", choices=["auto", *FORMATS])
        parser.add_argument("--published", default=None, help="Date of every article, YYYY-MM-DD.")
        parser.add_argument(
            "--async",
            dest="asynchronous",
            action="store_true",
            help="Stage the items and let Celery workers import them.",
        )
        parser.add_argument(
            "--no-extract",
            dest="extract",
            action="store_false",
            help="Do not suggest claims for the imported articles.",
        )
        parser.add_argument("--json", action="store_true", help="Print the run as JSON last.")

    def handle(self, *args: Any, **options: Any) -> None:
        import_options = ImportOptions(
            publication=options["publication"],
            format=options["format"],
            published=parse_date(options["published"]) if options["published"] else None,
            extract=options["extract"],
        )
        missing = [p for p in options["paths"] if not Path(p).exists()]
        if missing:
            raise CommandError(f"No such file or folder: {', '.join(missing)}", returncode=2)
        show_progress = not options["json"] and sys.stderr.isatty()
        try:
            run = articles_import_paths(
                actor=COMMAND,
                paths=options["paths"],
                options=import_options,
                origin=ImportOrigin.FILE,
                asynchronous=options["asynchronous"],
                progress=self.show_progress if show_progress else None,
            )
        except FactcheckError as exc:
            raise CommandError(str(exc), returncode=2) from exc
        if show_progress:
            sys.stderr.write("\n")
        summary = run_summary(run)
        if options["json"]:
            self.stdout.write(json.dumps(summary))
        else:
            self.print_table(summary, asynchronous=options["asynchronous"])
        if summary["failed"]:
            sys.exit(1)

    def show_progress(self, run: ImportRun) -> None:
        sys.stderr.write(
            f"\r{run.seen} read · {run.created} new · {run.updated} updated · "
            f"{run.duplicate} duplicate · {run.failed} failed"
        )
        sys.stderr.flush()

    def print_table(self, summary: dict[str, Any], *, asynchronous: bool) -> None:
        write = self.stdout.write
        if asynchronous:
            write(f"Import run {summary['run']} staged for the workers ({summary['status']}).")
        else:
            write(f"Import run {summary['run']}: {summary['status']}")
        for label in ("seen", "created", "updated", "duplicates", "failed"):
            write(f"  {label:<11}{summary[label]:>8}")
        for error in summary["errors"]:
            write(self.style.ERROR(f"  ✗ {error['item']}: {error['error']}"))
