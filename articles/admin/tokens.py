"""Admin page for one's own API token: create it, see its key once, rotate it, revoke it.

Editors without a shell get their token here instead of from ``manage.py api_token``; both
call ``articles.services.api_tokens``. The page acts only on the signed-in user's token:
its form names an action, never a user, so nobody can reach another's token through it.

The key is shown once, in the body of the POST response that made it, marked
``Cache-Control: no-store``. It never travels in a redirect (a URL lands in history, logs
and referrers) or in the messages framework (stored in a cookie or the session), which is
why creating and rotating answer with the page itself instead of redirecting. Later visits
say only that a token exists and since when: not even part of the key, which is the
credential itself and is stored as such.
"""

from __future__ import annotations

from datetime import datetime

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_http_methods

from articles.selectors.api_tokens import api_token_created
from articles.services.api_tokens import api_token_issue, api_token_revoke

URL_NAME = "admin-api-token"
TEMPLATE = "admin/api_token.html"
ALREADY_HAVE_ONE = (
    "You already have an API token; its key was shown only when it was made. "
    "Rotate it to get a new key."
)


class TokenActionForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("create", "Create"), ("rotate", "Rotate"), ("revoke", "Revoke")],
        error_messages={
            "required": "Choose what to do with your token: create, rotate or revoke.",
            "invalid_choice": "Unknown action %(value)r: choose create, rotate or revoke.",
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
def api_token_view(request: HttpRequest) -> HttpResponse:
    """The page (GET changes nothing) and its three actions (POST, CSRF-checked by the admin)."""
    user = request.user
    if not isinstance(user, AbstractBaseUser):  # admin_view lets only active staff in
        raise PermissionDenied
    created = api_token_created(user=user)
    if request.method != "POST":
        return token_page(request, created=created)
    form = TokenActionForm(request.POST)
    if not form.is_valid():
        return token_page(request, created=created, error=str(form.errors["action"][0]), status=400)
    action = form.cleaned_data["action"]
    refused = state_refusal(action, created)
    if refused:
        return token_page(request, created=created, error=refused, status=409)
    if action == "revoke":
        api_token_revoke(user=user)
        # No key involved, so the usual redirect after a POST is safe here.
        messages.success(request, "Your API token was revoked: scripts using it are refused now.")
        return HttpResponseRedirect(reverse(URL_NAME))
    try:
        outcome = api_token_issue(user=user, rotate=action == "rotate")
    except ValidationError as exc:  # an inactive user; admin_view lets none in, the service decides
        return token_page(request, created=created, error="; ".join(exc.messages), status=403)
    if not outcome.created:
        # Made a moment ago by another tab or click: its key was shown there, not again here.
        return token_page(
            request, created=api_token_created(user=user), error=ALREADY_HAVE_ONE, status=409
        )
    response = token_page(request, created=api_token_created(user=user), key=outcome.key)
    # admin_view's never_cache says so too; this response must never be stored, whoever
    # wraps the view.
    patch_cache_control(response, no_store=True)
    return response


def state_refusal(action: str, created: datetime | None) -> str | None:
    """Why ``action`` makes no sense with the token as it is (a stale page, a second tab)."""
    if action == "create" and created is not None:
        return ALREADY_HAVE_ONE
    if action == "rotate" and created is None:
        return "You have no API token to rotate; create one."
    if action == "revoke" and created is None:
        return "You have no API token to revoke."
    return None


def token_page(
    request: HttpRequest,
    *,
    created: datetime | None,
    key: str | None = None,
    error: str | None = None,
    status: int = 200,
) -> TemplateResponse:
    context = {
        **admin.site.each_context(request),
        "title": "Your API token",
        "created": created,
        "key": key,
        "error": error,
        "claims_url": request.build_absolute_uri(reverse("api-claim-list")),
    }
    return TemplateResponse(request, TEMPLATE, context, status=status)
