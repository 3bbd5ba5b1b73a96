"""Specification of the pure article importer (articles.importing): formats, cleaning rules,
encodings, bad input, sources (folders, zips) and the content hash. No Django needed."""

from __future__ import annotations

import datetime
import io
import json
import time
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.importing import (
    DEFAULT_MAX_ITEM_BYTES,
    FORMATS,
    ArticleDraft,
    ReadError,
    RemovedBlock,
    SourceItem,
    content_hash,
    iter_source_items,
    read_item,
)
from articles.importing.draft import PRECISIONS
from articles.importing.sources import FORMAT_BY_EXTENSION
from articles.importing.synthetic import synthetic_items

BODY = (
    "Azerbaijan's defence spending rose from $2.2 billion in 2020 to $3.7 billion in 2024, "
    "according to the figures the ministry published this week."
)
SECOND = "Armenia's military spending grew from $669 million in 2020 to $1.4 billion in 2024."


def _hint(name: str) -> str | None:
    suffix = Path(name.split("#")[0]).suffix.lower()
    return FORMAT_BY_EXTENSION.get(suffix)


def read_all(data: bytes | str, name: str = "item.txt", **kwargs) -> list[ArticleDraft | ReadError]:
    if isinstance(data, str):
        data = data.encode("utf-8")
    return read_item(SourceItem(name, data, _hint(name)), **kwargs)


def read_one(data: bytes | str, name: str = "item.txt", **kwargs) -> ArticleDraft:
    results = read_all(data, name, **kwargs)
    assert len(results) == 1, results
    assert isinstance(results[0], ArticleDraft), results[0]
    return results[0]


def read_error(data: bytes | str, name: str = "item.txt", **kwargs) -> ReadError:
    results = read_all(data, name, **kwargs)
    assert len(results) == 1, results
    assert isinstance(results[0], ReadError), results[0]
    return results[0]


def paragraphs(draft: ArticleDraft) -> list[str]:
    return draft.body.split("\n\n")


def reasons(draft: ArticleDraft) -> list[str]:
    return [block.reason for block in draft.removed]


# --- plain text ----------------------------------------------------------------------------


def test_txt_title_is_a_short_first_line_without_final_period():
    draft = read_one(f"Azerbaijan doubles its defence budget\n\n{BODY}\n\n{SECOND}\n")
    assert draft.title == "Azerbaijan doubles its defence budget"
    assert paragraphs(draft) == [BODY, SECOND]
    assert draft.source_format == "txt"


def test_txt_title_may_be_followed_directly_by_the_body():
    draft = read_one(f"Azerbaijan doubles its defence budget\n{BODY}\n")
    assert draft.title == "Azerbaijan doubles its defence budget"
    assert draft.body == BODY


def test_txt_first_line_that_ends_like_a_sentence_is_body_not_title():
    draft = read_one(f"{SECOND}\n{BODY}\n")
    assert draft.title == ""
    assert paragraphs(draft) == [SECOND, BODY]


def test_txt_lone_short_line_is_the_body_not_a_title():
    draft = read_one("Azerbaijan doubles its defence budget")
    assert draft.title == ""
    assert draft.body == "Azerbaijan doubles its defence budget"


def test_txt_byline_and_date_line_are_taken_out_of_the_header():
    draft = read_one(f"Budgets keep rising\nBy Anna Sample\nNovember 21, 2016\n\n{BODY}\n")
    assert draft.byline == "Anna Sample"
    assert draft.published_on == datetime.date(2016, 11, 21)
    assert draft.published_precision == "day"
    assert draft.body == BODY


def test_txt_sentence_starting_with_by_is_not_a_byline():
    draft = read_one(f"Budgets keep rising\n\nBy then the war was over.\n\n{BODY}\n")
    assert draft.byline == ""
    assert paragraphs(draft)[0] == "By then the war was over."


@pytest.mark.parametrize(
    ("line", "date", "precision"),
    [
        ("November 21, 2016", datetime.date(2016, 11, 21), "day"),
        ("Published: Mon, Nov. 21, 2016 10:32 AM", datetime.date(2016, 11, 21), "day"),
        ("21 November 2016", datetime.date(2016, 11, 21), "day"),
        ("21.11.2016", datetime.date(2016, 11, 21), "day"),
        ("2016-11-21", datetime.date(2016, 11, 21), "day"),
        ("October 2016", datetime.date(2016, 10, 1), "month"),
        ("21 ноября 2016 г.", datetime.date(2016, 11, 21), "day"),
    ],
)
def test_txt_date_line_keeps_its_precision(line, date, precision):
    draft = read_one(f"Budgets keep rising\n{line}\n\n{BODY}\n")
    assert (draft.published_on, draft.published_precision) == (date, precision)
    assert line not in draft.body


@pytest.mark.parametrize("line", ["October 7", "On October 7", "03/04/2016", "February 30, 2016"])
def test_txt_date_without_year_or_ambiguous_is_not_invented(line):
    draft = read_one(f"Budgets keep rising\n{line}\n\n{BODY}\n")
    assert draft.published_on is None
    assert draft.published_precision == "unknown"
    assert line in draft.body  # not a date line, so it is text and stays


def test_txt_dates_in_the_body_are_not_the_publication_date():
    draft = read_one(f"On 7 November 2023, Russia withdrew from the treaty.\n{BODY}\n")
    assert draft.published_on is None
    assert draft.published_precision == "unknown"


def test_reading_time_line_is_dropped_and_recorded():
    draft = read_one(f"Budgets keep rising\n6 minute read\n\n{BODY}\n")
    assert "minute read" not in draft.body
    assert RemovedBlock("reading_time", "6 minute read") in draft.removed


def test_dateline_stays_in_the_body():
    text = f"Arms talk in Baku\n\nBAKU (RFE/RL)—{BODY}\n"
    draft = read_one(text)
    assert draft.body == f"BAKU (RFE/RL)—{BODY}"
    assert draft.published_on is None


