"""The database holds the rules it can: uniqueness, ordering of bounds and periods, anchors."""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.db import IntegrityError, transaction

from articles.errors import QuoteMismatch
from articles.models import Article, Claim, Entity, Figure, Metric

from .factories import ArticleFactory, ClaimFactory, entity_named, metric_slug

pytestmark = pytest.mark.django_db


def test_seeded_metrics_include_every_slug_the_product_names():
    slugs = set(Metric.objects.values_list("slug", flat=True))
    assert {
        "military-expenditure",
        "arms-imports",
        "arms-exports",
        "arms-deal",
        "military-aid",
        "cooperation-volume",
        "equipment-count",
    } <= slugs
    assert Metric.objects.get(slug="equipment-count").unit_kind == "count"


@pytest.mark.parametrize(
    ("name", "aliases"),
    [
        ("Azerbaijan", {"Baku", "Azerbaijani", "Azeri"}),
        ("Armenia", {"Yerevan", "Armenian"}),
        ("Russia", {"Moscow", "Russian", "Kremlin"}),
        ("Turkey", {"Türkiye", "Turkiye", "Ankara", "Turkish"}),
    ],
)
def test_seeded_countries_carry_their_aliases_and_demonyms(name, aliases):
    assert aliases <= set(Entity.objects.get(name=name).aliases)


@pytest.mark.parametrize(
    ("name", "qid", "aliases"),
    [
        ("Poland", "Q36", {"Polish", "Poles", "Warsaw"}),
        ("Hungary", "Q28", {"Hungarian", "Budapest"}),
        ("Sweden", "Q34", {"Swedish", "Stockholm"}),
        ("Indonesia", "Q252", {"Indonesian", "Jakarta"}),
    ],
)
def test_countries_added_later_are_seeded_with_their_qid_and_aliases(name, qid, aliases):
    entity = Entity.objects.get(name=name)
    assert (entity.kind, entity.wikidata_qid) == ("country", qid)
    assert aliases <= set(entity.aliases)


def test_taking_the_later_countries_back_out_keeps_the_ones_in_use():
    from importlib import import_module

    from django.apps import apps

    migration = import_module("articles.migrations.0027_more_countries")
    ClaimFactory(subject=entity_named("Poland"), counterparty=entity_named("Sweden"))
    migration.backwards(apps, None)
    assert set(
        Entity.objects.filter(slug__in=["poland", "hungary", "sweden", "indonesia"]).values_list(
            "name", flat=True
        )
    ) == {"Poland", "Sweden"}
    # Going forward again adds the deleted ones and leaves the kept ones as they are.
    migration.forwards(apps, None)
    assert Entity.objects.filter(slug__in=["poland", "hungary", "sweden", "indonesia"]).count() == 4
    assert Entity.objects.get(name="Hungary").wikidata_qid == "Q28"


def test_seeded_organisations_exist():
    names = set(Entity.objects.filter(kind="organisation").values_list("name", flat=True))
    assert {"SIPRI", "CAWAT", "Rosoboronexport"} <= names


def test_the_same_body_cannot_be_stored_twice():
    article = ArticleFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        ArticleFactory(body=article.body + " ", content_hash=article.content_hash)


def test_a_known_url_is_unique_but_many_articles_may_lack_one():
    ArticleFactory(url="https://example.org/a")
    ArticleFactory(url="")
    ArticleFactory(url="")
    with pytest.raises(IntegrityError), transaction.atomic():
        ArticleFactory(url="https://example.org/a")


def test_a_date_precision_needs_a_date():
    with pytest.raises(IntegrityError), transaction.atomic():
        ArticleFactory(published_on=None, published_precision="day")


def test_a_claim_quote_must_stand_at_its_offsets():
    article = ArticleFactory()
    start = article.body.index("$3.7 billion")
    with pytest.raises(QuoteMismatch, match="does not match the article"):
        Claim(article=article, start=start, end=start + 12, quote="$3.8 billion").save()
    assert not Claim.objects.exists()


