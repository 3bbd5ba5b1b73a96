"""Find money figures and counts: in JSON lines (``--jsonl``), or in stored articles.

``--jsonl FILE`` (``-`` for stdin) reads ``{"id", "text", "published"}`` per line and writes
``{"id", "figures": [...]}`` per line, in the same order; a line that cannot be read is
answered with ``{"id": null, "figures": [], "error": "..."}`` and the exit status is 1.
Without ``--jsonl`` the figures of stored articles (``--article ID ...`` or all) become
suggested claims; running it again creates nothing new.
"""

from __future__ import annotations

import datetime
import json
import sys
from typing import IO, Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError

from articles.extraction import DEFAULT_LEXICON, extract_figures
from articles.services.actors import COMMAND
from articles.services.claims_extract import claims_extract, lexicon_from_database


class Command(BaseCommand):
    help = "Extract money figures and counts (JSON lines in and out, or stored articles)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--jsonl", metavar="FILE", help="JSON lines to read ('-': stdin).")
        parser.add_argument("--article", type=int, nargs="+", metavar="ID", dest="articles")
        parser.add_argument("--json", action="store_true", help="Summary as JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["jsonl"]:
            if options["articles"]:
                raise CommandError("Use either --jsonl or --article, not both.", returncode=2)
            failures = self.extract_jsonl(options["jsonl"])
            if failures:
                sys.exit(1)
            return
        outcome = claims_extract(actor=COMMAND, article_ids=options["articles"])
        summary = outcome.as_dict()
        if options["json"]:
            self.stdout.write(json.dumps(summary))
        else:
            line = (
                f"{summary['created']} suggested claim(s) in {summary['articles']} article(s); "
                f"{summary['overlapping']} figure(s) already claimed."
            )
            if outcome.note:
                line += f" Not read: {outcome.note}."
            self.stdout.write(line)

    def extract_jsonl(self, path: str) -> int:
        try:
            lexicon, _, _ = lexicon_from_database()
        except DatabaseError:
            # Tools may call this on a machine without the database: the built-in names do.
            lexicon = DEFAULT_LEXICON
        failures = 0
        try:
            stream: IO[str] = sys.stdin if path == "-" else open(path, encoding="utf-8")  # noqa: SIM115
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror}", returncode=2) from exc
        with stream:
            for number, line in enumerate(stream, start=1):
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                    if not isinstance(record, dict) or not isinstance(record.get("text"), str):
                        raise ValueError('each line needs an object with a "text" string')
                    published = record.get("published")
                    date = datetime.date.fromisoformat(published) if published else None
                except (ValueError, TypeError) as exc:
                    failures += 1
                    error = f"line {number}: {exc}"
                    self.stdout.write(json.dumps({"id": None, "figures": [], "error": error}))
                    continue
                figures = extract_figures(record["text"], published=date, lexicon=lexicon)
                out = {"id": record.get("id"), "figures": [f.as_dict() for f in figures]}
                self.stdout.write(json.dumps(out, ensure_ascii=False))
        return failures
