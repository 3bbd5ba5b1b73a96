"""The change feed: every change to the record is an event, in one order, resumable from a
cursor without a miss or a repeat, also while writers commit out of order (PostgreSQL)."""

from __future__ import annotations

import random
import threading
import time
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from articles.models import ChangeEvent, ChangeKind, ClaimStatus, ConflictFlag, FlagState
from articles.selectors.changes import FeedPosition, changes_after
from articles.services.actors import history_author
from articles.services.claim_edit import claim_create, claim_update
from articles.services.claim_rate import claim_rate_cite
from articles.services.claim_withdraw import claim_withdraw
from articles.services.claim_workflow import claim_transition
from articles.services.claims_extract import claims_extract
from articles.services.claims_reanchor import claims_reanchor
from articles.services.figure_settle import figure_settle
from articles.services.figures_reconcile import figures_reconcile
from articles.services.flag_resolve import flag_acknowledge, flag_resolve
from articles.services.sources import claim_source_attach, claim_source_detach
from articles.tasks import extract_articles

from ..api_roles import client_for
from ..backing_services import need_postgresql
from ..factories import (
    TEST_SETUP,
    ArticleFactory,
    ClaimFactory,
    SourceFactory,
    claim_reviewed,
    entity_named,
    metric_slug,
)
from ..workers import wait_for

BN = Decimal(10) ** 9
FEED = "/api/v1/changes/"


def feed_kinds(**lookups: object) -> list[tuple[str, str, int | None]]:
    return [
        (e.kind, e.object_type, e.version)
        for e in ChangeEvent.objects.filter(**lookups).order_by("xact_id", "id")
    ]


def last_event() -> ChangeEvent:
    event = ChangeEvent.objects.order_by("xact_id", "id").last()
    assert event is not None, "no change event was recorded"
    return event


def conflicting_claims() -> tuple:
    """Two claims on one figure key whose values disagree (a value mismatch)."""
    a = ClaimFactory()
    b = ClaimFactory(article=ArticleFactory(), phrase="$2.2 billion", value=Decimal("2.2") * BN)
    return a, b


# --- Every change is an event, written with the change ----------------------------------------


@pytest.mark.django_db
def test_creating_editing_and_reviewing_a_claim_are_events_with_its_version(editor, reviewer):
    article = ArticleFactory()
    start = article.body.index("$3.7 billion")
    claim = claim_create(actor=editor, article=article, start=start, end=start + 12)
    claim = claim_update(
        actor=editor,
        claim=claim,
        changes={
            "subject": entity_named("Azerbaijan"),
            "metric": metric_slug("military-expenditure"),
            "value": Decimal("3.7") * BN,
            "currency": "USD",
            "period_start": 2024,
            "period_end": 2024,
        },
        expected_version=1,
    )
    claim = claim_transition(actor=editor, claim=claim, to_status=ClaimStatus.NEEDS_REVIEW)
    claim_source_attach(actor=reviewer, claim=claim, source=SourceFactory(), stance="supports")
    claim = claim_transition(actor=reviewer, claim=claim, to_status=ClaimStatus.VERIFIED)
    claim_withdraw(actor=reviewer, claim=claim, reason="misread", note="It was 2023.")

    assert feed_kinds(object_id=claim.pk) == [
        (ChangeKind.CLAIM_CREATED, "claim", 1),
        (ChangeKind.CLAIM_CHANGED, "claim", 2),
        (ChangeKind.CLAIM_CHANGED, "claim", 3),  # sent to review
        (ChangeKind.CLAIM_CHANGED, "claim", 3),  # a source attached: evidence, same version
        (ChangeKind.CLAIM_REVIEWED, "claim", 4),
        (ChangeKind.CLAIM_WITHDRAWN, "claim", 5),
    ]
    actors = list(
        ChangeEvent.objects.filter(object_id=claim.pk).values_list("actor__username", flat=True)
    )
    assert actors == [editor.username] * 3 + [reviewer.username] * 3


