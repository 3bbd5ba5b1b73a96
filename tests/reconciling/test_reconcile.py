"""The reconciled record: grouping into figures, each conflict rule, idempotency, reopening."""

from __future__ import annotations

import json
import random
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection

from articles.errors import NotPermitted
from articles.models import Claim, ClaimStatus, ConflictFlag, Figure, FlagKind, FlagState
from articles.reconciling.facts import SIGNATURE_VERSION, signature_format
from articles.services.claim_edit import claim_update
from articles.services.claim_workflow import claim_transition
from articles.services.figure_settle import figure_settle
from articles.services.figures_reconcile import ClaimKey, figures_reconcile
from articles.services.flag_resolve import flag_resolve

from ..backing_services import need_postgresql
from ..factories import ArticleFactory, ClaimFactory, SourceFactory, entity_named, metric_slug

pytestmark = pytest.mark.django_db

BN = Decimal(10) ** 9


def claim(value, *, year=2024, subject="Azerbaijan", metric="military-expenditure", **kw):
    """A claim on its own article, anchored on the article's "$3.7 billion"."""
    fields = {
        "value": Decimal(str(value)) * BN if value is not None else None,
        "period_start": year,
        "period_end": kw.pop("year_end", year),
        "subject": entity_named(subject),
        "metric": metric_slug(metric),
    }
    fields.update(kw)
    return ClaimFactory(article=ArticleFactory(), **fields)


def flags(kind=None):
    query = ConflictFlag.objects.all()
    return list(query.filter(kind=kind) if kind else query)


def test_claims_with_the_same_key_share_one_figure_and_unplaced_claims_have_none():
    a, b = claim(3.7), claim(3.7)
    other_year = claim(3.7, year=2023)
    unplaced = claim(3.7, period_start=None, year_end=None)
    figures_reconcile()
    for c in (a, b, other_year, unplaced):
        c.refresh_from_db()
    assert a.figure_id == b.figure_id is not None
    assert other_year.figure_id not in (None, a.figure_id)
    assert unplaced.figure_id is None
    figure = a.figure
    assert (figure.subject.name, figure.metric.slug, figure.period_start, figure.unit) == (
        "Azerbaijan", "military-expenditure", 2024, "USD",
    )  # fmt: skip


def test_a_placed_claim_last_change_compares_as_the_orm_writes_instants():
    # The placing UPDATE is raw SQL: on SQLite an instant passed as it is was kept as text
    # with "+00:00" after it, which no filter or cursor on updated_at then matched.
    a, b = claim(3.7), claim(3.7)
    figures_reconcile()
    a.refresh_from_db()
    assert a.figure_id is not None
    assert set(Claim.objects.filter(updated_at=a.updated_at)) >= {a, b}
    assert not Claim.objects.filter(updated_at__gt=a.updated_at).exists()


def test_a_claim_moves_figure_when_an_editor_changes_its_key(editor):
    a = claim(3.7)
    figures_reconcile()
    a.refresh_from_db()
    old_figure = a.figure_id
    claim_update(actor=editor, claim=a, changes={"period_start": 2023, "period_end": 2023},
                 expected_version=a.version)  # fmt: skip
    figures_reconcile(keys=[ClaimKey.of(a), ClaimKey.of(Claim.objects.get(pk=a.pk))])
    a.refresh_from_db()
    assert a.figure_id != old_figure
    assert a.figure.period_start == 2023


def test_rejected_claims_take_no_part():
    claim(3.7)
    claim(2.2, status=ClaimStatus.REJECTED)
    figures_reconcile()
    assert flags() == []


# --- value_mismatch -------------------------------------------------------------------------


def test_values_of_one_figure_that_differ_beyond_tolerance_raise_a_flag_that_explains_itself():
    a, b = claim(3.7), claim(2.2)
    figures_reconcile()
    (flag,) = flags(FlagKind.VALUE_MISMATCH)
    assert set(flag.claims.values_list("pk", flat=True)) == {a.pk, b.pk}
    assert flag.spread == Decimal("1.681818")
    assert flag.explanation == (
        "Two articles give Azerbaijan's military expenditure for 2024 as $3.7 billion and "
        "$2.2 billion (68 % apart)."
    )
    assert flag.figure_id == Claim.objects.get(pk=a.pk).figure_id