def test_caption_line_under_the_title_is_kept_apart_from_the_body():
    draft = read_one(
        "Russia, Azerbaijan Hint at Further Arms Sales\n\n"
        "Russian President Vladimir Putin with Azerbaijani President Ilham Aliyev\n\n"
        f"{BODY}\n\n{SECOND}\n"
    )
    assert draft.captions == (
        "Russian President Vladimir Putin with Azerbaijani President Ilham Aliyev",
    )
    assert "Putin with" not in draft.body
    assert "caption" in reasons(draft)


def test_hard_wrapped_lines_are_joined_into_one_paragraph():
    wrapped = (
        "Azerbaijan's defence spending rose from $2.2 billion\n"
        "in 2020 to $3.7 billion in 2024, according to the\n"
        "figures the ministry published this week.\n"
    )
    draft = read_one(f"{wrapped}\n{SECOND}\n")
    assert paragraphs(draft) == [BODY, SECOND]


def test_one_paragraph_per_line_stays_one_paragraph_per_line():
    draft = read_one(f"{BODY}\n{SECOND}\n{BODY.replace('2024', '2025')}\n")
    assert len(paragraphs(draft)) == 3


def test_body_has_single_blank_lines_between_paragraphs_and_no_outer_whitespace():
    draft = read_one(f"\n\n  \t\n{BODY}\r\n\r\n\r\n\r\n   {SECOND}   \n\n\n")
    assert draft.body == f"{BODY}\n\n{SECOND}"


def test_control_characters_and_odd_whitespace_are_cleaned_from_the_body():
    draft = read_one(f"{BODY}\x07\u00a0\u00a0and\u200b more.\n")
    assert draft.body == f"{BODY} and more."


def test_raw_keeps_the_untouched_decoded_input():
    text = f"Budgets keep rising\n6 minute read\n\n{BODY}\n\n\n{BODY}\n"
    draft = read_one(text)
    assert draft.raw == text


# --- cleaning rules ------------------------------------------------------------------------

COMMENTS = (
    "\n\nDiscussion Policy\n\nComments are welcomed and encouraged.\n\n"
    "  1. Armenian said:\n\n    God bless.\n\n"
    "  2. Danoog said:\n\n    The $3.7 billion is a lie.\n\n"
    "    • H. Boghossian said:\n\n      Very well said.\n"
)


def test_comment_section_is_removed_and_recorded():
    draft = read_one(f"Budgets keep rising\n\n{BODY}\n\n{SECOND}{COMMENTS}")
    assert paragraphs(draft) == [BODY, SECOND]
    (removed,) = [block for block in draft.removed if block.reason == "comment_section"]
    assert removed.text.startswith("Discussion Policy")
    assert "2. Danoog said:" in removed.text
    assert "Very well said." in removed.text


@pytest.mark.parametrize(
    "heading", ["Leave a Reply", "12 Comments", "Comments (3)", "Join the discussion"]
)
def test_comment_headings_start_a_removed_comment_section(heading):
    draft = read_one(f"{BODY}\n\n{heading}\n\nAnna said:\n\nGreat piece.\n")
    assert draft.body == BODY
    assert reasons(draft) == ["comment_section"]


def test_weak_comments_heading_needs_a_name_said_line_to_count():
    kept = read_one(f"{BODY}\n\nComments\n\nThe ministry declined to comment further.\n")
    assert "Comments" in kept.body
    cut = read_one(f"{BODY}\n\nComments\n\nAnna said:\n\nGreat piece.\n")
    assert cut.body == BODY


def test_numbered_name_said_comments_without_heading_are_removed():
    draft = read_one(f"{BODY}\n\n1. Anna said:\n\nGood.\n\n2. Vahe said:\n\nBad.\n")
    assert draft.body == BODY
    assert reasons(draft) == ["comment_section"]


def test_interview_lines_ending_in_said_are_kept():
    text = (
        f"{BODY}\n\nAliyev said:\n\nWe will buy more.\n\nPutin said:\n\nOnly by political means.\n"
    )
    draft = read_one(text)
    assert "Aliyev said:" in draft.body
    assert "Putin said:" in draft.body
    assert draft.removed == ()


def test_body_repeated_whole_is_removed_keeping_the_first_occurrence():
    third = "Putin said the dispute can be resolved only by political means, a warning to Baku."
    once = f"{BODY}\n{SECOND}\n{third}\n"
    draft = read_one(once + once)
    assert paragraphs(draft) == [BODY, SECOND, third]
    (removed,) = draft.removed
    assert removed == RemovedBlock("repeated_block", f"{BODY}\n\n{SECOND}\n\n{third}")


def test_body_repeated_in_part_is_removed():
    third = "Putin said the dispute can be resolved only by political means, a warning to Baku."
    lead = "Aliyev signalled his country's plans to buy more weapons from Russia after the talks."
    draft = read_one(f"{lead}\n{BODY}\n{SECOND}\n{third}\n{BODY}\n{SECOND}\n")
    assert paragraphs(draft) == [lead, BODY, SECOND, third]
    assert reasons(draft) == ["repeated_block"]


def test_repeat_ignores_case_quotes_and_spacing_differences():
    curly = BODY.replace("'", "\u2019").upper()
    draft = read_one(f"{BODY}\n{SECOND}\n{curly}\n{SECOND.replace(' ', '  ')}\n")
    assert paragraphs(draft) == [BODY, SECOND]


def test_a_short_repeated_line_is_kept_as_text():
    draft = read_one(f"We will not give up.\n{BODY}\nWe will not give up.\n")
    assert paragraphs(draft) == ["We will not give up.", BODY, "We will not give up."]


