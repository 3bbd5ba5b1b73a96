"""The demo's editorial record: the sample corpus as a careful desk decided it (``make run``).

``articles/sample_corpus/editorial_record.json`` holds the decisions: which figure each
passage states (subject, counterparty, metric, value, period, attribution), the sources the
desk checked it against and with what stance, the review status that evidence earns, the
figures it settles and why, the conflict flags it acknowledges, and one published claim it
withdrew with a correction. This module applies that file.

It used to be different: the demo reviewer verified every confident machine suggestion and
settled figures "because the sample articles agree". Some suggestions were wrong (the JF-17
contract filed under Israel, budgets filed as 2023 arms deals), nothing backed the verdicts,
and the same command would have verified claims of articles a user uploaded. Now the demo
publishes only what the file decides, and only on the articles the file names.

Everything goes through the services a person would use, as the demo editor (fix a
suggestion, create a manual claim, attach sources, send to review) and the demo reviewer
(verify, dispute, withdraw, settle, acknowledge), so history says who did what and every
rule of the workflow (a verdict needs its source) applies to the demo as to anyone.

Each decision is compared with the record before anything is written and applied only
where it does not hold yet, so a second run writes nothing: no history row, no version
bump, no timestamp. The file is read and checked against the database before the first
write, and the whole run is one transaction, so a wrong entry (a quote that is not in its
article, an unknown entity) changes nothing and names the entry.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction

from articles.errors import FactcheckError
from articles.models import (
    CLOSED_FLAG_STATES,
    INACTIVE_STATUSES,
    PUBLIC_STATUSES,
    Article,
    Claim,
    ClaimOrigin,
    ClaimSource,
    ClaimStatus,
    ConflictFlag,
    Entity,
    Figure,
    FigureKind,
    FigureStatus,
    FlagKind,
    FlagState,
    ImportOrigin,
    Metric,
    Qualifier,
    Source,
    SourceKind,
    Stance,
    WithdrawalReason,
)
from articles.reconciling import kind_for_metric

from .actors import Actor
from .claim_edit import claim_create, claim_update
from .claim_withdraw import claim_withdraw
from .claim_workflow import claim_transition
from .figure_settle import figure_settle
from .figures_reconcile import figures_reconcile
from .flag_resolve import flag_acknowledge
from .sources import claim_source_attach, source_create, source_update

RECORD_PATH = Path(__file__).resolve().parents[1] / "sample_corpus" / "editorial_record.json"
RECORD_FORMAT = 1

S = ClaimStatus
REVIEWED = tuple(PUBLIC_STATUSES)
# What the file may decide for a claim; ``withdrawn`` has its own section.
DECIDABLE = (S.DRAFT, S.NEEDS_REVIEW, *REVIEWED)
CLAIM_KEYS = frozenset(
    {
        "id",
        "article",
        "quote",
        "occurrence",
        "subject",
        "counterparty",
        "metric",
        "value",
        "low",
        "high",
        "qualifier",
        "currency",
        "period_start",
        "period_end",
        "attribution",
        "status",
        "note",
        "sources",
        "kind",
        "item",
    }
)
SOURCE_FIELDS = ("title", "url", "publisher", "kind", "published_on", "excerpt")


class DemoRecordError(FactcheckError):
    """The editorial record does not fit the database (or itself); nothing was written."""

    code = "demo_record_invalid"


# --- The file, parsed ------------------------------------------------------------------------


@dataclass(frozen=True)
class SourceSpec:
    key: str
    title: str
    url: str
    publisher: str
    kind: str
    published_on: datetime.date | None
    excerpt: str

    def fields(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in SOURCE_FIELDS}


@dataclass(frozen=True)
class LinkSpec:
    source: str
    stance: str
    value: Decimal | None
    currency: str
    note: str


@dataclass(frozen=True)
class ClaimSpec:
    """One claim as the desk decided it: where it stands and what it says."""

    label: str
    id: str
    article: str
    quote: str
    occurrence: int | None
    subject: str
    counterparty: str | None
    metric: str
    value: Decimal | None
    low: Decimal | None
    high: Decimal | None
    qualifier: str
    currency: str
    period_start: int | None
    period_end: int | None
    attribution: str
    status: str
    note: str
    links: tuple[LinkSpec, ...]
    kind: str = FigureKind.ANNUAL
    item: str = ""


@dataclass(frozen=True)
class WithdrawalSpec:
    """A claim published with a wrong reading, then withdrawn with a public correction."""

    label: str
    published_as: ClaimSpec
    reason: str
    note: str


@dataclass(frozen=True)
class FigureSpec:
    label: str
    subject: str
    metric: str
    period_start: int
    period_end: int
    unit: str
    preferred: str
    rationale: str
    kind: str = FigureKind.ANNUAL


@dataclass(frozen=True)
class FlagSpec:
    label: str
    kind: str
    subject: str
    metric: str | None
    value: Decimal
    currency: str


@dataclass(frozen=True)
class EditorialRecord:
    articles: Mapping[str, Mapping[str, str]]
    sources: Mapping[str, SourceSpec]
    withdrawals: tuple[WithdrawalSpec, ...]
    claims: tuple[ClaimSpec, ...]
    figures: tuple[FigureSpec, ...]
    flags: tuple[FlagSpec, ...]


def record_load(path: Path = RECORD_PATH) -> EditorialRecord:
    """Read and check the file on its own (no database): every error names its entry."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise DemoRecordError(f"Cannot read the editorial record {path}: {exc}") from exc
    if not isinstance(data, dict) or data.get("format") != RECORD_FORMAT:
        raise DemoRecordError(f"{path} is not an editorial record of format {RECORD_FORMAT}.")
    articles = data.get("articles") or {}
    for key, ref in articles.items():
        if not isinstance(ref, dict) or len({"url", "title"} & set(ref)) != 1:
            raise DemoRecordError(f"articles[{key!r}]: give exactly one of url or title.")
    sources = {key: _source_spec(key, spec) for key, spec in (data.get("sources") or {}).items()}
    withdrawals = tuple(
        _withdrawal_spec(f"withdrawals[{i}]", entry)
        for i, entry in enumerate(data.get("withdrawals") or [])
    )
    claims = tuple(
        _claim_spec(f"claims[{i}]", entry) for i, entry in enumerate(data.get("claims") or [])
    )
    figures = tuple(
        _figure_spec(f"figures[{i}]", entry) for i, entry in enumerate(data.get("figures") or [])
    )
    flags = tuple(
        _flag_spec(f"flags[{i}]", entry) for i, entry in enumerate(data.get("flags") or [])
    )
    record = EditorialRecord(articles, sources, withdrawals, claims, figures, flags)
    _check_references(record)
    return record


