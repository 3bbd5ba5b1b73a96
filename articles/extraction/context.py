"""Reading what a figure is about from the sentence around it.

This module owns inference: for each amount found by `mentions.py` it decides the subject
(the entity the figure belongs to, and the counterparty of a deal), the metric, the period
and the attribution. It works on one sentence at a time, with the entities and metric cues
of the lexicon, and a small English grammar of its own: transfer verbs ("delivered ... to
Baku" makes Baku the buyer), possessives ("Armenia's military spending"), speech verbs
("Aliyev said") and time expressions ("in 2020", "since 2010", "over the past decade").

Russian and Turkish are read with the same rules and their own words (wordforms/): there
the grammatical case of a name says its role wherever it stands ("Азербайджану",
"Azerbaycan'a": the buyer; "у России", "İsrail'den": the seller), and a Turkish verb comes
last, after all its parties.

It prefers saying nothing to guessing: a period comes only from the words of the sentence
(relative ones only when the publication date is known), and a subject only from an
entity the sentence names (a capital standing for its country), except that a sentence
naming no possible subject inherits the topic of the sentence just before it in the same
paragraph ("They also agreed to sell ...").

Lower-case patterns run against the folded copy of the text (see scanning.py); patterns
that need case (names, acronyms) run against the original. Offsets are the same in both.
"""

from __future__ import annotations

import datetime
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from articles.reconciling.facts import DEAL_METRICS

from . import wordforms
from .lexicon import (
    CAPITALS,
    COUNT_METRIC,
    DOMAIN_WORDS,
    CueHit,
    EntityHit,
    Lexicon,
    LexiconIndex,
    lexicon_index,
)
from .mentions import Amount
from .numbers import SMALL_NUMBERS
from .scanning import is_word_char, trie_pattern, word_matches
from .sentences import Sentence


class Context(NamedTuple):
    """What the words around one amount say about it."""

    subject: str | None = None
    counterparty: str | None = None
    metric: str | None = None
    period_start: int | None = None
    period_end: int | None = None
    attribution: str | None = None
    subject_inherited: bool = False
    metric_strong: bool = False
    kind: str = "annual"  # annual, total, transaction or count (see articles.reconciling)
    item: str | None = None  # what a deal bought, when the sentence names it
    period_relative: bool = False  # dated from the publication date ("next year's budget")


@dataclass(frozen=True)
class _Source:
    """The text in both cases, and what every rule needs alongside it."""

    text: str
    low: str
    index: LexiconIndex
    this_year: int | None


def infer_contexts(
    text: str,
    folded: str,
    amounts: Sequence[Amount],
    sentences: Sequence[Sentence],
    *,
    published: datetime.date | None,
    lexicon: Lexicon,
) -> list[Context]:
    """One Context per amount, in the same order. `folded` is `scanning.fold(text)`."""
    source = _Source(text, folded, lexicon_index(lexicon), published.year if published else None)
    count_metric = COUNT_METRIC if COUNT_METRIC in lexicon.metrics else None
    contexts: list[Context] = []
    sentence_at = 0
    facts: _SentenceFacts | None = None
    for amount in amounts:
        if not sentences:
            contexts.append(Context())
            continue
        while sentence_at + 1 < len(sentences) and sentences[sentence_at].end <= amount.start:
            sentence_at += 1
        if facts is None or facts.sentence is not sentences[sentence_at]:
            facts = _SentenceFacts(source, sentences[sentence_at], amounts)
        contexts.append(_context_for(source, amount, facts, sentences, sentence_at, count_metric))
    return contexts


# --- attribution -------------------------------------------------------------------------

_CAPITALISED_RUN = (
    r"[A-Z][\w’'\-]*\.?(?:\s+(?:(?:of|for|and|the|de|al|bin|von|van|der|du)\s+)?"
    r"[A-Z][\w’'\-]*\.?)*"
)
_CAPITALISED_RUN_RE = re.compile(_CAPITALISED_RUN)
_SPEECH_VERBS = (
    r"said|says|say|told|tells|stated|states|declared|declares|claimed|claims|added|adds|"
    r"noted|notes|announced|announces|reported|reports|estimated|estimates|wrote|writes|"
    r"argued|argues|insisted|insists|stressed|stresses|emphasized|emphasised|explained|"
    r"explains|warned|warns|confirmed|confirms|revealed|reveals"
)
# These three read names, so they run on the original text.
_SPEAKER_BEFORE_VERB_RE = re.compile(
    rf"(?P<name>{_CAPITALISED_RUN})[”\"’]?(?:,[^,]{{1,60}},)?\s+"
    rf"(?:has\s+|had\s+|have\s+)?(?:also\s+)?(?:{_SPEECH_VERBS})\b"
)
_SPEAKER_AFTER_VERB_RE = re.compile(
    rf"\b(?:said|says|quoted|cited)\s+(?:the\s+)?[“\"]?(?P<name>{_CAPITALISED_RUN})"
    rf"|\b(?:cited|quoted|reported|estimated|revealed|published|announced)\s+by\s+"
    rf"(?:the\s+)?[“\"]?(?P<by>{_CAPITALISED_RUN})"
)
_DATA_NOUNS = ("data", "figures", "estimates", "statistics", "report", "analysis", "study")
_DATA_RE = re.compile(
    rf"(?P<name>{_CAPITALISED_RUN})\s+(?:data|figures|estimates|statistics|report|analysis|"
    r"study|research)\s+(?:show|shows|showed|shown|suggest|suggests|indicate|indicates|put|"
    r"puts|found|finds|reveal|reveals)\b"
    rf"|\b(?:data|figures|estimates|statistics)\s+(?:from|by|of)\s+(?:the\s+)?"
    rf"(?P<source>{_CAPITALISED_RUN})"
)
_ACCORDING_RE = re.compile(r"according\s+to\s+(?P<src>[^,;“”\"]{1,120})")  # folded text
# The same in Russian ("по данным СИПРИ", "согласно оценкам Минфина") and Turkish, where the
# source stands before "göre" ("SIPRI verilerine göre", "SIPRI'ye göre"). Folded text.
_SOURCE_BEFORE_RE = re.compile(
    r"(?:по\s+(?:данным|оценк\w*|словам|информации|сведениям|расчетам|расчётам)|согласно"
    r"(?:\s+(?:данным|оценкам))?|как\s+(?:сообщает|передает|передаёт|пишет))\s+"
    r"(?P<src>[^,;«»“”\"]{1,80})"
)
_SOURCE_AFTER_RE = re.compile(
    r"(?P<src>[^\s,;]+(?:\s+(?:verilerine|verileri|raporuna|tahminlerine|açıklamasına|"
    r"hesaplamalarına))?)\s+göre(?!\w)"
)

# The other languages' words before a source's name ("według SIPRI", "secondo il SIPRI",
# "بحسب معهد ستوكهولم") and after it ("a SIPRI szerint"). The source is the name next to
# the word, not the rest of the clause, which these languages often leave without a comma.
_FOREIGN_SOURCE_BEFORE_RE = re.compile(
    trie_pattern(wordforms.SOURCE_BEFORE_WORDS) + r"(?!\w)\s*(?:(?:il|la|lo|i|gli|le)\s+|l['’])?"
)
_FOREIGN_SOURCE_AFTER_RE = re.compile(trie_pattern(wordforms.SOURCE_AFTER_WORDS) + r"(?!\w)")
_NEXT_WORD_RE = re.compile(r"\S+")


def _source_spans(source: _Source, start: int, end: int) -> list[tuple[int, int]]:
    """Where the sources named with the other languages' words stand in text[start:end]."""
    low, index = source.low, source.index
    spans = []
    for match in word_matches(_FOREIGN_SOURCE_BEFORE_RE, low, start, end):
        at = match.end()
        hits = index.entities_in(source.text, at, min(end, at + 80))
        if hits and hits[0].start - at <= 1:
            spans.append((at, hits[0].end))
        else:
            word = _NEXT_WORD_RE.match(low, at)
            if word is not None and word.end() <= end:
                spans.append(word.span())
    for match in word_matches(_FOREIGN_SOURCE_AFTER_RE, low, start, end):
        hits = index.entities_in(source.text, max(start, match.start() - 80), match.start())
        if hits and match.start() - hits[-1].end <= 1:
            spans.append((hits[-1].start, hits[-1].end))
    return spans


_NOT_NAMES = frozenset(
    """He She They It We I You This That These Those The A An In On At But And However Also
    There Here His Her Their Its Our My Some Many Most Both All Officials Experts Analysts
    Meanwhile Today Yesterday Last According What Which Who When Where If As Nevertheless
    Even So Although While For From By With After Before Since""".split()  # noqa: SIM905 - word lists read better as prose
)
_TITLES = frozenset(
    """President Prime Minister Defense Defence Foreign Deputy Vice General Gen Gen. Colonel
    Col. Lieutenant Lt. Admiral Chief Mr. Mrs. Ms. Dr. Spokesperson Spokesman Spokeswoman
    Ambassador Secretary Senator Sen. Rep. Chairman Commander Analyst Expert Professor Prof.
    Head Director Editor Former CEO King Queen Sheikh Emir Premier Chancellor Speaker
    Marshal Mayor Governor State""".split()  # noqa: SIM905 - word lists read better as prose
)
_ORGANISATION_WORDS = frozenset(
    """Ministry Institute Agency Office Bank Fund Committee Council Department Center Centre
    Service Press Media News Times Post Journal Gazeta Gazette Daily Organization
    Organisation Association Group Forces Army Navy Staff Command Parliament Senate Congress
    Government Administration Corporation Company Exchange Union Foundation Commission Board
    Authority Reuters Bloomberg TASS Interfax Armenpress RIA Novosti Vedomosti Kommersant
    Figaro""".split()  # noqa: SIM905 - word lists read better as prose
)


