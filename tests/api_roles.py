"""The API's callers in each role, and a small record in every visibility state.

Roles: anonymous, an outsider (staff, no group), an editor and a reviewer, each signed in
by token or by session. The record has public and unpublished claims, a reconciled and an
open figure, and an open and a resolved flag, all made by the real services.

``build_record`` makes the record; the API tests' ``record`` fixture (tests/api/conftest.py)
is it. ``fresh_api_state`` (tests/conftest.py) forgets throttle counts and cached responses
so no test is throttled or served by an earlier one.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from articles.models import Article, Claim, ClaimStatus, ConflictFlag, Figure, FlagState, Source
from articles.services.figure_settle import figure_settle
from articles.services.figures_reconcile import figures_reconcile
from articles.services.flag_resolve import flag_resolve
from articles.services.sources import claim_source_attach

from .factories import (
    TEST_SETUP,
    ArticleFactory,
    ClaimFactory,
    PublicationFactory,
    SourceFactory,
    UserFactory,
    claim_figure,
    claim_reviewed,
    entity_named,
    metric_slug,
)

BN = Decimal(10) ** 9
ROLES = ("anonymous", "outsider", "editor", "reviewer")
SIGNED_IN = ("outsider", "editor", "reviewer")
GROUP = {"outsider": None, "editor": "Editors", "reviewer": "Reviewers"}


def user_in(role: str):
    return UserFactory(username=f"api-{role}", group=GROUP[role])


def client_for(role: str, via: str = "token") -> APIClient:
    """A client acting as ``role``, signed in by ``via`` ("token" or "session")."""
    client = APIClient()
    if role == "anonymous":
        return client
    user = user_in(role)
    if via == "token":
        token, _ = Token.objects.get_or_create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    else:
        client.force_login(user)
    return client


@dataclass
class Record:
    """What the desk has: ids of records in each visibility state."""

    public_claim: Claim
    conflicting_claim: Claim
    draft_claim: Claim
    review_claim: Claim
    reconciled_figure: Figure
    open_figure: Figure
    open_flag: ConflictFlag
    resolved_flag: ConflictFlag
    article: Article
    source: Source


def claim_on(article: Article, phrase: str, value: str, status: str, **fields) -> Claim:
    return ClaimFactory(
        article=article, phrase=phrase, value=Decimal(value) * BN, status=status, **fields
    )


def build_record() -> Record:
    """Two articles that disagree on Azerbaijan's 2024 spending, and Armenia's work in progress.

    Made by the services the desk uses: the reconciler groups figures and raises flags, a
    reviewer settles one figure and resolves one flag.
    """
    system = TEST_SETUP
    outlet = PublicationFactory(name="Eurasianet", slug="eurasianet")
    first = ArticleFactory(publication=outlet, title="Azerbaijan outspends its neighbour")
    second = ArticleFactory(publication=PublicationFactory(name="CAWAT", slug="cawat"))
    public = claim_on(first, "$3.7 billion", "3.7", ClaimStatus.VERIFIED, attribution="SIPRI")
    conflicting = claim_on(second, "$2.2 billion", "2.2", ClaimStatus.DISPUTED)
    armenia = {"subject": entity_named("Armenia")}
    draft = claim_on(first, "$669 million", "0.669", ClaimStatus.DRAFT, period_start=2020,
                     period_end=2020, **armenia)  # fmt: skip
    review = claim_on(first, "$1.4 billion", "1.4", ClaimStatus.NEEDS_REVIEW, **armenia)
    # Arms imports of the same year and value: a second, separate disagreement to resolve.
    imports_a = claim_on(second, "$3.7 billion", "3.7", ClaimStatus.VERIFIED,
                         metric=metric_slug("arms-imports"))  # fmt: skip
    ClaimFactory(article=ArticleFactory(), phrase="$1.4 billion", value=Decimal("1.4") * BN,
                 status=ClaimStatus.VERIFIED, metric=metric_slug("arms-imports"))  # fmt: skip
    figures_reconcile()
    source = SourceFactory(title="SIPRI Military Expenditure Database 2025")
    claim_source_attach(actor=system, claim=public, source=source, stance="supports",
                        value=Decimal("3700000000.00"), currency="USD")  # fmt: skip
    # The claim under review has the evidence either verdict needs.
    budget_law = SourceFactory(title="Armenia: State Budget Law for 2024")
    claim_source_attach(actor=system, claim=review, source=budget_law, stance="supports")
    claim_source_attach(actor=system, claim=review, source=SourceFactory(), stance="contradicts")
    public.refresh_from_db()
    imports_a.refresh_from_db()
    reconciled = figure_settle(
        actor=system,
        figure=claim_figure(imports_a),
        rationale="SIPRI's arms transfer database.",
        preferred_claim=imports_a,
    )
    flags = ConflictFlag.objects.order_by("id")
    arms_imports = flags.filter(metric__slug="arms-imports").first()
    assert arms_imports is not None
    resolved = flag_resolve(
        actor=system,
        flag=arms_imports,
        note="Different sources, settled on SIPRI.",
    )
    open_flag = flags.get(metric__slug="military-expenditure", state=FlagState.OPEN)
    for claim in (public, conflicting, draft, review):
        claim.refresh_from_db()
    return Record(
        public_claim=public,
        conflicting_claim=conflicting,
        draft_claim=draft,
        review_claim=review,
        reconciled_figure=reconciled,
        open_figure=claim_figure(public),
        open_flag=open_flag,
        resolved_flag=resolved,
        article=first,
        source=source,
    )


def moved(claim: Claim, to_status: str) -> Claim:
    return claim_reviewed(claim, to_status)
