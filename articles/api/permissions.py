"""API permissions mirroring the admin's: Django model permissions, plus named powers.

Reads are open to everyone: the selectors decide what each reader sees (anonymous readers
the public states only). Writes need exactly the permission the admin would need: the model
permission for create and update, and the named power for workflow actions (verify, settle,
resolve, import). The services check again, so a view that forgot would still be refused.
"""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import SAFE_METHODS, BasePermission, DjangoModelPermissions

from articles.selectors.visibility import can_see_drafts


class RecordPermissions(DjangoModelPermissions):
    """Anyone reads; writes need the model permission, or the view's ``action_permissions``."""

    authenticated_users_only = False

    def has_permission(self, request: Any, view: Any) -> bool:
        if request.method in SAFE_METHODS:
            return True
        user = request.user
        if not (user and user.is_authenticated and user.is_active):
            return False
        required = getattr(view, "action_permissions", {}).get(getattr(view, "action", None))
        if required is not None:
            return bool(user.has_perms(required))
        return super().has_permission(request, view)


class CanReadChanges(BasePermission):
    """The change feed tells of drafts, suggestions and open flags: editors and reviewers
    only, whatever visibility a single record has (the feed is the desk's)."""

    message = "The change feed is for editors and reviewers: send your API token."

    def has_permission(self, request, view) -> bool:
        return can_see_drafts(request.user)


class HasImportPermission(BasePermission):
    """Reading runs needs ``view_importrun``; starting one needs ``import_articles``."""

    message = "Importing articles needs the import permission."

    def has_permission(self, request, view) -> bool:
        user = request.user
        if not (user and user.is_authenticated):
            return False
        if request.method == "POST":
            return user.has_perm("articles.import_articles")
        return user.has_perm("articles.view_importrun")
