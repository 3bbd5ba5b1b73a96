"""What each public status means to a reader, and how it maps onto a review rating.

Written once here so the claim page, the search results and the ClaimReview JSON-LD say
the same thing about a status.
"""

from __future__ import annotations

from dataclasses import dataclass

from articles.models import ClaimStatus


@dataclass(frozen=True)
class StatusMeaning:
    label: str
    meaning: str
    # schema.org Rating on a 1 (worst) to 5 (best) scale.
    rating: int


MEANINGS: dict[str, StatusMeaning] = {
    ClaimStatus.VERIFIED: StatusMeaning(
        "Verified",
        "A reviewer checked this figure against its sources and they bear it out.",
        5,
    ),
    ClaimStatus.UNVERIFIABLE: StatusMeaning(
        "Unverifiable",
        "A reviewer looked for sources that could confirm or refute this figure and found "
        "none that settle it.",
        3,
    ),
    ClaimStatus.DISPUTED: StatusMeaning(
        "Disputed",
        "Credible sources disagree about this figure; the competing values are shown below.",
        2,
    ),
    ClaimStatus.FALSE: StatusMeaning(
        "False",
        "A reviewer checked this figure and the sources contradict it.",
        1,
    ),
}
BEST_RATING = 5
WORST_RATING = 1


def meaning_of(status: str) -> StatusMeaning:
    """The meaning of a public status; other statuses never reach a public page."""
    return MEANINGS[status]
