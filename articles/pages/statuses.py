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
    # Each sentence says what a reviewer did, and no more: verifying needs an attached source
    # that bears the figure out, marking it false one that contradicts it.
    ClaimStatus.VERIFIED: StatusMeaning(
        "Verified",
        "A reviewer checked this figure against the sources attached to it, and at least one "
        "of them bears it out.",
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
        "A reviewer found that credible sources disagree about this figure; the competing "
        "values are shown below.",
        2,
    ),
    ClaimStatus.FALSE: StatusMeaning(
        "False",
        "The article states this figure, and a reviewer found an attached source that "
        "contradicts it.",
        1,
    ),
}
# Not a verdict on the figure: the desk's own correction. It has no review rating.
WITHDRAWN = StatusMeaning(
    "Withdrawn",
    "The desk withdrew this claim after publishing it: it was not a correct reading of the "
    "article. The correction below says what was wrong.",
    0,
)
BEST_RATING = 5
WORST_RATING = 1


def meaning_of(status: str) -> StatusMeaning:
    """The meaning of a published status; other statuses never reach a public page."""
    if status == ClaimStatus.WITHDRAWN:
        return WITHDRAWN
    return MEANINGS[status]
