"""Suggested claims from extraction: anchored, idempotent, never touching an editor's claim."""

from __future__ import annotations

import datetime
import json
import os
import subprocess
import sys
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.errors import NotPermitted
from articles.models import Claim, ClaimOrigin, ClaimStatus, DatePrecision
from articles.services.articles_import import articles_import
from articles.services.claim_workflow import claim_transition
from articles.services.claims_extract import claims_extract

from ..conftest import REPO
from ..factories import TEST_SETUP, ArticleFactory, ClaimFactory, txt
from ..workers import database_url_for_subprocess

pytestmark = pytest.mark.django_db

BODY = (
    "Azerbaijan's defense expenditures rose from $2.2 billion in 2020 to $3.7 billion in 2024, "
    "according to SIPRI.\n\nIn 2024, Azerbaijan acquired more than $2,2 billion in arms."
)
CONTRACT_KEYS = {
    "text", "start", "end", "value", "low", "high", "qualifier", "currency", "unit", "subject",
    "metric", "period_start", "period_end", "attribution", "confidence",
}  # fmt: skip


def test_figures_become_suggested_claims_anchored_in_the_body():
    article = ArticleFactory(body=BODY)
    outcome = claims_extract(actor=TEST_SETUP, article_ids=[article.pk])
    claims = {c.quote: c for c in Claim.objects.filter(article=article)}
    assert outcome.created == len(claims) == 3
    budget = claims["$3.7 billion"]
    assert article.body[budget.start : budget.end] == "$3.7 billion"
    assert (budget.status, budget.origin) == (ClaimStatus.SUGGESTED, ClaimOrigin.EXTRACTED)
    assert (budget.subject.name, budget.metric.slug) == ("Azerbaijan", "military-expenditure")
    assert (budget.value, budget.currency, budget.period_start) == (
        Decimal("3700000000.00"), "USD", 2024,
    )  # fmt: skip
    assert budget.attribution == "SIPRI"
    imports = claims["$2,2 billion"]
    assert (imports.metric.slug, imports.qualifier, imports.value) == (
        "arms-imports", "at_least", Decimal("2200000000.00"),
    )  # fmt: skip
    assert 0 <= budget.confidence <= 1


def test_extracting_twice_creates_nothing_new():
    article = ArticleFactory(body=BODY)
    claims_extract(actor=TEST_SETUP, article_ids=[article.pk])
    again = claims_extract(actor=TEST_SETUP, article_ids=[article.pk])
    assert again.created == 0
    assert Claim.objects.filter(article=article).count() == 3


def test_an_editors_claim_on_a_figure_is_never_changed_or_duplicated(editor):
    article = ArticleFactory(body=BODY)
    mine = ClaimFactory(article=article, phrase="$3.7 billion", attribution="Budget law")
    claims_extract(actor=TEST_SETUP, article_ids=[article.pk])
    mine.refresh_from_db()
    assert (mine.origin, mine.attribution, mine.version) == (ClaimOrigin.MANUAL, "Budget law", 1)
    assert Claim.objects.filter(article=article, quote="$3.7 billion").count() == 1


def test_a_rejected_suggestion_is_not_suggested_again(editor):
    article = ArticleFactory(body=BODY)
    claims_extract(actor=TEST_SETUP, article_ids=[article.pk])
    rejected = Claim.objects.get(article=article, quote="$2.2 billion")
    claim_transition(actor=editor, claim=rejected, to_status=ClaimStatus.REJECTED)
    claims_extract(actor=TEST_SETUP, article_ids=[article.pk])
    assert Claim.objects.filter(article=article, quote="$2.2 billion").count() == 1


def test_extraction_needs_permission_to_add_claims(outsider):
    article = ArticleFactory(body=BODY)
    with pytest.raises(NotPermitted):
        claims_extract(actor=outsider, article_ids=[article.pk])


def test_import_suggests_claims_once_the_articles_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        run = articles_import(actor=TEST_SETUP, sources=[txt("a.txt", BODY)])
    article = run.articles.get()
    assert Claim.objects.filter(article=article, status=ClaimStatus.SUGGESTED).count() == 3


def test_extracted_claims_are_reconciled_into_figures(django_capture_on_commit_callbacks):
    article = ArticleFactory(body=BODY)
    with django_capture_on_commit_callbacks(execute=True):
        claims_extract(actor=TEST_SETUP, article_ids=[article.pk])
    budget = Claim.objects.get(article=article, quote="$3.7 billion")
    assert budget.figure is not None
    assert budget.figure.period_start == 2024