def test_values_within_tolerance_do_not_conflict():
    claim(3.7)
    claim(3.6)  # 2.8 % apart
    figures_reconcile()
    assert flags() == []


def test_a_lower_bound_does_not_conflict_with_a_larger_value():
    claim(2.2, qualifier="at_least", low=Decimal("2.2") * BN)
    claim(2.5)
    figures_reconcile()
    assert flags() == []


def test_an_upper_bound_conflicts_with_a_much_larger_value():
    claim(2.0, qualifier="at_most", high=Decimal("2.0") * BN)
    claim(2.5)
    figures_reconcile()
    assert len(flags(FlagKind.VALUE_MISMATCH)) == 1


def test_about_covers_five_percent_either_side():
    claim(3.7, qualifier="approximately")
    claim(3.95)  # 6.8 % above 3.7, inside 3.7 * 1.05 widened by the tolerance
    figures_reconcile()
    assert flags() == []


def test_about_does_not_cover_a_value_far_outside():
    claim(3.7, qualifier="approximately")
    claim(4.5)
    figures_reconcile()
    assert len(flags(FlagKind.VALUE_MISMATCH)) == 1


def test_overlapping_ranges_do_not_conflict_and_disjoint_ones_do():
    claim(None, qualifier="range", low=1 * BN, high=2 * BN)
    claim(None, qualifier="range", low=Decimal("1.5") * BN, high=3 * BN)
    figures_reconcile()
    assert flags() == []
    claim(None, qualifier="range", low=5 * BN, high=6 * BN)
    figures_reconcile()
    assert len(flags(FlagKind.VALUE_MISMATCH)) == 1


def test_a_metric_tolerance_overrides_the_setting():
    metric = metric_slug("military-expenditure")
    metric.tolerance = Decimal("0.25")
    metric.save()
    claim(3.7)
    claim(3.1)  # 19 % apart
    figures_reconcile()
    assert flags() == []


# --- unit_mismatch, period_reuse, metric_confusion ------------------------------------------


def test_currencies_without_a_rate_for_the_year_raise_unit_mismatch():
    claim(3.7, year=2031)
    claim(6.3, year=2031, currency="AZN")  # no 2031 rate in the table
    figures_reconcile()
    (flag,) = flags(FlagKind.UNIT_MISMATCH)
    assert "AZN and USD" in flag.explanation


def test_one_amount_in_two_currencies_agrees_through_the_years_rate():
    claim(3.7, year=2024)
    claim(6.3, year=2024, currency="AZN")  # 6.3 / 1.70 = 3.71 billion dollars
    figures_reconcile()
    assert flags() == []


def test_amounts_in_two_currencies_that_disagree_say_how_they_were_converted():
    claim(2.2, year=2023)
    claim(5.3, year=2023, currency="AZN")
    figures_reconcile()
    (flag,) = flags(FlagKind.CURRENCY_MISMATCH)
    assert flag.explanation == (
        "Azerbaijan's military expenditure for 2023 is given as 5.3 billion AZN ≈ $3.12 "
        "billion (1.70 AZN per USD, 2023 average) and $2.2 billion: 42 % apart in US dollars. "
        "Rates: World Bank annual averages (CC BY 4.0)."
    )


def test_an_old_currency_converts_through_its_redenomination():
    claim(1.0, year=2005)
    claim(4727, year=2005, currency="AZM")  # 4,727 bn old manats = 0.9454 bn AZN ≈ $1.0 bn
    figures_reconcile()
    assert flags() == []


def test_the_same_value_for_periods_that_do_not_overlap_is_period_reuse():
    a, b = claim(3.7, year=2013), claim(3.7, year=2024)
    figures_reconcile()
    (flag,) = flags(FlagKind.PERIOD_REUSE)
    assert set(flag.claims.values_list("pk", flat=True)) == {a.pk, b.pk}
    assert flag.explanation == (
        "The same $3.7 billion is given as Azerbaijan's military expenditure for 2013 and 2024."
    )