def test_a_claim_offset_outside_the_body_is_refused():
    article = ArticleFactory()
    end = len(article.body) + 5
    with pytest.raises(QuoteMismatch, match="outside the article body"):
        Claim(article=article, start=end - 3, end=end, quote="abc").save()


def test_a_claim_needs_start_before_end_in_the_database():
    claim = ClaimFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Claim.objects.filter(pk=claim.pk).update(end=claim.start)


@pytest.mark.parametrize(
    ("low", "value", "high"),
    [
        (Decimal(5), Decimal(4), None),
        (None, Decimal(6), Decimal(5)),
        (Decimal(7), None, Decimal(6)),
    ],
)
def test_claim_bounds_must_enclose_the_value(low, value, high):
    claim = ClaimFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Claim.objects.filter(pk=claim.pk).update(low=low, value=value, high=high)


def test_claim_period_must_be_ordered():
    claim = ClaimFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Claim.objects.filter(pk=claim.pk).update(period_start=2024, period_end=2020)


def test_money_is_stored_as_an_exact_decimal():
    claim = ClaimFactory(value=Decimal("3700000000.10"))
    claim.refresh_from_db()
    assert isinstance(claim.value, Decimal)
    assert claim.value == Decimal("3700000000.10")


def test_one_figure_per_subject_metric_period_and_unit():
    key = {
        "subject": entity_named("Azerbaijan"),
        "metric": metric_slug("military-expenditure"),
        "period_start": 2024,
        "period_end": 2024,
        "unit": "USD",
    }
    Figure.objects.create(**key)
    with pytest.raises(IntegrityError), transaction.atomic():
        Figure.objects.create(**key)
    Figure.objects.create(**{**key, "unit": "AZN"})


def test_a_reconciled_figure_must_carry_a_value():
    with pytest.raises(IntegrityError), transaction.atomic():
        Figure.objects.create(
            subject=entity_named("Armenia"),
            metric=metric_slug("military-expenditure"),
            period_start=2020,
            period_end=2020,
            unit="USD",
            status="reconciled",
        )


def test_a_wikidata_qid_must_look_like_one():
    with pytest.raises(IntegrityError), transaction.atomic():
        Entity.objects.create(name="Nowhere", slug="nowhere", kind="country", wikidata_qid="X1")


def test_claim_edits_are_kept_in_history():
    claim = ClaimFactory()
    claim.value = Decimal("3800000000")
    claim.save()
    values = [h.value for h in claim.history.order_by("history_id")]
    assert values == [Decimal("3700000000.00"), Decimal("3800000000.00")]


def test_an_article_with_claims_cannot_be_deleted():
    from django.db.models import ProtectedError

    claim = ClaimFactory()
    with pytest.raises(ProtectedError):
        claim.article.delete()
    assert Article.objects.filter(pk=claim.article_id).exists()


@pytest.mark.django_db
def test_claims_last_change_written_with_an_offset_on_sqlite_is_rewritten_as_the_orm_writes_it():
    from importlib import import_module

    from django.apps import apps
    from django.db import connection

    migration = import_module("articles.migrations.0028_list_order_indexes")
    claim = ClaimFactory()
    with connection.cursor() as cursor:
        # As the figure-placing UPDATE wrote it before: the instant with its offset.
        cursor.execute(
            "UPDATE articles_claim SET updated_at = %s WHERE id = %s",
            [str(claim.updated_at.replace(microsecond=250000)), claim.pk],
        )
    # The migration asks its editor for the connection and runs SQL through it.
    editor = SimpleNamespace(connection=connection, execute=connection.cursor().execute)
    migration.instants_as_the_orm_writes_them(apps, editor)
    moved = claim.updated_at.replace(microsecond=250000)
    assert list(Claim.objects.filter(updated_at=moved)) == [claim]
