"""How amounts read on the public pages: "$3.7 billion", "$2–3 billion", "more than …".

One place, so a claim's amount reads the same in its page, its article, a search result and
the chart's labels. Numbers are worded by ``services.flag_text.format_amount``, the same
words the conflict flags use.
"""

from __future__ import annotations

from decimal import Decimal

from articles.models import Claim, Figure
from articles.services.flag_text import format_amount


def bounded_amount(
    value: Decimal | None, low: Decimal | None, high: Decimal | None, unit: str
) -> str:
    if value is not None:
        return format_amount(value, unit)
    if low is not None and high is not None:
        return f"{format_amount(low, unit)}–{format_amount(high, unit)}"
    if low is not None:
        return f"at least {format_amount(low, unit)}"
    if high is not None:
        return f"at most {format_amount(high, unit)}"
    return ""


def claim_amount(claim: Claim) -> str:
    return bounded_amount(claim.value, claim.low, claim.high, claim.currency or claim.unit)


def figure_amount(figure: Figure) -> str:
    return bounded_amount(figure.value, figure.low, figure.high, figure.unit)
