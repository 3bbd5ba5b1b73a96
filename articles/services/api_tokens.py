"""API tokens: issue, rotate and revoke the one token a user signs scripts in with.

A token carries exactly its user's permissions (DRF's ``TokenAuthentication``), so issuing
one grants nothing new; it is still refused for inactive users, who could not use it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from rest_framework.authtoken.models import Token


@dataclass(frozen=True)
class TokenOutcome:
    key: str | None
    created: bool


def api_token_issue(*, user: AbstractBaseUser, rotate: bool = False) -> TokenOutcome:
    """The user's token (made if missing); ``rotate`` replaces it, so the old key stops working."""
    if not user.is_active:
        raise ValidationError(f"User {user.get_username()!r} is inactive: no token for them.")
    with transaction.atomic():
        if rotate:
            Token.objects.filter(user=user).delete()
        token, created = Token.objects.get_or_create(user=user)
    return TokenOutcome(key=token.key, created=created)


def api_token_revoke(*, user: AbstractBaseUser) -> TokenOutcome:
    """Delete the user's token; scripts using it are refused from now on."""
    Token.objects.filter(user=user).delete()
    return TokenOutcome(key=None, created=False)
