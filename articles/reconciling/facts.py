"""What the rules know of a claim (a ``Fact``) and what they report (a ``Finding``).

Plain immutable values (a named tuple and frozen dataclasses): the service reads them from
the database, the rules compute with them, and tests build them by hand by the thousand.
"""

from __future__ import annotations

import hashlib
import operator
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

APPROXIMATELY = "approximately"
AT_LEAST = "at_least"
AT_MOST = "at_most"
# Figure kinds (the values of ``articles.models.FigureKind``).
ANNUAL = "annual"
TOTAL = "total"
TRANSACTION = "transaction"
COUNT = "count"
# Metrics whose amounts are single deals (a contract's price), not flows over a year.
DEAL_METRICS = frozenset({"arms-deal"})


def kind_for_metric(metric_slug: str | None, *, counted: bool = False) -> str:
    """The kind an amount of this metric has unless the words say otherwise."""
    if counted:
        return COUNT
    return TRANSACTION if metric_slug in DEAL_METRICS else ANNUAL


# Bumped when what a finding's signature covers changes (see ``Finding.signature``).
SIGNATURE_VERSION = "4"

# The scope of a claim nobody has stated (``articles.models.UNSPECIFIED_SCOPE``).
UNSPECIFIED = "unspecified"

# subject, metric, period start, period end, unit, kind, scope
FigureKey = tuple[int, int, int, int, str, str, str]
# (buyer, "linked", deal id), (buyer, metric, seller, item) or, without an item,
# (buyer, metric, seller, "", period start, period end)
DealKey = tuple[object, ...]


class _FactFields(NamedTuple):
    id: int
    subject_id: int
    metric_id: int
    unit: str  # the currency for money, else the counted noun
    period_start: int | None
    period_end: int | None
    value: Decimal | None
    low: Decimal | None
    high: Decimal | None
    qualifier: str
    article_id: int
    kind: str = ANNUAL
    counterparty_id: int | None = None  # a deal's seller
    item: str = ""  # what a deal bought
    scope: str = UNSPECIFIED  # what the amount counts (a scope's slug)
    deal_id: int | None = None  # the deal an editor linked this report to
    usd_rate: Decimal | None = None  # a reviewer's cited rate: units of ``unit`` per USD
    tolerance: Decimal | None = None  # the metric's own, when it has one


