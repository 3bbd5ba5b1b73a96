"""The bundled sample corpus (articles/sample_corpus) imports cleanly and keeps its facts."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from articles.importing import ArticleDraft, ReadError, SourceItem, iter_source_items, read_item

CORPUS = Path(__file__).resolve().parents[2] / "articles" / "sample_corpus" / "articles"


@pytest.fixture(scope="module")
def drafts() -> dict[str, ArticleDraft]:
    results: list[ArticleDraft | ReadError] = []
    for item in iter_source_items([CORPUS]):
        assert isinstance(item, SourceItem), item
        results.extend(read_item(item))
    errors = [r for r in results if isinstance(r, ReadError)]
    assert errors == []
    return {
        r.name.removeprefix(CORPUS.as_posix() + "/"): r
        for r in results
        if isinstance(r, ArticleDraft)
    }


def test_every_corpus_file_reads_into_drafts_without_errors(drafts):
    files = sorted(p.name for p in CORPUS.iterdir())
    assert len(files) >= 12
    assert {name.split("#")[0].split(":")[0] for name in drafts} == set(files)
    assert {d.source_format for d in drafts.values()} == {
        "txt",
        "md",
        "html",
        "json",
        "jsonl",
        "csv",
    }


def test_corpus_readme_is_outside_the_imported_folder():
    assert not (CORPUS / "README.md").exists()
    assert (CORPUS.parent / "README.md").exists()


def test_every_corpus_article_is_short_and_distinct(drafts):
    for name, draft in drafts.items():
        assert 140 <= len(draft.body.split()) <= 400, name
    assert len({d.content_hash for d in drafts.values()}) == len(drafts)
    urls = [d.url for d in drafts.values() if d.url]
    assert len(urls) == len(set(urls))


def test_cp1251_article_decodes_to_cyrillic(drafts):
    draft = drafts["12-voennye-raskhody.cp1251.txt"]
    assert draft.encoding == "cp1251"
    assert draft.title == "Военные расходы Армении и Азербайджана продолжают расти"
    assert "с 2,2 млрд долларов в 2020 году до 3,7 млрд долларов в 2024 году" in draft.body
    assert draft.language == "ru"
    assert (draft.published_on, draft.published_precision) == (datetime.date(2024, 10, 1), "month")


def test_utf16_article_is_decoded(drafts):
    draft = drafts["13-section-907.utf16.txt"]
    assert draft.encoding == "utf-16"
    assert draft.byline == "Sam Sample"
    assert "On November 15, 2023 the Senate passed a bill" in draft.body


def test_undated_article_stays_undated(drafts):
    draft = drafts["01-arms-control-offer.txt"]
    assert draft.body.startswith("On October 7, Ani Badalyan")
    assert (draft.published_on, draft.published_precision) == (None, "unknown")


def test_reading_time_line_and_decimal_comma_figure(drafts):
    draft = drafts["02-top-arms-importers.txt"]
    assert "minute read" not in draft.body
    assert [b.reason for b in draft.removed] == ["reading_time"]
    assert "In 2024, Azerbaijan acquired more than $2,2 billion in arms" in draft.body


def test_comment_section_is_removed_with_the_figure_it_repeats(drafts):
    draft = drafts["03-generals-in-baku.txt"]
    assert "Discussion Policy" not in draft.body and "said:" not in draft.body
    assert draft.body.count("$3.7 billion") == 1
    comments = next(b.text for b in draft.removed if b.reason == "comment_section")
    assert "Where does $3.7 billion a year come from?" in comments
    assert draft.body.startswith("BAKU—")


def test_repeated_body_is_removed(drafts):
    draft = drafts["04-four-billion-cooperation.txt"]
    assert draft.body.count("is measured at $4 billion") == 1
    assert draft.body.count("24 Mi-35 helicopter gunships") == 1
    assert [b.reason for b in draft.removed] == ["repeated_block"]
    assert (draft.published_on, draft.published_precision) == (datetime.date(2013, 8, 1), "month")


def test_markdown_article_is_cleaned(drafts):
    draft = drafts["05-moscow-arms-both-sides.md"]
    assert draft.byline == "Anna Sample"
    assert draft.standfirst.startswith("With talks stalled")
    assert (draft.published_on, draft.published_precision) == (datetime.date(2016, 11, 21), "day")
    assert draft.url == "https://example.org/sample-corpus/moscow-sells-to-both-sides"
    assert "some $22.7 billion on military hardware over the past decade" in draft.body
    assert "\\" not in draft.body and "**" not in draft.body and "](" not in draft.body
    assert "erode Armenian sovereignty." in draft.body
    assert len(draft.captions) == 1


def test_second_markdown_article_has_month_date_byline_and_list(drafts):
    draft = drafts["06-armenia-new-suppliers.md"]
    assert draft.title == "Armenia turns to France and India for its weapons"
    assert draft.byline == "Sam Sample"
    assert (draft.published_on, draft.published_precision) == (datetime.date(2024, 10, 1), "month")
    assert "India: Swathi radars and around $250 million worth of arms" in draft.body
    assert "from $669 million in 2020 to $1.4 billion in 2024" in draft.body
    assert draft.captions == ("A Bastion armoured vehicle on a Yerevan street",)


def test_html_articles_lose_their_page_furniture(drafts):
    sipri = drafts["07-sipri-decade-of-spending.html"]
    assert sipri.body.startswith("Oil-rich Azerbaijan has spent some $22.7 billion")
    for noise in ("Subscribe", "Related stories", "only what SIPRI can see", "Privacy"):
        assert noise not in sipri.body
    assert sipri.publication == "Sample Caucasus Review"
    deals = drafts["08-israel-pakistan-deals.html"]
    assert (deals.published_on, deals.published_precision) == (datetime.date(2024, 10, 1), "month")
    assert "Sign up for our weekly" not in deals.body


def test_structured_records_carry_the_conflicting_figures(drafts):
    budget = drafts["09-defence-budgets.json#1"]
    aliyev = drafts["09-defence-budgets.json#2"]
    assert "from $2.2 billion in 2020 to $3.7 billion in 2024" in budget.body
    assert "by almost 30 times to $3.7 billion during Aliyev's decade-long rule" in aliyev.body
    assert (aliyev.published_on, aliyev.published_precision) == (datetime.date(2013, 1, 1), "year")
    wire = drafts["10-wire-feed.jsonl:line 1"]
    assert "is measured at $4 billion" in wire.body
    assert wire.published_on == datetime.date(2013, 8, 14)
    cawat = drafts["11-desk-sheet.csv:row 2"]
    assert "In 2024, Azerbaijan acquired more than $2,2 billion in arms" in cawat.body
    assert (cawat.published_on, cawat.published_precision) == (None, "unknown")
