"""The import service: idempotent, nothing lost, bad items reported by name, counts exact."""

from __future__ import annotations

import datetime
import io
import json
import zipfile

import pytest
from django.core.management import call_command

from articles.errors import NotPermitted
from articles.importing import SourceItem
from articles.models import (
    Article,
    Claim,
    ClaimStatus,
    ImportIssue,
    ImportRun,
    ImportStatus,
    IssueSeverity,
    Publication,
    StagedItem,
)
from articles.services.articles_import import (
    ImportOptions,
    articles_import,
    articles_import_paths,
    import_chunk_process,
)

from ..factories import TEST_SETUP, ClaimFactory, json_article, txt

pytestmark = pytest.mark.django_db

BODY = (
    "Azerbaijan's defense expenditures rose from $2.2 billion in 2020 to $3.7 billion in 2024, "
    "according to SIPRI.\n\nArmenia's military spending grew to $1.4 billion in 2024."
)


def test_seed_articles_import_and_a_second_import_creates_nothing(seeds_dir):
    first = articles_import_paths(actor=TEST_SETUP, paths=[seeds_dir])
    assert (first.seen, first.created, first.failed) == (5, 5, 0)
    assert first.status == ImportStatus.FINISHED
    second = articles_import_paths(actor=TEST_SETUP, paths=[seeds_dir])
    assert (second.created, second.updated, second.duplicate) == (0, 0, 5)
    assert Article.objects.count() == 5


def test_seed_article_metadata_survives_into_the_database(seeds_dir):
    articles_import_paths(actor=TEST_SETUP, paths=[seeds_dir])
    moscow_times = Article.objects.get(source_name__endswith="002_1b5ff0a15d8c4385.txt")
    assert (
        moscow_times.title == "Russia Emerges as Winner in Arms Race Between Armenia and Azerbaijan"
    )
    assert moscow_times.byline == "Matthew Bodner"
    assert moscow_times.published_on == datetime.date(2016, 11, 21)
    assert moscow_times.published_precision == "day"
    assert moscow_times.url.startswith("https://www.themoscowtimes.com/2016/11/21/")
    assert "\\$" not in moscow_times.body
    undated = Article.objects.get(source_name__endswith="000_7f48e30d65ca8725.txt")
    assert undated.published_on is None
    assert undated.published_precision == "unknown"
    commented = Article.objects.get(source_name__endswith="003_d5e8f4d8fcec2834.txt")
    assert "Discussion Policy" not in commented.body
    assert any(block["reason"] == "comment_section" for block in commented.removed)
    assert "Discussion Policy" in commented.raw


def test_a_mixed_batch_imports_the_good_and_reports_each_bad_item_by_name():
    items = [
        txt("good-1.txt", BODY),
        SourceItem(name="empty.txt", data=b"", format_hint="txt"),
        SourceItem(name="binary.txt", data=b"\x00\x01\x02\xff" * 50, format_hint="txt"),
        SourceItem(name="broken.json", data=b'{"title": "x", "body": ', format_hint="json"),
        json_article("no-body.json", title="Only a title"),
        txt("good-2.txt", BODY.replace("SIPRI", "CAWAT")),
    ]
    run = articles_import(actor=TEST_SETUP, sources=items)
    assert (run.seen, run.created, run.failed) == (6, 2, 4)
    failed = dict(
        ImportIssue.objects.filter(run=run, severity=IssueSeverity.ERROR).values_list(
            "item", "message"
        )
    )
    assert set(failed) == {"empty.txt", "binary.txt", "broken.json", "no-body.json"}
    assert all(message for message in failed.values())


def test_an_item_over_the_size_limit_is_refused_with_the_sizes():
    big = txt("big.txt", BODY + "\n\n" + "word " * 400)
    run = articles_import(actor=TEST_SETUP, sources=[big], options=ImportOptions(max_bytes=1000))
    assert run.failed == 1
    assert "limit" in run.issues.get().message


def test_duplicates_within_one_batch_are_counted_once():
    run = articles_import(actor=TEST_SETUP, sources=[txt("a.txt", BODY), txt("b.txt", BODY)])
    assert (run.created, run.duplicate) == (1, 1)


def test_trivial_reformatting_is_still_the_same_article():
    articles_import(actor=TEST_SETUP, sources=[txt("a.txt", BODY)])
    curly = BODY.replace("'", "\u2019")
    run = articles_import(actor=TEST_SETUP, sources=[txt("a-again.txt", curly)])
    assert (run.created, run.duplicate) == (0, 1)


def test_options_set_publication_and_published_date_for_the_batch():
    run = articles_import(
        actor=TEST_SETUP,
        sources=[txt("a.txt", BODY)],
        options=ImportOptions(publication="Armenpress", published=datetime.date(2025, 10, 8)),
    )
    article = run.articles.get()
    assert article.publication == Publication.objects.get(name="Armenpress")
    assert (article.published_on, article.published_precision) == (
        datetime.date(2025, 10, 8),
        "day",
    )


def test_same_url_with_a_new_body_updates_keeps_history_and_reanchors_claims():
    url = "https://news.example.org/caucasus-arms"
    articles_import(
        actor=TEST_SETUP, sources=[json_article("v1.json", title="v1", body=BODY, url=url)]
    )
    article = Article.objects.get(url=url)
    moved = ClaimFactory(article=article, phrase="$3.7 billion")
    lost = ClaimFactory(article=article, phrase="$1.4 billion", value=1400000000)
    new_body = "An editor's note was added at the top.\n\n" + BODY.replace(
        "$1.4 billion", "$1.5 bn"
    )
    run = articles_import(
        actor=TEST_SETUP, sources=[json_article("v2.json", title="v2", body=new_body, url=url)]
    )
    assert (run.created, run.updated) == (0, 1)
    article.refresh_from_db()
    assert article.body == new_body
    assert [h.body for h in article.history.order_by("history_id")] == [BODY, new_body]

    moved.refresh_from_db()
    assert article.body[moved.start : moved.end] == "$3.7 billion"
    assert moved.start > BODY.index("$3.7 billion")
    lost.refresh_from_db()
    assert Claim.objects.filter(pk=lost.pk).exists()
    assert lost.status == ClaimStatus.NEEDS_REVIEW
    assert lost.anchored is False
    warning = run.issues.get(severity=IssueSeverity.WARNING)
    assert f"claim {lost.pk}" in warning.message


