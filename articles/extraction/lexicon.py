"""The vocabulary the extractor reasons with: entities, their aliases, and metric cue words.

This is the only place that names countries, organisations and metrics. The Django
service builds a `Lexicon` from its Entity and Metric rows; `DEFAULT_LEXICON` covers the
seed material so that the pure core works (and is tested) without a database. Alongside
it live the few word lists that are vocabulary rather than grammar: the nouns that make a
number a count of equipment or people, weak cue words that only hint at a metric, and the
words that say a sentence is about the military at all.

A `Lexicon` is immutable and hashable, so the regular expressions built from it are
compiled once per lexicon (`lexicon_index`) instead of once per call.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from . import wordforms
from .scanning import ANY_ENDING, fold, is_word_char, trie_pattern, without_arabic_marks
from .wordforms import TURKISH_CASE_ENDINGS

COUNT_METRIC = "equipment-count"
NOT_A_CUE = ""  # the metric of a phrase that only looks like a cue (wordforms.NOT_CUES)


class FrozenMap(Mapping[str, tuple[str, ...]]):
    """A read-only, hashable mapping of names to tuples of words."""

    __slots__ = ("_data", "_hash")

    def __init__(self, items: Mapping[str, Iterable[str]] | Iterable[tuple[str, Iterable[str]]]):
        pairs = items.items() if isinstance(items, Mapping) else items
        self._data: dict[str, tuple[str, ...]] = {
            str(key): tuple(str(word) for word in words) for key, words in pairs
        }
        self._hash: int | None = None

    def __getitem__(self, key: str) -> tuple[str, ...]:
        return self._data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __hash__(self) -> int:
        if self._hash is None:
            self._hash = hash(frozenset(self._data.items()))
        return self._hash

    def __eq__(self, other: object) -> bool:
        if isinstance(other, FrozenMap):
            return self._data == other._data
        if isinstance(other, Mapping):
            return self._data == {k: tuple(v) for k, v in other.items()}
        return NotImplemented

    def __repr__(self) -> str:
        return f"FrozenMap({self._data!r})"


@dataclass(frozen=True)
class Lexicon:
    """Entities (canonical name -> aliases, demonyms, capitals) and metrics (slug -> cues).

    Plain dicts and lists are accepted and frozen on construction, so a Lexicon built from
    database rows is hashable like the default one.
    """

    entities: Mapping[str, tuple[str, ...]]
    metrics: Mapping[str, tuple[str, ...]]

    def __post_init__(self) -> None:
        object.__setattr__(self, "entities", _frozen(self.entities))
        object.__setattr__(self, "metrics", _frozen(self.metrics))


def _frozen(mapping: Any) -> FrozenMap:
    return mapping if isinstance(mapping, FrozenMap) else FrozenMap(mapping)


# Nouns that make a number a figure of the story when they follow it: equipment, and the
# people who fight or die. Compounds come first in matching, so "armored vehicles" wins
# over "vehicles". Plural only: a count of one is seldom a figure.
COUNT_UNITS: tuple[str, ...] = (
    "tanks",
    "main battle tanks",
    "armored vehicles",
    "armoured vehicles",
    "armored personnel carriers",
    "armoured personnel carriers",
    "infantry fighting vehicles",
    "military vehicles",
    "combat vehicles",
    "vehicles",
    "apcs",
    "ifvs",
    "aircraft",
    "combat aircraft",
    "planes",
    "cargo planes",
    "warplanes",
    "fighter jets",
    "jets",
    "fighters",
    "bombers",
    "helicopters",
    "helicopter gunships",
    "attack helicopters",
    "gunships",
    "drones",
    "combat drones",
    "kamikaze drones",
    "uavs",
    "missiles",
    "rockets",
    "launchers",
    "rocket launchers",
    "multiple rocket launchers",
    "rocket systems",
    "missile systems",
    "air defense systems",
    "air-defense systems",
    "air defence systems",
    "radars",
    "radar systems",
    "howitzers",
    "artillery pieces",
    "artillery systems",
    "guns",
    "mortars",
    "warships",
    "ships",
    "vessels",
    "submarines",
    "frigates",
    "corvettes",
    "patrol boats",
    "boats",
    "batteries",
    "shells",
    "munitions",
    "bombs",
    "planeloads",
    "shipments",
    "cargo flights",
    "soldiers",
    "troops",
    "servicemen",
    "service members",
    "military personnel",
    "personnel",
    "peacekeepers",
    "officers",
    "militants",
    "mercenaries",
    "civilians",
    "casualties",
)

# Cue words that point at a metric only when nothing stronger is in the sentence, and only
# in a sentence about the military (see DOMAIN_WORDS). "spent" alone says expenditure;
# "delivered" alone says an import seen from the buyer.
WEAK_METRIC_CUES: Mapping[str, tuple[str, ...]] = FrozenMap(
    {
        "military-expenditure": (
            "spending",
            "spent",
            "spend",
            "spends",
            "budget",
            "budgets",
            "expenditure",
            "expenditures",
            "outlays",
            "allocated",
            # Translated news says "expenses" for expenditure ("expenses on special
            # defence projects").
            "expenses",
        ),
        "arms-imports": (
            "acquired",
            "acquire",
            "acquires",
            "acquisition",
            "acquisitions",
            "bought",
            "buy",
            "buys",
            "purchased",
            "purchases",
            "imported",
            "imports",
            "received",
            "receive",
            "procured",
            "procurement",
            "in arms",
            "in weapons",
            "supplied",
            "supplies",
            "delivered",
            "delivering",
            "deliveries",
            "provided",
            "transferred",
        ),
        "arms-exports": (
            "exported",
            "exports",
            "exporter",
            "sold abroad",
            # What an industry earns abroad: "the defence industry's export revenues".
            "export revenue",
            "export revenues",
            "export earnings",
            "export income",
            "export volume",
        ),
        "arms-deal": ("sale", "sales", "ordered", "order", "signed"),
        "military-aid": ("aid", "assistance", "grant", "grants", "donated", "pledged"),
    }
)

# A sentence must contain one of these before a weak cue may name a military metric:
# "spent $5 million on a hospital" is not military expenditure.
DOMAIN_WORDS: tuple[str, ...] = (
    "arms",
    "weapon",
    "weapons",
    "weaponry",
    "military",
    "defense",
    "defence",
    "army",
    "armed forces",
    "armament",
    "armaments",
    "hardware",
    "missile",
    "missiles",
    "tanks",
    "drones",
    "fighter",
    "jets",
    "aircraft",
    "helicopters",
    "artillery",
    "howitzers",
    "troops",
    "security",
    "war",
)

# Capitals stand for their countries in news ("Baku allocated ...", "Moscow delivered ..."):
# one table, read by `lexicon_index` for every country a lexicon knows, so a lexicon built
# from the database reads them too. Seats of government count as capitals here.
CAPITALS: Mapping[str, str] = {
    "Baku": "Azerbaijan",
    "Yerevan": "Armenia",
    "Tbilisi": "Georgia",
    "Ankara": "Turkey",
    "Moscow": "Russia",
    "Tehran": "Iran",
    "Jerusalem": "Israel",
    "Paris": "France",
    "New Delhi": "India",
    "Islamabad": "Pakistan",
    "Washington": "United States",
    "Kyiv": "Ukraine",
    "Kiev": "Ukraine",
    "Beijing": "China",
    "Minsk": "Belarus",
    "Belgrade": "Serbia",
    "Stepanakert": "Nagorno-Karabakh",
    "Berlin": "Germany",
    "London": "United Kingdom",
    "Rome": "Italy",
    "Athens": "Greece",
    "Astana": "Kazakhstan",
    "Damascus": "Syria",
    "Baghdad": "Iraq",
    "Riyadh": "Saudi Arabia",
    "Abu Dhabi": "United Arab Emirates",
    "Cairo": "Egypt",
    "Warsaw": "Poland",
    "Budapest": "Hungary",
    # "Stockholm International Peace Research Institute" is SIPRI: the longer alias wins.
    "Stockholm": "Sweden",
    "Jakarta": "Indonesia",
}


def _with_capitals(entities: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    """The entities with each country's capitals among its aliases."""
    return {
        entity: (*aliases, *(city for city, country in CAPITALS.items() if country == entity))
        for entity, aliases in entities.items()
    }


