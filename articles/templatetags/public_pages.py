"""Template tags of the public pages: an article's marked-up body and amounts as text.

The body is built piece by piece with ``format_html``: every run of article text is escaped
and only the ``<p>``, ``<a>``, ``<mark>`` and ``<br>`` we add are markup. Article text is
never marked safe.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from articles.models import Claim, Figure
from articles.pages import amounts
from articles.pages.passages import Piece
from articles.pages.statuses import meaning_of
from articles.services.flag_text import period_label

register = template.Library()


def _text(text: str) -> SafeString:
    """Escaped text whose single line breaks show as ``<br>``."""
    return format_html_join(SafeString("<br>"), "{}", ((line,) for line in text.split("\n")))


def _piece(piece: Piece) -> SafeString:
    if piece.claim is None:
        return _text(piece.text)
    claim = piece.claim
    status = meaning_of(claim.status).label
    more = f" (and {piece.covering - 1} overlapping)" if piece.covering > 1 else ""
    return format_html(
        '<a class="claim-mark status-{}" href="{}" title="{} claim{}: open its page">'
        "<mark>{}</mark></a>",
        claim.status,
        claim.get_absolute_url(),
        status,
        more,
        _text(piece.text),
    )


@register.simple_tag
def marked_body(paragraphs: Sequence[Sequence[Piece]]) -> SafeString:
    """``<p>`` per paragraph, each public claim a highlighted link to its page; an empty
    paragraph stands for paragraphs left out of a quoted article."""
    gap = '<div class="gap" role="separator" aria-label="Paragraphs left out">[…]</div>'
    return SafeString(
        "\n".join(
            gap
            if not paragraph
            else format_html("<p>{}</p>", SafeString("".join(_piece(p) for p in paragraph)))
            for paragraph in paragraphs
        )
    )


@register.filter
def claim_amount(claim: Claim) -> str:
    """ "$3.7 billion", "$2–3 billion" for a range, "" when the claim gives no number."""
    return amounts.claim_amount(claim)


@register.filter
def amount_in(value: Decimal | None, unit: str) -> str:
    """A source's own value in words: ``{{ link.value|amount_in:link.currency }}``."""
    return amounts.bounded_amount(value, None, None, unit)


@register.filter
def claim_period(claim: Claim) -> str:
    if claim.period_start is None:
        return ""
    return period_label(claim.period_start, claim.period_end)


@register.filter
def reconciled_amount(figure: Figure) -> str:
    return amounts.figure_amount(figure)


@register.filter
def status_label(status: str) -> str:
    return meaning_of(status).label
