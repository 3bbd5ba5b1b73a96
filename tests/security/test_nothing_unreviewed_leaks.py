"""Finding 3 (and 2): nothing unreviewed reaches an anonymous reader, by any URL.

One record holds, beside its published claims, a draft, a machine suggestion, a claim
waiting for review and a rejected one (each with a distinctive value and words in its quote,
note, attribution and evidence), open and closed flags over them, an article with no public
claim and sources attached only to unpublished claims. An anonymous client then walks every
URL pattern of the root URL conf (path parameters filled with every record's key, the
unpublished ones included), every API list in every format with every documented filter,
the feeds, the sitemaps and the search with each marker word, and no response may carry a
marker. The walk refuses to pass when a URL or a query parameter appears that it cannot
fill, so it stays complete as the site grows.
"""

from __future__ import annotations

import html
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from urllib.parse import quote, urlencode

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from drf_spectacular.generators import SchemaGenerator

from articles.models import (
    PUBLIC_STATUSES,
    Article,
    Claim,
    ClaimOrigin,
    ClaimStatus,
    ConflictFlag,
    Entity,
    Figure,
    FlagKind,
    FlagState,
    ImportRun,
    Metric,
    Publication,
    Source,
    TextLicence,
)
from articles.services.claim_withdraw import claim_withdraw
from articles.services.figure_settle import figure_settle
from articles.services.figures_reconcile import figures_reconcile
from articles.services.flag_resolve import flag_acknowledge, flag_resolve
from articles.services.sources import claim_source_attach
from articles.sitemaps import SITEMAPS

