"""Delivering change events to webhooks: after the commit, signed, logged, retried, paused.

The path of one event:

1. ``changes_record`` writes events inside the change's transaction and asks, here, for them
   to be dispatched once that transaction commits (``webhooks_after_commit``). A rolled-back
   change dispatches nothing: Django drops its commit callbacks with it. (The ids travel in
   the callback itself rather than in a list kept per thread, which a rolled-back
   transaction would leave behind for the next one to send.)
2. The dispatch task pairs each event with the active subscriptions that want its kind
   (``webhook_deliveries_enqueue``) and enqueues one delivery task per pair.
3. The delivery task calls ``webhook_deliver``: one signed POST (``articles.webhook_signing``),
   one ``WebhookDelivery`` row for the attempt whatever happened, and the verdict. A 2xx is
   a delivery; anything else (another status, a redirect, a timeout, a refused connection)
   is a failed attempt that the task retries with exponential backoff, up to
   ``FACTCHECK_WEBHOOK_ATTEMPTS`` attempts. An event whose every attempt failed counts one
   failure for its subscription; ``FACTCHECK_WEBHOOK_PAUSE_AFTER`` failures in a row pause
   it, with the reason in the admin and a warning in the log. Any delivery resets the count.

Deliveries are at least once: a worker that dies between the POST and its acknowledgement
sends the event again (the task skips events already delivered to that subscription when it
can tell), so receivers de-duplicate by ``X-Factcheck-Event``. Order is not promised
either: retries overtake. A receiver that needs both reads the change feed.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial

import requests
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from articles.models import ChangeEvent, WebhookDelivery, WebhookSubscription
from articles.selectors.changes import change_event_data
from articles.webhook_signing import signed_headers

from .actors import WEBHOOKS, history_note
from .task_dispatch import WEBHOOK_DELIVER, WEBHOOKS_DISPATCH, task_enqueue

logger = logging.getLogger(__name__)

# Enough of a receiver's answer to say what went wrong, not a page of HTML.
ERROR_CHARS = 500

# --- After the commit -----------------------------------------------------------------------


def webhooks_after_commit(event_ids: Iterable[int]) -> None:
    """Dispatch these events once the current transaction commits (never if it rolls back)."""
    ids = list(event_ids)
    if ids:
        # Robust: the change is committed already; a broker or receiver in trouble is logged,
        # never turned into an error for the person who made the change.
        transaction.on_commit(partial(_dispatch, ids), robust=True)


def _dispatch(event_ids: list[int]) -> None:
    # Without a subscription, a change costs this one query and no task.
    if WebhookSubscription.objects.filter(active=True).exists():
        task_enqueue(WEBHOOKS_DISPATCH, event_ids)


def webhook_deliveries_enqueue(*, event_ids: Iterable[int]) -> int:
    """One delivery task for each event and each active subscription wanting its kind."""
    subscriptions = list(WebhookSubscription.objects.filter(active=True).only("pk", "kinds"))
    if not subscriptions:
        return 0
    events = (
        ChangeEvent.objects.filter(pk__in=list(event_ids))
        .order_by("xact_id", "id")
        .values_list("pk", "kind")
    )
    enqueued = 0
    for event_id, kind in events:  # events of a rolled-back change are simply not found
        for subscription in subscriptions:
            if subscription.wants(kind):
                task_enqueue(WEBHOOK_DELIVER, subscription.pk, event_id)
                enqueued += 1
    return enqueued


# --- One attempt ----------------------------------------------------------------------------


@dataclass(frozen=True)
class DeliveryOutcome:
    delivery: WebhookDelivery
    retry: bool  # failed, and attempts are left

    def as_dict(self) -> dict[str, object]:
        return {
            "delivery": self.delivery.pk,
            "succeeded": self.delivery.succeeded,
            "status_code": self.delivery.status_code,
            "attempt": self.delivery.attempt,
        }


def event_body(event: ChangeEvent) -> bytes:
    """The delivery's body: the event as the change feed lists it, as compact JSON."""
    data = change_event_data(event, lambda path: settings.FACTCHECK_SITE_URL + path)
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode()