@pytest.mark.django_db
def test_detaching_a_source_is_a_change_of_the_claim(editor):
    claim = ClaimFactory()
    link = claim_source_attach(actor=editor, claim=claim, source=SourceFactory(), stance="context")
    claim_source_detach(actor=editor, link=link)
    assert feed_kinds() == [(ChangeKind.CLAIM_CHANGED, "claim", 1)] * 2


@pytest.mark.django_db
def test_citing_a_rate_and_re_anchoring_after_a_new_body_are_changes(reviewer):
    claim = ClaimFactory(currency="AZN", value=Decimal("5.3") * BN)
    claim_rate_cite(
        actor=reviewer, claim=claim, rate="1.7", source="Central bank", expected_version=1
    )
    article = claim.article
    article.body = "A new first paragraph.\n\n" + article.body
    article.save()
    claims_reanchor(actor=TEST_SETUP, article=article)
    assert feed_kinds(object_id=claim.pk) == [
        (ChangeKind.CLAIM_CHANGED, "claim", 2),
        (ChangeKind.CLAIM_CHANGED, "claim", 3),  # moved with its words: by the system
    ]
    assert last_event().actor is None


@pytest.mark.django_db
def test_suggestions_from_extraction_are_created_claims_in_one_insert():
    article = ArticleFactory()
    with CaptureQueriesContext(connection) as queries:
        outcome = claims_extract(actor=TEST_SETUP, article_ids=[article.pk])
    assert outcome.created >= 2
    inserts = [q for q in queries.captured_queries if "articles_changeevent" in q["sql"]]
    assert len(inserts) == 1
    created = ChangeEvent.objects.filter(kind=ChangeKind.CLAIM_CREATED)
    assert sorted(created.values_list("object_id", flat=True)) == sorted(outcome.claim_ids)
    assert set(created.values_list("actor", flat=True)) == {None}  # the system suggested them


@pytest.mark.django_db
def test_settling_a_figure_and_withdrawing_its_claim_settle_and_reopen_it(reviewer):
    claim = claim_reviewed(ClaimFactory(), ClaimStatus.VERIFIED, actor=reviewer)
    figures_reconcile()
    claim.refresh_from_db()
    figure_settle(actor=reviewer, figure=claim.figure, preferred_claim=claim, rationale="Law.")
    claim_withdraw(actor=reviewer, claim=claim, reason="misread", note="Another year.")
    assert feed_kinds(object_type="figure") == [
        (ChangeKind.FIGURE_SETTLED, "figure", None),
        (ChangeKind.FIGURE_REOPENED, "figure", None),
    ]
    assert set(
        ChangeEvent.objects.filter(object_type="figure").values_list("object_id", flat=True)
    ) == {claim.figure_id}


@pytest.mark.django_db
def test_flags_opened_acknowledged_resolved_reopened_and_closed_are_events(reviewer):
    a, b = conflicting_claims()
    figures_reconcile()
    flag = ConflictFlag.objects.get(kind="value_mismatch")
    flag_acknowledge(actor=reviewer, flag=flag)
    flag_resolve(actor=reviewer, flag=flag, note="The ministry's figure stands.")
    # The claims under it change: the reconciler reopens it; then they agree: it closes it.
    claim_update(
        actor=TEST_SETUP, claim=b, changes={"value": Decimal("2.3") * BN}, expected_version=None
    )
    figures_reconcile()
    claim_update(actor=TEST_SETUP, claim=b, changes={"value": a.value}, expected_version=None)
    figures_reconcile()

    flag.refresh_from_db()
    assert flag.state == FlagState.RESOLVED
    events = ChangeEvent.objects.filter(object_type="flag", object_id=flag.pk).order_by(
        "xact_id", "id"
    )
    assert [(e.kind, e.actor) for e in events] == [
        (ChangeKind.FLAG_OPENED, None),
        (ChangeKind.FLAG_ACKNOWLEDGED, reviewer),
        (ChangeKind.FLAG_RESOLVED, reviewer),
        (ChangeKind.FLAG_REOPENED, None),
        (ChangeKind.FLAG_RESOLVED, None),  # closed by the reconciler
    ]


