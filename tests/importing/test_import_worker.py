"""Large imports through real Celery workers on Redis: exact counts, even when one dies."""

from __future__ import annotations

import json
import uuid

import pytest

from articles.models import Article, ImportRun, ImportStatus

from ..backing_services import need_redis
from ..workers import RunningWorker, manage, wait_for

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("seeded"),
    pytest.mark.services,
]

BODY = "Azerbaijan's defense budget rose to $3.7 billion in 2024, SIPRI said."


def write_articles(folder, count: int) -> None:
    for i in range(count):
        # Long enough that a chunk takes a moment, so a kill lands mid-run.
        filler = " ".join(f"word{i}x{j}" for j in range(300))
        (folder / f"article-{i:05d}.txt").write_text(f"Story {i}\n\n{BODY}\n\n{filler}")


def finished(run_id: int) -> bool:
    return ImportRun.objects.get(pk=run_id).status == ImportStatus.FINISHED


@pytest.fixture
def broker_queue():
    return need_redis(), f"test-{uuid.uuid4().hex}"


def test_an_async_import_runs_on_a_worker_and_a_second_one_finds_only_duplicates(
    tmp_path, broker_queue
):
    broker, queue = broker_queue
    write_articles(tmp_path, 30)
    worker = RunningWorker(broker, queue, FACTCHECK_IMPORT_CHUNK_SIZE="7")
    try:
        result = manage(broker, queue, "import_articles", str(tmp_path), "--async", "--json",
                        FACTCHECK_IMPORT_CHUNK_SIZE="7")  # fmt: skip
        assert result.returncode == 0, result.stderr
        run_id = json.loads(result.stdout.strip().splitlines()[-1])["run"]
        assert wait_for(lambda: finished(run_id))
        run = ImportRun.objects.get(pk=run_id)
        assert (run.seen, run.created, run.duplicate, run.failed) == (30, 30, 0, 0)

        again = manage(broker, queue, "import_articles", str(tmp_path), "--async", "--json")
        again_id = json.loads(again.stdout.strip().splitlines()[-1])["run"]
        assert wait_for(lambda: finished(again_id))
        rerun = ImportRun.objects.get(pk=again_id)
        assert (rerun.seen, rerun.created, rerun.duplicate) == (30, 0, 30)
    finally:
        print(worker.stop())
    assert Article.objects.count() == 30


def test_a_worker_killed_mid_import_leaves_a_run_that_finishes_exactly_on_resume(
    tmp_path, broker_queue
):
    broker, queue = broker_queue
    total = 600
    write_articles(tmp_path, total)
    env = {"FACTCHECK_IMPORT_CHUNK_SIZE": "40"}
    staged = manage(broker, queue, "import_articles", str(tmp_path), "--async", "--json", **env)
    assert staged.returncode == 0, staged.stderr
    run_id = json.loads(staged.stdout.strip().splitlines()[-1])["run"]

    first = RunningWorker(broker, queue, **env)
    assert wait_for(lambda: ImportRun.objects.get(pk=run_id).created >= 40, timeout=120)
    first.kill()
    interrupted = ImportRun.objects.get(pk=run_id)
    assert interrupted.status != ImportStatus.FINISHED
    assert interrupted.created % 40 == 0, "a chunk must be all or nothing"

    second = RunningWorker(broker, queue, **env)
    try:
        resumed = manage(broker, queue, "import_resume", str(run_id), **env)
        assert resumed.returncode == 0, resumed.stderr
        assert wait_for(lambda: finished(run_id), timeout=180)
    finally:
        print(second.stop())
    run = ImportRun.objects.get(pk=run_id)
    assert (run.seen, run.created, run.duplicate, run.failed) == (total, total, 0, 0)
    assert Article.objects.count() == total
