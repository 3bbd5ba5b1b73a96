"""Enqueueing a Celery task by its name, so services never import ``articles.tasks``.

Tasks call services; if services imported the tasks module back, each would need the
other loaded first. A name is all a service needs. ``send_task`` would do for a broker,
but it bypasses eager mode (the embedded default without a broker, and the tests), so
the registered task is looked up by name and enqueued with ``apply_async``, which honours it.
"""

from __future__ import annotations

from typing import Any

from celery import current_app


def task_enqueue(name: str, *args: Any, **options: Any) -> None:
    """Enqueue the task registered as ``name`` with ``args`` (``options`` as apply_async's)."""
    current_app.tasks[name].apply_async(args=args, **options)
