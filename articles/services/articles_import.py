"""Importing articles: one service behind the command, the admin upload, the API and tasks.

Items are read by the pure readers in ``articles.importing`` and written in chunks: a chunk's
new articles go in with one bulk insert (and their history rows with another); if that
fails, its articles are written one by one, each in its own savepoint, so one bad article
never costs the others. Every outcome of every item is counted on the ImportRun in the same
transaction that writes the articles, so counters are exact even when a worker dies.

Small batches run inline. Large ones are staged in the database (so workers need no shared
filesystem) and imported by Celery tasks, one chunk each; a chunk only touches items still
pending, so running one twice or resuming a run after a crash imports nothing twice.

Each article's language is the source's word for it, else detected from the text by the
reader (``articles.importing.language``). Articles stored before detection existed get it
from ``articles_language_detect`` (the ``detect_languages`` command), in batches.
"""

from __future__ import annotations

import datetime
import logging
import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from itertools import islice
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, connection, transaction
from django.db.models import F, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce, Substr
from django.utils import timezone
from django.utils.text import slugify
from simple_history.utils import bulk_create_with_history

from articles.errors import ImportRefused, QueueUnavailable
from articles.importing import (
    FORMATS,
    ArticleDraft,
    ReadError,
    SourceItem,
    iter_source_items,
    read_item,
)
from articles.importing.language import SAMPLE_CHARS, detect_language
from articles.models import (
    Article,
    Claim,
    DatePrecision,
    ImportIssue,
    ImportOrigin,
    ImportRun,
    ImportStatus,
    IssueSeverity,
    Publication,
    StagedItem,
    StagedItemState,
)

from .actors import COMMAND, DEMO, Actor, acting_user, history_note, history_reason
from .claims_reanchor import claims_reanchor
from .permissions import require_perm
from .task_dispatch import EXTRACT_ARTICLES, IMPORT_CHUNK, task_enqueue

logger = logging.getLogger(__name__)

# A chunk is bounded by bytes as well as items, so memory stays flat whatever the item sizes.
CHUNK_MAX_BYTES = 16 * 1024 * 1024
_url_validator = URLValidator(schemes=["http", "https"])

ProgressCallback = Callable[[ImportRun], None]


@dataclass(frozen=True)
class ImportOptions:
    """What the person importing said about the whole batch."""

    publication: str = ""
    format: str = "auto"
    published: datetime.date | None = None
    max_bytes: int | None = None
    # Suggest claims for new and changed articles once they commit (flow 2).
    extract: bool = True

    def as_json(self) -> dict[str, str | int | bool | None]:
        return {
            "publication": self.publication,
            "format": self.format,
            "published": self.published.isoformat() if self.published else None,
            "max_bytes": self.max_bytes,
            "extract": self.extract,
        }

    @classmethod
    def from_input(cls, data: Mapping[str, Any]) -> ImportOptions:
        """The options a person gave in the admin's upload form or an API request (already
        validated: ``published`` a date or None); what they left out takes the default."""
        return cls(
            publication=data.get("publication") or "",
            format=data.get("format") or "auto",
            published=data.get("published"),
            extract=data.get("extract", True),
        )

    @classmethod
    def from_json(cls, data: dict) -> ImportOptions:
        published = data.get("published")
        return cls(
            publication=data.get("publication") or "",
            format=data.get("format") or "auto",
            published=datetime.date.fromisoformat(published) if published else None,
            max_bytes=data.get("max_bytes"),
            extract=data.get("extract", True),
        )

    @property
    def item_limit(self) -> int:
        return self.max_bytes or settings.FACTCHECK_MAX_ITEM_BYTES


@dataclass
class ChunkCounts:
    seen: int = 0
    created: int = 0
    updated: int = 0
    duplicate: int = 0
    failed: int = 0
    changed_ids: list[int] = field(default_factory=list)