@pytest.mark.django_db
def test_dismissing_a_flag_is_its_own_kind(reviewer):
    conflicting_claims()
    figures_reconcile()
    flag = ConflictFlag.objects.get(kind="value_mismatch")
    flag_resolve(actor=reviewer, flag=flag, note="Different definitions.", dismiss=True)
    assert last_event().kind == ChangeKind.FLAG_DISMISSED


@pytest.mark.django_db
def test_a_reconcile_records_all_its_flags_in_one_insert():
    for year in range(2000, 2030):
        ClaimFactory(period_start=year, period_end=year)
        ClaimFactory(
            article=ArticleFactory(), phrase="$2.2 billion", value=Decimal("2.2") * BN,
            period_start=year, period_end=year,
        )  # fmt: skip
    with CaptureQueriesContext(connection) as queries:
        outcome = figures_reconcile()
    inserts = [q for q in queries.captured_queries if "articles_changeevent" in q["sql"]]
    assert outcome.flags_opened >= 30
    assert len(inserts) == 1
    assert ChangeEvent.objects.filter(kind=ChangeKind.FLAG_OPENED).count() == outcome.flags_opened


@pytest.mark.django_db
def test_a_change_that_is_rolled_back_leaves_no_event(editor):
    claim = ClaimFactory()
    with pytest.raises(RuntimeError), transaction.atomic():
        claim_update(actor=editor, claim=claim, changes={"note": "x"}, expected_version=1)
        raise RuntimeError("the caller's transaction fails after the change")
    assert not ChangeEvent.objects.exists()


# --- The API --------------------------------------------------------------------------------


def pages(client: APIClient, url: str) -> tuple[list[dict], str]:
    """Follow ``next`` until no more events wait; the events and where to poll next."""
    events = []
    while True:
        body = client.get(url).json()
        events += body["results"]
        url = body["next"]
        if not body["more"]:
            return events, url


@pytest.mark.django_db
@pytest.mark.usefixtures("fresh_api_state")
@pytest.mark.parametrize("role,status", [("anonymous", 401), ("outsider", 403)])
def test_the_feed_is_only_for_editors_and_reviewers(role, status):
    ClaimFactory()
    assert client_for(role).get(FEED).status_code == status


@pytest.mark.django_db
def test_a_script_that_resumes_from_its_cursor_never_misses_or_repeats_an_event(
    editor_client, editor
):
    claims = ClaimFactory.create_batch(4)
    for claim in claims:
        claim_update(actor=editor, claim=claim, changes={"note": "one"}, expected_version=1)
    seen, resume = pages(editor_client, f"{FEED}?page_size=3")
    assert [e["id"] for e in seen] == list(
        ChangeEvent.objects.order_by("xact_id", "id").values_list("id", flat=True)
    )
    assert len(seen) == 4

    # The script stops; more happens; a new process starts from the saved URL.
    for claim in claims[:2]:
        claim_update(actor=editor, claim=claim, changes={"note": "two"}, expected_version=2)
    again, resume = pages(client_for("editor"), resume)
    assert [(e["object_id"], e["version"]) for e in again] == [(c.pk, 3) for c in claims[:2]]
    assert {e["id"] for e in again}.isdisjoint({e["id"] for e in seen})

    # Nothing new: an empty page that says to ask the same place again.
    body = editor_client.get(resume).json()
    assert (body["results"], body["more"], body["next"]) == ([], False, resume)


@pytest.mark.django_db
def test_an_event_names_its_record_by_api_url_its_version_and_who(editor_client, editor):
    claim = ClaimFactory()
    claim_update(actor=editor, claim=claim, changes={"note": "checked"}, expected_version=1)
    event = editor_client.get(FEED).json()["results"][0]
    stored = ChangeEvent.objects.get()
    assert event == {
        "id": stored.pk,
        "cursor": str(FeedPosition.of(stored)),
        "kind": "claim.changed",
        "object_type": "claim",
        "object_id": claim.pk,
        "object": f"http://testserver/api/v1/claims/{claim.pk}/",
        "version": 2,
        "occurred_at": event["occurred_at"],
        "actor": editor.username,
        "system_actor": None,
    }
    assert editor_client.get(event["object"]).json()["version"] == 2


