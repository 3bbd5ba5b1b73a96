"""A seeded synthetic corpus of plain-text articles, for benchmarks and load tests.

``synthetic_items(10_000)`` yields 10,000 distinct ~800-word articles (title, byline, date
line, ten paragraphs with money figures) as ``SourceItem``s, the same ones for the same
seed, generated one at a time so a 50,000-article run does not hold them all. Running
this module times reading them::

    python -m articles.importing.synthetic [COUNT]
"""

from __future__ import annotations

import random
import sys
import time
from collections.abc import Iterator

from articles.importing.draft import SourceItem

_SUBJECTS = ("Azerbaijan", "Armenia", "Russia", "Turkey", "Israel", "India", "France", "Baku")
_VERBS = ("spent", "bought", "ordered", "delivered", "announced", "signed", "budgeted", "reported")
_OBJECTS = (
    "tanks",
    "air defence systems",
    "helicopter gunships",
    "drones",
    "howitzers",
    "radars",
    "armoured vehicles",
    "fighter jets",
)
_TAILS = (
    "according to officials",
    "analysts said",
    "the ministry said in a statement",
    "a research centre found",
    "local media reported",
    "in the latest budget",
)
_MONTHS = ("January", "March", "May", "July", "September", "November")


def _sentence(rng: random.Random) -> str:
    amount = f"${rng.randint(1, 99)}.{rng.randint(0, 9)} {rng.choice(('million', 'billion'))}"
    return (
        f"{rng.choice(_SUBJECTS)} {rng.choice(_VERBS)} {rng.randint(2, 300)} "
        f"{rng.choice(_OBJECTS)} worth {amount} in {rng.randint(2005, 2025)}, "
        f"{rng.choice(_TAILS)}."
    )


def synthetic_article(index: int, *, seed: int = 0, words: int = 800) -> str:
    """Article number ``index`` of the corpus for ``seed``: about ``words`` words."""
    rng = random.Random(seed * 1_000_003 + index)
    paragraphs: list[str] = []
    count = 0
    while count < words:
        paragraph = " ".join(_sentence(rng) for _ in range(rng.randint(3, 6)))
        paragraphs.append(paragraph)
        count += len(paragraph.split())
    day = f"{rng.choice(_MONTHS)} {rng.randint(1, 28)}, {rng.randint(2010, 2025)}"
    return (
        f"Synthetic report {index} on {rng.choice(_SUBJECTS)} and {rng.choice(_OBJECTS)}\n\n"
        f"By Writer {index % 97}\n{day}\n\n" + "\n\n".join(paragraphs) + "\n"
    )


def synthetic_items(count: int, *, seed: int = 0, words: int = 800) -> Iterator[SourceItem]:
    """``count`` synthetic articles as UTF-8 ``.txt`` items, generated lazily."""
    for index in range(count):
        data = synthetic_article(index, seed=seed, words=words).encode("utf-8")
        yield SourceItem(f"synthetic/{index:06d}.txt", data, "txt")


def main(argv: list[str]) -> None:
    from articles.importing.draft import ArticleDraft
    from articles.importing.reading import read_item

    count = int(argv[0]) if argv else 10_000
    items = list(synthetic_items(count))
    started = time.perf_counter()
    drafts = 0
    for item in items:
        for result in read_item(item):
            if isinstance(result, ArticleDraft):
                drafts += 1
                result.content_hash  # noqa: B018 - the service needs it; time it too
    elapsed = time.perf_counter() - started
    words = sum(len(item.data.split()) for item in items) / len(items)
    print(
        f"read and hashed {drafts} of {count} synthetic articles (~{words:.0f} words) "
        f"in {elapsed:.2f} s: {elapsed / count * 1e6:.0f} µs per article, "
        f"{count / elapsed:.0f} articles/s"
    )


if __name__ == "__main__":
    main(sys.argv[1:])