def _text(label: str, entry: Mapping[str, Any], name: str, *, required: bool = False) -> str:
    value = entry.get(name)
    if value is None:
        if required:
            raise DemoRecordError(f"{label}: {name} is required.")
        return ""
    if not isinstance(value, str):
        raise DemoRecordError(f"{label}: {name} must be text.")
    return value


def _amount(label: str, entry: Mapping[str, Any], name: str) -> Decimal | None:
    value = entry.get(name)
    if value is None:
        return None
    try:
        amount = Decimal(str(value))
    except InvalidOperation as exc:
        raise DemoRecordError(f"{label}: {name} {value!r} is not a number.") from exc
    if not amount.is_finite() or amount < 0:
        raise DemoRecordError(f"{label}: {name} {value!r} is not a magnitude.")
    return amount


def _year(label: str, entry: Mapping[str, Any], name: str) -> int | None:
    value = entry.get(name)
    if value is not None and not isinstance(value, int):
        raise DemoRecordError(f"{label}: {name} must be a year.")
    return value


def _source_spec(key: str, entry: Mapping[str, Any]) -> SourceSpec:
    label = f"sources[{key!r}]"
    kind = _text(label, entry, "kind", required=True)
    if kind not in SourceKind.values:
        raise DemoRecordError(f"{label}: unknown kind {kind!r}.")
    published = entry.get("published_on")
    try:
        published_on = datetime.date.fromisoformat(published) if published else None
    except (TypeError, ValueError) as exc:
        raise DemoRecordError(f"{label}: published_on {published!r} is not a date.") from exc
    return SourceSpec(
        key=key,
        title=_text(label, entry, "title", required=True),
        url=_text(label, entry, "url"),
        publisher=_text(label, entry, "publisher"),
        kind=kind,
        published_on=published_on,
        excerpt=_text(label, entry, "excerpt"),
    )


