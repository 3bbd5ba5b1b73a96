"""Give the demo site a reviewed record to show (``make run``; refused when DEBUG is off).

The demo editor and reviewer apply the sample corpus's editorial record
(``articles/sample_corpus/editorial_record.json``) through the same services a person uses:
the claims the desk decided, with the sources it checked them against, the figures it
settled and why, the two conflict flags it acknowledged and left open, and one withdrawn
claim with its correction. Nothing the record does not decide is verified, and articles
outside the corpus are not touched. Running it again changes nothing.
"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from articles.services.demo_record import DemoRecordError, demo_record_apply


class Command(BaseCommand):
    help = "Apply the sample corpus's editorial record as the demo editor and reviewer (demo only)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--json", action="store_true", help="Print the outcome as JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError("demo_review is for the local demo only (DEBUG=1).")
        users = {
            user.get_username(): user
            for user in get_user_model().objects.filter(username__in=("editor", "reviewer"))
        }
        if set(users) != {"editor", "reviewer"}:
            raise CommandError("Run create_demo_accounts first.")
        try:
            outcome = demo_record_apply(reviewer=users["reviewer"], editor=users["editor"])
        except DemoRecordError as exc:
            raise CommandError(str(exc)) from exc
        if options["json"]:
            self.stdout.write(json.dumps(outcome.as_dict(), sort_keys=True))
            return
        if not outcome.changed:
            self.stdout.write(
                f"Demo review: the editorial record holds already ({outcome.already_held} "
                "decision(s)); nothing changed."
            )
        else:
            self.stdout.write(
                f"Demo review: {outcome.claims_created} claim(s) written and "
                f"{outcome.claims_edited} corrected, {outcome.status_changes} status change(s), "
                f"{outcome.sources_attached} source link(s), {outcome.claims_withdrawn} "
                f"withdrawn, {outcome.figures_settled} figure(s) settled, "
                f"{outcome.flags_acknowledged} flag(s) acknowledged and left open."
            )
        for reason in outcome.skipped:
            self.stderr.write(f"  skipped: {reason}")