def test_paragraph_broken_by_a_stray_blank_line_is_joined():
    draft = read_one(f"{BODY}\n\nAmid the\n\nchaos of the Soviet collapse, the war began.\n")
    assert paragraphs(draft) == [BODY, "Amid the chaos of the Soviet collapse, the war began."]


# --- markdown ------------------------------------------------------------------------------

MARKDOWN = """

# Russia Emerges as Winner in Arms Race

**With negotiations at a standstill, Moscow arms both sides.**

By [Matthew Bodner](#)

November 21, 2016

A man stands near a wall in Stepanakert. **David Mdzinarishvili / Reuters**

Oil-rich Azerbaijan has spent some \\$22.7 billion on **military hardware** over the past
decade, according to [SIPRI](https://sipri.org). It buys _Israeli_ drones too.

## **Arms Race**

- Iskander missiles were paraded on Sept. 21.
- 1\\. Armenia, 2\\. Azerbaijan, `snake_case` and 2 * 3 * 4 stay.

Original url:

<https://www.example.com/2016/11/21/arms-race>
"""


def test_markdown_header_gives_title_standfirst_byline_and_date():
    draft = read_one(MARKDOWN, "story.md")
    assert draft.source_format == "md"
    assert draft.title == "Russia Emerges as Winner in Arms Race"
    assert draft.standfirst == "With negotiations at a standstill, Moscow arms both sides."
    assert draft.byline == "Matthew Bodner"
    assert (draft.published_on, draft.published_precision) == (
        datetime.date(2016, 11, 21),
        "day",
    )


def test_markdown_syntax_and_escapes_are_removed_from_the_body():
    draft = read_one(MARKDOWN, "story.md")
    assert paragraphs(draft) == [
        "Oil-rich Azerbaijan has spent some $22.7 billion on military hardware over the past "
        "decade, according to SIPRI. It buys Israeli drones too.",
        "Arms Race",
        "Iskander missiles were paraded on Sept. 21.",
        "1. Armenia, 2. Azerbaijan, snake_case and 2 * 3 * 4 stay.",
    ]


def test_markdown_photo_caption_with_bold_credit_is_kept_apart():
    draft = read_one(MARKDOWN, "story.md")
    assert draft.captions == (
        "A man stands near a wall in Stepanakert. David Mdzinarishvili / Reuters",
    )
    assert "Stepanakert" not in draft.body
    assert "caption" in reasons(draft)


def test_markdown_original_url_footer_becomes_the_url_and_leaves_the_body():
    draft = read_one(MARKDOWN, "story.md")
    assert draft.url == "https://www.example.com/2016/11/21/arms-race"
    assert "Original url" not in draft.body
    assert "url_footer" in reasons(draft)


def test_original_url_on_the_same_line_is_read_too():
    draft = read_one(f"{BODY}\n\nOriginal url: https://example.org/a\n", "story.md")
    assert draft.url == "https://example.org/a"
    assert draft.body == BODY


def test_markdown_image_line_is_a_caption_and_setext_heading_a_title():
    text = (
        "Armenia turns to India\n======================\n\n"
        "![Pinaka launchers on parade](https://example.org/p.jpg)\n\n"
        f"{BODY}\n"
    )
    draft = read_one(text, "story.md")
    assert draft.title == "Armenia turns to India"
    assert draft.captions == ("Pinaka launchers on parade",)
    assert draft.body == BODY


def test_markdown_saved_as_txt_is_read_as_markdown():
    draft = read_one(MARKDOWN, "story.txt")
    assert draft.source_format == "md"
    assert draft.byline == "Matthew Bodner"


def test_web_page_saved_as_txt_is_read_as_html():
    draft = read_one(html_page(), "page.txt")
    assert draft.source_format == "html"
    assert draft.title == "Russia arms both sides"


def test_plain_text_with_a_stray_asterisk_stays_plain_text():
    draft = read_one(f"Budgets keep rising\n\n{BODY} *Figures rounded.\n", "story.txt")
    assert draft.source_format == "txt"
    assert draft.body.endswith("*Figures rounded.")


# --- html ----------------------------------------------------------------------------------

HTML = """<!DOCTYPE html><html lang="en"><head>
<title>Arms race | Sample Review</title>
<link rel="canonical" href="https://example.org/2016/11/21/arms-race">
<meta property="og:title" content="Russia arms both sides">
<meta property="og:site_name" content="Sample Review">
<meta name="author" content="Anna Sample">
<meta property="article:published_time" content="{published}">
</head><body>
<nav><a href="/">Home</a> <a href="/news">News menu</a></nav>
<article><h1>Russia arms both sides</h1>
<figure><img src="x.jpg"><figcaption>Iskanders on parade. Photo / Desk</figcaption></figure>
<p>{body}</p>
<p>{second}</p>
<p>Russia is the main supplier to both countries, and it sells at a discount to Armenia.</p>
</article>
<aside><h2>Related</h2><ul><li><a href="/x">Unrelated related story</a></li></ul></aside>
<section class="comments"><h3>2 Comments</h3>
<div class="comment"><p>Vahe said:</p><p>The figure is wrong.</p></div></section>
<footer>Copyright footer text</footer>
</body></html>"""


def html_page(published: str = "2016-11-21T09:30:00+00:00") -> str:
    return HTML.format(published=published, body=BODY, second=SECOND)


def test_html_main_text_leaves_out_navigation_related_links_comments_and_footer():
    draft = read_one(html_page(), "page.html")
    assert draft.source_format == "html"
    assert paragraphs(draft)[:2] == [BODY, SECOND]
    for noise in ("News menu", "Unrelated related", "The figure is wrong", "Copyright footer"):
        assert noise not in draft.body