def _link_spec(label: str, entry: Mapping[str, Any]) -> LinkSpec:
    stance = _text(label, entry, "stance", required=True)
    if stance not in Stance.values:
        raise DemoRecordError(f"{label}: unknown stance {stance!r}.")
    value = _amount(label, entry, "value")
    currency = _text(label, entry, "currency")
    if (value is None) != (not currency):
        raise DemoRecordError(f"{label}: a source's value and its currency go together.")
    return LinkSpec(
        source=_text(label, entry, "source", required=True),
        stance=stance,
        value=value,
        currency=currency,
        note=_text(label, entry, "note"),
    )


def _claim_spec(label: str, entry: Mapping[str, Any], *, allowed: Iterable[str] = ()) -> ClaimSpec:
    unknown = set(entry) - CLAIM_KEYS - set(allowed)
    if unknown:
        raise DemoRecordError(f"{label}: unknown keys {', '.join(sorted(unknown))}.")
    label = f"{label} ({entry.get('id', '?')})"
    status = _text(label, entry, "status", required=True)
    if status not in DECIDABLE:
        raise DemoRecordError(f"{label}: status {status!r} is not one the record decides.")
    qualifier = entry.get("qualifier") or Qualifier.EXACT
    if qualifier not in Qualifier.values:
        raise DemoRecordError(f"{label}: unknown qualifier {qualifier!r}.")
    occurrence = entry.get("occurrence")
    if occurrence is not None and (not isinstance(occurrence, int) or occurrence < 0):
        raise DemoRecordError(f"{label}: occurrence counts from 0.")
    quote = _text(label, entry, "quote", required=True)
    if not quote.strip():
        raise DemoRecordError(f"{label}: the quote is empty.")
    return ClaimSpec(
        label=label,
        id=_text(label, entry, "id", required=True),
        article=_text(label, entry, "article", required=True),
        quote=quote,
        occurrence=occurrence,
        subject=_text(label, entry, "subject", required=True),
        counterparty=entry.get("counterparty") or None,
        metric=_text(label, entry, "metric", required=True),
        value=_amount(label, entry, "value"),
        low=_amount(label, entry, "low"),
        high=_amount(label, entry, "high"),
        qualifier=qualifier,
        currency=_text(label, entry, "currency"),
        period_start=_year(label, entry, "period_start"),
        period_end=_year(label, entry, "period_end"),
        attribution=_text(label, entry, "attribution"),
        status=status,
        note=_text(label, entry, "note"),
        links=tuple(
            _link_spec(f"{label} sources[{i}]", link)
            for i, link in enumerate(entry.get("sources") or [])
        ),
        kind=_kind(label, entry),
        item=_text(label, entry, "item"),
    )


def _kind(label: str, entry: Mapping[str, Any]) -> str:
    """The entry's kind, or the one its metric implies (a deal value is a transaction)."""
    kind = entry.get("kind") or kind_for_metric(entry.get("metric"))
    if kind not in FigureKind.values:
        raise DemoRecordError(f"{label}: unknown kind {kind!r}.")
    return kind


