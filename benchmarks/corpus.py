"""Seeded synthetic articles and claims, shaped like the arms-race press the product reads."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

COUNTRIES = [
    "Azerbaijan", "Armenia", "Russia", "Turkey", "Israel", "Iran", "France", "India",
    "Pakistan", "United States", "Georgia", "Ukraine", "China", "Belarus", "Serbia",
]  # fmt: skip
VOCABULARY = [
    "defense",
    "ministry",
    "budget",
    "spending",
    "arms",
    "imports",
    "deal",
    "contract",
    "tanks",
    "drones",
    "artillery",
    "ceasefire",
    "border",
    "talks",
    "minister",
    "analyst",
    "report",
    "according",
    "to",
    "officials",
    "said",
    "region",
    "military",
    "procurement",
    "systems",
    "delivery",
    "agreement",
    "cooperation",
    "security",
    "forces",
    "army",
    "government",
    "parliament",
    "president",
    "rearmament",
    "missiles",
    "air",
    "defense",
    "helicopters",
]
FIGURE_SENTENCES = [
    "{country}'s defense spending rose to ${value} billion in {year}, according to SIPRI.",
    "In {year}, {country} acquired more than ${value} billion in arms.",
    "The deal, worth ${value} billion, was signed in {year}.",
    "{country} received about {count} tanks in {year}.",
]


def synthetic_article(rng: random.Random, number: int, words: int = 800) -> str:
    """One article of about ``words`` words: title, paragraphs, a few figures."""
    country = rng.choice(COUNTRIES)
    title = f"{country} and the arms race: report {number}"
    paragraphs = []
    remaining = words
    while remaining > 0:
        size = min(remaining, rng.randint(60, 120))
        sentence_words = [rng.choice(VOCABULARY) for _ in range(size)]
        paragraph = " ".join(sentence_words).capitalize() + "."
        if rng.random() < 0.5:
            paragraph += " " + rng.choice(FIGURE_SENTENCES).format(
                country=country,
                value=f"{rng.uniform(0.2, 9.9):.1f}",
                year=rng.randint(2005, 2025),
                count=rng.randint(10, 300),
            )
        paragraphs.append(paragraph)
        remaining -= size
    paragraphs.append(f"Reference {number}-{rng.getrandbits(64):x}.")
    return title + "\n\n" + "\n\n".join(paragraphs) + "\n"


def write_corpus(folder: Path, count: int, *, seed: int = 1, words: int = 800) -> Path:
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(count):
        (folder / f"article-{number:06d}.txt").write_text(synthetic_article(rng, number, words))
    return folder


def iter_corpus_texts(count: int, *, seed: int = 1, words: int = 800) -> Iterator[str]:
    rng = random.Random(seed)
    for number in range(count):
        yield synthetic_article(rng, number, words)


def sample_corpus_bodies() -> list[str]:
    """The bodies of the bundled sample corpus's articles, read as the importer reads them:
    real press text, for benchmarks that want it rather than synthetic words."""
    from articles.importing import ArticleDraft, SourceItem, iter_source_items, read_item
    from articles.management.commands.load_sample_corpus import SAMPLE_CORPUS

    return [
        draft.body
        for item in iter_source_items([SAMPLE_CORPUS])
        if isinstance(item, SourceItem)
        for draft in read_item(item)
        if isinstance(draft, ArticleDraft)
    ]