def test_html_metadata_gives_title_author_date_url_language_and_outlet():
    draft = read_one(html_page(), "page.html")
    assert draft.title == "Russia arms both sides"
    assert draft.byline == "Anna Sample"
    assert (draft.published_on, draft.published_precision) == (
        datetime.date(2016, 11, 21),
        "day",
    )
    assert draft.url == "https://example.org/2016/11/21/arms-race"
    assert draft.language == "en"
    assert draft.publication == "Sample Review"
    assert draft.captions == ("Iskanders on parade. Photo / Desk",)


def test_html_comments_are_recorded_as_removed():
    draft = read_one(html_page(), "page.html")
    (removed,) = [block for block in draft.removed if block.reason == "comment_section"]
    assert "The figure is wrong." in removed.text


def test_html_month_only_date_is_not_given_an_invented_day():
    page = html_page("2016-11").replace("/2016/11/21/", "/news/")
    draft = read_one(page, "page.html")
    assert (draft.published_on, draft.published_precision) == (datetime.date(2016, 11, 1), "month")


def test_html_without_article_text_is_refused():
    error = read_error(
        "<html><head><title>T</title></head><body><script>x()</script></body></html>", "x.html"
    )
    assert error.reason.startswith("no article text found")


# --- json, jsonl, csv ----------------------------------------------------------------------

RECORD = {
    "title": "Budgets keep rising",
    "body": f"{BODY}\n\n{SECOND}",
    "url": "https://example.org/budgets",
    "published": "2024-10-09",
    "byline": "Sam Sample",
    "publication": "Sample Wire",
    "language": "en-GB",
}


def test_json_object_fields_fill_the_draft():
    draft = read_one(json.dumps(RECORD), "one.json")
    assert draft.name == "one.json"
    assert draft.source_format == "json"
    assert draft.title == "Budgets keep rising"
    assert paragraphs(draft) == [BODY, SECOND]
    assert draft.url == "https://example.org/budgets"
    assert (draft.published_on, draft.published_precision) == (datetime.date(2024, 10, 9), "day")
    assert draft.byline == "Sam Sample"
    assert draft.publication == "Sample Wire"
    assert draft.language == "en"


def test_json_list_yields_one_result_per_record_named_by_position():
    second = {**RECORD, "body": SECOND, "url": ""}
    results = read_all(json.dumps([RECORD, {"title": "no body"}, second, "text"]), "list.json")
    assert [r.name for r in results] == ["list.json#1", "list.json#2", "list.json#3", "list.json#4"]
    assert isinstance(results[0], ArticleDraft)
    assert results[1] == ReadError("list.json#2", "JSON record 2 has no body")
    assert isinstance(results[2], ArticleDraft)
    assert results[3] == ReadError("list.json#4", "JSON record 4 is not an object")


def test_json_list_record_raw_is_that_record_serialised():
    results = read_all(json.dumps([RECORD, RECORD | {"body": SECOND}]), "list.json")
    assert json.loads(results[0].raw) == RECORD


def test_malformed_json_is_refused_with_its_line():
    error = read_error('{"title": "x",\n "body": }', "bad.json")
    assert error == ReadError("bad.json", "malformed JSON at line 2: Expecting value")


@pytest.mark.parametrize(
    ("payload", "reason"), [("42", "JSON must be an article object"), ("[]", "JSON list is empty")]
)
def test_json_that_is_not_articles_is_refused(payload, reason):
    assert read_error(payload, "x.json").reason.startswith(reason)


def test_jsonl_reads_each_line_and_reports_a_malformed_one():
    lines = "\n".join([json.dumps(RECORD), "{not json", "", json.dumps({"body": SECOND})])
    results = read_all(lines, "feed.jsonl")
    assert [r.name for r in results] == [
        "feed.jsonl:line 1",
        "feed.jsonl:line 2",
        "feed.jsonl:line 4",
    ]
    assert isinstance(results[0], ArticleDraft) and results[0].raw == json.dumps(RECORD)
    assert isinstance(results[1], ReadError)
    assert results[1].reason.startswith("malformed JSON at line 2")
    assert isinstance(results[2], ArticleDraft) and results[2].body == SECOND


def test_a_file_of_bad_records_lists_fifty_errors_and_counts_the_rest():
    results = read_all("not json\n" * 1000, "feed.jsonl")
    assert len(results) == 51
    assert results[-1] == ReadError("feed.jsonl", "950 more bad record(s) not listed")


def test_csv_rows_are_named_by_spreadsheet_row_and_a_row_without_body_is_an_error():
    text = (
        "title,body,url,published,byline,publication,language\n"
        f'First,"{BODY}\n\n{SECOND}",https://example.org/1,2016-11,,Sample Wire,en\n'
        "Second,,https://example.org/2,,,,\n"
        f'Third,"{SECOND}",,2016,Anna Sample,,\n'
    )
    results = read_all(text, "feed.csv")
    assert [r.name for r in results] == ["feed.csv:row 2", "feed.csv:row 3", "feed.csv:row 4"]
    first, second, third = results
    assert isinstance(first, ArticleDraft) and paragraphs(first) == [BODY, SECOND]
    assert (first.published_on, first.published_precision) == (datetime.date(2016, 11, 1), "month")
    assert second == ReadError("feed.csv:row 3", "CSV row 3 has no body")
    assert isinstance(third, ArticleDraft)
    assert (third.published_on, third.published_precision) == (datetime.date(2016, 1, 1), "year")
    assert json.loads(third.raw)["byline"] == "Anna Sample"


def test_csv_with_semicolons_is_read():
    draft = read_one(f'title;body\nBudgets;"{BODY}"\n', "feed.csv")
    assert draft.title == "Budgets" and draft.body == BODY


def test_csv_without_a_body_column_is_refused():
    error = read_error("title,text_of_it\nA,B\n", "feed.csv")
    assert error.reason.startswith("CSV has no 'body' column")


