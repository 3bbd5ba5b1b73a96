"""The claims and figures lists are written from plain rows (``articles/api/rows.py``); the
serializers stay the contract (and the schema). Every row of every kind, for every reader,
must come out of the list exactly as the serializer writes the same record."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal

import pytest
from django.db import connection
from django.test import override_settings
from django.utils import timezone
from rest_framework import serializers as drf
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory
from rest_framework.utils.encoders import JSONEncoder

from articles.api import rows, rows_sql, serializers, statements
from articles.api.renderers import RowsJSONRenderer
from articles.models import Article, Claim, ClaimStatus, Source, WithdrawalReason
from articles.selectors import claims_for_list, claims_for_rows, figures_for_list, figures_for_rows
from articles.services.claim_rate import claim_rate_cite

from ..api_roles import ROLES, build_record, client_for, user_in
from ..factories import ArticleFactory, ClaimFactory, entity_named

pytestmark = pytest.mark.django_db


# Text every JSON writer must escape alike: quotes, a backslash, control characters, the
# JavaScript line separators, and letters outside ASCII.
ODD_TEXT = 'He said "3.7\\bn"\n\ttab\x01\x1f\u2028\u2029 Ağdam, Ереван, 東京 \U0001f4b0'


@pytest.fixture
def varied_record(fresh_api_state):
    """The shared record, and claims in every shape a row can take."""
    built = build_record()
    bare = ArticleFactory(publication=None, url="", published_on=None)
    ClaimFactory(article=bare, subject=None, metric=None, value=None, currency="",
                 unit="tanks", status=ClaimStatus.VERIFIED, confidence=1.0,
                 item=ODD_TEXT)  # fmt: skip
    ClaimFactory(article=bare, phrase="$2.2 billion", status=ClaimStatus.WITHDRAWN,
                 withdrawal_reason=WithdrawalReason.MISREAD, withdrawal_note="Misread.",
                 withdrawn_at=timezone.now(), note="desk only")  # fmt: skip
    # An article's own conversions: one restates a draft, one a published claim.
    converted = ArticleFactory()
    draft = ClaimFactory(article=converted, phrase="$669 million", status=ClaimStatus.DRAFT)
    public = ClaimFactory(article=converted, phrase="$3.7 billion", status=ClaimStatus.VERIFIED)
    ClaimFactory(article=converted, phrase="$1.4 billion", status=ClaimStatus.VERIFIED,
                 counterparty=entity_named("Israel"), kind="transaction", item="Barak MX",
                 converted_from=draft, low=Decimal(1), high=Decimal(2),
                 value=None, period_start=2007, period_end=2016)  # fmt: skip
    manat = ClaimFactory(article=converted, phrase="$2.2 billion", currency="AZN",
                         status=ClaimStatus.VERIFIED, converted_from=public)  # fmt: skip
    claim_rate_cite(actor=user_in("reviewer"), claim=manat, rate=Decimal("1.7"),
                    source="Central Bank of Azerbaijan, 2024-03-01", year=2024,
                    expected_version=manat.version)  # fmt: skip
    return built


def as_json(data):
    return json.loads(json.dumps(data, cls=JSONEncoder))


def serializer_output(serializer_class, instances, role, query=""):
    """What the serializer writes for ``instances``, to the reader in ``role``."""
    request = APIRequestFactory().get(f"/api/v1/x/?{query}")
    request.user = user_in(role) if role != "anonymous" else _anonymous()
    drf_request = Request(request)
    drf_request.user = request.user
    data = serializer_class(instances, many=True, context={"request": drf_request}).data
    return {item["id"]: item for item in as_json(data)}


def _anonymous():
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()


def listed(role, path):
    response = client_for(role).get(path)
    assert response.status_code == 200, response.content
    return {item["id"]: item for item in response.json()["results"]}


@pytest.mark.parametrize("role", ROLES)
def test_the_claims_list_is_what_the_claim_serializer_writes(varied_record, role):
    page = listed(role, "/api/v1/claims/?page_size=500")
    user = user_in(role) if role != "anonymous" else _anonymous()
    expected = serializer_output(
        serializers.ClaimSerializer, claims_for_list(user).order_by("id"), role
    )
    assert page.keys() == expected.keys()
    assert len(page) >= 6
    for claim_id, item in page.items():
        assert item == expected[claim_id]
        assert list(item) == list(expected[claim_id])  # the same order of fields too
    shapes = list(page.values())
    # The record reaches every branch a row can take.
    assert any(item["usd"] and item["usd"]["cited"] for item in shapes)
    assert any(item["counterparty"] for item in shapes)
    assert any(item["sources"] for item in shapes)
    assert any(item["article"]["publication"] is None for item in shapes)
    if role in ("editor", "reviewer"):  # who may see drafts
        assert any(item["withdrawal"] and item["note"] == "desk only" for item in shapes)
        assert any(item["converted_from"] for item in shapes)
    else:
        withdrawn = [item for item in shapes if item["withdrawal"]]
        assert withdrawn and all(item["note"] == "" for item in shapes)
        restating_a_draft = [item for item in shapes if item["item"] == "Barak MX"]
        assert restating_a_draft and restating_a_draft[0]["converted_from"] is None


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("expand", ["", "expand=claims"])
def test_the_figures_list_is_what_the_figure_serializer_writes(varied_record, role, expand):
    page = listed(role, f"/api/v1/figures/?page_size=500&{expand}")
    user = user_in(role) if role != "anonymous" else _anonymous()
    expected = serializer_output(
        serializers.FigureSerializer, figures_for_list(user).order_by("id"), role, expand
    )
    assert page.keys() == expected.keys()
    assert page
    for figure_id, item in page.items():
        assert item == expected[figure_id]
        assert list(item) == list(expected[figure_id])
    claims = [claim for item in page.values() for claim in item["claims"]]
    assert claims
    for claim in claims:
        assert claim["url"].endswith(f"/api/v1/claims/{claim['id']}/")
        assert ("quote" in claim) is bool(expand)


@pytest.mark.parametrize("role", ROLES)
def test_the_rows_selectors_hold_what_the_list_selectors_hold(varied_record, role):
    # The row paths start from them: the same records, without the joins they do not read.
    user = user_in(role) if role != "anonymous" else _anonymous()
    columns = ("id", "converted_from_status")
    rows_claims = claims_for_rows(user).order_by("id").values_list(*columns)
    assert list(rows_claims) == list(claims_for_list(user).order_by("id").values_list(*columns))
    rows_figures = figures_for_rows(user).order_by("id").values_list("id", flat=True)
    assert list(rows_figures) == list(
        figures_for_list(user).order_by("id").values_list("id", flat=True)
    )
    assert not claims_for_rows(user).query.select_related
    assert not figures_for_rows(user)._prefetch_related_lookups


def test_a_figure_lists_its_claims_by_reference_unless_expanded(varied_record):
    client = client_for("anonymous")
    figure_id = varied_record.open_figure.pk
    plain = client.get("/api/v1/figures/?page_size=500").json()["results"]
    [listed_figure] = [item for item in plain if item["id"] == figure_id]
    assert all(set(claim) == {"id", "url"} for claim in listed_figure["claims"])
    # Each reference leads to the claim.
    first = client.get(listed_figure["claims"][0]["url"])
    assert first.status_code == 200
    assert first.json()["id"] == listed_figure["claims"][0]["id"]
    # The detail keeps every field of its claims.
    detail = client.get(f"/api/v1/figures/{figure_id}/").json()
    assert {claim["id"] for claim in detail["claims"]} == {
        claim["id"] for claim in listed_figure["claims"]
    }
    assert all("quote" in claim for claim in detail["claims"])


def test_expand_takes_only_claims(varied_record):
    response = client_for("anonymous").get("/api/v1/figures/?expand=sources")
    assert response.status_code == 400
    assert "expand" in response.json()["error"]["fields"]


def test_expand_is_documented(varied_record):
    schema = client_for("anonymous").get("/api/schema/?format=json").json()
    parameters = schema["paths"]["/api/v1/figures/"]["get"]["parameters"]
    [expand] = [parameter for parameter in parameters if parameter["name"] == "expand"]
    assert expand["schema"]["enum"] == ["claims"]


def test_a_serializer_field_without_a_row_builder_is_refused_at_once():
    class WithNested(drf.Serializer):
        id = drf.IntegerField()
        subject = serializers.EntityRefSerializer()

    with pytest.raises(TypeError, match=r"WithNested\.subject needs a row builder"):
        rows.RowRepresentation(WithNested)
    assert rows.RowRepresentation(WithNested, computed={"subject"}).columns == ["id"]


# --- The pages PostgreSQL writes (articles/api/rows_sql.py) ---------------------------------

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the rows are written in SQL on PostgreSQL only"
)

LIST_PAGES = [
    "claims/?page_size=500",
    "claims/?page_size=3&ordering=-updated_at",
    "claims/?page_size=4&ordering=created_at&status=verified",
    "figures/?page_size=500",
    "figures/?page_size=500&expand=claims",
    "figures/?page_size=2&ordering=-period_start",
    # Filters put subqueries of their own beside the ones that write the rows.
    "claims/?page_size=500&has_open_flag=true",
    "claims/?page_size=500&subject=azerbaijan&year=2024",
    "figures/?page_size=500&has_open_flag=false&expand=claims",
    "figures/?page_size=500&publication=eurasianet",
    # The filter joins the article and its outlet, which the rows' references join too.
    "claims/?page_size=500&publication=eurasianet&ordering=-updated_at",
]


@on_postgresql
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", LIST_PAGES)
def test_a_page_written_in_sql_is_the_portable_page_byte_for_byte(varied_record, role, page):
    client = client_for(role)
    assert rows_sql.sql_rows_enabled()
    written = client.get(f"/api/v1/{page}")
    with override_settings(API_ROWS_IN_SQL=False):
        assert not rows_sql.sql_rows_enabled()
        portable = client.get(f"/api/v1/{page}")
    assert written.status_code == portable.status_code == 200
    assert written.content == portable.content
    # Again, from the statement cache (checked against a fresh compile): the same page.
    assert client.get(f"/api/v1/{page}").content == written.content
    assert written["ETag"] == portable["ETag"]
    assert written.headers.get("Last-Modified") == portable.headers.get("Last-Modified")
    if "&" not in page.replace("&ordering", "").replace("&expand", ""):  # unfiltered
        assert written.json()["results"]


@on_postgresql
def test_a_page_query_joins_what_its_rows_point_at(varied_record):
    # One join per reference for the page, not a subquery run for every row.
    executed = []

    def record(execute, sql, params, many, context):
        executed.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        assert client_for("anonymous").get("/api/v1/claims/?page_size=5").status_code == 200
    [page_query] = [sql for sql in executed if "_json0" in sql]
    tables = ("articles_article", "articles_publication", "articles_entity", "articles_metric")
    for joined_table in tables:
        assert f'LEFT OUTER JOIN "{joined_table}"' in page_query or (
            f'INNER JOIN "{joined_table}"' in page_query
        )
        assert f'FROM "{joined_table}"' not in page_query  # no subquery of its own


@on_postgresql
def test_the_next_page_of_a_page_written_in_sql_follows_on(varied_record):
    client = client_for("editor")
    first = client.get("/api/v1/claims/?page_size=2&ordering=-updated_at").json()
    second = client.get(first["next"]).json()
    with override_settings(API_ROWS_IN_SQL=False):
        portable = client.get(first["next"]).json()
    assert second == portable
    assert {c["id"] for c in first["results"]}.isdisjoint(c["id"] for c in second["results"])


@on_postgresql
def test_odd_text_is_escaped_as_the_json_renderer_escapes_it(varied_record):
    response = client_for("anonymous").get("/api/v1/claims/?page_size=500")
    # JSONRenderer escapes the JavaScript line separators that JSON allows raw.
    assert "\u2028".encode() not in response.content
    [odd] = [c for c in response.json()["results"] if c["item"] == ODD_TEXT]
    assert b"\\u2028" in response.content and b"\\u2029" in response.content
    assert odd["confidence"] == 1.0
    assert b'"confidence":1.0' in response.content


@on_postgresql
def test_an_indented_page_is_the_same_page(varied_record):
    client = client_for("reviewer")
    compact = client.get("/api/v1/figures/?page_size=500")
    indented = client.get(
        "/api/v1/figures/?page_size=500", HTTP_ACCEPT="application/json; indent=2"
    )
    assert indented.status_code == 200
    assert b'\n  "results": [' in indented.content
    assert indented.json() == compact.json()


FLOATS = [0.0, -0.0, 1.0, -3.0, 0.5, 0.1, 1 / 3, 2.5e-5, 1e-4, 123456.789, 1e14, 1e15,
          1234567890123456.0, 1234567890123456.5, 9.999999999999998e15, 1e16, 1.5e300,
          -2.2250738585072014e-308, 5e-324, float("inf"), float("-inf"), float("nan")]  # fmt: skip


@on_postgresql
@pytest.mark.parametrize("value", FLOATS, ids=repr)
def test_a_float_is_written_as_python_writes_it(value):
    with connection.cursor() as cursor:
        sql = rows_sql._float("v.x")
        cursor.execute(f"SELECT {sql} FROM (VALUES (%s::float8)) v(x)", [value])  # noqa: S608  # a fixed expression
        [written] = cursor.fetchone()
    assert written == json.dumps(value)


INSTANTS = [
    datetime.datetime(2024, 3, 1, 12, 0, tzinfo=datetime.UTC),
    datetime.datetime(2024, 3, 1, 12, 0, 0, 120, tzinfo=datetime.UTC),
    datetime.datetime(1999, 12, 31, 23, 59, 59, 999999, tzinfo=datetime.UTC),
    datetime.datetime(2024, 3, 1, 14, 30, 5, tzinfo=datetime.timezone(datetime.timedelta(hours=4))),
]


@on_postgresql
@pytest.mark.parametrize("instant", INSTANTS, ids=str)
def test_an_instant_is_written_as_the_datetime_field_writes_it(instant):
    with connection.cursor() as cursor:
        sql = rows_sql._timestamp("v.x")
        cursor.execute(f"SELECT {sql} FROM (VALUES (%s::timestamptz)) v(x)", [instant])  # noqa: S608  # a fixed expression
        [written] = cursor.fetchone()
    assert json.loads(written) == drf.DateTimeField().to_representation(instant)


@on_postgresql
@pytest.mark.parametrize("day", [datetime.date(2024, 3, 1), datetime.date(999, 1, 5)], ids=str)
@pytest.mark.parametrize("datestyle", ["ISO, MDY", "SQL, DMY"])
def test_a_date_is_written_as_the_date_field_writes_it_whatever_the_datestyle(day, datestyle):
    field = drf.DateField()
    with connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL datestyle = '{datestyle}'")
        sql = rows_sql.value_sql(field, Article._meta.get_field("published_on"), "v.x")
        cursor.execute(f"SELECT {sql} FROM (VALUES (%s::date)) v(x)", [day])  # noqa: S608  # a fixed expression
        [written] = cursor.fetchone()
    assert json.loads(written) == field.to_representation(day)


def test_a_field_without_an_sql_writing_is_refused():
    class Odd(drf.Serializer):
        id = drf.IntegerField()
        title = drf.URLField()

    with pytest.raises(rows_sql.NotWritable, match="URLField"):
        rows_sql.object_pieces(Odd, Source, "s", {})
    with pytest.raises(rows_sql.NotWritable, match="needs its SQL"):
        rows_sql.object_pieces(serializers.ArticleRefSerializer, Article, "a", {})
    pieces = rows_sql.object_pieces(Odd, Source, "s", {"title": rows_sql.Slot("title")})
    texts, slots = rows_sql.segments(pieces)
    assert (len(texts), slots) == (2, ["title"])


def test_a_text_column_under_a_number_field_is_refused():
    class Mistyped(drf.Serializer):
        title = drf.IntegerField()

    with pytest.raises(rows_sql.NotWritable, match="IntegerField on a CharField"):
        rows_sql.object_pieces(Mistyped, Source, "s", {})


def test_sqlite_and_other_zones_keep_the_portable_path():
    with override_settings(TIME_ZONE="Europe/Berlin"):
        assert not rows_sql.sql_rows_enabled()
    if connection.vendor != "postgresql":
        assert not rows_sql.sql_rows_enabled()


def prepared_page_queries() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s", ['%"_json0"%']
        )
        return cursor.fetchone()[0]


@on_postgresql
def test_the_page_query_is_prepared_once_on_its_connection(varied_record):
    client = client_for("anonymous")
    before = prepared_page_queries()
    assert client.get("/api/v1/claims/?page_size=3").status_code == 200
    prepared = prepared_page_queries()
    assert prepared in (before, before + 1)  # the same shape may be prepared already
    for _ in range(3):
        assert client.get("/api/v1/claims/?page_size=3").status_code == 200
    assert prepared_page_queries() == prepared >= 1
    # Only the page query: the connection goes back to Django's client-side binding.
    assert connection.connection.prepare_threshold is None


def page_plans(table: str) -> tuple[int, int]:
    """How often the prepared page queries on ``table`` ran a generic and a custom plan."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT coalesce(sum(generic_plans), 0), coalesce(sum(custom_plans), 0) "
            "FROM pg_prepared_statements WHERE statement LIKE %s",
            [f'%"_json0"%FROM "{table}"%'],
        )
        generic, custom = cursor.fetchone()
    return int(generic), int(custom)


