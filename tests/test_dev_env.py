"""A development checkout's .env: written once by ``make run``, read by ``manage.py`` only.

Commands run in a fresh shell (no DEBUG, no SECRET_KEY exported) work with it; without it,
or through gunicorn's WSGI entry point, the site still refuses to start without a real key;
and a variable set in the environment wins over the file.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from factcheck.dev_env import BASE_DIR, dev_env_write

pytestmark = pytest.mark.timeout(120)


def fresh_shell(**extra: str) -> dict[str, str]:
    """The environment of a new terminal: none of the settings the project reads."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS", "FACTCHECK_ENV_FILE"}
    }
    env.update(extra)
    return env


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args], cwd=BASE_DIR, env=env, capture_output=True, text=True, check=False
    )


def test_the_file_holds_debug_a_fresh_secret_and_the_sqlite_database(tmp_path: Path):
    path = tmp_path / ".env"
    assert dev_env_write(path) is True
    lines = dict(line.split("=", 1) for line in path.read_text().splitlines() if "=" in line)
    assert lines["DEBUG"] == "1"
    assert len(lines["SECRET_KEY"]) >= 50 and not lines["SECRET_KEY"].startswith("django-insecure")
    assert lines["DATABASE_URL"] == f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600  # it holds a secret

    other = tmp_path / "other.env"
    dev_env_write(other)
    assert other.read_text() != path.read_text()  # each checkout its own secret


def test_an_existing_file_is_kept(tmp_path: Path):
    path = tmp_path / ".env"
    path.write_text("DEBUG=1\nSECRET_KEY=kept-by-the-developer\n")
    assert dev_env_write(path) is False
    assert path.read_text() == "DEBUG=1\nSECRET_KEY=kept-by-the-developer\n"


def test_commands_work_in_a_fresh_shell_with_the_file(tmp_path: Path):
    path = tmp_path / ".env"
    dev_env_write(path)
    env = fresh_shell(FACTCHECK_ENV_FILE=str(path))
    helped = run(["manage.py", "api_token", "--help"], env)
    assert helped.returncode == 0, helped.stderr
    assert "rotate" in helped.stdout
    checked = run(["manage.py", "check"], env)
    assert checked.returncode == 0, checked.stderr


def test_without_the_file_a_command_still_refuses_to_start_without_a_key(tmp_path: Path):
    env = fresh_shell(FACTCHECK_ENV_FILE=str(tmp_path / "missing.env"))
    result = run(["manage.py", "check"], env)
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_the_wsgi_server_never_reads_the_file(tmp_path: Path):
    path = tmp_path / ".env"
    dev_env_write(path)
    result = run(["-c", "import factcheck.wsgi"], fresh_shell(FACTCHECK_ENV_FILE=str(path)))
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_the_environment_wins_over_the_file(tmp_path: Path):
    path = tmp_path / ".env"
    dev_env_write(path)
    env = fresh_shell(FACTCHECK_ENV_FILE=str(path), DEBUG="0", SECRET_KEY="too-short")
    result = run(["manage.py", "check"], env)
    assert result.returncode != 0
    assert "SECRET_KEY is too weak" in result.stderr
