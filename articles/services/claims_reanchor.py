"""Re-anchoring claims after an article's body changed (TextQuoteSelector-style).

Each claim is found again by its exact quote; where the quote occurs more than once the
occurrence whose surrounding text best matches the claim's stored prefix and suffix wins,
then the one nearest the old offset. A claim whose quote is gone is never deleted: it keeps
its last known offsets, is marked unanchored and goes back to ``needs_review``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction

from articles.models import Article, Claim, ClaimStatus

from .claim_edit import anchor_context


@dataclass
class ReanchorOutcome:
    moved: list[int] = field(default_factory=list)
    lost: list[Claim] = field(default_factory=list)


def shared_length(a: str, b: str) -> int:
    """How many characters ``a`` and ``b`` share at their start."""
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def quote_position(body: str, quote: str, prefix: str, suffix: str, near: int) -> int | None:
    """Where ``quote`` stands in ``body``, chosen by context; None when it is not there."""
    best: tuple[int, int, int] | None = None
    position = body.find(quote)
    while position != -1:
        before = body[max(0, position - len(prefix)) : position]
        after = body[position + len(quote) : position + len(quote) + len(suffix)]
        context = shared_length(before[::-1], prefix[::-1]) + shared_length(after, suffix)
        candidate = (-context, abs(position - near), position)
        if best is None or candidate < best:
            best = candidate
        position = body.find(quote, position + 1)
    return None if best is None else best[2]


def claims_reanchor(*, article: Article, actor: object = None) -> ReanchorOutcome:
    """Move every claim of ``article`` to where its quote now stands in the body."""
    outcome = ReanchorOutcome()
    body = article.body
    with transaction.atomic():
        for claim in Claim.objects.select_for_update().filter(article=article):
            claim.article = article
            if claim.anchored and body[claim.start : claim.end] == claim.quote:
                continue
            position = quote_position(body, claim.quote, claim.prefix, claim.suffix, claim.start)
            claim._history_user = actor  # type: ignore[attr-defined]
            claim.version += 1
            if position is None:
                claim.anchored = False
                if claim.status != ClaimStatus.REJECTED:
                    claim.status = ClaimStatus.NEEDS_REVIEW
                claim._change_reason = "quote no longer in the article after re-import"  # type: ignore[attr-defined]
                claim.save()
                outcome.lost.append(claim)
                continue
            claim.start, claim.end = position, position + len(claim.quote)
            claim.prefix, claim.suffix = anchor_context(body, claim.start, claim.end)
            claim.anchored = True
            claim._change_reason = "re-anchored after the article changed"  # type: ignore[attr-defined]
            claim.save()
            outcome.moved.append(claim.pk)
    return outcome
