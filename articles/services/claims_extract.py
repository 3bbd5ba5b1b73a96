"""Extraction: every money figure and count in an article becomes a suggested claim.

The pure extractor (``articles.extraction``) finds the figures; this service anchors them in
the body and saves them as ``suggested`` claims in bulk. It never changes or duplicates a
claim: a figure that overlaps any claim already on the article (an editor's, or an earlier
suggestion, even a rejected one) is left alone, and the database refuses a second
suggestion on the same passage anyway.

An amount the article restates in another currency ("5.3 billion manats (US$3.1 billion)")
becomes a suggestion ``converted_from`` the original's claim. Ids exist only once rows are
inserted, so a batch is written in two bulk inserts: originals first, then the
conversions of originals created in the same run, with the link already set (so their
first history row records it). A conversion of a claim already on the article (an
editor's, say) is linked in the first insert and takes that claim's placement where it
lacks its own.

Extraction reads only the languages in ``articles.extraction.languages``: an article in
another known language is skipped, not read as if it were English, and the outcome names
the languages and articles skipped so that no face reports a silent "0 new". An article
whose language is unknown is read as before.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, NamedTuple

from django.db import IntegrityError, transaction
from django.db.models import Max
from simple_history.utils import bulk_create_with_history

from articles.extraction import DEFAULT_LEXICON, FigureMention, Lexicon, extract_figures
from articles.extraction.languages import extraction_reads, language_name
from articles.models import (
    Article,
    ChangeKind,
    Claim,
    ClaimOrigin,
    ClaimStatus,
    DatePrecision,
    Entity,
    FigureKind,
    Metric,
)
from articles.models.claim import INACTIVE_STATUSES, MONEY_DIGITS, MONEY_PLACES

from .actors import Actor, acting_user, history_note, history_reason
from .change_feed import changes_record
from .claim_edit import anchor_context
from .figures_reconcile import ClaimKey
from .permissions import require_perm
from .reconcile_queue import reconcile_after_commit

logger = logging.getLogger(__name__)
MONEY_LIMIT = Decimal(10) ** (MONEY_DIGITS - MONEY_PLACES)
SUGGESTED = "suggested by the extractor"  # the history reason of every suggestion


@dataclass
class ExtractionOutcome:
    """What one extraction run did; ``articles`` counts the articles it read."""

    articles: int = 0
    created: int = 0
    overlapping: int = 0
    unstorable: int = 0
    claim_ids: list[int] = field(default_factory=list)
    # Articles not read because extraction does not read their language: code -> ids.
    unsupported: dict[str, list[int]] = field(default_factory=dict)

    @property
    def skipped(self) -> int:
        return sum(map(len, self.unsupported.values()))

    @property
    def note(self) -> str:
        """Why some articles gave nothing, or "" when every article was read.

        "extraction does not read Armenian yet (1 article skipped)".
        """
        if not self.unsupported:
            return ""
        names = sorted(language_name(code) for code in self.unsupported)
        listed = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"
        count = self.skipped
        return (
            f"extraction does not read {listed} yet "
            f"({count} article{'' if count == 1 else 's'} skipped)"
        )

    def as_dict(self) -> dict[str, int | str | dict[str, list[int]]]:
        return {
            "articles": self.articles,
            "created": self.created,
            "overlapping": self.overlapping,
            "unstorable": self.unstorable,
            "skipped": self.skipped,
            "unsupported": self.unsupported,
            "note": self.note,
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
    actor: Actor,
) -> Claim:
    prefix, suffix = anchor_context(article.body, mention.start, mention.end)
    currency = mention.currency or ""
    if len(currency) != 3 or not currency.isalpha() or not currency.isupper():
        currency = ""
    return Claim(
        article=article,
        language=article.language,
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
        created_by=acting_user(actor),
    )


# The fields of a new claim that a guess from a selection fills in.
GUESSED_FIELDS = (
    "value",
    "low",
    "high",
    "qualifier",
    "currency",
    "unit",
    "kind",
    "item",
    "period_start",
    "period_end",
    "attribution",
    "subject",
    "counterparty",
    "metric",
)


def claim_guess(*, actor: Actor, article: Article, start: int, end: int) -> dict[str, Any]:
    """What the extractor reads in ``article.body[start:end]``, as the fields of a new claim
    (entities and metrics by id), for a form to start from; empty when it reads nothing
    there or does not read the article's language.

    The same mapping as the suggestions ``claims_extract`` stores (``_claim_from``), so a
    claim an editor makes from a selection starts exactly where a suggestion would.
    """
    if not extraction_reads(article.language):
        return {}
    lexicon, entity_ids, metric_ids = lexicon_from_database()
    mentions = extract_figures(
        article.body, published=published_for_extraction(article), lexicon=lexicon
    )
    covered = [m for m in mentions if m.start < end and start < m.end]
    if not covered:
        return {}
    mention = covered[0]
    if not all(_storable(v) for v in (mention.value, mention.low, mention.high)):
        return {}
    claim = _claim_from(article, mention, entity_ids, metric_ids, actor)
    guess = {
        name: getattr(claim, f"{name}_id" if name in RELATED_FIELDS else name)
        for name in GUESSED_FIELDS
    }
    return {name: value for name, value in guess.items() if value not in (None, "")}


RELATED_FIELDS = {"subject", "counterparty", "metric"}


def _money(amount: Decimal | None) -> Decimal | None:
    if amount is None:
        return None
    return amount.quantize(Decimal("0.01"))


def claims_extract(
    *, actor: Actor, article_ids: Iterable[int] | None = None, batch_size: int = 200
) -> ExtractionOutcome:
    """Suggest claims for these articles (all when ``article_ids`` is None)."""
    require_perm(actor, "articles.add_claim", "suggest claims")
    lexicon, entity_ids, metric_ids = lexicon_from_database()
    articles = Article.objects.only("id", "body", "published_on", "published_precision", "language")
    if article_ids is not None:
        articles = articles.filter(pk__in=list(article_ids))
    outcome = ExtractionOutcome()
    batch: list[Article] = []
    for article in articles.order_by("pk").iterator(chunk_size=batch_size):
        if not extraction_reads(article.language):
            outcome.unsupported.setdefault(article.language, []).append(article.pk)
            continue
        batch.append(article)
        if len(batch) >= batch_size:
            _extract_batch(batch, lexicon, entity_ids, metric_ids, actor, outcome)
            batch = []
    if batch:
        _extract_batch(batch, lexicon, entity_ids, metric_ids, actor, outcome)
    return outcome


class _Stored(NamedTuple):
    """A claim already on the article: its span, and what a conversion of it would take."""

    start: int
    end: int
    pk: int
    converted_from_id: int | None
    status: str
    currency: str
    subject_id: int | None
    metric_id: int | None
    period_start: int | None
    period_end: int | None
    kind: str


def _extract_batch(
    articles: list[Article],
    lexicon: Lexicon,
    entity_ids: dict[str, int],
    metric_ids: dict[str, int],
    actor: Actor,
    outcome: ExtractionOutcome,
) -> None:
    stored: dict[int, list[_Stored]] = {a.pk: [] for a in articles}
    for article_id, *row in Claim.objects.filter(article__in=articles).values_list(
        "article_id", *_Stored._fields
    ):
        stored[article_id].append(_Stored(*row))
    originals: list[Claim] = []
    conversions: list[tuple[Claim, Claim]] = []  # (conversion, its original, both new)
    for article in articles:
        outcome.articles += 1
        spans = [(c.start, c.end) for c in stored[article.pk]]
        mentions = extract_figures(
            article.body, published=published_for_extraction(article), lexicon=lexicon
        )
        mention_at = {m.start: m for m in mentions}
        new_at: dict[int, Claim] = {}
        for mention in mentions:
            if any(mention.start < end and start < mention.end for start, end in spans):
                outcome.overlapping += 1
                continue
            if not all(_storable(v) for v in (mention.value, mention.low, mention.high)):
                outcome.unstorable += 1
                logger.info("skipped a figure too large to store in article %s", article.pk)
                continue
            claim = _claim_from(article, mention, entity_ids, metric_ids, actor)
            spans.append((mention.start, mention.end))
            new_at[mention.start] = claim
            source_start = mention.converted_from_start
            if source_start is not None and source_start in new_at:
                conversions.append((claim, new_at[source_start]))
                continue
            if source_start is not None:
                _link_to_stored(claim, mention_at[source_start], stored[article.pk])
            originals.append(claim)
    if not originals and not conversions:
        return
    with transaction.atomic():
        created = _insert(originals, actor, outcome)
        # The originals' ids, read back by passage: some may have been refused.
        ids = {(c.article_id, c.start, c.end): c.pk for c in created}
        for conversion, original in conversions:
            key = (original.article_id, original.start, original.end)
            conversion.converted_from_id = ids.get(key)
        created += _insert([conversion for conversion, _ in conversions], actor, outcome)
        outcome.created += len(created)
        outcome.claim_ids.extend(c.pk for c in created)
        changes_record(((ChangeKind.CLAIM_CREATED, c) for c in created), actor=actor)
        reconcile_after_commit(ClaimKey.of(c) for c in created)


def _link_to_stored(claim: Claim, original: FigureMention, stored: list[_Stored]) -> None:
    """Link a new conversion to the claim already standing on its original's words.

    Only to one active claim in another currency that is not a conversion itself; its
    placement fills what the conversion lacks, since an editor may have corrected it.
    """
    standing = [c for c in stored if c.start < original.end and original.start < c.end]
    if len(standing) != 1:
        return
    source = standing[0]
    if (
        source.converted_from_id is not None
        or source.status in INACTIVE_STATUSES
        or source.currency in ("", claim.currency)
    ):
        return
    claim.converted_from_id = source.pk
    if claim.subject_id is None:
        claim.subject_id = source.subject_id
    if claim.metric_id is None:
        claim.metric_id = source.metric_id
    if claim.period_start is None:
        claim.period_start, claim.period_end = source.period_start, source.period_end
    if claim.metric_id == source.metric_id:
        claim.kind = source.kind
        if claim.kind != FigureKind.TRANSACTION:
            claim.item = ""


def _insert(claims: list[Claim], actor: Actor, outcome: ExtractionOutcome) -> list[Claim]:
    """Insert suggestions in bulk with their history; those that collide, one by one."""
    if not claims:
        return []
    try:
        with transaction.atomic():
            return bulk_create_with_history(
                claims,
                Claim,
                batch_size=500,
                default_user=acting_user(actor),
                default_change_reason=history_reason(actor, SUGGESTED),
            )
    except IntegrityError:
        # Another extractor got there first for some passages: keep the rest, one by one.
        created = []
        for claim in claims:
            try:
                with transaction.atomic():
                    history_note(claim, actor=actor, reason=SUGGESTED)
                    claim.save()
                created.append(claim)
            except IntegrityError:
                outcome.overlapping += 1
        return created
