"""The record the public-page tests read, built through the real services.

Two articles disagree about Azerbaijan's military expenditure for 2024 ($3.7 billion and
$2.9 billion); a reviewer verified both, resolved the conflict flag and settled the figure on
$3.7 billion. A 2020 figure is settled without conflict. Armenia's 2024 figure has only a
draft and a suggestion, so nothing about it is public. The page tests get it as the ``record``
fixture (``conftest.py``), the browser tests too; ``test_pages_record.py`` says what it holds.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from articles.importing import content_hash
from articles.models import (
    Article,
    Claim,
    ClaimOrigin,
    ClaimStatus,
    ConflictFlag,
    Figure,
)
from articles.services.actors import Actor
from articles.services.claim_edit import claim_create
from articles.services.figure_settle import figure_settle
from articles.services.figures_reconcile import figures_reconcile
from articles.services.flag_resolve import flag_resolve
from articles.services.sources import claim_source_attach

from ..factories import (
    PublicationFactory,
    SourceFactory,
    claim_figure,
    claim_reviewed,
    entity_named,
    metric_slug,
)

BUDGET_BODY = (
    "Azerbaijan's defense expenditures rose from $2.2 billion in 2020 to $3.7 billion in 2024, "
    "the finance ministry said.\n\n"
    "Armenia's military spending grew from $669 million in 2020 to $1.4 billion in 2024.\n\n"
    "Analysts expect both budgets to keep growing."
)
CAUCASUS_BODY = (
    "The arms race in the South Caucasus is accelerating.\n\n"
    "According to SIPRI, Azerbaijan's military budget reached $2.9 billion in 2024, "
    "well above its neighbour's.\n\n"
    "Officials in Baku declined to comment."
)


@dataclass
class Record:
    budget: Article
    caucasus: Article
    verified: Claim
    rival: Claim
    early: Claim
    draft: Claim
    suggested: Claim
    figure: Figure
    early_figure: Figure
    flag: ConflictFlag


def make_article(*, title: str, body: str, **fields: Any) -> Article:
    publication = fields.pop("publication", None) or PublicationFactory()
    return Article.objects.create(
        publication=publication,
        title=title,
        body=body,
        raw=body,
        source_format="txt",
        content_hash=content_hash(body),
        **fields,
    )


def make_claim(
    article: Article, phrase: str, *, editor: Actor, value: str, year: int, **fields: Any
) -> Claim:
    start = article.body.index(phrase)
    return claim_create(
        actor=editor,
        article=article,
        start=start,
        end=start + len(phrase),
        value=Decimal(value),
        currency="USD",
        period_start=year,
        period_end=year,
        **{
            "subject": entity_named("Azerbaijan"),
            "metric": metric_slug("military-expenditure"),
            **fields,
        },
    )


def build_record(*, editor: Actor, reviewer: Actor) -> Record:
    budget = make_article(
        title="Azerbaijan's defence budget reaches $3.7 billion",
        body=BUDGET_BODY,
        byline="Jane Roe",
        published_on=datetime.date(2024, 5, 1),
        published_precision="month",
        url="https://news.example.com/azerbaijan-budget",
        publication=PublicationFactory(name="Caspian Ledger", slug="caspian-ledger"),
    )
    caucasus = make_article(
        title="The arms race in the Caucasus",
        body=CAUCASUS_BODY,
        published_on=datetime.date(2024, 6, 12),
        published_precision="day",
        url="https://other.example.org/caucasus",
    )
    verified = make_claim(budget, "$3.7 billion", editor=editor, value="3700000000", year=2024)
    rival = make_claim(
        caucasus, "$2.9 billion", editor=editor, value="2900000000", year=2024, attribution="SIPRI"
    )
    early = make_claim(budget, "$2.2 billion", editor=editor, value="2200000000", year=2020)
    armenia = {"subject": entity_named("Armenia")}
    draft = make_claim(
        budget, "$669 million", editor=editor, value="669000000", year=2020, **armenia
    )
    suggested = make_claim(
        budget,
        "$1.4 billion",
        editor=editor,
        value="1400000000",
        year=2024,
        origin=ClaimOrigin.EXTRACTED,
        status=ClaimStatus.SUGGESTED,
        **armenia,
    )
    for claim in (verified, rival, early):
        claim_reviewed(claim, ClaimStatus.VERIFIED, actor=reviewer)
    figures_reconcile()
    verified.refresh_from_db()
    early.refresh_from_db()
    flag = ConflictFlag.objects.get(kind="value_mismatch", figure=verified.figure)
    flag = flag_resolve(
        actor=reviewer, flag=flag, note="The budget law gives $3.7 billion; SIPRI's is an estimate."
    )
    sipri = SourceFactory(title="SIPRI Military Expenditure Database 2025", publisher="SIPRI")
    claim_source_attach(
        actor=editor,
        claim=verified,
        source=sipri,
        stance="contradicts",
        value=Decimal("2900000000"),
        currency="USD",
    )
    law = SourceFactory(title="State budget law for 2024", publisher="Milli Majlis", kind="report")
    claim_source_attach(actor=editor, claim=verified, source=law, stance="supports")
    figure = figure_settle(
        actor=reviewer,
        figure=claim_figure(verified),
        preferred_claim=verified,
        rationale="The budget law is the primary source.",
    )
    early_figure = figure_settle(
        actor=reviewer, figure=claim_figure(early), preferred_claim=early, rationale="Only source."
    )
    return Record(
        budget=budget,
        caucasus=caucasus,
        verified=verified,
        rival=Claim.objects.get(pk=rival.pk),
        early=early,
        draft=draft,
        suggested=suggested,
        figure=figure,
        early_figure=early_figure,
        flag=flag,
    )
