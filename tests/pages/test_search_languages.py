"""Search reads each text in its article's language: PostgreSQL's configuration for that
language (Russian and Turkish stems), ``simple`` where it has none; and a claim always carries
its article's language, through extraction, manual entry, detection and re-import."""

from __future__ import annotations

import pytest

from articles.models import Article, Claim
from articles.selectors.search import (
    SearchFilters,
    matching_entities,
    search_articles,
    search_claims,
    text_search_config,
)
from articles.services.articles_import import articles_language_detect, claims_follow_language
from articles.services.claim_edit import claim_create
from articles.services.claims_extract import claims_extract

from ..factories import ArticleFactory, ClaimFactory

pytestmark = pytest.mark.django_db

RUSSIAN = (
    "Военный бюджет Азербайджана в 2024 году составил 3,7 млрд долларов, сообщили в "
    "министерстве финансов республики."
)
TURKISH = (
    "Azerbaycan'ın savunma harcamaları 2024 yılında 3,7 milyar dolara ulaştı, bakanlık "
    "açıklamasında bildirildi."
)
AZERBAIJANI = "Azərbaycanın müdafiə büdcəsi 2024-cü ildə 3,7 milyard dollar təşkil edib."


def published(body: str, phrase: str, language: str) -> Claim:
    """A verified claim on ``phrase`` of a new article in ``language``."""
    article = ArticleFactory(body=body, language=language)
    return ClaimFactory(article=article, phrase=phrase, status="verified")


def found(q: str) -> tuple[set[int], set[int]]:
    """(articles, claims) a reader's search for ``q`` lists."""
    filters = SearchFilters(q=q)
    articles = {a.pk for a in search_articles(filters)}
    claims = {c.pk for c in search_claims(filters, matching_entities(filters.text))}
    return articles, claims


def test_each_language_has_its_configuration_and_the_rest_fall_back_to_simple():
    assert text_search_config("ru") == "russian"
    assert text_search_config("tr") == "turkish"
    assert text_search_config("hy") == "armenian"
    assert text_search_config("az") == "simple"  # PostgreSQL has no Azerbaijani stemmer
    assert text_search_config("") == "simple"


def test_a_russian_article_is_found_by_another_form_of_its_words(postgresql):
    claim = published(RUSSIAN, "3,7 млрд долларов", "ru")
    # "бюджеты" (plural) is not in the text; the Russian stemmer takes both to "бюджет".
    assert claim.article_id in found("бюджеты")[0]
    # The claim's context (", сообщили в министерстве"), read in Russian too.
    articles, claims = found("сообщил министерства")
    assert claim.article_id in articles and claim.pk in claims


def test_the_same_words_unlabelled_are_matched_only_as_written(postgresql):
    claim = published(RUSSIAN, "3,7 млрд долларов", "")
    assert found("министерства") == (set(), set())
    assert claim.article_id in found("министерстве")[0]  # as written: ``simple``


def test_a_turkish_article_is_found_through_the_turkish_stemmer(postgresql):
    claim = published(TURKISH, "3,7 milyar dolara", "tr")
    unlabelled = published(TURKISH.replace("2024", "2023"), "3,7 milyar dolara", "")
    articles, claims = found("harcamalar")  # "harcamaları" in the text: both stem to "harcama"
    assert claim.article_id in articles
    assert claim.pk in claims  # its context: "savunma harcamaları 2024 yılında"
    assert unlabelled.article_id not in articles


def test_a_language_without_a_stemmer_is_searched_word_for_word(postgresql):
    claim = published(AZERBAIJANI, "3,7 milyard dollar", "az")
    assert claim.article_id in found("büdcəsi")[0]
    assert claim.article_id not in found("büdcə")[0]


def test_english_keeps_its_stemming_beside_the_other_languages(postgresql):
    claim = published(
        "Azerbaijan's defence spending reached $3.7 billion in 2024.", "$3.7 billion", "en"
    )
    russian = published(RUSSIAN, "3,7 млрд долларов", "ru")
    articles, claims = found("spends")
    assert claim.article_id in articles and claim.pk in claims
    assert russian.article_id not in articles


def test_a_claim_entered_by_hand_takes_its_articles_language(editor):
    article = ArticleFactory(body=RUSSIAN, language="ru")
    start = RUSSIAN.index("3,7")
    claim = claim_create(actor=editor, article=article, start=start, end=start + 17)
    assert claim.quote == "3,7 млрд долларов"
    assert Claim.objects.get(pk=claim.pk).language == "ru"


def test_suggestions_take_their_articles_language(editor):
    article = ArticleFactory(body=TURKISH, language="tr")
    claims_extract(actor=editor, article_ids=[article.pk])
    languages = set(article.claims.values_list("language", flat=True))
    assert languages == {"tr"}


def test_a_corrected_language_reaches_the_articles_claims(editor):
    article = ArticleFactory(body=RUSSIAN, language="en")  # wrongly labelled at import
    claim = ClaimFactory(article=article, phrase="3,7 млрд долларов")
    other = ClaimFactory(article=ArticleFactory(language="en"))
    version = claim.version
    outcome = articles_language_detect(actor=editor, redetect=True)
    assert outcome.changed >= 1
    claim.refresh_from_db()
    assert (claim.language, claim.version) == ("ru", version)  # no edit, no new version
    assert Claim.objects.get(pk=other.pk).language == "en"


def test_claims_follow_an_article_whose_language_was_set_directly():
    article = ArticleFactory(body=AZERBAIJANI, language="")
    claim = ClaimFactory(article=article, phrase="3,7 milyard dollar")
    Article.objects.filter(pk=article.pk).update(language="az")
    claims_follow_language([article.pk])
    assert Claim.objects.get(pk=claim.pk).language == "az"


def test_an_excluded_word_is_excluded_in_the_texts_language(postgresql):
    ministry = published(RUSSIAN, "3,7 млрд долларов", "ru")
    other = published(
        "Военный бюджет Армении в 2024 году составил 1,4 млрд долларов.", "1,4 млрд долларов", "ru"
    )
    # "министерства" is not written in either text; in Russian it is "министерстве".
    articles, _ = found("бюджеты -министерства")
    assert articles == {other.article_id}
    assert ministry.article_id not in articles


def test_the_api_search_reads_each_claim_in_its_language(postgresql, client):
    claim = published(RUSSIAN, "3,7 млрд долларов", "ru")
    response = client.get("/api/v1/claims/", {"q": "сообщил"})
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [claim.pk]