DEFAULT_LEXICON = Lexicon(
    entities=_with_capitals(
        {
            "Azerbaijan": (
                "Azerbaijani",
                "Azerbaijanis",
                "Azeri",
                "Azeris",
                "Republic of Azerbaijan",
            ),
            "Armenia": ("Armenian", "Armenians", "Republic of Armenia"),
            "Russia": ("Russian", "Russians", "Kremlin", "Russian Federation"),
            "Turkey": ("Türkiye", "Turkiye", "Turkish", "Turks"),
            "Israel": ("Israeli", "Israelis", "Tel Aviv"),
            "Iran": ("Iranian", "Iranians", "Islamic Republic of Iran"),
            "France": ("French",),
            "India": ("Indian", "Indians"),
            "Pakistan": ("Pakistani", "Pakistanis"),
            "United States": (
                "US",
                "U.S.",
                "USA",
                "U.S.A.",
                "United States of America",
                "America",
                "American",
                "Americans",
            ),
            "Georgia": ("Georgian", "Georgians"),
            "Ukraine": ("Ukrainian", "Ukrainians"),
            "China": ("Chinese", "People's Republic of China", "PRC"),
            "Belarus": ("Belarusian", "Belarusians"),
            "Serbia": ("Serbian", "Serbians", "Serb", "Serbs"),
            "Nagorno-Karabakh": ("Nagorno Karabakh", "Karabakh", "Artsakh"),
            "Germany": ("German", "Germans"),
            "United Kingdom": ("UK", "U.K.", "Britain", "Great Britain", "British"),
            "Italy": ("Italian",),
            "Greece": ("Greek",),
            "Kazakhstan": ("Kazakh", "Kazakhstani"),
            "Syria": ("Syrian",),
            "Iraq": ("Iraqi",),
            "Saudi Arabia": ("Saudi", "Saudis"),
            "United Arab Emirates": ("UAE", "Emirati"),
            "Egypt": ("Egyptian",),
            # Case-sensitive like every alias: "Polish" is Poland, "polish" the verb.
            "Poland": ("Polish", "Poles"),
            "Hungary": ("Hungarian", "Hungarians"),
            "Sweden": ("Swedish", "Swedes"),
            "Indonesia": ("Indonesian", "Indonesians"),
            "SIPRI": ("Stockholm International Peace Research Institute",),
            "CAWAT": (
                "Centre for Analysis of World Arms Trade",
                "Center for Analysis of World Arms Trade",
            ),
            "Rosoboronexport": (),
            "NATO": ("North Atlantic Treaty Organization", "North Atlantic Treaty Organisation"),
            "European Union": ("EU", "E.U."),
            "CSTO": (
                "Collective Security Treaty Organization",
                "Collective Security Treaty Organisation",
            ),
            "OSCE": (
                "Organization for Security and Co-operation in Europe",
                "Organization for Security Cooperation in Europe",
            ),
            "United Nations": ("UN", "U.N."),
        }
    ),
    metrics={
        "military-expenditure": (
            "military spending",
            "defense spending",
            "defence spending",
            "military expenditure",
            "military expenditures",
            "defense expenditure",
            "defense expenditures",
            "defence expenditure",
            "defence expenditures",
            "military budget",
            "military budgets",
            "defense budget",
            "defense budgets",
            "defence budget",
            "defence budgets",
            "military outlays",
            "defense outlays",
            "military expenses",
            "defence expenses",
            "defense expenses",
            "spending on defense",
            "spending on defence",
            "spent on defense",
            "spent on defence",
            "spending on the military",
            "spent on the military",
            # Translated news names the budget line rather than the spending (issue 16).
            "defence and national security",
            "defense and national security",
            "defence and security",
            "defense and security",
            "national defence",
            "national defense",
            "on defence",
            "on defense",
            "to defence",
            "to defense",
            "for defence",
            "for defense",
            "for the armed forces",
            "to the armed forces",
            "on the armed forces",
            "for the army",
            "to the army",
            "on the army",
            "for the military",
            "to the military",
            "on the military",
            "military funding",
            "defence allocations",
            "defense allocations",
            "defence allocation",
            "defense allocation",
            "military allocations",
        ),
        "arms-imports": (
            "arms imports",
            "arms import",
            "weapons imports",
            "arms importer",
            "arms importers",
            "imports of arms",
            "imported arms",
            "imported weapons",
            "arms purchases",
            "weapons purchases",
            "arms acquisitions",
            "arms procurement",
            "military procurement",
            "defense procurement",
            "defence procurement",
        ),
        "arms-exports": (
            "arms exports",
            "arms export",
            "weapons exports",
            "arms exporter",
            "arms exporters",
            "exports of arms",
            "arms sales abroad",
            "defense exports",
            "defence exports",
            "military exports",
        ),
        "arms-deal": (
            "deal",
            "deals",
            "arms deal",
            "arms deals",
            "contract",
            "contracts",
            "agreed to sell",
            "agreed to buy",
            "agreed to supply",
            "purchase agreement",
            "supply agreement",
            "purchase of",
            "sale of",
            "sell",
            "sold",
            "order for",
        ),
        "military-aid": (
            "military aid",
            "military assistance",
            "security assistance",
            "security aid",
            "defense aid",
            "defence aid",
            "military grant",
            "military grants",
            "foreign military financing",
            "aid package",
            "assistance package",
        ),
        "cooperation-volume": (
            "military-technical cooperation",
            "military technical cooperation",
            "defense cooperation",
            "defence cooperation",
            "military cooperation",
            "defense-industrial cooperation",
        ),
        COUNT_METRIC: COUNT_UNITS,
    },
)


