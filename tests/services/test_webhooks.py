"""Webhooks against a real HTTP receiver: signed deliveries, retries logged per attempt, and
a subscription that keeps failing paused with a notice; once through a real Celery worker."""

from __future__ import annotations

import json
import logging
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from celery import Celery
from django.db import transaction
from django.urls import reverse

from articles.errors import NotPermitted
from articles.models import ChangeEvent, WebhookDelivery, WebhookSubscription
from articles.services.claim_edit import claim_update
from articles.services.webhook_delivery import retry_delay
from articles.services.webhook_subscriptions import (
    webhook_resume,
    webhook_secret_rotate,
    webhook_subscribe,
)
from articles.tasks import webhook_deliver
from articles.webhook_signing import (
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    signature,
    signature_valid,
)

from ..backing_services import need_redis
from ..factories import TEST_SETUP, ClaimFactory
from ..workers import RunningWorker, wait_for

# --- A real receiver ------------------------------------------------------------------------


@dataclass
class Received:
    headers: dict[str, str]
    body: bytes
    at: float

    @property
    def event(self) -> dict:
        return json.loads(self.body)


@dataclass
class Receiver:
    """An HTTP server on 127.0.0.1 that answers each POST with the next status it is given
    (then the last one again) and keeps what it was sent."""

    statuses: list[int]
    received: list[Received] = field(default_factory=list)
    url: str = ""

    def answer(self) -> int:
        if len(self.statuses) > 1:
            return self.statuses.pop(0)
        return self.statuses[0]


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    state = Receiver(statuses=[200])

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            state.received.append(Received(dict(self.headers), body, time.time()))
            status = state.answer()
            self.send_response(status)
            if status in (301, 302):
                self.send_header("Location", "http://127.0.0.1:9/elsewhere")
            self.end_headers()
            self.wfile.write(b"ok" if status < 300 else b"receiver says no")

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{server.server_address[1]}/hooks/factcheck"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()


@pytest.fixture
def quick_retries(settings):
    settings.FACTCHECK_WEBHOOK_RETRY_SECONDS = 0
    settings.FACTCHECK_WEBHOOK_ATTEMPTS = 3
    settings.FACTCHECK_WEBHOOK_PAUSE_AFTER = 2
    settings.FACTCHECK_WEBHOOK_TIMEOUT = 5
    settings.FACTCHECK_SITE_URL = "https://factcheck.example.org"
    return settings


def subscribed(receiver: Receiver, *kinds: str, actor=TEST_SETUP) -> WebhookSubscription:
    return webhook_subscribe(
        actor=actor, url=receiver.url, kinds=list(kinds) or ["claim.changed"], label="Newsroom"
    )


def changed_claim(claim=None, note: str = "checked") -> ChangeEvent:
    """A change through the real service; the event it wrote."""
    claim = claim or ClaimFactory(metric=None)
    claim_update(actor=TEST_SETUP, claim=claim, changes={"note": note}, expected_version=None)
    return ChangeEvent.objects.filter(object_id=claim.pk).latest("id")


def attempts(subscription: WebhookSubscription) -> list[tuple[int, int | None, bool]]:
    return [
        (d.attempt, d.status_code, d.succeeded)
        for d in WebhookDelivery.objects.filter(subscription=subscription).order_by("id")
    ]


# --- Signing, as a receiver checks it (no database) -------------------------------------------


def test_a_signature_is_valid_only_for_its_body_its_secret_and_a_fresh_timestamp():
    body, now = b'{"kind":"claim.changed"}', 1_800_000_000
    good = signature("s3cret", now, body)
    assert good.startswith("sha256=") and len(good) == len("sha256=") + 64
    assert signature_valid("s3cret", body, str(now), good, now=now + 10)
    assert not signature_valid("s3cret", body + b" ", str(now), good, now=now)  # altered
    assert not signature_valid("other", body, str(now), good, now=now)  # wrong secret
    assert not signature_valid("s3cret", body, str(now + 1), good, now=now)  # other time
    assert not signature_valid("s3cret", body, str(now), good, now=now + 301)  # replayed late
    assert not signature_valid("s3cret", body, "yesterday", good, now=now)


def test_retries_wait_twice_as_long_each_time(settings):
    settings.FACTCHECK_WEBHOOK_RETRY_SECONDS = 30
    assert [retry_delay(n) for n in (1, 2, 3, 4, 5)] == [30, 60, 120, 240, 480]