def import_run_create(
    *,
    actor: Actor,
    origin: str,
    options: ImportOptions,
    label: str = "",
) -> ImportRun:
    """Open a run; refused for users without the import permission or an unknown format."""
    require_perm(actor, "articles.import_articles", "import articles")
    if options.format != "auto" and options.format not in FORMATS:
        raise ImportRefused(
            f"Unknown format {options.format!r}: use auto or one of {', '.join(FORMATS)}."
        )
    return ImportRun.objects.create(
        origin=origin,
        label=label[:500],
        options=options.as_json(),
        started_by=acting_user(actor),
    )


def articles_import(
    *,
    actor: Actor,
    sources: Iterable[SourceItem | ReadError],
    origin: str = ImportOrigin.FILE,
    options: ImportOptions | None = None,
    label: str = "",
    asynchronous: bool | None = False,
    progress: ProgressCallback | None = None,
) -> ImportRun:
    """Import every item of ``sources``; returns the run (finished unless ``asynchronous``).

    ``asynchronous=None`` lets the site decide, as the admin and the API do: on the workers
    when a broker is configured (the person follows the run), in this process otherwise.
    """
    options = options or ImportOptions()
    if asynchronous is None:
        asynchronous = not settings.CELERY_TASK_ALWAYS_EAGER
    if asynchronous:
        # Refuse before writing anything: a run staged for workers nobody can reach would
        # only sit there.
        broker_check()
    run = import_run_create(actor=actor, origin=origin, options=options, label=label)
    if asynchronous:
        import_run_stage(run=run, sources=sources)
        return run
    _mark_running(run)
    for results in _chunks(_read_all(sources, options), settings.FACTCHECK_IMPORT_CHUNK_SIZE):
        _write_chunk(run, results, options, actor)
        if progress is not None:
            run.refresh_from_db()
            progress(run)
    return _finish(run)


def broker_check(timeout: float = 2.0) -> None:
    """Raise ``QueueUnavailable`` unless the Celery broker answers within ``timeout``."""
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return
    from factcheck.celery import app

    try:
        with app.connection_for_write() as connection:
            connection.ensure_connection(max_retries=1, timeout=timeout)
    except Exception as exc:  # any transport failure means "not reachable"
        raise QueueUnavailable(
            "The task queue is not reachable, so the import was not started and nothing was "
            "written. Try again shortly."
        ) from exc


def articles_import_paths(
    *,
    actor: Actor,
    paths: Iterable[str | os.PathLike[str]],
    options: ImportOptions | None = None,
    **kwargs: Any,
) -> ImportRun:
    """Import files, folders and zip archives on this machine."""
    options = options or ImportOptions()
    paths = list(paths)
    label = kwargs.pop("label", "") or ", ".join(str(p) for p in paths)
    sources = iter_source_items(paths, max_bytes=options.item_limit)
    return articles_import(actor=actor, sources=sources, options=options, label=label, **kwargs)


@dataclass
class LanguageDetection:
    """What ``articles_language_detect`` did: articles read, changed, and left unknown."""

    checked: int = 0
    changed: int = 0
    unknown: int = 0
    languages: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, int | dict[str, int]]:
        return {
            "checked": self.checked,
            "changed": self.changed,
            "unknown": self.unknown,
            "languages": dict(sorted(self.languages.items())),
        }


def articles_language_detect(
    *, actor: Actor, redetect: bool = False, batch_size: int = 500
) -> LanguageDetection:
    """Detect the language of stored articles whose language is blank (of all of them with
    ``redetect``, replacing what a source stated unless the detector is unsure), as the
    importer does for new ones.

    Reads only the sample the detector looks at, and writes each batch with one bulk update
    that also moves ``updated_at``, so API clients that sync by it see the change. No
    history row is written: the language follows from the body the history already holds,
    and a row per article would copy every body once more for a two-letter code.
    Running it twice changes nothing more.
    """
    require_perm(actor, "articles.change_article", "change articles")
    articles = Article.objects.order_by("pk")
    if not redetect:
        articles = articles.filter(language="")
    samples = articles.annotate(sample=Substr("body", 1, SAMPLE_CHARS))
    outcome = LanguageDetection()
    last_pk = 0
    while batch := list(
        samples.filter(pk__gt=last_pk).values_list("pk", "language", "sample")[:batch_size]
    ):
        last_pk = batch[-1][0]
        now = timezone.now()
        changed = []
        for pk, stored, sample in batch:
            language = detect_language(sample)
            outcome.checked += 1
            if not language:  # unsure: keep what is stored (a source's word, or blank)
                outcome.unknown += 1
                continue
            outcome.languages[language] = outcome.languages.get(language, 0) + 1
            if language != stored:
                changed.append(Article(pk=pk, language=language, updated_at=now))
        with transaction.atomic():
            Article.objects.bulk_update(changed, ["language", "updated_at"])
            claims_follow_language([article.pk for article in changed])
        outcome.changed += len(changed)
    return outcome


