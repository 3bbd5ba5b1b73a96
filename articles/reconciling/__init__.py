"""Reconciling, the pure part: facts about claims in, findings (future flags) out.

Like ``importing/`` and ``extraction/`` this imports nothing from Django, so the rules are
tested by the thousand without a database; ``services/figures_reconcile.py`` reads the
facts, runs the rules and writes the flags.
"""

from .currency import CitedRate, Conversion, Rates, claim_usd, default_rates
from .facts import (
    ANNUAL,
    COUNT,
    DEAL_METRICS,
    SIGNATURE_VERSION,
    TOTAL,
    TRANSACTION,
    UNSPECIFIED,
    Fact,
    FigureKey,
    Finding,
    kind_for_metric,
    signature_format,
    signature_members,
)
from .rules import (
    CURRENCY_MISMATCH,
    KINDS,
    METRIC_CONFUSION,
    PERIOD_REUSE,
    SCOPE_DIFFERENCE,
    TOTAL_MISMATCH,
    UNIT_MISMATCH,
    VALUE_MISMATCH,
    Tolerances,
    Wanted,
    findings_evaluate,
    key_part,
    yearly_sum,
)

__all__ = [
    "ANNUAL",
    "COUNT",
    "CURRENCY_MISMATCH",
    "DEAL_METRICS",
    "KINDS",
    "METRIC_CONFUSION",
    "PERIOD_REUSE",
    "SCOPE_DIFFERENCE",
    "SIGNATURE_VERSION",
    "TOTAL",
    "TOTAL_MISMATCH",
    "TRANSACTION",
    "UNIT_MISMATCH",
    "UNSPECIFIED",
    "VALUE_MISMATCH",
    "CitedRate",
    "Conversion",
    "Fact",
    "FigureKey",
    "Finding",
    "Rates",
    "Tolerances",
    "Wanted",
    "claim_usd",
    "default_rates",
    "findings_evaluate",
    "key_part",
    "kind_for_metric",
    "signature_format",
    "signature_members",
    "yearly_sum",
]