class EntityHit(NamedTuple):
    """One mention of an entity in a text: where, which, and whether it is possessive.

    `cases` are the grammatical cases the written form shows, as the letters of
    wordforms/russian.py ("d" for "Азербайджану" and "Azerbaycan'a", "b" for the Turkish
    ablative "İsrail'den"); empty when the form shows none, as in English.
    """

    start: int
    end: int
    entity: str
    possessive: bool
    cases: str = ""


class CueHit(NamedTuple):
    start: int
    end: int
    metric: str


@dataclass(frozen=True)
class LexiconIndex:
    """The compiled form of a Lexicon: regexes for aliases and for metric cues.

    The forms of the other languages (wordforms/) are compiled apart (`foreign_*`) and
    searched only in a sentence that may be in one of them (the `foreign` arguments): an
    English sentence is spared hundreds of names and cues it cannot contain, and cannot
    be misread by a foreign cue that is also an English word.
    """

    entity_re: re.Pattern[str] | None
    alias_to_entity: Mapping[str, str]
    cue_re: re.Pattern[str] | None
    cue_to_metric: Mapping[str, str]
    weak_cue_re: re.Pattern[str] | None
    weak_cue_to_metric: Mapping[str, str]
    alias_cases: Mapping[str, str] = field(default_factory=dict)
    # Cues written as stems ("военн* бюджет*"), per metric, to tell which one matched.
    stem_cues: tuple[tuple[re.Pattern[str], str], ...] = ()
    weak_stem_cues: tuple[tuple[re.Pattern[str], str], ...] = ()
    foreign_entity_re: re.Pattern[str] | None = None
    foreign_cue_re: re.Pattern[str] | None = None
    foreign_weak_cue_re: re.Pattern[str] | None = None

    def entities_in(
        self, text: str, start: int = 0, end: int | None = None, *, foreign: bool = True
    ) -> list[EntityHit]:
        """Entity mentions in text[start:end] (original case), offsets into `text`; the
        other languages' forms too when `foreign`."""
        stop = len(text) if end is None else end
        matches: Iterable[re.Match[str]]
        if foreign and self.foreign_entity_re is not None:
            found = list(self.foreign_entity_re.finditer(text, start, stop))
            if self.entity_re is not None:
                found += self.entity_re.finditer(text, start, stop)
            matches = _without_overlaps(found)
        elif self.entity_re is not None:
            matches = self.entity_re.finditer(text, start, stop)
        else:
            return []
        hits = []
        for match in matches:
            if not _free_start(text, match.start()):
                continue
            # A name may carry Arabic short vowels or a shadda the pattern lets through
            # ("أذَربيجان"); it is listed without them.
            alias, end = match[0], match.end()
            if alias not in self.alias_to_entity:
                alias = without_arabic_marks(alias)
            if alias.isupper() and _COMPANY_AFTER_RE.match(text, end):
                continue  # "BAE Systems" is a company, not the Emirates
            after = text[end : end + 2]
            possessive = after in ("’s", "'s") or (after[:1] in ("’", "'") and alias[-1] == "s")
            cases = self.alias_cases.get(alias, "")
            if not possessive and after[:1] in ("’", "'"):
                # A Turkish genitive is the English possessive ("Türkiye'nin bütçesi"); a
                # Russian one, which follows its noun ("бюджет Армении"), is "of".
                cases = _turkish_case(text, end + 1) or cases
                possessive = cases == "g"
            hits.append(
                EntityHit(match.start(), end, self.alias_to_entity[alias], possessive, cases)
            )
        return hits

    def cues_in(
        self, folded: str, start: int = 0, end: int | None = None, *, foreign: bool = True
    ) -> list[CueHit]:
        """Strong metric cues (from the lexicon, and wordforms/ when `foreign`) in
        folded[start:end]."""
        hits = _cues(self.cue_re, self.cue_to_metric, self.stem_cues, folded, start, end)
        if foreign and self.foreign_cue_re is not None:
            hits += _cues(
                self.foreign_cue_re, self.cue_to_metric, self.stem_cues, folded, start, end
            )
            hits.sort(key=lambda h: h.start)
        return hits

    def weak_cues_in(
        self, folded: str, start: int = 0, end: int | None = None, *, foreign: bool = True
    ) -> list[CueHit]:
        """Weak metric cues (WEAK_METRIC_CUES limited to the lexicon's metrics, and
        wordforms/ when `foreign`)."""
        table, stems = self.weak_cue_to_metric, self.weak_stem_cues
        hits = _cues(self.weak_cue_re, table, stems, folded, start, end)
        if foreign and self.foreign_weak_cue_re is not None:
            hits += _cues(self.foreign_weak_cue_re, table, stems, folded, start, end)
            hits.sort(key=lambda h: h.start)
        return hits


