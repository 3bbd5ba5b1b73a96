"""The cyclic collector pauses for a batch and comes back as it was, however batches nest."""

from __future__ import annotations

import gc
import threading

from articles.services.gc_pause import collector_paused


def test_the_collector_is_off_inside_and_back_after():
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer batch is still running
    assert gc.isenabled()


def test_a_collector_someone_turned_off_stays_off():
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_batches_overlapping_in_threads_leave_it_on_when_the_last_ends():
    inside, release = threading.Event(), threading.Event()

    def batch() -> None:
        with collector_paused():
            inside.set()
            release.wait(5)

    other = threading.Thread(target=batch)
    other.start()
    inside.wait(5)
    with collector_paused():
        pass
    assert not gc.isenabled()  # the thread's batch has not ended
    release.set()
    other.join(5)
    assert gc.isenabled()


def test_an_error_inside_still_turns_it_back_on():
    try:
        with collector_paused():
            raise RuntimeError("boom")
    except RuntimeError:
        pass
    assert gc.isenabled()
