"""Reads behind the public pages: only public states, with every join decided here.

The public site shows the record as anonymous readers see it, whoever is logged in
(``visibility.PUBLIC``): reviewed claims (and withdrawn ones, as corrections), figures that
are settled or have public claims ("under review"), and flags a reviewer acknowledged or
closed, explained from public claims only. An article is public once one of its claims is.
Each selector starts from the ``visibility`` module's querysets, which hold that policy.
Each selector says which queries it costs, and page tests pin those counts at two sizes, so a
page never grows a query per row. Series rows are read as plain values, not model instances:
a subject's metric may hold hundreds of claims and a chart needs six numbers of each.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, Max, Min, OuterRef, Prefetch, Q, QuerySet

from articles.models import (
    CLOSED_FLAG_STATES,
    Article,
    Claim,
    ClaimSource,
    ClaimStatus,
    ConflictFlag,
    Entity,
    EntityKind,
    Figure,
    FigureStatus,
    FlagState,
    Metric,
)

from .visibility import (
    PUBLIC,
    PUBLIC_HISTORY_FIELDS,
    visible_articles,
    visible_claim_condition,
    visible_claim_history,
    visible_claims,
    visible_figures,
    visible_flags,
)

# The article's untouched input and cleaner notes are never shown on a page: not loaded.
ARTICLE_UNUSED_FIELDS = ("raw", "removed", "captions")
EDITOR_GROUP = "Editors"
REVIEWER_GROUP = "Reviewers"


def public_articles() -> QuerySet[Article]:
    """Articles with at least one public claim; an article of drafts only is not published."""
    return visible_articles(PUBLIC).defer(*ARTICLE_UNUSED_FIELDS)


def public_flags() -> QuerySet[ConflictFlag]:
    """Flags a reviewer acknowledged or closed, explained from public claims only."""
    return visible_flags(PUBLIC)


def open_disputes(*, limit: int = 8) -> QuerySet[ConflictFlag]:
    """Acknowledged flags, newest first, with subject and metric: one query.

    Their public claims come in a second query, to link the figures in dispute.
    """
    claims = visible_claims(PUBLIC).select_related("figure__metric").order_by("period_start", "id")
    return (
        public_flags()
        .filter(state=FlagState.ACKNOWLEDGED)
        .select_related("subject", "metric")
        .prefetch_related(Prefetch("claims", queryset=claims, to_attr="public_claims"))
        .order_by("-updated_at", "-id")[:limit]
    )


def figure_flags(figure: Figure) -> QuerySet[ConflictFlag]:
    """Public flags over any claim of ``figure``, including those spanning other figures
    (the same value given for another year): one query."""
    return (
        public_flags()
        .filter(claims__figure=figure)
        .distinct()
        .order_by("state", "-resolved_at", "-id")
    )


def article_page() -> QuerySet[Article]:
    """One article with its outlet and its public claims: two queries.

    ``public_claims`` (subject and metric joined) is what the highlighted body links to.
    """
    claims = visible_claims(PUBLIC).select_related("subject", "metric").order_by("start", "id")
    return (
        public_articles()
        .select_related("publication")
        .prefetch_related(Prefetch("claims", queryset=claims, to_attr="public_claims"))
    )


def claim_page() -> QuerySet[Claim]:
    """One published claim (public, or withdrawn with its correction) with everything its
    page shows: four queries, however many rows.

    Joined: article and outlet, subject, counterparty, metric, figure (with its subject,
    metric and preferred claim). Prefetched: sources (``source_links``), closed flags
    (``public_flags``) and the figure's public claims (``figure.public_claims``), so the
    competing claims cost one query, not one per claim.
    """
    competing = (
        visible_claims(PUBLIC)
        .select_related("article__publication")
        .defer(*(f"article__{name}" for name in (*ARTICLE_UNUSED_FIELDS, "body")))
        .order_by("value", "id")
    )
    # Whether the attribution names an organisation we know ("SIPRI"), for ClaimReview's author.
    organisation = Entity.objects.filter(kind=EntityKind.ORGANISATION).filter(
        name__iexact=OuterRef("attribution")
    )
    # Withdrawn claims keep their page, which then shows the correction.
    return (
        visible_claims(PUBLIC, withdrawn=True)
        .annotate(attributed_to_organisation=Exists(organisation))
        .select_related(
            "article__publication",
            "subject",
            "counterparty",
            "metric",
            "figure__subject",
            "figure__metric",
            "figure__preferred_claim",
        )
        .defer(*(f"article__{name}" for name in ARTICLE_UNUSED_FIELDS))
        .prefetch_related(
            Prefetch(
                "claim_sources",
                queryset=ClaimSource.objects.select_related("source").order_by("id"),
                to_attr="source_links",
            ),
            Prefetch(
                "flags",
                queryset=public_flags().order_by("-resolved_at", "-id"),
                to_attr="public_flags",
            ),
            Prefetch("figure__claims", queryset=competing, to_attr="public_claims"),
        )
    )


@dataclass(frozen=True)
class HistoryEntry:
    """One change of a claim as the public sees it: when, what status, and by which role."""

    when: datetime
    status: str
    created: bool
    role: str

    @property
    def status_label(self) -> str:
        return ClaimStatus(self.status).label.lower()


def claim_history(claim: Claim) -> list[HistoryEntry]:
    """The claim's changes with the editor's role, never their name: one query.

    Roles are read as flags in the same query, so no user row (nor username) is loaded.
    """
    memberships = get_user_model().groups.through.objects.filter(
        user_id=OuterRef("history_user_id")
    )
    rows = (
        visible_claim_history(claim, PUBLIC)
        .annotate(
            by_reviewer=Exists(memberships.filter(group__name=REVIEWER_GROUP)),
            by_editor=Exists(memberships.filter(group__name=EDITOR_GROUP)),
        )
        .order_by("history_date", "history_id")
        .values_list(
            *PUBLIC_HISTORY_FIELDS,
            "history_user_id",
            "history_user__is_superuser",
            "by_reviewer",
            "by_editor",
        )
    )
    return [
        HistoryEntry(
            when=when,
            status=status,
            created=kind == "+",
            role=_role(user_id, superuser, reviewer, editor),
        )
        for when, kind, status, user_id, superuser, reviewer, editor in rows
    ]


def _role(user_id: int | None, superuser: bool | None, reviewer: bool, editor: bool) -> str:
    if user_id is None:
        return "the system"
    if reviewer:
        return "a reviewer"
    if editor:
        return "an editor"
    if superuser:
        return "an administrator"
    return "a staff member"


def figure_page() -> QuerySet[Figure]:
    """One public figure (settled, or under review with public claims) with its public
    claims, their outlets and sources.

    Three queries: the figure with subject, metric and preferred claim joined; its claims;
    their sources. Its flags come from ``figure_flags``.
    """
    sources = Prefetch(
        "claim_sources",
        queryset=ClaimSource.objects.select_related("source").order_by("id"),
        to_attr="source_links",
    )
    claims = (
        visible_claims(PUBLIC)
        .select_related("article__publication")
        .defer(*(f"article__{name}" for name in (*ARTICLE_UNUSED_FIELDS, "body")))
        .order_by("value", "id")
    )
    return (
        visible_figures(PUBLIC)
        .select_related("subject", "metric", "preferred_claim__article", "settled_source", "scope")
        .defer(*(f"preferred_claim__article__{name}" for name in (*ARTICLE_UNUSED_FIELDS, "body")))
        .prefetch_related(
            Prefetch("claims", queryset=claims.prefetch_related(sources), to_attr="public_claims")
        )
    )


@dataclass(frozen=True)
class SeriesClaim:
    """A public claim of a series, as a chart and a table need it."""

    pk: int
    value: Decimal | None
    low: Decimal | None
    high: Decimal | None
    qualifier: str
    unit: str
    period_start: int
    period_end: int
    status: str
    figure_id: int | None
    attribution: str
    article_title: str
    publication: str
    kind: str = "annual"
    # For a deal: the other side (the seller) and what was bought, when known.
    counterparty: str = ""
    item: str = ""


@dataclass(frozen=True)
class SeriesData:
    """A subject's metric over the years: reconciled figures and every public claim."""

    subject: Entity
    metric: Metric
    figures: Sequence[Figure]
    claims: list[SeriesClaim]