@on_postgresql
@pytest.mark.parametrize(
    ("unfiltered", "filtered", "table"),
    [
        ("claims/?page_size=2", "claims/?page_size=2&year=2024", "articles_claim"),
        ("figures/?page_size=2", "figures/?page_size=2&subject=armenia", "articles_figure"),
    ],
)
def test_a_page_no_filter_narrows_keeps_one_plan_and_a_filtered_one_is_planned_for_its_values(
    varied_record, unfiltered, filtered, table
):
    client = client_for("reviewer")
    before = page_plans(table)
    for _ in range(3):
        page = client.get(f"/api/v1/{unfiltered}").json()
        assert client.get(page["next"]).status_code == 200
    generic, custom = page_plans(table)
    assert (generic - before[0], custom - before[1]) == (6, 0)
    # PostgreSQL plans the first runs of a statement for their values; a filtered page is
    # left to choose for itself after them.
    for _ in range(3):
        assert client.get(f"/api/v1/{filtered}").status_code == 200
    assert page_plans(table)[1] - custom >= 3


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_connection_outside_a_transaction_keeps_its_plan_mode_until_the_next_kind_of_page(
    seeded, fresh_api_state
):
    build_record()
    client = client_for("reviewer")

    def mode() -> str:
        with connection.cursor() as cursor:
            cursor.execute("SHOW plan_cache_mode")
            return cursor.fetchone()[0]

    with connection.cursor() as cursor:
        cursor.execute("SHOW plan_cache_mode")
        default = cursor.fetchone()[0]
    assert client.get("/api/v1/claims/?page_size=2").status_code == 200
    assert mode() == "force_generic_plan"
    assert client.get("/api/v1/claims/?page_size=2&year=2024").status_code == 200
    assert mode() == default


