"""Local demo accounts for ``make run``: an editor and a reviewer, refused when DEBUG is off."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

DEMO_ACCOUNTS = (("editor", "Editors"), ("reviewer", "Reviewers"))


@dataclass(frozen=True)
class DemoAccount:
    username: str
    password: str
    group: str


def demo_accounts_create(*, password: str | None = None) -> list[DemoAccount]:
    """Create (or reset) the demo editor and reviewer. Only ever on a development site."""
    if not settings.DEBUG:
        raise ImproperlyConfigured(
            "Demo accounts have a published password and are refused when DEBUG is off."
        )
    password = password or settings.FACTCHECK_DEMO_PASSWORD
    user_model = get_user_model()
    accounts = []
    with transaction.atomic():
        for username, group_name in DEMO_ACCOUNTS:
            user, created = user_model.objects.get_or_create(username=username)
            # Only what differs is written, so running ``make run`` again changes nothing
            # (a password set again would get a new salt, and the record a new hash).
            if created or not (user.is_staff and user.is_active and user.check_password(password)):
                user.is_staff = True
                user.is_active = True
                user.set_password(password)
                user.save()
            user.groups.set([Group.objects.get(name=group_name)])
            accounts.append(DemoAccount(username, password, group_name))
    return accounts
