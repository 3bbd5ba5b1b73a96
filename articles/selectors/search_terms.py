"""What the words of a search mean beyond themselves: the year they name and their synonyms.

Readers type "Azerbaijan 2024" and mean the figures for 2024, not passages that happen to
print "2024"; they type "defence spending" where an article wrote "defense expenditures".
This module owns both readings, in plain Python with no Django, so the PostgreSQL and the
SQLite searches (``articles/selectors/search.py``) apply the same table and the same rule.

The synonym table is small and explicit on purpose: every pair in it was checked against
how the desk's articles say things. A thesaurus would also pair words the desk keeps apart
("budget" is a plan, "spending" what was spent: different figures, so not synonyms). A word
belongs to one group at most, which the module checks when it is imported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

# Each group: words that find each other. Spellings PostgreSQL's English stemmer already
# joins ("spend"/"spending") are still listed, because SQLite compares the words as typed.
SYNONYMS: Final[tuple[tuple[str, ...], ...]] = (
    ("spending", "spend", "spent", "expenditure", "expenditures"),
    ("defence", "defense", "military"),
)

# A standalone year in the words narrows claims to the periods that cover it. The bounds
# keep amounts ("2500 tanks") and codes out; no figure the desk tracks is older than 1900.
MIN_QUERY_YEAR: Final = 1900
MAX_QUERY_YEAR: Final = 2100

# A quoted phrase (possibly left open at the end) or a run of other characters: the pieces
# the web-search syntax reads, so a year inside "a quoted phrase" stays part of the phrase.
_PIECE = re.compile(r'"[^"]*(?:"|$)|[^\s"]+')
# Punctuation a reader may leave around a year ("Azerbaijan, 2024."); a sign, a currency
# symbol or another digit next to it makes it an amount or a code instead.
_YEAR = re.compile(r"\(?(\d{4})[).,;:!?]*")
_EDGE_PUNCTUATION = "\"'()[]{}.,;:!?"


def _group_index(groups: tuple[tuple[str, ...], ...]) -> dict[str, tuple[str, ...]]:
    index: dict[str, tuple[str, ...]] = {}
    for group in groups:
        for word in group:
            if word != word.lower() or word in index:
                raise ValueError(f"Synonym {word!r} must be lower case and in one group only.")
            index[word] = group
    return index


_GROUP_OF: Final = _group_index(SYNONYMS)


@dataclass(frozen=True)
class QueryWords:
    """A query split into the words to match and the year it names (``None``: no year)."""

    text: str
    year: int | None


def split_year(q: str) -> QueryWords:
    """Take the one standalone year out of ``q``; with none, or several, ``q`` stays whole.

    Two years ("2020 or 2024", "2020 2024") name no single period to narrow to, so they are
    left to be matched as words, as they were before this rule existed.
    """
    pieces = _PIECE.findall(q)
    years = [
        (position, int(match.group(1)))
        for position, piece in enumerate(pieces)
        if (match := _YEAR.fullmatch(piece))
        and MIN_QUERY_YEAR <= int(match.group(1)) <= MAX_QUERY_YEAR
    ]
    if len(years) != 1:
        return QueryWords(text=q, year=None)
    position, year = years[0]
    rest = pieces[:position] + pieces[position + 1 :]
    return QueryWords(text=" ".join(rest), year=year)


def synonyms_of(word: str) -> tuple[str, ...]:
    """The other words that find what ``word`` finds (none for most words), in table order."""
    key = word.lower().strip(_EDGE_PUNCTUATION)
    return tuple(other for other in _GROUP_OF.get(key, ()) if other != key)


def synonym_groups_in(text: str) -> list[tuple[str, ...]]:
    """The synonym groups a word of ``text`` belongs to, each once, in the order they appear."""
    groups: list[tuple[str, ...]] = []
    for word in re.findall(r"[^\W\d_]+", text.lower()):
        group = _GROUP_OF.get(word)
        if group is not None and group not in groups:
            groups.append(group)
    return groups
