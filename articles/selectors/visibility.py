"""Who sees what is not public yet: drafts, suggestions, open figures and open flags."""

from __future__ import annotations

from typing import Any


def can_see_drafts(user: Any) -> bool:
    """Editors and reviewers (in the admin, or with their API token) see unpublished work."""
    return bool(
        user is not None
        and getattr(user, "is_authenticated", False)
        and getattr(user, "is_active", False)
        and user.has_perm("articles.view_claim")
    )
