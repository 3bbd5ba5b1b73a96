"""The five seed articles (../shared/seeds) read the way an editor would read them.

Each seed is messy on purpose; these tests pin what the importer makes of each mess. They are
skipped when the seeds are not next to the repository.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from articles.importing import ArticleDraft, SourceItem, content_hash, iter_source_items, read_item

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"

pytestmark = pytest.mark.skipif(not SEEDS.is_dir(), reason=f"seed articles not found in {SEEDS}")


def seed_path(prefix: str) -> Path:
    path = next(iter(sorted(SEEDS.glob(f"{prefix}_*.txt"))), None)
    if path is None:
        pytest.skip(f"seed {prefix} not found in {SEEDS}")
    return path


def read_seed(prefix: str) -> ArticleDraft:
    path = seed_path(prefix)
    (result,) = read_item(SourceItem(path.name, path.read_bytes(), "txt"))
    assert isinstance(result, ArticleDraft), result
    return result


def paragraphs(draft: ArticleDraft) -> list[str]:
    return draft.body.split("\n\n")


def removed_text(draft: ArticleDraft, reason: str) -> str:
    blocks = [block.text for block in draft.removed if block.reason == reason]
    assert len(blocks) == 1, draft.removed
    return blocks[0]


def test_seed_000_has_no_title_and_on_october_7_gives_no_date():
    draft = read_seed("000")
    assert draft.title == ""
    assert draft.published_on is None
    assert draft.published_precision == "unknown"
    assert draft.body.startswith("On October 7, Ani Badalyan, the spokesperson for Armenia’s")
    assert "from $669 million in 2020 to $1.4 billion in 2024" in draft.body
    assert "rising from $2.2 billion in 2020 to $3.7 billion in 2024" in draft.body
    assert len(paragraphs(draft)) == 24
    assert draft.removed == ()
    assert draft.language == "en"


def test_seed_001_title_and_reading_time_line():
    draft = read_seed("001")
    assert draft.title == (
        "Azerbaijan named one of biggest arms importers in the world: "
        "Analyst comments on Baku’s potential goals"
    )
    assert "minute read" not in draft.body
    assert removed_text(draft, "reading_time") == "6 minute read"
    assert paragraphs(draft)[0].startswith("Azerbaijan is the 16th biggest arms importer")
    assert "In 2024, Azerbaijan acquired more than $2,2 billion in arms." in paragraphs(draft)
    # "On 7 November 2023" in the body is an event, not the publication date.
    assert draft.published_on is None
    assert draft.byline == ""
    assert paragraphs(draft)[-1] == "Full interview available in Armenian."


def test_seed_002_markdown_title_standfirst_byline_date_and_url():
    draft = read_seed("002")
    assert draft.source_format == "md"
    assert draft.title == "Russia Emerges as Winner in Arms Race Between Armenia and Azerbaijan"
    assert draft.standfirst == (
        "With negotiations over the region at a standstill, Moscow has a novel solution to "
        "conflict prevention: arm both sides."
    )
    assert draft.byline == "Matthew Bodner"
    assert draft.published_on == datetime.date(2016, 11, 21)
    assert draft.published_precision == "day"
    assert draft.url == (
        "https://www.themoscowtimes.com/2016/11/21/"
        "russias-answer-to-nagorno-karabakh-mutually-assured-destruction-a56224"
    )


def test_seed_002_caption_is_kept_apart_and_markdown_is_gone_from_the_body():
    draft = read_seed("002")
    assert draft.captions == (
        "A man stands near a wall decorated with national flag of Nagorno-Karabakh in "
        "Stepanakert. David Mdzinarishvili / Reuters",
    )
    body = draft.body
    assert "oil-rich Azerbaijan has spent some $22.7 billion on military hardware" in body
    for markup in ("\\$", "**", "](", "# ", "<https", "Original url", "Stepanakert."):
        assert markup not in body, markup
    assert "Arms Race" in paragraphs(draft)
    assert body.startswith("For four days in April")
    assert body.endswith("So, that is a huge obstacle.”")


def test_seed_002_paragraphs_broken_by_blank_lines_are_joined():
    body = read_seed("002").body
    assert "Amid the chaos of the Soviet collapse" in body
    assert "But it also threatens Armenian sovereignty." in body


def test_seed_003_comment_section_is_removed_and_recorded():
    draft = read_seed("003")
    assert draft.title == "Russia, Azerbaijan Hint at Further Arms Sales"
    assert draft.captions == (
        "Russian President Vladimir Putin with Azerbaijani President Ilham Aliyev",
    )
    assert paragraphs(draft)[0].startswith("BAKU (RFE/RL)—General Valery Gerasimov")
    assert paragraphs(draft)[-1] == (
        "General Gerasimov reportedly told the Azerbaijani military leaders that Moscow is "
        "against attempts at a military solution to the Karabakh conflict."
    )
    for comment in ("Discussion Policy", "said:", "God Bless Mother Russia", "KGB manual"):
        assert comment not in draft.body
    comments = removed_text(draft, "comment_section")
    assert comments.startswith("Discussion Policy")
    assert "10. Armenian said:" in comments
    assert comments.endswith("what’s going on on the ground?")
    assert "by almost 30 times to $3.7 billion during Aliyev’s decade-long rule" in draft.body


def test_seed_004_repeated_body_is_removed_keeping_the_first_occurrence():
    draft = read_seed("004")
    first = paragraphs(draft)[0]
    assert first.startswith("Azerbaijani President Ilham Aliyev signaled")
    assert draft.body.count(first) == 1
    assert draft.body.count("is measured at $4 billion and it tends to grow further") == 1
    assert draft.body.count("24 Mi-35 helicopter gunships for a combined $360 million") == 1
    assert len(paragraphs(draft)) == 13
    assert paragraphs(draft)[-1].startswith("In what might have been a warning to Baku")
    repeated = removed_text(draft, "repeated_block")
    assert repeated.startswith("“There are periodical press reports")
    assert repeated.count("\n\n") == 11  # twelve repeated paragraphs, all recorded


def test_seeds_raw_is_the_untouched_file_text():
    for prefix in ("000", "001", "002", "003", "004"):
        path = seed_path(prefix)
        assert read_seed(prefix).raw == path.read_text(encoding="utf-8")


def test_seeds_have_distinct_stable_content_hashes():
    hashes = [read_seed(prefix).content_hash for prefix in ("000", "001", "002", "003", "004")]
    assert len(set(hashes)) == 5
    assert hashes[4] == content_hash(read_seed("004").body)


def test_seed_folder_reads_without_errors():
    results = [r for item in iter_source_items([SEEDS]) for r in read_item(item)]
    assert len(results) == 5
    assert all(isinstance(r, ArticleDraft) for r in results)