@pytest.mark.django_db
def test_an_event_the_system_made_names_which_part_of_it(editor_client):
    conflicting_claims()
    figures_reconcile()
    event = editor_client.get(FEED, {"kind": "flag.opened"}).json()["results"][0]
    assert (event["actor"], event["system_actor"]) == (None, "the reconciler")


@pytest.mark.django_db
def test_suggestions_the_extraction_task_makes_name_the_extractor(editor_client):
    article = ArticleFactory()
    extract_articles([article.pk])
    events = editor_client.get(FEED, {"kind": "claim.created"}).json()["results"]
    assert events
    assert {(e["actor"], e["system_actor"]) for e in events} == {(None, "the extractor")}
    claim = article.claims.first()
    assert claim is not None
    assert history_author(None, claim.history.earliest().history_change_reason) == "the extractor"


@pytest.mark.django_db
def test_kind_filters_and_may_be_repeated(editor_client, reviewer):
    a, _ = conflicting_claims()
    figures_reconcile()
    claim_reviewed(a, ClaimStatus.VERIFIED, actor=reviewer)
    body = editor_client.get(FEED, {"kind": ["flag.opened", "claim.reviewed"]}).json()
    assert {e["kind"] for e in body["results"]} == {"flag.opened", "claim.reviewed"}
    assert editor_client.get(FEED, {"kind": "claim.nonsense"}).status_code == 400


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query,param",
    [
        ({"after": "12"}, "after"),
        ({"after": "1.2.3"}, "after"),
        ({"after": f"{2**64}.1"}, "after"),
        ({"page_size": "0"}, "page_size"),
        ({"page_size": "501"}, "page_size"),
        ({"ordering": "-id"}, "ordering"),
        ({"since": "5"}, "since"),
    ],
)
def test_what_the_feed_does_not_take_is_a_400_naming_it(editor_client, query, param):
    response = editor_client.get(FEED, query)
    assert response.status_code == 400
    assert param in response.json()["error"]["fields"]


@pytest.mark.django_db
def test_the_empty_feed_has_no_cursor_and_says_to_ask_again(editor_client):
    body = editor_client.get(FEED).json()
    assert body == {
        "cursor": None,
        "more": False,
        "next": "http://testserver" + FEED,
        "results": [],
    }


@pytest.mark.django_db
def test_the_schema_documents_the_feed():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    operation = schema["paths"][FEED]["get"]
    assert {p["name"] for p in operation["parameters"]} >= {"after", "kind", "page_size"}
    kinds = next(p for p in operation["parameters"] if p["name"] == "kind")
    assert set(kinds["schema"]["items"]["enum"]) == set(ChangeKind.values)
    ref = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    page = schema["components"]["schemas"][ref.rsplit("/", 1)[-1]]
    assert set(page["properties"]) == {"cursor", "more", "next", "results"}


@pytest.mark.django_db
def test_the_index_links_the_feed():
    resources = APIClient().get("/api/v1/").json()["resources"]
    assert resources["changes"] == "http://testserver" + FEED


# Token, then the user's and the group's permissions, then the page (actors joined).
FEED_QUERIES = 1 + 2 + 1


@pytest.mark.django_db
def test_a_page_of_100_events_costs_the_same_queries_as_a_page_of_10(editor_client, editor):
    for claim in ClaimFactory.create_batch(60):
        claim_update(actor=editor, claim=claim, changes={"note": "a"}, expected_version=1)
        claim_update(actor=TEST_SETUP, claim=claim, changes={"note": "b"}, expected_version=None)
    counts = []
    for size in (10, 100):
        with CaptureQueriesContext(connection) as queries:
            body = editor_client.get(FEED, {"page_size": size}).json()
        assert len(body["results"]) == size
        counts.append(len(queries))
    assert counts == [FEED_QUERIES, FEED_QUERIES]


# --- No gaps while writers commit out of order (PostgreSQL) -----------------------------------