def test_csv_row_with_more_fields_than_the_header_is_an_error_of_its_own():
    results = read_all(f"title,body\nA,{SECOND},extra\nB,{SECOND.replace(',', '')}\n", "f.csv")
    assert results[0] == ReadError("f.csv:row 2", "CSV row 2 has 3 fields, the header has 2")
    assert isinstance(results[1], ArticleDraft)


def test_malformed_csv_is_refused_with_its_line():
    error = read_error('title,body\n"A,"unterminated\n', "f.csv")
    assert error.reason.startswith("malformed CSV at line 2")


@pytest.mark.parametrize(
    ("published", "date", "precision"),
    [
        ("2016-11-21", datetime.date(2016, 11, 21), "day"),
        ("2016-11", datetime.date(2016, 11, 1), "month"),
        ("2016", datetime.date(2016, 1, 1), "year"),
        (2016, datetime.date(2016, 1, 1), "year"),
        ("November 21, 2016", datetime.date(2016, 11, 21), "day"),
        ("", None, "unknown"),
    ],
)
def test_structured_published_field_keeps_its_precision(published, date, precision):
    draft = read_one(json.dumps({"body": BODY, "published": published}), "a.json")
    assert (draft.published_on, draft.published_precision) == (date, precision)


@pytest.mark.parametrize(
    ("field", "value", "reason"),
    [
        ("published", "2016-13-45", "JSON object: published '2016-13-45' is not a date"),
        ("url", "example.org/a", "JSON object: url 'example.org/a' is not an http(s) URL"),
        ("title", ["a", "list"], "JSON object: field 'title' must be text"),
    ],
)
def test_structured_field_with_a_bad_value_is_refused(field, value, reason):
    error = read_error(json.dumps({"body": BODY, field: value}), "a.json")
    assert error.reason.startswith(reason)


def test_structured_title_field_wins_over_a_title_line_in_the_body():
    draft = read_one(json.dumps({"title": "Given", "body": f"Line title\n\n{BODY}"}), "a.json")
    assert draft.title == "Given"
    assert paragraphs(draft) == ["Line title", BODY]


def test_structured_record_without_title_takes_the_title_line_of_its_body():
    draft = read_one(json.dumps({"body": f"Line title\n6 minute read\n\n{BODY}"}), "a.json")
    assert draft.title == "Line title"
    assert draft.body == BODY
    assert reasons(draft) == ["reading_time"]


def test_structured_body_is_cleaned_like_plain_text():
    draft = read_one(
        json.dumps({"body": f"{BODY}\n{SECOND}\n{BODY}\n{SECOND}{COMMENTS}"}), "a.json"
    )
    assert paragraphs(draft) == [BODY, SECOND]
    assert sorted(reasons(draft)) == ["comment_section", "repeated_block"]


# --- auto format detection ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (json.dumps(RECORD), "json"),
        (json.dumps(RECORD) + "\n" + json.dumps(RECORD | {"body": SECOND}), "jsonl"),
        (html_page(), "html"),
        (MARKDOWN, "md"),
        (f"title,body\nA,{SECOND.replace(',', '')}\n", "csv"),
        (f"Budgets keep rising\n\n{BODY}\n", "txt"),
    ],
)
def test_auto_format_without_extension_sniffs_the_content(data, expected):
    results = read_all(data, "upload")
    assert isinstance(results[0], ArticleDraft), results
    assert results[0].source_format == expected


def test_forced_format_overrides_the_extension():
    draft = read_one(f"Not **bold** in plain text\n\n{BODY}\n", "a.md", format="txt")
    assert draft.source_format == "txt"
    assert draft.title == "Not **bold** in plain text"


def test_unknown_format_is_a_read_error():
    assert read_error(BODY, format="pdf").reason.startswith("unknown format 'pdf'")


# --- encodings and refusals ---------------------------------------------------------------

RUSSIAN = (
    "Военные расходы Азербайджана выросли с 2,2 млрд долларов до 3,7 млрд долларов в 2024 году."
)
FRENCH = "Le budget de défense de l'Azerbaïdjan a été multiplié; l'Arménie dépense 669 millions."


@pytest.mark.parametrize(
    ("data", "encoding", "text"),
    [
        (BODY.encode("utf-8"), "utf-8", BODY),
        (RUSSIAN.encode("utf-8"), "utf-8", RUSSIAN),
        (b"\xef\xbb\xbf" + RUSSIAN.encode("utf-8"), "utf-8-sig", RUSSIAN),
        (RUSSIAN.encode("utf-16"), "utf-16", RUSSIAN),
        (b"\xfe\xff" + RUSSIAN.encode("utf-16-be"), "utf-16", RUSSIAN),
        (RUSSIAN.encode("cp1251"), "cp1251", RUSSIAN),
        (FRENCH.encode("latin-1"), "latin-1", FRENCH),
        (
            "He said \u201cno\u201d \u2014 caf\u00e9 d\u00e9j\u00e0.".encode("cp1252"),
            "cp1252",
            "He said \u201cno\u201d \u2014 caf\u00e9 d\u00e9j\u00e0.",
        ),
    ],
)
def test_encodings_are_detected_and_decoded(data, encoding, text):
    draft = read_one(data)
    assert draft.encoding == encoding
    assert draft.body == text
    assert draft.raw == text


def test_cp1251_russian_comes_out_as_cyrillic_not_latin_mojibake():
    draft = read_one(("Военные расходы растут\n\n" + RUSSIAN).encode("cp1251"))
    assert draft.title == "Военные расходы растут"
    assert draft.language == "ru"
    assert "Ð" not in draft.body and "Â" not in draft.body


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b"  \n\t\n ", "empty file (only whitespace)"),
        (b"\xef\xbb\xbf", "empty file (only whitespace)"),
        (b"PK\x03\x04\x00\x00binary\x00data", "binary file (found NUL bytes)"),
        (bytes(range(1, 256)) * 4, "not valid UTF-8/UTF-16 or a known single-byte encoding"),
        (b"\xff\xfe\x00\xd8", "not valid UTF-16 despite its byte-order mark (byte 0)"),
    ],
)
def test_unreadable_input_is_refused_with_a_reason(data, reason):
    assert read_error(data) == ReadError("item.txt", reason)


