"""Roles: editors write claims and sources; only reviewers verify, settle and resolve."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group

from articles.errors import NotPermitted
from articles.models import ClaimSource, ClaimStatus
from articles.services.claim_workflow import claim_transition

from ..factories import ClaimFactory, SourceFactory

pytestmark = pytest.mark.django_db

REVIEWER_ONLY = {"verify_claim", "settle_figure", "resolve_conflictflag"}


def codenames(group_name: str) -> set[str]:
    return set(Group.objects.get(name=group_name).permissions.values_list("codename", flat=True))


def test_editors_never_hold_reviewer_powers():
    assert not REVIEWER_ONLY & codenames("Editors")


def test_reviewers_hold_every_editor_power_and_the_reviewer_powers():
    reviewers = codenames("Reviewers")
    assert codenames("Editors") <= reviewers
    assert reviewer_only_present(reviewers)


def reviewer_only_present(perms: set[str]) -> bool:
    return perms >= REVIEWER_ONLY


def test_editors_may_import_and_write_claims_and_sources():
    assert {"import_articles", "add_claim", "change_claim", "add_source", "change_source"} <= (
        codenames("Editors")
    )


def test_nobody_in_either_group_may_delete_claims():
    assert "delete_claim" not in codenames("Editors") | codenames("Reviewers")


@pytest.mark.parametrize("status", [ClaimStatus.VERIFIED, ClaimStatus.DISPUTED, ClaimStatus.FALSE])
def test_an_editor_cannot_give_a_claim_a_reviewed_status(editor, status):
    claim = ClaimFactory(status=ClaimStatus.NEEDS_REVIEW)
    with pytest.raises(NotPermitted):
        claim_transition(actor=editor, claim=claim, to_status=status)
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.NEEDS_REVIEW


def test_a_reviewer_can_verify_a_claim_under_review(reviewer):
    claim = ClaimFactory(status=ClaimStatus.NEEDS_REVIEW)
    ClaimSource.objects.create(claim=claim, source=SourceFactory(), stance="supports")
    verified = claim_transition(actor=reviewer, claim=claim, to_status=ClaimStatus.VERIFIED)
    assert verified.status == ClaimStatus.VERIFIED
    assert verified.version == claim.version + 1
    assert verified.history.first().history_user == reviewer


def test_a_user_without_a_group_cannot_even_accept_a_suggestion(outsider):
    claim = ClaimFactory(status=ClaimStatus.SUGGESTED)
    with pytest.raises(NotPermitted):
        claim_transition(actor=outsider, claim=claim, to_status=ClaimStatus.DRAFT)
