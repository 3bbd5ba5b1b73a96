"""Score the extractor on annotated sentences (the format of shared/eval)."""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from articles.extraction import extract_figures
from articles.extraction.evaluation import evaluate
from articles.services.claims_extract import lexicon_from_database


class Command(BaseCommand):
    help = "Print detection precision/recall/F1 and attribute accuracy on annotated data."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", metavar="FILE.jsonl")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror}", returncode=2) from exc
        try:
            rows = [json.loads(line) for line in lines if line.strip()]
        except json.JSONDecodeError as exc:
            raise CommandError(f"{path} is not JSON lines: {exc}", returncode=2) from exc
        lexicon, _, _ = lexicon_from_database()

        def predict(sentence: str, published: datetime.date | None) -> list:
            return extract_figures(sentence, published=published, lexicon=lexicon)

        report = evaluate(rows, predict=predict)
        if options["json"]:
            data = report.as_dict()
            self.stdout.write(json.dumps({k: v for k, v in data.items() if k != "findings"}))
        else:
            self.stdout.write(report.format_table())
