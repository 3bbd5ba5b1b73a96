"""What a review verdict rests on: the grounds a claim needs before it may be verified or
called false, and which edits change what a reviewed claim says.

Kept apart from the workflow table so the rule reads in one place: ``verified`` means a
reviewer checked the figure against a source that bears it out (a source attached with the
stance "supports", or one whose own value agrees within the metric's tolerance), and the
claim says whose figure it is, what it measures and when; ``false`` means a source
contradicts it. Without those grounds the public wording of the status would be untrue.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.conf import settings

from articles.models import Claim, ClaimSource, ClaimStatus, Stance

# What a claim says: a change to any of these after review needs a reviewer again. The
# note is the desk's own remark, not part of the claim, and may change freely.
ASSERTION_FIELDS = (
    "quote",
    "start",
    "end",
    "value",
    "low",
    "high",
    "qualifier",
    "currency",
    "unit",
    "subject_id",
    "counterparty_id",
    "metric_id",
    "kind",
    "item",
    "scope_id",
    "period_start",
    "period_end",
    "attribution",
)

# Readable names of what may be missing, in the order a refusal lists them.
MISSING_WORDS = {
    "subject": "no subject",
    "metric": "no metric",
    "period": "no period",
    "supporting_source": "no attached source that supports it",
    "contradicting_source": "no attached source that contradicts it",
}


def changed_assertion_fields(before: dict[str, object], after: Claim) -> list[str]:
    """The assertion fields whose value differs between a snapshot and the claim now."""
    return [
        name.removesuffix("_id")
        for name in ASSERTION_FIELDS
        if before.get(name) != getattr(after, name)
    ]


def assertion_snapshot(claim: Claim) -> dict[str, object]:
    return {name: getattr(claim, name) for name in ASSERTION_FIELDS}


def claim_tolerance(claim: Claim) -> Decimal:
    """The relative difference within which two values of the claim's metric agree."""
    tolerance = claim.metric.tolerance if claim.metric_id and claim.metric else None
    if tolerance is None:
        tolerance = Decimal(str(settings.FACTCHECK_VALUE_TOLERANCE))
    return Decimal(tolerance)


def _claim_interval(claim: Claim) -> tuple[Decimal, Decimal] | None:
    low = claim.low if claim.low is not None else claim.value
    high = claim.high if claim.high is not None else claim.value
    if low is None or high is None:
        return None
    return low, high


def source_value_agrees(claim: Claim, link: ClaimSource) -> bool | None:
    """Whether the source's own value agrees with the claim; None when it cannot be told.

    A value in another currency than the claim's is not compared (conversions are a
    reviewer's call, not an automatic verdict).
    """
    interval = _claim_interval(claim)
    if link.value is None or interval is None:
        return None
    if link.currency and claim.currency and link.currency != claim.currency:
        return None
    tolerance = claim_tolerance(claim)
    low, high = interval
    return low * (1 - tolerance) <= link.value <= high * (1 + tolerance)


def supports(claim: Claim, link: ClaimSource) -> bool:
    if link.stance == Stance.SUPPORTS:
        return True
    return link.stance != Stance.CONTRADICTS and source_value_agrees(claim, link) is True


def contradicts(claim: Claim, link: ClaimSource) -> bool:
    if link.stance == Stance.CONTRADICTS:
        return True
    return link.stance != Stance.SUPPORTS and source_value_agrees(claim, link) is False


def missing_grounds(claim: Claim, links: Iterable[ClaimSource], to_status: str) -> list[str]:
    """What ``claim`` lacks before it may move to ``to_status``; empty when nothing does."""
    links = list(links)
    missing: list[str] = []
    if to_status == ClaimStatus.VERIFIED:
        if claim.subject_id is None:
            missing.append("subject")
        if claim.metric_id is None:
            missing.append("metric")
        if claim.period_start is None or claim.period_end is None:
            missing.append("period")
        if not any(supports(claim, link) for link in links):
            missing.append("supporting_source")
    elif to_status == ClaimStatus.FALSE and not any(contradicts(claim, link) for link in links):
        missing.append("contradicting_source")
    return missing


def describe_missing(outcome: str, missing: list[str]) -> str:
    """``This claim cannot be marked as false: it has no attached source that contradicts it.``"""
    words = [MISSING_WORDS[name] for name in missing]
    listed = words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"
    return f"This claim cannot be {outcome}: it has {listed}."