def _withdrawal_spec(label: str, entry: Mapping[str, Any]) -> WithdrawalSpec:
    published = entry.get("published_as")
    if not isinstance(published, dict):
        raise DemoRecordError(f"{label}: published_as (the claim as first published) is required.")
    # The claim's place comes from the entry; what it said when published, from published_as.
    place = {k: entry.get(k) for k in ("id", "article", "quote", "occurrence") if k in entry}
    spec = _claim_spec(label, {**published, **place})
    if spec.status not in REVIEWED:
        raise DemoRecordError(f"{spec.label}: only a published claim can be withdrawn.")
    reason = _text(spec.label, entry, "reason", required=True)
    if reason not in WithdrawalReason.values:
        raise DemoRecordError(f"{spec.label}: unknown withdrawal reason {reason!r}.")
    note = _text(spec.label, entry, "note", required=True)
    if not note.strip():
        raise DemoRecordError(f"{spec.label}: a correction says what was wrong.")
    return WithdrawalSpec(label=spec.label, published_as=spec, reason=reason, note=note)


def _figure_spec(label: str, entry: Mapping[str, Any]) -> FigureSpec:
    start, end = _year(label, entry, "period_start"), _year(label, entry, "period_end")
    if start is None or end is None:
        raise DemoRecordError(f"{label}: a figure has a period.")
    rationale = _text(label, entry, "rationale", required=True)
    if not rationale.strip():
        raise DemoRecordError(f"{label}: say why the desk stands behind this value.")
    return FigureSpec(
        label=label,
        subject=_text(label, entry, "subject", required=True),
        metric=_text(label, entry, "metric", required=True),
        period_start=start,
        period_end=end,
        unit=_text(label, entry, "unit", required=True),
        preferred=_text(label, entry, "preferred", required=True),
        rationale=rationale,
        kind=_kind(label, entry),
    )


def _flag_spec(label: str, entry: Mapping[str, Any]) -> FlagSpec:
    kind = _text(label, entry, "kind", required=True)
    if kind not in FlagKind.values:
        raise DemoRecordError(f"{label}: unknown flag kind {kind!r}.")
    value = _amount(label, entry, "value")
    if value is None or value == 0:
        raise DemoRecordError(f"{label}: name the flag by the value it is about.")
    return FlagSpec(
        label=label,
        kind=kind,
        subject=_text(label, entry, "subject", required=True),
        metric=entry.get("metric") or None,
        value=value,
        currency=_text(label, entry, "currency", required=True),
    )


def _check_references(record: EditorialRecord) -> None:
    """What the file's sections say of each other: articles, sources and claims it names."""
    ids: dict[str, ClaimSpec] = {}
    for spec in (*(w.published_as for w in record.withdrawals), *record.claims):
        if spec.id in ids:
            raise DemoRecordError(f"{spec.label}: the id {spec.id!r} is used twice.")
        ids[spec.id] = spec
        if spec.article not in record.articles:
            raise DemoRecordError(f"{spec.label}: article {spec.article!r} is not listed.")
        for link in spec.links:
            if link.source not in record.sources:
                raise DemoRecordError(f"{spec.label}: source {link.source!r} is not listed.")
    claims = {spec.id: spec for spec in record.claims}
    for figure in record.figures:
        preferred = claims.get(figure.preferred)
        if preferred is None or preferred.status != S.VERIFIED:
            raise DemoRecordError(
                f"{figure.label}: the preferred claim {figure.preferred!r} must be one of the "
                "record's verified claims."
            )


# --- Applying it -----------------------------------------------------------------------------


@dataclass
class DemoRecordOutcome:
    """What one run changed; a run on a record that already holds changes nothing."""

    claims_created: int = 0
    claims_edited: int = 0
    status_changes: int = 0
    sources_created: int = 0
    sources_updated: int = 0
    sources_attached: int = 0
    claims_withdrawn: int = 0
    figures_settled: int = 0
    flags_acknowledged: int = 0
    # Decisions already in the record (claims, withdrawals, figures, flags), left alone.
    already_held: int = 0
    # Decisions not applied because the record around them differs (a human's work).
    skipped: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return any(
            count for name, count in asdict(self).items() if name not in {"already_held", "skipped"}
        )

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class _Context:
    editor: Actor
    reviewer: Actor
    articles: dict[str, Article]
    entities: dict[str, Entity]
    metrics: dict[str, Metric]
    spans: dict[str, tuple[int, int]]
    outcome: DemoRecordOutcome
    sources: dict[str, Source] = field(default_factory=dict)
    claims: dict[str, Claim] = field(default_factory=dict)


