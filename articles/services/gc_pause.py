"""Pausing Python's cyclic garbage collector while a batch builds many short-lived objects.

A full reconcile builds hundreds of thousands of objects (facts, findings, flag rows) that
form no reference cycles: reference counting frees them when the run ends. The cyclic
collector, triggered by the number of allocations, would meanwhile walk every live object
again and again, and on 100,000 claims that cost about a third of the run. Within
``collector_paused()`` it does not run; it resumes after the last paused batch of the
process ends (batches may overlap in threads), exactly as it was before the first.

The standard library's ``gc.disable``/``gc.enable`` are process-wide switches with no
nesting, which is all this adds.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_paused = 0
_was_enabled = False


@contextmanager
def collector_paused() -> Iterator[None]:
    """Run the block without cyclic garbage collection (reference counting still frees)."""
    global _paused, _was_enabled  # one switch for the whole process
    with _lock:
        if _paused == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _paused += 1
    try:
        yield
    finally:
        with _lock:
            _paused -= 1
            if _paused == 0 and _was_enabled:
                gc.enable()