# --- The command contract -------------------------------------------------------------------


def run_jsonl(lines: list[str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", "extract_figures", "--jsonl", "-"],
        cwd=REPO,
        env={**os.environ, "DATABASE_URL": database_url_for_subprocess()},
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_jsonl_contract_one_line_out_per_line_in_same_order():
    inputs = [
        {"id": "a", "text": BODY, "published": "2025-01-10"},
        {"id": 2, "text": "Nothing to see in 2024 here."},
        {"id": "c", "text": "Russia agreed to sell Armenia $200 million of arms last year.",
         "published": "2016-11-21"},
    ]  # fmt: skip
    result = run_jsonl([json.dumps(i) for i in inputs])
    assert result.returncode == 0, result.stderr
    outputs = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["id"] for o in outputs] == ["a", 2, "c"]
    assert outputs[1]["figures"] == []
    for given, answer in zip(inputs, outputs, strict=True):
        for figure in answer["figures"]:
            assert set(figure) == CONTRACT_KEYS
            assert given["text"][figure["start"] : figure["end"]] == figure["text"]
            assert figure["qualifier"] in {"exact", "approximately", "at_least", "at_most", "range"}
    deal = outputs[2]["figures"][0]
    assert (deal["value"], deal["currency"], deal["period_start"]) == (200_000_000, "USD", 2015)


def test_jsonl_lines_that_cannot_be_read_are_answered_in_place_and_fail_the_run():
    result = run_jsonl([json.dumps({"id": 1, "text": "$5 million"}), "{not json", "[1, 2]"])
    assert result.returncode == 1
    outputs = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(outputs) == 3
    assert outputs[0]["figures"][0]["value"] == 5_000_000
    assert outputs[1]["id"] is None and "line 2" in outputs[1]["error"]
    assert "line 3" in outputs[2]["error"]


def test_command_on_stored_articles_creates_suggestions(capsys):
    article = ArticleFactory(body=BODY)
    call_command("extract_figures", "--article", str(article.pk), "--json")
    assert json.loads(capsys.readouterr().out)["created"] == 3


def test_evaluate_extraction_meets_the_seed_targets(eval_dir, capsys):
    call_command("evaluate_extraction", str(eval_dir / "seeds_gold.jsonl"), "--json")
    report = json.loads(capsys.readouterr().out)
    assert report["f1"] >= 0.95
    assert report["value_accuracy"] >= 0.98
    for attribute in ("subject", "metric", "period"):
        assert report[f"{attribute}_accuracy"] >= 0.85


# --- The article's own conversions ----------------------------------------------------------

CONVERTED = (
    "Azerbaijan's defence budget for 2023 is 5.3 billion manats (US$3.1 billion at the "
    "current rate).\n\nArmenia's military budget was 1.4 trillion drams in 2023 ($3.6 billion)."
)


def _claims_by_quote(article) -> dict[str, Claim]:
    return {c.quote: c for c in Claim.objects.filter(article=article)}


def test_an_amount_restated_in_another_currency_is_suggested_as_a_conversion_of_the_first():
    article = ArticleFactory(body=CONVERTED)
    claims_extract(actor=TEST_SETUP, article_ids=[article.pk])
    claims = _claims_by_quote(article)
    manats, dollars = claims["5.3 billion manats"], claims["US$3.1 billion"]
    assert manats.converted_from is None
    assert dollars.converted_from == manats
    assert (dollars.currency, manats.currency) == ("USD", "AZN")
    dollars.full_clean()  # the link is one the model accepts
    # The first history row already records the link: it was never a claim without it.
    assert dollars.history.earliest().converted_from_id == manats.pk


def test_a_suggested_conversion_takes_its_originals_subject_metric_period_and_kind():
    article = ArticleFactory(body=CONVERTED)
    claims_extract(actor=TEST_SETUP, article_ids=[article.pk])
    claims = _claims_by_quote(article)
    drams, dollars = claims["1.4 trillion drams"], claims["$3.6 billion"]
    assert dollars.converted_from == drams
    placement = ("subject_id", "metric_id", "period_start", "period_end", "kind")
    assert [getattr(dollars, f) for f in placement] == [getattr(drams, f) for f in placement]
    assert (dollars.subject.name, dollars.period_start) == ("Armenia", 2023)


def test_extracting_twice_neither_duplicates_conversions_nor_breaks_their_links():
    article = ArticleFactory(body=CONVERTED)
    claims_extract(actor=TEST_SETUP, article_ids=[article.pk])
    links = dict(Claim.objects.filter(article=article).values_list("pk", "converted_from_id"))
    again = claims_extract(actor=TEST_SETUP, article_ids=[article.pk])
    assert again.created == 0
    assert dict(Claim.objects.filter(article=article).values_list("pk", "converted_from_id")) == (
        links
    )
    assert sum(1 for original in links.values() if original is not None) == 2


def test_a_conversion_of_an_editors_claim_is_linked_to_it_and_takes_its_placement(editor):
    article = ArticleFactory(body="The budget is 5.3 billion manats (US$3.1 billion).")
    mine = ClaimFactory(
        article=article, phrase="5.3 billion manats", currency="AZN", value=Decimal("5.3e9"),
        period_start=2023, period_end=2023,
    )  # fmt: skip
    claims_extract(actor=TEST_SETUP, article_ids=[article.pk])
    dollars = Claim.objects.get(article=article, quote="US$3.1 billion")
    assert dollars.converted_from == mine
    assert (dollars.subject_id, dollars.metric_id, dollars.period_start) == (
        mine.subject_id, mine.metric_id, 2023,
    )  # fmt: skip
    mine.refresh_from_db()
    assert (mine.origin, mine.version, mine.converted_from_id) == (ClaimOrigin.MANUAL, 1, None)


def test_linking_conversions_costs_the_same_queries_for_one_article_as_for_many():
    one = [ArticleFactory(body=CONVERTED)]
    many = [ArticleFactory(body=CONVERTED + f"\n\nPart {n}.") for n in range(4)]
    claims_extract(actor=TEST_SETUP, article_ids=[])  # build the lexicon cache outside the count
    counts = []
    for articles in (one, many):
        with CaptureQueriesContext(connection) as queries:
            claims_extract(actor=TEST_SETUP, article_ids=[a.pk for a in articles])
        counts.append(len(queries))
    assert counts[0] == counts[1]
    linked = Claim.objects.filter(converted_from__isnull=False)
    assert linked.count() == 2 * (len(one) + len(many))


# --- Periods an editor would set ------------------------------------------------------------

RELATIVE = (
    "This year's budget allocates $3.7 billion to the army, Baku said.\n\n"
    "Armenia spends $1.4 billion a year on defence.\n\n"
    "Next year's budget allocates $4 billion to the army, Baku said."
)
WRITTEN = (
    "The 2024 budget allocates $3.7 billion to the army, Baku said.\n\n"
    "Armenia spent $1.4 billion on defence in 2024.\n\n"
    "The 2025 budget allocates $4 billion to the army, Baku said."
)


@pytest.mark.parametrize("precision", [DatePrecision.DAY, DatePrecision.YEAR])
def test_in_a_dated_article_relative_periods_take_the_publication_year_with_less_trust(
    precision,
):
    # A year-only date is stored as the year's first day.
    published = datetime.date(2024, 3 if precision == DatePrecision.DAY else 1, 1)
    relative, written = (
        ArticleFactory(body=body, published_on=published, published_precision=precision)
        for body in (RELATIVE, WRITTEN)
    )
    claims_extract(actor=TEST_SETUP, article_ids=[relative.pk, written.pk])
    guessed = list(Claim.objects.filter(article=relative).order_by("start"))
    stated = list(Claim.objects.filter(article=written).order_by("start"))
    assert [(c.period_start, c.period_end) for c in guessed] == [
        (2024, 2024), (2024, 2024), (2025, 2025),
    ]  # fmt: skip
    assert [(c.period_start, c.period_end) for c in stated] == [
        (c.period_start, c.period_end) for c in guessed
    ]
    for relative_claim, written_claim in zip(guessed, stated, strict=True):
        assert relative_claim.confidence < written_claim.confidence


def test_in_an_undated_article_relative_periods_stay_empty_and_the_claims_are_unplaced():
    article = ArticleFactory(body=RELATIVE)
    assert article.published_precision == DatePrecision.UNKNOWN
    claims_extract(actor=TEST_SETUP, article_ids=[article.pk])
    claims = Claim.objects.filter(article=article)
    assert claims.count() == 3
    assert set(claims.values_list("period_start", "period_end")) == {(None, None)}
    assert set(Claim.objects.unplaced().filter(article=article)) == set(claims)
    assert all(c.subject is not None and c.metric is not None for c in claims)  # only the year