def test_the_same_value_for_overlapping_periods_is_not_period_reuse():
    claim(3.7, year=2014, year_end=2024)
    claim(3.7, year=2024)
    figures_reconcile()
    assert flags(FlagKind.PERIOD_REUSE) == []


def test_values_more_than_one_percent_apart_are_not_the_same_value():
    claim(3.7, year=2013)
    claim(3.75, year=2024)
    figures_reconcile()
    assert flags(FlagKind.PERIOD_REUSE) == []


def test_a_value_that_grows_a_little_each_year_is_not_one_value_over_a_decade():
    # Each year 0.6 % above the last: neighbours are within 1 %, the ends 5.5 % apart.
    yearly = [claim(round(2.0 * 1.006**n, 4), year=2015 + n) for n in range(10)]
    figures_reconcile()
    reused = flags(FlagKind.PERIOD_REUSE)
    assert reused, "neighbouring years within 1 % are the same value"
    for flag in reused:
        values = [c.value for c in flag.claims.all()]
        assert max(values) <= min(values) * Decimal("1.01")
    members = [pk for flag in reused for pk in flag.claims.values_list("pk", flat=True)]
    assert len(members) == len(set(members)), "a claim sits in one same-value cluster"
    assert set(members) <= {c.pk for c in yearly}


def test_the_same_value_under_two_metrics_is_metric_confusion():
    budget = claim(2.2, year=2020)
    imports = claim(2.2, year=2024, metric="arms-imports")
    figures_reconcile()
    (flag,) = flags(FlagKind.METRIC_CONFUSION)
    assert set(flag.claims.values_list("pk", flat=True)) == {budget.pk, imports.pk}
    assert flag.explanation == (
        "The same $2.2 billion is given for Azerbaijan as arms imports (2024) and "
        "military expenditure (2020)."
    )


def test_different_subjects_never_conflict():
    claim(3.7, subject="Azerbaijan")
    claim(2.2, subject="Armenia")
    claim(3.7, subject="Armenia", year=2013)
    figures_reconcile()
    assert flags() == []


# --- Idempotency, reopening, incremental ----------------------------------------------------


def test_reconciling_twice_changes_nothing():
    claim(3.7)
    claim(2.2)
    claim(3.7, year=2013)
    first = figures_reconcile()
    snapshot = sorted(ConflictFlag.objects.values_list("key", "signature", "state"))
    second = figures_reconcile()
    assert first.flags_opened == 2
    assert (second.flags_opened, second.flags_updated, second.flags_closed) == (0, 0, 0)
    assert sorted(ConflictFlag.objects.values_list("key", "signature", "state")) == snapshot
    assert Figure.objects.count() == 2


def test_a_resolved_flag_stays_closed_until_its_claims_change(reviewer, editor):
    _a, b = claim(3.7), claim(2.2)
    figures_reconcile()
    (flag,) = flags()
    flag_resolve(actor=reviewer, flag=flag, note="SIPRI gives 3.7; the 2.2 is the 2020 figure.")
    figures_reconcile()
    flag.refresh_from_db()
    assert flag.state == FlagState.RESOLVED

    claim_update(actor=editor, claim=b, changes={"value": Decimal("2.3") * BN},
                 expected_version=b.version)  # fmt: skip
    figures_reconcile()
    flag.refresh_from_db()
    assert flag.state == FlagState.OPEN
    assert f"claim {b.pk} changed" in flag.resolution_note
    assert ConflictFlag.objects.count() == 1


def test_a_flag_whose_disagreement_is_gone_is_closed_with_a_note(editor):
    _a, b = claim(3.7), claim(2.2)
    figures_reconcile()
    claim_transition(actor=editor, claim=b, to_status=ClaimStatus.REJECTED)
    figures_reconcile()
    (flag,) = flags()
    assert flag.state == FlagState.RESOLVED
    assert "No longer applies" in flag.resolution_note


