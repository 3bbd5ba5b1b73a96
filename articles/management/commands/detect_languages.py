"""Detect the language of stored articles that have none (``--all``: of every article).

New articles get theirs at import; this fills in those imported before, in batches. Run it
again and it changes nothing more. It is not run by a migration: detection reads every
article's text, which on a large database takes minutes that a deploy should not wait for.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from articles.extraction.languages import language_name
from articles.services.actors import COMMAND
from articles.services.articles_import import articles_language_detect


class Command(BaseCommand):
    help = "Detect the language of articles whose language is blank (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--all",
            action="store_true",
            dest="redetect",
            help="Detect again for every article, replacing languages the sources stated "
            "(kept where the detector is unsure).",
        )
        parser.add_argument("--batch-size", type=int, default=500, metavar="N")
        parser.add_argument("--json", action="store_true", help="Print the outcome as JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        outcome = articles_language_detect(
            actor=COMMAND, redetect=options["redetect"], batch_size=max(1, options["batch_size"])
        )
        if options["json"]:
            self.stdout.write(json.dumps(outcome.as_dict()))
            return
        found = ", ".join(
            f"{language_name(code)} {count}" for code, count in sorted(outcome.languages.items())
        )
        self.stdout.write(
            f"Checked {outcome.checked} article(s): {outcome.changed} changed, "
            f"{outcome.unknown} too short or unclear to tell."
            + (f" Found: {found}." if found else "")
        )
