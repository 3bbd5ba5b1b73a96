"""Writing claims through the services: anchors checked, stale writes refused, history kept."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from articles.errors import InvalidTransition, PreconditionRequired, StaleWrite
from articles.models import Claim, ClaimStatus
from articles.services.claim_edit import claim_create, claim_update
from articles.services.claim_workflow import claim_transition, claims_transition

from ..factories import ArticleFactory, ClaimFactory, entity_named, metric_slug

pytestmark = pytest.mark.django_db


def test_creating_a_claim_takes_the_quote_and_context_from_the_body(editor):
    article = ArticleFactory()
    start = article.body.index("$669 million")
    claim = claim_create(
        actor=editor,
        article=article,
        start=start,
        end=start + len("$669 million"),
        subject=entity_named("Armenia"),
        metric=metric_slug("military-expenditure"),
        value=Decimal("669000000"),
        currency="USD",
        period_start=2020,
        period_end=2020,
    )
    assert claim.quote == "$669 million"
    assert claim.prefix.endswith("grew from ")
    assert claim.suffix.startswith(" in 2020")
    assert claim.status == ClaimStatus.DRAFT
    assert claim.created_by == editor


def test_creating_a_claim_with_a_quote_not_in_the_body_is_refused(editor):
    article = ArticleFactory()
    with pytest.raises(ValidationError, match="does not match"):
        claim_create(actor=editor, article=article, start=0, end=5, quote="Baku!")
    assert not Claim.objects.exists()


def test_an_edit_on_the_version_read_is_applied_and_kept_in_history(editor):
    claim = ClaimFactory()
    updated = claim_update(
        actor=editor,
        claim=claim,
        changes={"value": Decimal("3650000000")},
        expected_version=claim.version,
    )
    assert updated.version == claim.version + 1
    assert updated.value == Decimal("3650000000")
    history = list(updated.history.order_by("history_id"))
    assert [h.value for h in history][-2:] == [Decimal("3700000000.00"), Decimal("3650000000.00")]
    assert history[-1].history_user == editor


def test_a_stale_edit_is_refused_and_the_newer_edit_survives(editor, reviewer):
    claim = ClaimFactory()
    read_version = claim.version
    claim_update(
        actor=reviewer, claim=claim, changes={"attribution": "SIPRI"}, expected_version=read_version
    )
    with pytest.raises(StaleWrite, match="changed by someone else"):
        claim_update(
            actor=editor,
            claim=claim,
            changes={"attribution": "CAWAT"},
            expected_version=read_version,
        )
    claim.refresh_from_db()
    assert claim.attribution == "SIPRI"


def test_an_edit_must_name_the_version_it_was_made_on(editor):
    claim = ClaimFactory()
    with pytest.raises(PreconditionRequired):
        claim_update(actor=editor, claim=claim, changes={"note": "x"}, expected_version=None)


def test_status_cannot_be_edited_directly(editor):
    claim = ClaimFactory()
    with pytest.raises(ValidationError, match="cannot be edited"):
        claim_update(actor=editor, claim=claim, changes={"status": "verified"}, expected_version=1)


def test_moving_the_offsets_takes_the_new_quote_from_the_body(editor):
    claim = ClaimFactory()
    start = claim.article.body.index("$2.2 billion")
    updated = claim_update(
        actor=editor,
        claim=claim,
        changes={"start": start, "end": start + len("$2.2 billion")},
        expected_version=claim.version,
    )
    assert updated.quote == "$2.2 billion"


def test_a_verified_claim_cannot_be_rejected(reviewer):
    claim = ClaimFactory(status=ClaimStatus.VERIFIED)
    with pytest.raises(InvalidTransition):
        claim_transition(actor=reviewer, claim=claim, to_status=ClaimStatus.REJECTED)


def test_a_reviewers_long_note_is_kept_whole_in_history(reviewer):
    claim = ClaimFactory(status=ClaimStatus.NEEDS_REVIEW)
    note = (
        "SIPRI's 2024 fact sheet gives $3.7 billion for 2013, not 2024; the ministry's own "
        "budget law for 2024 says 5.1 billion manats. Disputed until the outlet corrects it. "
    ) * 3
    claim_transition(actor=reviewer, claim=claim, to_status=ClaimStatus.DISPUTED, note=note)
    assert claim.history.first().history_change_reason == note


def test_bulk_accept_reports_what_changed_and_why_others_were_skipped(editor):
    suggested = ClaimFactory(status=ClaimStatus.SUGGESTED)
    verified = ClaimFactory(status=ClaimStatus.VERIFIED)
    outcome = claims_transition(
        actor=editor, claims=[suggested, verified], to_status=ClaimStatus.DRAFT
    )
    assert outcome.changed == [suggested.pk]
    assert verified.pk in outcome.skipped
    assert "cannot be" in outcome.skipped[verified.pk]
