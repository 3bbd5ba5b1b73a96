"""Search over public claims and articles: ranked full-text on PostgreSQL, ``icontains`` elsewhere.

On PostgreSQL a query is parsed as a web search (``websearch_to_tsquery``: words, "phrases",
``or``, ``-excluded``) and matched against weighted documents (claim: quote > attribution >
the words around it; article: title > body) that the database keeps in a generated
``search_vector`` column with a GIN index (migrations 0005 and 0021), then ordered by
``ts_rank``. Each text is indexed in its article's language (``TEXT_SEARCH_CONFIGS``: a
Russian article with the ``russian`` stemmer, so "бюджет" finds "бюджета"; ``simple``, no
stemming, for a language PostgreSQL has no configuration for). A reader's words may be in
any of them: one small query reads them in every configuration (``text_readings``), and a
text matches when its own language's reading does. Configurations that read the words alike
share one condition, so an English query costs two or three index scans, not twenty.
Entity names are matched by trigram similarity (so "Azerbajan" finds Azerbaijan), by
containment either way and by alias; the claims about a matched entity are results too,
ranked just above text-only matches.

SQLite has no text search: every word of the query must appear (case-insensitively) in one
of the claim's fields or its subject's name, newest first. Same filters, same shapes.

Filters (subject, metric, year, status) narrow claims; articles are narrowed to those with a
public claim that passes them. Everything stays within public states.

The words are read first (``search_terms``): one standalone year in them ("Azerbaijan 2024")
is the year filter when the reader set none, and is taken out of the words, because a claim
covers 2024 by its period, not by printing "2024". Words of the small synonym table also find
their synonyms ("defence spending" finds "defense expenditures"): on PostgreSQL the parsed
query is rewritten with ``ts_rewrite``, each such word becoming an OR of its group, so the
web-search syntax (phrases, ``or``, ``-excluded``) means what it meant; on SQLite each word or
one of its synonyms must appear.

Results are bounded: the newest ``RESULT_WINDOW`` matches of each kind, ranked among
themselves. A query that matches more says so ("at least 1,000") rather than counting and
ranking every row, which is what kept search fast on 100,000 claims.
"""

from __future__ import annotations

import operator
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property, reduce
from typing import Any

from django.contrib.postgres.search import (
    SearchQuery,
    SearchQueryField,
    SearchRank,
    SearchVectorField,
    TrigramSimilarity,
)
from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    Exists,
    Expression,
    F,
    FloatField,
    Func,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)

from articles.models import PUBLIC_STATUSES, Article, Claim, Entity

from . import search_terms
from .pages import ARTICLE_UNUSED_FIELDS, public_articles
from .visibility import PUBLIC, visible_claims

# The synonym table's words are English.
SEARCH_CONFIG = "english"
# ISO 639-1 -> the PostgreSQL configuration a text in that language is indexed with (any
# other language, or an unknown one: ``simple``). Migration 0021 writes the same table into
# the generated columns; a language added here needs a migration that regenerates them.
TEXT_SEARCH_CONFIGS = {
    "ar": "arabic", "da": "danish", "de": "german", "el": "greek", "en": "english",
    "es": "spanish", "fi": "finnish", "fr": "french", "hi": "hindi", "hu": "hungarian",
    "hy": "armenian", "it": "italian", "nl": "dutch", "no": "norwegian", "pt": "portuguese",
    "ro": "romanian", "ru": "russian", "sr": "serbian", "sv": "swedish", "tr": "turkish",
}  # fmt: skip
FALLBACK_CONFIG = "simple"
# Every configuration a text may be indexed with: the words are read in each.
QUERY_CONFIGS = tuple(dict.fromkeys((*sorted(TEXT_SEARCH_CONFIGS.values()), FALLBACK_CONFIG)))
SEARCH_COLUMN = "search_vector"
# Similarity above which a name counts as meant (pg_trgm's own default is 0.3).
NAME_SIMILARITY = 0.3
# Containment and alias matches need a few letters, or "a" would match every name.
MIN_CONTAINED_CHARS = 3
MAX_ENTITY_MATCHES = 8
# A claim about the entity searched for ranks above one that only shares words with it.
ENTITY_MATCH_BOOST = 1.0
MAX_QUERY_CHARS = 200
# Results are the newest this many matches, ranked; counts say "at least" beyond it.
RESULT_WINDOW = 1000