class _Attribution(NamedTuple):
    name: str | None
    source_spans: tuple[tuple[int, int], ...]  # "according to ...": never the subject
    speaker_spans: tuple[tuple[int, int], ...]  # "Aliyev said": a subject of last resort


def _attribution(source: _Source, sentence: Sentence, foreign: bool = True) -> _Attribution:
    text, low = source.text, source.low
    start, end = sentence.start, sentence.end
    names: list[str] = []
    sources: list[tuple[int, int]] = []
    speakers: list[tuple[int, int]] = []
    if "according" in low[start:end]:
        for match in word_matches(_ACCORDING_RE, low, start, end):
            sources.append(match.span("src"))
            for run in _CAPITALISED_RUN_RE.finditer(text, *match.span("src")):
                name = _clean_name(run[0], source.index)
                if name is not None:
                    names.append(name)
                    break
    lowered_sentence = low[start:end]
    if "по " in lowered_sentence or "согласно" in lowered_sentence or "как " in lowered_sentence:
        sources.extend(m.span("src") for m in word_matches(_SOURCE_BEFORE_RE, low, start, end))
    if "göre" in lowered_sentence:
        sources.extend(m.span("src") for m in word_matches(_SOURCE_AFTER_RE, low, start, end))
    if foreign:
        sources.extend(_source_spans(source, start, end))
    if any(noun in lowered_sentence for noun in _DATA_NOUNS):
        for match in _DATA_RE.finditer(text, start, end):
            group = "name" if match["name"] else "source"
            sources.append(match.span(group))
            name = _clean_name(match[group], source.index)
            if name is not None:
                names.append(name)
    for pattern in _speaker_patterns(text, start, end):
        for match in pattern.finditer(text, start, end):
            group = "name" if match["name"] else "by"
            speakers.append(match.span(group))
            name = _clean_name(match[group], source.index)
            if name is not None:
                names.append(name)
    return _Attribution(names[0] if names else None, tuple(sources), tuple(speakers))


# The speaker-after-verb pattern starts at every word; most sentences hold none of its
# verbs nor "by", which a substring test finds sooner. (The same test for the other
# pattern's forty speech verbs cost more than the pattern it would spare.)
_VERBS_AFTER = ("said", "says", "quoted", "cited", "by")


def _speaker_patterns(text: str, start: int, end: int) -> list[re.Pattern[str]]:
    """The speaker patterns that may match text[start:end]."""
    patterns = [_SPEAKER_BEFORE_VERB_RE]
    written = text[start:end]
    if any(verb in written for verb in _VERBS_AFTER):
        patterns.append(_SPEAKER_AFTER_VERB_RE)
    return patterns


def _clean_name(raw: str, index: LexiconIndex) -> str | None:
    """A source's name as an editor would file it: the canonical entity, the organisation,
    or a person's surname ("Azerbaijani President Ilham Aliyev" -> "Aliyev")."""
    tokens = raw.rstrip(".,;:!?").split()
    while tokens and tokens[0] in ("The", "the"):
        tokens = tokens[1:]
    if not tokens or tokens[0] in _NOT_NAMES:
        return None
    phrase = " ".join(tokens)
    if phrase in index.alias_to_entity:
        return index.alias_to_entity[phrase]
    bare = [t.removesuffix("’s").removesuffix("'s").rstrip(".") for t in tokens]
    if any(t in _ORGANISATION_WORDS for t in bare):
        return phrase.removesuffix("’s").removesuffix("'s")
    person = [
        t
        for t, b in zip(tokens, bare, strict=True)
        if t not in _TITLES and b not in _TITLES and b not in index.alias_to_entity
    ]
    if not person or person[0] in _NOT_NAMES:
        return None
    return person[-1].removesuffix("’s").removesuffix("'s")


# --- roles of entities (all on folded text) ----------------------------------------------

# English verbs, then the stems of wordforms (Russian "постав*", Turkish "sattı*").
_TRANSFER_RE = re.compile(
    r"(?:(?:deliver(?:s|ed|ing|y|ies)?|suppl(?:y|ies|ied|ying)|s(?:ell|ells|old|elling|ale|"
    r"ales)|export(?:s|ed|ing)?|transfer(?:s|red|ring)?|ship(?:s|ped|ping|ments?)?|"
    r"provid(?:e|es|ed|ing)|send(?:s|ing)?|sent|giv(?:e|es|en|ing)|gave|grant(?:s|ed|ing)?|"
    r"donat(?:e|es|ed|ing)|transport(?:s|ed|ing)?)\b"
    r")"
)
_BUY_RE = re.compile(
    r"(?:(?:b(?:uy|uys|ought|uying)|purchas(?:e|es|ed|ing)|acquir(?:e|es|ed|ing)|"
    r"import(?:s|ed|ing)?|order(?:s|ed)|receiv(?:e|es|ed|ing)|procur(?:e|es|ed|ing)|"
    r"obtain(?:s|ed)?|signed|spen[dt]|spends|spending|got)\b"
    r")"
)
# The same in Russian and Turkish, searched only in sentences written with letters English
# does not use (every sentence of those languages has some), which keeps English fast.
_FOREIGN_TRANSFER_RE = re.compile(trie_pattern(wordforms.TRANSFER_VERBS))
_FOREIGN_BUY_RE = re.compile(trie_pattern(wordforms.BUY_VERBS))


