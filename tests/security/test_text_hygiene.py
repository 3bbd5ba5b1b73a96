"""Finding 6 (part): invisible characters in names, and files in more than one encoding.

- A right-to-left override or another control, format or zero-width character in a title
  or name makes it read differently from what it is, or makes two look-alike names
  different rows. Names are cleaned on every way in -- each import format, a zip, the
  import command, the API import endpoint, the API and admin writes -- while an article
  body keeps them, as published.
- A file that is UTF-8 in part (a paragraph pasted in from a cp1251 or latin-1 file) is
  reported by name with the bytes that are not UTF-8 and not imported, while the rest of
  its batch imports; whole legacy files still import, a declared charset is honoured, and
  mojibake already in valid UTF-8 is imported with a warning.
"""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from articles.importing import SourceItem
from articles.importing.names import clean_name
from articles.models import (
    Article,
    Entity,
    ImportIssue,
    IssueSeverity,
    Publication,
    Source,
)
from articles.services.articles_import import ImportOptions, articles_import

from ..api_roles import client_for
from ..factories import TEST_SETUP, ClaimFactory, PublicationFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_api_state")]

RLO, PDF, LRI, PDI = "\u202e", "\u202c", "\u2066", "\u2069"
ZWSP, ZWNJ, ZWJ, BOM, LSEP = "\u200b", "\u200c", "\u200d", "\ufeff", "\u2028"

BODY = (
    "Azerbaijan's defense expenditures rose from $2.2 billion in 2020 to $3.7 billion in 2024, "
    f"according to SIPRI, whose tables list the ministry as {RLO}MoD{PDF} in one footnote."
    "\n\nArmenia's military spending grew to $1.4 billion in 2024."
)
HOSTILE_TITLE = f"{RLO}Arms{ZWSP} spending {LRI}in{PDI} the{BOM} Caucasus\x07"
CLEAN_TITLE = "Arms spending in the Caucasus"


def _html(title: str, body: str) -> str:
    paragraphs = "".join(f"<p>{p}</p>" for p in body.split("\n\n"))
    return (
        f"<html><head><title>{title}</title>"
        f'<meta property="og:site_name" content="{RLO}Caucasus{ZWSP} Times">'
        f'<meta name="author" content="Anna{ZWSP} {RLO}Sample"></head>'
        f"<body><article><h1>{title}</h1>{paragraphs}</article></body></html>"
    )


def _items() -> list[SourceItem]:
    record = {
        "title": HOSTILE_TITLE,
        "byline": f"Anna{ZWSP} {RLO}Sample",
        "publication": f"{RLO}Caucasus{ZWSP} Times",
        "body": BODY,
    }
    return [
        SourceItem("a.txt", f"{HOSTILE_TITLE}\n\nBy {RLO}Anna Sample\n\n{BODY}\n".encode(), "txt"),
        SourceItem("b.md", f"# {HOSTILE_TITLE}\n\n{BODY.replace('2024', '2023')}\n".encode(), "md"),
        SourceItem("c.html", _html(HOSTILE_TITLE, BODY.replace("2024", "2022")).encode(), "html"),
        SourceItem(
            "d.json",
            json.dumps(
                {**record, "body": BODY.replace("2024", "2021")}, ensure_ascii=False
            ).encode(),
            "json",
        ),
    ]


# --- 1. Names carry no invisible characters ----------------------------------------------


def test_every_import_format_stores_titles_and_names_without_invisible_characters():
    run = articles_import(actor=TEST_SETUP, sources=_items())
    assert (run.created, run.failed) == (4, 0)
    for article in Article.objects.select_related("publication"):
        assert article.title == CLEAN_TITLE, article.source_name
        if article.source_format in ("txt", "json", "html"):
            assert article.byline == "Anna Sample", article.source_name
        # The body is text, not a name: the override inside it is kept as published (an
        # HTML page's text is trafilatura's extraction, which drops it; its raw keeps it).
        if article.source_format != "html":
            assert f"{RLO}MoD{PDF}" in article.body, article.source_name
        assert f"{RLO}MoD{PDF}" in article.raw
    assert list(Publication.objects.values_list("name", flat=True)) == ["Caucasus Times"]


