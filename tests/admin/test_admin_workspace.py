"""The editors' workspace in the admin: reading, claiming by selection, sources, settling,
flags and uploads — all through the services, with reviewer powers kept to reviewers."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from articles.models import (
    Article,
    Claim,
    ClaimSource,
    ClaimStatus,
    ConflictFlag,
    Deal,
    Figure,
    FlagState,
    ImportRun,
)
from articles.services.claim_edit import claim_update
from articles.services.claims_extract import claims_extract
from articles.services.figures_reconcile import figures_reconcile

from ..factories import ArticleFactory, ClaimFactory, SourceFactory, entity_named, metric_slug

pytestmark = pytest.mark.django_db

BN = Decimal(10) ** 9
BODY = (
    "Azerbaijan's defense expenditures rose from $2.2 billion in 2020 to $3.7 billion in 2024, "
    "according to SIPRI.\n\nArmenia's military spending grew to $1.4 billion in 2024."
)


def conflicting_figure() -> tuple[Claim, Claim]:
    """A reviewed claim and a draft under one figure, their values 68 % apart."""
    a = ClaimFactory(article=ArticleFactory(), value=Decimal("3.7") * BN, status="verified")
    b = ClaimFactory(article=ArticleFactory(), value=Decimal("2.2") * BN, phrase="$2.2 billion")
    figures_reconcile()
    a.refresh_from_db()
    b.refresh_from_db()
    return a, b


# --- Article page ---------------------------------------------------------------------------


def test_article_page_marks_every_claim_in_place(client, editor):
    article = ArticleFactory(body=BODY)
    claim = ClaimFactory(article=article, phrase="$3.7 billion")
    client.force_login(editor)
    page = client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    assert f'data-claims="{claim.pk}"' in page
    assert ">$3.7 billion</mark>" in page
    assert "status-draft" in page


def test_article_text_is_escaped_in_the_workspace(client, editor):
    hostile = 'Budget <script>alert(1)</script> rose to $3.7 billion " onmouseover="x in 2024.'
    article = ArticleFactory(body=hostile)
    ClaimFactory(article=article, phrase="$3.7 billion", attribution='<img src=x onerror="y">')
    client.force_login(editor)
    page = client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert '<img src=x onerror="y">' not in page


def test_a_selection_opens_the_claim_form_prefilled_from_the_body_and_the_extractor(client, editor):
    article = ArticleFactory(body=BODY)
    start = BODY.index("$3.7 billion")
    client.force_login(editor)
    response = client.get(
        reverse("admin:articles_claim_add"),
        {"article": article.pk, "start": start, "end": start + len("$3.7 billion in 2024")},
    )
    initial = response.context["adminform"].form.initial
    assert initial["quote"] == "$3.7 billion in 2024"
    assert (initial["start"], initial["article"]) == (start, article.pk)
    assert initial["value"] == Decimal("3700000000")
    assert initial["currency"] == "USD"
    assert initial["period_start"] == 2024
    assert initial["subject"] == entity_named("Azerbaijan").pk
    assert initial["metric"] == metric_slug("military-expenditure").pk


def test_a_selection_starts_where_the_suggestion_for_the_same_words_would(client, editor):
    """The admin's guess and the stored suggestion come from one mapping (claim_guess)."""
    entity_named("Pakistan")
    body = "Azerbaijan signed a $1.6 billion contract with Pakistan for JF-17 fighters in 2023."
    article = ArticleFactory(body=body)
    start = body.index("$1.6 billion")
    client.force_login(editor)
    response = client.get(
        reverse("admin:articles_claim_add"),
        {"article": article.pk, "start": start, "end": start + len("$1.6 billion")},
    )
    initial = response.context["adminform"].form.initial
    claims_extract(actor=editor, article_ids=[article.pk])
    suggestion = Claim.objects.get(article=article, status=ClaimStatus.SUGGESTED)
    assert initial["kind"] == suggestion.kind == "transaction"
    assert initial["counterparty"] == suggestion.counterparty_id == entity_named("Pakistan").pk
    assert initial["subject"] == suggestion.subject_id
    for name in ("value", "currency", "period_start", "period_end", "item"):
        assert initial.get(name) == getattr(suggestion, name), name


