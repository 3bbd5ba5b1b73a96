"""Celery tasks: each takes ids, re-fetches, calls one service, and is safe to run twice.

Services enqueue them by name (``services.task_dispatch``) and never import this module, so
it imports the services it calls like any other module.
"""

from __future__ import annotations

from typing import Any

from celery import Task, shared_task

from .models import Article, Claim, ConflictFlag
from .services.actors import EXTRACTOR
from .services.articles_import import import_chunk_process
from .services.claims_extract import claims_extract
from .services.figures_reconcile import ClaimKey, figures_reconcile
from .services.task_dispatch import (
    EXTRACT_ARTICLES,
    IMPORT_CHUNK,
    RECONCILE_KEYS,
    WEBHOOK_DELIVER,
    WEBHOOKS_DISPATCH,
)
from .services.webhook_delivery import retry_delay, webhook_deliveries_enqueue
from .services.webhook_delivery import webhook_deliver as deliver


@shared_task(name="articles.worker_health")
def worker_health() -> dict[str, int]:
    """Answer from the worker's side: proves broker, worker and database are wired together."""
    return {
        "articles": Article.objects.count(),
        "claims": Claim.objects.count(),
        "open_flags": ConflictFlag.objects.open().count(),
    }


@shared_task(name=IMPORT_CHUNK, acks_late=True, max_retries=3)
def import_chunk(run_id: int, chunk: int) -> dict[str, int] | None:
    """Import one staged chunk of a run; safe to run twice (only pending items are read)."""
    run = import_chunk_process(run_id=run_id, chunk=chunk)
    if run is None:
        return None
    return {"run": run.pk, "seen": run.seen, "created": run.created, "failed": run.failed}


@shared_task(name=RECONCILE_KEYS, acks_late=True)
def reconcile_keys(keys: list[list]) -> dict[str, int]:
    """Re-check what claims with these keys touch (idempotent)."""
    return figures_reconcile(keys=[ClaimKey(*key) for key in keys]).as_dict()


@shared_task(name="articles.reconcile_all", acks_late=True)
def reconcile_all() -> dict[str, int]:
    return figures_reconcile().as_dict()


@shared_task(name=WEBHOOKS_DISPATCH, acks_late=True)
def webhooks_dispatch(event_ids: list[int]) -> int:
    """Enqueue a delivery for each of these events and each subscription wanting it."""
    return webhook_deliveries_enqueue(event_ids=event_ids)


@shared_task(name=WEBHOOK_DELIVER, bind=True, acks_late=True)
def webhook_deliver(self: Task, subscription_id: int, event_id: int) -> dict[str, object] | None:
    """One attempt; a failed one is retried with exponential backoff (Celery's ``retry``),
    up to ``FACTCHECK_WEBHOOK_ATTEMPTS`` attempts in all."""
    attempt = self.request.retries + 1
    outcome = deliver(subscription_id=subscription_id, event_id=event_id, attempt=attempt)
    if outcome is None:
        return None
    if outcome.retry:
        if self.request.is_eager:
            # In-process (no broker), Celery re-raises a retry to the caller rather than run
            # it (eager exceptions propagate here): the next attempt runs now, in its place.
            return self.apply(args=(subscription_id, event_id), retries=attempt).result
        raise self.retry(countdown=retry_delay(attempt), max_retries=attempt)
    return outcome.as_dict()


@shared_task(name=EXTRACT_ARTICLES, acks_late=True)
def extract_articles(article_ids: list[int]) -> dict[str, Any]:
    """Suggest claims for these articles; articles gone meanwhile are skipped quietly."""
    return claims_extract(actor=EXTRACTOR, article_ids=article_ids).as_dict()
