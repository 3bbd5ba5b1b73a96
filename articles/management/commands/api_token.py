"""Issue, rotate or revoke a user's API token: argument parsing and one service call.

Exit status: 0 done, 1 refused (an inactive user), 2 usage error (no such user). With
``--json`` the only line printed is ``{"user", "action", "token"}``.
"""

from __future__ import annotations

import json
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from articles.services.api_tokens import api_token_issue, api_token_revoke


class Command(BaseCommand):
    help = "Print a user's API token (creating it), or rotate or revoke it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        action = parser.add_mutually_exclusive_group()
        action.add_argument(
            "--rotate", action="store_true", help="Replace the token; the old key stops working."
        )
        action.add_argument("--revoke", action="store_true", help="Delete the token.")
        parser.add_argument("--json", action="store_true", help="One JSON line for scripts.")

    def handle(self, *args: Any, **options: Any) -> None:
        User = get_user_model()
        try:
            user = User.objects.get(**{User.USERNAME_FIELD: options["username"]})
        except User.DoesNotExist:
            raise CommandError(f"No user {options['username']!r}.", returncode=2) from None
        try:
            if options["revoke"]:
                action, outcome = "revoked", api_token_revoke(user=user)
            else:
                outcome = api_token_issue(user=user, rotate=options["rotate"])
                action = "issued" if outcome.created else "existing"
                if options["rotate"]:
                    action = "rotated"
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages), returncode=1) from exc
        if options["json"]:
            result = {"user": user.get_username(), "action": action, "token": outcome.key}
            self.stdout.write(json.dumps(result))
        elif outcome.key:
            self.stdout.write(f"{action} token for {user.get_username()}: {outcome.key}")
            self.stdout.write(f"use it as the header  Authorization: Token {outcome.key}")
        else:
            self.stdout.write(f"revoked the token of {user.get_username()}")
