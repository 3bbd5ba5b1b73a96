"""Enqueueing a Celery task by its name, so services never import ``articles.tasks``.

Tasks call services; if services imported the tasks module back, each would need the
other loaded first. A name is all a service needs. ``send_task`` would do for a broker,
but it bypasses eager mode (the embedded default without a broker, and the tests), so
the registered task is looked up by name and enqueued with ``apply_async``, which honours it.
"""

from __future__ import annotations

from typing import Any

from celery import Task, current_app

# Every task a service enqueues, by the name it is registered under (``articles.tasks``).
IMPORT_CHUNK = "articles.import_chunk"
EXTRACT_ARTICLES = "articles.extract_articles"
RECONCILE_KEYS = "articles.reconcile_keys"
WEBHOOKS_DISPATCH = "articles.webhooks_dispatch"
WEBHOOK_DELIVER = "articles.webhook_deliver"


def registered_task(name: str) -> Task:
    """The task registered as ``name``.

    Celery discovers the apps' task modules only when a worker starts; a web process that
    has not imported them itself has none registered, so discovery is run here first.
    """
    if name not in current_app.tasks:
        current_app.loader.import_default_modules()
    return current_app.tasks[name]


def task_enqueue(name: str, *args: Any, **options: Any) -> None:
    """Enqueue the task registered as ``name`` with ``args`` (``options`` as apply_async's)."""
    registered_task(name).apply_async(args=args, **options)