@on_postgresql
def test_the_page_cursor_reads_timestamps_as_django_reads_them(varied_record):
    # Microseconds, and a whole second.
    first = Claim.objects.order_by("id").first()
    Claim.objects.filter(pk=first.pk).update(updated_at=INSTANTS[0])
    sql = "SELECT created_at, updated_at FROM articles_claim ORDER BY id"
    with connection.cursor() as cursor:
        cursor.execute(sql)
        expected = cursor.fetchall()
    with rows_sql.prepared_statements(), connection.cursor() as cursor:
        cursor.execute(sql)
        read = cursor.fetchall()
    assert read == expected and len(read) >= 6
    for ours, django in zip(read, expected, strict=True):
        assert [str(value) for value in ours] == [str(value) for value in django]
        assert [value.tzinfo for value in ours] == [value.tzinfo for value in django]
    # Outside, the connection's cursors are Django's again.
    assert connection.connection.cursor_factory is not rows_sql.PageCursor


USD = {"value": Decimal("1.00"), "cited": False, "source": ODD_TEXT}
SLOT_VALUES = [None, "", ODD_TEXT, 0, -7, 2**63 - 1, True, False, 1.5, Decimal("3.70"),
               [1, None], USD]  # fmt: skip


@pytest.mark.parametrize("value", SLOT_VALUES, ids=repr)
def test_a_slot_value_is_encoded_as_the_json_renderer_encodes_it(value):
    rendered = JSONRenderer().render({"v": value}).decode()
    # The line separators are escaped over the whole page when it is rendered.
    page = RowsJSONRenderer().render({"v": 1, "results": rows_sql.RenderedRows(
        "[" + rows_sql.encoded(value) + "]")}).decode()  # fmt: skip
    assert page == '{"v":1,"results":[' + rendered.removeprefix('{"v":').removesuffix("}") + "]}"