def test_a_zip_imported_by_the_command_stores_clean_titles(tmp_path, capsys):
    archive = tmp_path / "batch.zip"
    with zipfile.ZipFile(archive, "w") as bundle:
        for item in _items():
            bundle.writestr(item.name, item.data)
    call_command("import_articles", str(archive), "--json")
    summary = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert (summary["created"], summary["failed"]) == (4, 0)
    assert set(Article.objects.values_list("title", flat=True)) == {CLEAN_TITLE}


def test_the_api_import_endpoint_stores_clean_titles_and_publication_names():
    articles = [
        {"title": HOSTILE_TITLE, "publication": f"{RLO}Caucasus{ZWSP} Times", "body": BODY},
        {"title": f"Line one{LSEP}line\ttwo\n", "body": BODY.replace("2024", "2019")},
    ]
    response = client_for("editor").post("/api/v1/imports/", articles, format="json")
    assert response.status_code == 202, response.content[:500]
    assert set(Article.objects.values_list("title", flat=True)) == {
        CLEAN_TITLE,
        "Line one line two",
    }
    assert Publication.objects.get().name == "Caucasus Times"


def test_a_batch_publication_with_an_invisible_character_is_the_existing_outlet():
    existing = PublicationFactory(name="Caucasus Times")
    options = ImportOptions(publication=f"Caucasus{ZWSP} Times{RLO}")
    articles_import(actor=TEST_SETUP, sources=_items()[:1], options=options)
    assert Article.objects.get().publication == existing
    assert Publication.objects.count() == 1


def test_a_source_written_through_the_api_gets_a_clean_title_and_an_invisible_one_is_refused():
    client = client_for("editor")
    created = client.post(
        "/api/v1/sources/",
        {"title": f"{RLO}SIPRI{ZWSP} Yearbook", "publisher": f"SIPRI{BOM}"},
        format="json",
    )
    assert created.status_code == 201, created.content[:500]
    assert created.json()["title"] == "SIPRI Yearbook"
    source = Source.objects.get()
    assert (source.title, source.publisher) == ("SIPRI Yearbook", "SIPRI")
    invisible = client.post("/api/v1/sources/", {"title": f"{RLO}{ZWSP}{BOM}"}, format="json")
    assert invisible.status_code == 400
    assert Source.objects.count() == 1