def test_an_incremental_reconcile_touches_only_the_keys_it_is_given():
    azerbaijan = claim(3.7)
    claim(2.2)
    armenia = claim(1.4, subject="Armenia")
    claim(0.669, subject="Armenia")
    figures_reconcile(keys=[ClaimKey.of(armenia)])
    assert [f.subject.name for f in flags()] == ["Armenia"]
    figures_reconcile(keys=[ClaimKey.of(azerbaijan)])
    assert sorted(f.subject.name for f in flags()) == ["Armenia", "Azerbaijan"]


def test_saving_a_claim_reconciles_its_subject_after_commit(
    editor, django_capture_on_commit_callbacks
):
    a = claim(3.7)
    figures_reconcile()
    b = claim(3.7)
    with django_capture_on_commit_callbacks(execute=True):
        claim_update(actor=editor, claim=b, changes={"value": Decimal("2.2") * BN},
                     expected_version=b.version)  # fmt: skip
    assert len(flags(FlagKind.VALUE_MISMATCH)) == 1
    assert a.pk in flags()[0].claims.values_list("pk", flat=True)


def test_every_flag_change_is_kept_in_history(reviewer):
    claim(3.7)
    claim(2.2)
    figures_reconcile()
    (flag,) = flags()
    flag_resolve(actor=reviewer, flag=flag, note="Checked against SIPRI.")
    states = [h.state for h in flag.history.order_by("history_id")]
    assert states == [FlagState.OPEN, FlagState.RESOLVED]


# --- Settling and permissions ---------------------------------------------------------------


def test_a_reviewer_settles_a_figure_on_a_preferred_claim(reviewer):
    a, _ = claim(3.7, status=ClaimStatus.VERIFIED), claim(2.2)
    figures_reconcile()
    a.refresh_from_db()
    figure = figure_settle(
        actor=reviewer, figure=a.figure, preferred_claim=a, rationale="Matches SIPRI 2025."
    )
    assert (figure.status, figure.value, figure.settled_by) == ("reconciled", a.value, reviewer)
    assert figure.history.first().history_user == reviewer


def test_a_reviewer_may_type_a_value_with_bounds(reviewer):
    a = claim(3.7)
    figures_reconcile()
    a.refresh_from_db()
    typed = {"value": Decimal("3.6") * BN, "low": Decimal("3.5") * BN, "high": Decimal("3.8") * BN}
    with pytest.raises(ValidationError, match="needs its source"):
        figure_settle(actor=reviewer, figure=a.figure, rationale="Budget law.", **typed)
    law = SourceFactory(title="State budget law for 2024")
    figure = figure_settle(
        actor=reviewer, figure=a.figure, rationale="Budget law, not the press.", source=law, **typed
    )
    assert figure.low == Decimal("3.5") * BN
    assert figure.settled_source == law


def test_settling_needs_a_rationale_and_a_claim_of_the_figure(reviewer):
    a, other = claim(3.7), claim(1.4, subject="Armenia")
    figures_reconcile()
    a.refresh_from_db()
    with pytest.raises(ValidationError):
        figure_settle(actor=reviewer, figure=a.figure, preferred_claim=a, rationale=" ")
    with pytest.raises(ValidationError, match="one of this figure"):
        figure_settle(actor=reviewer, figure=a.figure, preferred_claim=other, rationale="x")


def test_editors_can_neither_settle_figures_nor_resolve_flags(editor):
    a, _ = claim(3.7), claim(2.2)
    figures_reconcile()
    a.refresh_from_db()
    with pytest.raises(NotPermitted):
        figure_settle(actor=editor, figure=a.figure, preferred_claim=a, rationale="mine")
    with pytest.raises(NotPermitted):
        flag_resolve(actor=editor, flag=flags()[0], note="mine")
    assert Figure.objects.get(pk=a.figure_id).status == "open"
    assert flags()[0].state == FlagState.OPEN