DECIMALS = [Decimal("0.00"), Decimal("-0.00"), Decimal("3700000000.00"), Decimal("-12.50"),
            Decimal(1), Decimal("1.7"), Decimal("0.001"), Decimal("2.005"), Decimal("1E+3"),
            Decimal("1234567890123456789012.34"), Decimal(2) / Decimal(3), Decimal("-0"),
            Decimal("0E+3"), Decimal("-7E+2"), Decimal("12345678901234567890.1"),
            Decimal("NaN"), Decimal("Infinity")]  # fmt: skip


@pytest.mark.parametrize("places", [0, 2, 10])
@pytest.mark.parametrize("value", DECIMALS, ids=str)
def test_a_decimal_is_written_as_its_field_writes_it(value, places):
    field = drf.DecimalField(max_digits=24 if places < 10 else 30, decimal_places=places)

    def outcome(write):
        try:
            return write(value)
        except ArithmeticError as error:  # too many digits for the field: the same refusal
            return type(error)

    assert outcome(rows.decimal_writer(field)) == outcome(field.to_representation)


def conversions():
    from articles.reconciling import CitedRate, claim_usd

    amount = Decimal("3700000000.00")
    cited = CitedRate(Decimal("1.7"), 2024, ODD_TEXT)
    return [claim_usd(amount, "USD", 2020, 2020), claim_usd(amount, "AZN", 2020, 2020),
            claim_usd(amount, "AZM", 2001, 2001), claim_usd(amount, "AZN", 2020, 2021, cited=cited),
            claim_usd(Decimal("0.00"), "USD", 2020, 2020)]  # fmt: skip


