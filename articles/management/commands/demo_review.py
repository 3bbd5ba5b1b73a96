"""Give the demo site a reviewed record to show (``make run``; refused when DEBUG is off).

The demo reviewer accepts and verifies the extractor's most confident, fully placed
suggestions on the sample corpus, and settles the figures whose claims agree. It goes
through the same services as a person would, so history says who did what — the demo
reviewer — and open flags stay open for a real reviewer to settle. Running it again changes
nothing more.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from articles.models import Claim, ClaimStatus, Figure, FigureStatus, FlagState
from articles.services.claim_workflow import claim_transition
from articles.services.figure_settle import figure_settle
from articles.services.figures_reconcile import figures_reconcile

CONFIDENT = 0.85


class Command(BaseCommand):
    help = "Verify confident sample claims and settle agreeing figures (demo only)."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError("demo_review is for the local demo only (DEBUG=1).")
        reviewer = get_user_model().objects.filter(username="reviewer").first()
        if reviewer is None:
            raise CommandError("Run create_demo_accounts first.")
        confident = (
            Claim.objects.filter(status=ClaimStatus.SUGGESTED, confidence__gte=CONFIDENT)
            .exclude(subject=None)
            .exclude(metric=None)
            .exclude(period_start=None)
        )
        verified = 0
        for claim in confident:
            accepted = claim_transition(actor=reviewer, claim=claim, to_status=ClaimStatus.DRAFT)
            claim_transition(actor=reviewer, claim=accepted, to_status=ClaimStatus.VERIFIED)
            verified += 1
        figures_reconcile()
        settled = 0
        agreeing = Figure.objects.filter(status=FigureStatus.OPEN).exclude(
            flags__state__in=(FlagState.OPEN, FlagState.ACKNOWLEDGED)
        )
        for figure in agreeing.distinct():
            best = figure.claims.filter(status=ClaimStatus.VERIFIED).order_by("-confidence").first()
            if best is None:
                continue
            figure_settle(
                actor=reviewer,
                figure=figure,
                preferred_claim=best,
                rationale="Demo: the sample articles agree on this value.",
            )
            settled += 1
        self.stdout.write(
            f"Demo review: {verified} claim(s) verified, {settled} figure(s) settled; "
            "open flags are left for you."
        )