def test_a_flag_over_many_claims_keeps_its_history_when_they_change(editor):
    claims = [claim(v) for v in (3.7, 3.71, 3.72, 2.2, 2.21, 2.22, 2.23, 2.24, 2.25, 2.26)]
    figures_reconcile()
    for c in claims[:9]:
        claim_update(actor=editor, claim=c, changes={"value": c.value * 2}, expected_version=1)
    figures_reconcile()
    (flag,) = flags(FlagKind.VALUE_MISMATCH)
    assert flag.history.count() == 2
    reason = flag.history.first().history_change_reason
    assert reason.startswith("updated: ")
    # Every claim that changed is named, however long the list.
    assert {str(c.pk) for c in claims[:9]} <= set(re.findall(r"\d+", reason))


def test_figures_and_claims_whose_grouping_changed_count_as_updated_for_sync(editor):
    from datetime import timedelta

    from django.utils import timezone

    a, b = claim(3.7), claim(3.7)
    figures_reconcile()
    a.refresh_from_db()
    figure = a.figure
    long_ago = timezone.now() - timedelta(days=30)
    Figure.objects.update(updated_at=long_ago)
    Claim.objects.update(updated_at=long_ago)

    claim_update(actor=editor, claim=b, changes={"value": Decimal("2.2") * BN},
                 expected_version=b.version)  # fmt: skip
    Claim.objects.filter(pk=b.pk).update(updated_at=long_ago)
    figures_reconcile()  # raises a flag on the figure: its readers see a change
    figure.refresh_from_db()
    assert figure.updated_at > long_ago + timedelta(days=1)

    Figure.objects.update(updated_at=long_ago)
    claim_update(actor=editor, claim=b, changes={"period_start": 2023, "period_end": 2023},
                 expected_version=b.version + 1)  # fmt: skip
    Claim.objects.filter(pk=b.pk).update(updated_at=long_ago)
    figures_reconcile()  # b leaves the figure for a new one
    figure.refresh_from_db()
    b.refresh_from_db()
    assert figure.updated_at > long_ago + timedelta(days=1)
    assert b.updated_at > long_ago + timedelta(days=1)


def test_a_failure_while_claims_move_undoes_the_whole_full_run():
    # On PostgreSQL a full run moves claims in the background while flags are described;
    # a refusal from the database there must surface and leave nothing half-written.
    need_postgresql()
    claim(3.7, year=2013)
    claim(3.7, year=2024)
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE FUNCTION refuse_figure() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            "RAISE EXCEPTION 'claims may not move today'; END $$"
        )
        cursor.execute(
            "CREATE TRIGGER refuse_figure BEFORE UPDATE OF figure_id ON articles_claim "
            "FOR EACH ROW EXECUTE FUNCTION refuse_figure()"
        )
    with pytest.raises(DatabaseError, match="claims may not move today"):
        figures_reconcile()
    assert Figure.objects.count() == 0
    assert ConflictFlag.objects.count() == 0
    assert ConflictFlag.history.count() == 0
    assert not Claim.objects.filter(figure__isnull=False).exists()


# --- Reliability ------------------------------------------------------------------------------


def test_a_unit_with_a_separator_character_in_it_reconciles_like_any_other():
    # Claim state once travelled through the reconciler as text joined with "|": a unit
    # holding one made every reconcile fail.
    odd = "tanks|T-72"
    a, b = (
        ClaimFactory(
            article=ArticleFactory(),
            metric=metric_slug("equipment-count"),
            value=Decimal(count),
            currency="",
            unit=odd,
        )
        for count in (40, 90)
    )
    figures_reconcile()
    (flag,) = flags("value_mismatch")
    assert sorted(flag.claims.values_list("pk", flat=True)) == sorted([a.pk, b.pk])
    assert "tanks|T-72" in flag.explanation
    again = figures_reconcile()
    assert (again.flags_opened, again.flags_updated, again.flags_closed) == (0, 0, 0)


def test_the_reconcile_command_reports_in_words_and_in_json():
    from io import StringIO

    from django.core.management import call_command

    claim(3.7), claim(2.2)
    words = StringIO()
    call_command("reconcile", stdout=words)
    assert "1 flag(s) raised" in words.getvalue()
    assert "1 open now." in words.getvalue()
    as_json = StringIO()
    call_command("reconcile", "--json", stdout=as_json)
    report = json.loads(as_json.getvalue())
    assert (report["flags_opened"], report["flags_open"]) == (0, 1)