def test_damaged_utf8_is_refused_rather_than_read_as_mojibake():
    data = ("Военные расходы " * 20).encode("utf-8") + b"\xff" + "растут".encode()
    error = read_error(data)
    assert error.reason.startswith("damaged UTF-8: 1 invalid byte sequence(s)")


def test_item_over_the_size_limit_is_refused():
    data = b"x" * int(6.2 * 1024 * 1024)
    assert read_error(data) == ReadError("item.txt", "item is 6.2 MB, over the 5 MB limit")
    assert read_error(b"x" * 2048, max_bytes=1024).reason == ("item is 2 KB, over the 1 KB limit")
    assert DEFAULT_MAX_ITEM_BYTES == 5 * 1024 * 1024


# --- sources: files, folders, zips ----------------------------------------------------------


def write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def names(results) -> list[str]:
    return [result.name for result in results]


def test_folder_is_walked_recursively_in_sorted_order_skipping_hidden_files(tmp_path):
    root = tmp_path / "batch"
    write(root / "b.txt", BODY)
    write(root / "a" / "z.md", BODY)
    write(root / "a" / "c.json", json.dumps(RECORD))
    write(root / ".hidden.txt", BODY)
    write(root / ".git" / "config.txt", BODY)
    write(root / "c", BODY)  # no extension: sniffed later
    results = list(iter_source_items([root]))
    base = root.as_posix()
    assert names(results) == [f"{base}/a/c.json", f"{base}/a/z.md", f"{base}/b.txt", f"{base}/c"]
    assert [r.format_hint for r in results] == ["json", "md", "txt", None]
    assert all(isinstance(r, SourceItem) for r in results)


def test_folder_items_are_read_one_at_a_time_when_reached(tmp_path):
    write(tmp_path / "a.txt", BODY)
    write(tmp_path / "b.txt", BODY)
    items = iter_source_items([tmp_path])
    first = next(items)
    write(tmp_path / "b.txt", SECOND)  # changed after the walk began, before it was reached
    second = next(items)
    assert first.data == BODY.encode() and second.data == SECOND.encode()


def test_missing_path_and_unsupported_file_type_are_read_errors(tmp_path):
    write(tmp_path / "scan.pdf", b"%PDF-1.7")
    results = list(iter_source_items([tmp_path / "nope.txt", tmp_path / "scan.pdf"]))
    assert results[0] == ReadError((tmp_path / "nope.txt").as_posix(), "no such file or folder")
    assert isinstance(results[1], ReadError)
    assert results[1].reason.startswith("unsupported file type '.pdf'")


def test_a_single_path_string_is_one_path(tmp_path):
    path = write(tmp_path / "a.txt", BODY)
    assert names(iter_source_items(str(path))) == [path.as_posix()]


def test_oversize_file_is_refused_before_it_is_read(tmp_path):
    path = write(tmp_path / "big.txt", b"x" * 3000)
    (result,) = iter_source_items([path], max_bytes=1024)
    assert result == ReadError(path.as_posix(), "item is 2.9 KB, over the 1 KB limit")


