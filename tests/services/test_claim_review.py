"""Review that means something: a verdict needs its grounds, an edit after review goes back to
a reviewer, and a published claim is corrected by withdrawal, never quietly changed."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from articles.errors import InvalidTransition, NotPermitted, ReviewRefused
from articles.models import Claim, ClaimStatus, Figure, FigureStatus, Stance
from articles.services.claim_edit import claim_update
from articles.services.claim_withdraw import claim_withdraw
from articles.services.claim_workflow import claim_transition, claims_transition
from articles.services.figure_settle import figure_settle
from articles.services.figures_reconcile import figures_reconcile
from articles.services.sources import claim_source_attach

from ..factories import (
    TEST_SETUP,
    ClaimFactory,
    SourceFactory,
    claim_figure,
    entity_named,
    metric_slug,
)

pytestmark = pytest.mark.django_db


def attach(claim: Claim, stance: str, value: str | None = None, currency: str = "") -> None:
    claim_source_attach(
        actor=TEST_SETUP,
        claim=claim,
        source=SourceFactory(),
        stance=stance,
        value=Decimal(value) if value else None,
        currency=currency,
    )


def verified_claim(**fields: object) -> Claim:
    claim = ClaimFactory(status=ClaimStatus.NEEDS_REVIEW, **fields)
    attach(claim, Stance.SUPPORTS)
    return claim_transition(actor=TEST_SETUP, claim=claim, to_status=ClaimStatus.VERIFIED)


# --- A verdict needs its grounds -------------------------------------------------------------


def test_verifying_without_any_source_is_refused_and_nothing_changes(reviewer):
    claim = ClaimFactory(status=ClaimStatus.NEEDS_REVIEW)
    with pytest.raises(ReviewRefused) as refused:
        claim_transition(actor=reviewer, claim=claim, to_status=ClaimStatus.VERIFIED)
    assert refused.value.code == "missing_supporting_source"
    assert refused.value.status_code == 409
    assert "no attached source that supports it" in str(refused.value)
    claim.refresh_from_db()
    assert (claim.status, claim.version) == (ClaimStatus.NEEDS_REVIEW, 1)


def test_verifying_a_claim_without_subject_metric_or_period_names_each_gap(reviewer):
    claim = ClaimFactory(
        status=ClaimStatus.NEEDS_REVIEW,
        subject=None,
        metric=None,
        period_start=None,
        period_end=None,
    )
    attach(claim, Stance.SUPPORTS)
    with pytest.raises(ReviewRefused) as refused:
        claim_transition(actor=reviewer, claim=claim, to_status=ClaimStatus.VERIFIED)
    assert refused.value.missing == ["subject", "metric", "period"]
    assert refused.value.code == "missing_subject"
    assert "no subject, no metric and no period" in str(refused.value)


def test_a_contradicting_source_does_not_support_a_verification(reviewer):
    claim = ClaimFactory(status=ClaimStatus.NEEDS_REVIEW)
    attach(claim, Stance.CONTRADICTS)
    with pytest.raises(ReviewRefused):
        claim_transition(actor=reviewer, claim=claim, to_status=ClaimStatus.VERIFIED)


def test_a_context_source_whose_own_value_agrees_within_tolerance_supports(reviewer):
    claim = ClaimFactory(status=ClaimStatus.NEEDS_REVIEW)  # 3.7 billion USD
    attach(claim, Stance.CONTEXT, "3650000000", "USD")  # 1.4 % apart, tolerance 5 %
    verified = claim_transition(actor=reviewer, claim=claim, to_status=ClaimStatus.VERIFIED)
    assert verified.status == ClaimStatus.VERIFIED


def test_a_context_source_whose_value_lies_outside_the_tolerance_does_not_support(reviewer):
    claim = ClaimFactory(status=ClaimStatus.NEEDS_REVIEW)
    attach(claim, Stance.CONTEXT, "3100000000", "USD")  # 16 % apart
    with pytest.raises(ReviewRefused):
        claim_transition(actor=reviewer, claim=claim, to_status=ClaimStatus.VERIFIED)


def test_a_source_value_in_another_currency_is_not_taken_as_agreement(reviewer):
    claim = ClaimFactory(status=ClaimStatus.NEEDS_REVIEW)
    attach(claim, Stance.CONTEXT, "3700000000", "AZN")
    with pytest.raises(ReviewRefused):
        claim_transition(actor=reviewer, claim=claim, to_status=ClaimStatus.VERIFIED)


def test_the_metric_tolerance_decides_agreement_when_it_is_set(reviewer):
    metric = metric_slug("military-expenditure")
    metric.tolerance = Decimal("0.20")
    metric.save()
    claim = ClaimFactory(status=ClaimStatus.NEEDS_REVIEW)
    attach(claim, Stance.CONTEXT, "3100000000", "USD")  # 16 % apart, within 20 %
    verified = claim_transition(actor=reviewer, claim=claim, to_status=ClaimStatus.VERIFIED)
    assert verified.status == ClaimStatus.VERIFIED


def test_marking_false_needs_a_contradicting_source(reviewer):
    claim = ClaimFactory(status=ClaimStatus.NEEDS_REVIEW)
    attach(claim, Stance.SUPPORTS)
    with pytest.raises(ReviewRefused) as refused:
        claim_transition(actor=reviewer, claim=claim, to_status=ClaimStatus.FALSE)
    assert refused.value.code == "missing_contradicting_source"
    attach(claim, Stance.CONTEXT, "2200000000", "USD")  # the source gives another value
    marked = claim_transition(actor=reviewer, claim=claim, to_status=ClaimStatus.FALSE)
    assert marked.status == ClaimStatus.FALSE


def test_disputed_and_unverifiable_need_no_source(reviewer):
    first = ClaimFactory(status=ClaimStatus.NEEDS_REVIEW)
    second = ClaimFactory(status=ClaimStatus.NEEDS_REVIEW)
    assert claim_transition(actor=reviewer, claim=first, to_status=ClaimStatus.DISPUTED).status
    assert (
        claim_transition(actor=reviewer, claim=second, to_status=ClaimStatus.UNVERIFIABLE).status
        == ClaimStatus.UNVERIFIABLE
    )


def test_a_bulk_verification_skips_claims_without_grounds_and_says_why(reviewer):
    grounded = ClaimFactory(status=ClaimStatus.NEEDS_REVIEW)
    attach(grounded, Stance.SUPPORTS)
    bare = ClaimFactory(status=ClaimStatus.NEEDS_REVIEW)
    outcome = claims_transition(
        actor=reviewer, claims=[grounded, bare], to_status=ClaimStatus.VERIFIED
    )
    assert outcome.changed == [grounded.pk]
    assert "no attached source that supports it" in outcome.skipped[bare.pk]


# --- Review cannot be bypassed ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "new_value"),
    [
        ("value", Decimal("3600000000")),
        ("low", Decimal("3000000000")),
        ("qualifier", "approximately"),
        ("currency", "EUR"),
        ("unit", "tanks"),
        ("period_start", 2023),
        ("attribution", "SIPRI"),
    ],
)
def test_changing_what_a_verified_claim_says_sends_it_back_to_review(editor, field, new_value):
    claim = verified_claim()
    changed = claim_update(
        actor=editor, claim=claim, changes={field: new_value}, expected_version=claim.version
    )
    assert changed.status == ClaimStatus.NEEDS_REVIEW
    latest = changed.history.order_by("-history_id").first()
    assert latest.history_user == editor
    assert field.replace("_id", "") in latest.history_change_reason
    assert "back to review" in latest.history_change_reason


@pytest.mark.parametrize("relation", ["subject", "counterparty", "metric"])
def test_changing_who_or_what_a_reviewed_claim_is_about_sends_it_back(editor, relation):
    claim = verified_claim()
    new = metric_slug("arms-imports") if relation == "metric" else entity_named("Armenia")
    changed = claim_update(
        actor=editor, claim=claim, changes={relation: new}, expected_version=claim.version
    )
    assert changed.status == ClaimStatus.NEEDS_REVIEW
    assert relation in changed.history.order_by("-history_id").first().history_change_reason


def test_moving_the_quote_of_a_disputed_claim_sends_it_back_to_review(editor, reviewer):
    claim = ClaimFactory(status=ClaimStatus.NEEDS_REVIEW)
    claim = claim_transition(actor=reviewer, claim=claim, to_status=ClaimStatus.DISPUTED)
    other = claim.article.body.index("$2.2 billion")
    changed = claim_update(
        actor=editor,
        claim=claim,
        changes={"start": other, "end": other + len("$2.2 billion")},
        expected_version=claim.version,
    )
    assert changed.quote == "$2.2 billion"
    assert changed.status == ClaimStatus.NEEDS_REVIEW


def test_a_note_only_edit_keeps_the_reviewed_status(editor):
    claim = verified_claim()
    changed = claim_update(
        actor=editor,
        claim=claim,
        changes={"note": "Checked the ministry's PDF too."},
        expected_version=claim.version,
    )
    assert changed.status == ClaimStatus.VERIFIED
    assert changed.version == claim.version + 1


def test_an_edit_that_sets_a_field_to_the_value_it_has_keeps_the_status(editor):
    claim = verified_claim()
    changed = claim_update(
        actor=editor,
        claim=claim,
        changes={"value": Decimal("3700000000.00"), "subject": claim.subject},
        expected_version=claim.version,
    )
    assert changed.status == ClaimStatus.VERIFIED


def test_an_edit_of_a_draft_keeps_it_a_draft(editor):
    claim = ClaimFactory(status=ClaimStatus.DRAFT)
    changed = claim_update(
        actor=editor, claim=claim, changes={"value": Decimal(1)}, expected_version=1
    )
    assert changed.status == ClaimStatus.DRAFT


def test_only_a_reviewer_sends_a_reviewed_claim_back_to_review(editor, reviewer):
    claim = verified_claim()
    with pytest.raises(NotPermitted):
        claim_transition(actor=editor, claim=claim, to_status=ClaimStatus.NEEDS_REVIEW)
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.VERIFIED
    back = claim_transition(actor=reviewer, claim=claim, to_status=ClaimStatus.NEEDS_REVIEW)
    assert back.status == ClaimStatus.NEEDS_REVIEW


def test_an_editor_may_still_send_a_draft_to_review(editor):
    claim = ClaimFactory(status=ClaimStatus.DRAFT)
    sent = claim_transition(actor=editor, claim=claim, to_status=ClaimStatus.NEEDS_REVIEW)
    assert sent.status == ClaimStatus.NEEDS_REVIEW


def settled_figure_on(claim: Claim, reviewer) -> Figure:
    figures_reconcile()
    claim.refresh_from_db()
    return figure_settle(
        actor=reviewer,
        figure=claim_figure(claim),
        preferred_claim=claim,
        rationale="SIPRI's database gives the same value.",
    )


def test_a_figure_settled_on_a_claim_that_goes_back_to_review_is_reopened(editor, reviewer):
    claim = verified_claim()
    figure = settled_figure_on(claim, reviewer)
    claim_update(
        actor=editor,
        claim=claim,
        changes={"value": Decimal("3800000000")},
        expected_version=claim.version,
    )
    figure.refresh_from_db()
    assert figure.status == FigureStatus.OPEN
    assert figure.value is None and figure.preferred_claim is None
    reason = figure.history.order_by("-history_id").first().history_change_reason
    assert f"claim {claim.pk}" in reason


def test_a_figure_cannot_be_settled_on_an_unreviewed_claim(reviewer):
    claim = ClaimFactory(status=ClaimStatus.SUGGESTED, origin="extracted")
    figures_reconcile()
    claim.refresh_from_db()
    with pytest.raises(ValidationError, match="review it first"):
        figure_settle(
            actor=reviewer,
            figure=claim.figure,
            preferred_claim=claim,
            rationale="It looks right.",
        )
    assert Figure.objects.get(pk=claim.figure_id).status == FigureStatus.OPEN


# --- Corrections -----------------------------------------------------------------------------


def test_a_reviewer_withdraws_a_verified_claim_with_a_reason(reviewer):
    claim = verified_claim()
    withdrawn = claim_withdraw(
        actor=reviewer,
        claim=claim,
        reason="extraction_error",
        note="The figure is Azerbaijan's 2020 budget, not a 2023 arms deal.",
    )
    assert withdrawn.status == ClaimStatus.WITHDRAWN
    assert withdrawn.withdrawal_reason == "extraction_error"
    assert withdrawn.withdrawn_by == reviewer
    assert withdrawn.withdrawn_at is not None
    latest = withdrawn.history.order_by("-history_id").first()
    assert latest.history_user == reviewer
    assert "withdrawn (extraction error) from verified" in latest.history_change_reason
    assert "2020 budget" in latest.history_change_reason


def test_a_withdrawn_claim_leaves_its_figure_and_reopens_a_figure_settled_on_it(reviewer):
    claim = verified_claim()
    figure = settled_figure_on(claim, reviewer)
    claim = Claim.objects.get(pk=claim.pk)
    claim_withdraw(actor=reviewer, claim=claim, reason="misread", note="Wrong year.")
    figure.refresh_from_db()
    assert figure.status == FigureStatus.OPEN
    assert figure.value is None
    figures_reconcile()
    assert Claim.objects.get(pk=claim.pk).figure_id is None


def test_editors_cannot_withdraw(editor):
    claim = verified_claim()
    with pytest.raises(NotPermitted):
        claim_withdraw(actor=editor, claim=claim, reason="misread")
    assert Claim.objects.get(pk=claim.pk).status == ClaimStatus.VERIFIED


def test_only_a_published_claim_can_be_withdrawn(reviewer):
    draft = ClaimFactory(status=ClaimStatus.DRAFT)
    with pytest.raises(InvalidTransition, match="reject it instead"):
        claim_withdraw(actor=reviewer, claim=draft, reason="misread")


def test_a_withdrawal_needs_a_known_reason_and_other_needs_a_note(reviewer):
    claim = verified_claim()
    with pytest.raises(ValidationError, match="extraction_error"):
        claim_withdraw(actor=reviewer, claim=claim, reason="oops")
    with pytest.raises(ValidationError, match="what was wrong"):
        claim_withdraw(actor=reviewer, claim=claim, reason="other", note="  ")
    assert Claim.objects.get(pk=claim.pk).status == ClaimStatus.VERIFIED


def test_a_withdrawal_is_final(reviewer, editor):
    claim = verified_claim()
    claim = claim_withdraw(actor=reviewer, claim=claim, reason="superseded", note="Revised.")
    for status in (ClaimStatus.VERIFIED, ClaimStatus.NEEDS_REVIEW, ClaimStatus.DRAFT):
        with pytest.raises(InvalidTransition):
            claim_transition(actor=reviewer, claim=claim, to_status=status)
    with pytest.raises(InvalidTransition, match="withdrawn"):
        claim_update(
            actor=editor, claim=claim, changes={"value": Decimal(1)}, expected_version=claim.version
        )
    noted = claim_update(
        actor=editor, claim=claim, changes={"note": "See claim 12."}, expected_version=claim.version
    )
    assert noted.status == ClaimStatus.WITHDRAWN


def test_the_database_refuses_a_withdrawal_without_a_reason():
    from django.db import IntegrityError, transaction

    claim = ClaimFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Claim.objects.filter(pk=claim.pk).update(status=ClaimStatus.WITHDRAWN)


# --- The public page of a withdrawn claim ----------------------------------------------------


def test_a_withdrawn_claims_page_keeps_answering_with_its_correction(client, reviewer):
    claim = verified_claim(attribution="CAWAT")
    url = claim.get_absolute_url()
    assert "Withdrawn" not in client.get(url).content.decode()
    claim_withdraw(
        actor=reviewer,
        claim=claim,
        reason="extraction_error",
        note="The $3.7 billion is <b>2013</b> spending, not 2024.",
    )
    response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "This claim was withdrawn" in page
    assert "extraction error" in page
    # The note is shown, escaped like all text from people.
    assert "The $3.7 billion is &lt;b&gt;2013&lt;/b&gt; spending, not 2024." in page
    # The correction replaces the assertion: no verdict, no ClaimReview, not indexed.
    assert "ClaimReview" not in page
    assert "bears it out" not in page
    assert '<meta name="robots" content="noindex">' in page


def test_a_claim_sent_back_to_review_leaves_the_public_pages(client, editor):
    claim = verified_claim()
    url = claim.get_absolute_url()
    assert client.get(url).status_code == 200
    claim_update(
        actor=editor,
        claim=claim,
        changes={"subject": entity_named("Armenia")},
        expected_version=claim.version,
    )
    assert client.get(url).status_code == 404


def test_the_feeds_carry_the_withdrawal_as_a_correction(client, reviewer):
    kept = verified_claim()
    withdrawn = verified_claim(period_start=2013, period_end=2013)
    claim_withdraw(actor=reviewer, claim=withdrawn, reason="misread", note="It is 2014 spending.")
    claims_feed = client.get("/feeds/claims/").content.decode()
    assert "Correction: “$3.7 billion” withdrawn (Misread)" in claims_feed
    assert "It is 2014 spending." in claims_feed
    assert kept.get_absolute_url() in claims_feed
    corrections = client.get("/feeds/corrections/").content.decode()
    assert withdrawn.get_absolute_url() in corrections
    assert kept.get_absolute_url() not in corrections
    draft = ClaimFactory(status=ClaimStatus.DRAFT, attribution="Secret desk note")
    assert draft.get_absolute_url() not in client.get("/feeds/claims/").content.decode()