def test_flags_written_with_an_older_signature_are_upgraded_without_reopening(reviewer):
    _, b = claim(3.7), claim(2.2)
    figures_reconcile()
    (flag,) = flags("value_mismatch")
    flag_resolve(actor=reviewer, flag=flag, note="SIPRI's is the right one.")
    ConflictFlag.objects.filter(pk=flag.pk).update(signature="0" * 64)  # an earlier format
    outcome = figures_reconcile()
    flag.refresh_from_db()
    assert flag.state == FlagState.RESOLVED
    assert (outcome.flags_reopened, outcome.flags_updated) == (0, 0)
    assert signature_format(flag.signature).startswith(SIGNATURE_VERSION)
    b.value = Decimal("2.3") * BN
    b.save()
    figures_reconcile(keys=[ClaimKey.of(b)])
    flag.refresh_from_db()
    assert flag.state == FlagState.OPEN  # a real change still reopens it


# --- Kinds: deals and totals ---------------------------------------------------------------------


def deal_claim(value, seller, item, *, year=2023):
    return claim(value, year=year, metric="arms-deal", kind="transaction",
                 counterparty=entity_named(seller), item=item)  # fmt: skip


def test_two_deals_of_one_buyer_in_one_year_raise_no_flag_and_keep_their_sellers():
    jf17 = deal_claim(1.6, "Pakistan", "JF-17 fighters")
    barak = deal_claim(1.2, "Israel", "Barak MX air defence")
    figures_reconcile()
    assert flags() == []
    jf17.refresh_from_db(), barak.refresh_from_db()
    assert jf17.figure_id == barak.figure_id  # one figure: Azerbaijan's deals of 2023
    assert (jf17.figure.kind, jf17.counterparty.name) == ("transaction", "Pakistan")


def test_one_deal_reported_at_two_prices_is_flagged_naming_the_seller():
    deal_claim(1.6, "Pakistan", "JF-17 fighters")
    deal_claim(1.2, "Pakistan", "JF-17 fighters")
    figures_reconcile()
    (flag,) = flags("value_mismatch")
    assert flag.key.startswith(f"value_mismatch:deals:{flag.subject_id}:")
    assert "arms deal value with Pakistan (JF-17 fighters) for 2023" in flag.explanation


def test_a_total_is_checked_against_the_sum_of_its_years_and_rechecked_after_an_edit(editor):
    yearly = [claim(v, year=y) for y, v in ((2007, 1.2), (2008, 1.5), (2009, 1.8))]  # 4.5
    decade = claim(5.2, year=2007, year_end=2009, kind="total")
    figures_reconcile()
    (flag,) = flags("total_mismatch")
    assert sorted(flag.claims.values_list("pk", flat=True)) == sorted(
        [decade.pk, *(c.pk for c in yearly)]
    )
    assert flag.explanation == (
        "The total of $5.2 billion given for Azerbaijan's military expenditure over "
        "2007–2009 differs from the sum of its 3 yearly figures, $4.5 billion."
    )
    assert flag.figure_id == Figure.objects.get(kind="total").pk
    before = ClaimKey.of(yearly[2])
    edited = claim_update(actor=editor, claim=yearly[2], changes={"value": Decimal("2.5") * BN},
                          expected_version=yearly[2].version)  # fmt: skip
    figures_reconcile(keys=[before, ClaimKey.of(edited)])  # 1.2 + 1.5 + 2.5 = 5.2
    flag.refresh_from_db()
    assert flag.state == FlagState.RESOLVED


def test_existing_claims_take_their_kind_from_their_metric():
    from importlib import import_module

    from django.apps import apps

    budget = claim(3.7)
    contract = claim(1.6, metric="arms-deal")
    tanks = ClaimFactory(article=ArticleFactory(), metric=metric_slug("equipment-count"),
                         value=Decimal(100), currency="", unit="tanks")  # fmt: skip
    migration = import_module("articles.migrations.0014_figure_kinds_from_metrics")
    migration.kinds_from_metrics(apps, None)
    kinds = dict(Claim.objects.values_list("pk", "kind"))
    assert (kinds[budget.pk], kinds[contract.pk], kinds[tanks.pk]) == (
        "annual", "transaction", "count",
    )  # fmt: skip


