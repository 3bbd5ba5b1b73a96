"""How the public record words a figure under dispute, and the home page's list of disputes.

A figure with public claims is public before a reviewer settles it: readers see it as
"under review", and as "under review: sources disagree" when its public values differ by
more than the tolerance, with every competing value side by side. Written once here so the
figure page, its description and the home page say the same thing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings

from articles.models import Claim, ConflictFlag, Figure, FigureStatus
from articles.selectors.visibility import PUBLIC, flag_explanation
from articles.services.flag_text import format_amount, join_words

from .amounts import claim_amount


@dataclass(frozen=True)
class FigureStanding:
    """Where a figure stands for readers: settled, under review, or disputed."""

    label: str
    disagree: bool
    values: tuple[str, ...]

    @property
    def values_text(self) -> str:
        return join_words(list(self.values)) if self.values else "no public value yet"


def _amounts(claims: Sequence[Claim]) -> list[Decimal]:
    return [c.value for c in claims if c.value is not None and c.value > 0]


def figure_standing(figure: Figure, claims: Sequence[Claim]) -> FigureStanding:
    values: list[str] = []
    for claim in claims:
        amount = claim_amount(claim)
        if amount and amount not in values:
            values.append(amount)
    amounts = _amounts(claims)
    tolerance = figure.metric.tolerance
    if tolerance is None:
        tolerance = Decimal(str(settings.FACTCHECK_VALUE_TOLERANCE))
    disagree = bool(amounts) and max(amounts) > min(amounts) * (1 + tolerance)
    if figure.status == FigureStatus.RECONCILED:
        label = "Settled"
    elif disagree:
        label = "Under review: sources disagree"
    else:
        label = "Under review"
    return FigureStanding(label=label, disagree=disagree, values=tuple(values))


@dataclass(frozen=True)
class FigureLink:
    url: str
    label: str


@dataclass(frozen=True)
class DisputeItem:
    """An acknowledged flag as the home page lists it: its sentence and the figures in it."""

    flag: ConflictFlag
    explanation: str
    figures: tuple[FigureLink, ...]


def dispute_items(flags: Iterable[ConflictFlag]) -> list[DisputeItem]:
    """Flags from ``open_disputes`` (public claims prefetched) as home-page items."""
    items = []
    for flag in flags:
        links: list[FigureLink] = []
        seen: set[int] = set()
        for claim in flag.public_claims:  # type: ignore[attr-defined]  # set by the selector's Prefetch(to_attr=...)
            figure = claim.figure
            if figure is None or figure.pk in seen:
                continue
            seen.add(figure.pk)
            amount = format_amount(claim.value, claim.key_unit)
            label = f"{figure.metric.name}, {figure.period_label}: {amount}"
            links.append(FigureLink(figure.get_absolute_url(), label))
        items.append(DisputeItem(flag, flag_explanation(flag, PUBLIC), tuple(links)))
    return items