def demo_record_apply(
    *, reviewer: Actor, editor: Actor, path: Path = RECORD_PATH
) -> DemoRecordOutcome:
    """Bring the sample corpus's record to the desk's decisions in ``path``; idempotent."""
    record = record_load(path)
    outcome = DemoRecordOutcome()
    with transaction.atomic():
        context = _resolve(record, editor=editor, reviewer=reviewer, outcome=outcome)
        for key, source in record.sources.items():
            context.sources[key] = _source_ensure(context, source)
        # Withdrawals first: the corrected reading of a withdrawn claim is a new claim on the
        # same words, which must not pick up the claim it replaces.
        for withdrawal in record.withdrawals:
            _withdrawal_ensure(context, withdrawal)
        for spec in record.claims:
            context.claims[spec.id] = _claim_ensure(context, spec)
        if outcome.changed:
            # Figures and flags follow the claims after commit; settling and acknowledging
            # need them now, inside this transaction. Not run when nothing changed, so a
            # second run writes nothing at all.
            figures_reconcile()
        for figure in record.figures:
            _figure_ensure(context, figure)
        for flag in record.flags:
            _flag_ensure(context, flag)
    return outcome


def _resolve(
    record: EditorialRecord, *, editor: Actor, reviewer: Actor, outcome: DemoRecordOutcome
) -> _Context:
    """Find every article, entity, metric and quote the file names, before any write."""
    articles = {key: _article_find(key, ref) for key, ref in record.articles.items()}
    specs = (*(w.published_as for w in record.withdrawals), *record.claims)
    slugs = {spec.subject for spec in specs}
    slugs |= {spec.counterparty for spec in specs if spec.counterparty is not None}
    slugs |= {f.subject for f in record.figures} | {f.subject for f in record.flags}
    metric_slugs = {spec.metric for spec in specs} | {f.metric for f in record.figures}
    metric_slugs |= {f.metric for f in record.flags if f.metric is not None}
    entities = {e.slug: e for e in Entity.objects.filter(slug__in=slugs)}
    metrics = {m.slug: m for m in Metric.objects.filter(slug__in=metric_slugs)}
    spans: dict[str, tuple[int, int]] = {}
    for spec in specs:
        for slug in (spec.subject, spec.counterparty):
            if slug is not None and slug not in entities:
                raise DemoRecordError(f"{spec.label}: no entity with the slug {slug!r}.")
        if spec.metric not in metrics:
            raise DemoRecordError(f"{spec.label}: no metric with the slug {spec.metric!r}.")
        spans[spec.id] = _span(spec, articles[spec.article])
    entries: tuple[FigureSpec | FlagSpec, ...] = (*record.figures, *record.flags)
    for entry in entries:
        if entry.subject not in entities:
            raise DemoRecordError(f"{entry.label}: no entity with the slug {entry.subject!r}.")
        if entry.metric is not None and entry.metric not in metrics:
            raise DemoRecordError(f"{entry.label}: no metric with the slug {entry.metric!r}.")
    return _Context(
        editor=editor,
        reviewer=reviewer,
        articles=articles,
        entities=entities,
        metrics=metrics,
        spans=spans,
        outcome=outcome,
    )


def _article_find(key: str, ref: Mapping[str, str]) -> Article:
    """The corpus article ``ref`` names: by canonical URL, or by title when it has none."""
    if "url" in ref:
        found = list(Article.objects.filter(url=ref["url"]))
        named = f"with the URL {ref['url']}"
    else:
        found = list(Article.objects.filter(title=ref["title"]))
        named = f"titled {ref['title']!r}"
        if len(found) > 1:
            # A user may have uploaded another article with the same title: the corpus's
            # own is the one the sample import brought in.
            found = [
                a for a in found if a.import_run and a.import_run.origin == ImportOrigin.SAMPLE
            ]
    if not found:
        raise DemoRecordError(
            f"The sample corpus article {key} ({named}) is not in the database; "
            "run load_sample_corpus first."
        )
    if len(found) > 1:
        raise DemoRecordError(f"More than one article {named} could be {key}.")
    return found[0]