def test_changing_the_kind_of_a_verified_claim_sends_it_back_to_review(editor, reviewer):
    from ..factories import claim_reviewed

    verified = claim_reviewed(claim(22.7, year=2007, year_end=2016), "verified", actor=reviewer)
    edited = claim_update(actor=editor, claim=verified, changes={"kind": "total"},
                          expected_version=verified.version)  # fmt: skip
    assert edited.status == ClaimStatus.NEEDS_REVIEW
    assert "changed kind of a verified claim" in edited.history.first().history_change_reason


# --- Scope ---------------------------------------------------------------------------------


def test_sources_counting_different_things_raise_a_scope_difference_naming_both(editor):
    ministry = claim(3.4, year=2013, scope_id="defence-ministry")
    sipri = claim(3.7, year=2013, scope_id="sipri")
    figures_reconcile()
    assert flags("value_mismatch") == []
    (flag,) = flags("scope_difference")
    assert flag.explanation == (
        "Azerbaijan's military expenditure for 2013 is $3.4 billion under “Defence ministry "
        "only” and $3.7 billion under “SIPRI definition”: a difference of $300 million in what "
        "is counted, not necessarily an error."
    )
    ministry.refresh_from_db(), sipri.refresh_from_db()
    assert ministry.figure_id != sipri.figure_id
    assert (ministry.figure.scope_id, sipri.figure.scope_id) == ("defence-ministry", "sipri")
    # The editor finds both count the same thing: one figure, and a value mismatch instead.
    before = ClaimKey.of(ministry)
    moved = claim_update(actor=editor, claim=ministry, changes={"scope": sipri.scope},
                         expected_version=ministry.version)  # fmt: skip
    figures_reconcile(keys=[before, ClaimKey.of(moved)])
    flag.refresh_from_db()
    assert flag.state == FlagState.RESOLVED
    assert len(flags("value_mismatch")) == 1


def test_runs_after_edits_leave_what_a_full_run_would_find(editor):
    """After each edit only the edited keys are re-checked; a full run afterwards must find
    nothing to change."""
    import random

    rng = random.Random(5)
    metrics = ["military-expenditure", "arms-imports", "arms-deal"]
    claims = [
        claim(round(rng.uniform(1, 1.6), 3), year=2000 + n % 9, metric=metrics[n % 3])
        for n in range(60)
    ]
    figures_reconcile()
    for _ in range(25):
        edited = Claim.objects.get(pk=rng.choice(claims).pk)
        before = ClaimKey.of(edited)
        value = (Decimal(str(round(rng.uniform(1, 1.6), 3))) * BN).quantize(Decimal(1))
        after = claim_update(actor=editor, claim=edited, changes={"value": value},
                             expected_version=edited.version)  # fmt: skip
        figures_reconcile(keys=[before, ClaimKey.of(after)])
    assert len(flags("metric_confusion")) > 3  # the clusters did change along the way
    full = figures_reconcile()
    assert (full.flags_opened, full.flags_updated, full.flags_reopened, full.flags_closed) == (
        0, 0, 0, 0,
    )  # fmt: skip