def series_data(*, subject: Entity, metric: Metric) -> SeriesData:
    """Two queries: the reconciled figures (with their closed-flag count) and the claims.

    Claims under figures not yet reconciled are included: the claims are public even when
    the desk has not settled their figure. A deal's seller comes in the claims' query, by a
    join, so labelling deals costs no query.
    """
    figures = list(
        visible_figures(PUBLIC)
        .filter(status=FigureStatus.RECONCILED)
        .filter(subject=subject, metric=metric)
        .annotate(closed_flag_count=Count("flags", filter=Q(flags__state__in=CLOSED_FLAG_STATES)))
        .order_by("unit", "kind", "period_start", "period_end")
    )
    rows = (
        visible_claims(PUBLIC)
        .filter(subject=subject, metric=metric, period_start__isnull=False)
        .filter(Q(value__isnull=False) | Q(low__isnull=False) | Q(high__isnull=False))
        .order_by("period_start", "value", "id")
        .values_list(
            "pk",
            "value",
            "low",
            "high",
            "qualifier",
            "currency",
            "unit",
            "period_start",
            "period_end",
            "status",
            "figure_id",
            "kind",
            "attribution",
            "article__title",
            "article__publication__name",
            "counterparty__name",
            "item",
        )
    )
    claims = [
        SeriesClaim(
            pk=pk,
            value=value,
            low=low,
            high=high,
            qualifier=qualifier,
            unit=currency or unit,
            # Never None: the query keeps only claims with a period.
            period_start=start,  # type: ignore[arg-type]
            period_end=end if end is not None else start,  # type: ignore[arg-type]  # as above
            status=status,
            figure_id=figure_id,
            kind=kind,
            attribution=attribution,
            article_title=title,
            publication=publication or "",
            counterparty=counterparty or "",
            item=item,
        )
        for (
            pk,
            value,
            low,
            high,
            qualifier,
            currency,
            unit,
            start,
            end,
            status,
            figure_id,
            kind,
            attribution,
            title,
            publication,
            counterparty,
            item,
        ) in rows
    ]
    return SeriesData(subject=subject, metric=metric, figures=figures, claims=claims)


