"""Re-anchoring claims after an article's body changed (TextQuoteSelector-style).

Each claim is found again by its exact quote; where the quote occurs more than once the
occurrence whose surrounding text best matches the claim's stored prefix and suffix wins,
then the one nearest the old offset.

A reviewer's verdict covers the words around a claim as well as the quote: "$3.7 billion
on defence" and "$3.7 billion, critics say falsely, on defence" are different claims. So:

- quote and context unchanged (the words only moved): the claim keeps its status;
- the context changed: the claim is re-anchored, and a reviewed claim goes back to
  ``needs_review`` (its figure, if settled on it, reopens);
- the quote is gone: the claim is kept, orphaned (unanchored, staff-visible, with its
  review history) and back in ``needs_review``; never deleted.

Every history row names the import run and who started it (a person, or the system actor
that acted).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction

from articles.models import PUBLIC_STATUSES, Article, ChangeKind, Claim, ClaimStatus, ImportRun

from .actors import Actor, history_note
from .change_feed import changes_record
from .claim_edit import anchor_context
from .figure_settle import figures_reopen_on
from .figures_reconcile import ClaimKey
from .reconcile_queue import reconcile_after_commit

# Statuses a re-import leaves alone even when the words change: nothing public rests on
# them, or (withdrawn) the correction already says what happened.
KEPT_STATUSES = (ClaimStatus.REJECTED, ClaimStatus.WITHDRAWN)


@dataclass
class ReanchorOutcome:
    moved: list[int] = field(default_factory=list)
    sent_back: list[int] = field(default_factory=list)
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


def claims_reanchor(
    *, actor: Actor, article: Article, run: ImportRun | None = None
) -> ReanchorOutcome:
    """Move every claim of ``article`` to where its quote now stands in the body."""
    outcome = ReanchorOutcome()
    body = article.body
    by = run_description(run)
    touched: list[ClaimKey] = []
    changed: list[Claim] = []
    with transaction.atomic():
        for claim in Claim.objects.select_for_update().filter(article=article):
            claim.article = article
            if claim.anchored and in_place(body, claim):
                continue
            position = quote_position(body, claim.quote, claim.prefix, claim.suffix, claim.start)
            claim.version += 1
            was_public = claim.status in PUBLIC_STATUSES
            if position is None:
                claim.anchored = False
                reason = f"{by}: the quote is no longer in the article"
                if claim.status not in KEPT_STATUSES:
                    reason = _send_back(claim, actor, reason, was_public)
                history_note(claim, actor=actor, reason=reason)
                claim.save()
                changed.append(claim)
                outcome.lost.append(claim)
                touched.append(ClaimKey.of(claim))
                continue
            start, end = position, position + len(claim.quote)
            context = anchor_context(body, start, end)
            unchanged = context == (claim.prefix, claim.suffix)
            claim.start, claim.end = start, end
            claim.prefix, claim.suffix = context
            claim.anchored = True
            if unchanged:
                reason = f"{by}: re-anchored, the quote and the words around it unchanged"
                outcome.moved.append(claim.pk)
            else:
                reason = f"{by}: the words around the quote changed"
                if was_public:
                    reason = _send_back(claim, actor, reason, was_public)
                    outcome.sent_back.append(claim.pk)
                else:
                    outcome.moved.append(claim.pk)
            history_note(claim, actor=actor, reason=reason)
            claim.save()
            changed.append(claim)
            touched.append(ClaimKey.of(claim))
        changes_record(((ChangeKind.CLAIM_CHANGED, c) for c in changed), actor=actor)
        if touched:
            reconcile_after_commit(touched)
    return outcome


def in_place(body: str, claim: Claim) -> bool:
    """The claim's quote and the words around it stand where they stood."""
    return body[claim.start : claim.end] == claim.quote and anchor_context(
        body, claim.start, claim.end
    ) == (claim.prefix, claim.suffix)


def run_description(run: ImportRun | None) -> str:
    """How history names the re-import: the run, and the person who started it.

    A run the system started is named by ``history_note``, which adds the system actor.
    """
    if run is None:
        return "re-import"
    if run.started_by is None:
        return f"re-import run {run.pk}"
    return f"re-import run {run.pk} started by {run.started_by.get_username()}"


def _send_back(claim: Claim, actor: Actor, reason: str, was_public: bool) -> str:
    """Put a claim back in review; a figure settled on it reopens. The history reason."""
    reviewed_as = claim.get_status_display().lower()
    claim.status = ClaimStatus.NEEDS_REVIEW
    if was_public:
        figures_reopen_on(actor=actor, claim=claim, reason=reason)
        return f"{reason}: the {reviewed_as} claim is back to review"
    return f"{reason}: back to review"