def test_importing_needs_the_import_permission(outsider, editor):
    with pytest.raises(NotPermitted):
        articles_import(actor=outsider, sources=[txt("a.txt", BODY)])
    assert not ImportRun.objects.exists()
    run = articles_import(actor=editor, sources=[txt("a.txt", BODY)])
    assert run.created == 1
    assert run.started_by == editor
    assert run.articles.get().history.get().history_user == editor


def test_a_zip_of_articles_imports_each_member():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("one.txt", f"One\n\n{BODY}")
        archive.writestr("two.md", f"# Two\n\n{BODY.replace('SIPRI', 'the ministry')}")
        archive.writestr("../escape.txt", "Zip slip\n\nThis member tries to escape the folder.")
    path = _write(buffer.getvalue(), "batch.zip")
    run = articles_import_paths(actor=TEST_SETUP, paths=[path])
    assert (run.created, run.failed) == (2, 1)
    assert "escape.txt" in run.issues.get().item


def _write(data: bytes, name: str):
    import tempfile
    from pathlib import Path

    folder = Path(tempfile.mkdtemp())
    (folder / name).write_bytes(data)
    return folder / name


# --- Staged path (Celery; eager here, real workers in test_import_worker.py) -----------------


def test_asynchronous_import_stages_items_and_finishes_with_exact_counts(
    settings, django_capture_on_commit_callbacks
):
    settings.FACTCHECK_IMPORT_CHUNK_SIZE = 2
    items = [txt(f"a{i}.txt", f"{BODY}\n\nItem {i}.") for i in range(5)]
    items.append(SourceItem(name="empty.txt", data=b"", format_hint="txt"))
    with django_capture_on_commit_callbacks(execute=True):
        run = articles_import(actor=TEST_SETUP, sources=items, asynchronous=True)
    run.refresh_from_db()
    assert run.status == ImportStatus.FINISHED
    assert (run.seen, run.created, run.failed) == (6, 5, 1)
    assert StagedItem.objects.filter(run=run).values("chunk").distinct().count() == 3
    assert set(StagedItem.objects.filter(run=run).values_list("data", flat=True)) == {b""}


def test_running_a_chunk_again_imports_nothing_twice(settings, django_capture_on_commit_callbacks):
    settings.FACTCHECK_IMPORT_CHUNK_SIZE = 10
    with django_capture_on_commit_callbacks(execute=True):
        run = articles_import(
            actor=TEST_SETUP,
            sources=[txt(f"a{i}.txt", f"{BODY}\n\nItem {i}.") for i in range(3)],
            asynchronous=True,
        )
    again = import_chunk_process(run_id=run.pk, chunk=0)
    assert (again.seen, again.created, again.duplicate) == (3, 3, 0)
    assert Article.objects.count() == 3


def test_a_chunk_for_a_deleted_run_returns_quietly():
    assert import_chunk_process(run_id=987654, chunk=0) is None


# --- The command ----------------------------------------------------------------------------


def test_command_json_summary_is_the_last_line_and_exit_status_says_failures(tmp_path, capsys):
    (tmp_path / "good.txt").write_text(f"Title\n\n{BODY}")
    (tmp_path / "empty.txt").write_text("")
    with pytest.raises(SystemExit) as exit_info:
        call_command("import_articles", str(tmp_path), "--json")
    assert exit_info.value.code == 1
    summary = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert summary["seen"] == 2
    assert summary["created"] == 1
    assert summary["duplicates"] == 0
    assert summary["failed"] == 1
    assert summary["errors"][0]["item"].endswith("empty.txt")
    assert set(summary) >= {"run", "seen", "created", "updated", "duplicates", "failed", "errors"}


def test_command_succeeds_with_status_zero_when_nothing_failed(tmp_path, capsys):
    (tmp_path / "good.txt").write_text(f"Title\n\n{BODY}")
    call_command("import_articles", str(tmp_path))
    assert "created" in capsys.readouterr().out


def test_command_usage_errors_exit_with_status_two(tmp_path):
    import subprocess
    import sys

    from ..conftest import REPO

    def run(*args: str) -> int:
        return subprocess.run(
            [sys.executable, "manage.py", "import_articles", *args],
            cwd=REPO,
            capture_output=True,
            timeout=120,
        ).returncode

    assert run(str(tmp_path / "missing-folder")) == 2
    assert run(str(tmp_path), "--published", "21/11/2016") == 2
    assert run(str(tmp_path), "--format", "docx") == 2


def test_an_article_without_a_title_is_titled_by_its_first_sentence():
    body = (
        "On October 7, the spokesperson pressed Azerbaijan to engage in mutual arms control "
        "measures in an effort to reduce tensions. Nothing came of it."
    )
    item = SourceItem(name="untitled.txt", data=body.encode(), format_hint="txt")
    article = articles_import(actor=TEST_SETUP, sources=[item]).articles.get()
    assert article.title.startswith("On October 7, the spokesperson pressed Azerbaijan")
    assert article.title.endswith("…")
    assert len(article.title) <= 100
