"""The permission check every service starts with, so no entry point can forget it."""

from __future__ import annotations

from articles.errors import NotPermitted

from .actors import Actor, SystemActor, actor_required


def require_perm(actor: Actor, perm: str, action: str) -> None:
    """Refuse ``action`` unless ``actor`` holds ``perm``.

    A ``SystemActor`` is the site itself, started by someone who already holds the machine
    (a command, a worker), so it passes; a missing actor is a programming error, not the
    system, and raises ``TypeError``.
    """
    actor_required(actor)
    if isinstance(actor, SystemActor):
        return
    if not getattr(actor, "is_active", False) or not actor.has_perm(perm):
        raise NotPermitted(f"You do not have permission to {action}.")
