"""Who acts in a service call, and how history records it.

Every service takes ``actor=``: a Django user (``request.user``, so possibly anonymous), or
a named ``SystemActor`` for the site acting by itself (a management command, the
reconciler, the demo loaders, webhook delivery). ``None`` is refused: it used to mean "the
system" and silently skipped the permission check, so a caller that forgot to pass the
user got the system's rights. Saying ``COMMAND`` or ``RECONCILER`` is as short as ``None``
and leaves a name in history.

django-simple-history reads who and why from two private attributes on the instance it
saves. ``history_note`` is the one place that sets them, so a new service cannot record a
system change as an anonymous one, and bulk paths name the system actor the same way
through ``history_reason``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeAlias

from django.db import models

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.contrib.auth.models import AnonymousUser, User


@dataclass(frozen=True)
class SystemActor:
    """The site acting by itself; ``name`` reads in history as "... (by <name>)"."""

    name: str

    def __str__(self) -> str:
        return self.name


COMMAND = SystemActor("a management command")
RECONCILER = SystemActor("the reconciler")
DEMO = SystemActor("the demo")
WEBHOOKS = SystemActor("webhook delivery")
# The extraction task after an import: its suggestions are the extractor's guesses, and a
# reader of their history should see that, not a task.
EXTRACTOR = SystemActor("the extractor")
# What the extraction task was named before; kept so its history rows still read back.
BACKGROUND = SystemActor("a background task")
# The named actors, so a history row's reason can be read back to one (``history_author``).
SYSTEM_ACTORS = (COMMAND, RECONCILER, DEMO, WEBHOOKS, EXTRACTOR, BACKGROUND)

# The site's user model is Django's own (no AUTH_USER_MODEL), which the foreign keys name.
Actor: TypeAlias = "User | AnonymousUser | SystemActor"


def actor_required(actor: object) -> None:
    """Refuse a missing actor: the caller must say who acts (``None`` is not the system)."""
    if actor is None:
        raise TypeError(
            "A service was called without saying who acts: pass the user, or a SystemActor "
            "from articles.services.actors (COMMAND, RECONCILER, DEMO, ...), never None."
        )


def acting_user(actor: Actor) -> User | None:
    """The user to store in ``created_by``, ``history_user`` and the like; None for the system."""
    actor_required(actor)
    if isinstance(actor, SystemActor) or actor.pk is None:
        return None
    return actor


def history_reason(actor: Actor, reason: str | None = None) -> str:
    """The change reason history keeps: ``reason``, naming the system actor when it acted.

    The bulk paths (``bulk_create_with_history``, ``insert_with_history``) pass this as
    their reason, so a row they write names the system actor as a saved row does.
    """
    actor_required(actor)
    if isinstance(actor, SystemActor):
        return f"{reason} (by {actor.name})" if reason else f"by {actor.name}"
    return reason or ""


def history_note(record: models.Model, *, actor: Actor, reason: str | None = None) -> None:
    """Record who changes ``record`` and why in the history row its next save writes.

    Call inside the service's transaction, just before ``save()`` or ``delete()``.
    """
    record._history_user = acting_user(actor)  # type: ignore[attr-defined]  # simple-history reads these private attributes on save
    # No reason is stored as NULL, as simple-history itself does, not as an empty string.
    record._change_reason = history_reason(actor, reason) or None  # type: ignore[attr-defined]  # simple-history reads these private attributes on save


def history_author(user: AbstractBaseUser | None, reason: str | None) -> str:
    """Who made a history row, for a reader: the user, or the system actor its reason names.

    Read back here, next to ``history_reason`` which writes it, so the two cannot drift.
    """
    if user is not None:
        return user.get_username()
    for actor in SYSTEM_ACTORS:
        if reason and (reason == f"by {actor.name}" or reason.endswith(f" (by {actor.name})")):
            return actor.name
    return "the system"