@pytest.mark.parametrize("position", range(5))
def test_a_dollar_amount_is_written_as_its_representation_encodes_it(position):
    conversion = conversions()[position]
    assert conversion is not None
    expected = rows_sql.encoded(rows.USD.one(vars(conversion)))
    assert rows_sql.USD_TEXT(vars(conversion)) == expected
    assert json.loads(expected)["value"] == rows.USD.one(vars(conversion))["value"]


def test_amounts_that_share_a_rate_each_keep_their_own_value_and_the_kept_text_is_bounded(
    monkeypatch,
):
    """The text after the dollar amount is kept per rate, year and source; each amount is
    still written as the representation writes it, and a full store starts again."""
    from articles.reconciling import claim_usd

    monkeypatch.setattr(rows_sql.USD_TEXT, "TAILS_KEPT", 2)
    rows_sql.USD_TEXT.tails.clear()
    amounts = [("3700000000.00", "AZN", 2020), ("12.50", "AZN", 2020), ("12.50", "AZN", 2021),
               ("1.00", "USD", 2020), ("3700000000.00", "AZN", 2020)]  # fmt: skip
    for value, currency, year in amounts:
        conversion = claim_usd(Decimal(value), currency, year, year)
        assert conversion is not None
        expected = rows_sql.encoded(rows.USD.one(vars(conversion)))
        assert rows_sql.USD_TEXT(vars(conversion)) == expected
        assert len(rows_sql.USD_TEXT.tails) <= 2