def _span(spec: ClaimSpec, article: Article) -> tuple[int, int]:
    """Where the quote stands in the article's cleaned body (its ``occurrence``-th time)."""
    starts = []
    at = article.body.find(spec.quote)
    while at != -1:
        starts.append(at)
        at = article.body.find(spec.quote, at + 1)
    if not starts:
        raise DemoRecordError(
            f"{spec.label}: the quote {spec.quote!r} is not in the body of {spec.article}."
        )
    if spec.occurrence is None and len(starts) > 1:
        raise DemoRecordError(
            f"{spec.label}: the quote {spec.quote!r} occurs {len(starts)} times in "
            f"{spec.article}; say which with occurrence (counted from 0)."
        )
    index = spec.occurrence or 0
    if index >= len(starts):
        raise DemoRecordError(
            f"{spec.label}: the quote {spec.quote!r} occurs only {len(starts)} time(s) in "
            f"{spec.article}."
        )
    return starts[index], starts[index] + len(spec.quote)


def _source_ensure(context: _Context, spec: SourceSpec) -> Source:
    """The source the desk cites: found by title and URL, created (or brought up to date)."""
    source = Source.objects.filter(title=spec.title, url=spec.url).order_by("pk").first()
    if source is None:
        context.outcome.sources_created += 1
        return source_create(actor=context.editor, **spec.fields())
    changes = {
        name: value for name, value in spec.fields().items() if getattr(source, name) != value
    }
    if not changes:
        return source
    context.outcome.sources_updated += 1
    return source_update(actor=context.editor, source=source, changes=changes)


def _claims_at(article: Article, start: int, end: int) -> list[Claim]:
    """Claims on exactly this passage, the extractor's suggestion first."""
    claims = Claim.objects.filter(article=article, start=start, end=end)
    return sorted(claims, key=lambda c: (c.origin != ClaimOrigin.EXTRACTED, c.pk))


def _claim_find_or_create(context: _Context, spec: ClaimSpec) -> Claim:
    """The claim an editor works on for ``spec``: the suggestion on its words, or a new one.

    A withdrawn claim is never picked up again: its correction points at what was published.
    A suggestion on overlapping words (the extractor took a word more or less) is moved onto
    the desk's words rather than left beside a duplicate.
    """
    article = context.articles[spec.article]
    start, end = context.spans[spec.id]
    for claim in _claims_at(article, start, end):
        if claim.status != S.WITHDRAWN:
            return claim
    overlapping = (
        Claim.objects.filter(
            article=article,
            start__lt=end,
            end__gt=start,
            origin=ClaimOrigin.EXTRACTED,
            status=S.SUGGESTED,
        )
        .order_by("pk")
        .first()
    )
    if overlapping is not None:
        context.outcome.claims_edited += 1
        return claim_update(
            actor=context.editor,
            claim=overlapping,
            changes={"start": start, "end": end},
            expected_version=overlapping.version,
            reason="desk record: anchored on the figure's words",
        )
    context.outcome.claims_created += 1
    return claim_create(
        actor=context.editor,
        article=article,
        start=start,
        end=end,
        origin=ClaimOrigin.MANUAL,
        status=S.DRAFT,
        **_desired_fields(context, spec),
    )


def _desired_fields(context: _Context, spec: ClaimSpec) -> dict[str, Any]:
    return {
        "subject": context.entities[spec.subject],
        "counterparty": context.entities[spec.counterparty] if spec.counterparty else None,
        "metric": context.metrics[spec.metric],
        "value": spec.value,
        "low": spec.low,
        "high": spec.high,
        "qualifier": spec.qualifier,
        "currency": spec.currency,
        # Money is counted in its currency; a unit is for counts, which the record has none of.
        "unit": "",
        "period_start": spec.period_start,
        "period_end": spec.period_end,
        "attribution": spec.attribution,
        "note": spec.note,
        "kind": spec.kind,
        "item": spec.item,
    }