def in_thread(work, *args: object) -> threading.Thread:
    """Run ``work`` on its own database connection (its own transactions)."""

    def run() -> None:
        try:
            work(*args)
        finally:
            connection.close()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def all_positions() -> list[FeedPosition]:
    return [FeedPosition(x, i) for x, i in ChangeEvent.objects.values_list("xact_id", "id")]


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("seeded")
def test_an_event_committed_first_waits_for_an_older_transaction_still_running():
    need_postgresql()
    # Outside any figure, so no reconcile after the commit waits for the slow writer's rows.
    early, late = ClaimFactory(metric=None), ClaimFactory(metric=None)
    written, release = threading.Event(), threading.Event()

    def slow_writer() -> None:
        with transaction.atomic():
            claim_update(
                actor=TEST_SETUP, claim=early, changes={"note": "slow"}, expected_version=None
            )
            written.set()
            release.wait(30)

    thread = in_thread(slow_writer)
    assert written.wait(30)
    claim_update(actor=TEST_SETUP, claim=late, changes={"note": "fast"}, expected_version=None)
    late_event = ChangeEvent.objects.get(object_id=late.pk)

    # Ordered by id, a reader would see the later event and move past the earlier one,
    # which is still uncommitted (its id is smaller): that is the gap the feed must avoid.
    assert ChangeEvent.objects.filter(id__lte=late_event.pk).count() == 1
    assert late_event.pk not in {e.pk for e in changes_after()}

    release.set()
    thread.join(30)
    # Visible once every older transaction has ended (other sessions may hold it a moment).
    assert wait_for(lambda: len(changes_after()) == 2, timeout=60)
    assert [e.object_id for e in changes_after()] == [early.pk, late.pk]


@pytest.mark.services
@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("seeded")
def test_a_reader_polling_during_concurrent_writes_never_sees_a_gap(settings):
    need_postgresql()
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": None, "user": None},
    }
    writers, writes = 4, 15
    # Claims outside any figure: the writes race each other, not the reconciler.
    claims = ClaimFactory.create_batch(writers, metric=None)
    client = client_for("editor")
    done = threading.Event()
    polls: list[list[FeedPosition]] = []  # what each poll of the whole feed showed
    followed: list[str] = []  # what a script following the cursor collected
    by_id: list[list[int]] = []

    def writer(claim, seed: int) -> None:
        rng = random.Random(seed)
        for n in range(writes):
            # The event is written, then the commit waits: commits land out of id order.
            with transaction.atomic():
                claim_update(
                    actor=TEST_SETUP, claim=claim, changes={"note": f"{n}"}, expected_version=None
                )
                time.sleep(rng.uniform(0, 0.05))
            time.sleep(rng.uniform(0, 0.01))

    def reader() -> None:
        url = FEED + "?page_size=7"
        while True:
            finished = done.is_set()
            polls.append([FeedPosition.parse(e["cursor"]) for e in pages(client, FEED)[0]])
            events, url = pages(client, url)
            followed.extend(e["cursor"] for e in events)
            if finished:
                return
            time.sleep(0.005)

    def reader_by_id() -> None:
        # What a reader going by id alone is shown, polled as fast as the database answers.
        while not done.is_set():
            by_id.append(list(ChangeEvent.objects.order_by("id").values_list("id", flat=True)))

    threads = [in_thread(writer, claim, seed) for seed, claim in enumerate(claims)]
    reading, naive = in_thread(reader), in_thread(reader_by_id)
    for thread in threads:
        thread.join(120)
    total = writers * writes
    assert wait_for(lambda: len(changes_after()) == total, timeout=120)
    done.set()
    reading.join(120)
    naive.join(120)

    final = sorted(all_positions())
    assert len(final) == total
    # Every poll showed a beginning of the final feed: nothing ever appeared behind an
    # event already shown.
    assert len(polls) > 5
    for shown in polls:
        assert shown == final[: len(shown)]
    # Following the cursor collected every event exactly once, in order.
    assert followed == [str(position) for position in final]
    # And the test did exercise the hazard: going by id, some poll showed an event while an
    # earlier id was still to come.
    ids = sorted(position.event_id for position in final)
    assert any(shown != ids[: len(shown)] for shown in by_id)