# --- Deliveries -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_change_is_delivered_after_commit_signed_with_the_subscriptions_secret(
    receiver, quick_retries, reviewer, django_capture_on_commit_callbacks
):
    subscription = subscribed(receiver, "claim.changed", actor=reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        event = changed_claim()
        assert not receiver.received  # nothing leaves before the change commits

    [sent] = receiver.received
    timestamp = sent.headers[TIMESTAMP_HEADER]
    assert abs(int(timestamp) - time.time()) < 60
    assert signature_valid(
        subscription.secret, sent.body, timestamp, sent.headers[SIGNATURE_HEADER]
    )
    assert sent.headers["X-Factcheck-Event"] == str(event.pk)
    assert sent.headers["Content-Type"] == "application/json"
    assert sent.event["kind"] == "claim.changed"
    assert sent.event["object_id"] == event.object_id
    assert sent.event["version"] == 2
    assert sent.event["object"] == (
        f"https://factcheck.example.org/api/v1/claims/{event.object_id}/"
    )
    assert attempts(subscription) == [(1, 200, True)]


@pytest.mark.django_db
def test_only_the_kinds_chosen_are_sent(
    receiver, quick_retries, reviewer, django_capture_on_commit_callbacks
):
    subscribed(receiver, "claim.withdrawn", "flag.opened")
    with django_capture_on_commit_callbacks(execute=True):
        changed_claim()
    assert receiver.received == []


@pytest.mark.django_db
def test_a_change_rolled_back_sends_nothing(
    receiver, quick_retries, django_capture_on_commit_callbacks
):
    subscribed(receiver)
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        changed_claim()
        raise RuntimeError("the change fails after its event was written")
    assert receiver.received == []
    assert not ChangeEvent.objects.exists()


@pytest.mark.django_db
def test_a_receiver_answering_500_then_200_gets_a_retry_and_every_attempt_is_logged(
    receiver, quick_retries
):
    subscription = subscribed(receiver)
    event = changed_claim()
    receiver.statuses = [500, 200]

    webhook_deliver.delay(subscription.pk, event.pk)

    assert attempts(subscription) == [(1, 500, False), (2, 200, True)]
    failed = WebhookDelivery.objects.filter(subscription=subscription).earliest("id")
    assert failed.error.startswith("HTTP 500") and "receiver says no" in failed.error
    # Each attempt is signed afresh, and both carry the same event.
    first, second = receiver.received
    assert first.body == second.body
    for sent in (first, second):
        assert signature_valid(
            subscription.secret, sent.body, sent.headers[TIMESTAMP_HEADER],
            sent.headers[SIGNATURE_HEADER],
        )  # fmt: skip
    subscription.refresh_from_db()
    assert (subscription.active, subscription.consecutive_failures) == (True, 0)


@pytest.mark.django_db
def test_an_event_already_delivered_is_not_sent_again(receiver, quick_retries):
    subscription = subscribed(receiver)
    event = changed_claim()
    webhook_deliver.delay(subscription.pk, event.pk)
    webhook_deliver.delay(subscription.pk, event.pk)  # the task ran twice (a worker died)
    assert len(receiver.received) == 1


@pytest.mark.django_db
def test_a_redirect_or_an_unreachable_receiver_is_a_failed_attempt(receiver, quick_retries):
    subscription = subscribed(receiver)
    receiver.statuses = [302]
    webhook_deliver.delay(subscription.pk, changed_claim().pk)
    assert [status for _, status, _ in attempts(subscription)] == [302, 302, 302]
    assert len(receiver.received) == 3  # the redirect was not followed

    unreachable = webhook_subscribe(
        actor=TEST_SETUP, url="http://127.0.0.1:9/", kinds=["claim.changed"]
    )
    webhook_deliver.delay(unreachable.pk, changed_claim().pk)
    [(attempt, status, ok), *_] = attempts(unreachable)
    assert (attempt, status, ok) == (1, None, False)
    assert (
        "ConnectionError" in WebhookDelivery.objects.filter(subscription=unreachable).first().error
    )


@pytest.mark.django_db
def test_a_receiver_that_keeps_failing_is_paused_with_a_notice(
    receiver, quick_retries, reviewer, client, caplog
):
    subscription = subscribed(receiver, actor=reviewer)
    receiver.statuses = [503]
    claim = ClaimFactory(metric=None)

    with caplog.at_level(logging.WARNING, logger="articles.services.webhook_delivery"):
        webhook_deliver.delay(subscription.pk, changed_claim(claim, "1").pk)
        subscription.refresh_from_db()
        assert (subscription.active, subscription.consecutive_failures) == (True, 1)
        webhook_deliver.delay(subscription.pk, changed_claim(claim, "2").pk)

    subscription.refresh_from_db()
    assert not subscription.active
    assert subscription.consecutive_failures == 2
    assert "Paused after 2 events in a row could not be delivered" in subscription.paused_reason
    assert "HTTP 503" in subscription.paused_reason
    assert len(attempts(subscription)) == 2 * 3  # every attempt of both events logged
    assert any("paused" in record.getMessage() for record in caplog.records)

    # Paused: the next event is not sent at all.
    webhook_deliver.delay(subscription.pk, changed_claim(claim, "3").pk)
    assert len(receiver.received) == 6

    # The notice is on the admin's list and on the subscription's page.
    client.force_login(reviewer)
    listing = client.get(reverse("admin:articles_webhooksubscription_changelist"))
    assert "is paused: Paused after 2 events" in listing.content.decode()
    page = client.get(reverse("admin:articles_webhooksubscription_change", args=[subscription.pk]))
    assert subscription.secret in page.content.decode()
    assert "HTTP 503" in page.content.decode()

    # Resumed, it counts afresh and is sent the next event.
    webhook_resume(actor=reviewer, subscription=subscription)
    receiver.statuses = [200]
    webhook_deliver.delay(subscription.pk, changed_claim(claim, "4").pk)
    subscription.refresh_from_db()
    assert (subscription.active, subscription.consecutive_failures) == (True, 0)
    assert len(receiver.received) == 7


# --- Who may subscribe, and the admin ---------------------------------------------------------


@pytest.mark.django_db
def test_reviewers_subscribe_and_editors_may_not(receiver, editor, reviewer):
    with pytest.raises(NotPermitted):
        subscribed(receiver, actor=editor)
    subscription = subscribed(receiver, actor=reviewer)
    assert len(subscription.secret) == 64
    before = subscription.secret
    assert webhook_secret_rotate(actor=reviewer, subscription=subscription).secret != before


@pytest.mark.django_db
def test_a_reviewer_subscribes_in_the_admin_and_sees_the_secret(client, reviewer, receiver):
    client.force_login(reviewer)
    response = client.post(
        reverse("admin:articles_webhooksubscription_add"),
        {"label": "Partner desk", "url": receiver.url, "kinds": ["flag.opened", "claim.reviewed"]},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    subscription = WebhookSubscription.objects.get()
    assert subscription.kinds == ["claim.reviewed", "flag.opened"]
    assert subscription.created_by == reviewer
    assert subscription.history.first().history_user == reviewer
    page = client.get(reverse("admin:articles_webhooksubscription_change", args=[subscription.pk]))
    assert subscription.secret in page.content.decode()


@pytest.mark.django_db
def test_deliveries_are_a_read_only_log(client, reviewer, receiver, quick_retries):
    subscription = subscribed(receiver)
    webhook_deliver.delay(subscription.pk, changed_claim().pk)
    delivery = WebhookDelivery.objects.get()
    client.force_login(reviewer)
    assert client.get(reverse("admin:articles_webhookdelivery_changelist")).status_code == 200
    page = client.get(reverse("admin:articles_webhookdelivery_change", args=[delivery.pk]))
    assert page.status_code == 200
    assert b'name="_save"' not in page.content
    assert client.get(reverse("admin:articles_webhookdelivery_add")).status_code == 403


# --- Through a real worker on Redis -----------------------------------------------------------


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("seeded")
def test_a_real_worker_dispatches_retries_after_a_backoff_and_delivers(receiver):
    broker = need_redis()
    queue = f"test-{uuid.uuid4().hex}"
    worker = RunningWorker(
        broker, queue, FACTCHECK_WEBHOOK_RETRY_SECONDS="1", FACTCHECK_WEBHOOK_ATTEMPTS="3"
    )
    try:
        # The change first: this process (no broker, eager) has no subscription to send to.
        event = changed_claim()
        subscription = subscribed(receiver)
        receiver.statuses = [500, 200]
        client = Celery("client", broker=broker)
        client.send_task("articles.webhooks_dispatch", args=[[event.pk]], queue=queue)
        assert wait_for(lambda: len(attempts(subscription)) == 2, timeout=90)
    finally:
        print(worker.stop())
    assert attempts(subscription) == [(1, 500, False), (2, 200, True)]
    first, second = receiver.received
    assert second.at - first.at >= 0.9  # the retry waited its backoff
    assert signature_valid(
        subscription.secret, second.body, second.headers[TIMESTAMP_HEADER],
        second.headers[SIGNATURE_HEADER],
    )  # fmt: skip
