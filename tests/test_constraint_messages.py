"""A broken rule reads as a sentence, never as the name of a database constraint.

Django checks CheckConstraints and UniqueConstraints in ``full_clean()`` and, without a
message of their own, reports "Constraint “claim_low_lte_value” is violated.". Every
constraint of the domain model says what is wrong instead, and the claim offsets say it
the same way in the service, the API and the admin.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import reverse

from articles.models import Claim, ClaimStatus
from articles.services.claim_edit import claim_create, claim_update
from articles.services.sources import claim_source_attach

from .api_roles import client_for
from .factories import TEST_SETUP, ArticleFactory, ClaimFactory, SourceFactory

pytestmark = pytest.mark.django_db

REVERSED = "The quote ends before it starts: the end offset must be after the start offset."
BN = Decimal(10) ** 9
CONSTRAINT_NAMES = {
    constraint.name
    for model in apps.get_app_config("articles").get_models()
    for constraint in model._meta.constraints
}
# "claim_low_lte_value", "figure_unique_key", ... and Django's wording around such a name.
NAME_PATTERN = re.compile(
    "|".join(re.escape(name) for name in sorted(CONSTRAINT_NAMES, key=len, reverse=True))
    + r"|Constraint “|is violated"
)


def assert_no_constraint_name(text: str) -> None:
    found = NAME_PATTERN.search(text)
    assert found is None, f"a constraint name reached the reader: {found.group(0)!r} in {text!r}"


def refusal(**changes: Any) -> list[str]:
    """What ``claim_update`` says when it refuses ``changes`` to a fresh draft claim."""
    claim = ClaimFactory()
    with pytest.raises(ValidationError) as refused:
        claim_update(actor=TEST_SETUP, claim=claim, changes=changes, expected_version=claim.version)
    claim.refresh_from_db()
    assert claim.version == 1  # nothing was written
    said = refused.value.messages
    assert_no_constraint_name(" ".join(said))
    return said


# --- Every constraint has its own sentence ---------------------------------------------------


def test_every_constraint_of_the_domain_model_has_a_sentence_of_its_own():
    checked = 0
    for model in apps.get_app_config("articles").get_models():
        for constraint in model._meta.constraints:
            message = str(constraint.violation_error_message)
            assert message != str(constraint.default_violation_error_message), constraint.name
            assert message[:1].isupper() and message.endswith("."), (constraint.name, message)
            assert_no_constraint_name(message)
            checked += 1
    assert checked >= 20


# --- Through the services --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "sentence"),
    [
        ({"low": 4 * BN}, "The low bound is above the value."),
        ({"high": 3 * BN}, "The high bound is below the value."),
        ({"value": None, "low": 5 * BN, "high": 4 * BN}, "The low bound is above the high bound."),
        ({"period_start": 2024, "period_end": 2020}, "The period ends before it starts."),
        ({"currency": "usd"}, "The currency must be a three-letter ISO 4217 code such as USD."),
        ({"value": -BN}, "Values are magnitudes and cannot be negative."),
    ],
    ids=["low", "high", "bounds", "period", "currency", "negative"],
)
def test_an_edit_that_breaks_a_rule_is_refused_with_a_sentence(changes, sentence):
    assert sentence in refusal(**changes)


def test_a_rule_no_form_edits_still_reads_as_a_sentence():
    # Confidence is the extractor's, not an editable field; its rule is checked all the same.
    claim = ClaimFactory()
    claim.confidence = Decimal("1.5")
    with pytest.raises(ValidationError) as refused:
        claim.full_clean(exclude=["figure"])
    said = refused.value.messages
    assert said == ["Confidence is a fraction from 0 to 1."]
    assert_no_constraint_name(" ".join(said))


def test_reversed_offsets_are_refused_with_their_own_sentence_on_create(editor):
    article = ArticleFactory()
    at = article.body.index("$3.7 billion")
    with pytest.raises(ValidationError) as refused:
        claim_create(actor=editor, article=article, start=at + 12, end=at)
    said = refused.value.messages
    assert REVERSED in said
    assert refused.value.message_dict["end"] == [REVERSED]
    assert_no_constraint_name(" ".join(said))
    assert not Claim.objects.exists()


def test_equal_offsets_are_reversed_offsets_too(editor):
    article = ArticleFactory()
    with pytest.raises(ValidationError) as refused:
        claim_create(actor=editor, article=article, start=10, end=10, quote="x")
    assert REVERSED in refused.value.messages


def test_reversed_offsets_are_refused_with_their_own_sentence_on_update():
    said = refusal(start=40, end=20)
    assert REVERSED in said
    assert not any("outside the article body" in message for message in said)


def test_a_source_link_that_breaks_a_rule_says_why():
    claim = ClaimFactory()
    with pytest.raises(ValidationError) as refused:
        claim_source_attach(
            actor=TEST_SETUP, claim=claim, source=SourceFactory(), stance="supports", currency="usd"
        )
    said = refused.value.messages
    assert "The currency must be a three-letter ISO 4217 code such as USD." in said
    assert_no_constraint_name(" ".join(said))


# --- Through the API -------------------------------------------------------------------------


@pytest.mark.usefixtures("fresh_api_state")
def test_the_api_answers_reversed_offsets_with_the_sentence():
    article = ArticleFactory()
    response = client_for("editor").post(
        "/api/v1/claims/", {"article": article.pk, "start": 40, "end": 20}, format="json"
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["fields"]["end"] == [REVERSED]
    assert_no_constraint_name(response.content.decode())
    assert not Claim.objects.exists()


@pytest.mark.usefixtures("fresh_api_state")
def test_the_api_answers_a_broken_bound_with_the_sentence():
    claim = ClaimFactory()
    response = client_for("editor").patch(
        f"/api/v1/claims/{claim.pk}/",
        {"low": "4000000000.00", "version": claim.version},
        format="json",
    )
    assert response.status_code == 400
    assert "The low bound is above the value." in response.json()["error"]["message"]
    assert_no_constraint_name(response.content.decode())


# --- Through the admin -----------------------------------------------------------------------


def admin_claim_form(claim: Claim | None = None, **data: Any) -> dict[str, Any]:
    """The claim form as the admin posts it, with no source rows."""
    form: dict[str, Any] = {
        "qualifier": "exact",
        "currency": "USD",
        "claim_sources-TOTAL_FORMS": "0",
        "claim_sources-INITIAL_FORMS": "0",
        "claim_sources-MIN_NUM_FORMS": "0",
        "claim_sources-MAX_NUM_FORMS": "1000",
    }
    if claim is not None:
        form.update(
            article=claim.article_id,
            quote=claim.quote,
            start=claim.start,
            end=claim.end,
            value=claim.value,
            period_start=claim.period_start,
            period_end=claim.period_end,
            subject=claim.subject_id,
            metric=claim.metric_id,
            expected_version=claim.version,
        )
    form.update(data)
    return {key: "" if value is None else value for key, value in form.items()}


def test_the_admin_claim_form_says_the_offsets_are_reversed(client, editor):
    article = ArticleFactory()
    client.force_login(editor)
    response = client.post(
        reverse("admin:articles_claim_add"),
        admin_claim_form(article=article.pk, quote="billion", start=40, end=20, value="1"),
    )
    assert response.status_code == 200  # the form again, with its errors
    page = response.content.decode()
    assert REVERSED in page
    assert_no_constraint_name(page)
    assert not Claim.objects.exists()


def test_the_admin_claim_form_says_which_bound_is_wrong(client, editor):
    claim = ClaimFactory(status=ClaimStatus.DRAFT)
    client.force_login(editor)
    response = client.post(
        reverse("admin:articles_claim_change", args=[claim.pk]),
        admin_claim_form(claim, low="4000000000", high="3000000000"),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "The low bound is above the value." in page
    assert "The high bound is below the value." in page
    assert_no_constraint_name(page)
    claim.refresh_from_db()
    assert (claim.low, claim.high, claim.version) == (None, None, 1)
