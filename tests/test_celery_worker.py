"""A real Celery worker on the real Redis broker runs a real task against the test database."""

from __future__ import annotations

import uuid

import pytest
from celery import Celery

from .factories import ArticleFactory
from .services import need_redis
from .workers import RunningWorker

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
        ArticleFactory.create_batch(3)
        client = Celery("client", broker=broker, backend=broker)
        result = client.send_task("articles.worker_health", queue=queue)
        assert result.get(timeout=60) == {"articles": 3, "claims": 0, "open_flags": 0}
    finally:
        print(worker.stop())
