"""The permission check every service starts with, so no entry point can forget it."""

from __future__ import annotations

from typing import Any

from articles.errors import NotPermitted


def require_perm(actor: Any, perm: str, action: str) -> None:
    """Refuse ``action`` unless ``actor`` holds ``perm`` (``None`` is the system itself)."""
    if actor is None:
        return
    if not getattr(actor, "is_active", False) or not actor.has_perm(perm):
        raise NotPermitted(f"You do not have permission to {action}.")
