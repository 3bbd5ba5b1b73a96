"""The series as CSV: one row per public claim beside its period's reconciled value.

Spreadsheets run a cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return as a formula, and article titles and attributions are text anyone could have
written. Such text cells are prefixed with an apostrophe (OWASP's advice), which shows the
text as typed and runs nothing; numbers are written as plain decimals and left alone.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator, Sequence
from decimal import Decimal

from .series import PeriodRow, UnitSeries

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
HEADER = (
    "subject",
    "metric",
    "unit",
    "kind",
    "period_start",
    "period_end",
    "reconciled_value",
    "reconciled_low",
    "reconciled_high",
    "sources_disagree",
    "claim_id",
    "claim_value",
    "claim_low",
    "claim_high",
    "claim_qualifier",
    "claim_status",
    "attribution",
    "article_title",
    "publication",
    "claim_url",
)


def neutralise(cell: object) -> str:
    """A cell as text that no spreadsheet will evaluate."""
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "yes" if cell else "no"
    if isinstance(cell, (int, Decimal)):
        return str(cell)
    text = str(cell)
    return f"'{text}" if text.startswith(FORMULA_TRIGGERS) else text


def _rows(
    subject: str, metric: str, row: PeriodRow, url_of: Callable[[int], str]
) -> Iterator[list[object]]:
    figure = row.figure
    head = [
        subject,
        metric,
        row.unit,
        row.kind,
        row.period_start,
        row.period_end,
        figure.value if figure else None,
        figure.low if figure else None,
        figure.high if figure else None,
        row.contested,
    ]
    if not row.claims:
        yield head + [None] * (len(HEADER) - len(head))
    for claim in row.claims:
        yield [
            *head,
            claim.pk,
            claim.value,
            claim.low,
            claim.high,
            claim.qualifier,
            claim.status,
            claim.attribution,
            claim.article_title,
            claim.publication,
            url_of(claim.pk),
        ]


def series_csv(
    *, subject: str, metric: str, series: Sequence[UnitSeries], url_of: Callable[[int], str]
) -> str:
    """The whole series as CSV text (a series is at most a few thousand rows)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    for unit_series in series:
        for row in unit_series.rows:
            for cells in _rows(subject, metric, row, url_of):
                writer.writerow([neutralise(cell) for cell in cells])
    return buffer.getvalue()
