"""Atom feeds of the public record: claims as they are reviewed, and corrections.

Django's syndication framework writes the feeds; each reads one bounded selector, so a
feed costs the same few queries however large the record is. A withdrawn claim appears as
its correction, never as the assertion it replaced.
"""

from __future__ import annotations

from datetime import datetime

from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from articles import citation
from articles.models import Claim, ClaimStatus
from articles.selectors import pages as selectors

from .statuses import meaning_of

FEED_ITEMS = 30


class ClaimsFeed(Feed):
    """Claims as they reach the public record: verdicts, and withdrawals as corrections."""

    feed_type = Atom1Feed
    title = "factcheck: the reconciled record"
    subtitle = "Claims as reviewers check them, and corrections when the desk withdraws one."

    def link(self) -> str:
        return reverse("home")

    def items(self) -> QuerySet[Claim]:
        return selectors.recently_published(limit=FEED_ITEMS)

    def item_title(self, item: Claim) -> str:
        if item.status == ClaimStatus.WITHDRAWN:
            return f"Correction: “{item.quote}” withdrawn ({item.get_withdrawal_reason_display()})"
        return f"{meaning_of(item.status).label}: {citation.claim_summary(item)}"

    def item_description(self, item: Claim) -> str:
        if item.status == ClaimStatus.WITHDRAWN:
            return item.withdrawal_note or meaning_of(item.status).meaning
        return f"“{item.quote}” — {meaning_of(item.status).meaning}"

    def item_updateddate(self, item: Claim) -> datetime:
        return item.updated_at

    def item_pubdate(self, item: Claim) -> datetime:
        return item.withdrawn_at or item.updated_at


class CorrectionsFeed(ClaimsFeed):
    """Only the withdrawals: what the desk published and took back, and why."""

    title = "factcheck: corrections"
    subtitle = "Claims the desk withdrew after publishing them, with the reason."

    def items(self) -> QuerySet[Claim]:
        return selectors.recent_corrections(limit=FEED_ITEMS)
