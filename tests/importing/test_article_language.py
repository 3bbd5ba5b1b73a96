"""An article's language: detected at import, stored, shown, and respected by extraction."""

from __future__ import annotations

import io
import json

import pytest
from django.contrib.messages import get_messages
from django.core.management import call_command
from django.urls import reverse
from rest_framework.test import APIClient

from articles.extraction import extract_figures
from articles.extraction.languages import extraction_reads, language_name
from articles.importing import iter_source_items, read_item
from articles.importing.language import SAMPLE_CHARS, detect_language
from articles.models import Article, Claim
from articles.services.articles_import import ImportOptions, articles_import
from articles.services.claims_extract import claims_extract

from ..factories import TEST_SETUP, ArticleFactory, json_article, txt

RUSSIAN = (
    "Военные расходы Азербайджана в 2024 году выросли до 3,7 млрд долларов, сообщил "
    "Стокгольмский институт исследования проблем мира.\n\n"
    "Армения за тот же период увеличила оборонный бюджет до 1,4 млрд долларов, закупая "
    "вооружения у Индии и Франции."
)
# An Armenian report that quotes an amount the way English wires write it: the English
# extractor would take "$3.7 billion" from it, with nothing around it read.
ARMENIAN = (
    "Հայաստանի պաշտպանական ծախսերը 2024 թվականին աճել են մինչև 1,4 միլիարդ դոլար, "
    "հայտնում է Ստոկհոլմի խաղաղության հետազոտությունների միջազգային ինստիտուտը։\n\n"
    "Ադրբեջանը նույն ժամանակահատվածում ռազմական ծախսերի վրա ծախսել է $3.7 billion, "
    "գրեթե երեք անգամ ավելի, քան Հայաստանը։"
)
ENGLISH = (
    "Azerbaijan's defense expenditures rose from $2.2 billion in 2020 to $3.7 billion in "
    "2024, according to SIPRI."
)

# One paragraph per language the desk meets; several share a script or most of their words.
REGION = {
    "ru": RUSSIAN,
    "hy": ARMENIAN,
    "uk": "Міністерство оборони України отримає додаткові кошти на закупівлю озброєння. Уряд "
    "схвалив зміни до державного бюджету, збільшивши видатки на армію.",
    "tr": "Azerbaycan'ın savunma bütçesi gelecek yıl 3,7 milyar dolara yükselecek. Maliye "
    "Bakanı, silahlı kuvvetlere ayrılan payın geçen yıla göre arttığını açıkladı.",
    "az": "Azərbaycanın müdafiə xərcləri gələn il 3,7 milyard dollara çatacaq. Maliyyə naziri "
    "bildirib ki, silahlı qüvvələrə ayrılan vəsait ötən illə müqayisədə xeyli artıb.",
    "ka": "საქართველოს თავდაცვის სამინისტროს ბიუჯეტი მომავალ წელს 1,2 მილიარდ ლარს "
    "მიაღწევს. ფინანსთა მინისტრის თქმით, შეიარაღებულ ძალებზე ხარჯები გაიზარდა.",
    "fa": "بودجه دفاعی جمهوری آذربایجان در سال آینده به ۳.۷ میلیارد دلار افزایش خواهد یافت. "
    "وزیر دارایی گفت که هزینه‌های نیروهای مسلح نسبت به سال گذشته بیشتر شده است.",
    "ar": "ستزيد ميزانية الدفاع في أذربيجان العام المقبل إلى 3.7 مليار دولار. وقال وزير "
    "المالية إن الإنفاق على القوات المسلحة ارتفع مقارنة بالعام الماضي.",
    "sr": "Буџет за одбрану Азербејџана биће следеће године повећан на 3,7 милијарди долара. "
    "Министар финансија је рекао да су издаци за војску порасли.",
    "pl": "Budżet obronny Azerbejdżanu wzrośnie w przyszłym roku do 3,7 mld dolarów. Minister "
    "finansów poinformował, że wydatki na siły zbrojne wzrosły.",
    "hu": "Azerbajdzsán védelmi költségvetése jövőre 3,7 milliárd dollárra nő. A "
    "pénzügyminiszter közölte, hogy a fegyveres erőkre fordított kiadások emelkedtek.",
    "sv": "Azerbajdzjans försvarsbudget ökar nästa år till 3,7 miljarder dollar. "
    "Finansministern sade att utgifterna för de väpnade styrkorna har ökat.",
    "it": "Il bilancio della difesa dell'Azerbaigian salirà il prossimo anno a 3,7 miliardi di "
    "dollari. Il ministro ha detto che la spesa per le forze armate è aumentata.",
}