def _without_overlaps(matches: list[re.Match[str]]) -> list[re.Match[str]]:
    """Matches of two patterns in reading order, the longer of two that overlap kept."""
    kept: list[re.Match[str]] = []
    for match in sorted(matches, key=lambda m: (m.start(), -m.end())):
        if kept and match.start() < kept[-1].end():
            continue
        kept.append(match)
    return kept


# After an all-capitals alias, a word that makes it a company's name.
_COMPANY_AFTER_RE = re.compile(
    r"\s+(?:Systems|Group|Corporation|Corp|Industries|Holdings|Aerospace|Defen[cs]e)\b"
)
_ENDING_RE = re.compile(r"\w+")


def _turkish_case(text: str, position: int) -> str:
    """The case a Turkish ending after a proper noun's apostrophe shows ("'a": dative)."""
    ending = _ENDING_RE.match(text, position)
    if ending is None:
        return ""
    for pattern, case in TURKISH_CASE_ENDINGS:
        if pattern.fullmatch(ending[0]):
            return case
    return ""


def _free_start(text: str, position: int) -> bool:
    """No letter, digit or hyphen right before: "Russian-Armenian" names neither."""
    return position == 0 or not (is_word_char(text[position - 1]) or text[position - 1] == "-")


def _cues(
    pattern: re.Pattern[str] | None,
    table: Mapping[str, str],
    stems: tuple[tuple[re.Pattern[str], str], ...],
    folded: str,
    start: int,
    end: int | None,
) -> list[CueHit]:
    if pattern is None:
        return []
    stop = len(folded) if end is None else end
    hits = []
    for match in pattern.finditer(folded, start, stop):
        # Most matches are written as listed; only the rest need the key worked out.
        metric = table.get(match[0])
        if metric is None:
            metric = table.get(_cue_key(match[0]))
        if metric is None:
            metric = next((m for stem, m in stems if stem.fullmatch(match[0])), None)
        if metric:  # NOT_A_CUE is empty
            hits.append(CueHit(match.start(), match.end(), metric))
    return hits