def test_a_keyed_run_tells_which_flags_it_answers_for_as_the_database_finds_them():
    """``flags_cover`` (asked of every finding after an edit) agrees with ``flags()``."""
    from articles.services.figures_reconcile import RunScope

    deal = claim(1.2, kind="transaction", counterparty=entity_named("Israel"), item="Barak MX")
    yearly = claim(3.7)
    figures_reconcile()
    yearly.refresh_from_db()
    scope = RunScope([ClaimKey.of(yearly), ClaimKey.of(deal)])
    subject, metric, other = yearly.subject_id, yearly.metric_id, yearly.metric_id + 1
    keys = [
        f"metric_confusion:{subject}:USD:5",
        f"metric_confusion:{subject}:EUR:5",
        f"metric_confusion:{subject + 1}:USD:5",
        f"period_reuse:{subject}:{metric}:USD:7",
        f"period_reuse:{subject}:{other}:USD:7",
        f"total_mismatch:{subject}:{metric}:USD:2020-2024",
        f"scope_difference:{subject}:{metric}:USD:annual:2024-2024",
        f"scope_difference:{subject}:{metric}:USD:annual:2023-2023",
        f"unit_mismatch:{subject}:{metric}:2024-2024",
        f"currency_mismatch:{subject}:{metric}:2023-2023",
        f"value_mismatch:figure:{yearly.figure_id}",
        f"value_mismatch:figure:{yearly.figure_id + 1000}",
        f"value_mismatch:deals:{subject}:linked:3",
        f"value_mismatch:deals:{subject + 1}:linked:3",
    ]
    for n, key in enumerate(keys):
        ConflictFlag.objects.create(
            kind=key.split(":")[0], key=key, signature=f"s{n}", subject_id=subject
        )
    found = set(ConflictFlag.objects.filter(scope.flags()).values_list("key", flat=True))
    assert {key for key in keys if scope.flags_cover(key)} == found
    assert len(found) == 7  # the run's own kinds, subject, units and periods; no other


def test_edits_each_re_checked_by_their_keys_leave_a_full_run_nothing_to_do(
    editor, django_capture_on_commit_callbacks
):
    """After an edit a run compares claim by claim only the findings that hold an edited
    claim or changed their claims; a full run, which compares every finding, agrees.

    Values lie within a few per cent of one another, so the subject's value clusters touch
    and every edit shifts where the cut falls.
    """
    rng = random.Random(5)
    metrics = ["military-expenditure", "arms-imports", "arms-exports"]

    def value():
        return Decimal(rng.randrange(3600, 3800)) * BN / 1000

    claims = [
        claim(value() / BN, year=rng.randrange(2018, 2025), metric=rng.choice(metrics))
        for _ in range(40)
    ]
    figures_reconcile()
    assert flags(FlagKind.METRIC_CONFUSION) and flags(FlagKind.PERIOD_REUSE)
    nothing = {"flags_opened": 0, "flags_updated": 0, "flags_reopened": 0, "flags_closed": 0}
    edits = [
        lambda: {"value": value()},
        lambda: {"value": value(), "qualifier": "approximately"},
        lambda: {"period_start": (year := rng.randrange(2018, 2025)), "period_end": year},
        lambda: {"metric": metric_slug(rng.choice(metrics))},
    ]
    written = 0
    for _ in range(30):
        target = Claim.objects.get(pk=rng.choice(claims).pk)
        before = ConflictFlag.history.count()
        with django_capture_on_commit_callbacks(execute=True):
            claim_update(actor=editor, claim=target, changes=rng.choice(edits)(),
                         expected_version=target.version)  # fmt: skip
        written += ConflictFlag.history.count() - before
        full = figures_reconcile().as_dict()
        assert {name: full[name] for name in nothing} == nothing
    assert written > 10  # the keyed runs raised, updated and closed flags


def test_a_cluster_that_comes_back_after_an_edit_elsewhere_reopens_its_flag(
    editor, django_capture_on_commit_callbacks
):
    """Moving one value shifts where the subject's values are cut into clusters: a cluster
    that held none of the edited claims goes, and comes back when the edit is undone."""
    moving = claim(3.60, year=2020)
    claim(3.62, year=2021)
    b = claim(3.65, year=2019, metric="arms-imports")
    c = claim(3.66, year=2019, metric="arms-exports")
    figures_reconcile()
    (confusion,) = flags(FlagKind.METRIC_CONFUSION)
    assert set(confusion.claims.values_list("pk", flat=True)) == {b.pk, c.pk}

    for value, state in (("3.64", FlagState.RESOLVED), ("3.60", FlagState.OPEN)):
        moving.refresh_from_db()
        with django_capture_on_commit_callbacks(execute=True):
            claim_update(actor=editor, claim=moving, changes={"value": Decimal(value) * BN},
                         expected_version=moving.version)  # fmt: skip
        confusion.refresh_from_db()
        assert confusion.state == state
    assert figures_reconcile().flags_reopened == 0
