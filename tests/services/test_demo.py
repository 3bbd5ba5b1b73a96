"""The local demo: accounts for a laptop only, and a reviewed record that tells the truth.

``demo_review`` applies the sample corpus's editorial record
(articles/sample_corpus/editorial_record.json). These tests hold it to what the record
promises: the decided readings and statuses, a source behind every verified claim, the two
flags left open for readers, one withdrawal with its correction, nothing else verified,
nothing outside the corpus touched, and a second run that changes not a byte.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.test import TestCase, override_settings

from articles.models import Article, Claim, ClaimStatus, ConflictFlag, Figure, Stance
from articles.services.demo import demo_accounts_create
from articles.services.demo_record import (
    RECORD_PATH,
    DemoRecordError,
    demo_record_apply,
)

pytestmark = pytest.mark.django_db

RECORD = json.loads(RECORD_PATH.read_text(encoding="utf-8"))

# An article a user imported: its title is the same as a corpus article's (04, which has no
# URL), and its figures fall under the corpus's figures and flags.
OUTSIDE = {
    "title": "Aliyev puts arms cooperation with Russia at $4 billion",
    "body": (
        "A reader's summary of the regional arms race. Azerbaijan's defence expenditures rose "
        "from $2.2 billion in 2020 to $3.7 billion in 2024, the summary says.\n\n"
        "It adds that Azerbaijan agreed a $1.6 billion contract with Pakistan for JF-17 "
        "fighters, and that Armenia's military spending reached $1.4 billion in 2024."
    ),
    "url": "https://example.org/outside/readers-summary",
    "published": "2024-11",
    "publication": "Outside Reader",
    "language": "en",
}


def test_demo_accounts_are_refused_when_debug_is_off(settings):
    settings.DEBUG = False
    with pytest.raises(ImproperlyConfigured):
        demo_accounts_create()


def test_demo_editor_and_reviewer_log_in_to_the_admin(settings, client):
    settings.DEBUG = True
    accounts = demo_accounts_create(password="demo-password-for-test")
    assert [a.username for a in accounts] == ["editor", "reviewer"]
    demo_accounts_create(password="demo-password-for-test")  # running twice works
    for account in accounts:
        assert client.login(username=account.username, password=account.password)
        assert client.get("/admin/").status_code == 200


def test_demo_review_is_refused_when_debug_is_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="local demo only"):
        call_command("demo_review")


@dataclass(frozen=True)
class DemoSite:
    outside: Article
    outside_before: dict[int, tuple]


@pytest.fixture(scope="module")
def demo_site(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[DemoSite]:
    """``make run`` up to the server: corpus, an outside article, accounts, demo review.

    Built once for the module (it takes seconds) inside a transaction that is rolled back
    when the module ends; each test runs in a savepoint inside it, as usual.
    """
    path = tmp_path_factory.mktemp("outside") / "outside.json"
    path.write_text(json.dumps(OUTSIDE), encoding="utf-8")
    with django_db_blocker.unblock():
        module = transaction.atomic()
        module.__enter__()
        try:
            with override_settings(DEBUG=True):
                for command in (("load_sample_corpus",), ("import_articles", str(path))):
                    # Extraction and reconciling follow each import's commit.
                    with TestCase.captureOnCommitCallbacks(execute=True):
                        call_command(*command, stdout=io.StringIO())
                outside = Article.objects.get(url=OUTSIDE["url"])
                before = _claim_states(outside)
                demo_accounts_create(password="demo-password-for-test")
                with TestCase.captureOnCommitCallbacks(execute=True):
                    call_command("demo_review", stdout=io.StringIO())
            yield DemoSite(outside, before)
        finally:
            transaction.set_rollback(True)
            module.__exit__(None, None, None)


def _claim_states(article: Article) -> dict[int, tuple]:
    return {
        claim.pk: (
            claim.status,
            claim.version,
            claim.subject_id,
            claim.counterparty_id,
            claim.metric_id,
            claim.value,
            claim.period_start,
            claim.period_end,
            claim.history.count(),
            claim.claim_sources.count(),
        )
        for claim in Claim.objects.filter(article=article)
    }


def _corpus_article(key: str) -> Article:
    ref = RECORD["articles"][key]
    if "url" in ref:
        return Article.objects.get(url=ref["url"])
    return Article.objects.get(title=ref["title"], import_run__origin="sample")


def _decided(entry: dict) -> Claim:
    """The claim the record decides for ``entry``: the live one on its words."""
    article = _corpus_article(entry["article"])
    start = article.body.index(entry["quote"])
    for _ in range(entry.get("occurrence") or 0):
        start = article.body.index(entry["quote"], start + 1)
    return Claim.objects.exclude(status="withdrawn").get(
        article=article, start=start, end=start + len(entry["quote"])
    )


def _entry(claim_id: str) -> dict:
    return next(e for e in RECORD["claims"] if e["id"] == claim_id)


def test_demo_review_applies_the_desk_readings_and_statuses(demo_site):
    for entry in RECORD["claims"]:
        claim = _decided(entry)
        assert claim.status == entry["status"], entry["id"]
        assert claim.subject.slug == entry["subject"], entry["id"]
        assert (claim.counterparty.slug if claim.counterparty else None) == entry["counterparty"]
        assert claim.metric.slug == entry["metric"], entry["id"]
        assert (claim.period_start, claim.period_end) == (
            entry["period_start"],
            entry["period_end"],
        ), entry["id"]
    # The extractor's known misreadings, corrected.
    jf17 = _decided(_entry("01-jf-17"))
    assert (jf17.subject.slug, jf17.counterparty.slug, jf17.metric.slug) == (
        "azerbaijan",
        "pakistan",
        "arms-deal",
    )
    assert jf17.status == "needs_review"  # no source for it yet
    budget = _decided(_entry("06-azerbaijan-budget-2024"))
    assert (budget.metric.slug, budget.period_start, budget.status) == (
        "military-expenditure",
        2024,
        "disputed",
    )
    sipri = _decided(_entry("05-sipri-decade"))
    assert (sipri.metric.slug, sipri.period_start, sipri.period_end, sipri.status) == (
        "arms-imports",
        2007,
        2016,
        "verified",
    )
    # The Russian article's figure is the extractor's suggestion, reviewed: extraction
    # reads Russian.
    russian = _decided(_entry("12-azerbaijan-budget-2024"))
    assert (russian.origin, russian.article.language) == ("extracted", "ru")
    # History says who did it: the demo editor fixed, the demo reviewer gave the verdict.
    last = sipri.history.first()
    assert (last.history_user.username, last.status) == ("reviewer", "verified")
    assert "editor" in {h.history_user.username for h in sipri.history.all() if h.history_user}


def test_demo_review_verifies_only_what_the_record_decides_and_with_a_source(demo_site):
    decided = {_decided(e).pk for e in RECORD["claims"] if e["status"] == "verified"}
    verified = Claim.objects.filter(status=ClaimStatus.VERIFIED)
    assert set(verified.values_list("pk", flat=True)) == decided
    for claim in verified:
        assert claim.claim_sources.filter(stance=Stance.SUPPORTS).exists(), claim.pk
    # Suggestions the record does not decide stay suggestions.
    undecided = Claim.objects.filter(article__import_run__origin="sample", status="suggested")
    assert undecided.exists()
    # Figures are settled only where every claim is verified, each with its true rationale.
    settled = Figure.objects.filter(status="reconciled")
    assert settled.count() == len(RECORD["figures"])
    for figure in settled:
        assert figure.preferred_claim.status == "verified"
        assert not figure.claims.exclude(status__in=("verified", "withdrawn", "rejected"))
        assert figure.rationale in {f["rationale"] for f in RECORD["figures"]}
    cooperation = settled.get(metric__slug="cooperation-volume")
    assert (cooperation.subject.slug, cooperation.value) == ("azerbaijan", 4_000_000_000)


def test_demo_review_acknowledges_the_two_disputes_and_leaves_them_open(demo_site):
    acknowledged = ConflictFlag.objects.filter(state="acknowledged")
    assert sorted(acknowledged.values_list("kind", flat=True)) == [
        "metric_confusion",
        "period_reuse",
    ]
    reuse = acknowledged.get(kind="period_reuse")
    assert {c.value for c in reuse.claims.all()} == {3_700_000_000}
    assert {c.period_start for c in reuse.claims.all()} >= {2013, 2024}
    confusion = acknowledged.get(kind="metric_confusion")
    assert {c.metric.slug for c in confusion.claims.all()} == {
        "military-expenditure",
        "arms-imports",
    }
    assert reuse.history.first().history_user.username == "reviewer"
    # The outside article's own $3.7 billion sits under the same flag: the flag is found by
    # what it is about, not by which claims it happens to hold.
    assert reuse.claims.filter(article__url=OUTSIDE["url"]).exists()


def test_demo_review_withdraws_one_misread_claim_with_its_correction(demo_site):
    withdrawn = Claim.objects.get(status=ClaimStatus.WITHDRAWN)
    spec = RECORD["withdrawals"][0]
    assert withdrawn.article == _corpus_article(spec["article"])
    assert withdrawn.quote == spec["quote"]
    assert withdrawn.withdrawal_reason == spec["reason"] == "extraction_error"
    assert withdrawn.withdrawal_note == spec["note"]
    assert withdrawn.withdrawn_by.username == "reviewer"
    # What was published, and withdrawn: the deal filed under the seller as cooperation.
    assert (withdrawn.subject.slug, withdrawn.metric.slug) == ("russia", "cooperation-volume")
    assert "verified" in set(withdrawn.history.values_list("status", flat=True))
    # The corrected reading is a separate claim on the same words.
    corrected = _decided(_entry("09.2-russian-deal-2010-2011"))
    assert corrected.pk != withdrawn.pk
    assert (corrected.subject.slug, corrected.counterparty.slug, corrected.status) == (
        "azerbaijan",
        "russia",
        "verified",
    )


def test_demo_review_leaves_articles_outside_the_corpus_alone(demo_site):
    outside = demo_site.outside
    assert demo_site.outside_before, "the outside article should have suggestions to leave"
    assert _claim_states(outside) == demo_site.outside_before
    # Same title as a corpus article, yet the corpus's own article got the decisions.
    corpus = _corpus_article("04-four-billion-cooperation.txt")
    assert corpus.pk != outside.pk
    assert Claim.objects.filter(article=corpus, status="verified").exists()


def test_make_run_a_second_time_changes_nothing(demo_site, settings, tmp_path, capsys):
    settings.DEBUG = True
    settings.FACTCHECK_DEMO_PASSWORD = "demo-password-for-test"  # what demo_site used
    call_command("export_record", str(tmp_path / "first.json"))
    # Everything ``make run`` does before it serves, again.
    call_command("migrate", verbosity=0)
    call_command("load_sample_corpus")
    assert "already there; nothing imported" in capsys.readouterr().out
    call_command("create_demo_accounts")
    call_command("demo_review", "--json")
    outcome = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert outcome["already_held"] > 0
    assert not any(v for k, v in outcome.items() if k not in {"already_held", "skipped"})
    call_command("export_record", str(tmp_path / "second.json"))
    assert (tmp_path / "first.json").read_bytes() == (tmp_path / "second.json").read_bytes()


def _record_file(tmp_path: Path, change: Callable[[dict], None]) -> Path:
    record = json.loads(json.dumps(RECORD))
    change(record)
    path = tmp_path / "record.json"
    path.write_text(json.dumps(record), encoding="utf-8")
    return path


def test_demo_record_names_a_missing_corpus_article(editor, reviewer, tmp_path):
    def rename(record):
        record["articles"]["01-arms-control-offer.txt"] = {"title": "Not in the corpus"}

    path = _record_file(tmp_path, rename)
    with pytest.raises(DemoRecordError, match=r"01-arms-control-offer\.txt.*Not in the corpus"):
        demo_record_apply(reviewer=reviewer, editor=editor, path=path)


def test_demo_record_names_a_quote_that_is_not_in_its_article(
    demo_site, editor, reviewer, tmp_path
):
    def misquote(record):
        record["claims"][2]["quote"] = "$2.3 billion"

    path = _record_file(tmp_path, misquote)
    entry_id = RECORD["claims"][2]["id"]
    history = Claim.history.count()
    with pytest.raises(DemoRecordError, match=rf"claims\[2\] \({entry_id}\).*\$2\.3 billion"):
        demo_record_apply(reviewer=reviewer, editor=editor, path=path)
    assert Claim.history.count() == history  # checked before anything was written
