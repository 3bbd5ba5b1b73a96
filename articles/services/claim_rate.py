"""A reviewer's cited exchange rate for one claim.

By default a claim in another currency is compared in US dollars at its year's average
rate (World Bank, shipped with the project). Some amounts were converted at another rate
on purpose: a deal at the central bank's rate of its signing day, a budget at the rate the
law was drafted at. A reviewer may then cite that rate with its source; it replaces the
average for this claim everywhere (reconcile, flags, exports, pages). Setting or clearing it
is an edit like any other: versioned, refused when stale, kept in history.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction

from articles.models import ChangeKind, Claim

from .actors import Actor, acting_user, history_note
from .change_feed import change_record
from .claim_lock import claim_for_update
from .figures_reconcile import ClaimKey
from .permissions import require_perm
from .reconcile_queue import reconcile_after_commit

REVIEWER_PERM = "articles.verify_claim"


def claim_rate_cite(
    *,
    actor: Actor,
    claim: Claim,
    rate: Decimal | str | None,
    source: str = "",
    year: int | None = None,
    expected_version: int | None,
) -> Claim:
    """Cite ``rate`` (units of the claim's currency per US dollar) from ``source`` for
    ``claim``; ``rate=None`` goes back to the year's average."""
    require_perm(actor, REVIEWER_PERM, "cite exchange rates")
    cited = _rate(rate)
    source = " ".join((source or "").split())
    if cited is not None and not source:
        raise ValidationError({"usd_rate_source": "Say where the rate comes from."})
    with transaction.atomic():
        current = claim_for_update(pk=claim.pk, expected_version=expected_version)
        if cited is not None and current.currency in ("", "USD"):
            raise ValidationError(
                {"usd_rate": "Only an amount in a currency other than US dollars has a rate."}
            )
        current.usd_rate = cited
        current.usd_rate_source = source if cited is not None else ""
        current.usd_rate_year = year if cited is not None else None
        current.version += 1
        current.updated_by = acting_user(actor)
        current.full_clean(exclude=["figure"])
        history_note(
            current,
            actor=actor,
            reason=(
                f"cited rate {cited} {current.currency} per USD ({source})"
                if cited is not None
                else "cited rate cleared: back to the year's average"
            ),
        )
        current.save()
        change_record(ChangeKind.CLAIM_CHANGED, current, actor=actor)
        reconcile_after_commit([ClaimKey.of(current)])
    return current


def _rate(rate: Decimal | str | None) -> Decimal | None:
    if rate is None or rate == "":
        return None
    try:
        value = Decimal(str(rate))
    except InvalidOperation:
        raise ValidationError({"usd_rate": f"{rate!r} is not a number."}) from None
    if not value.is_finite() or value <= 0:
        raise ValidationError({"usd_rate": "A rate is a positive number of units per US dollar."})
    return value