from ..factories import (
    ArticleFactory,
    ClaimFactory,
    PublicationFactory,
    SourceFactory,
    claim_figure,
    claim_reviewed,
    entity_named,
    metric_slug,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_api_state")]

BN = Decimal(10) ** 9

# --- The record -------------------------------------------------------------------------------

# Values only unreviewed claims give: none may appear anywhere public, in any spelling.
UNREVIEWED_VALUES = {
    "draft": Decimal("987654321"),
    "suggestion": Decimal("876543219"),
    "needs_review": Decimal("765432198"),
    "rejected": Decimal("654321987"),
    "import_suggestion": Decimal("432198765"),
    "hidden_a": Decimal("543219876"),
    "hidden_b": Decimal("321987654"),
}

QUOTED_BODY = (
    "Azerbaijan's defense expenditures rose to $3.7 billion in 2024, the ministry said.\n\n"
    "A leaked memo ZQXDRAFTQUOTE put them at $987,654,321 for 2024.\n\n"
    "An early estimate, ZQXSUGGESTQUOTE $876,543,219, circulated in 2024.\n\n"
    "Its own auditors ZQXREVIEWQUOTE counted $765,432,198 in 2024.\n\n"
    "A blogger ZQXREJECTQUOTE wrote $654,321,987 for 2024.\n\n"
    "Arms imports ZQXIMPORTQUOTE of $432,198,765 in 2023 were reported too.\n\n"
    "ZQXPERIODQUOTE In 2010 it was also $3.7 billion."
)
SECOND_BODY = (
    "Azerbaijan spent $2.2 billion on defence in 2024.\n\n"
    "Its arms imports reached $1.1 billion in 2023.\n\n"
    "The 2022 budget was $2.9 billion."
)
FULL_TEXT_BODY = (
    "Officials put arms imports at $1.6 billion in 2023.\n\n"
    "In 2013 Azerbaijan spent $3.7 billion on its military."
)
HIDDEN_BODY = (
    "Armenia's budget ZQXHIDDENQUOTEA reached $543,219,876 in 2024.\n\n"
    "Another estimate ZQXHIDDENQUOTEB gave $321,987,654 for 2024."
)


@dataclass
class LeakRecord:
    """The published record and everything beside it that must stay with the desk."""

    public_claims: list[Claim]
    unpublished_claims: list[Claim]
    withdrawn_claim: Claim
    public_flags: list[ConflictFlag]
    unpublished_flags: list[ConflictFlag]
    hidden_article: Article
    hidden_figure: Figure
    unpublished_sources: list[Source]
    subjects: list[Entity] = field(default_factory=list)


def claim_in(article: Article, phrase: str, value: Decimal, **fields: Any) -> Claim:
    return ClaimFactory(article=article, phrase=phrase, value=value, **fields)


def build_leak_record(reviewer: Any) -> LeakRecord:
    quoted = PublicationFactory(name="Quoted Outlet", text_licence=TextLicence.QUOTE_ONLY)
    article = ArticleFactory(
        publication=quoted,
        title="Azerbaijan's defence budget",
        body=QUOTED_BODY,
        raw=QUOTED_BODY + "\n\nZQXRAWINPUT comments and all",
        standfirst="ZQXSTANDFIRST of a quote-only outlet",
        captions=["ZQXCAPTION under a photo"],
        removed=[{"kind": "comments", "text": "ZQXREMOVEDBLOCK said: 987654321"}],
    )
    second = ArticleFactory(
        publication=PublicationFactory(name="Second Outlet"),
        title="Spending and imports",
        body=SECOND_BODY,
    )
    full = ArticleFactory(
        publication=PublicationFactory(name="Open Outlet", text_licence=TextLicence.FULL_TEXT),
        title="A decade of spending",
        body=FULL_TEXT_BODY,
    )
    hidden = ArticleFactory(
        publication=quoted,
        title="ZQXHIDDENTITLE Armenia's budget",
        byline="ZQXHIDDENBYLINE",
        url="https://zqx-hidden.example/story",
        body=HIDDEN_BODY,
    )
    imports = metric_slug("arms-imports")
    armenia = entity_named("Armenia")
    # The desk's import log: its label and messages are not for the public either.
    hidden.import_run = ImportRun.objects.create(
        origin="api", label="ZQXIMPORTLABEL upload", message="ZQXIMPORTMESSAGE"
    )
    hidden.save(update_fields=["import_run"])

    # Published: reviewed through the workflow, each with the evidence its verdict needs.
    ministry = claim_in(article, "$3.7 billion", Decimal("3.7") * BN, note="ZQXDESKNOTE")
    ministry = claim_reviewed(ministry, ClaimStatus.VERIFIED, actor=reviewer)
    rival = claim_reviewed(
        claim_in(second, "$2.2 billion", Decimal("2.2") * BN), ClaimStatus.DISPUTED, actor=reviewer
    )
    imports_b = claim_in(
        second,
        "$1.1 billion",
        Decimal("1.1") * BN,
        metric=imports,
        period_start=2023,
        period_end=2023,
    )
    imports_b = claim_reviewed(imports_b, ClaimStatus.VERIFIED, actor=reviewer)
    imports_c = claim_in(
        full,
        "$1.6 billion",
        Decimal("1.6") * BN,
        metric=imports,
        period_start=2023,
        period_end=2023,
    )
    imports_c = claim_reviewed(imports_c, ClaimStatus.VERIFIED, actor=reviewer)
    older = claim_in(full, "$3.7 billion", Decimal("3.7") * BN, period_start=2013, period_end=2013)
    older = claim_reviewed(older, ClaimStatus.VERIFIED, actor=reviewer)
    withdrawn = claim_reviewed(
        claim_in(second, "$2.9 billion", Decimal("2.9") * BN, period_start=2022, period_end=2022),
        ClaimStatus.VERIFIED,
        actor=reviewer,
    )

    # Unpublished: every state short of review, each carrying markers.
    v = UNREVIEWED_VALUES
    draft = claim_in(
        article,
        "ZQXDRAFTQUOTE put them at $987,654,321",
        v["draft"],
        status=ClaimStatus.DRAFT,
        note="ZQXDRAFTNOTE",
        attribution="ZQXDRAFTATTRIBUTION",
    )
    suggestion = claim_in(
        article,
        "ZQXSUGGESTQUOTE $876,543,219",
        v["suggestion"],
        status=ClaimStatus.SUGGESTED,
        origin=ClaimOrigin.EXTRACTED,
        confidence=0.4,
        attribution="ZQXSUGGESTATTRIBUTION",
    )
    needs_review = claim_in(
        article,
        "ZQXREVIEWQUOTE counted $765,432,198",
        v["needs_review"],
        status=ClaimStatus.NEEDS_REVIEW,
        note="ZQXREVIEWNOTE",
    )
    rejected = claim_in(
        article,
        "ZQXREJECTQUOTE wrote $654,321,987",
        v["rejected"],
        status=ClaimStatus.REJECTED,
        origin=ClaimOrigin.EXTRACTED,
    )
    import_guess = claim_in(
        article,
        "ZQXIMPORTQUOTE of $432,198,765",
        v["import_suggestion"],
        status=ClaimStatus.SUGGESTED,
        origin=ClaimOrigin.EXTRACTED,
        metric=imports,
        period_start=2023,
        period_end=2023,
    )
    period_guess = claim_in(
        article,
        "ZQXPERIODQUOTE In 2010 it was also $3.7 billion",
        Decimal("3.7") * BN,
        status=ClaimStatus.SUGGESTED,
        origin=ClaimOrigin.EXTRACTED,
        period_start=2010,
        period_end=2010,
    )
    hidden_a = claim_in(
        hidden,
        "ZQXHIDDENQUOTEA reached $543,219,876",
        v["hidden_a"],
        subject=armenia,
        status=ClaimStatus.SUGGESTED,
        origin=ClaimOrigin.EXTRACTED,
    )
    hidden_b = claim_in(
        hidden,
        "ZQXHIDDENQUOTEB gave $321,987,654",
        v["hidden_b"],
        subject=armenia,
        status=ClaimStatus.DRAFT,
    )

    # Evidence: public on a public claim, and the desk's own on unpublished ones.
    shared = SourceFactory(title="Ministry of Finance: budget law 2024")
    claim_source_attach(actor=reviewer, claim=ministry, source=shared, stance="supports")
    claim_source_attach(
        actor=reviewer, claim=draft, source=shared, stance="context", note="ZQXSHAREDLINKNOTE"
    )
    draft_only = SourceFactory(
        title="ZQXDRAFTSOURCE memo",
        url="https://zqx-evidence.example/memo",
        publisher="ZQXDRAFTPUBLISHER",
        excerpt="ZQXDRAFTEXCERPT",
    )
    claim_source_attach(
        actor=reviewer,
        claim=draft,
        source=draft_only,
        stance="supports",
        value=v["draft"],
        currency="USD",
        note="ZQXDRAFTLINKNOTE",
    )
    review_only = SourceFactory(
        title="ZQXREVIEWSOURCE audit", url="https://zqx-evidence.example/audit"
    )
    claim_source_attach(actor=reviewer, claim=needs_review, source=review_only, stance="supports")
    orphan = SourceFactory(title="ZQXORPHANSOURCE", url="https://zqx-evidence.example/orphan")

    figures_reconcile()
    for claim in (ministry, rival, imports_b, older, withdrawn):
        claim.refresh_from_db()
    figure_settle(
        actor=reviewer,
        figure=claim_figure(ministry),
        preferred_claim=ministry,
        rationale="The ministry's budget law gives $3.7 billion.",
    )
    flags = ConflictFlag.objects.order_by("id")
    spending = flags.get(
        kind=FlagKind.VALUE_MISMATCH,
        metric__slug="military-expenditure",
        subject__slug="azerbaijan",
    )
    resolved = flag_resolve(
        actor=reviewer, flag=spending, note="The ministry's budget law settles it."
    )
    dismissed = flag_resolve(
        actor=reviewer,
        flag=flags.get(kind=FlagKind.VALUE_MISMATCH, metric__slug="arms-imports"),
        note="Different definitions of imports.",
        dismiss=True,
    )
    acknowledged = flag_acknowledge(actor=reviewer, flag=flags.get(kind=FlagKind.PERIOD_REUSE))
    claim_withdraw(actor=reviewer, claim=withdrawn, reason="misread", note="It was the 2021 plan.")
    open_flags = list(flags.filter(state=FlagState.OPEN))
    assert open_flags, "the Armenian suggestions disagree: an open flag the public never sees"
    for flag in (resolved, dismissed, acknowledged):
        assert flag.public_explanation, f"{flag} should be public"
        assert {c.status for c in flag.claims.all()} - set(PUBLIC_STATUSES), (
            f"{flag} should also stand over unreviewed claims"
        )
    hidden_a.refresh_from_db()
    return LeakRecord(
        public_claims=[ministry, rival, imports_b, imports_c, older],
        unpublished_claims=[
            draft,
            suggestion,
            needs_review,
            rejected,
            import_guess,
            period_guess,
            hidden_a,
            hidden_b,
        ],
        withdrawn_claim=withdrawn,
        public_flags=[resolved, dismissed, acknowledged],
        unpublished_flags=open_flags,
        hidden_article=hidden,
        hidden_figure=claim_figure(hidden_a),
        unpublished_sources=[draft_only, review_only, orphan],
        subjects=[entity_named("Azerbaijan"), armenia],
    )


# --- Markers -----------------------------------------------------------------------------------


def value_spellings(value: Decimal) -> list[str]:
    """987654321 as an API gives it, as a page formats it ($987.65 million) and with commas."""
    from articles.services.flag_text import format_amount

    whole = int(value)
    scaled = format_amount(value, "USD").removeprefix("$").split()[0]
    return [str(whole), f"{whole:,}", scaled]


MARKER_WORD = re.compile(r"zqx[\w-]*", re.IGNORECASE)
VALUE_MARKERS = [
    re.compile(rf"(?<![\d.,]){re.escape(spelling)}(?![\d])")
    for value in UNREVIEWED_VALUES.values()
    for spelling in value_spellings(value)
]
# The words a search or a ``q`` filter is tried with.
SEARCH_WORDS = [
    "ZQXDRAFTQUOTE",
    "ZQXSUGGESTQUOTE",
    "ZQXREVIEWQUOTE",
    "ZQXREJECTQUOTE",
    "ZQXHIDDENTITLE",
    "ZQXDRAFTSOURCE",
    "ZQXDRAFTNOTE",
    "ZQXDRAFTATTRIBUTION",
    "ZQXREMOVEDBLOCK",
    "987654321",
    "876.54",
    "2010",
]


def markers_in(text: str, echoes: list[str]) -> list[str]:
    """The markers ``text`` carries, once what the request itself said is taken out."""
    for echo in sorted(set(echoes), key=len, reverse=True):
        if echo:
            text = text.replace(echo, "")
    found = [m.group(0) for m in MARKER_WORD.finditer(text)]
    found += [m.group(0) for pattern in VALUE_MARKERS for m in pattern.finditer(text)]
    return sorted(set(found))


def echoes_of(params: dict[str, str]) -> list[str]:
    """How a query value may come back: as sent, URL-encoded, HTML-escaped, in a JSON link."""
    forms = []
    for value in params.values():
        forms += [value, quote(value), quote(value, safe=""), html.escape(value)]
        forms += [urlencode({"q": value})[2:]]
    return forms


# --- The URL conf ------------------------------------------------------------------------------

# Whole areas left out of the walk, and why.
SKIPPED_PREFIXES = {
    "admin/": "the admin is for staff, behind its own login (tests/admin/)",
}
# Unnamed patterns have no name to reverse: the path walked for each.
UNNAMED_PATHS = {
    "favicon.ico": "/favicon.ico",
    "api/^.*$": "/api/no-such-resource/",
}
# DRF basenames and the records their ``pk`` names.
API_MODELS = {
    "api-article": Article,
    "api-claim": Claim,
    "api-figure": Figure,
    "api-flag": ConflictFlag,
    "api-source": Source,
    "api-entity": Entity,
    "api-metric": Metric,
    "api-publication": Publication,
    "api-importrun": ImportRun,
}
PAGE_MODELS = {
    "article-detail": Article,
    "claim-detail": Claim,
    "claim-csl": Claim,
    "figure-detail": Figure,
}


@dataclass(frozen=True)
class Route:
    template: str
    name: str | None
    params: tuple[str, ...]
    callback: Any


def routes(resolver: URLResolver | None = None, prefix: str = "") -> Iterator[Route]:
    """Every URL pattern of the root URL conf, with its full template and parameters."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        template = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from routes(entry, template)
            continue
        assert isinstance(entry, URLPattern)
        pattern = entry.pattern
        params = tuple(getattr(pattern, "converters", {}) or pattern.regex.groupindex)
        yield Route(template, entry.name, params, entry.callback)


def skip_reason(route: Route) -> str | None:
    for prefix, reason in SKIPPED_PREFIXES.items():
        if route.template.startswith(prefix):
            return reason
    actions = getattr(route.callback, "actions", None)
    if actions is not None and "get" not in actions:
        return f"write-only API action ({', '.join(sorted(actions))}): no GET to read"
    return None


def pk_values(route: Route) -> list[int] | None:
    model = PAGE_MODELS.get(route.name or "")
    if model is None:
        model = next(
            (m for base, m in API_MODELS.items() if (route.name or "").startswith(base + "-")),
            None,
        )
    if model is None:
        return None
    return list(model._default_manager.order_by("pk").values_list("pk", flat=True))


def param_values(route: Route, param: str, record: LeakRecord) -> list[str] | None:
    """Every value a path parameter is walked with; None when the walk cannot fill it."""
    if param == "pk":
        pks = pk_values(route)
        return None if pks is None else [str(pk) for pk in pks]
    if param == "slug" and route.name == "entity-detail":
        return list(Entity.objects.order_by("slug").values_list("slug", flat=True))
    if param == "subject" and route.name in ("series-detail", "series-csv"):
        return [entity.slug for entity in record.subjects]
    if param == "metric" and route.name in ("series-detail", "series-csv"):
        return list(Metric.objects.order_by("slug").values_list("slug", flat=True))
    if param == "section":
        return list(SITEMAPS)
    return None


@dataclass
class Walk:
    urls: list[tuple[str, dict[str, str]]]
    skipped: dict[str, str]
    unfilled: list[str]


def walk_url_conf(record: LeakRecord) -> Walk:
    walk = Walk(urls=[], skipped={}, unfilled=[])
    for route in routes():
        reason = skip_reason(route)
        if reason is not None:
            walk.skipped[route.template] = reason
            continue
        if route.name is None:
            path = UNNAMED_PATHS.get(route.template)
            if path is None:
                walk.unfilled.append(f"{route.template} (unnamed)")
            else:
                walk.urls.append((path, {}))
            continue
        values = {param: param_values(route, param, record) for param in route.params}
        filled = {param: value for param, value in values.items() if value is not None}
        missing = [param for param in values if param not in filled]
        if missing:
            walk.unfilled.append(f"{route.template} ({route.name}: {', '.join(missing)})")
            continue
        for combination in itertools.product(*filled.values()):
            kwargs = dict(zip(filled, combination, strict=True))
            walk.urls.append((reverse(route.name, kwargs=kwargs), {}))
    return walk


# --- The API's documented lists and their filters ----------------------------------------------


def api_schema() -> dict[str, Any]:
    return SchemaGenerator().get_schema(request=None, public=True)


def query_values(param: dict[str, Any], record: LeakRecord) -> list[str] | None:
    """Every value a documented query parameter is tried with; None when unknown."""
    name = param["name"]
    schema = param.get("schema", {})
    items = schema.get("items", {})
    if "enum" in schema or "enum" in items:
        return [str(value) for value in schema.get("enum") or items["enum"]]
    ids = {
        "article": Article,
        "figure": Figure,
        "claim": Claim,
        "import_run": ImportRun,
    }
    if name in ids:
        return [str(pk) for pk in ids[name]._default_manager.values_list("pk", flat=True)]
    slugs = {
        "subject": Entity,
        "counterparty": Entity,
        "country": Entity,
        "metric": Metric,
        "publication": Publication,
    }
    if name in slugs:
        model = slugs[name]
        if model is Entity:
            return [entity.slug for entity in record.subjects]
        return list(model._default_manager.values_list("slug", flat=True))
    fixed = {
        "q": SEARCH_WORDS,
        "year": ["2023", "2024"],
        "year_from": ["2023", "2024"],
        "year_to": ["2023", "2024"],
        "value_min": ["0", "987654321"],
        "value_max": ["987654321", "10000000000"],
        "currency": ["USD"],
        "scope": ["unspecified", "sipri"],
        "unit": ["USD"],
        "publisher": ["ZQXDRAFTPUBLISHER"],
        "language": ["en"],
        "page_size": ["500"],
        "ordering": ["-id", "-updated_at"],
        "has_open_flag": ["true", "false"],
        "is_open": ["true", "false"],
        "updated_since": ["2000-01-01T00:00:00Z"],
        "created_since": ["2000-01-01T00:00:00Z"],
        "after": ["0.0"],
        "published_from": ["2000-01-01"],
        "published_to": ["2100-01-01"],
    }
    if name in fixed:
        return fixed[name]
    if schema.get("type") == "boolean":
        return ["true", "false"]
    return None


# A query parameter left out, and why.
SKIPPED_QUERY = {
    "cursor": "an opaque token the API hands out; bad cursors are tests/security's 4xx module",
    "format": "walked for every list already (json, csv, ndjson)",
}


def api_list_requests(record: LeakRecord) -> tuple[list[tuple[str, dict[str, str]]], list[str]]:
    """Each documented list in each format, and once per value of each of its filters."""
    requests: list[tuple[str, dict[str, str]]] = []
    unfilled: list[str] = []
    for path, operations in api_schema()["paths"].items():
        get = operations.get("get")
        if get is None or "{" in path:
            continue
        parameters = [p for p in get.get("parameters", []) if p["in"] == "query"]
        formats = next((p for p in parameters if p["name"] == "format"), None)
        for fmt in (formats or {}).get("schema", {}).get("enum", ["json"]):
            requests.append((path, {"format": fmt} if fmt != "json" else {}))
        for param in parameters:
            if param["name"] in SKIPPED_QUERY:
                continue
            values = query_values(param, record)
            if values is None:
                unfilled.append(f"{path}?{param['name']}")
                continue
            for value in values:
                requests.append((path, {param["name"]: value}))
                if formats is not None:
                    requests.append((path, {param["name"]: value, "format": "csv"}))
    return requests, unfilled


def search_requests() -> list[tuple[str, dict[str, str]]]:
    requests = []
    for word in SEARCH_WORDS:
        for kind in ("", "claims", "articles"):
            params = {"q": word, **({"kind": kind} if kind else {})}
            requests.append((reverse("search"), params))
    return requests


# --- Reading ------------------------------------------------------------------------------------


def body_of(response: Any) -> str:
    if getattr(response, "streaming", False):
        content = b"".join(response.streaming_content)
    else:
        content = response.content
    return content.decode("utf-8", "replace") + " " + response.get("Location", "")


@dataclass
class Leak:
    url: str
    status: int
    markers: list[str]

    def __str__(self) -> str:
        return f"{self.url} ({self.status}): {', '.join(self.markers)}"


def read_all(client: Client, requests: list[tuple[str, dict[str, str]]]) -> list[Leak]:
    leaks = []
    for path, params in requests:
        response = client.get(path, params)
        url = f"{path}?{urlencode(params)}" if params else path
        assert response.status_code < 500, f"{url} answered {response.status_code}"
        found = markers_in(body_of(response), echoes_of(params))
        if found:
            leaks.append(Leak(url, response.status_code, found))
    return leaks


def fail_on(leaks: list[Leak]) -> None:
    if leaks:
        listed = "\n".join(f"  {leak}" for leak in leaks[:60])
        more = f"\n  … and {len(leaks) - 60} more" if len(leaks) > 60 else ""
        pytest.fail(f"{len(leaks)} anonymous response(s) carry unreviewed markers:\n{listed}{more}")


@pytest.fixture
def leak_record(reviewer, settings) -> LeakRecord:
    # The walk makes thousands of requests from one address: no throttle here.
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": None, "user": None},
    }
    return build_leak_record(reviewer)


# --- The rules ---------------------------------------------------------------------------------


def test_the_walk_can_fill_every_url_pattern_and_every_documented_filter(leak_record):
    walk = walk_url_conf(leak_record)
    _, unfilled_queries = api_list_requests(leak_record)
    assert not walk.unfilled, (
        "URL patterns the leak walk cannot fill (teach param_values or UNNAMED_PATHS, or add "
        f"a reason to SKIPPED_PREFIXES): {walk.unfilled}"
    )
    assert not unfilled_queries, (
        f"API query parameters the leak walk cannot fill (teach query_values): {unfilled_queries}"
    )
    # Every documented API path is reached by the URL-conf walk.
    walked = [url for url, _ in walk.urls]
    for path, operations in api_schema()["paths"].items():
        if "get" not in operations:
            continue
        pattern = re.compile("^" + re.sub(r"\\\{[^}]+\\\}", "[0-9]+", re.escape(path)) + "$")
        assert any(pattern.match(url) for url in walked), f"{path} is documented but not walked"
    # What is skipped is said, with a reason.
    assert all(walk.skipped.values())


def test_no_url_in_the_url_conf_shows_an_anonymous_reader_anything_unreviewed(leak_record):
    walk = walk_url_conf(leak_record)
    assert len(walk.urls) > 100
    fail_on(read_all(Client(), walk.urls))


def test_no_api_list_export_or_filter_shows_an_anonymous_reader_anything_unreviewed(leak_record):
    requests, _ = api_list_requests(leak_record)
    fail_on(read_all(Client(), requests))


def test_searching_for_unreviewed_words_finds_nothing_of_them(leak_record):
    fail_on(read_all(Client(), search_requests()))


def test_unpublished_records_answer_404_on_their_pages_and_in_the_api(leak_record):
    client = Client()
    urls = []
    for claim in leak_record.unpublished_claims:
        urls += [
            reverse("claim-detail", kwargs={"pk": claim.pk}),
            reverse("claim-csl", kwargs={"pk": claim.pk}),
            reverse("api-claim-detail", kwargs={"pk": claim.pk}),
        ]
    urls += [
        reverse("article-detail", kwargs={"pk": leak_record.hidden_article.pk}),
        reverse("api-article-detail", kwargs={"pk": leak_record.hidden_article.pk}),
        reverse("figure-detail", kwargs={"pk": leak_record.hidden_figure.pk}),
        reverse("api-figure-detail", kwargs={"pk": leak_record.hidden_figure.pk}),
    ]
    urls += [reverse("api-flag-detail", kwargs={"pk": f.pk}) for f in leak_record.unpublished_flags]
    urls += [
        reverse("api-source-detail", kwargs={"pk": s.pk}) for s in leak_record.unpublished_sources
    ]
    answers = {url: client.get(url).status_code for url in urls}
    assert {url: code for url, code in answers.items() if code != 404} == {}
    # And what is published is there, so the 404s above are not an empty site's.
    for claim in leak_record.public_claims:
        assert client.get(reverse("claim-detail", kwargs={"pk": claim.pk})).status_code == 200
        assert client.get(reverse("api-claim-detail", kwargs={"pk": claim.pk})).status_code == 200
    for flag in leak_record.public_flags:
        assert client.get(reverse("api-flag-detail", kwargs={"pk": flag.pk})).status_code == 200
    withdrawn = reverse("claim-detail", kwargs={"pk": leak_record.withdrawn_claim.pk})
    assert client.get(withdrawn).status_code == 200