_SEPARATORS_RE = re.compile(r"[\s\-‐‑–]+")
_CUE_GAP = r"[\s\-‐‑–]+"


def _cue_key(cue: str) -> str:
    return _SEPARATORS_RE.sub(" ", fold(without_arabic_marks(cue))).strip()


def _is_stem(key: str) -> bool:
    return any(word.endswith(ANY_ENDING) for word in key.split(" "))


def _cue_pattern(cues: Iterable[str]) -> re.Pattern[str] | None:
    keys = {_cue_key(c) for c in cues if c.strip()}
    if not keys:
        return None
    # Spaces and hyphens are interchangeable in cues: "military-technical cooperation".
    # Lower case, matched against folded text. Unlike entity names, cue words start with
    # common letters, so a leading look-behind is faster than first-character skipping.
    # A word ending in * is a stem ("военн* бюджет*"), for languages that inflect.
    return re.compile(rf"(?<![\w-])(?:{trie_pattern(keys, gap=_CUE_GAP)})(?![\w-])")


def _stem_patterns(cue_to_metric: Mapping[str, str]) -> tuple[tuple[re.Pattern[str], str], ...]:
    by_metric: dict[str, list[str]] = {}
    for key, metric in cue_to_metric.items():
        if _is_stem(key):
            by_metric.setdefault(metric, []).append(key)
    return tuple(
        (re.compile(trie_pattern(keys, gap=_CUE_GAP)), metric) for metric, keys in by_metric.items()
    )


