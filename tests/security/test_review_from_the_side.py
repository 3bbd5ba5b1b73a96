"""Finding 4: review could be undone from the side.

Re-importing an article with rewritten text kept verified claims verified over new words
(or dropped their pages), with history rows naming no one; a reviewer could settle a figure
on an unreviewed suggestion or on a typed value with nothing behind it. (An editor sending
a verified claim back to review is refused: tests/api/test_api_review.py and
tests/admin/test_admin.py replay it through the API and the admin bulk action.)
"""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from articles.errors import NotPermitted
from articles.importing import SourceItem
from articles.models import Article, Claim, ClaimStatus, Figure, FigureStatus, IssueSeverity
from articles.services.articles_import import articles_import
from articles.services.claim_workflow import claim_transition
from articles.services.figure_settle import figure_settle
from articles.services.figures_reconcile import figures_reconcile

from ..api_roles import client_for
from ..factories import ClaimFactory, SourceFactory, claim_figure, claim_reviewed

pytestmark = pytest.mark.django_db

URL = "https://news.example.org/caucasus-budget"
QUOTE = "$3.7 billion"
BODY = (
    "Azerbaijan's defence budget for 2024 is $3.7 billion, the finance ministry said.\n\n"
    "Armenia's military spending grew to $1.4 billion in 2024."
)


def import_version(actor, body: str, name: str):
    item = SourceItem(
        name=name,
        data=json.dumps({"title": "Budgets", "body": body, "url": URL}).encode(),
        format_hint="json",
    )
    return articles_import(actor=actor, sources=[item])


@pytest.fixture
def verified(editor, reviewer) -> Claim:
    import_version(editor, BODY, "v1.json")
    article = Article.objects.get(url=URL)
    claim = ClaimFactory(article=article, phrase=QUOTE, status=ClaimStatus.NEEDS_REVIEW)
    claim_reviewed(claim, ClaimStatus.VERIFIED, actor=reviewer)
    figures_reconcile()
    claim.refresh_from_db()
    figure_settle(
        actor=reviewer, figure=claim_figure(claim), preferred_claim=claim, rationale="Budget law."
    )
    claim.refresh_from_db()
    return claim


def latest_history(claim: Claim):
    return claim.history.order_by("-history_id").first()


def test_words_that_only_moved_keep_the_verdict(client, verified, editor):
    run = import_version(editor, "Updated at 10:00.\n\n" + BODY, "v2.json")
    claim = Claim.objects.get(pk=verified.pk)
    assert claim.status == ClaimStatus.VERIFIED
    assert claim.start == verified.start + len("Updated at 10:00.\n\n")
    row = latest_history(claim)
    assert row.history_user == editor
    assert f"re-import run {run.pk} started by {editor.username}" in row.history_change_reason
    assert client.get(claim.get_absolute_url()).status_code == 200


def test_new_words_around_a_verified_claim_send_it_back_to_review(client, verified, editor):
    figure = Figure.objects.get(pk=verified.figure_id)
    assert figure.status == FigureStatus.RECONCILED
    rewritten = BODY.replace("the finance ministry said", "critics say, wrongly")
    run = import_version(editor, rewritten, "v2.json")
    claim = Claim.objects.get(pk=verified.pk)
    assert (claim.status, claim.anchored) == (ClaimStatus.NEEDS_REVIEW, True)
    row = latest_history(claim)
    assert row.history_user == editor
    assert f"re-import run {run.pk} started by {editor.username}" in row.history_change_reason
    assert "back to review" in row.history_change_reason
    assert client.get(claim.get_absolute_url()).status_code == 404
    figure.refresh_from_db()
    assert (figure.status, figure.value) == (FigureStatus.OPEN, None)
    warning = run.issues.get(severity=IssueSeverity.WARNING)
    assert f"claim {claim.pk}" in warning.message


def test_a_claim_whose_quote_is_gone_is_kept_orphaned_with_its_review_history(
    client, verified, editor, reviewer
):
    run = import_version(editor, BODY.replace(QUOTE, "$3.9 billion"), "v2.json")
    claim = Claim.objects.get(pk=verified.pk)
    assert (claim.status, claim.anchored) == (ClaimStatus.NEEDS_REVIEW, False)
    statuses = [row.status for row in claim.history.order_by("history_id")]
    assert ClaimStatus.VERIFIED in statuses  # the reviewer's verdict is still in history
    assert latest_history(claim).history_user == editor
    assert "no longer in the article" in run.issues.get(severity=IssueSeverity.WARNING).message
    assert client.get(claim.get_absolute_url()).status_code == 404
    client.force_login(reviewer)
    orphans = client.get(reverse("admin:articles_claim_changelist") + "?placement=unanchored")
    assert orphans.status_code == 200
    assert reverse("admin:articles_claim_change", args=[claim.pk]) in orphans.content.decode()


def test_only_reviewers_move_a_reviewed_claim_out_of_its_verdict(verified, editor):
    with pytest.raises(NotPermitted):
        claim_transition(actor=editor, claim=verified, to_status=ClaimStatus.NEEDS_REVIEW)
    assert Claim.objects.get(pk=verified.pk).status == ClaimStatus.VERIFIED


def test_a_figure_cannot_be_settled_on_a_suggestion(reviewer):
    suggestion = ClaimFactory(status=ClaimStatus.SUGGESTED)
    figures_reconcile()
    suggestion.refresh_from_db()
    with pytest.raises(ValidationError, match="review it first"):
        figure_settle(
            actor=reviewer, figure=suggestion.figure, preferred_claim=suggestion, rationale="x"
        )
    assert Figure.objects.get(pk=suggestion.figure_id).status == FigureStatus.OPEN


def test_a_typed_value_is_settled_only_with_its_source(client, fresh_api_state):
    suggestion = ClaimFactory(status=ClaimStatus.SUGGESTED, value=Decimal("987654321"))
    figures_reconcile()
    suggestion.refresh_from_db()
    url = f"/api/v1/figures/{suggestion.figure_id}/settle/"
    reviewer = client_for("reviewer")
    typed = {"rationale": "The budget law.", "value": "3600000000"}
    refused = reviewer.post(url, typed, format="json")
    assert refused.status_code == 400
    assert "source" in refused.json()["error"]["fields"]
    assert APIClient().get(f"/api/v1/figures/{suggestion.figure_id}/").status_code == 404
    law = SourceFactory(title="Law on the State Budget for 2024", url="https://e-qanun.az/1")
    settled = reviewer.post(url, {**typed, "source": law.pk}, format="json")
    assert settled.status_code == 200, settled.content
    assert settled.json()["settled_source"] == law.pk
    page = client.get(reverse("figure-detail", args=[suggestion.figure_id])).content.decode()
    assert "Law on the State Budget for 2024" in page
    assert "987654321" not in page and "987,654,321" not in page  # the suggestion stays private
