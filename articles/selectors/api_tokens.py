"""What may be said about a user's API token after it was shown: that it exists and since when.

The key itself is never read here. The admin page shows a key only in the response that
made it; on every later visit it knows no more than this.
"""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser
from rest_framework.authtoken.models import Token


def api_token_created(*, user: AbstractBaseUser) -> datetime | None:
    """When the user's token was made (one query); None when they have none."""
    return Token.objects.filter(user=user).values_list("created", flat=True).first()