def retry_delay(attempt: int) -> float:
    """Seconds before the attempt after ``attempt``: the base delay, doubled each time."""
    return float(settings.FACTCHECK_WEBHOOK_RETRY_SECONDS * 2 ** (attempt - 1))


def webhook_deliver(*, subscription_id: int, event_id: int, attempt: int) -> DeliveryOutcome | None:
    """Attempt ``attempt`` to deliver one event to one subscription; None when there is
    nothing to do (the subscription is gone or paused, the event gone or already delivered).
    """
    subscription = WebhookSubscription.objects.filter(pk=subscription_id, active=True).first()
    event = ChangeEvent.objects.select_related("actor").filter(pk=event_id).first()
    if subscription is None or event is None:
        return None
    delivered = WebhookDelivery.objects.filter(
        subscription=subscription, event=event, succeeded=True
    )
    if delivered.exists():
        return None
    body = event_body(event)
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "factcheck-webhooks",
        "X-Factcheck-Event": str(event.pk),
        "X-Factcheck-Kind": event.kind,
        **signed_headers(subscription.secret, body),
    }
    status_code, error = None, ""
    started = time.perf_counter()
    try:
        # Redirects are not followed: the signed body goes to the URL the desk chose only.
        response = requests.post(
            subscription.url,
            data=body,
            headers=headers,
            timeout=settings.FACTCHECK_WEBHOOK_TIMEOUT,
            allow_redirects=False,
        )
        status_code = response.status_code
        if not 200 <= status_code < 300:
            error = f"HTTP {status_code}: {response.text[:ERROR_CHARS]}".strip()
    except requests.RequestException as exc:
        error = f"{type(exc).__name__}: {exc}"[:ERROR_CHARS]
    duration_ms = round((time.perf_counter() - started) * 1000)
    last = attempt >= settings.FACTCHECK_WEBHOOK_ATTEMPTS
    delivery = _attempt_record(
        subscription, event, attempt, status_code, error, duration_ms, last_attempt=last
    )
    return DeliveryOutcome(delivery, retry=not delivery.succeeded and not last)


def _attempt_record(
    subscription: WebhookSubscription,
    event: ChangeEvent,
    attempt: int,
    status_code: int | None,
    error: str,
    duration_ms: int,
    *,
    last_attempt: bool,
) -> WebhookDelivery:
    """Log the attempt; count the subscription's failures, and pause it when they add up."""
    with transaction.atomic():
        current = WebhookSubscription.objects.select_for_update().get(pk=subscription.pk)
        delivery = WebhookDelivery.objects.create(
            subscription=current,
            event=event,
            attempt=attempt,
            succeeded=not error,
            status_code=status_code,
            error=error,
            duration_ms=duration_ms,
            attempted_at=timezone.now(),
        )
        if delivery.succeeded:
            if current.consecutive_failures:
                # A counter, not an edit: no history row for it.
                WebhookSubscription.objects.filter(pk=current.pk).update(consecutive_failures=0)
        elif last_attempt:
            _event_failed(current, event, error)
    return delivery


def _event_failed(subscription: WebhookSubscription, event: ChangeEvent, error: str) -> None:
    """Every attempt at ``event`` failed: one more failure in a row, and a pause at the limit."""
    failures = subscription.consecutive_failures + 1
    limit = settings.FACTCHECK_WEBHOOK_PAUSE_AFTER
    if failures < limit or not subscription.active:
        WebhookSubscription.objects.filter(pk=subscription.pk).update(consecutive_failures=failures)
        return
    reason = (
        f"Paused after {failures} events in a row could not be delivered "
        f"({settings.FACTCHECK_WEBHOOK_ATTEMPTS} attempts each). Last: event {event.pk} "
        f"({event.kind}): {error}"
    )
    subscription.consecutive_failures = failures
    subscription.active = False
    subscription.paused_reason = reason
    subscription.paused_at = timezone.now()
    history_note(subscription, actor=WEBHOOKS, reason="paused: kept failing")
    subscription.save()
    logger.warning("Webhook %s (%s) paused: %s", subscription.pk, subscription.url, reason)
