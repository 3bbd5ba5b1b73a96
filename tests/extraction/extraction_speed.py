"""How fast the extractor reads two sets of sentences, compared on the same footing.

Measured in this process's CPU time, in alternating rounds, keeping each set's best: other
work on the machine (a second test run, a database) then slows neither set more than the
other, so the ratio of the two rates holds on a loaded machine too.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

from articles.extraction.evaluation import benchmark_sentences


def _rate(sentences: Sequence[str], repeat: int) -> float:
    started = time.process_time()
    for _ in range(repeat):
        benchmark_sentences(sentences, 1)
    elapsed = time.process_time() - started
    return len(sentences) * repeat / elapsed if elapsed > 0 else float("inf")


def best_rates(
    first: Sequence[str], second: Sequence[str], *, repeats: tuple[int, int], rounds: int = 3
) -> tuple[float, float, float]:
    """Sentences per CPU second for each set (the best of ``rounds``), and CPU seconds spent."""
    benchmark_sentences([*first, *second], 1)  # compile and warm the caches
    started = time.process_time()
    first_rate = second_rate = 0.0
    for _ in range(rounds):
        first_rate = max(first_rate, _rate(first, repeats[0]))
        second_rate = max(second_rate, _rate(second, repeats[1]))
    return first_rate, second_rate, time.process_time() - started