def _differs(claim: Claim, name: str, value: Any) -> bool:
    if name in {"subject", "counterparty", "metric"}:
        return getattr(claim, f"{name}_id") != (value.pk if value is not None else None)
    return getattr(claim, name) != value


def _claim_ensure(context: _Context, spec: ClaimSpec) -> Claim:
    """Fix the claim's reading, attach its sources, then bring it to its decided status."""
    outcome = context.outcome
    before = _counts(outcome)
    claim = _claim_find_or_create(context, spec)
    changes = {
        name: value
        for name, value in _desired_fields(context, spec).items()
        if _differs(claim, name, value)
    }
    if changes:
        # An edit to a reviewed claim sends it back to review; the walk below brings it on.
        claim = claim_update(
            actor=context.editor,
            claim=claim,
            changes=changes,
            expected_version=claim.version,
            reason=f"desk record: set {', '.join(changes)}",
        )
        outcome.claims_edited += 1
    for link in spec.links:
        _link_ensure(context, claim, link)
    claim = _status_walk(context, claim, spec)
    if _counts(outcome) == before:
        outcome.already_held += 1
    return claim


def _counts(outcome: DemoRecordOutcome) -> tuple[int, ...]:
    return (
        outcome.claims_created,
        outcome.claims_edited,
        outcome.status_changes,
        outcome.sources_attached,
    )


def _link_ensure(context: _Context, claim: Claim, spec: LinkSpec) -> None:
    source = context.sources[spec.source]
    link = ClaimSource.objects.filter(claim=claim, source=source).first()
    if link is not None and (link.stance, link.value, link.currency, link.note) == (
        spec.stance,
        spec.value,
        spec.currency,
        spec.note,
    ):
        return
    claim_source_attach(
        actor=context.editor,
        claim=claim,
        source=source,
        stance=spec.stance,
        value=spec.value,
        currency=spec.currency,
        note=spec.note,
    )
    context.outcome.sources_attached += 1


def _status_walk(context: _Context, claim: Claim, spec: ClaimSpec) -> Claim:
    """Move the claim step by step, as the workflow allows, to the status the desk decided.

    The editor accepts a suggestion and sends it to review; the reviewer gives the verdict.
    Leaving a reviewed status is a reviewer's call too.
    """
    target = spec.status
    step: str
    while claim.status != target:
        current = claim.status
        if current == S.WITHDRAWN:
            raise DemoRecordError(f"{spec.label}: the claim on these words was withdrawn.")
        if current in (S.SUGGESTED, S.REJECTED):
            step, actor = S.DRAFT, context.editor
        elif current == S.DRAFT:
            step, actor = S.NEEDS_REVIEW, context.editor
        elif current == S.NEEDS_REVIEW:
            step = target
            actor = context.reviewer if target in REVIEWED else context.editor
        else:  # a reviewed status
            step = target if target in REVIEWED else S.NEEDS_REVIEW
            actor = context.reviewer
        claim = claim_transition(
            actor=actor,
            claim=claim,
            to_status=step,
            expected_version=claim.version,
            note=_verdict_note(context, spec, step),
        )
        context.outcome.status_changes += 1
    return claim


def _verdict_note(context: _Context, spec: ClaimSpec, step: str) -> str:
    """What the history says of a verdict: what it was checked against, or why not settled."""
    if step == S.VERIFIED:
        checked = [
            context.sources[link.source] for link in spec.links if link.stance == Stance.SUPPORTS
        ]
        names = ", ".join(f"{s.title} ({s.publisher})" if s.publisher else s.title for s in checked)
        return f"verified against {names}" if names else ""
    return spec.note if step in REVIEWED else ""


