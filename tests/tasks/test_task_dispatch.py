"""Services enqueue tasks by name; the tasks module is never imported by a service."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

from articles.services import task_dispatch

SERVICES = Path(task_dispatch.__file__).parent
NAMES = [
    task_dispatch.IMPORT_CHUNK,
    task_dispatch.EXTRACT_ARTICLES,
    task_dispatch.RECONCILE_KEYS,
    task_dispatch.WEBHOOKS_DISPATCH,
    task_dispatch.WEBHOOK_DELIVER,
]


def test_no_service_imports_the_tasks_module():
    offenders = []
    for module in sorted(SERVICES.glob("*.py")):
        for node in ast.walk(ast.parse(module.read_text())):
            if isinstance(node, ast.ImportFrom):
                names = [node.module or ""] + [alias.name for alias in node.names]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            if any(name.endswith("tasks") for name in names):
                offenders.append(f"{module.name}:{node.lineno}")
    assert offenders == []


def test_a_fresh_web_process_finds_every_task_a_service_enqueues():
    """A web process has not imported the task modules (only a worker discovers them at
    start); the lookup by name must still find each task."""
    script = (
        "import django; django.setup()\n"
        "from celery import current_app\n"
        "from articles.services.task_dispatch import registered_task\n"
        "before = sorted(n for n in current_app.tasks if n.startswith('articles.'))\n"
        f"found = [registered_task(n).name for n in {NAMES!r}]\n"
        "print(before, found)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "factcheck.settings",
            "DEBUG": "1",
        },
        cwd=Path(__file__).resolve().parents[2],
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == f"[] {NAMES!r}"
