"""The admin's API token page: a staff user creates, sees once, rotates and revokes their own."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from django.contrib.sessions.models import Session
from django.test import Client
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from articles.services.api_tokens import api_token_issue

from ..factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_api_state")]

URL = "/admin/api-token/"


def signs_in(key: str) -> int:
    """The status of a request that needs a signed-in caller, made with ``key`` as Bearer."""
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    return client.get("/api/v1/imports/").status_code


def act(client: Client, action: str, **extra: str):
    return client.post(URL, {"action": action, **extra})


@pytest.fixture
def signed_in(client: Client, editor: User) -> Client:
    client.force_login(editor)
    return client


def test_creating_shows_the_key_once_and_it_signs_in_as_bearer(signed_in, editor):
    response = act(signed_in, "create")
    assert response.status_code == 200
    key = response.context["key"]
    assert key == Token.objects.get(user=editor).key
    assert key in response.content.decode()
    assert f'Authorization: Bearer {key}" http://testserver/api/v1/claims/' in (
        response.content.decode()
    )
    assert "no-store" in response["Cache-Control"]
    assert signs_in(key) == 200

    later = signed_in.get(URL)
    assert later.status_code == 200
    assert key not in later.content.decode()
    assert "You have a token, created" in later.content.decode()


def test_the_key_travels_in_no_url_cookie_session_or_message(signed_in, editor):
    response = act(signed_in, "create")
    key = response.context["key"]
    assert "Location" not in response
    assert not [name for name, cookie in signed_in.cookies.items() if key in cookie.value]
    assert not [s for s in Session.objects.all() if key in str(s.get_decoded())]
    assert not [m for m in response.context["messages"] if key in str(m)]
    # Not on the next page either, where a stored message would surface.
    assert key not in signed_in.get("/admin/").content.decode()


def test_visiting_the_page_creates_nothing(signed_in):
    assert signed_in.get(URL).status_code == 200
    assert signed_in.head(URL).status_code == 200
    assert not Token.objects.exists()


def test_rotating_stops_the_old_key_and_shows_the_new_one_once(signed_in, editor):
    old = act(signed_in, "create").context["key"]
    response = act(signed_in, "rotate")
    assert response.status_code == 200
    new = response.context["key"]
    assert new != old and new in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert (signs_in(old), signs_in(new)) == (401, 200)
    assert new not in signed_in.get(URL).content.decode()


def test_revoking_stops_the_key(signed_in, editor):
    key = act(signed_in, "create").context["key"]
    response = act(signed_in, "revoke")
    assert response.status_code == 302 and response["Location"] == URL
    page = signed_in.get(URL).content.decode()
    assert "Your API token was revoked" in page and "You have no token." in page
    assert signs_in(key) == 401
    assert not Token.objects.filter(user=editor).exists()


def test_creating_again_is_refused_and_does_not_show_the_existing_key(signed_in, editor):
    key = act(signed_in, "create").context["key"]
    response = act(signed_in, "create")
    assert response.status_code == 409
    assert "You already have an API token" in response.content.decode()
    assert key not in response.content.decode()
    assert Token.objects.get(user=editor).key == key


@pytest.mark.parametrize(
    ("action", "message"),
    [("rotate", "no API token to rotate"), ("revoke", "no API token to revoke")],
)
def test_rotating_or_revoking_without_a_token_says_there_is_none(signed_in, action, message):
    response = act(signed_in, action)
    assert response.status_code == 409
    assert message in response.content.decode()
    assert not Token.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"action": "delete-everything"}, "Unknown action"),
        ({}, "Choose what to do with your token"),
    ],
)
def test_an_unknown_or_missing_action_is_a_clear_400(signed_in, data, message):
    response = signed_in.post(URL, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Token.objects.exists()


def test_a_post_without_the_csrf_token_is_refused(editor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    assert act(client, "create").status_code == 403
    assert not Token.objects.exists()
    # The page's own token is enough: the refusal above was the missing token, nothing else.
    page = client.get(URL).content.decode()
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert csrf is not None
    assert act(client, "create", csrfmiddlewaretoken=csrf.group(1)).status_code == 200
    assert Token.objects.filter(user=editor).exists()


def test_a_user_acts_only_on_their_own_token(signed_in, editor, reviewer):
    theirs = api_token_issue(user=reviewer).key
    assert theirs is not None
    # The page knows nothing of the reviewer's token, and a named user is ignored.
    assert "You have no token." in signed_in.get(URL).content.decode()
    assert act(signed_in, "revoke", user=str(reviewer.pk)).status_code == 409
    act(signed_in, "create", user=str(reviewer.pk))
    act(signed_in, "rotate", user=str(reviewer.pk), username=reviewer.username)
    assert Token.objects.get(user=reviewer).key == theirs
    assert signs_in(theirs) == 200
    act(signed_in, "revoke", user=str(reviewer.pk))
    assert signs_in(theirs) == 200
    assert not Token.objects.filter(user=editor).exists()


@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_visitors_are_sent_to_the_admin_login(client, method):
    response = getattr(client, method)(URL, {"action": "create"} if method == "post" else {})
    assert response.status_code == 302
    assert response["Location"] == f"/admin/login/?next={URL}"
    assert not Token.objects.exists()


def test_signed_in_users_who_are_not_staff_are_sent_to_the_admin_login(client):
    client.force_login(UserFactory(username="reader", is_staff=False))
    response = act(client, "create")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert not Token.objects.exists()


@pytest.mark.parametrize("role", ["editor", "reviewer"])
def test_editors_and_reviewers_find_the_page_in_the_user_tools(client, role, request):
    client.force_login(request.getfixturevalue(role))
    page = client.get("/admin/").content.decode()
    tools = page.split('id="user-tools"', 1)[1].split("</div>", 1)[0]
    assert f'<a href="{URL}">API token</a>' in tools
    assert signs_in(act(client, "create").context["key"]) == 200