@dataclass(frozen=True)
class SearchFilters:
    """What a search asks: words and the filters, already validated."""

    q: str = ""
    subject: str = ""
    metric: str = ""
    year: int | None = None
    status: str = ""

    @cached_property
    def _words(self) -> search_terms.QueryWords:
        if self.year is not None:
            # The Year field wins: the words are then searched as the reader wrote them.
            return search_terms.QueryWords(text=self.q, year=None)
        return search_terms.split_year(self.q)

    @property
    def text(self) -> str:
        """The words to match: ``q`` without the year it names, if it names one."""
        return self._words.text

    @property
    def query_year(self) -> int | None:
        """The year named in ``q`` that narrows the claims (``None`` when ``year`` is set)."""
        return self._words.year

    @property
    def period_year(self) -> int | None:
        """The year the claims' periods must cover, from the Year field or else from ``q``."""
        return self.year if self.year is not None else self.query_year

    @cached_property
    def readings(self) -> list[Reading]:
        """The words as each language reads them (PostgreSQL; one query, on first use)."""
        return text_readings(self.text)

    @property
    def narrowed(self) -> bool:
        return bool(self.subject or self.metric or self.period_year is not None or self.status)

    @property
    def empty(self) -> bool:
        return not self.q and not self.narrowed


def uses_full_text() -> bool:
    return connection.vendor == "postgresql"


class StoredSearchVector(Expression):
    """The ``search_vector`` column migration 0005 adds on PostgreSQL (not a model field).

    Read from the query's own table, whatever alias the query gives it.
    """

    output_field = SearchVectorField()

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, tuple[()]]:
        table = compiler.quote_name_unless_alias(compiler.query.get_initial_alias())
        return f"{table}.{connection.ops.quote_name(SEARCH_COLUMN)}", ()


def article_document() -> StoredSearchVector:
    """Title (weight A) and body (B), as the database generated them."""
    return StoredSearchVector()


def claim_document() -> StoredSearchVector:
    """Quote (A), attribution (B) and the words around the quote (C)."""
    return StoredSearchVector()


def text_search_config(language: str) -> str:
    """The configuration a text in ``language`` (ISO 639-1, or blank) is indexed with."""
    return TEXT_SEARCH_CONFIGS.get(language, FALLBACK_CONFIG)


def web_query(q: str, config: str = SEARCH_CONFIG) -> SearchQuery:
    return SearchQuery(q, search_type="websearch", config=config)


class ParsedQuery(Func):
    """A query already parsed (``text_readings``), given back to PostgreSQL as a constant."""

    template = "%(expressions)s::tsquery"
    output_field = SearchQueryField()


@dataclass(frozen=True)
class Reading:
    """The words as one or more configurations parse them, and the texts it applies to."""

    query: str  # a tsquery, as text
    languages: tuple[str, ...]  # the languages whose configuration reads the words so
    fallback: bool  # ``simple``'s reading: also texts of any other or an unknown language

    @property
    def texts(self) -> Q:
        """The rows (articles or claims, by their ``language``) this reading applies to."""
        condition = Q(language__in=self.languages)
        if self.fallback:
            condition |= ~Q(language__in=sorted(TEXT_SEARCH_CONFIGS))
        return condition

    @property
    def parsed(self) -> ParsedQuery:
        return ParsedQuery(Value(self.query))


def text_readings(words: str) -> list[Reading]:
    """The words read in every configuration (one query), configurations that agree merged.

    The SQL is ``text_query``'s, written out: compiling twenty Django expressions costs more
    than the database's work. A reading with no words left (only stop words) is dropped.
    """
    rewrites, rewrite_params = _synonym_rewrites(words)
    columns, params = [], []
    for config in QUERY_CONFIGS:
        columns.append(rewrites.format(query="websearch_to_tsquery(%s::regconfig, %s)") + "::text")
        params.extend([config, words, *rewrite_params])
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(columns)}", params)
        texts = cursor.fetchone()
    by_text: dict[str, list[str]] = {}
    for config, text in zip(QUERY_CONFIGS, texts, strict=True):
        if text:
            by_text.setdefault(text, []).append(config)
    return [
        Reading(
            query=text,
            languages=tuple(
                sorted(code for code, name in TEXT_SEARCH_CONFIGS.items() if name in configs)
            ),
            fallback=FALLBACK_CONFIG in configs,
        )
        for text, configs in by_text.items()
    ]


