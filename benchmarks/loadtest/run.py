"""``make loadtest``: gunicorn (2 workers) and a Celery worker on PostgreSQL and Redis on
loopback, Locust in headless mode for a bounded time, then the pass criteria are checked.

Uses a scratch PostgreSQL database (dropped and created) and its own Redis database and
queue; exit status 0 only when every criterion holds.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PY = sys.executable
DB = os.environ.get("LOADTEST_DB", "factcheck_load")
PG = os.environ.get("LOADTEST_PG", "postgres://postgres@127.0.0.1:5432")
REDIS = os.environ.get("LOADTEST_REDIS", "redis://127.0.0.1:6379/13")
SECONDS = os.environ.get("LOADTEST_SECONDS", "60")
USERS = os.environ.get("LOADTEST_USERS", "24")
IMPORT_ARTICLES = os.environ.get("LOADTEST_IMPORT_ARTICLES", "2000")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def main() -> int:
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)")
        admin.execute(f"CREATE DATABASE {DB}")
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"{PG}/{DB}",
        "CELERY_BROKER_URL": REDIS,
        "CELERY_TASK_DEFAULT_QUEUE": f"load-{port}",
        "DEBUG": "0",
        "SECRET_KEY": "loadtest-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "WHITENOISE_USE_FINDERS": "1",
        # The load is many users from one address: it measures the app, not the throttle.
        "API_THROTTLE_ANON": "1000000/min",
        "API_THROTTLE_USER": "1000000/min",
    }
    work = Path(tempfile.mkdtemp(prefix="factcheck-load-"))
    seed = work / "seed.json"
    run = lambda *args: subprocess.run(args, cwd=REPO, env=env, check=True)  # noqa: E731
    run(PY, "manage.py", "migrate", "-v0")
    run(PY, "manage.py", "loadtest_seed", "--out", str(seed),
        "--import-articles", IMPORT_ARTICLES)  # fmt: skip

    processes = [
        subprocess.Popen(
            [PY, "-m", "gunicorn", "factcheck.wsgi:application", "--bind",
             f"127.0.0.1:{port}", "--workers", "2", "--log-level", "warning"],
            cwd=REPO, env=env,
        ),
        subprocess.Popen(
            [PY, "-m", "celery", "-A", "factcheck", "worker", "--concurrency", "1",
             "--queues", env["CELERY_TASK_DEFAULT_QUEUE"], "--loglevel", "WARNING"],
            cwd=REPO, env=env,
        ),
    ]  # fmt: skip
    try:
        time.sleep(3)
        locust_env = {**env, "LOADTEST_SEED": str(seed), "LOADTEST_LOG_DIR": str(work)}
        subprocess.run(
            [PY, "-m", "locust", "-f", str(Path(__file__).with_name("locustfile.py")), "--headless",
             "--users", USERS, "--spawn-rate", "8", "--run-time", f"{SECONDS}s",
             "--host", f"http://127.0.0.1:{port}", "--only-summary", "--stop-timeout", "10"],
            cwd=REPO, env=locust_env, check=False,
        )  # fmt: skip
        # The import may still be on the worker: give it time to finish.
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            done = subprocess.run(
                [PY, "manage.py", "shell", "-v", "0", "-c",
                 "from articles.models import ImportRun; import sys; "
                 "sys.exit(0 if not ImportRun.objects.exclude(status='finished').exists() else 1)"],
                cwd=REPO, env=env, check=False,
            )  # fmt: skip
            if done.returncode == 0:
                break
            time.sleep(2)
        check = subprocess.run(
            [PY, "manage.py", "loadtest_check", str(work),
             "--import-articles", IMPORT_ARTICLES],
            cwd=REPO, env=env, check=False,
        )  # fmt: skip
        return check.returncode
    finally:
        for process in processes:
            process.send_signal(signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()


if __name__ == "__main__":
    sys.exit(main())
