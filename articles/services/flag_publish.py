"""The public sentence of a conflict flag, written from its public claims only.

The reconciler explains a flag from every claim under it, suggestions and drafts included:
that is what the desk needs. Readers may see a flag once a reviewer acknowledged or closed
it, and then only what the public claims under it say; quoting an unreviewed value there
would publish it. The public sentence is stored beside the desk's (``public_explanation``)
so every read path — pages, API, exports — picks one column instead of re-deriving it.
Which claims are public is ``articles.selectors.visibility``'s to say; the flag's public
spread is worked out from the same claims where it is read. The sentence is empty while
fewer than two public claims stand under the flag, and for flags the reconciler closed by
itself, which keeps those off the public record.

It is refreshed when a flag becomes public (acknowledged, resolved, dismissed) and when a
claim under it enters or leaves the public record; reconciling alone never makes a claim
public, so it cannot change a public sentence by itself.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Prefetch

from articles.models import PUBLIC_FLAG_STATES, Claim, ConflictFlag
from articles.selectors.visibility import PUBLIC, claim_amount, visible_claims

from .flag_text import AUTO_RESOLVED_NOTE, FlagClaim, describe_flag

MIN_PUBLIC_CLAIMS = 2


def public_explanation(flag: ConflictFlag, public_claims: Iterable[Claim]) -> str:
    """The flag's sentence from ``public_claims`` (metric, counterparty and scope loaded),
    or ""."""
    claims = [
        FlagClaim(
            amount=claim_amount(claim),
            unit=claim.key_unit,
            metric=claim.metric.name if claim.metric else "?",
            start=claim.period_start,
            end=claim.period_end,
            article=claim.article_id,
            kind=claim.kind,
            counterparty=claim.counterparty.name if claim.counterparty else "",
            item=claim.item,
            scope=claim.scope.name,
            usd_rate=claim.usd_rate,
            usd_rate_year=claim.usd_rate_year,
        )
        for claim in public_claims
    ]
    if flag.state not in PUBLIC_FLAG_STATES or len(claims) < MIN_PUBLIC_CLAIMS:
        return ""
    if flag.resolution_note == AUTO_RESOLVED_NOTE:
        return ""  # closed by the reconciler, not a reviewer: nothing was disputed in public
    text, _ = describe_flag(kind=flag.kind, subject=flag.subject.name, claims=claims)
    return text


def flags_publish(*, flag_ids: Iterable[int] | None = None, claim: Claim | None = None) -> int:
    """Rewrite the public sentence of the given flags (or of every flag over ``claim``).

    Runs inside the caller's transaction; returns how many sentences changed. Derived text,
    like the reconciler's own explanation: written without a history row of its own.
    """
    flags = ConflictFlag.objects.select_related("subject")
    if claim is not None:
        flags = flags.filter(claims=claim)
    if flag_ids is not None:
        flags = flags.filter(pk__in=list(flag_ids))
    public_claims = (
        visible_claims(PUBLIC).select_related("metric", "counterparty", "scope").order_by("id")
    )
    changed = 0
    for flag in flags.prefetch_related(
        Prefetch("claims", queryset=public_claims, to_attr="public_claims")
    ):
        text = public_explanation(flag, flag.public_claims)
        if text != flag.public_explanation:
            ConflictFlag.objects.filter(pk=flag.pk).update(public_explanation=text)
            changed += 1
    return changed
