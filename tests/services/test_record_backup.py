"""Nothing lost: the whole record round-trips through export_record and import_record."""

from __future__ import annotations

import io
import json
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError

from articles.models import (
    Article,
    Claim,
    ClaimSource,
    ConflictFlag,
    Deal,
    Figure,
    ImportRun,
    Publication,
    Scope,
    Source,
)
from articles.services.articles_import import articles_import
from articles.services.claim_edit import claim_update
from articles.services.claim_rate import claim_rate_cite
from articles.services.claim_workflow import claim_transition
from articles.services.figure_settle import figure_settle
from articles.services.figures_reconcile import figures_reconcile
from articles.services.flag_resolve import flag_resolve
from articles.services.record_backup import RecordError, record_export, record_import
from articles.services.sources import claim_source_attach, source_create

from ..factories import ArticleFactory, ClaimFactory, claim_figure, entity_named, metric_slug, txt

pytestmark = pytest.mark.django_db

RECORD_MODELS = (
    Publication, ImportRun, Article, Source, Figure, Claim, ClaimSource, ConflictFlag, Scope, Deal,
)  # fmt: skip


def build_record(editor: User, reviewer: User) -> None:
    articles_import(actor=editor, sources=[txt("a.txt", "Azerbaijan spent $3.7 billion in 2024.")])
    a = ClaimFactory(article=ArticleFactory(title="<b>hostile</b> \u202e title"),
                     value=Decimal("3.7") * 10**9)  # fmt: skip
    b = ClaimFactory(article=ArticleFactory(), value=Decimal("2.2") * 10**9, phrase="$2.2 billion")
    claim_update(actor=editor, claim=b, changes={"attribution": "CAWAT"}, expected_version=1)
    source = source_create(actor=editor, title="SIPRI", url="https://sipri.org/x")
    claim_source_attach(actor=editor, claim=a, source=source, stance="supports", value=a.value)
    claim_transition(actor=reviewer, claim=a, to_status="verified")
    figures_reconcile()
    a.refresh_from_db()
    figure_settle(
        actor=reviewer, figure=claim_figure(a), preferred_claim=a, rationale="SIPRI agrees."
    )
    flag_resolve(actor=reviewer, flag=ConflictFlag.objects.get(), note="Settled on SIPRI.")
    # An admin's own scope, an editor's deal, the article's own conversion, a cited rate.
    scope = Scope.objects.create(slug="with-gendarmerie", name="With the gendarmerie")
    article = ArticleFactory(body="Defence gets 5.3 billion manats (US$3.1 billion) in 2023.")
    manats = ClaimFactory(article=article, phrase="5.3 billion manats", currency="AZN",
                          value=Decimal("5.3") * 10**9, scope=scope)  # fmt: skip
    dollars = ClaimFactory(article=article, phrase="US$3.1 billion", value=Decimal("3.1") * 10**9)
    claim_update(actor=editor, claim=dollars, changes={"converted_from": manats},
                 expected_version=1)  # fmt: skip
    claim_rate_cite(actor=reviewer, claim=manats, rate="1.71", source="the article",
                    expected_version=1)  # fmt: skip
    deal = Deal.objects.create(name="JF-17", buyer=entity_named("Azerbaijan"))
    ClaimFactory(kind="transaction", deal=deal, metric=metric_slug("arms-deal"))


def export_text() -> str:
    stream = io.StringIO()
    record_export(stream)
    return stream.getvalue()


def wipe_record() -> None:
    ConflictFlag.objects.all().delete()
    ClaimSource.objects.all().delete()
    Figure.objects.update(preferred_claim=None)
    Claim.objects.update(figure=None)
    Claim.objects.all().delete()
    Figure.objects.all().delete()
    Source.objects.all().delete()
    Article.objects.all().delete()
    ImportRun.objects.all().delete()
    Publication.objects.all().delete()
    Deal.objects.all().delete()
    Scope.objects.all().delete()
    for model in (Article, Claim, Source, ClaimSource, Figure, ConflictFlag, Deal):
        model.history.all().delete()


def test_the_record_round_trips_row_for_row_and_byte_for_byte(editor, reviewer):
    build_record(editor, reviewer)
    counts = {model: model.objects.count() for model in RECORD_MODELS}
    history = {model: model.history.count() for model in (Claim, Figure, ConflictFlag, Source)}
    first = export_text()
    assert export_text() == first, "the same record must give the same bytes"

    wipe_record()
    summary = record_import(io.StringIO(first))
    assert summary.total == len(json.loads(first)["objects"])
    assert {model: model.objects.count() for model in RECORD_MODELS} == counts
    assert {model: model.history.count() for model in history} == history
    assert export_text() == first

    flag = ConflictFlag.objects.get()
    assert (flag.state, flag.resolved_by) == ("resolved", reviewer)
    assert flag.claims.count() == 2
    assert Claim.objects.get(attribution="CAWAT").history.count() == 2
    manats = Claim.objects.get(currency="AZN")
    assert (manats.scope.name, manats.usd_rate_source) == ("With the gendarmerie", "the article")
    assert manats.conversions.get().value == Decimal("3.1") * 10**9
    assert Deal.objects.get().claims.count() == 1


def test_new_rows_after_a_restore_get_fresh_ids(editor, reviewer):
    build_record(editor, reviewer)
    text = export_text()
    highest = Claim.objects.order_by("-pk").first().pk
    wipe_record()
    record_import(io.StringIO(text))
    assert ClaimFactory().pk > highest


def test_restoring_into_a_database_that_holds_a_record_is_refused(editor, reviewer):
    build_record(editor, reviewer)
    with pytest.raises(RecordError, match="already holds a record"):
        record_import(io.StringIO(export_text()))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("not json", "Not a JSON record"),
        ('{"format": "something-else"}', "not a factcheck record"),
        ('{"format": "factcheck-record", "version": 99}', "version 99 is not supported"),
    ],
)
def test_a_file_that_is_not_a_record_is_refused_with_the_reason(text, message):
    with pytest.raises(RecordError, match=message):
        record_import(io.StringIO(text))


def test_commands_write_and_refuse_with_clear_messages(tmp_path, editor, reviewer):
    build_record(editor, reviewer)
    path = tmp_path / "record.json"
    call_command("export_record", str(path))
    assert json.loads(path.read_text())["format"] == "factcheck-record"
    assert not (tmp_path / "record.json.partial").exists()
    with pytest.raises(CommandError, match="already holds a record"):
        call_command("import_record", str(path))