def _synonym_rewrites(words: str) -> tuple[str, list[str]]:
    """``text_query``'s rewrites as SQL around ``{query}``, and their parameters (in order
    after the query's own)."""
    sql, params = "{query}", []
    lexemes = f"plainto_tsquery('{SEARCH_CONFIG}', %s)"
    for head, *others in search_terms.synonym_groups_in(words):
        for other in others:
            sql = f"ts_rewrite({sql}, {lexemes}, {lexemes})"
            params.extend([other, head])
        group = " || ".join([lexemes] * (1 + len(others)))
        sql = f"ts_rewrite({sql}, {lexemes}, ({group}))"
        params.extend([head, head, *others])
    return sql, params


def text_match(document: Expression, readings: Sequence[Reading]) -> Q:
    """Rows whose document matches the reading of their own language."""
    return reduce(
        operator.or_,
        (reading.texts & Q(Matches(document, reading.parsed)) for reading in readings),
        Q(pk__in=[]),
    )


def text_rank(document: Expression, readings: Sequence[Reading]) -> Expression:
    """``ts_rank`` of each row's document against its own language's reading."""
    return Case(
        *(When(reading.texts, then=SearchRank(document, reading.parsed)) for reading in readings),
        default=Value(0.0),
        output_field=FloatField(),
    )


class QueryRewrite(Func):
    """``ts_rewrite(query, target, substitute)``: every ``target`` lexeme in the parsed query
    replaced by ``substitute``. Immutable, so PostgreSQL folds it to a constant and the GIN
    index still serves the match."""

    function = "ts_rewrite"
    output_field = SearchQueryField()


class Matches(Func):
    """``document @@ query``, for queries Django's ``search`` lookup does not take (it only
    accepts a ``SearchQuery``, and wraps anything else in ``plainto_tsquery``)."""

    arg_joiner = " @@ "
    template = "(%(expressions)s)"
    output_field = BooleanField()


def _lexemes(word: str) -> SearchQuery:
    return SearchQuery(word, config=SEARCH_CONFIG)


def text_query(words: str, config: str = SEARCH_CONFIG) -> Expression:
    """The words as a web search, each word of the synonym table widened to its group.

    Each group is folded onto its first word, which is then replaced by the OR of the whole
    group: replacing every member by the group directly would nest groups inside groups.
    Every word reaches SQL as a parameter, the reader's and the table's alike.
    """
    query: Expression = web_query(words, config)
    for head, *others in search_terms.synonym_groups_in(words):
        for other in others:
            query = QueryRewrite(query, _lexemes(other), _lexemes(head))
        group = reduce(operator.or_, (_lexemes(word) for word in (head, *others)))
        query = QueryRewrite(query, _lexemes(head), group)
    return query


def matching_entities(q: str) -> list[Entity]:
    """Entities the words name: one query. Best match first."""
    q = q.strip()[:MAX_QUERY_CHARS]
    if not q:
        return []
    # The query names the entity ("Azerbaijan's budget" contains "Azerbaijan").
    named = Q(query_text__icontains=F("name"))
    if len(q) >= MIN_CONTAINED_CHARS:
        named |= Q(name__icontains=q) | Q(aliases__icontains=q)
    entities = Entity.objects.annotate(query_text=Value(q))
    if uses_full_text():
        entities = entities.annotate(similarity=TrigramSimilarity("name", q)).filter(
            named | Q(similarity__gte=NAME_SIMILARITY)
        )
        entities = entities.order_by("-similarity", "name")
    else:
        entities = entities.filter(named).order_by("name")
    return list(entities[:MAX_ENTITY_MATCHES])


