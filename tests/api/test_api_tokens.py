"""``manage.py api_token``: issue, rotate and revoke the token a script signs in with."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from rest_framework.test import APIClient

from ..factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_api_state")]


def api_token(*args: str) -> dict:
    out = io.StringIO()
    call_command("api_token", *args, "--json", stdout=out)
    return json.loads(out.getvalue().strip().splitlines()[-1])


def can_import(key: str | None) -> int:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client.get("/api/v1/imports/").status_code


def test_an_issued_token_acts_with_its_users_permissions():
    UserFactory(username="eddie", group="Editors")
    UserFactory(username="olga")
    editor, outsider = api_token("eddie"), api_token("olga")
    assert editor["action"] == "issued" and len(editor["token"]) == 40
    assert (can_import(editor["token"]), can_import(outsider["token"])) == (200, 403)


def test_issuing_again_gives_the_same_token():
    UserFactory(username="eddie", group="Editors")
    assert api_token("eddie")["token"] == api_token("eddie")["token"]


def test_rotating_replaces_the_token_and_the_old_key_stops_working():
    UserFactory(username="eddie", group="Editors")
    old = api_token("eddie")["token"]
    new = api_token("eddie", "--rotate")
    assert new["action"] == "rotated" and new["token"] != old
    assert (can_import(old), can_import(new["token"])) == (401, 200)


def test_revoking_deletes_the_token():
    UserFactory(username="eddie", group="Editors")
    old = api_token("eddie")["token"]
    assert api_token("eddie", "--revoke") == {"user": "eddie", "action": "revoked", "token": None}
    assert can_import(old) == 401


def test_an_unknown_user_is_a_usage_error():
    with pytest.raises(CommandError) as refused:
        call_command("api_token", "nobody")
    assert refused.value.returncode == 2


def test_an_inactive_user_gets_no_token():
    UserFactory(username="gone", is_active=False)
    with pytest.raises(CommandError) as refused:
        call_command("api_token", "gone")
    assert refused.value.returncode == 1