def claims_follow_language(article_ids: Sequence[int]) -> None:
    """Claims take their article's language again (search indexes a quote in it).

    Not an edit of the claims, so no history row and no new version: the language is the
    article's, whose history already holds it.
    """
    if article_ids:
        language = Article.objects.filter(pk=OuterRef("article_id")).values("language")[:1]
        Claim.objects.filter(article_id__in=article_ids).update(language=Subquery(language))


# --- Staged (Celery) path -------------------------------------------------------------------


def import_run_stage(*, run: ImportRun, sources: Iterable[SourceItem | ReadError]) -> ImportRun:
    """Store the run's items for the workers, then enqueue one task per chunk on commit."""
    chunk, chunk_items, chunk_bytes = 0, 0, 0
    position = 0
    unreadable: list[ReadError] = []
    batch: list[StagedItem] = []
    with transaction.atomic():
        for source in sources:
            if isinstance(source, ReadError):
                unreadable.append(source)
                continue
            if chunk_items >= settings.FACTCHECK_IMPORT_CHUNK_SIZE or (
                chunk_items and chunk_bytes + len(source.data) > CHUNK_MAX_BYTES
            ):
                chunk, chunk_items, chunk_bytes = chunk + 1, 0, 0
            batch.append(
                StagedItem(
                    run=run,
                    position=position,
                    chunk=chunk,
                    name=source.name[:1000],
                    format_hint=source.format_hint or "",
                    data=source.data,
                )
            )
            position += 1
            chunk_items += 1
            chunk_bytes += len(source.data)
            if len(batch) >= 100 or sum(len(s.data) for s in batch) > CHUNK_MAX_BYTES:
                StagedItem.objects.bulk_create(batch)
                batch = []
        StagedItem.objects.bulk_create(batch)
        if unreadable:
            _record_read_errors(run, unreadable)
        chunks = chunk + 1 if position else 0
        ImportRun.objects.filter(pk=run.pk).update(expected=position + len(unreadable))
        if not chunks:
            _finish(run)
        if chunks:
            transaction.on_commit(lambda: _enqueue_chunks(run.pk, range(chunks)))
    run.refresh_from_db()
    return run


def _enqueue_chunks(run_id: int, chunks: Iterable[int]) -> None:
    """Hand the chunks to the workers; if the queue fails now, the staged items wait."""
    try:
        for number in chunks:
            task_enqueue(IMPORT_CHUNK, run_id, number)
    except Exception:  # the broker failing is the only thing that can go wrong here
        logger.exception("could not enqueue import run %s", run_id)
        ImportRun.objects.filter(pk=run_id).update(
            message="The task queue failed while this run was being handed to the workers. "
            f"Its items are kept: run `python manage.py import_resume {run_id}` once the "
            "queue is back."
        )


def import_chunk_process(*, run_id: int, chunk: int) -> ImportRun | None:
    """Import the still-pending staged items of one chunk; a no-op when already done."""
    run = ImportRun.objects.filter(pk=run_id).first()
    if run is None:
        return None
    _mark_running(run)
    options = ImportOptions.from_json(run.options)
    with transaction.atomic():
        pending = StagedItem.objects.filter(run=run, chunk=chunk, state=StagedItemState.PENDING)
        if connection.features.has_select_for_update_skip_locked:
            pending = pending.select_for_update(skip_locked=True)
        items = list(pending.order_by("position"))
        results: list[ArticleDraft | ReadError] = []
        for staged in items:
            source = SourceItem(
                name=staged.name, data=bytes(staged.data), format_hint=staged.format_hint or None
            )
            results.extend(read_item(source, format=options.format, max_bytes=options.item_limit))
        if items:
            _write_chunk(run, results, options, import_run_actor(run))
            StagedItem.objects.filter(pk__in=[s.pk for s in items]).update(
                state=StagedItemState.DONE, data=b""
            )
        # The counter update above holds the run's row lock, so this sees every other
        # chunk that committed before us: exactly one chunk finishes the run.
        if not StagedItem.objects.filter(run=run, state=StagedItemState.PENDING).exists():
            _finish(run)
    run.refresh_from_db()
    return run


