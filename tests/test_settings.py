"""Production settings: refuse to start without a real secret, and pass check --deploy."""

from __future__ import annotations

import os
import subprocess
import sys

from .conftest import REPO

STRONG_KEY = "k" * 10 + "Zx8-p2!Qm4@vB7#nL1$wR6%tY9^uI3&oP5*aS0(dF)" + "g" * 10


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    base = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {
            "DEBUG",
            "SECRET_KEY",
            "SECURE_SSL_REDIRECT",
            "SESSION_COOKIE_SECURE",
            "CSRF_COOKIE_SECURE",
            "WHITENOISE_USE_FINDERS",
            "ALLOWED_HOSTS",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_site_refuses_to_start_without_secret_key_when_debug_is_off():
    result = run_manage("check", DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_site_refuses_a_weak_secret_key_when_debug_is_off():
    result = run_manage("check", DEBUG="0", SECRET_KEY="django-insecure-short")
    assert result.returncode != 0
    assert "SECRET_KEY is too weak" in result.stderr


def test_debug_mode_starts_without_a_secret_key():
    result = run_manage("check", DEBUG="1")
    assert result.returncode == 0, result.stderr


def test_check_deploy_reports_no_warnings_with_production_settings():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        SECRET_KEY=STRONG_KEY,
        ALLOWED_HOSTS="factcheck.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_warns_when_production_turns_off_https_protections():
    # The check above must be able to fail: with HSTS off it does.
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        SECRET_KEY=STRONG_KEY,
        ALLOWED_HOSTS="factcheck.example.org",
        SECURE_HSTS_SECONDS="0",
    )
    assert result.returncode != 0
    assert "security.W004" in result.stdout + result.stderr


def test_booleans_in_the_environment_are_checked():
    result = run_manage("check", DEBUG="maybe")
    assert result.returncode != 0
    assert "DEBUG must be a boolean" in result.stderr


def test_production_hashes_passwords_with_a_slow_hasher_and_tests_with_a_cheap_one():
    """The suite's cheap hasher (conftest.fast_password_hashing) stays in the suite."""
    from django.contrib.auth.hashers import get_hasher

    result = run_manage(
        "shell",
        "-c",
        "from django.contrib.auth.hashers import get_hasher; print(get_hasher().algorithm)",
        DEBUG="0",
        SECRET_KEY=STRONG_KEY,
        ALLOWED_HOSTS="factcheck.example.org",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "pbkdf2_sha256"
    assert get_hasher().algorithm == "md5"