def test_a_selection_in_a_language_extraction_does_not_read_guesses_nothing(client, editor):
    body = "Ադրբեջանը 2024 թվականին պաշտպանության վրա ծախսել է $3.7 billion:"
    article = ArticleFactory(body=body, language="hy")
    start = body.index("$3.7 billion")
    client.force_login(editor)
    response = client.get(
        reverse("admin:articles_claim_add"),
        {"article": article.pk, "start": start, "end": start + len("$3.7 billion")},
    )
    initial = response.context["adminform"].form.initial
    assert initial["quote"] == "$3.7 billion"
    assert "value" not in initial and "currency" not in initial


def test_a_selection_outside_the_body_prefills_nothing(client, editor):
    article = ArticleFactory(body=BODY)
    client.force_login(editor)
    response = client.get(
        reverse("admin:articles_claim_add"), {"article": article.pk, "start": 5, "end": 99999}
    )
    assert "quote" not in response.context["adminform"].form.initial


def claim_post(
    article: Article, start: int, end: int, quote: str, **extra: object
) -> dict[str, object]:
    data: dict[str, object] = {
        "article": article.pk,
        "start": start,
        "end": end,
        "quote": quote,
        "qualifier": "exact",
        "claim_sources-TOTAL_FORMS": 0,
        "claim_sources-INITIAL_FORMS": 0,
    }
    data.update(extra)
    return data


def test_adding_a_claim_checks_the_quote_against_the_body(client, editor):
    article = ArticleFactory(body=BODY)
    start = BODY.index("$1.4 billion")
    client.force_login(editor)
    url = reverse("admin:articles_claim_add")
    wrong = client.post(url, claim_post(article, start, start + 12, "$9.9 billion"))
    assert wrong.status_code == 200
    assert "does not match the article" in wrong.content.decode()
    assert not Claim.objects.exists()
    right = client.post(url, claim_post(article, start, start + 12, "$1.4 billion"))
    assert right.status_code == 302
    claim = Claim.objects.get()
    assert (claim.quote, claim.created_by, claim.status) == ("$1.4 billion", editor, "draft")


