"""The admin: every model is there for the roles, and reviewer powers stay with reviewers."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.urls import reverse

from articles.models import Claim, ClaimSource, ClaimStatus

from ..factories import ClaimFactory, SourceFactory

pytestmark = pytest.mark.django_db

MODELS = [m for m in admin.site._registry if m._meta.app_label == "articles"]


def test_every_domain_model_is_registered():
    names = {m.__name__ for m in MODELS}
    assert {
        "Publication",
        "Article",
        "ImportRun",
        "Entity",
        "Metric",
        "Claim",
        "Source",
        "ClaimSource",
        "Figure",
        "ConflictFlag",
    } <= names


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_each_changelist_renders_for_a_reviewer(client, reviewer, model):
    ClaimFactory()
    SourceFactory()
    client.force_login(reviewer)
    url = reverse(f"admin:articles_{model._meta.model_name}_changelist")
    response = client.get(url)
    assert response.status_code == 200


def test_history_of_a_claim_is_visible(client, editor):
    claim = ClaimFactory()
    client.force_login(editor)
    response = client.get(reverse("admin:articles_claim_history", args=[claim.pk]))
    assert response.status_code == 200
    assert b"Added" in response.content or b"Created" in response.content


def test_editor_is_not_offered_the_verify_action(client, editor):
    ClaimFactory()
    client.force_login(editor)
    response = client.get(reverse("admin:articles_claim_changelist"))
    actions = {choice[0] for choice in response.context["action_form"].fields["action"].choices}
    assert "make_draft" in actions
    assert "make_verified" not in actions


def test_reviewer_is_offered_the_verify_action(client, reviewer):
    ClaimFactory()
    client.force_login(reviewer)
    response = client.get(reverse("admin:articles_claim_changelist"))
    actions = {choice[0] for choice in response.context["action_form"].fields["action"].choices}
    assert "make_verified" in actions


def test_editor_posting_the_verify_action_anyway_changes_nothing(client, editor):
    claim = ClaimFactory(status=ClaimStatus.NEEDS_REVIEW)
    client.force_login(editor)
    client.post(
        reverse("admin:articles_claim_changelist"),
        {"action": "make_verified", "_selected_action": [claim.pk]},
    )
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.NEEDS_REVIEW


def test_reviewer_verifies_through_the_admin_action(client, reviewer):
    claim = ClaimFactory(status=ClaimStatus.NEEDS_REVIEW)
    ClaimSource.objects.create(claim=claim, source=SourceFactory(), stance="supports")
    client.force_login(reviewer)
    client.post(
        reverse("admin:articles_claim_changelist"),
        {"action": "make_verified", "_selected_action": [claim.pk]},
    )
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.VERIFIED


def test_verifying_without_a_source_in_the_admin_says_why_and_saves_nothing(client, reviewer):
    claim = ClaimFactory(status=ClaimStatus.NEEDS_REVIEW)
    client.force_login(reviewer)
    response = client.post(
        reverse("admin:articles_claim_changelist"),
        {"action": "make_verified", "_selected_action": [claim.pk]},
        follow=True,
    )
    page = response.content.decode()
    assert f"Claim {claim.pk} skipped" in page
    assert "no attached source that supports it" in page
    claim.refresh_from_db()
    assert (claim.status, claim.version) == (ClaimStatus.NEEDS_REVIEW, 1)


def test_an_editor_cannot_send_a_verified_claim_back_in_bulk(client, editor):
    claim = ClaimFactory(status=ClaimStatus.VERIFIED)
    client.force_login(editor)
    response = client.post(
        reverse("admin:articles_claim_changelist"),
        {"action": "make_needs_review", "_selected_action": [claim.pk]},
        follow=True,
    )
    assert "You do not have permission" in response.content.decode()
    assert Claim.objects.get(pk=claim.pk).status == ClaimStatus.VERIFIED


def test_a_reviewer_withdraws_a_claim_from_its_admin_page(client, reviewer):
    claim = ClaimFactory(status=ClaimStatus.VERIFIED)
    client.force_login(reviewer)
    change_page = client.get(reverse("admin:articles_claim_change", args=[claim.pk]))
    withdraw_url = reverse("admin:articles_claim_withdraw", args=[claim.pk])
    assert withdraw_url in change_page.content.decode()
    response = client.post(
        withdraw_url,
        {"reason": "misread", "note": "The article gives 2013.", "expected_version": 1},
    )
    assert response.status_code == 302
    claim.refresh_from_db()
    assert (claim.status, claim.withdrawal_reason) == (ClaimStatus.WITHDRAWN, "misread")
    assert claim.withdrawn_by == reviewer


def test_a_stale_withdrawal_in_the_admin_is_refused_on_the_page(client, reviewer):
    claim = ClaimFactory(status=ClaimStatus.VERIFIED, version=3)
    client.force_login(reviewer)
    response = client.post(
        reverse("admin:articles_claim_withdraw", args=[claim.pk]),
        {"reason": "misread", "note": "x", "expected_version": 2},
    )
    assert response.status_code == 200
    assert "was changed by someone else" in response.content.decode()
    assert Claim.objects.get(pk=claim.pk).status == ClaimStatus.VERIFIED


def test_editors_are_not_offered_a_withdrawal(client, editor):
    claim = ClaimFactory(status=ClaimStatus.VERIFIED)
    client.force_login(editor)
    change_page = client.get(reverse("admin:articles_claim_change", args=[claim.pk]))
    assert "/withdraw/" not in change_page.content.decode()
    client.post(
        reverse("admin:articles_claim_withdraw", args=[claim.pk]),
        {"reason": "misread", "note": "x", "expected_version": 1},
    )
    assert Claim.objects.get(pk=claim.pk).status == ClaimStatus.VERIFIED


def claim_form_data(claim: Claim, **overrides: object) -> dict[str, object]:
    data = {
        "quote": claim.quote,
        "start": claim.start,
        "end": claim.end,
        "subject": claim.subject_id,
        "metric": claim.metric_id,
        "value": claim.value,
        "qualifier": claim.qualifier,
        "currency": claim.currency,
        "period_start": claim.period_start,
        "period_end": claim.period_end,
        "attribution": claim.attribution,
        "note": claim.note,
        "expected_version": claim.version,
        "claim_sources-TOTAL_FORMS": 0,
        "claim_sources-INITIAL_FORMS": 0,
    }
    data.update(overrides)
    return {k: ("" if v is None else v) for k, v in data.items()}


def test_an_editor_saves_a_claim_edit_through_the_admin(client, editor):
    claim = ClaimFactory()
    client.force_login(editor)
    response = client.post(
        reverse("admin:articles_claim_change", args=[claim.pk]),
        claim_form_data(claim, attribution="SIPRI"),
    )
    assert response.status_code == 302, response.content[:2000]
    claim.refresh_from_db()
    assert claim.attribution == "SIPRI"
    assert claim.version == 2


def test_a_stale_admin_save_is_refused_and_the_other_edit_survives(client, editor, reviewer):
    claim = ClaimFactory()
    stale = claim_form_data(claim, attribution="CAWAT")
    client.force_login(reviewer)
    client.post(
        reverse("admin:articles_claim_change", args=[claim.pk]),
        claim_form_data(claim, attribution="SIPRI"),
    )
    client.force_login(editor)
    response = client.post(reverse("admin:articles_claim_change", args=[claim.pk]), stale)
    assert response.status_code == 200
    assert b"Someone else saved this claim" in response.content
    claim.refresh_from_db()
    assert claim.attribution == "SIPRI"


def test_claims_cannot_be_deleted_in_the_admin(client, reviewer):
    claim = ClaimFactory()
    client.force_login(reviewer)
    response = client.post(reverse("admin:articles_claim_delete", args=[claim.pk]), {"post": "yes"})
    assert response.status_code == 403
    assert Claim.objects.filter(pk=claim.pk).exists()


def test_claim_history_shows_who_changed_which_field_from_what_to_what(client, editor, reviewer):
    from articles.services.claim_edit import claim_update

    claim = ClaimFactory(attribution="CAWAT")
    claim_update(actor=reviewer, claim=claim, changes={"attribution": "SIPRI"},
                 expected_version=claim.version)  # fmt: skip
    client.force_login(editor)
    page = client.get(reverse("admin:articles_claim_history", args=[claim.pk])).content.decode()
    assert "rita-reviewer" in page
    assert "attribution:" in page.lower()
    assert "CAWAT" in page and "SIPRI" in page


def test_an_editor_changing_a_verified_claim_in_the_admin_sends_it_back_to_review(client, editor):
    claim = ClaimFactory(status=ClaimStatus.VERIFIED)
    client.force_login(editor)
    response = client.post(
        reverse("admin:articles_claim_change", args=[claim.pk]),
        claim_form_data(claim, period_start=2023, period_end=2023),
    )
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.NEEDS_REVIEW
    latest = claim.history.order_by("-history_id").first()
    assert latest.history_user == editor
    assert "changed period_start, period_end of a verified claim" in latest.history_change_reason


def test_a_note_only_edit_in_the_admin_keeps_the_claim_verified(client, editor):
    claim = ClaimFactory(status=ClaimStatus.VERIFIED)
    client.force_login(editor)
    client.post(
        reverse("admin:articles_claim_change", args=[claim.pk]),
        claim_form_data(claim, note="Ministry PDF checked again."),
    )
    claim.refresh_from_db()
    assert (claim.status, claim.note) == (ClaimStatus.VERIFIED, "Ministry PDF checked again.")