def _filtered_claims(filters: SearchFilters) -> QuerySet[Claim]:
    claims = visible_claims(PUBLIC)
    if filters.subject:
        claims = claims.filter(subject__slug=filters.subject)
    if filters.metric:
        claims = claims.filter(metric__slug=filters.metric)
    if filters.period_year is not None:
        year = filters.period_year
        claims = claims.filter(period_start__lte=year, period_end__gte=year)
    if filters.status:
        if filters.status not in PUBLIC_STATUSES:
            return claims.none()  # no public claim has it: spare the query
        claims = claims.filter(status=filters.status)
    return claims


def _claim_matches(filters: SearchFilters, entities: Sequence[Entity]) -> QuerySet[Claim]:
    """Public claims passing the filters that match the words or are about a named entity."""
    claims = _filtered_claims(filters)
    if not filters.text:
        return claims
    entity_ids = [entity.pk for entity in entities]
    # Q(pk__in=[]) matches nothing, so with no entity named "about" adds nothing.
    about = Q(subject_id__in=entity_ids) | Q(counterparty_id__in=entity_ids)
    if uses_full_text():
        return claims.filter(text_match(claim_document(), filters.readings) | about)
    fields = ("quote", "attribution", "prefix", "suffix", "subject__name")
    return claims.filter(_every_word_in(filters.text, fields) | about)


def _every_word_in(text: str, fields: Sequence[str]) -> Q:
    """SQLite's match: each word, or one of its synonyms, appears in one of ``fields``."""
    matched = Q()
    for word in text.split():
        matched &= Q.create(
            [
                (f"{field}__icontains", form)
                for form in (word, *search_terms.synonyms_of(word))
                for field in fields
            ],
            connector=Q.OR,
        )
    return matched


def search_claims(filters: SearchFilters, entities: Sequence[Entity]) -> QuerySet[Claim]:
    """The newest ``RESULT_WINDOW`` matching public claims, best first (newest first on SQLite).

    Ranking reads one vector per row it orders, so it is bounded: "Azerbaijan" matches a fifth
    of all claims, and ordering twenty thousand of them to show twenty costs more than the
    page may. The window is found in ``updated_at`` order, which an index serves.
    """
    window = _claim_matches(filters, entities).order_by("-updated_at", "-id")
    shown = (
        Claim.objects.select_related("article__publication", "subject", "metric")
        .defer(*(f"article__{name}" for name in (*ARTICLE_UNUSED_FIELDS, "body")))
        .filter(pk__in=window.values("pk")[:RESULT_WINDOW])
    )
    if not (filters.text and uses_full_text()):
        return shown.order_by("-updated_at", "-id")
    entity_ids = [entity.pk for entity in entities]
    boost = Case(
        When(
            Q(subject_id__in=entity_ids) | Q(counterparty_id__in=entity_ids),
            then=Value(ENTITY_MATCH_BOOST),
        ),
        default=Value(0.0),
        output_field=FloatField(),
    )
    rank = text_rank(claim_document(), filters.readings) + boost
    return shown.annotate(rank=rank).order_by("-rank", "-updated_at", "-id")


def search_articles(filters: SearchFilters) -> QuerySet[Article]:
    """The newest ``RESULT_WINDOW`` public articles whose title or text match, best first.

    Only articles with a public claim that passes the filters count. Bounded as claims are.
    """
    matches = public_articles()
    if filters.narrowed:
        passing = _filtered_claims(filters).filter(article=OuterRef("pk"))
        matches = matches.filter(Exists(passing))
    if filters.text and uses_full_text():
        matches = matches.filter(text_match(article_document(), filters.readings))
    elif filters.text:
        matches = matches.filter(_every_word_in(filters.text, ("title", "body")))
    shown = (
        Article.objects.select_related("publication")
        .defer(*ARTICLE_UNUSED_FIELDS)
        .filter(pk__in=matches.order_by("-id").values("pk")[:RESULT_WINDOW])
    )
    if not (filters.text and uses_full_text()):
        return shown.order_by("-published_on", "-id")
    rank = text_rank(article_document(), filters.readings)
    return shown.annotate(rank=rank).order_by("-rank", "-published_on", "-id")