class Fact(_FactFields):
    """One active claim, as the rules see it.

    A named tuple: after an edit the reconciler builds thousands of facts from database
    rows, and a tuple takes a row in field order as it is (``from_row``). Not slotted:
    ``state_text`` is kept in the instance's ``__dict__`` (outside the fields, so equality
    is untouched) because a claim sits under several findings.
    """

    @classmethod
    def from_row(cls, row: Sequence[object]) -> Fact:
        """A fact from a database row holding every field, in order (``FIELD_NAMES``)."""
        return cls._make(row)

    @property
    def figure_key(self) -> FigureKey | None:
        """The figure this claim belongs to; None while part of the key is missing."""
        if self.period_start is None or self.period_end is None or not self.unit:
            return None
        return (
            self.subject_id,
            self.metric_id,
            self.period_start,
            self.period_end,
            self.unit,
            self.kind,
            self.scope,
        )

    @property
    def deal(self) -> DealKey | None:
        """Which deal a transaction reports, as far as the facts tell.

        Linked by an editor: that deal. Otherwise the buyer, seller and item (the rules
        then split reports years apart into separate deals); without an item, the year
        too. None when the seller is unknown: deals cannot be told apart, so such a claim
        is compared with no other (different deals never conflict).
        """
        if self.kind != TRANSACTION:
            return None
        if self.deal_id is not None:
            return (self.subject_id, "linked", self.deal_id)
        if self.counterparty_id is None or self.period_start is None:
            return None
        item = " ".join(self.item.lower().split())
        if item:
            return (self.subject_id, self.metric_id, self.counterparty_id, item)
        return (
            self.subject_id,
            self.metric_id,
            self.counterparty_id,
            "",
            self.period_start,
            self.period_end,
        )

    @property
    def has_amount(self) -> bool:
        return self.value is not None or self.low is not None or self.high is not None

    @property
    def amount(self) -> Decimal | None:
        """The value, or a bound when only bounds are given."""
        for amount in (self.value, self.low, self.high):
            if amount is not None:
                return amount
        return None

    def tolerance_or(self, default: Decimal) -> Decimal:
        return self.tolerance if self.tolerance is not None else default

    def interval_low(self, default_tolerance: Decimal) -> Decimal | None:
        """The smallest value this claim allows (None: it says nothing about it)."""
        if self.low is not None:
            return self.low
        if self.qualifier == AT_MOST:
            return Decimal(0)
        if self.value is not None and self.qualifier == APPROXIMATELY:
            return self.value * (1 - self.tolerance_or(default_tolerance))
        return self.value

    def interval_high(self, default_tolerance: Decimal) -> Decimal | None:
        """The largest value this claim allows (None: unbounded or unstated)."""
        if self.high is not None:
            return self.high
        if self.qualifier == AT_LEAST:
            return None
        if self.value is not None and self.qualifier == APPROXIMATELY:
            return self.value * (1 + self.tolerance_or(default_tolerance))
        return self.value

    @property
    def state(self) -> tuple[object, ...]:
        """What a flag depends on of this claim, its id first: when any of it changes, the
        flag changed. Every field but the subject (a flag's claims share it) and the
        tolerance (the metric's)."""
        return _state_of(self)

    @property
    def state_text(self) -> str:
        """``state`` as text, kept on the instance: ``repr`` of strings, integers, decimals
        and None is exact and holds no newline. The database returns an amount with its
        column's scale, so one amount has one spelling."""
        text = self.__dict__.get("_state_text")
        if text is None:
            text = self.__dict__["_state_text"] = repr(self.state)
        return text

    @property
    def digest(self) -> str:
        """A short digest of ``state``, as a flag's snapshot keeps it."""
        return hashlib.blake2b(self.state_text.encode(), digest_size=6).hexdigest()


FIELD_NAMES = Fact._fields
_state_of = operator.itemgetter(0, *range(2, len(FIELD_NAMES) - 1))


@dataclass(frozen=True)
class Finding:
    """What one rule found: a flag's kind and key and the claims under it (by id)."""

    kind: str
    key: str
    subject_id: int
    metric_id: int | None
    figure_id: int | None
    facts: tuple[Fact, ...]

    def __post_init__(self) -> None:
        ids = [f.id for f in self.facts]
        if ids != sorted(ids):
            object.__setattr__(self, "facts", tuple(sorted(self.facts, key=lambda f: f.id)))

    @property
    def claim_ids(self) -> list[int]:
        return [f.id for f in self.facts]

    @property
    def snapshot(self) -> dict[str, str]:
        """Claim id -> a short digest of its state: enough to say later which one changed."""
        return {str(f.id): f.digest for f in self.facts}

    @property
    def members(self) -> str:
        """A digest of which claims are under the finding (their ids)."""
        ids = ",".join([str(f.id) for f in self.facts])
        return hashlib.blake2b(ids.encode(), digest_size=8).hexdigest()

    @property
    def signature(self) -> str:
        """The version, ``members`` and a digest of every claim's state, colon-separated.

        When any claim's state changes, so does the signature; ``members`` alone tells
        whether the same claims are under a finding without digesting their states.
        """
        signature = self.__dict__.get("_signature")
        if signature is None:
            states = "\n".join([f.state_text for f in self.facts])
            # 44 hex digits: with the version and ``members`` they fit the 64-character column.
            digest = hashlib.blake2b(states.encode(), digest_size=22).hexdigest()
            signature = self.__dict__["_signature"] = f"{SIGNATURE_VERSION}:{self.members}:{digest}"
        return signature


def signature_format(signature: str) -> str:
    """The version (and mark) a signature was written in: what comes before its colon."""
    return signature.partition(":")[0]


def signature_members(signature: str) -> str:
    """The ``members`` part of a signature of the current format ("" for any other)."""
    version, _, rest = signature.partition(":")
    return rest.partition(":")[0] if version == SIGNATURE_VERSION else ""