# --- Detection (pure) -----------------------------------------------------------------------


@pytest.mark.parametrize("code", sorted(REGION))
def test_each_language_of_the_region_is_told_apart(code):
    assert detect_language(REGION[code]) == code


def test_serbian_in_latin_script_is_serbian():
    text = (
        "Budžet za odbranu Azerbejdžana biće sledeće godine povećan na 3,7 milijardi dolara. "
        "Ministar finansija je rekao da su izdaci za vojsku porasli za trećinu."
    )
    assert detect_language(text) == "sr"


def test_a_language_outside_the_desks_is_not_called_one_of_ours():
    portuguese = (
        "O orçamento de defesa do Azerbaijão aumentará no próximo ano para 3,7 mil milhões de "
        "dólares. O ministro das finanças disse que as despesas com as forças armadas cresceram."
    )
    assert detect_language(portuguese) == "pt"


@pytest.mark.parametrize("text", ["", "2024 2025 $3.7 1,2 45% 12.5", "Baku", "SIPRI, 2024."])
def test_text_too_short_or_without_words_is_left_blank(text):
    assert detect_language(text) == ""


def test_only_the_opening_of_a_long_article_is_read():
    english = (ENGLISH + " ") * (SAMPLE_CHARS // len(ENGLISH) + 1)
    assert detect_language(english + RUSSIAN * 200) == "en"
    assert detect_language(english[:40] + RUSSIAN * 200) == "ru"


def test_seed_articles_are_detected_as_english(seeds_dir):
    drafts = [draft for item in iter_source_items([seeds_dir]) for draft in read_item(item)]
    assert len(drafts) == 5
    assert {draft.name.rsplit("/", 1)[-1][:3]: draft.language for draft in drafts} == {
        "000": "en", "001": "en", "002": "en", "003": "en", "004": "en",
    }  # fmt: skip


def test_extraction_reads_english_and_unknown_text_and_names_the_rest():
    assert extraction_reads("en") and extraction_reads("en-GB") and extraction_reads("")
    assert extraction_reads("ru") and extraction_reads("tr-TR")
    assert extraction_reads("ar") and extraction_reads("pl") and extraction_reads("sr-Latn")
    assert extraction_reads("az")
    assert not extraction_reads("hy") and not extraction_reads("ka")
    assert [language_name(c) for c in ("hy", "ka", "az", "fa")] == [
        "Armenian", "Georgian", "Azerbaijani", "Persian",
    ]  # fmt: skip
    assert (language_name("en-GB"), language_name("xq")) == ("British English", "xq")


# --- Import ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_russian_and_armenian_articles_imported_through_the_service_get_their_language():
    run = articles_import(
        actor=TEST_SETUP,
        sources=[
            txt("ru.txt", RUSSIAN, title="Военные расходы"),
            txt("hy.txt", ARMENIAN, title="Պաշտպանական ծախսեր"),
            txt("en.txt", ENGLISH),
        ],
        options=ImportOptions(extract=False),
    )
    assert run.created == 3
    languages = dict(Article.objects.values_list("source_name", "language"))
    assert languages == {"ru.txt": "ru", "hy.txt": "hy", "en.txt": "en"}


@pytest.mark.django_db
def test_a_language_the_source_states_wins_over_detection():
    articles_import(
        actor=TEST_SETUP,
        sources=[json_article("stated.json", title="Budget", body=ENGLISH, language="hy-AM")],
        options=ImportOptions(extract=False),
    )
    assert Article.objects.get().language == "hy"


@pytest.mark.django_db
def test_the_api_import_takes_a_stated_language(editor):
    client = APIClient()
    client.force_authenticate(editor)
    response = client.post(
        "/api/v1/imports/",
        {"articles": [{"title": "Budget", "body": RUSSIAN, "language": "uk"}], "extract": False},
        format="json",
    )
    assert response.status_code == 202, response.content
    assert Article.objects.get().language == "uk"


@pytest.mark.django_db
def test_detect_languages_fills_blank_articles_once_and_keeps_stated_ones():
    blank_ru = ArticleFactory(body=RUSSIAN, language="")
    blank_hy = ArticleFactory(body=ARMENIAN, language="")
    stated = ArticleFactory(body=RUSSIAN + "\n\nЕщё.", language="uk")
    too_short = ArticleFactory(body="2024: $3.7", language="")
    before = Article.objects.get(pk=blank_ru.pk).updated_at

    out = io.StringIO()
    call_command("detect_languages", "--json", stdout=out)
    assert json.loads(out.getvalue()) == {
        "checked": 3, "changed": 2, "unknown": 1, "languages": {"hy": 1, "ru": 1},
    }  # fmt: skip
    languages = dict(Article.objects.values_list("pk", "language"))
    assert languages == {blank_ru.pk: "ru", blank_hy.pk: "hy", stated.pk: "uk", too_short.pk: ""}
    assert Article.objects.get(pk=blank_ru.pk).updated_at > before

    again = io.StringIO()
    call_command("detect_languages", stdout=again)
    assert again.getvalue().startswith("Checked 1 article(s): 0 changed, 1 too short")


# --- Extraction -----------------------------------------------------------------------------


def test_the_armenian_text_holds_figures_the_extractor_would_take():
    # So skipping an Armenian article is the service's decision, not an empty reading.
    assert [m.text for m in extract_figures(ARMENIAN)] == ["1,4 միլիարդ դոլար", "$3.7 billion"]


@pytest.mark.django_db
def test_extraction_skips_an_armenian_article_and_says_so_while_reading_the_english_one():
    armenian = ArticleFactory(body=ARMENIAN, language="hy")
    english = ArticleFactory(body=ENGLISH, language="en")
    outcome = claims_extract(actor=TEST_SETUP, article_ids=[armenian.pk, english.pk])
    assert not Claim.objects.filter(article=armenian).exists()
    assert Claim.objects.filter(article=english).count() == outcome.created == 2
    assert outcome.articles == 1
    assert outcome.unsupported == {"hy": [armenian.pk]}
    assert outcome.note == "extraction does not read Armenian yet (1 article skipped)"
    summary = json.loads(json.dumps(outcome.as_dict()))
    assert (summary["skipped"], summary["note"]) == (1, outcome.note)


@pytest.mark.django_db
def test_the_note_names_every_language_skipped():
    articles = [
        ArticleFactory(body=ARMENIAN, language="hy"),
        ArticleFactory(body=REGION["ka"], language="ka"),
        ArticleFactory(body=REGION["fa"], language="fa"),
        ArticleFactory(body=REGION["uk"], language="uk"),
        ArticleFactory(body=RUSSIAN, language="ru"),  # read
    ]
    outcome = claims_extract(actor=TEST_SETUP, article_ids=[a.pk for a in articles])
    assert outcome.note == (
        "extraction does not read Armenian, Georgian, Persian or Ukrainian yet (4 articles skipped)"
    )
    assert outcome.articles == 1


@pytest.mark.django_db
def test_an_article_of_unknown_language_is_extracted_as_before():
    article = ArticleFactory(body=ENGLISH, language="")
    outcome = claims_extract(actor=TEST_SETUP, article_ids=[article.pk])
    assert (outcome.created, outcome.note) == (2, "")


# --- The admin ------------------------------------------------------------------------------


def changelist(client, query: str = "") -> str:
    response = client.get(reverse("admin:articles_article_changelist") + query)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_the_admin_article_list_shows_the_language_and_filters_by_it(client, editor):
    ArticleFactory(title="Armenian report", body=ARMENIAN, language="hy")
    ArticleFactory(title="English report", body=ENGLISH, language="en")
    ArticleFactory(title="Unsure report", body="2024: $3.7", language="")
    client.force_login(editor)

    page = changelist(client)
    assert 'class="sortable column-language_display">' in page
    assert "Armenian <small>(not read by extraction)</small>" in page
    assert '<td class="field-language_display">English</td>' in page
    for choice in ("?language=hy", "?language=en", "?language=unknown", "?language=not-read"):
        assert f'href="{choice}"' in page

    assert "Armenian report" in changelist(client, "?language=hy")
    assert "English report" not in changelist(client, "?language=hy")
    unread = changelist(client, "?language=not-read")
    assert "Armenian report" in unread and "English report" not in unread
    unknown = changelist(client, "?language=unknown")
    assert "Unsure report" in unknown and "Armenian report" not in unknown


@pytest.mark.django_db
def test_the_change_page_says_whether_extraction_reads_the_article(client, editor):
    armenian = ArticleFactory(body=ARMENIAN, language="hy")
    english = ArticleFactory(body=ENGLISH, language="en")
    client.force_login(editor)
    page = client.get(reverse("admin:articles_article_change", args=[armenian.pk]))
    text = page.content.decode()
    assert "Does not read Armenian yet" in text
    assert "Extraction does not read Armenian yet." in text
    page = client.get(reverse("admin:articles_article_change", args=[english.pk]))
    text = page.content.decode()
    assert "Reads English." in text and "does not read" not in text


@pytest.mark.django_db
def test_run_extraction_on_an_armenian_article_says_so_instead_of_0_new(client, editor):
    armenian = ArticleFactory(body=ARMENIAN, language="hy")
    client.force_login(editor)
    response = client.post(reverse("admin:articles_article_extract", args=[armenian.pk]))
    said = [str(m) for m in get_messages(response.wsgi_request)]
    assert said == [
        "Nothing was suggested: extraction does not read Armenian yet (1 article skipped)."
    ]
    assert not Claim.objects.filter(article=armenian).exists()


@pytest.mark.django_db
def test_the_admin_action_counts_what_it_read_and_names_what_it_skipped(client, editor):
    armenian = ArticleFactory(body=ARMENIAN, language="hy")
    english = ArticleFactory(body=ENGLISH, language="en")
    client.force_login(editor)
    response = client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "suggest_claims", "_selected_action": [armenian.pk, english.pk]},
    )
    said = [str(m) for m in get_messages(response.wsgi_request)]
    assert said == [
        "2 claim(s) suggested in 1 article(s); 0 figure(s) were already claimed. "
        "Skipped: extraction does not read Armenian yet (1 article skipped)."
    ]