# Russian prepositions before the party arms come from ("у России", "из Израиля") or go
# to ("для Армении"), and before a deal's partner ("с Израилем", instrumental).
def _preposition_before(words: Sequence[str]) -> re.Pattern[str]:
    """A preposition ending just before a name: a word and a space, or an article elided
    onto the name ("dall'India"). Folded text."""
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?:^|\s)(?:{alternatives})(?:\s+|(?<=['’]))[«\"“]?$")


_FOREIGN_FROM_BEFORE_RE = _preposition_before(wordforms.FROM_WORDS)
_FOREIGN_TO_BEFORE_RE = _preposition_before(wordforms.TO_WORDS)
_WITH_BEFORE_RE = _preposition_before(("с", "со", *wordforms.WITH_WORDS))
_GRANT_RE = re.compile(trie_pattern(wordforms.GRANT_VERBS))
_NON_ENGLISH_LETTER_RE = re.compile(r"[^\W\d_a-z]")  # folded text: no capitals left
_FOREIGN_DIRECT_RECIPIENT_RE = re.compile(
    trie_pattern(wordforms.DIRECT_RECIPIENT_VERBS) + r"(?!\w)"
)
# Italian and Swedish sentences are often plain ASCII; their scale words ("miliardi",
# "miljoner", "mld") say they are not English, which lets their verbs and domain words be
# searched without slowing English down.
_ASCII_FOREIGN_RE = re.compile(
    trie_pattern(
        w for w in wordforms.SCALES if w.isascii() and (len(w) >= 4 or w in ("mld", "mln", "mrd"))
    )
    + r"(?!\w)"
)


def _foreign(low: str, start: int, end: int) -> bool:
    """Whether text[start:end] may be in a language other than English: a letter English
    does not use (not a curly quote or a dash), or a scale word of another language."""
    if low[start:end].isascii():
        return any(word_matches(_ASCII_FOREIGN_RE, low, start, end))
    return _NON_ENGLISH_LETTER_RE.search(low, start, end) is not None or any(
        word_matches(_ASCII_FOREIGN_RE, low, start, end)
    )


# "в Азербайджан" (accusative: into), the Russian destination of a delivery.
_INTO_BEFORE_RE = re.compile(r"(?:^|\s)(?:в|во)\s+$")
# A country's adjective or bare name before arms names their origin ("турецких
# беспилотников", "Rus yapımı").
_ORIGIN_AFTER_RE = re.compile(rf"\s+(?:{trie_pattern(wordforms.ARMS_NOUNS)})(?!\w)")
_TRANSFER_NOUN_RE = re.compile(trie_pattern(wordforms.TRANSFER_NOUNS))
_TO_BEFORE_RE = re.compile(r"\bto\s+(?:the\s+)?$")
_DIRECT_RECIPIENT_BEFORE_RE = re.compile(
    r"\b(?:suppl(?:y|ies|ied|ying)|provid(?:e|es|ed|ing)|s(?:ell|ells|old|elling)|gave|"
    r"give|gives|giving|armed|equipped|furnished)\s+(?:the\s+)?$"
)
_FROM_BEFORE_RE = re.compile(r"\bfrom\s+(?:the\s+)?$")
_DEAL_WITH_BEFORE_RE = re.compile(r"\b(?:deals?|contracts?|agreements?)\s+with\s+(?:the\s+)?$")
# After a deal's "with" partner, words that make the deal a sale to the partner: "a deal
# with Indonesia to sell it 48 jets", "أبرمت أنقرة مع إندونيسيا صفقة لبيع".
_SALE_TO_PARTNER_RE = re.compile(
    r"\s+to\s+sell\b|\s+(?:" + trie_pattern(wordforms.SALE_TO_PARTNER_WORDS) + r")(?!\w)"
)
_BETWEEN_BEFORE_RE = re.compile(r"\bbetween\s+(?:the\s+)?$")
_AND_GAP_RE = re.compile(r"\s+and\s+(?:the\s+)?")
_SELLER_AFTER_RE = re.compile(
    r"(?:’s|'s)?\s+(?:(?:arms|weapons|military)\s+)?(?:sales|supplies|deliveries|exports)\b"
    r"|\s+(?:arms|weapons|weaponry)\b(?!\s+(?:imports?|importers?|purchases|procurement|"
    r"acquisitions?|control|race|build-?up|buyers?))"
)
_SPEAKER_AFTER_RE = re.compile(
    r"(?:’s|'s)?\s+(?:[a-z\-]+\s+)?(?:president|prime\s+minister|minister|ministry|"
    r"officials?|spokes(?:person|man|woman)|press|media|newspapers?|daily|agency|agencies|"
    r"analysts?|experts?|parliamentarians?|lawmakers?|diplomats?|leaders?|sources?|"
    r"authorities|counterpart|general|chief|envoy|ambassador)\b"
)
# A sum "of" a name: "the state budget of Georgia", "the defence spending of Armenia". The
# name owns the sum and is not the subject of the verb after it (folded text).
_SUM_OF_BEFORE_RE = re.compile(
    r"\b(?:budgets?|spending|expenditures?|outlays|expenses|allocations?)\s+of\s+(?:the\s+)?$"
)
_PLACE_BEFORE_RE = re.compile(r"\b(?:in|at)\s+(?:the\s+)?$")
# A name governed by one of these is a verb's object, not its subject ("as tensions with
# Armenia rose, Azerbaijan allocated ..."). Not "of" or "in": "the budget of Azerbaijan".
_GOVERNED_BEFORE_RE = re.compile(
    r"\b(?:with|against|over|from|to|at|on|towards?|among|than|versus|vs\.?)\s+(?:the\s+)?$"
)
_RELATIONAL_AFTER_RE = re.compile(
    r"(?:’s|'s|’|')\s+(?:[\w\-]+\s+){0,2}?(?:arch-?foe|arch-?rival|arch-?enemy|rivals?|foes?|"
    r"enem(?:y|ies)|adversar(?:y|ies)|neighbou?rs?|all(?:y|ies)|partners?|opponents?|"
    r"counterparts?|suppliers?|clients?|customers?|backers?|patrons?)\b"
)


class _Roles(NamedTuple):
    eligible: tuple[EntityHit, ...] = ()
    recipients: tuple[EntityHit, ...] = ()
    buyers: tuple[EntityHit, ...] = ()
    sellers: tuple[EntityHit, ...] = ()
    owners: tuple[EntityHit, ...] = ()
    speakers: tuple[EntityHit, ...] = ()
    pairs: tuple[tuple[EntityHit, EntityHit], ...] = ()
    # Capitals named as where something happened ("talks in Moscow"): a subject only when
    # neither the sentence nor the one before names another.
    places: tuple[EntityHit, ...] = ()
    # Agents named after a preposition: taken only when no other agent is named.
    governed: tuple[EntityHit, ...] = ()
    # Names of whose line of the budget it is ("the Armenian army", "the Georgian Ministry
    # of Defence"): owners of the money that line gets.
    line_owners: tuple[EntityHit, ...] = ()

    @property
    def agents(self) -> tuple[EntityHit, ...]:
        passive = {id(h) for h in (*self.sellers, *self.speakers)}
        return tuple(h for h in self.eligible if id(h) not in passive)

    @property
    def names_only_sellers(self) -> bool:
        """True when no entity here could be the subject: none at all, or only sellers
        ("Moscow also agreed to sell ..."), so the subject is in an earlier sentence."""
        seller_ids = {id(h) for h in self.sellers}
        return all(id(h) in seller_ids for h in self.eligible)


def _roles(
    source: _Source,
    sentence: Sentence,
    hits: list[EntityHit],
    attribution: _Attribution,
    foreign: bool = True,
) -> _Roles:
    if not hits:
        return _Roles()
    low = source.low
    start = sentence.start

    def inside(hit: EntityHit, spans: tuple[tuple[int, int], ...]) -> bool:
        return any(a <= hit.start and hit.end <= b for a, b in spans)

    def before(hit: EntityHit, pattern: re.Pattern[str], width: int = 40) -> bool:
        return bool(pattern.search(low, max(start, hit.start - width), hit.start))

    eligible = [
        h
        for h in hits
        if not inside(h, attribution.source_spans)
        and not (h.possessive and _RELATIONAL_AFTER_RE.match(low, h.end))
    ]
    places = [
        h
        for h in eligible
        if not h.possessive
        and source.text[h.start : h.end] in CAPITALS
        and before(h, _PLACE_BEFORE_RE, 10)
    ]
    if places:
        place_ids = {id(h) for h in places}
        eligible = [h for h in eligible if id(h) not in place_ids]
    direct = (
        list(word_matches(_FOREIGN_DIRECT_RECIPIENT_RE, low, start, sentence.end))
        if foreign
        else []
    )
    transfers = list(word_matches(_TRANSFER_RE, low, start, sentence.end))
    buys = list(word_matches(_BUY_RE, low, start, sentence.end))
    foreign_transfers: list[re.Match[str]] = []
    foreign_buys: list[re.Match[str]] = []
    grants: list[re.Match[str]] = []
    gives = bool(transfers)
    cased = any(h.cases for h in eligible)  # a Russian or Turkish form, which shows its case
    if foreign:
        foreign_transfers = list(word_matches(_FOREIGN_TRANSFER_RE, low, start, sentence.end))
        foreign_buys = list(word_matches(_FOREIGN_BUY_RE, low, start, sentence.end))
        transfers += foreign_transfers
        buys += foreign_buys
        gives = bool(transfers)
    if cased:
        grants = list(word_matches(_GRANT_RE, low, start, sentence.end))
        gives = bool(transfers or grants or _TRANSFER_NOUN_RE.search(low, start, sentence.end))

    recipients = []
    sellers = []
    sold_to_partner = False
    for hit in eligible:
        partner = before(hit, _DEAL_WITH_BEFORE_RE) or (
            "i" in hit.cases and before(hit, _WITH_BEFORE_RE, 6)
        )
        if partner and _SALE_TO_PARTNER_RE.match(low, hit.end):
            # "a deal with Indonesia to sell ...": the partner buys, the one who deals sells.
            recipients.append(hit)
            sold_to_partner = True
            continue
        # In Russian and Turkish the case says the role wherever the word stands: a dative
        # ("Азербайджану", "Azerbaycan'a") receives, an ablative ("İsrail'den") supplies.
        if (
            before(hit, _DIRECT_RECIPIENT_BEFORE_RE)
            or _first_object(hit, direct, eligible)
            or (before(hit, _TO_BEFORE_RE, 12) and any(t.end() <= hit.start for t in transfers))
            or (
                hit.cases
                and (
                    (
                        gives
                        and "d" in hit.cases
                        and "n" not in hit.cases
                        and not before(hit, _FOREIGN_FROM_BEFORE_RE, 6)  # "от Турции": genitive
                    )
                    or (gives and "a" in hit.cases and before(hit, _INTO_BEFORE_RE, 4))
                )
            )
            # A preposition says it without a case: "для Армении", "alla Georgia", "till
            # Azerbajdzjan" (the name is often spelled as in English, so has no case) when
            # something is given: "ordinato alla Francia" is ordered from France.
            or (gives and before(hit, _FOREIGN_TO_BEFORE_RE, 8))
        ):
            recipients.append(hit)
        elif (
            before(hit, _DEAL_WITH_BEFORE_RE)
            or (before(hit, _FROM_BEFORE_RE, 12) and (buys or transfers))
            or _SELLER_AFTER_RE.match(low, hit.end)
            or (
                cased
                and (
                    ((buys or transfers) and "b" in hit.cases)
                    or ((buys or transfers) and before(hit, _FOREIGN_FROM_BEFORE_RE, 6))
                    or ("i" in hit.cases and before(hit, _WITH_BEFORE_RE, 6))
                    or (not hit.cases and _ORIGIN_AFTER_RE.match(low, hit.end))
                )
            )
        ):
            sellers.append(hit)
    recipient_ids = {id(h) for h in recipients}
    if sold_to_partner:
        dealer = next(
            (h for h in eligible if id(h) not in recipient_ids and _may_be_agent(h)), None
        )
        if dealer is not None and dealer not in sellers:
            sellers.append(dealer)
    if recipients:
        for verb in grants:
            agent = _agent_before(eligible, verb.start(), first=True)
            if agent is not None and id(agent) not in recipient_ids and agent not in sellers:
                sellers.append(agent)
    paid_lines = _budget_line_spans(low, start, sentence.end)
    # "The budget of Georgia provides ...": the budget gives, not Georgia.
    may_act = [h for h in eligible if not before(h, _SUM_OF_BEFORE_RE)]
    for verb in transfers:
        if any(a <= verb.start() < b for a, b in paid_lines):
            continue  # a government paying its own army sells nothing
        agent = _agent_before(may_act, verb.start(), first=_verb_last(verb, foreign_transfers))
        agent = agent or _agent_after(eligible, verb)
        if agent is not None and id(agent) not in recipient_ids and agent not in sellers:
            sellers.append(agent)
    seller_ids = {id(h) for h in sellers}
    buyers = []
    for verb in buys:
        if _PARTICIPLE_AFTER_SUM_RE.match(verb[0]) and _SUM_BEFORE_RE.search(
            low, max(start, verb.start() - 30), verb.start()
        ):
            # "a contract worth 100 million euros signed in June": the participle describes
            # the contract; the name before the sum did not sign or buy.
            continue
        agent = _agent_before(may_act, verb.start(), first=_verb_last(verb, foreign_buys))
        agent = agent or _agent_after(eligible, verb)
        if agent is not None and id(agent) not in seller_ids and agent not in buyers:
            buyers.append(agent)
    owners = [h for h in eligible if h.possessive]
    speakers = [
        h
        for h in eligible
        if inside(h, attribution.speaker_spans) or _SPEAKER_AFTER_RE.match(low, h.end)
    ]
    pairs = []
    for first, second in itertools.pairwise(eligible):
        gap = _AND_GAP_RE.match(low, first.end, second.start)
        if before(first, _BETWEEN_BEFORE_RE, 14) and gap and gap.end() == second.start:
            pairs.append((first, second))
    return _Roles(
        tuple(eligible),
        tuple(recipients),
        tuple(buyers),
        tuple(sellers),
        tuple(owners),
        tuple(speakers),
        tuple(pairs),
        tuple(places),
        tuple(h for h in eligible if before(h, _GOVERNED_BEFORE_RE, 14)),
        tuple(h for h in eligible if _BUDGET_LINE_AFTER_RE.match(low, h.end)),
    )


def _first_object(
    hit: EntityHit, verbs: Sequence[re.Match[str]], hits: Sequence[EntityHit]
) -> bool:
    """Whether `hit` is the first object of a verb whose first object receives: right
    after the verb when its subject is named before it ("EU har beviljat Armenien",
    "موسكو زودت يريفان"), right after the subject when the verb comes first ("زودت روسيا
    أرمينيا بالأسلحة", "beviljade EU Armenien")."""
    for verb in verbs:
        after = [h for h in hits if h.start >= verb.end()]
        if any(h.end <= verb.start() for h in hits):
            if after and after[0] is hit and hit.start - verb.end() <= 2:
                return True
        elif (
            len(after) >= 2
            and after[1] is hit
            and after[0].start - verb.end() <= 2
            and hit.start - after[0].end <= 2
        ):
            return True
    return False


def _agent_after(hits: Sequence[EntityHit], verb: re.Match[str]) -> EntityHit | None:
    """The subject of an Arabic verb that opens its clause: the name right after it
    ("وباعت إسرائيل ..."), when no name stands before the verb."""
    if not "\u0621" <= verb[0][0] <= "\u064a" or any(h.end <= verb.start() for h in hits):
        return None
    return next((h for h in hits if 0 <= h.start - verb.end() <= 2), None)


def _agent_before(
    hits: Sequence[EntityHit], position: int, *, first: bool = False
) -> EntityHit | None:
    """The entity nearest before a verb, if close enough to be its grammatical subject.

    With `first`, the earliest one before it in the sentence instead: Turkish marks the
    other parties by case and names them between the subject and the verb, which comes
    last ("Rusya, Ermenistan'a ... silah teslim etmedi").
    """
    best = None
    for hit in hits:
        if hit.end > position or not _may_be_agent(hit):
            continue
        if first:
            return hit
        if position - hit.end <= 80:
            best = hit
    return best


def _verb_last(verb: re.Match[str], foreign: list[re.Match[str]]) -> bool:
    """Whether the verb is Turkish, which ends its clause: its subject is the first party
    named before it, not the nearest (Russian, like English, puts the verb after its
    subject)."""
    return verb in foreign and not ("а" <= verb[0][0] <= "я" or verb[0][0] == "ё")


def _may_be_agent(hit: EntityHit) -> bool:
    """Whether the written form may be a verb's subject: any English form, and in Russian
    and Turkish a nominative or a form without case (an adjective, a bare name)."""
    return not hit.cases or "n" in hit.cases


def _first_agent(roles: _Roles) -> EntityHit:
    """The first agent not governed by a preposition, else the first agent."""
    governed = {id(h) for h in roles.governed}
    agents = roles.agents
    return next((h for h in agents if id(h) not in governed), agents[0])


def _nearest(hits: Sequence[EntityHit], amount: Amount) -> EntityHit | None:
    if not hits:
        return None
    return min(hits, key=lambda h: _distance(h.start, h.end, amount))


def _distance(start: int, end: int, amount: Amount) -> int:
    if end <= amount.start:
        return amount.start - end
    if start >= amount.end:
        return start - amount.end
    return 0


def _subject(roles: _Roles, amount: Amount, metric: str | None) -> tuple[str | None, str | None]:
    """(subject, counterparty) for one amount, choosing the role that fits the metric."""
    # A demonym inside a count names its owner ("92 Azerbaijani cargo planes landed")
    # unless someone else is buying them, when it names their origin ("Baku bought 60
    # Turkish drones").
    inside = tuple(h for h in roles.eligible if amount.start <= h.start and h.end <= amount.end)
    if inside and amount.currency is None:
        buyer = _nearest(roles.recipients, amount) or _nearest(roles.buyers, amount)
        if buyer is None or buyer.entity == inside[0].entity:
            return inside[0].entity, None
        seller = _nearest(roles.sellers, amount)
        return buyer.entity, (seller or inside[0]).entity
    preceding_owners = tuple(h for h in roles.owners if h.end <= amount.start)
    agents = roles.agents
    other_side: Sequence[EntityHit]
    if metric == "military-expenditure":
        # "Azerbaijan's budget allocates ..., while the Armenian army gets 557 billion
        # drams": the nearest owner before the sum, a line's owner as well as a possessive.
        preceding_owners += tuple(h for h in roles.line_owners if h.end <= amount.start)
        order = [preceding_owners, roles.buyers, agents, roles.recipients]
        other_side = roles.sellers
    elif metric == "arms-exports":
        order = [preceding_owners, roles.sellers, agents]
        other_side = roles.recipients
    else:
        order = [roles.recipients, roles.buyers, preceding_owners]
        other_side = roles.sellers
        if roles.pairs:
            order.append((roles.pairs[0][0],))
        if amount.currency is not None:
            # Whoever acts in the sentence owns a sum ("Baku spent"), but not a count:
            # "Baku took the hills and left 200 soldiers dead" is nobody's inventory.
            order.append(agents)
    if amount.currency is not None:
        order.append(roles.speakers)
    for candidates in order:
        if not candidates:
            continue
        # Agents are taken in reading order: the grammatical subject usually comes first.
        chosen = _first_agent(roles) if candidates is agents else _nearest(candidates, amount)
        if chosen is None:
            continue
        others = [h for h in other_side if h.entity != chosen.entity]
        if not others and roles.pairs and roles.pairs[0][0] is chosen:
            others = [roles.pairs[0][1]]
        counterpart = _nearest(others, amount)
        return chosen.entity, counterpart.entity if counterpart else None
    # No buyer named ("arms sales to Armenia's rival"), but the seller is still worth
    # showing; the next step may inherit the subject from the sentence before.
    seller = _nearest(roles.sellers, amount) if amount.currency is not None else None
    return None, seller.entity if seller else None


# --- metric ------------------------------------------------------------------------------

# Lower case, starting with its words (see scanning.py); run on folded text.
_DOMAIN_RE = re.compile(f"(?:{trie_pattern(DOMAIN_WORDS, gap=' ')})\\b")
_FOREIGN_DOMAIN_RE = re.compile(trie_pattern(wordforms.DOMAIN_WORDS))


# A cue that names where money goes rather than what it is: "for the armed forces", "to
# defence", "on the army" (folded text).
_DESTINATION_CUE_RE = re.compile(r"(?:for|to|on)\s")


def _metric(
    amount: Amount, facts: _SentenceFacts, count_metric: str | None
) -> tuple[str | None, bool]:
    """(metric, whether a strong cue named it). Counts get the count metric."""
    if amount.currency is None:
        return count_metric, True
    cues = facts.strong_cues
    if cues and facts.roles.sellers:
        # "bought drones from Israel for the armed forces", "sold helicopters to the army":
        # where a seller is named, the trade says what the money is, and a cue naming where
        # it goes ("for the armed forces", "to defence") says only who gets the arms.
        cues = [c for c in cues if not _DESTINATION_CUE_RE.match(facts.source.low, c.start)]
    if cues:
        cue = min(cues, key=lambda c: _distance(c.start, c.end, amount))
        return cue.metric, True
    if not facts.roles.sellers and _budget_line_receives(facts, amount):
        # "Defence will receive $3.7 billion": a line of the budget gets money, nobody
        # delivers arms.
        return "military-expenditure", False
    if facts.weak_cues and facts.in_domain:
        cue = min(facts.weak_cues, key=lambda c: _distance(c.start, c.end, amount))
        return cue.metric, False
    if facts.roles.recipients and any(c.metric == "military-aid" for c in facts.weak_cues):
        # Money given to a country named as its recipient is aid even where no military word
        # is written ("EU odobrila je Jermeniji 10 miliona evra pomoći").
        return "military-aid", False
    return None, False


# The lines of a budget that pay for the military: "the army", "the defence ministry",
# "the Ministry of Defence" (folded text).
_BUDGET_LINE = (
    r"(?:army|military|armed\s+forces|defen[cs]e\s+forces|defen[cs]e\s+ministry|"
    r"ministry\s+of\s+defen[cs]e)"
)
# A past participle right after a sum describes what the sum is for ("a contract worth 100
# million euros signed in June", "tanks worth $2 billion ordered in 2023"), folded text.
_PARTICIPLE_AFTER_SUM_RE = re.compile(
    r"(?:signed|ordered|received|bought|purchased|acquired|procured|obtained)$"
)
_SUM_BEFORE_RE = re.compile(
    r"(?:\d|\b(?:thousand|million|billion|trillion|bn|mln|dollars?|euros?|rubles?|roubles?|"
    r"manats?|drams?|lari|liras?|pounds?|rupees?|hryvnias?|shekels?|yuan|yen|tenge))\s+$"
)
# A name right before a line of the budget says whose it is: "the Armenian army".
_BUDGET_LINE_AFTER_RE = re.compile(rf"\s+{_BUDGET_LINE}\b")
# A line of the budget as the one that gets the money: "defence gets", "the army will
# receive", "the armed forces were allocated", "the Armenian army will receive", "the
# Georgian Ministry of Defence is provided with" (one word may name whose line it is).
_BUDGET_LINE_RECEIVES_RE = re.compile(
    rf"\b(?:defen[cs]e|the\s+(?:[a-z\-]+\s+)?{_BUDGET_LINE}|armed\s+forces)\s+"
    r"(?:(?:will|would|shall|is\s+to|is\s+set\s+to|are\s+to|are\s+set\s+to)\s+)?"
    r"(?:gets?|receives?|received|be\s+(?:given|allocated|allotted|provided(?:\s+with)?)|"
    r"(?:is|was|are|were)\s+(?:given|allocated|allotted|provided(?:\s+with)?))\s+"
)
# A government giving money to its own line of the budget, the amount written after it:
# "Tbilisi will give the defence ministry 918 million lari", "provide the army with". No
# name may stand before the line: "Russia gave the Armenian army ..." is a supply.
_GIVES_BUDGET_LINE_RE = re.compile(
    r"\b(?:giv(?:e|es|ing)|gave|provid(?:e|es|ed|ing)|allocat(?:e|es|ed|ing)|allot(?:s|ted)?|"
    rf"grant(?:s|ed)?)\s+"
    rf"the\s+{_BUDGET_LINE}\s+(?:with\s+)?"
)


# Every verb of the two patterns above holds one of these: most sentences have none, and
# finding that is cheaper than running either pattern (which start at every word).
_BUDGET_VERB_RE = re.compile("get|receiv|giv|gave|provid|allo|grant")


def _budget_line_spans(low: str, start: int, end: int) -> list[tuple[int, int]]:
    """Where text[start:end] says a line of the budget is given money: no one who "gives"
    or "provides" there is selling arms."""
    if _BUDGET_VERB_RE.search(low, start, end) is None:
        return []
    return [
        match.span()
        for pattern in (_BUDGET_LINE_RECEIVES_RE, _GIVES_BUDGET_LINE_RE)
        for match in pattern.finditer(low, start, end)
    ]


def _budget_line_receives(facts: _SentenceFacts, amount: Amount) -> bool:
    """Whether the amount is what a line of the budget gets, written right after it."""
    low = facts.source.low
    if _BUDGET_VERB_RE.search(low, facts.sentence.start, amount.start) is None:
        return False
    return any(
        match.end() == amount.start
        or _AMOUNT_LEAD_RE.fullmatch(low, match.end(), amount.start) is not None
        for pattern in (_BUDGET_LINE_RECEIVES_RE, _GIVES_BUDGET_LINE_RE)
        for match in pattern.finditer(low, facts.sentence.start, amount.start)
    )


# Words between the verb and the amount: "will receive another $2 billion".
_AMOUNT_LEAD_RE = re.compile(
    r"(?:(?:another|an\s+extra|an\s+additional|some|about|around|"
    r"nearly|almost|over|more\s+than|up\s+to|at\s+least)\s+)+"
)


# --- period (folded text) ----------------------------------------------------------------

_MONTH = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november|"
    r"december|jan\.?|feb\.?|mar\.?|apr\.?|jun\.?|jul\.?|aug\.?|sept?\.?|oct\.?|nov\.?|dec\.?)"
)
_YEAR = r"(?:1[89]|20)\d\d"
_YEAR_RE = re.compile(rf"{_YEAR}(?!\d)")
_SPAN_AFTER_RE = re.compile(rf"\s?[-–—/]\s?(?P<last>{_YEAR}|\d\d)(?![\w%])(?!\s?%)")
# Arabic joins "و" (and) to the second year and names the two with the dual "عامي" (the
# two years): "بين عامي 2022 و2023", "من عام 2020 حتى 2024".
# The European languages: "między 2020 a 2024", "od 2020. do 2024." (Serbian writes a dot
# after a year), "tra il 2020 e il 2024", "mellan 2020 och 2024".
_SECOND_YEAR_RE = re.compile(
    r"\.?\s+(?:(?:and|to|until|till|through|и|по|до|a|do|e(?:\s+il)?|al|och|till|és)\s+"
    r"|(?:و|إلى|الى|حتى)\s*(?:عام\s+)?)"
    rf"(?:{_MONTH}\s+)?(?P<last>{_YEAR})(?!\d)"
)
_BETWEEN_YEARS_BEFORE_RE = re.compile(
    rf"(?:\b(?:between|from)\s+(?:{_MONTH}\s+)?|(?:^|\s)(?:между|с|от)\s+"
    r"|(?:^|\s)(?:(?:بين|خلال|من)\s+)?(?:عامي|العامين)\s+|(?:^|\s)(?:بين|من)\s+(?:عام\s+)?"
    r"|(?:^|\s)(?:między|od|w\s+latach|tra\s+il|fra\s+il|dal|mellan|från|од|između|између)\s+)$"
)
# Turkish puts "between" after the years: "2020 ile 2024 yılları arasında".
# Hungarian too: "2020 és 2024 között".
_BETWEEN_AFTER_RE = re.compile(
    rf"\s+(?:ile|és)\s+(?P<last>{_YEAR})(?:['’-]\w+)?(?:\s+yıl\w*)?\s+(?:arasında|között\w*)"
)
# "с 2002 года", "начиная с 2011 года" (Russian: since), "2002'den bu yana", "2010 yılından
# beri" (Turkish: since, after the year).
_SINCE_RU_BEFORE_RE = re.compile(r"(?:^|\s)(?:с|со)\s+$")
_SINCE_RU_AFTER_RE = re.compile(r"\s+(?:года|г\.)")
_SINCE_TR_AFTER_RE = re.compile(r"(?:['’]|\s+yılı)n?[dt][ae]n\s+(?:bu\s+yana|beri)(?!\w)")
# A Turkish year with its ending ("2023'te", "2024 yılında") opens the clause after it.
_LEADING_YEAR_AFTER_RE = re.compile(r"['’][^\W\d_]|\s+yıl(?:ı|ın|ında|ındaki)?(?!\w)")
# "od 2020", "sedan 2020", "dal 2020", "منذ عام 2020", "од 2020."; Hungarian "2020 óta".
_FOREIGN_SINCE_BEFORE_RE = re.compile(
    r"(?:^|\s)(?:od|sedan|dal|dall['’]anno|منذ(?:\s+عام)?|منذ\s+العام|од)\s+$"
)
_FOREIGN_SINCE_AFTER_RE = re.compile(r"\.?\s+óta(?!\w)")
_SINCE_BEFORE_RE = re.compile(rf"\bsince\s+(?:(?:early|late|mid)[\s\-]+)?(?:{_MONTH}\s+)?$")
_FISCAL_BEFORE_RE = re.compile(r"(?:\bfy\s?|\bfiscal\s+(?:years?\s+)?)$")
_COUNT_WORDS = "|".join(sorted(SMALL_NUMBERS, key=len, reverse=True))
_RELATIVE_RE = re.compile(
    rf"(?P<past>(?:over|in|during|for|throughout)\s+the\s+(?:past|last|previous)\s+"
    rf"(?:(?P<pn>\d{{1,2}}|{_COUNT_WORDS})\s+)?(?P<pu>decades?|years?)\b)"
    rf"|(?P<ago>(?P<an>\d{{1,2}}|{_COUNT_WORDS}|a)\s+(?P<au>years?|decades?)\s+ago\b)"
    rf"|(?P<rel>(?P<rw>last|this|next|previous|past|current|coming|upcoming)\s+"
    rf"(?:(?:fiscal|financial|budget)\s+)?year\b|(?P<before>a\s+year\s+(?:earlier|before)\b"
    rf"|the\s+(?:year\s+before|preceding\s+year)(?=\s*(?:[,.;:)]|$))))"
    rf"|(?P<per>\b(?:a|per|each|every)\s+year\b|annually\b|per\s+annum\b)"
)
# (Not after an apostrophe: "Azerbaycan'a 2020 yılında" is a Turkish dative, not "a 2020 ...".)
_ATTRIBUTIVE_BEFORE_RE = re.compile(
    r"(?<![’'])\b(?:the|its|their|his|her|a|an|this|that|whose|our)\s+$"
)
_LOWER_WORD_AFTER_RE = re.compile(r"\s+[a-z]")  # on the original text: case matters
_PRICE_LEVEL_AFTER_RE = re.compile(r"\s+(?:dollars|prices|terms|euros)\b")
# "the 2024 budget" dates the budget, unlike "the 2020 war", which names an event.
_BUDGET_AFTER_RE = re.compile(
    r"(?:\s+(?:defen[cs]e|military|state|national|federal|draft|revised|adopted))*\s+"
    r"(?:budgets?|spending|expenditures?|allocations?|appropriations?|outlays?)\b"
)
# "the 2022 agreement", "its 2010 arms contract": the year a deal was made dates the deal.
_DEAL_AFTER_RE = re.compile(
    r"(?:\s+(?:arms|weapons|defen[cs]e|military|purchase|supply|procurement|export))*\s+"
    r"(?:deals?|contracts?|agreements?)\b"
)
# "the 2022 fiscal year", "its 2025 budget year": the year is the period itself.
_YEAR_NOUN_AFTER_RE = re.compile(r"\s+(?:fiscal|financial|budget(?:ary)?|calendar)\s+years?\b")
_ATTACHING_GAP_RE = re.compile(
    r"\s*,?\s*(?:(?:in|during|for|by|as\s+of|through|throughout|over|since|from|of|until|"
    r"at\s+the\s+end\s+of|в|во|на|за|к"
    + "".join(f"|{re.escape(w)}" for w in wordforms.PERIOD_GAP_WORDS)
    + r")\s+)?(?:the\s+)?(?:(?:fiscal|financial)\s+(?:year\s+)?)?"
    rf"(?:(?:early|late|mid)[\s\-]+)?(?:{_MONTH}\s+(?:\d{{1,2}},?\s+)?)?"
)


class _Period(NamedTuple):
    start: int
    end: int
    first: int | None  # None: a relative phrase with no publication date to resolve it
    last: int | None
    relative: bool = False  # dated from the publication date, not written as a year
    per_year: bool = False  # "$2 billion a year": the present year, if nothing else is said
    leads: bool = False  # opens the clause after it ("2023'te 1,33 milyar dolar")


def _periods(source: _Source, sentence: Sentence, foreign: bool = True) -> list[_Period]:
    low = source.low
    periods = []
    taken = sentence.start
    for match in _YEAR_RE.finditer(low, sentence.start, sentence.end):
        start = match.start()
        if start < taken or not _year_may_start(low, start):
            continue
        period = _year_period(source, match, sentence.start)
        if period is not None:
            periods.append(period)
            taken = period.end
    window = low[sentence.start : sentence.end]
    if "year" in window or "decade" in window or "annu" in window:
        written = [p for p in periods if p.first is not None and p.first == p.last]
        for match in word_matches(_RELATIVE_RE, low, sentence.start, sentence.end):
            anchor = _anchor_year(written, match) if _counts_back(match) else None
            if anchor is not None:
                # "$21 billion a year earlier" beside "in 2025": the year before the one
                # written, whenever the article appeared.
                periods.append(_Period(match.start(), match.end(), anchor - 1, anchor - 1))
                continue
            first, last = _relative(match, source.this_year)
            per_year = bool(match["per"])
            periods.append(_Period(match.start(), match.end(), first, last, True, per_year))
        periods.sort(key=lambda p: p.start)
    if foreign and any(word in window for word in _FOREIGN_YEAR_WORDS):
        for match in word_matches(_FOREIGN_RELATIVE_RE, low, sentence.start, sentence.end):
            first, last = _foreign_relative(match, source.this_year)
            per_year = bool(match["per"])
            periods.append(_Period(match.start(), match.end(), first, last, True, per_year))
        periods.sort(key=lambda p: p.start)
    if any(not p.per_year for p in periods):
        # "$2 billion a year between 2007 and 2016": the rate's period is the one written.
        periods = [p for p in periods if not p.per_year]
    return periods


# Arabic joins "و" (and), "ب" (in), "ل" (for) and "ف" to the year ("و2023", "ل2025").
_YEAR_PROCLITICS = frozenset("وبلف")


def _counts_back(match: re.Match[str]) -> bool:
    """ "A year earlier", "the year before", "the previous year": a year counted back from
    another year the sentence writes, when it writes one."""
    return bool(match["before"] or match["rw"] in ("previous",))


def _anchor_year(written: Sequence[_Period], match: re.Match[str]) -> int | None:
    """The single year the sentence writes nearest before the phrase, else after it."""
    before = [p for p in written if p.end <= match.start()]
    after = [p for p in written if p.start >= match.end()]
    nearest = before[-1] if before else (after[0] if after else None)
    return nearest.first if nearest is not None else None


def _year_may_start(low: str, start: int) -> bool:
    if start == 0:
        return True
    before = low[start - 1]
    if low[max(0, start - 2) : start] == "fy":
        return True  # "FY2024"
    if before in _YEAR_PROCLITICS and (start < 2 or not is_word_char(low[start - 2])):
        return True
    return not (is_word_char(before) or before in "$€£.,-")


def _year_period(source: _Source, match: re.Match[str], floor: int) -> _Period | None:
    """The period a four-digit year opens: a span, "between Y and Y", "since Y", a year."""
    low = source.low
    start, end = match.span()
    year = int(match[0])
    window = max(floor, start - 30)
    opener = _BETWEEN_YEARS_BEFORE_RE.search(low, window, start)
    second = _SECOND_YEAR_RE.match(low, end) if opener else None
    if opener and second:
        return _checked(opener.start(), second.end(), year, int(second["last"]))
    between = _BETWEEN_AFTER_RE.match(low, end)
    if between:
        return _checked(start, between.end(), year, int(between["last"]))
    if _SINCE_TR_AFTER_RE.match(low, end) or (
        _SINCE_RU_BEFORE_RE.search(low, window, start) and _SINCE_RU_AFTER_RE.match(low, end)
    ):
        return _Period(start, end, year, source.this_year)
    span = _SPAN_AFTER_RE.match(low, end)
    if span:
        raw = span["last"]
        last = int(raw) if len(raw) == 4 else year // 100 * 100 + int(raw)
        return _checked(start, span.end(), year, last)
    since = _SINCE_BEFORE_RE.search(low, window, start) or _FOREIGN_SINCE_BEFORE_RE.search(
        low, window, start
    )
    if since or _FOREIGN_SINCE_AFTER_RE.match(low, end):
        if since is None:
            return _Period(start, end, year, source.this_year)
        return _Period(since.start(), end, year, source.this_year)
    if _FISCAL_BEFORE_RE.search(low, window, start):
        return _Period(start, end, year, year)
    following = low[end : end + 1]
    if following == "-" and _YEAR_ENDING_AFTER_RE.match(low, end):
        return _Period(start, end, year, year)  # "2024-ben", "2025-ös költségvetés"
    if following and (is_word_char(following) or following in "%-"):
        return None  # "1990s", "2020-era"
    if _is_attributive_year(source, start, end):
        return None
    return _Period(start, end, year, year, leads=bool(_LEADING_YEAR_AFTER_RE.match(low, end)))


# Hungarian, Azerbaijani and Armenian write a year's ending after a hyphen: "2024-ben" (in
# 2024), "2025-ös" (of 2025), "2020-tól" (from 2020); "2025-ci il" (the year 2025);
# "2025-ին" (in 2025), "2024-ի" (of 2024).
_YEAR_ENDING_AFTER_RE = re.compile(
    r"-(?:ban|ben|ba|be|ra|re|ig|tól|től|ról|ről|as|es|os|ös|ás|és|ik|i|hoz|hez|höz"
    r"|ci|cı|cu|cü|ին|ի|ից|ը|ն)(?!\w)"
)


def _checked(start: int, end: int, first: int, last: int) -> _Period | None:
    return _Period(start, end, first, last) if first <= last else None


def _is_attributive_year(source: _Source, start: int, end: int) -> bool:
    """ "the 2020 war", "its 2024 analysis": a year naming an event, not a period. A budget's
    or a deal's year is its period ("the 2024 budget", "the 2022 agreement")."""
    if _PRICE_LEVEL_AFTER_RE.match(source.low, end):
        return True
    if any(
        pattern.match(source.low, end)
        for pattern in (_BUDGET_AFTER_RE, _DEAL_AFTER_RE, _YEAR_NOUN_AFTER_RE)
    ):
        return False
    return bool(
        _ATTRIBUTIVE_BEFORE_RE.search(source.low, max(0, start - 8), start)
        and _LOWER_WORD_AFTER_RE.match(source.text, end)
    )


def _count(word: str | None) -> int:
    if not word or word == "a":
        return 1
    return int(word) if word.isdigit() else SMALL_NUMBERS.get(word, 1)


_RELATIVE_OFFSETS = {
    "last": -1,
    "previous": -1,
    "this": 0,
    "past": 0,
    "current": 0,
    "next": 1,
    "coming": 1,
    "upcoming": 1,
}


def _relative(match: re.Match[str], this_year: int | None) -> tuple[int | None, int | None]:
    if this_year is None:
        return None, None
    if match["per"]:
        return this_year, this_year  # "spends $1.4 billion a year": the present one
    if match["past"]:
        years = _count(match["pn"]) * (10 if match["pu"].startswith("decade") else 1)
        return this_year - years + 1, this_year
    if match["ago"]:
        years = _count(match["an"]) * (10 if match["au"].startswith("decade") else 1)
        return this_year - years, this_year - years
    offset = _RELATIVE_OFFSETS[match["rw"] or "last"]
    return this_year + offset, this_year + offset


# Russian and Turkish relative years ("в прошлом году", "на следующий год", "geçen yıl",
# "son 20 yılda", "ежегодно"). Folded text.
_FOREIGN_YEAR_WORDS = (
    "год", "лет", "yıl", "sene", "ежегод", "ранее", "عام", "سنة", "rok", "годин", "godin",
    "tavaly", "idé", "jövő", "anno", "år", "fjol", "gələn", "keçən", "ötən", "cari il",
    "bu il", "տար",
)  # fmt: skip
_FOREIGN_RELATIVE_OFFSETS = {
    "прошлом": -1, "минувшем": -1, "позапрошлом": -2, "этом": 0, "текущем": 0,
    "нынешнем": 0, "следующем": 1, "будущем": 1, "наступающем": 1, "следующий": 1,
    "будущий": 1, "текущий": 0, "этот": 0, "geçen": -1, "geçtiğimiz": -1, "bu": 0,
    "gelecek": 1, "önümüzdeki": 1,
}  # fmt: skip
_FOREIGN_RELATIVE_RE = re.compile(
    r"(?P<rel>(?:в|во)\s+(?P<rw>прошлом|минувшем|позапрошлом|этом|текущем|нынешнем|следующем|"
    r"будущем|наступающем)\s+году|на\s+(?P<rw2>следующий|будущий|текущий|этот)\s+год(?!\w)"
    r"|(?P<rw3>geçen|geçtiğimiz|bu|gelecek|önümüzdeki)\s+(?:yıl|sene)\w*|(?P<earlier>годом\s+"
    r"ранее|seneye))"
    r"|(?P<per>ежегодно|в\s+год(?!\w)|her\s+yıl(?!\w)|yıllık)"
    r"|(?P<past>за\s+последние\s+(?P<pn>\d{1,2}|[^\W\d_]+)\s+(?:лет|года)(?!\w)"
    r"|son\s+(?P<tn>\d{1,2}|[^\W\d_]+)\s+yıl\w*)"
    # The other languages' phrases (wordforms: "العام المقبل", "jövőre", "nästa år").
    rf"|(?P<rw4>{trie_pattern(wordforms.RELATIVE_YEARS)})(?!\w)"
)


def _foreign_relative(match: re.Match[str], this_year: int | None) -> tuple[int | None, int | None]:
    if this_year is None:
        return None, None
    if match["per"]:
        return this_year, this_year
    if match["past"]:
        raw = match["pn"] or match["tn"] or ""
        count = int(raw) if raw.isdigit() else int(wordforms.NUMBER_WORDS.get(raw, (1, ""))[0])
        return this_year - count + 1, this_year
    if match["earlier"]:
        offset = -1 if match["earlier"].startswith("год") else 1
    elif match["rw4"]:
        offset = wordforms.RELATIVE_YEARS[" ".join(match["rw4"].split())]
    else:
        offset = _FOREIGN_RELATIVE_OFFSETS[match["rw"] or match["rw2"] or match["rw3"]]
    return this_year + offset, this_year + offset


def _attach_periods(
    low: str, amounts: Sequence[Amount], periods: Sequence[_Period]
) -> dict[int, _Period]:
    """Periods written right after an amount belong to it: "$669 million in 2020"."""
    attached: dict[int, _Period] = {}
    for amount in amounts:
        for period in periods:
            if period.start < amount.end:
                continue
            if period.start - amount.end <= 40 and not period.leads:
                gap = _ATTACHING_GAP_RE.match(low, amount.end, period.start)
                if gap is not None and gap.end() == period.start:
                    attached[amount.start] = period
            break
    return attached


# What introduces the amount a change is measured from: "up from $3.1 billion", "compared
# with $21 billion", "against 9.4 trillion rubles".
_COMPARED_BEFORE_RE = re.compile(
    r"(?:\b(?:up|down|rising|falling|rose|fell|grew|increased|decreased|climbed|dropped)\s+"
    r"from|\bcompared\s+(?:with|to)|\bagainst|\bversus|\bvs\.?)\s+"
    r"(?:(?:about|around|some|nearly|almost|roughly)\s+)?$"
)


def _compared_metric(
    amount: Amount, facts: _SentenceFacts, count_metric: str | None
) -> tuple[str | None, bool]:
    """The metric of the sum a sum is compared with, written before it: "918 million lari
    next year, against 900 million lari in 2021" are both the defence ministry's, and in
    "the army will receive $2 billion, up from $1.6 billion" both are expenditure."""
    low = facts.source.low
    if amount.currency is None or not _COMPARED_BEFORE_RE.search(
        low, max(facts.sentence.start, amount.start - 40), amount.start
    ):
        return None, False
    earlier = [a for a in facts.amounts if a.currency is not None and a.end <= amount.start]
    return _metric(earlier[-1], facts, count_metric) if earlier else (None, False)


def _period_for(
    low: str, amount: Amount, periods: Sequence[_Period], attached: dict[int, _Period]
) -> _Period | None:
    """The amount's own period, else the nearest free one before it, else after it.

    An amount a change is measured from has only its own: the sentence's year is the new
    amount's ("the 2025 budget gives $3.8 billion, up from $3.1 billion").
    """
    own = attached.get(amount.start)
    if own is not None:
        return own
    if _COMPARED_BEFORE_RE.search(low, max(0, amount.start - 40), amount.start):
        return None
    claimed = {id(p) for p in attached.values()}
    free = [
        p
        for p in periods
        if id(p) not in claimed
        and p.first is not None
        and not (p.start < amount.end and amount.start < p.end)
    ]
    preceding = [p for p in free if p.end <= amount.start]
    if preceding:
        return preceding[-1]
    following = [p for p in free if p.start >= amount.end]
    if following:
        return following[0]
    return None


# A change from one sum to another: "rose from", "grew from" (not "spent from $2 billion
# to $3 billion a year", a range).
_FROM_BEFORE_SUM_RE = re.compile(
    r"\b(?:rose|risen|rising|grew|grown|growing|increased|increasing|climbed|jumped|soared|"
    r"surged|fell|fallen|falling|dropped|declined|decreased|went|up|down)\s+from\s+"
    r"(?:(?:about|around|some|nearly|almost|roughly)\s+)?$"
)
_TO_BETWEEN_SUMS_RE = re.compile(
    r"\s+to\s+(?:(?:about|around|some|nearly|almost|roughly|over|more\s+than)\s+)?"
)


def _year_of_change(facts: _SentenceFacts, amount: Amount) -> int | None:
    """In a change "from A to B" over a span of years, A is the first year's and B the
    last's: "rose from 39,8 million to 651 million dollars between 1999 and 2008"."""
    low = facts.source.low
    sums = [a for a in facts.amounts if a.currency is not None]
    for first, second in itertools.pairwise(sums):
        if amount is not first and amount is not second:
            continue
        if not (
            _TO_BETWEEN_SUMS_RE.fullmatch(low, first.end, second.start)
            and _FROM_BEFORE_SUM_RE.search(low, max(0, first.start - 40), first.start)
        ):
            continue
        for side in (second, first):
            span = _period_for(low, side, facts.periods, facts.attached)
            if span and span.first is not None and span.last is not None and span.first < span.last:
                return span.first if amount is first else span.last
    return None


# --- one sentence ------------------------------------------------------------------------


class _SentenceFacts:
    """What one sentence says, read once for all the amounts in it.

    Cues and periods are read on first use: a sentence with only counts needs no cues,
    and most sentences with a strong cue never need the weak ones. (Plain attributes
    rather than functools.cached_property, whose lock costs more than the work here.)
    """

    def __init__(self, source: _Source, sentence: Sentence, amounts: Sequence[Amount]):
        self.source = source
        self.sentence = sentence
        self.amounts = [a for a in amounts if sentence.start <= a.start < sentence.end]
        # Whether the other languages' words are searched in this sentence (see
        # lexicon.LexiconIndex): decided once, since every rule below asks.
        self.foreign = _foreign(source.low, sentence.start, sentence.end)
        hits = [
            h
            for h in source.index.entities_in(
                source.text, sentence.start, sentence.end, foreign=self.foreign
            )
            if not any(a.currency and a.start < h.end and h.start < a.end for a in self.amounts)
        ]
        attribution = _attribution(source, sentence, self.foreign)
        self.attribution = attribution.name
        self.roles = _roles(source, sentence, hits, attribution, self.foreign)
        self._strong_cues: list[CueHit] | None = None
        self._weak_cues: list[CueHit] | None = None
        self._in_domain: bool | None = None
        self._periods: list[_Period] | None = None
        self._attached: dict[int, _Period] | None = None

    @property
    def strong_cues(self) -> list[CueHit]:
        if self._strong_cues is None:
            sentence = self.sentence
            self._strong_cues = self.source.index.cues_in(
                self.source.low, sentence.start, sentence.end, foreign=self.foreign
            )
        return self._strong_cues

    @property
    def weak_cues(self) -> list[CueHit]:
        if self._weak_cues is None:
            sentence = self.sentence
            self._weak_cues = self.source.index.weak_cues_in(
                self.source.low, sentence.start, sentence.end, foreign=self.foreign
            )
        return self._weak_cues

    @property
    def in_domain(self) -> bool:
        if self._in_domain is None:
            low, sentence = self.source.low, self.sentence
            self._in_domain = any(word_matches(_DOMAIN_RE, low, sentence.start, sentence.end)) or (
                self.foreign
                and any(word_matches(_FOREIGN_DOMAIN_RE, low, sentence.start, sentence.end))
            )
        return self._in_domain

    @property
    def periods(self) -> list[_Period]:
        if self._periods is None:
            self._periods = _periods(self.source, self.sentence, self.foreign)
        return self._periods

    @property
    def attached(self) -> dict[int, _Period]:
        if self._attached is None:
            self._attached = _attach_periods(self.source.low, self.amounts, self.periods)
        return self._attached


def _context_for(
    source: _Source,
    amount: Amount,
    facts: _SentenceFacts,
    sentences: Sequence[Sentence],
    sentence_at: int,
    count_metric: str | None,
) -> Context:
    compared, compared_strong = _compared_metric(amount, facts, count_metric)
    metric, strong = (
        (compared, compared_strong) if compared else _metric(amount, facts, count_metric)
    )
    # What the sentence before says reaches this one only within a paragraph: a blank
    # line starts another topic.
    previous = (
        sentences[sentence_at - 1]
        if sentence_at > 0
        and _same_paragraph(source.text, sentences[sentence_at - 1], facts.sentence)
        else None
    )
    if metric is None and amount.currency is not None and previous is not None:
        metric = _elided_metric(source, facts.sentence, previous)
    subject, counterparty = _subject(facts.roles, amount, metric)
    listed = _listed_owner(facts, amount)
    if listed is not None:
        subject = listed.entity
    inherited = False
    if subject is None and facts.roles.names_only_sellers and previous is not None:
        # Only the sentence just before: news paragraphs are short and continue their
        # topic across breaks, while a heading or a sentence naming no one stops it.
        subject, inherited_counterparty = _topic(source, previous, amount)
        inherited = subject is not None
        own_sellers = [h.entity for h in facts.roles.sellers if h.entity != subject]
        counterparty = own_sellers[0] if own_sellers else inherited_counterparty
    place = _nearest(facts.roles.places, amount) if amount.currency is not None else None
    if subject is None and place is not None:
        # "In Baku, the budget was set at ...": the place is all the sentence has.
        subject = place.entity
    period = _period_for(source.low, amount, facts.periods, facts.attached)
    period_start, period_end = (period.first, period.last) if period else (None, None)
    year = _year_of_change(facts, amount)
    if year is not None:
        period_start = period_end = year
    kind = _kind(source, facts.sentence, amount, metric, period_start, period_end)
    return Context(
        subject=subject,
        counterparty=counterparty,
        metric=metric,
        period_start=period_start,
        period_end=period_end,
        attribution=facts.attribution,
        subject_inherited=inherited,
        metric_strong=strong,
        kind=kind,
        item=_item(source, facts.sentence, amount) if kind == "transaction" else None,
        period_relative=bool(period and period.relative and period.first is not None),
    )


# What may stand before the name that heads a clause without its verb: "..., Azerbaijan
# $1.7 billion and Georgia $317 million" (folded text).
_LIST_ITEM_BEFORE_RE = re.compile(r"(?:,|;|\band|\bwhile|\bwhereas)\s+(?:the\s+)?$")


def _listed_owner(facts: _SentenceFacts, amount: Amount) -> EntityHit | None:
    """The name written right before a sum in a list that leaves the verb out after its
    first item: "Armenia spent $609 million, Azerbaijan $1.7 billion and Georgia $317
    million". Each later sum belongs to the name before it, not to the first clause's."""
    if amount.currency is None or not any(
        other.currency is not None and other.end <= amount.start for other in facts.amounts
    ):
        return None
    low, start = facts.source.low, facts.sentence.start
    for hit in facts.roles.eligible:
        if (
            hit.end < amount.start
            and not low[hit.end : amount.start].strip()
            and _LIST_ITEM_BEFORE_RE.search(low, max(start, hit.start - 12), hit.start)
        ):
            return hit
    return None


# "a year", "annually", "on average": an amount per year even over a span of years.
_PER_YEAR_RE = re.compile(
    r"\b(?:a|per|each|every)\s+year\b|\bannual(?:ly)?\b|\byearly\b|\bon average\b|"
    r"\baverag(?:e|ed|ing)\b"
)


# Words that make an amount a sum over years even when the years cannot be dated (an
# undated article's "over the past decade").
_TOTAL_RE = re.compile(
    r"\bover the (?:past|last|previous|next)\s+(?:\w+\s+)?(?:decade|years)\b|"
    r"\bin total\b|\ba total of\b|\bcombined\b|\baltogether\b|\bcumulative(?:ly)?\b|"
    r"\bbetween \d{4} and \d{4}\b|\bfrom \d{4} (?:to|through|until) \d{4}\b"
)


def _kind(
    source: _Source,
    sentence: Sentence,
    amount: Amount,
    metric: str | None,
    period_start: int | None,
    period_end: int | None,
) -> str:
    """What sort of amount this is: a count, one deal, a total over years, or a yearly one.

    A money amount over a span of years ("over the past decade", "between 2007 and 2016")
    is a total unless the sentence says it is per year ("$2 billion a year").
    """
    if amount.currency is None:
        return "count"
    if metric in DEAL_METRICS:
        return "transaction"
    spans_years = period_start is not None and period_end is not None and period_end > period_start
    if not spans_years and _TOTAL_RE.search(source.low, sentence.start, sentence.end) is None:
        return "annual"
    per_year = _PER_YEAR_RE.search(source.low, sentence.start, sentence.end)
    return "annual" if per_year else "total"


# Weapon designations: "JF-17 Block-III", "Su-30SM", "S-400", "Bayraktar TB2", "Barak MX".
_DESIGNATION_RE = re.compile(
    r"\b(?:[A-Z][a-z]+\s)?[A-Z][A-Za-z]{0,5}-?\d{1,4}[A-Za-z]{0,4}(?:[\s-]Block[\s-][IVX]+)?\b"
    r"|\b[A-Z][a-z]{2,}\s[A-Z]{2,3}\b"
)


def _item(source: _Source, sentence: Sentence, amount: Amount) -> str | None:
    """What a deal bought, by its designation: the nearest one after the amount, else
    before it, within the sentence."""
    after = _DESIGNATION_RE.search(source.text, amount.end, sentence.end)
    if after is None:
        before = list(_DESIGNATION_RE.finditer(source.text, sentence.start, amount.start))
        after = before[-1] if before else None
    if after is None:
        return None
    first, _, rest = after.group(0).partition(" ")
    # "sold Armenia S-300 systems": a country before the designation is not part of it.
    if rest and source.index.entities_in(source.text, after.start(), after.start() + len(first)):
        return rest
    return after.group(0)


# "Armenia's spending rose to $1.4 billion. Azerbaijan's climbed to $3.7 billion." The
# second sentence leaves its noun out: a possessive followed straight by a verb of change.
_ELIDED_POSSESSIVE_RE = re.compile(
    r"\b[A-Z][\w\-]*['’]s\s+(?:also\s+|has\s+|have\s+|had\s+)?(?:rose|risen|climbed|grew|"
    r"grown|increased|jumped|surged|soared|doubled|tripled|reached|hit|stood|totall?ed|fell|"
    r"fallen|dropped|declined|decreased|shrank|was|is|came|went|amounted)\b"
)


def _elided_metric(source: _Source, sentence: Sentence, previous: Sentence) -> str | None:
    """The metric of the sentence before, when this one only points back at it."""
    if not _ELIDED_POSSESSIVE_RE.search(source.text, sentence.start, sentence.end):
        return None
    cues = _SentenceFacts(source, previous, ()).strong_cues
    metrics = {cue.metric for cue in cues}
    return metrics.pop() if len(metrics) == 1 else None


def _same_paragraph(text: str, first: Sentence, second: Sentence) -> bool:
    """Whether no blank line stands between two sentences."""
    return text.count("\n", first.end, second.start) < 2


def _topic(source: _Source, sentence: Sentence, amount: Amount) -> tuple[str | None, str | None]:
    """Whom a sentence is about, for an amount in the sentence after it that names no one.

    Read as if the amount stood at the sentence's end, so the same roles fit: whoever acts
    in it owns a sum ("Azerbaijan raised its budget. It reached $3.7 billion.").
    """
    hits = source.index.entities_in(source.text, sentence.start, sentence.end)
    if not hits:
        return None, None
    roles = _roles(source, sentence, hits, _attribution(source, sentence))
    end_of_sentence = Amount(
        sentence.end, sentence.end, None, None, None, "exact", amount.currency, None
    )
    return _subject(roles, end_of_sentence, None)