def _withdrawal_ensure(context: _Context, spec: WithdrawalSpec) -> None:
    """Publish the first, wrong reading as it was published, then withdraw it."""
    published = spec.published_as
    article = context.articles[published.article]
    start, end = context.spans[published.id]
    for claim in _claims_at(article, start, end):
        if claim.status == S.WITHDRAWN and claim.withdrawal_reason == spec.reason:
            context.outcome.already_held += 1
            return
    claim = _claim_ensure(context, published)
    claim_withdraw(
        actor=context.reviewer,
        claim=claim,
        reason=spec.reason,
        note=spec.note,
        expected_version=claim.version,
    )
    context.outcome.claims_withdrawn += 1


def _figure_ensure(context: _Context, spec: FigureSpec) -> None:
    """Settle a figure on its preferred claim, only where every claim under it is verified
    and no open dispute touches them: settling publishes the value as the desk's."""
    figure = Figure.objects.filter(
        subject=context.entities[spec.subject],
        metric=context.metrics[spec.metric],
        period_start=spec.period_start,
        period_end=spec.period_end,
        unit=spec.unit,
        kind=spec.kind,
    ).first()
    named = f"{spec.subject} · {spec.metric} · {spec.period_start}–{spec.period_end}"
    if figure is None:
        raise DemoRecordError(f"{spec.label}: there is no figure {named}; check its claims.")
    preferred = context.claims[spec.preferred]
    if figure.status == FigureStatus.RECONCILED:
        if (figure.preferred_claim_id, figure.rationale) == (preferred.pk, spec.rationale):
            context.outcome.already_held += 1
            return
        if figure.settled_by_id != getattr(context.reviewer, "pk", None):
            # Another reviewer's settlement is their decision, not the demo's to redo.
            context.outcome.skipped.append(f"{spec.label} {named}: settled by another reviewer")
            return
    active = list(Claim.objects.filter(figure=figure).exclude(status__in=INACTIVE_STATUSES))
    if preferred.pk not in {c.pk for c in active}:
        raise DemoRecordError(f"{spec.label}: {spec.preferred} is not under the figure {named}.")
    unreviewed = sorted(c.pk for c in active if c.status != S.VERIFIED)
    if unreviewed:
        context.outcome.skipped.append(
            f"{spec.label} {named}: not settled, claim(s) {unreviewed} are not verified"
        )
        return
    flags = ConflictFlag.objects.open()
    if flags.filter(claims__in=active).exists() or flags.filter(figure=figure).exists():
        context.outcome.skipped.append(f"{spec.label} {named}: not settled, a flag is open on it")
        return
    figure_settle(
        actor=context.reviewer, figure=figure, preferred_claim=preferred, rationale=spec.rationale
    )
    context.outcome.figures_settled += 1


def _flag_ensure(context: _Context, spec: FlagSpec) -> None:
    """Acknowledge the flag the reconciler raised on this value: seen, and left open."""
    flags = ConflictFlag.objects.filter(
        kind=spec.kind, subject=context.entities[spec.subject]
    ).prefetch_related("claims")
    if spec.metric is not None:
        flags = flags.filter(metric=context.metrics[spec.metric])
    same = Decimal(str(settings.FACTCHECK_SAME_VALUE_TOLERANCE))
    matching = [
        flag
        for flag in flags.order_by("pk")
        if any(
            claim.currency == spec.currency
            and claim.value is not None
            and abs(claim.value - spec.value) <= spec.value * same
            for claim in flag.claims.all()
        )
    ]
    if any(flag.state == FlagState.ACKNOWLEDGED for flag in matching):
        context.outcome.already_held += 1
        return
    open_flags = [flag for flag in matching if flag.state == FlagState.OPEN]
    for flag in open_flags:
        flag_acknowledge(actor=context.reviewer, flag=flag)
        context.outcome.flags_acknowledged += 1
    if open_flags:
        return
    if any(flag.state in CLOSED_FLAG_STATES for flag in matching):
        context.outcome.skipped.append(f"{spec.label}: the {spec.kind} flag was closed already")
        return
    raise DemoRecordError(
        f"{spec.label}: no {spec.kind} flag on {spec.subject} at {spec.value} {spec.currency} "
        "was raised; check the claims the record decides."
    )