# --- The API --------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.usefixtures("fresh_api_state")
def test_the_api_exposes_the_language(editor):
    article = ArticleFactory(body=ARMENIAN, language="hy")
    client = APIClient()
    client.force_authenticate(editor)
    assert client.get(f"/api/v1/articles/{article.pk}/").json()["language"] == "hy"
    listed = client.get("/api/v1/articles/").json()["results"]
    assert [a["language"] for a in listed] == ["hy"]


@pytest.mark.django_db
def test_the_extract_figures_command_says_what_it_did_not_read():
    armenian = ArticleFactory(body=ARMENIAN, language="hy")
    out = io.StringIO()
    call_command("extract_figures", "--article", str(armenian.pk), stdout=out)
    assert "Not read: extraction does not read Armenian yet (1 article skipped)." in out.getvalue()


@pytest.mark.django_db
def test_a_russian_article_uploaded_in_the_admin_gets_placed_suggestions(
    client, editor, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(editor)
    text = f"Военный бюджет Азербайджана\n\n{RUSSIAN}".encode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:articles_importrun_upload"),
            {"files": [SimpleUploadedFile("ru.txt", text)], "format": "auto", "extract": "on"},
        )
    assert response.status_code == 302
    article = Article.objects.get()
    assert article.language == "ru"
    suggestions = {
        (c.subject.name, c.metric.slug, c.period_start, c.currency, c.value)
        for c in Claim.objects.filter(article=article).select_related("subject", "metric")
    }
    assert ("Azerbaijan", "military-expenditure", 2024, "USD", 3_700_000_000) in suggestions
    assert any(s[0] == "Armenia" and s[4] == 1_400_000_000 for s in suggestions)