def test_a_source_is_attached_with_its_stance_from_the_claim_form(client, editor):
    claim = ClaimFactory()
    source = SourceFactory()
    client.force_login(editor)
    data = {
        "quote": claim.quote,
        "start": claim.start,
        "end": claim.end,
        "subject": claim.subject_id,
        "metric": claim.metric_id,
        "value": claim.value,
        "qualifier": "exact",
        "currency": "USD",
        "period_start": 2024,
        "period_end": 2024,
        "expected_version": claim.version,
        "claim_sources-TOTAL_FORMS": 1,
        "claim_sources-INITIAL_FORMS": 0,
        "claim_sources-0-source": source.pk,
        "claim_sources-0-stance": "supports",
        "claim_sources-0-value": "3650000000",
        "claim_sources-0-currency": "USD",
    }
    response = client.post(reverse("admin:articles_claim_change", args=[claim.pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    link = ClaimSource.objects.get()
    assert (link.source, link.stance, link.value) == (source, "supports", Decimal("3650000000"))
    assert link.history.get().history_user == editor


def test_run_extraction_button_suggests_claims(client, editor):
    article = ArticleFactory(body=BODY)
    client.force_login(editor)
    client.post(reverse("admin:articles_article_extract", args=[article.pk]))
    assert Claim.objects.filter(article=article, status=ClaimStatus.SUGGESTED).count() == 3


def test_run_extraction_is_refused_without_permission(client, outsider):
    article = ArticleFactory(body=BODY)
    client.force_login(outsider)
    client.post(reverse("admin:articles_article_extract", args=[article.pk]))
    assert not Claim.objects.exists()


def test_a_stale_save_says_what_changed_and_who_changed_it(client, editor, reviewer):
    claim = ClaimFactory()
    read_version = claim.version
    claim_update(actor=reviewer, claim=claim, changes={"attribution": "SIPRI"},
                 expected_version=read_version)  # fmt: skip
    client.force_login(editor)
    response = client.post(
        reverse("admin:articles_claim_change", args=[claim.pk]),
        {
            "quote": claim.quote, "start": claim.start, "end": claim.end,
            "subject": claim.subject_id, "metric": claim.metric_id, "value": claim.value,
            "qualifier": "exact", "currency": "USD", "period_start": 2024, "period_end": 2024,
            "attribution": "CAWAT", "expected_version": read_version,
            "claim_sources-TOTAL_FORMS": 0, "claim_sources-INITIAL_FORMS": 0,
        },
    )  # fmt: skip
    page = response.content.decode()
    assert "Someone else saved this claim" in page
    assert "rita-reviewer" in page
    assert "attribution: — → SIPRI" in page
    claim.refresh_from_db()
    assert claim.attribution == "SIPRI"


# --- Figures and flags ----------------------------------------------------------------------


def test_figure_page_shows_its_claims_side_by_side_with_the_spread(client, editor):
    a, b = conflicting_figure()
    client.force_login(editor)
    page = client.get(reverse("admin:articles_figure_change", args=[a.figure_id])).content
    page = page.decode()
    assert f"#{a.pk}" in page and f"#{b.pk}" in page
    assert "spread 1.68×" in page
    assert "<svg" in page
    assert 'name="rationale"' not in page  # editors see, reviewers settle


def test_a_reviewer_settles_a_figure_in_the_admin(client, reviewer):
    a, _ = conflicting_figure()
    client.force_login(reviewer)
    response = client.post(
        reverse("admin:articles_figure_change", args=[a.figure_id]),
        {"preferred_claim": a.pk, "rationale": "SIPRI 2025 release gives 3.7."},
    )
    assert response.status_code == 302
    figure = Figure.objects.get(pk=a.figure_id)
    assert (figure.status, figure.value, figure.settled_by) == ("reconciled", a.value, reviewer)


def test_a_value_typed_in_the_admin_is_settled_only_with_its_source(client, reviewer):
    a, _ = conflicting_figure()
    client.force_login(reviewer)
    url = reverse("admin:articles_figure_change", args=[a.figure_id])
    typed = {"value": "3600000000", "rationale": "The budget law."}
    refused = client.post(url, typed, follow=True)
    assert "Not settled: A typed value needs its source" in refused.content.decode()
    assert Figure.objects.get(pk=a.figure_id).status == "open"
    law = SourceFactory(title="Law on the State Budget for 2024")
    assert client.post(url, {**typed, "settled_source": law.pk}).status_code == 302
    figure = Figure.objects.get(pk=a.figure_id)
    assert (figure.status, figure.value, figure.settled_source) == ("reconciled", 36 * BN / 10, law)


def test_an_editor_posting_a_settlement_anyway_is_refused(client, editor):
    a, _ = conflicting_figure()
    client.force_login(editor)
    response = client.post(
        reverse("admin:articles_figure_change", args=[a.figure_id]),
        {"preferred_claim": a.pk, "rationale": "mine"},
    )
    assert response.status_code == 403
    assert Figure.objects.get(pk=a.figure_id).status == "open"


def test_flags_queue_lists_open_flags_first(client, reviewer):
    conflicting_figure()
    closed = ClaimFactory(article=ArticleFactory(), subject=entity_named("Armenia"), value=BN)
    ClaimFactory(article=ArticleFactory(), subject=entity_named("Armenia"), value=5 * BN)
    figures_reconcile()
    ConflictFlag.objects.filter(subject=closed.subject).update(state=FlagState.DISMISSED)
    client.force_login(reviewer)
    response = client.get(reverse("admin:articles_conflictflag_changelist"))
    states = [flag.state for flag in response.context["cl"].result_list]
    assert states == sorted(states, key=lambda s: s not in ("open", "acknowledged"))
    assert states[0] == "open"


def test_a_reviewer_resolves_a_flag_with_a_note_and_an_editor_cannot(client, editor, reviewer):
    conflicting_figure()
    flag = ConflictFlag.objects.get()
    url = reverse("admin:articles_conflictflag_change", args=[flag.pk])
    client.force_login(editor)
    assert client.post(url, {"decision": "resolved", "resolution_note": "x"}).status_code == 403
    client.force_login(reviewer)
    response = client.post(url, {"decision": "dismissed", "resolution_note": "Different bases."})
    assert response.status_code == 302
    flag.refresh_from_db()
    assert (flag.state, flag.resolution_note, flag.resolved_by) == (
        FlagState.DISMISSED, "Different bases.", reviewer,
    )  # fmt: skip


# --- Uploads --------------------------------------------------------------------------------


def test_an_editor_uploads_files_and_sees_each_failure_with_its_reason(
    client, editor, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    files = [
        SimpleUploadedFile("good.txt", f"A title\n\n{BODY}".encode()),
        SimpleUploadedFile("empty.txt", b""),
        SimpleUploadedFile("photo.jpg", b"\xff\xd8\xff"),
    ]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:articles_importrun_upload"),
            {"files": files, "format": "auto", "extract": "on"},
        )
    run = ImportRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:articles_importrun_change", args=[run.pk])
    assert (run.created, run.failed, run.started_by) == (1, 2, editor)
    page = client.get(response["Location"]).content.decode()
    assert "empty.txt" in page and "photo.jpg" in page
    progress = client.get(reverse("admin:articles_importrun_progress", args=[run.pk])).json()
    assert progress["status"] == "finished"
    assert {e["item"] for e in progress["errors"]} == {"empty.txt", "photo.jpg"}


def test_upload_is_refused_without_the_import_permission(client, outsider):
    client.force_login(outsider)
    response = client.post(
        reverse("admin:articles_importrun_upload"),
        {"files": [SimpleUploadedFile("a.txt", b"Title\n\nBody text here.")], "format": "auto"},
    )
    assert response.status_code == 403
    assert not ImportRun.objects.exists()


# --- Query counts do not grow with rows ----------------------------------------------------


@pytest.mark.parametrize(
    ("changelist", "make_rows"),
    [
        ("articles_claim_changelist", lambda n: ClaimFactory.create_batch(n)),
        ("articles_article_changelist", lambda n: ArticleFactory.create_batch(n)),
        ("articles_importrun_changelist",
         lambda n: [ImportRun.objects.create(origin="file") for _ in range(n)]),
        ("articles_source_changelist", lambda n: SourceFactory.create_batch(n)),
        ("articles_deal_changelist", lambda n: [
            Deal.objects.create(name=f"Deal {i}", buyer=entity_named("Azerbaijan"),
                                seller=entity_named("Pakistan"), signed_year=2000 + i % 20)
            for i in range(n)
        ]),
    ],
)  # fmt: skip
def test_list_pages_keep_a_fixed_query_count(
    client, reviewer, django_assert_num_queries, changelist, make_rows
):
    client.force_login(reviewer)
    url = reverse(f"admin:{changelist}") + "?all="
    make_rows(10)
    client.get(url)  # warm the permission and content-type caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ten:
        assert client.get(url).status_code == 200
    make_rows(90)
    with django_assert_num_queries(len(ten.captured_queries)):
        assert client.get(url).status_code == 200


def test_figure_and_flag_lists_keep_a_fixed_query_count(client, reviewer):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def make(n: int, year: int) -> None:
        for i in range(n):
            ClaimFactory(article=ArticleFactory(), value=(i + 1) * BN, period_start=year + i,
                         period_end=year + i)  # fmt: skip
            ClaimFactory(article=ArticleFactory(), value=(i + 9) * BN, period_start=year + i,
                         period_end=year + i)  # fmt: skip
        figures_reconcile()

    client.force_login(reviewer)
    counts = {}
    for size, year in ((10, 1900), (100, 1950)):
        make(size if size == 10 else 90, year)
        for name in ("articles_figure_changelist", "articles_conflictflag_changelist"):
            client.get(reverse(f"admin:{name}"))
            with CaptureQueriesContext(connection) as queries:
                assert client.get(reverse(f"admin:{name}")).status_code == 200
            counts[(name, size)] = len(queries.captured_queries)
    for name in ("articles_figure_changelist", "articles_conflictflag_changelist"):
        assert counts[(name, 10)] == counts[(name, 100)], counts