def import_run_actor(run: ImportRun) -> Actor:
    """Who a run's later chunks act as: the person who started it, or the system actor that did.

    Workers take only the run's id, so the system actor is read back from the run's origin:
    the bundled sample is loaded by the demo, anything else without a person by a command.
    """
    if run.started_by is not None:
        return run.started_by
    return DEMO if run.origin == ImportOrigin.SAMPLE else COMMAND


def import_run_resume(*, run: ImportRun) -> list[int]:
    """Re-enqueue the chunks of a run that still have pending items (after a worker died)."""
    chunks = sorted(
        set(
            StagedItem.objects.filter(run=run, state=StagedItemState.PENDING).values_list(
                "chunk", flat=True
            )
        )
    )
    for number in chunks:
        task_enqueue(IMPORT_CHUNK, run.pk, number)
    return chunks


# --- Writing a chunk ------------------------------------------------------------------------


def _read_all(
    sources: Iterable[SourceItem | ReadError], options: ImportOptions
) -> Iterator[ArticleDraft | ReadError]:
    for source in sources:
        if isinstance(source, ReadError):
            yield source
        else:
            yield from read_item(source, format=options.format, max_bytes=options.item_limit)


def _chunks(results: Iterable, size: int) -> Iterator[list]:
    iterator = iter(results)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _apply_options(draft: ArticleDraft, options: ImportOptions) -> tuple[ArticleDraft, list[str]]:
    """The batch's overrides, and fields the database cannot hold trimmed with a warning."""
    warnings = list(draft.warnings)
    changes: dict[str, Any] = {}
    if options.published is not None:
        changes.update(published_on=options.published, published_precision=DatePrecision.DAY)
    if options.publication:
        changes["publication"] = options.publication
    if draft.url:
        try:
            _url_validator(draft.url)
        except ValidationError:
            warnings.append(f"ignored the URL {draft.url[:100]!r}: not an http(s) address")
            changes["url"] = ""
        else:
            if len(draft.url) > 2000:
                warnings.append("ignored the URL: longer than 2000 characters")
                changes["url"] = ""
    if len(draft.title) > 500:
        changes["title"] = draft.title[:499] + "…"
        warnings.append("title shortened to 500 characters")
    if len(draft.byline) > 300:
        changes["byline"] = draft.byline[:299] + "…"
    if len(draft.language) > 16:
        changes["language"] = ""
    return (replace(draft, **changes) if changes else draft), warnings


class _Publications:
    """Publication rows by name, created on first sight, cached for the run."""

    def __init__(self) -> None:
        self._ids: dict[str, int] = {}

    def id_for(self, name: str) -> int | None:
        name = name.strip()[:200]
        if not name:
            return None
        if name not in self._ids:
            publication = Publication.objects.filter(name=name).first()
            if publication is None:
                publication, _ = Publication.objects.get_or_create(
                    name=name, defaults={"slug": _unique_slug(name)}
                )
            self._ids[name] = publication.pk
        return self._ids[name]


def _unique_slug(name: str) -> str:
    base = slugify(name)[:180] or "publication"
    slug, n = base, 1
    while Publication.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def title_from_body(body: str, limit: int = 100) -> str:
    """A stand-in title for an article that has none: its first sentence, shortened."""
    first = body.split("\n\n", 1)[0]
    sentence = re.split(r"(?<=[.!?])\s", first, maxsplit=1)[0].strip()
    if len(sentence) <= limit:
        return sentence
    return sentence[: limit - 1].rsplit(" ", 1)[0] + "…"