# --- Page statements compiled once per shape (articles/api/statements.py) -------------------


@pytest.fixture
def no_statements():
    statements.statements.clear()
    yield statements.statements
    statements.statements.clear()


def test_a_cached_statement_binds_each_request_own_filter_values(varied_record, no_statements):
    rows_read = statements.cached_values(Claim.objects.all(), "id", "status")
    for status in (ClaimStatus.VERIFIED, ClaimStatus.DRAFT, ClaimStatus.WITHDRAWN):
        page = list(rows_read.filter(status=status).order_by("id")[:50])
        plain = list(Claim.objects.filter(status=status).order_by("id").values("id", "status")[:50])
        assert page == plain and page
    # One shape: compiled once, then bound twice.
    assert (no_statements.misses, no_statements.hits) == (1, 2)


def test_a_different_ordering_or_slice_is_a_different_statement(varied_record, no_statements):
    rows_read = statements.cached_values(Claim.objects.all(), "id")
    forwards = list(rows_read.order_by("id")[:3])
    backwards = list(rows_read.order_by("-id")[:3])
    longer = list(rows_read.order_by("id")[:4])
    assert backwards == list(Claim.objects.order_by("-id").values("id")[:3])
    assert forwards == longer[:3] and len(longer) == 4
    assert (no_statements.misses, no_statements.hits) == (3, 0)


