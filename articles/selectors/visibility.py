"""The visibility policy: what anonymous readers, editors and reviewers may see of the record.

Every read path asks this module: the public pages, feeds, sitemaps, search, citations and
JSON-LD (always as ``PUBLIC``, whoever is signed in: editors preview work in the admin), and
the API's lists, details, filters and exports (as the caller). Nothing else decides whether a
claim, figure, flag, article or source is shown, nor which of a record's fields a reader gets;
the model managers' ``public()`` methods are the building blocks these functions use.

*Anonymous* is anyone who may not view claims: a visitor, or an account in no group. Editors
and reviewers both hold ``articles.view_claim`` and read the same record; they differ in what
they may change, which the services decide (``articles.services.permissions``).

==========================  ====================================  =========================
Record / field              Anonymous reader (every public page)  Editor, reviewer
==========================  ====================================  =========================
Claim                       public: verified, disputed, false,    every status
                            unverifiable; a withdrawn one only
                            as its correction (its URL, the
                            claims list, feeds), never inside a
                            figure, flag or article
Claim's desk note           never                                 shown
Claim a conversion          when that claim is public             shown
restates (converted_from)
Claim history               status changes and the role that      full history (admin)
                            made them; no names, notes, values
Article                     those with a public claim             all
Article text                whole if the outlet's licence allows  whole
                            it, else only the paragraphs holding
                            a public claim ("[…]" between)
Standfirst, captions        with the full-text licence only       shown
Blocks the cleaner removed  never                                 shown (API), raw: admin
Figure                      settled, or with a public claim       all
                            ("under review")
Figure's claims             its public claims                     its active claims
Figure value, bounds,       once settled (a service invariant:    shown
rationale, settled source   set by settling, cleared on reopen);
                            the preferred claim while public
Conflict flag               acknowledged, resolved or dismissed   all, open ones first
                            by a reviewer, with at least two
                            public claims under it
Flag explanation, spread    from its public claims only           the desk's, from every
                            (``public_explanation``)              claim under it
Flag's claims               its public claims                     all
Flag resolution note        shown (written to be read)            shown
Source (evidence)           attached to a published claim, or     all
                            the source of a settled figure
Claim-source link           on published claims                   all
Entity, metric, publication all (reference data: names only)      all
Import runs                 never (``view_importrun``)            with the permission
==========================  ====================================  =========================
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from articles.models import (
    PUBLIC_STATUSES,
    PUBLISHED_STATUSES,
    Article,
    Claim,
    ClaimSource,
    ConflictFlag,
    Figure,
    FigureStatus,
    Source,
)
from articles.models.claim import ClaimQuerySet
from articles.pages.passages import quoted_text
from articles.services.flag_text import spread_of

# The reader every public page, feed, sitemap and citation is written for.
PUBLIC: None = None


def can_see_drafts(user: Any) -> bool:
    """Editors and reviewers (in the admin, or with their API token) see unpublished work."""
    return bool(
        user is not None
        and getattr(user, "is_authenticated", False)
        and getattr(user, "is_active", False)
        and user.has_perm("articles.view_claim")
    )


# --- Records --------------------------------------------------------------------------------


def visible_claims(user: Any, *, withdrawn: bool = False) -> ClaimQuerySet:
    """The claims a reader may see; with ``withdrawn``, also the public corrections.

    Claims in figures, flags and articles are assertions: withdrawn ones are left out
    there. The claims list and detail show them, so a script sees the withdrawal.
    """
    if can_see_drafts(user):
        return Claim.objects.all()
    return Claim.objects.published() if withdrawn else Claim.objects.public()


def visible_claim_condition(user: Any, *, through: str = "") -> Q:
    """``visible_claims`` as a condition on a relation (``through="claims__"``), for counts."""
    if can_see_drafts(user):
        return Q()
    return Q(**{f"{through}status__in": PUBLIC_STATUSES})


def visible_articles(user: Any) -> QuerySet[Article]:
    """Every article for staff; for everyone else those with a public claim."""
    if can_see_drafts(user):
        return Article.objects.all()
    return Article.objects.filter(Exists(visible_claims(user).filter(article=OuterRef("pk"))))


def visible_figures(user: Any) -> QuerySet[Figure]:
    """Every figure for staff; for everyone else settled ones and those with public claims."""
    return Figure.objects.all() if can_see_drafts(user) else Figure.objects.public()


def visible_flags(user: Any) -> QuerySet[ConflictFlag]:
    """Every flag for staff; for everyone else those a reviewer acknowledged or closed and
    that have a public sentence (two public claims, not closed by the reconciler itself)."""
    return ConflictFlag.objects.all() if can_see_drafts(user) else ConflictFlag.objects.public()


def visible_sources(user: Any) -> QuerySet[Source]:
    """Every source for staff; for everyone else the evidence of published claims and the
    sources settled figures cite. A draft's evidence is the desk's until the draft is public."""
    sources = Source.objects.all()
    if can_see_drafts(user):
        return sources
    cited = ClaimSource.objects.filter(source=OuterRef("pk"), claim__status__in=PUBLISHED_STATUSES)
    settled = Figure.objects.filter(settled_source=OuterRef("pk"), status=FigureStatus.RECONCILED)
    return sources.filter(Exists(cited) | Exists(settled))


def visible_claim_history(claim: Claim, user: Any) -> QuerySet[Any]:
    """A claim's history rows: every row for staff; for everyone else those of a published
    claim, of which only ``PUBLIC_HISTORY_FIELDS`` (and the editor's role) are shown."""
    rows = Claim.history.filter(id=claim.pk)
    if can_see_drafts(user) or claim.status in PUBLISHED_STATUSES:
        return rows
    return rows.none()


PUBLIC_HISTORY_FIELDS = ("history_date", "history_type", "status")


# --- Fields ---------------------------------------------------------------------------------


def claim_note(claim: Claim, user: Any) -> str:
    """The desk's note on a claim: working notes, never published."""
    return shown_note(claim.note, drafts=can_see_drafts(user))


def shown_note(note: str, *, drafts: bool) -> str:
    """``claim_note`` for a reader who does (``drafts``) or does not see unpublished work,
    decided once for a page of rows (``can_see_drafts``)."""
    return note if drafts else ""


def claim_converted_from(claim: Claim, user: Any) -> int | None:
    """The claim this one restates in another currency, when the reader may see it.

    Reads ``converted_from_status`` (annotated by the claim selectors) when it is there.
    """
    if claim.converted_from_id is None:
        return None
    drafts = can_see_drafts(user)
    status = getattr(claim, "converted_from_status", None)
    if status is None and not drafts and claim.converted_from is not None:
        status = claim.converted_from.status
    return shown_converted_from(claim.converted_from_id, status, drafts=drafts)


def shown_converted_from(
    converted_from_id: int | None, converted_from_status: str | None, *, drafts: bool
) -> int | None:
    """``claim_converted_from`` from the restated claim's id and status, for a reader who
    does (``drafts``) or does not see unpublished work."""
    if converted_from_id is None or drafts:
        return converted_from_id
    return converted_from_id if converted_from_status in PUBLIC_STATUSES else None


def article_text_is_full(article: Article, user: Any) -> bool:
    """Whether the reader gets the whole cleaned text (else the quoted passages only)."""
    if can_see_drafts(user):
        return True
    return article.publication is not None and article.publication.full_text_public


def article_body(article: Article, claims: Sequence[Claim], user: Any) -> str:
    """The text a reader gets: whole, or the paragraphs around ``claims`` (visible ones)."""
    if article_text_is_full(article, user):
        return article.body
    return quoted_text(article.body, claims)


def article_standfirst(article: Article, user: Any) -> str:
    return article.standfirst if article_text_is_full(article, user) else ""


def article_captions(article: Article, user: Any) -> list[str]:
    return list(article.captions) if article_text_is_full(article, user) else []


def article_removed(article: Article, user: Any) -> Any:
    """What the cleaner removed (comment sections, repeats): the desk's business only."""
    return article.removed if can_see_drafts(user) else type(article.removed)()


def flag_explanation(flag: ConflictFlag, user: Any) -> str:
    """The desk's sentence (from every claim under the flag) or the public one."""
    return flag.explanation if can_see_drafts(user) else flag.public_explanation


def flag_explanation_field(user: Any) -> str:
    """The column ``flag_explanation`` reads, for filters and exports that query it."""
    return "explanation" if can_see_drafts(user) else "public_explanation"


def flag_spread(flag: ConflictFlag, claims: Sequence[Claim], user: Any) -> Decimal | None:
    """Largest value over smallest: the desk's over every claim under the flag; for everyone
    else over ``claims``, the flag's visible ones (a ratio to an unreviewed value would
    give that value away)."""
    if can_see_drafts(user):
        return flag.spread
    return public_flag_spread(claims)


def public_flag_spread(public_claims: Iterable[Claim]) -> Decimal | None:
    """The spread anonymous readers see: over the flag's public claims only."""
    return spread_of(claim_amount(claim) for claim in public_claims)


def claim_amount(claim: Claim) -> Decimal | None:
    """The amount a claim gives for comparison: its value, else a bound."""
    return claim.value if claim.value is not None else (claim.low or claim.high)


def figure_preferred_claim(figure: Figure, user: Any) -> Claim | None:
    """The claim a settled figure rests on, while the reader may see it."""
    preferred = figure.preferred_claim
    if preferred is None or can_see_drafts(user) or preferred.status in PUBLIC_STATUSES:
        return preferred
    return None


__all__ = [
    "PUBLIC",
    "PUBLIC_HISTORY_FIELDS",
    "article_body",
    "article_captions",
    "article_removed",
    "article_standfirst",
    "article_text_is_full",
    "can_see_drafts",
    "claim_amount",
    "claim_note",
    "figure_preferred_claim",
    "flag_explanation",
    "flag_explanation_field",
    "flag_spread",
    "public_flag_spread",
    "shown_converted_from",
    "shown_note",
    "visible_articles",
    "visible_claim_condition",
    "visible_claim_history",
    "visible_claims",
    "visible_figures",
    "visible_flags",
    "visible_sources",
]