@functools.lru_cache(maxsize=32)
def lexicon_index(lexicon: Lexicon) -> LexiconIndex:
    """Compile a lexicon's aliases and cues once; later calls hit the cache.

    Every entity and metric the lexicon names is also read in the other languages of
    wordforms/ (inflected names, stemmed cues), whether the lexicon is the default one or
    built from the database: those forms are grammar, derived from the canonical name.
    """
    alias_to_entity: dict[str, str] = {}
    alias_cases: dict[str, str] = {}
    for entity, aliases in lexicon.entities.items():
        for alias in (entity, *aliases):
            alias_to_entity.setdefault(alias.strip(), entity)
    for city, country in CAPITALS.items():
        if country in lexicon.entities:
            alias_to_entity.setdefault(city, country)
    alias_to_entity.pop("", None)
    own_aliases = list(alias_to_entity)
    foreign_aliases = []
    for entity in lexicon.entities:
        for form, cases in wordforms.entity_forms(entity).items():
            if form and form not in alias_to_entity:
                alias_to_entity[form] = entity
                foreign_aliases.append(form)
                if cases:
                    alias_cases[form] = cases
    own_keys = set()

    cue_to_metric: dict[str, str] = {}
    for metric, cues in lexicon.metrics.items():
        if metric == COUNT_METRIC:
            continue  # count nouns make counts; they say nothing about money
        for cue in cues:
            cue_to_metric.setdefault(_cue_key(cue), metric)
            own_keys.add(_cue_key(cue))
        for cue in wordforms.metric_cues(metric):
            cue_to_metric.setdefault(_cue_key(cue), metric)
    # Phrases that begin with a cue and mean something else ("العقد الماضي", the past
    # decade, not a contract): the longest match wins, and it names no metric.
    for phrase in wordforms.NOT_CUES:
        cue_to_metric.setdefault(_cue_key(phrase), NOT_A_CUE)
    weak_to_metric: dict[str, str] = {}
    own_weak_keys = set()
    for table in (WEAK_METRIC_CUES, wordforms.WEAK_METRIC_CUES):
        for metric, cues in table.items():
            if metric in lexicon.metrics:
                for cue in cues:
                    weak_to_metric.setdefault(_cue_key(cue), metric)
                    if table is WEAK_METRIC_CUES:
                        own_weak_keys.add(_cue_key(cue))
    return LexiconIndex(
        entity_re=_entity_pattern(own_aliases),
        alias_to_entity=alias_to_entity,
        cue_re=_cue_pattern(own_keys),
        cue_to_metric=cue_to_metric,
        weak_cue_re=_cue_pattern(own_weak_keys),
        weak_cue_to_metric=weak_to_metric,
        alias_cases=alias_cases,
        stem_cues=_stem_patterns(cue_to_metric),
        weak_stem_cues=_stem_patterns(weak_to_metric),
        foreign_entity_re=_entity_pattern(foreign_aliases),
        foreign_cue_re=_cue_pattern(k for k in cue_to_metric if k not in own_keys),
        foreign_weak_cue_re=_cue_pattern(k for k in weak_to_metric if k not in own_weak_keys),
    )


def _entity_pattern(aliases: list[str]) -> re.Pattern[str] | None:
    if not aliases:
        return None
    # Proper nouns are matched case-sensitively: "US" is a country, "us" a pronoun. A
    # hyphen on either side means a compound ("Russian-Armenian"), not a mention; the side
    # before is checked by `_free_start` (see scanning.py for why).
    return re.compile(rf"(?:{trie_pattern(aliases, gap=' ')})(?![\w\-])")