def make_zip(members: dict[str, bytes | str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_zip_members_become_items_named_inside_the_archive(tmp_path):
    path = write(
        tmp_path / "batch.zip",
        make_zip(
            {
                "a/b.txt": BODY,
                "feed.csv": "title,body\nA,B\n",
                "__MACOSX/a/._b.txt": "x",
                "a/.DS_Store": "x",
                "notes.docx": "x",
            }
        ),
    )
    results = list(iter_source_items([path]))
    base = path.as_posix()
    assert names(results) == [f"{base}/a/b.txt", f"{base}/feed.csv", f"{base}/notes.docx"]
    assert results[0] == SourceItem(f"{base}/a/b.txt", BODY.encode(), "txt")
    assert results[1].format_hint == "csv"
    assert isinstance(results[2], ReadError)


def test_zip_slip_member_names_are_refused(tmp_path):
    path = write(
        tmp_path / "evil.zip",
        make_zip({"../../etc/passwd.txt": BODY, "/abs.txt": BODY, "ok.txt": BODY}),
    )
    results = {r.name.rsplit("evil.zip/", 1)[1]: r for r in iter_source_items([path])}
    assert isinstance(results["../../etc/passwd.txt"], ReadError)
    assert "unsafe member name" in results["../../etc/passwd.txt"].reason
    assert isinstance(results["/abs.txt"], ReadError)
    assert isinstance(results["ok.txt"], SourceItem)


def test_zip_member_over_the_size_limit_is_refused_by_its_declared_size(tmp_path):
    path = write(tmp_path / "b.zip", make_zip({"big.txt": "x" * 5000, "small.txt": BODY[:100]}))
    big, small = iter_source_items([path], max_bytes=1024)
    assert big == ReadError(f"{path.as_posix()}/big.txt", "item is 4.9 KB, over the 1 KB limit")
    assert isinstance(small, SourceItem)


def test_zip_member_that_lies_about_its_size_is_refused(tmp_path):
    data = bytearray(make_zip({"liar.txt": "x" * 5000}))
    # Rewrite the declared uncompressed size (local header and central directory) to 10.
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = data.find(signature) + offset
        data[at : at + 4] = (10).to_bytes(4, "little")
    path = write(tmp_path / "liar.zip", bytes(data))
    (result,) = iter_source_items([path], max_bytes=1024)
    assert isinstance(result, ReadError)
    assert result.name.endswith("liar.zip/liar.txt")


def test_zip_total_uncompressed_size_is_bounded(tmp_path):
    members = {f"{i}.txt": "y" * 900 for i in range(5)}
    path = write(tmp_path / "many.zip", make_zip(members))
    results = list(iter_source_items([path], max_bytes=1024, max_archive_bytes=2000))
    assert [type(r) for r in results] == [SourceItem, SourceItem, ReadError, ReadError, ReadError]
    assert "total limit" in results[2].reason
    assert results[2].name.endswith("many.zip/2.txt")


def test_zip_nested_one_level_is_read_and_deeper_nesting_is_refused(tmp_path):
    innermost = make_zip({"deep.txt": BODY})
    inner = make_zip({"inner.txt": BODY, "deeper.zip": innermost})
    path = write(tmp_path / "outer.zip", make_zip({"inner.zip": inner, "top.txt": BODY}))
    results = list(iter_source_items([path]))
    base = path.as_posix()
    assert names(results) == [
        f"{base}/inner.zip/deeper.zip",
        f"{base}/inner.zip/inner.txt",
        f"{base}/top.txt",
    ]
    assert isinstance(results[0], ReadError) and "nested" in results[0].reason
    assert isinstance(results[1], SourceItem) and isinstance(results[2], SourceItem)


def test_corrupt_zip_is_a_read_error(tmp_path):
    path = write(tmp_path / "broken.zip", b"PK\x03\x04 not really a zip")
    (result,) = iter_source_items([path])
    assert isinstance(result, ReadError)
    assert result.reason.startswith("not a readable zip file")


def test_mixed_batch_reads_the_good_items_and_reports_each_bad_one(tmp_path):
    write(tmp_path / "good.txt", f"Budgets keep rising\n\n{BODY}\n")
    write(tmp_path / "empty.txt", b"")
    write(tmp_path / "binary.txt", b"\x00\x01\x02")
    write(tmp_path / "list.json", json.dumps([RECORD, {"title": "no body"}]))
    write(tmp_path / "z.zip", make_zip({"inner.md": MARKDOWN, "../slip.txt": BODY}))
    results = []
    for item in iter_source_items([tmp_path]):
        results.extend(read_item(item) if isinstance(item, SourceItem) else [item])
    good = [r.name.rsplit("/", 1)[1] for r in results if isinstance(r, ArticleDraft)]
    bad = {r.name.rsplit("/", 1)[1]: r.reason for r in results if isinstance(r, ReadError)}
    assert good == ["good.txt", "list.json#1", "inner.md"]
    assert bad == {
        "binary.txt": "binary file (found NUL bytes)",
        "empty.txt": "empty file",
        "list.json#2": "JSON record 2 has no body",
        "slip.txt": "unsafe member name (absolute path or '..'): refused",
    }


PATHOLOGICAL = {
    "unclosed bold": "**a " * 25_000,
    "unclosed emphasis": "*a _b ~~c " * 10_000,
    "unclosed brackets": "[a](![b" * 15_000,
    "unclosed autolinks": "<https://" * 12_000,
    "unclosed html comments": "<!--" * 25_000,
    "long whitespace run": "a" + " " * 100_000 + "**b**\\",
    "lowercase paragraphs": "a\n\n" * 33_000,
    "heading with spaces": "# " + " " * 100_000 + "x",
}


@pytest.mark.parametrize("text", PATHOLOGICAL.values(), ids=PATHOLOGICAL.keys())
@pytest.mark.parametrize("format", ["md", "txt", "jsonl", "csv"])
def test_pathological_input_is_read_in_linear_time(text, format):
    # ~100 KB each: linear readers take milliseconds; a quadratic regex would take minutes.
    started = time.perf_counter()
    results = read_item(SourceItem("p", text.encode(), None), format=format)
    assert time.perf_counter() - started < 5
    assert_well_formed(results, "p")


# --- content hash -------------------------------------------------------------------------


def test_content_hash_is_stable_under_whitespace_quote_dash_and_case_changes():
    base = 'Aliyev said "the cooperation is worth $4 billion" - and it\'s growing.'
    variants = [
        "Aliyev said \u201cthe cooperation is worth $4 billion\u201d \u2014 and it\u2019s growing.",
        '  ALIYEV said  "the cooperation is worth\n$4 billion" - and it\'s growing.\n',
        'Aliyev said "the cooperation is worth $4 billion" \u2013 and it\'s growing.',
    ]
    assert all(content_hash(v) == content_hash(base) for v in variants)


def test_content_hash_is_stable_under_unicode_composition():
    assert content_hash("Caf\u00e9 d\u00e9j\u00e0") == content_hash("Cafe\u0301 de\u0301ja\u0300")


def test_content_hash_differs_for_different_text():
    assert content_hash("$3.7 billion in 2024") != content_hash("$3.7 billion in 2013")
    assert len(content_hash("x")) == 64


def test_draft_content_hash_is_the_hash_of_its_body():
    draft = read_one(f"Budgets keep rising\n\n{BODY}\n")
    assert draft.content_hash == content_hash(draft.body)
    rewrapped = read_one(f"Budgets keep rising\n\n{BODY.replace(' in ', chr(10) + 'in ')}\n")
    assert rewrapped.content_hash == draft.content_hash


# --- synthetic corpus ----------------------------------------------------------------------


def test_synthetic_corpus_is_seeded_distinct_and_about_800_words():
    first = list(synthetic_items(20))
    assert [i.data for i in first] == [i.data for i in synthetic_items(20)]
    drafts = [read_one(item.data) for item in first]
    assert len({d.content_hash for d in drafts}) == 20
    assert all(750 <= len(d.body.split()) <= 950 for d in drafts)
    assert all(d.title and d.byline and d.published_precision == "day" for d in drafts)


# --- properties ---------------------------------------------------------------------------


def assert_well_formed(results: list, name: str) -> None:
    assert isinstance(results, list) and results
    for result in results:
        assert isinstance(result, ArticleDraft | ReadError)
        assert result.name.startswith(name)
        if isinstance(result, ReadError):
            assert result.reason and "\n" not in result.reason
            assert not result.reason.startswith("internal error"), result.reason
            continue
        body = result.body
        assert body and body == body.strip()
        assert "\n\n\n" not in body
        assert all(p and p == p.strip() and "\n" not in p for p in body.split("\n\n"))
        assert result.source_format in FORMATS
        assert (result.published_on is None) == (result.published_precision == "unknown")
        assert result.published_precision in PRECISIONS
        assert result.content_hash == content_hash(body)
        assert all(isinstance(block, RemovedBlock) and block.reason for block in result.removed)
        texts = [
            result.title,
            body,
            result.raw,
            result.byline,
            result.url,
            result.standfirst,
            result.publication,
            result.language,
            result.encoding,
            *result.captions,
            *(block.text for block in result.removed),
        ]
        for text in texts:  # storable: PostgreSQL takes neither NUL nor lone surrogates
            assert "\x00" not in text
            text.encode("utf-8")


FORMAT_CHOICES = st.sampled_from(("auto", *FORMATS))
HINTS = st.sampled_from((None, *FORMATS))
FRAGMENTS = st.sampled_from(
    [
        "",
        "Budgets keep rising",
        "By Anna Sample",
        "November 21, 2016",
        "October 7",
        "6 minute read",
        BODY,
        SECOND,
        "# Heading",
        "**Bold standfirst.**",
        "A caption. **Photo / Desk**",
        "![alt](src)",
        "Original url:",
        "<https://example.org/x>",
        "Discussion Policy",
        "  1. Armenian said:",
        "• Vahe said:",
        "```",
        "- item",
        "====",
        '{"body": "x"}',
        "title,body",
        '"a,"b',
        "<p>para</p>",
        "\\$22.7 **x** [t](u) _e_",
    ]
)
DOCUMENTS = st.lists(st.one_of(FRAGMENTS, st.text(max_size=40)), max_size=25).map("\n".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=2000), format=FORMAT_CHOICES, hint=HINTS)
def test_read_item_never_raises_on_arbitrary_bytes(data, format, hint):
    results = read_item(SourceItem("fuzz", data, hint), format=format)
    assert_well_formed(results, "fuzz")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(max_size=2000), format=FORMAT_CHOICES)
