"""Asking for a reconcile after claims change: once the change commits, for their keys only.

Called by every service that changes claims, with the keys a claim left and entered.
Requests made inside one transaction are merged, so a bulk action asks once. In the
embedded default (no broker) the task runs in-process right after the commit; with a broker
a worker picks it up. Keys left over from a rolled-back transaction are simply re-checked
with the next request: reconciling is idempotent, so that costs a little time and nothing
else.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable

from django.db import transaction

from .figures_reconcile import ClaimKey
from .task_dispatch import RECONCILE_KEYS, task_enqueue

_pending = threading.local()


def reconcile_after_commit(keys: Iterable[ClaimKey]) -> None:
    relevant = {key for key in keys if key.relevant}
    if not relevant:
        return
    _pending.keys = getattr(_pending, "keys", set()) | relevant
    transaction.on_commit(_flush)


def _flush() -> None:
    keys: set[ClaimKey] = getattr(_pending, "keys", set())
    _pending.keys = set()
    if keys:
        task_enqueue(RECONCILE_KEYS, sorted((key.as_list() for key in keys), key=str))
