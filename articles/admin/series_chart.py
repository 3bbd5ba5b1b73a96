"""A small SVG of a subject's metric over the years, for the reviewer settling a figure.

Every claim is a dot (linking to the claim in the admin); the figure's own period is shaded
so the reviewer sees which value fits the series. Built with ``format_html``, so nothing in
it is unescaped.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

WIDTH, HEIGHT, PAD = 640, 220, 36


def series_svg(points: Sequence[dict[str, Any]], period: tuple[int, int]) -> SafeString:
    if not points:
        return SafeString("")
    years = [p["year"] for p in points] + list(period)
    low_year, high_year = min(years), max(years)
    values = [Decimal(p["value"]) for p in points]
    top = max(values) * Decimal("1.1") or Decimal(1)

    def x(year: int) -> str:
        span = max(1, high_year - low_year)
        return f"{PAD + (year - low_year) / span * (WIDTH - 2 * PAD):.1f}"

    def y(value: Decimal) -> str:
        return f"{HEIGHT - PAD - float(value / top) * (HEIGHT - 2 * PAD):.1f}"

    band_x = f"{float(x(period[0])) - 6:.1f}"
    band_width = f"{float(x(period[1])) - float(x(period[0])) + 12:.1f}"
    dots = format_html_join(
        "",
        '<a href="{}"><circle cx="{}" cy="{}" r="5"><title>{} · claim #{}</title></circle></a>',
        (
            (
                reverse("admin:articles_claim_change", args=[p["pk"]]),
                x(p["year"]),
                y(Decimal(p["value"])),
                p["value"],
                p["pk"],
            )
            for p in points
        ),
    )
    labels = format_html_join(
        "",
        '<text x="{}" y="{}" text-anchor="middle">{}</text>',
        ((x(year), HEIGHT - 10, year) for year in sorted({p["year"] for p in points})),
    )
    return format_html(
        '<svg viewBox="0 0 {} {}" width="100%" role="img" aria-label="Claims by year" '
        'class="series-svg"><rect x="{}" y="{}" width="{}" height="{}" '
        'class="series-band"/><line x1="{}" y1="{}" x2="{}" y2="{}" class="series-axis"/>'
        "{}{}</svg>",
        WIDTH,
        HEIGHT,
        band_x,
        PAD / 2,
        band_width,
        HEIGHT - PAD - PAD / 2,
        PAD,
        HEIGHT - PAD,
        WIDTH - PAD,
        HEIGHT - PAD,
        dots,
        labels,
    )
