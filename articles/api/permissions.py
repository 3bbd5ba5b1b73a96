"""API permissions mirroring the admin's: Django model permissions, plus named powers."""

from __future__ import annotations

from rest_framework.permissions import BasePermission


class HasImportPermission(BasePermission):
    """Reading runs needs ``view_importrun``; starting one needs ``import_articles``."""

    message = "Importing articles needs the import permission."

    def has_permission(self, request, view) -> bool:  # type: ignore[no-untyped-def]
        user = request.user
        if not (user and user.is_authenticated):
            return False
        if request.method == "POST":
            return user.has_perm("articles.import_articles")
        return user.has_perm("articles.view_importrun")