def _article_from(draft: ArticleDraft, run: ImportRun, publication_id: int | None) -> Article:
    return Article(
        publication_id=publication_id,
        title=draft.title or title_from_body(draft.body),
        byline=draft.byline,
        published_on=draft.published_on,
        published_precision=(
            draft.published_precision if draft.published_on else DatePrecision.UNKNOWN
        ),
        url=draft.url,
        language=draft.language,
        standfirst=draft.standfirst,
        body=draft.body,
        raw=draft.raw,
        source_format=draft.source_format,
        source_name=draft.name[:1000],
        encoding=draft.encoding[:40],
        content_hash=draft.content_hash,
        captions=list(draft.captions),
        removed=[{"reason": block.reason, "text": block.text} for block in draft.removed],
        import_run=run,
    )


def extract_articles_later(article_ids: list[int]) -> None:
    task_enqueue(EXTRACT_ARTICLES, article_ids)


def _write_chunk(
    run: ImportRun,
    results: list[ArticleDraft | ReadError],
    options: ImportOptions,
    actor: Actor,
) -> ChunkCounts:
    counts = ChunkCounts(seen=len(results))
    issues: list[ImportIssue] = []
    drafts: list[ArticleDraft] = []
    for result in results:
        if isinstance(result, ReadError):
            counts.failed += 1
            issues.append(_issue(run, result.name, result.reason))
            continue
        draft, warnings = _apply_options(result, options)
        issues.extend(_issue(run, draft.name, w, IssueSeverity.WARNING) for w in warnings)
        drafts.append(draft)

    hashes = {d.content_hash for d in drafts}
    urls = {d.url for d in drafts if d.url}
    known_hashes = set(
        Article.objects.filter(content_hash__in=hashes).values_list("content_hash", flat=True)
    )
    known_urls = dict(Article.objects.filter(url__in=urls).values_list("url", "pk"))

    to_create: list[ArticleDraft] = []
    to_update: list[tuple[int | None, ArticleDraft]] = []
    batch_hashes: set[str] = set()
    batch_urls: set[str] = set()
    for draft in drafts:
        if draft.content_hash in known_hashes or draft.content_hash in batch_hashes:
            counts.duplicate += 1
        elif draft.url and draft.url in known_urls:
            to_update.append((known_urls[draft.url], draft))
        elif draft.url and draft.url in batch_urls:
            to_update.append((None, draft))  # same URL earlier in this batch: a newer body
        else:
            to_create.append(draft)
            if draft.url:
                batch_urls.add(draft.url)
        batch_hashes.add(draft.content_hash)

    publications = _Publications()
    with transaction.atomic():
        articles = [_article_from(d, run, publications.id_for(d.publication)) for d in to_create]
        try:
            with transaction.atomic():
                bulk_create_with_history(
                    articles,
                    Article,
                    batch_size=500,
                    default_user=acting_user(actor),
                    default_change_reason=history_reason(actor, f"imported by run {run.pk}"),
                )
            counts.created += len(articles)
            counts.changed_ids.extend(a.pk for a in articles)
        except IntegrityError:
            # Someone imported the same text meanwhile: fall back to one savepoint each.
            for draft, article in zip(to_create, articles, strict=True):
                article.pk = None
                outcome = _create_one(article, draft, actor, f"imported by run {run.pk}")
                if outcome is None:
                    counts.created += 1
                    counts.changed_ids.append(article.pk)
                elif outcome == "duplicate":
                    counts.duplicate += 1
                else:
                    counts.failed += 1
                    issues.append(_issue(run, draft.name, outcome))
        for article_id, draft in to_update:
            outcome, notes, updated_id = _update_one(run, article_id, draft, actor, publications)
            setattr(counts, outcome, getattr(counts, outcome) + 1)
            issues.extend(notes)
            if updated_id:
                counts.changed_ids.append(updated_id)
        ImportIssue.objects.bulk_create(issues)
        ImportRun.objects.filter(pk=run.pk).update(
            seen=F("seen") + counts.seen,
            created=F("created") + counts.created,
            updated=F("updated") + counts.updated,
            duplicate=F("duplicate") + counts.duplicate,
            failed=F("failed") + counts.failed,
        )
        if options.extract and counts.changed_ids:
            ids = list(counts.changed_ids)
            transaction.on_commit(lambda: extract_articles_later(ids))
    return counts