def test_read_item_never_raises_on_arbitrary_text_in_any_format(text, format):
    results = read_item(SourceItem("fuzz", text.encode("utf-8"), None), format=format)
    assert_well_formed(results, "fuzz")


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=DOCUMENTS, format=FORMAT_CHOICES)
def test_read_item_never_raises_on_article_shaped_text(text, format):
    results = read_item(SourceItem("fuzz", text.encode("utf-8"), None), format=format)
    assert_well_formed(results, "fuzz")


JSON_VALUES = st.one_of(
    st.text(alphabet=st.characters(codec=None), max_size=200),
    st.sampled_from(
        [
            "2016",
            "2016-11",
            "2016-11-21",
            "https://example.org/x",
            BODY,
            MARKDOWN,
            "\ud800 lone surrogate",
            "NUL \x00 inside",
            "http://a\x00b",
        ]
    ),
    st.integers(),
    st.floats(),
    st.booleans(),
    st.none(),
    st.lists(st.integers(), max_size=2),
)
RECORDS = st.dictionaries(
    st.sampled_from(
        [
            "title",
            "body",
            "url",
            "published",
            "byline",
            "publication",
            "language",
            "text",
            "BODY",
            "other",
        ]
    ),
    JSON_VALUES,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(records=st.lists(RECORDS, max_size=4), as_list=st.booleans())
def test_json_records_with_arbitrary_field_values_never_raise(records, as_list):
    payload = records if as_list or not records else records[0]
    for name, data in (
        ("f.json", json.dumps(payload)),
        ("f.jsonl", "\n".join(json.dumps(r) for r in records) or "{}"),
    ):
        results = read_item(SourceItem(name, data.encode(), None))
        assert_well_formed(results, name)


@settings(max_examples=200, deadline=None)
@given(
    words=st.lists(
        st.text(min_size=1, max_size=12).filter(lambda w: w.split() == [w]), min_size=1, max_size=30
    ),
    gaps=st.lists(st.sampled_from([" ", "  ", "\n", "\t", " \n "]), min_size=30, max_size=30),
)
def test_content_hash_ignores_how_words_are_spaced(words, gaps):
    spaced = "".join(word + gap for word, gap in zip(words, gaps, strict=False))
    assert content_hash(spaced) == content_hash(" ".join(words))


# --- uploads --------------------------------------------------------------------------------


def test_uploaded_streams_become_items_named_as_uploaded():
    import io
    import zipfile

    from articles.importing import iter_uploaded_items

    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("inner/one.txt", "One\n\nBody of one.")
        zf.writestr("../evil.txt", "x")
    archive.seek(0)
    uploads = [
        ("C:\\Users\\me\\story.md", io.BytesIO(b"# Story\n\nText."), 16),
        ("batch.zip", archive, None),
        ("big.txt", io.BytesIO(b"x" * 50), 50),
        ("photo.jpg", io.BytesIO(b"\xff\xd8"), 2),
    ]
    results = list(iter_uploaded_items(uploads, max_bytes=40))
    names = [(type(r).__name__, r.name) for r in results]
    assert names == [
        ("SourceItem", "story.md"),
        ("ReadError", "batch.zip/../evil.txt"),
        ("SourceItem", "batch.zip/inner/one.txt"),
        ("ReadError", "big.txt"),
        ("ReadError", "photo.jpg"),
    ]
