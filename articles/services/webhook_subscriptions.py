"""Subscribing a URL to kinds of change, and pausing, resuming or re-keying a subscription.

Webhooks send the desk's record (drafts and open flags included) to a URL outside, so each
step needs the webhook permissions (reviewers hold them; administrators may grant them). History
keeps who subscribed, changed, paused and resumed what; the secret itself is not copied
into history, a rotation is recorded by its reason.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone

from articles.models import WebhookSubscription
from articles.models.webhook import new_secret

from .actors import Actor, acting_user, history_note
from .permissions import require_perm

ADD_PERM = "articles.add_webhooksubscription"
CHANGE_PERM = "articles.change_webhooksubscription"
EDITABLE_FIELDS = frozenset({"label", "url", "kinds"})


def _save(subscription: WebhookSubscription, actor: Actor, reason: str) -> WebhookSubscription:
    subscription.full_clean()
    history_note(subscription, actor=actor, reason=reason)
    subscription.save()
    return subscription


def webhook_subscribe(
    *, actor: Actor, url: str, kinds: list[str], label: str = ""
) -> WebhookSubscription:
    """A new, active subscription of ``url`` to ``kinds``, with a secret of its own."""
    require_perm(actor, ADD_PERM, "subscribe webhooks")
    subscription = WebhookSubscription(
        label=label,
        url=url,
        kinds=sorted(set(kinds)),
        created_by=acting_user(actor),
    )
    with transaction.atomic():
        return _save(subscription, actor, "subscribed")


def webhook_change(
    *, actor: Actor, subscription: WebhookSubscription, changes: Mapping[str, Any]
) -> WebhookSubscription:
    """Change the label, URL or kinds of a subscription."""
    require_perm(actor, CHANGE_PERM, "change webhooks")
    unknown = set(changes) - EDITABLE_FIELDS
    if unknown:
        raise ValueError(f"These webhook fields cannot be changed: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        current = WebhookSubscription.objects.select_for_update().get(pk=subscription.pk)
        for name, value in changes.items():
            setattr(current, name, sorted(set(value)) if name == "kinds" else value)
        return _save(current, actor, "changed: " + ", ".join(sorted(changes)))


def webhook_pause(
    *, actor: Actor, subscription: WebhookSubscription, reason: str
) -> WebhookSubscription:
    """Stop sending to a subscription, saying why; deliveries waiting to be retried stop too."""
    require_perm(actor, CHANGE_PERM, "pause webhooks")
    with transaction.atomic():
        current = WebhookSubscription.objects.select_for_update().get(pk=subscription.pk)
        current.active = False
        current.paused_reason = reason
        current.paused_at = timezone.now()
        return _save(current, actor, f"paused: {reason}")


def webhook_resume(*, actor: Actor, subscription: WebhookSubscription) -> WebhookSubscription:
    """Send again, from the next event on: the failure count starts afresh.

    Events that happened while it was paused are not sent after the fact; the receiver
    catches up from the change feed, after the last event it received.
    """
    require_perm(actor, CHANGE_PERM, "resume webhooks")
    with transaction.atomic():
        current = WebhookSubscription.objects.select_for_update().get(pk=subscription.pk)
        current.active = True
        current.paused_reason = ""
        current.paused_at = None
        current.consecutive_failures = 0
        return _save(current, actor, "resumed")


def webhook_secret_rotate(
    *, actor: Actor, subscription: WebhookSubscription
) -> WebhookSubscription:
    """A new secret: deliveries from now on are signed with it, and the old one stops working."""
    require_perm(actor, CHANGE_PERM, "rotate webhook secrets")
    with transaction.atomic():
        current = WebhookSubscription.objects.select_for_update().get(pk=subscription.pk)
        current.secret = new_secret()
        return _save(current, actor, "secret rotated")
