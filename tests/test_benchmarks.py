"""The benchmarks run as the README says: a command on a scratch database, nothing else.

``benchmark_pages`` once needed ``SECURE_SSL_REDIRECT=0`` and collected static files from
whoever ran it; it now sets both up itself. This runs it the README's way, in a process of
its own with production settings (DEBUG off), on a small record.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from .backing_services import need_postgresql

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("seeded")  # the roles and metrics, after an earlier test's flush
def test_benchmark_pages_runs_with_production_settings_as_the_readme_says():
    need_postgresql()
    db = connection.settings_dict
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DEBUG", "SECURE_SSL_REDIRECT", "FACTCHECK_ENV_FILE")
    }
    env.update(
        DATABASE_URL=f"postgres://{db['USER'] or 'postgres'}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}",
        DEBUG="0",
        ALLOWED_HOSTS="localhost",
        SECRET_KEY="benchmark-test-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        FACTCHECK_ENV_FILE=str(ROOT / "no-such-env-file"),
    )
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "benchmark_pages",
            *("--claims", "300", "--requests", "3"),
            "--json",
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        cwd=ROOT,
        env=env,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(result.stdout[result.stdout.index("{") :])
    assert report["claims"] >= 300
    for page in ("claim", "figure", "search"):
        assert report["pages"][page]["median_ms"] > 0, report
        assert report["pages"][page]["queries_per_request"] > 0, report


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("seeded")  # the countries and metrics the synthetic claims use
def test_benchmark_reconcile_times_runs_that_do_the_work():
    """The full runs place every claim, and each timed re-check after an edit writes the
    flag the edit changed (not a second run that finds nothing left to do)."""
    from django.core.management import call_command

    need_postgresql()
    out = io.StringIO()
    call_command(
        "benchmark", "reconcile", "--claims", "2000", "--keys", "100", "--runs", "1", "--json",
        stdout=out, stderr=io.StringIO(),
    )  # fmt: skip
    report = json.loads(out.getvalue())
    assert report["full_reconcile"]["claims_placed"] == 2000
    assert report["full_reconcile"]["figures_created"] >= 100
    assert report["full_reconcile"]["flags_opened"] > 0
    assert report["second_full_reconcile"]["flags_opened"] == 0
    assert report["incremental_ms"]["edits"] == 20
    assert report["incremental_ms"]["flags_written"] > 0
    assert set(report["full_reconcile_phases"]) >= {"place", "rules", "flags", "commit"}


def _benchmark_extraction(eval_dir: Path, languages_dir: Path) -> dict:
    from django.core.management import call_command

    out = io.StringIO()
    folders = ("--eval-dir", str(eval_dir), "--languages-dir", str(languages_dir))
    call_command("benchmark", "extraction", *folders, "--repeat", "1", stdout=out)
    return json.loads(out.getvalue())


def _write_jsonl(path: Path, sentences: list[str]) -> None:
    path.write_text("".join(json.dumps({"sentence": s}) + "\n" for s in sentences), "utf-8")


def test_benchmark_extraction_reads_english_then_every_language_together(tmp_path: Path):
    """English from the eval folder, then every other language's set beside it; the counts
    say which sentences were read (a set of English stays out of "the other languages")."""
    english = tmp_path / "shared"
    english.mkdir()
    _write_jsonl(english / "seeds_gold.jsonl", ["Azerbaijan spent $3.7 billion in 2024."])
    _write_jsonl(english / "peer_currency_en.jsonl", ["Georgia got 900 million lari."])
    languages = tmp_path / "languages"
    languages.mkdir()
    _write_jsonl(languages / "ru_gold.jsonl", ["Азербайджан потратил 3,7 млрд долларов."])
    _write_jsonl(languages / "tr_gold.jsonl", ["Türkiye 1,5 milyar dolar harcadı.", "Yok."])
    _write_jsonl(languages / "en_gold.jsonl", ["Armenia spent $1.4 billion."])
    report = _benchmark_extraction(english, languages)
    assert report["sentences"] == 2
    assert report["source"] == "shared/eval sentences"
    assert report["sentences_per_second_best"] > 0
    together = report["all_languages"]
    assert together["sentences"] == 5
    assert together["languages"] == ["en", "ru", "tr"]
    assert together["sentences_per_second_best"] > 0
    assert together["share_of_english"] == pytest.approx(
        together["sentences_per_second_best"] / report["sentences_per_second_best"], abs=0.01
    )


def test_benchmark_extraction_falls_back_to_the_sample_corpus(tmp_path: Path):
    """Without the shared eval sentences or the language sets, English comes from the sample
    corpus's paragraphs and the languages' part is left out."""
    report = _benchmark_extraction(tmp_path, tmp_path)
    assert report["source"] == "sample corpus paragraphs"
    assert report["sentences"] > 20
    assert "all_languages" not in report
