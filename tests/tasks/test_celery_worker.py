"""A real Celery worker on the real Redis broker runs a real task against the test database."""

from __future__ import annotations

import uuid

import pytest
from celery import Celery

from articles.models import Article, Claim

from ..backing_services import need_redis
from ..factories import ArticleFactory
from ..workers import RunningWorker

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("seeded"),
    pytest.mark.services,
]


def test_a_real_worker_runs_a_task_against_the_same_database():
    broker = need_redis()
    queue = f"test-{uuid.uuid4().hex}"
    worker = RunningWorker(broker, queue)
    try:
        before = Article.objects.count()
        ArticleFactory.create_batch(3)
        client = Celery("client", broker=broker, backend=broker)
        result = client.send_task("articles.worker_health", queue=queue)
        # Earlier eager tasks in this process may have left Celery's "inside a task" mark;
        # this test is not a task, so waiting on the result is what it must do.
        answer = result.get(timeout=60, disable_sync_subtasks=False)
        # The worker counts the three articles this test just committed.
        assert answer["articles"] == before + 3 == Article.objects.count()
        assert answer["claims"] == Claim.objects.count()
    finally:
        print(worker.stop())