def test_the_admin_saves_entity_and_publication_names_without_invisible_characters(client):
    admin_user = UserFactory(username="admin-hygiene", is_superuser=True)
    client.force_login(admin_user)
    entity = {
        "slug": "caspian-flotilla",
        "kind": "organisation",
        "aliases": json.dumps([f"{RLO}Caspian{ZWSP} Fleet", ZWSP, "KasFlot"]),
        "wikidata_qid": "",
        "description": "",
    }
    # A look-alike of a seeded entity is the same name: refused on the form, not a 500.
    look_alike = {**entity, "name": f"Nagorno{ZWSP}-Karabakh{RLO}"}
    refused = client.post(reverse("admin:articles_entity_add"), look_alike)
    assert refused.status_code == 200
    assert "Entity with this Name already exists" in refused.content.decode()
    response = client.post(
        reverse("admin:articles_entity_add"),
        {**entity, "name": f"Caspian{ZWSP} Flotilla{RLO}"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    created = Entity.objects.get(slug="caspian-flotilla")
    assert created.name == "Caspian Flotilla"
    assert created.aliases == ["Caspian Fleet", "KasFlot"]
    response = client.post(
        reverse("admin:articles_publication_add"),
        {
            "name": f"{LRI}Eurasianet{PDI}",
            "slug": "eurasianet",
            "homepage": "",
            "kind": "news",
            "text_licence": "quote_only",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Publication.objects.get(slug="eurasianet").name == "Eurasianet"


def test_a_look_alike_name_finds_the_existing_row_instead_of_failing_on_uniqueness():
    PublicationFactory(name="Caucasus Times", slug="caucasus-times")
    found, created = Publication.objects.get_or_create(
        name=f"Caucasus{ZWSP} Times", defaults={"slug": "caucasus-times-2"}
    )
    assert not created and found.slug == "caucasus-times"


def test_a_claim_attribution_is_a_name_too():
    claim = ClaimFactory(attribution=f"{RLO}Defence{ZWSP} Ministry")
    claim.refresh_from_db()
    assert claim.attribution == "Defence Ministry"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("می\u200cخواهم", "می\u200cخواهم"),  # Persian needs the non-joiner inside words
        (
            "\U0001f468\u200d\U0001f469\u200d\U0001f467",
            "\U0001f468\u200d\U0001f469\u200d\U0001f467",
        ),
        (f"Azer{ZWJ}baijan", "Azerbaijan"),  # between Latin letters it only hides a difference
        (f"{ZWNJ}Baku{ZWJ}", "Baku"),
        ("\u0627\u200d\u200d\u200c\u0644", "\u0627\u200d\u0644"),  # a run keeps its first
    ],
)
def test_zero_width_joiners_are_kept_only_where_they_shape_text(name, expected):
    assert clean_name(name) == expected
    publication = Publication.objects.create(name=name, slug="outlet")
    publication.refresh_from_db()
    assert publication.name == expected


# --- 2. Files in more than one encoding --------------------------------------------------

ENGLISH = "Azerbaijan’s defense budget grew from $2.2 billion to $3.7 billion — the ministry said."
RUSSIAN = "Военные расходы Азербайджана выросли с 2,2 млрд долларов до 3,7 млрд долларов."
FRENCH = "Le budget de défense de l’Azerbaïdjan a été multiplié; l’Arménie dépense 669 millions."
POLISH = "Ministerstwo Obrony Narodowej zwiększyło budżet o 2,2 miliarda złotych w 2024 roku."


def _mixed(paragraph: bytes, prefix: str = ENGLISH) -> tuple[bytes, int, int]:
    """A UTF-8 article with ``paragraph`` in another encoding, and the offsets of the first
    and last non-ASCII byte of that paragraph."""
    head = f"Budgets in the Caucasus\n\n{prefix}\n\n".encode()
    data = head + paragraph + f"\n\n{ENGLISH}\n".encode()
    foreign = [len(head) + i for i, byte in enumerate(paragraph) if byte > 0x7F]
    return data, foreign[0], foreign[-1]


@pytest.mark.parametrize(
    "paragraph",
    [RUSSIAN.encode("cp1251"), FRENCH.replace("’", "'").encode("latin-1")],
    ids=["cp1251", "latin-1"],
)
def test_a_mixed_encoding_file_is_reported_by_name_and_the_rest_of_the_batch_imports(
    tmp_path, capsys, paragraph
):
    data, first_bad, last_bad = _mixed(paragraph)
    (tmp_path / "mixed.txt").write_bytes(data)
    (tmp_path / "utf8.txt").write_text(f"Budgets rise\n\n{ENGLISH}\n\n{RUSSIAN}\n")
    (tmp_path / "cp1251.txt").write_bytes(f"Военные расходы\n\n{RUSSIAN}\n".encode("cp1251"))
    (tmp_path / "latin1.txt").write_bytes(
        f"Le budget\n\n{FRENCH.replace('’', chr(39))}\n".encode("latin-1")
    )
    with pytest.raises(SystemExit) as exit_info:
        call_command("import_articles", str(tmp_path), "--json")
    assert exit_info.value.code == 1
    summary = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert (summary["seen"], summary["created"], summary["failed"]) == (4, 3, 1)
    [error] = summary["errors"]
    assert error["item"].endswith("mixed.txt")
    assert error["error"].startswith(f"mixed encodings: bytes {first_bad}–{last_bad} are not UTF-8")
    bodies = {a.source_name.rsplit("/", 1)[-1]: a for a in Article.objects.all()}
    assert set(bodies) == {"utf8.txt", "cp1251.txt", "latin1.txt"}
    assert RUSSIAN in bodies["cp1251.txt"].body and bodies["cp1251.txt"].encoding == "cp1251"
    assert "multiplié" in bodies["latin1.txt"].body
    assert ENGLISH in bodies["utf8.txt"].body and RUSSIAN in bodies["utf8.txt"].body


def test_one_broken_file_in_an_uploaded_batch_is_reported_and_the_others_import():
    good = {
        f"article-{n:02}.txt": f"Budgets, part {n}\n\n{ENGLISH} Report {n}.\n".encode()
        for n in range(30)
    }
    data, first_bad, last_bad = _mixed(RUSSIAN.encode("cp1251"), prefix=f"{ENGLISH} Mixed.")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in {**good, "broken.txt": data}.items():
            archive.writestr(name, content)
    upload = SimpleUploadedFile("batch.zip", buffer.getvalue())
    response = client_for("editor").post("/api/v1/imports/", {"files": [upload]})
    assert response.status_code == 202, response.content[:500]
    run = response.json()["run"]
    assert (run["created"], run["failed"]) == (30, 1)
    [issue] = run["issues"]
    assert issue["item"].endswith("broken.txt")
    assert issue["message"].startswith(
        f"mixed encodings: bytes {first_bad}–{last_bad} are not UTF-8"
    )
    assert not Article.objects.filter(source_name__endswith="broken.txt").exists()


def test_a_charset_declared_by_a_web_page_is_honoured():
    page = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-2">'
        "<title>Budżet obronny</title></head><body><article><h1>Budżet obronny</h1>"
        f"<p>{POLISH}</p><p>{POLISH.replace('2024', '2023')}</p></article></body></html>"
    ).encode("iso-8859-2")
    run = articles_import(actor=TEST_SETUP, sources=[SourceItem("polish.html", page, "html")])
    assert (run.created, run.failed) == (1, 0)
    article = Article.objects.get()
    assert article.encoding == "iso-8859-2"
    assert article.title == "Budżet obronny"
    assert POLISH in article.body


@pytest.mark.parametrize(
    ("misread_as", "sample"),
    [("latin-1", "('Ð"), ("cp1252", "('Ð"), ("cp1251", "('Р")],
)
def test_mojibake_already_in_valid_utf8_is_imported_with_a_warning(misread_as, sample):
    garbled = RUSSIAN.encode("utf-8").decode(misread_as, "replace")  # "Ð’Ð¾ÐµÐ½Ð½Ñ‹Ðµ ..."
    item = SourceItem("garbled.txt", f"Budgets\n\n{garbled}\n\n{ENGLISH}\n".encode(), "txt")
    run = articles_import(actor=TEST_SETUP, sources=[item])
    assert (run.created, run.failed) == (1, 0)
    [warning] = ImportIssue.objects.filter(run=run)
    assert warning.severity == IssueSeverity.WARNING
    assert warning.item == "garbled.txt"
    assert warning.message.startswith(f"looks garbled by a wrong encoding {sample}")
    clean = SourceItem("clean.txt", f"Budgets\n\n{RUSSIAN}\n\n{FRENCH}\n".encode(), "txt")
    second = articles_import(actor=TEST_SETUP, sources=[clean])
    assert not ImportIssue.objects.filter(run=second).exists()


def test_an_invisible_character_added_to_an_attribution_is_no_change(reviewer, editor):
    from articles.models import ClaimStatus
    from articles.services.claim_edit import claim_update

    from ..factories import ClaimFactory, claim_reviewed

    claim = ClaimFactory(status=ClaimStatus.NEEDS_REVIEW, attribution="SIPRI")
    claim = claim_reviewed(claim, ClaimStatus.VERIFIED, actor=reviewer)
    updated = claim_update(
        actor=editor,
        claim=claim,
        changes={"attribution": "SIPRI\u200b"},
        expected_version=claim.version,
    )
    assert (updated.attribution, updated.status) == ("SIPRI", ClaimStatus.VERIFIED)