@dataclass(frozen=True)
class MetricSummary:
    """What an entity page says about one of its metrics: how many figures, which years."""

    metric_slug: str
    metric_name: str
    unit: str
    figures: int
    first_year: int
    last_year: int


def entity_metrics(entity: Entity) -> list[MetricSummary]:
    """One grouped query: the entity's reconciled figures per metric and unit."""
    rows = (
        visible_figures(PUBLIC)
        .filter(subject=entity)
        .values("metric__slug", "metric__name", "unit")
        .annotate(count=Count("id"), first=Min("period_start"), last=Max("period_end"))
        .order_by("metric__name", "unit")
    )
    return [
        MetricSummary(
            metric_slug=row["metric__slug"],
            metric_name=row["metric__name"],
            unit=row["unit"],
            figures=row["count"],
            first_year=row["first"],
            last_year=row["last"],
        )
        for row in rows
    ]


def entity_claims(entity: Entity) -> QuerySet[Claim]:
    """Public claims about an entity or naming it as the other side, newest first."""
    return (
        visible_claims(PUBLIC)
        .filter(Q(subject=entity) | Q(counterparty=entity))
        .select_related("article__publication", "metric", "subject")
        .defer(*(f"article__{name}" for name in (*ARTICLE_UNUSED_FIELDS, "body")))
        .order_by("-updated_at", "-id")
    )


def recently_settled_disagreements(*, limit: int = 8) -> QuerySet[Figure]:
    """Reconciled figures that had a conflict flag, most recently settled first: one query."""
    return (
        visible_figures(PUBLIC)
        .filter(status=FigureStatus.RECONCILED)
        .filter(flags__state__in=CLOSED_FLAG_STATES)
        .select_related("subject", "metric")
        .annotate(closed_flag_count=Count("flags", distinct=True))
        .order_by("-settled_at", "-id")[:limit]
    )


def recently_verified(*, limit: int = 10) -> QuerySet[Claim]:
    return (
        visible_claims(PUBLIC)
        .filter(status=ClaimStatus.VERIFIED)
        .select_related("article__publication", "subject", "metric")
        .defer(*(f"article__{name}" for name in (*ARTICLE_UNUSED_FIELDS, "body")))
        .order_by("-updated_at", "-id")[:limit]
    )


def recently_published(*, limit: int = 30) -> QuerySet[Claim]:
    """Public and withdrawn claims, latest change first, as a feed lists them: one query."""
    return (
        visible_claims(PUBLIC, withdrawn=True)
        .select_related("article__publication", "subject", "metric")
        .defer(*(f"article__{name}" for name in (*ARTICLE_UNUSED_FIELDS, "body")))
        .order_by("-updated_at", "-id")[:limit]
    )


def recent_corrections(*, limit: int = 5) -> QuerySet[Claim]:
    """Withdrawn claims, latest first, with their article and outlet: one query."""
    return (
        visible_claims(PUBLIC, withdrawn=True)
        .filter(status=ClaimStatus.WITHDRAWN)
        .select_related("article__publication")
        .defer(*(f"article__{name}" for name in (*ARTICLE_UNUSED_FIELDS, "body")))
        .order_by("-withdrawn_at", "-id")[:limit]
    )


def subjects_with_public_claims(*, limit: int = 24) -> QuerySet[Entity]:
    """Entities most claims are about, for browsing from the home page: one grouped query."""
    return (
        Entity.objects.annotate(
            public_claims=Count(
                "claims", filter=visible_claim_condition(PUBLIC, through="claims__")
            )
        )
        .filter(public_claims__gt=0)
        .order_by("-public_claims", "name")[:limit]
    )


def sitemap_claims() -> QuerySet[Claim]:
    return visible_claims(PUBLIC).only("pk", "updated_at").order_by("pk")


def sitemap_figures() -> QuerySet[Figure]:
    return visible_figures(PUBLIC).only("pk", "updated_at").order_by("pk")


def sitemap_articles() -> QuerySet[Article]:
    return public_articles().only("pk", "updated_at").order_by("pk")


__all__ = [
    "HistoryEntry",
    "MetricSummary",
    "SeriesClaim",
    "SeriesData",
    "article_page",
    "claim_history",
    "claim_page",
    "entity_claims",
    "entity_metrics",
    "figure_flags",
    "figure_page",
    "open_disputes",
    "public_articles",
    "recent_corrections",
    "recently_published",
    "recently_settled_disagreements",
    "recently_verified",
    "series_data",
    "sitemap_articles",
    "sitemap_claims",
    "sitemap_figures",
    "subjects_with_public_claims",
]