def test_a_query_no_key_can_vouch_for_is_compiled_every_time(varied_record, no_statements):
    rows_read = statements.cached_values(Claim.objects.order_by().distinct(), "status")
    assert sorted(row["status"] for row in rows_read) == sorted(
        set(Claim.objects.values_list("status", flat=True))
    )
    assert (no_statements.misses, no_statements.hits) == (0, 0)


def test_written_sql_is_put_together_only_when_its_query_is_compiled(
    varied_record, no_statements, monkeypatch
):
    monkeypatch.setattr(statements, "CHECK", False)  # the check compiles again
    built = []

    def build():
        built.append(1)
        return "%s", [7]

    for _ in range(3):
        seven = statements.Written("seven", build)
        read = statements.cached_values(Claim.objects.all(), "id", seven=seven)
        assert {row["seven"] for row in read.order_by("id")[:2]} == {7}
    assert len(built) == 1 and no_statements.hits == 2
    # Without a key, every time.
    unknown = statements.Written(None, build)
    for _ in range(2):
        read = statements.cached_values(Claim.objects.order_by("id"), "id", seven=unknown)
        assert [row["seven"] for row in read[:2]] == [7, 7]
    assert len(built) == 3 and no_statements.misses == 1


def test_values_wanted_are_applied_only_when_their_statement_is_compiled(
    varied_record, no_statements, monkeypatch
):
    monkeypatch.setattr(statements, "CHECK", False)  # the check applies them again
    applied = []
    apply = statements.WantedValues.applied

    def counted(wanted, queryset):
        applied.append(1)
        return apply(wanted, queryset)

    monkeypatch.setattr(statements.WantedValues, "applied", counted)
    seven = statements.Written("seven", lambda: ("%s", [7]))
    for status in (ClaimStatus.VERIFIED, ClaimStatus.DRAFT, ClaimStatus.WITHDRAWN):
        read = statements.cached_values(Claim.objects.filter(status=status), "id", seven=seven)
        page = list(read.order_by("id")[:50])
        plain = list(Claim.objects.filter(status=status).order_by("id").values("id")[:50])
        assert page == [{**row, "seven": 7} for row in plain] and page
    # One shape: values() applied to compile it once, then the statement bound twice.
    assert len(applied) == 1 and (no_statements.misses, no_statements.hits) == (1, 2)
    # Other values wanted are another statement.
    assert list(statements.cached_values(Claim.objects.order_by("id"), "status")[:1]) == list(
        Claim.objects.order_by("id").values("status")[:1]
    )
    assert no_statements.misses == 2


def test_a_statement_is_not_kept_when_its_where_clause_is_not_the_shape_one(varied_record):
    values = Claim.objects.filter(status=ClaimStatus.VERIFIED).values("id")
    query = values.query
    _, where_sql, where_params = statements.shape(query, query.get_compiler(values.db))
    assert statements._statement(values, where_sql, where_params) is not None
    assert statements._statement(values, where_sql + " AND 1 = 1", where_params) is None
    assert statements._statement(values, where_sql, ["another value"]) is None


@on_postgresql
def test_a_cached_page_statement_still_asks_the_reader_visibility(varied_record, no_statements):
    path = "/api/v1/claims/?page_size=500"
    for _ in range(2):  # the second time from the cache
        editor = client_for("editor").get(path).json()["results"]
        anonymous = client_for("anonymous").get(path).json()["results"]
        statuses = {item["status"] for item in anonymous}
        assert statuses and not statuses & {ClaimStatus.DRAFT, ClaimStatus.SUGGESTED}
        assert {ClaimStatus.DRAFT} <= {item["status"] for item in editor}
        assert len(editor) > len(anonymous)
    assert no_statements.hits >= 2


@on_postgresql
def test_a_figures_page_statement_is_per_reader_and_host(varied_record, no_statements, settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "localhost"]  # whatever DEBUG says
    client = client_for("anonymous")
    first = client.get("/api/v1/figures/?page_size=500").json()["results"]
    other_host = client.get("/api/v1/figures/?page_size=500", HTTP_HOST="localhost").json()
    urls = [claim["url"] for item in other_host["results"] for claim in item["claims"]]
    assert urls and all(url.startswith("http://localhost/") for url in urls)
    reviewer = client_for("reviewer").get("/api/v1/figures/?page_size=500").json()["results"]
    assert sum(len(item["open_flags"]) for item in reviewer) > sum(
        len(item["open_flags"]) for item in first
    )