def _create_one(article: Article, draft: ArticleDraft, actor: Actor, reason: str) -> str | None:
    """Write one article in its own savepoint: None, "duplicate", or why it failed."""
    try:
        with transaction.atomic():
            history_note(article, actor=actor, reason=reason)
            article.save()
    except IntegrityError as exc:
        if Article.objects.filter(content_hash=draft.content_hash).exists():
            return "duplicate"
        if draft.url and Article.objects.filter(url=draft.url).exists():
            return "duplicate"
        return f"could not be saved: {str(exc).splitlines()[0][:200]}"
    return None


def _update_one(
    run: ImportRun,
    article_id: int | None,
    draft: ArticleDraft,
    actor: Actor,
    publications: _Publications,
) -> tuple[str, list[ImportIssue], int | None]:
    """A known URL with a new body: update it, keep the old body in history, re-anchor."""
    try:
        with transaction.atomic():
            query = Article.objects.select_for_update()
            article = (
                query.get(pk=article_id) if article_id else query.filter(url=draft.url).first()
            )
            if article is None:
                return (
                    "failed",
                    [_issue(run, draft.name, "the article to update disappeared")],
                    None,
                )
            if article.content_hash == draft.content_hash:
                return "duplicate", [], None
            fresh = _article_from(draft, run, publications.id_for(draft.publication))
            for field_name in (
                "title", "byline", "published_on", "published_precision", "language",
                "standfirst", "body", "raw", "source_format", "source_name", "encoding",
                "content_hash", "captions", "removed", "import_run",
            ):  # fmt: skip
                setattr(article, field_name, getattr(fresh, field_name))
            if fresh.publication_id:
                article.publication_id = fresh.publication_id
            history_note(article, actor=actor, reason=f"re-imported by run {run.pk}: body changed")
            article.save()
            claims_follow_language([article.pk])
            outcome = claims_reanchor(actor=actor, article=article, run=run)
    except IntegrityError:
        return (
            "failed",
            [_issue(run, draft.name, "the new text is already stored under another article")],
            None,
        )
    notes = [
        _issue(
            run,
            draft.name,
            f"claim {claim.pk} ({claim.quote[:60]!r}) is no longer in the article: "
            "kept, orphaned, for a reviewer",
            IssueSeverity.WARNING,
        )
        for claim in outcome.lost
    ]
    notes.extend(
        _issue(
            run,
            draft.name,
            f"claim {claim_id}: the words around it changed; sent back to review",
            IssueSeverity.WARNING,
        )
        for claim_id in outcome.sent_back
    )
    return "updated", notes, article.pk


def _issue(
    run: ImportRun, item: str, message: str, severity: str = IssueSeverity.ERROR
) -> ImportIssue:
    return ImportIssue(run=run, item=item[:1000], message=message, severity=severity)


def _record_read_errors(run: ImportRun, errors: list[ReadError]) -> None:
    ImportIssue.objects.bulk_create(_issue(run, e.name, e.reason) for e in errors)
    ImportRun.objects.filter(pk=run.pk).update(
        seen=F("seen") + len(errors), failed=F("failed") + len(errors)
    )


def _mark_running(run: ImportRun) -> None:
    now = timezone.now()
    if ImportRun.objects.filter(pk=run.pk, status=ImportStatus.PENDING).update(
        status=ImportStatus.RUNNING, started_at=now
    ):
        run.status, run.started_at = ImportStatus.RUNNING, now


def _finish(run: ImportRun) -> ImportRun:
    now = timezone.now()
    ImportRun.objects.filter(pk=run.pk).exclude(status=ImportStatus.FINISHED).update(
        status=ImportStatus.FINISHED,
        finished_at=now,
        started_at=Coalesce(F("started_at"), Value(now)),
    )
    run.refresh_from_db()
    return run
