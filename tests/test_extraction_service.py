"""Suggested claims from extraction: anchored, idempotent, never touching an editor's claim."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from decimal import Decimal

import pytest
from django.core.management import call_command

from articles.errors import NotPermitted
from articles.models import Claim, ClaimOrigin, ClaimStatus
from articles.services.articles_import import articles_import
from articles.services.claim_workflow import claim_transition
from articles.services.claims_extract import claims_extract

from .conftest import REPO
from .factories import ArticleFactory, ClaimFactory
from .test_import_service import txt
from .workers import database_url_for_subprocess

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
    outcome = claims_extract(article_ids=[article.pk])
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
    claims_extract(article_ids=[article.pk])
    again = claims_extract(article_ids=[article.pk])
    assert again.created == 0
    assert Claim.objects.filter(article=article).count() == 3


def test_an_editors_claim_on_a_figure_is_never_changed_or_duplicated(editor):
    article = ArticleFactory(body=BODY)
    mine = ClaimFactory(article=article, phrase="$3.7 billion", attribution="Budget law")
    claims_extract(article_ids=[article.pk])
    mine.refresh_from_db()
    assert (mine.origin, mine.attribution, mine.version) == (ClaimOrigin.MANUAL, "Budget law", 1)
    assert Claim.objects.filter(article=article, quote="$3.7 billion").count() == 1


def test_a_rejected_suggestion_is_not_suggested_again(editor):
    article = ArticleFactory(body=BODY)
    claims_extract(article_ids=[article.pk])
    rejected = Claim.objects.get(article=article, quote="$2.2 billion")
    claim_transition(actor=editor, claim=rejected, to_status=ClaimStatus.REJECTED)
    claims_extract(article_ids=[article.pk])
    assert Claim.objects.filter(article=article, quote="$2.2 billion").count() == 1


def test_extraction_needs_permission_to_add_claims(outsider):
    article = ArticleFactory(body=BODY)
    with pytest.raises(NotPermitted):
        claims_extract(actor=outsider, article_ids=[article.pk])


def test_import_suggests_claims_once_the_articles_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        run = articles_import(actor=None, sources=[txt("a.txt", BODY)])
    article = run.articles.get()
    assert Claim.objects.filter(article=article, status=ClaimStatus.SUGGESTED).count() == 3


def test_extracted_claims_are_reconciled_into_figures(django_capture_on_commit_callbacks):
    article = ArticleFactory(body=BODY)
    with django_capture_on_commit_callbacks(execute=True):
        claims_extract(article_ids=[article.pk])
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
