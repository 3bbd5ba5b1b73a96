"""Re-check every claim: group into figures, raise, update, reopen or close conflict flags."""

from __future__ import annotations

import json
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from articles.models import ConflictFlag
from articles.services.figures_reconcile import figures_reconcile


class Command(BaseCommand):
    help = "Reconcile all claims into figures and conflict flags (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--json", action="store_true", help="Print the outcome as JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        outcome = figures_reconcile()
        summary = {
            **outcome.as_dict(),
            "flags_open": ConflictFlag.objects.open().count(),
            "seconds": round(time.perf_counter() - started, 3),
        }
        if options["json"]:
            self.stdout.write(json.dumps(summary))
            return
        self.stdout.write(
            f"Reconciled in {summary['seconds']} s: {outcome.figures_created} new figure(s), "
            f"{outcome.flags_opened} flag(s) raised, {outcome.flags_reopened} reopened, "
            f"{outcome.flags_updated} updated, {outcome.flags_closed} closed; "
            f"{summary['flags_open']} open now."
        )
