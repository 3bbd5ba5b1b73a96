"""Create the local demo editor and reviewer and print their logins (DEBUG only)."""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from articles.services.demo import demo_accounts_create


class Command(BaseCommand):
    help = "Create the demo editor and reviewer accounts (refused when DEBUG is off)."

    def handle(self, *args: object, **options: object) -> None:
        try:
            accounts = demo_accounts_create()
        except ImproperlyConfigured as exc:
            raise CommandError(str(exc)) from exc
        for account in accounts:
            self.stdout.write(
                f"demo {account.group[:-1].lower()}: {account.username} / {account.password}"
            )
