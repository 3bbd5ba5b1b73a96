"""US-dollar equivalents from annual average exchange rates, with the rate cited.

The table (``data/annual_lcu_per_usd.csv``, with its README in ``data/EXCHANGE_RATES.md``)
is the World Bank's "Official exchange rate (LCU per US$, period average)", WDI
PA.NUS.FCRF, based on IMF International Financial Statistics, snapshot of 2026-07-01,
CC BY 4.0. It holds only values from the source: no gap-filling, no cross rates.

After a redenomination the World Bank restates history in the new unit, so an amount in
the old currency (AZM, TRL, RUR, ...) is first divided by the redenomination factor, then
converted at the new currency's rate. A rate is an annual average of a calendar year: a
claim is converted only when its period is one year that has a rate.
"""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

TABLE = Path(__file__).resolve().parent / "data" / "annual_lcu_per_usd.csv"
ATTRIBUTION = (
    'Exchange rates: World Bank, World Development Indicators, "Official exchange rate (LCU '
    'per US$, period average)" (PA.NUS.FCRF), based on IMF International Financial '
    "Statistics; snapshot of 2026-07-01. CC BY 4.0."
)
# Old code -> (the code the table gives its years under, old units per new unit).
REDENOMINATIONS: dict[str, tuple[str, Decimal]] = {
    "AZM": ("AZN", Decimal(5_000)),
    "TRL": ("TRY", Decimal(1_000_000)),
    "RUR": ("RUB", Decimal(1_000)),
    "BYR": ("BYN", Decimal(10_000)),
    "BGL": ("BGN", Decimal(1_000)),
    "ROL": ("RON", Decimal(10_000)),
    "TJR": ("TJS", Decimal(1_000)),
    "GHC": ("GHS", Decimal(10_000)),
    "MZM": ("MZN", Decimal(1_000)),
    "SDD": ("SDG", Decimal(100)),
    "SRG": ("SRD", Decimal(1_000)),
    "MGF": ("MGA", Decimal(5)),
    "VEB": ("VEF", Decimal(1_000)),
    "ZMK": ("ZMW", Decimal(1_000)),
    "MRO": ("MRU", Decimal(10)),
    "STD": ("STN", Decimal(1_000)),
    "SLL": ("SLE", Decimal(1_000)),
    "AFA": ("AFN", Decimal(1_000)),
}


@dataclass(frozen=True)
class Conversion:
    """An amount in US dollars, and how it was worked out."""

    usd: Decimal
    currency: str  # the currency the amount was given in
    rate: Decimal  # units of ``rate_currency`` per US dollar
    rate_currency: str  # the table's code (the new one after a redenomination)
    year: int
    factor: Decimal = Decimal(1)  # old units per new unit, when redenominated
    source: str = ATTRIBUTION
    cited: bool = False  # a reviewer's cited rate for this claim, not the year's average

    @property
    def rate_text(self) -> str:
        """ "1.70 AZN per USD, 2023 average" (and the redenomination, if any); a cited rate
        is "2.40 AZN per USD, cited for 2023"."""
        rate = f"{self.rate:.4f}".rstrip("0").rstrip(".")
        if "." in rate and len(rate.split(".")[1]) < 2:
            rate = f"{self.rate:.2f}"
        if self.cited:
            when = f" for {self.year}" if self.year else ""
            return f"{rate} {self.rate_currency} per USD, cited{when}"
        text = f"{rate} {self.rate_currency} per USD, {self.year} average"
        if self.factor != 1:
            text = f"{self.factor:,} {self.currency} = 1 {self.rate_currency}; " + text
        return text


class Rates:
    """Annual average rates by (currency, year)."""

    def __init__(self, table: dict[tuple[str, int], Decimal]) -> None:
        self.table = table

    @classmethod
    def from_csv(cls, path: Path = TABLE) -> Rates:
        with path.open(encoding="utf-8", newline="") as handle:
            return cls(
                {
                    (row["currency"], int(row["year"])): Decimal(row["lcu_per_usd"])
                    for row in csv.DictReader(handle)
                }
            )

    def to_usd(self, amount: Decimal, currency: str, year: int) -> Conversion | None:
        """``amount`` of ``currency`` in ``year`` as US dollars; None without a rate."""
        if currency == "USD":
            return Conversion(amount, "USD", Decimal(1), "USD", year)
        code, factor = REDENOMINATIONS.get(currency, (currency, Decimal(1)))
        rate = self.table.get((code, year))
        if rate is None or rate <= 0:
            return None
        return Conversion(amount / factor / rate, currency, rate, code, year, factor)


@functools.cache
def default_rates() -> Rates:
    """The table shipped with the project, read once per process."""
    return Rates.from_csv()


@dataclass(frozen=True)
class CitedRate:
    """A reviewer's rate for one claim, from a source they cite (a central bank's rate on
    the day of a deal, the rate the budget law was drafted at)."""

    rate: Decimal  # units of the claim's currency per US dollar
    year: int | None = None
    source: str = ""


def claim_usd(
    amount: Decimal | None,
    currency: str,
    start: int | None,
    end: int | None,
    *,
    cited: CitedRate | None = None,
) -> Conversion | None:
    """A claim's amount in US dollars: at the rate a reviewer cited for it, else at its
    year's average rate. None when it has no amount or no currency, or, without a cited
    rate, a period of more than one year or no rate for the year."""
    if amount is None or not currency:
        return None
    if cited is not None and currency != "USD":
        return Conversion(
            amount / cited.rate,
            currency,
            cited.rate,
            currency,
            cited.year or start or 0,
            source=cited.source,
            cited=True,
        )
    if start is None or start != end:
        return None
    return default_rates().to_usd(amount, currency, start)
