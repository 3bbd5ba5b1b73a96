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
