"""Extraction: every money figure and count in an article becomes a suggested claim.

The pure extractor (``articles.extraction``) finds the figures; this service anchors them in
the body and saves them as ``suggested`` claims in bulk. It never changes or duplicates a
claim: a figure that overlaps any claim already on the article (an editor's, or an earlier
suggestion, even a rejected one) is left alone, and the database refuses a second
suggestion on the same passage anyway.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Max
from simple_history.utils import bulk_create_with_history

from articles.extraction import DEFAULT_LEXICON, FigureMention, Lexicon, extract_figures
from articles.models import Article, Claim, ClaimOrigin, ClaimStatus, DatePrecision, Entity, Metric
from articles.models.claim import MONEY_DIGITS, MONEY_PLACES

from .claim_edit import anchor_context
from .figures_reconcile import ClaimKey
from .permissions import require_perm
from .reconcile_queue import reconcile_after_commit

logger = logging.getLogger(__name__)
MONEY_LIMIT = Decimal(10) ** (MONEY_DIGITS - MONEY_PLACES)


@dataclass
class ExtractionOutcome:
    articles: int = 0
    created: int = 0
    overlapping: int = 0
    unstorable: int = 0
    claim_ids: list[int] = field(default_factory=list)

    def as_dict(self) -> dict[str, int]:
        return {
            "articles": self.articles,
            "created": self.created,
            "overlapping": self.overlapping,
            "unstorable": self.unstorable,
        }


_lexicon_cache: dict[tuple, tuple[Lexicon, dict[str, int], dict[str, int]]] = {}


def lexicon_from_database() -> tuple[Lexicon, dict[str, int], dict[str, int]]:
    """The extractor's lexicon built from the entities and metrics editors keep.

    Rebuilt only when those tables change, so a batch pays for it once. Returns the lexicon
    and the ids of entities by name and metrics by slug.
    """
    version = (
        Entity.objects.count(),
        Entity.objects.aggregate(latest=Max("updated_at"))["latest"],
        Metric.objects.count(),
        Metric.objects.aggregate(latest=Max("updated_at"))["latest"],
    )
    cached = _lexicon_cache.get(version)
    if cached is not None:
        return cached
    entities = {
        name: tuple(aliases or ())
        for name, aliases in Entity.objects.values_list("name", "aliases")
    }
    metrics = {
        slug: tuple(dict.fromkeys([*DEFAULT_LEXICON.metrics.get(slug, ()), *(words or ())]))
        for slug, words in Metric.objects.values_list("slug", "signal_words")
    }
    lexicon = Lexicon(entities=entities or DEFAULT_LEXICON.entities, metrics=metrics)
    entity_ids = dict(Entity.objects.values_list("name", "pk"))
    metric_ids = dict(Metric.objects.values_list("slug", "pk"))
    _lexicon_cache.clear()
    _lexicon_cache[version] = (lexicon, entity_ids, metric_ids)
    return _lexicon_cache[version]


def published_for_extraction(article: Article) -> datetime.date | None:
    """The article's date as far as it is known; relative phrases need at least the year."""
    if article.published_precision == DatePrecision.UNKNOWN:
        return None
    return article.published_on


def _storable(amount: Decimal | None) -> bool:
    return amount is None or (0 <= amount < MONEY_LIMIT)


def _claim_from(
    article: Article,
    mention: FigureMention,
    entity_ids: dict[str, int],
    metric_ids: dict[str, int],
    actor: object,
) -> Claim:
    prefix, suffix = anchor_context(article.body, mention.start, mention.end)
    currency = mention.currency or ""
    if len(currency) != 3 or not currency.isalpha() or not currency.isupper():
        currency = ""
    return Claim(
        article=article,
        quote=article.body[mention.start : mention.end],
        start=mention.start,
        end=mention.end,
        prefix=prefix,
        suffix=suffix,
        subject_id=entity_ids.get(mention.subject or ""),
        counterparty_id=entity_ids.get(mention.counterparty or ""),
        metric_id=metric_ids.get(mention.metric or ""),
        kind=mention.kind,
        item=(mention.item or "")[:200],
        value=_money(mention.value),
        low=_money(mention.low),
        high=_money(mention.high),
        qualifier=mention.qualifier,
        currency=currency,
        unit=(mention.unit or "")[:100] if not currency else "",
        period_start=mention.period_start,
        period_end=mention.period_end if mention.period_end is not None else None,
        attribution=(mention.attribution or "")[:300],
        origin=ClaimOrigin.EXTRACTED,
        confidence=max(0.0, min(1.0, float(mention.confidence))),
        status=ClaimStatus.SUGGESTED,
        created_by=actor if getattr(actor, "pk", None) else None,
    )


def _money(amount: Decimal | None) -> Decimal | None:
    if amount is None:
        return None
    return amount.quantize(Decimal("0.01"))


def claims_extract(
    *, actor: object = None, article_ids: Iterable[int] | None = None, batch_size: int = 200
) -> ExtractionOutcome:
    """Suggest claims for these articles (all when ``article_ids`` is None)."""
    require_perm(actor, "articles.add_claim", "suggest claims")
    lexicon, entity_ids, metric_ids = lexicon_from_database()
    articles = Article.objects.only("id", "body", "published_on", "published_precision")
    if article_ids is not None:
        articles = articles.filter(pk__in=list(article_ids))
    outcome = ExtractionOutcome()
    batch: list[Article] = []
    for article in articles.order_by("pk").iterator(chunk_size=batch_size):
        batch.append(article)
        if len(batch) >= batch_size:
            _extract_batch(batch, lexicon, entity_ids, metric_ids, actor, outcome)
            batch = []
    if batch:
        _extract_batch(batch, lexicon, entity_ids, metric_ids, actor, outcome)
    return outcome


def _extract_batch(
    articles: list[Article],
    lexicon: Lexicon,
    entity_ids: dict[str, int],
    metric_ids: dict[str, int],
    actor: object,
    outcome: ExtractionOutcome,
) -> None:
    taken: dict[int, list[tuple[int, int]]] = {a.pk: [] for a in articles}
    for article_id, start, end in Claim.objects.filter(article__in=articles).values_list(
        "article_id", "start", "end"
    ):
        taken[article_id].append((start, end))
    claims = []
    for article in articles:
        outcome.articles += 1
        spans = taken[article.pk]
        for mention in extract_figures(
            article.body, published=published_for_extraction(article), lexicon=lexicon
        ):
            if any(mention.start < end and start < mention.end for start, end in spans):
                outcome.overlapping += 1
                continue
            if not all(_storable(v) for v in (mention.value, mention.low, mention.high)):
                outcome.unstorable += 1
                logger.info("skipped a figure too large to store in article %s", article.pk)
                continue
            claims.append(_claim_from(article, mention, entity_ids, metric_ids, actor))
            spans.append((mention.start, mention.end))
    if not claims:
        return
    with transaction.atomic():
        try:
            with transaction.atomic():
                created = bulk_create_with_history(
                    claims,
                    Claim,
                    batch_size=500,
                    default_user=actor if getattr(actor, "pk", None) else None,
                    default_change_reason="suggested by the extractor",
                )
        except IntegrityError:
            # Another extractor got there first for some passages: keep the rest, one by one.
            created = []
            for claim in claims:
                try:
                    with transaction.atomic():
                        claim.save()
                    created.append(claim)
                except IntegrityError:
                    outcome.overlapping += 1
        outcome.created += len(created)
        outcome.claim_ids.extend(c.pk for c in created)
        reconcile_after_commit(ClaimKey.of(c) for c in created)
