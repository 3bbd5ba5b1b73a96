"""Fast scanning helpers: a lower-cased copy with the same offsets, and word boundaries.

The extractor must read thousands of sentences a second, and two habits of CPython's
regex engine decide that speed. Lower-case patterns run against a lower-cased copy are
about three times faster than `re.IGNORECASE`. And a pattern whose alternatives all begin
with a literal is pre-filtered by its first character (several times faster), which a
leading `\\b` or look-behind prevents; so patterns here start with their words and the
word-boundary check is done in Python with `starts_word`.

`str.lower()` turns a few characters into two ("İ"), which would shift every offset after
them; `fold` leaves those characters as they are so offsets stay valid in both copies.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator


def fold(text: str) -> str:
    """`text` in lower case, character for character (same length, same offsets)."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered  # no character changed length, so offsets match one to one
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


# Arabic-Indic and Persian digits, the Arabic decimal and thousands separators, percent
# sign and comma, each as the one ASCII character the rules are written for.
_WESTERN = str.maketrans(
    {
        **{chr(0x0660 + d): str(d) for d in range(10)},
        **{chr(0x06F0 + d): str(d) for d in range(10)},
        "\u066b": ".",
        "\u066c": ",",
        "\u066a": "%",
        "\u060c": ",",
        "\u061b": ";",
        "\u061f": "?",
    }
)
_EASTERN_RE = re.compile("[\u0660-\u066c\u06f0-\u06f9\u060c\u061b\u061f]")


def western_digits(text: str) -> str:
    """`text` with Arabic-Indic digits and Arabic punctuation as ASCII ("٣٫٨" -> "3.8"),
    character for character, so every offset into it is an offset into `text`."""
    if text.isascii() or _EASTERN_RE.search(text) is None:
        return text
    return text.translate(_WESTERN)


def is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


def starts_word(text: str, position: int) -> bool:
    """Whether a word may start at `position` (what a leading `\\b` would check)."""
    return position == 0 or not is_word_char(text[position - 1])


# Arabic letters written joined to the next word: "و" and, "ب" with, "ل" for, "ف" so
# ("بمليارات", "و5 مليارات"); a tatweel may stretch the join ("بـ3.8 مليار").
_PROCLITICS = frozenset("وبلف")


def after_proclitic(text: str, start: int) -> bool:
    """Whether the word or number at `start` follows a one- or two-letter Arabic
    proclitic that itself starts a word."""
    at = start
    if at > 0 and text[at - 1] == "\u0640":  # tatweel
        at -= 1
    for length in (1, 2):
        first = at - length
        if first < 0 or any(c not in _PROCLITICS for c in text[first:at]):
            return False
        if starts_word(text, first):
            return True
    return False


def word_matches(
    pattern: re.Pattern[str], text: str, start: int = 0, end: int | None = None
) -> Iterator[re.Match[str]]:
    """`pattern.finditer` keeping only matches that start a word."""
    stop = len(text) if end is None else end
    for match in pattern.finditer(text, start, stop):
        if starts_word(text, match.start()):
            yield match


# Tokens of `trie_pattern`'s phrases that are not literal characters.
WORD_GAP = " "  # one or more separators between the words of a phrase
ANY_ENDING = "*"  # at the end of a word: any further word characters (a stem)


def trie_pattern(phrases: Iterable[str], *, gap: str = r"\s+") -> str:
    """One alternation for many phrases, factored on shared prefixes.

    CPython's regex engine tries the branches of an alternation one after another, so a
    list of a few hundred words costs a few hundred failed attempts wherever the first
    letter fits. Factored as a trie ("mil(?:yar|yon)"), a failed attempt costs one or two
    characters, whatever the size of the list, and the first-character skip still works.
    The longest phrase wins, as in a list sorted longest first: every node tries to go on
    before it stops.

    In a phrase, a space stands for `gap` and a `*` ending a word for any word characters
    ("расход* на оборон*" matches "расходы на оборону"). Everything else is literal.
    """
    root: dict[str, dict] = {}
    for phrase in phrases:
        node = root
        for token in _trie_tokens(phrase):
            node = node.setdefault(token, {})
        node[""] = {}
    return _trie_regex(root, gap)


def _trie_tokens(phrase: str) -> list[str]:
    tokens: list[str] = []
    for index, char in enumerate(phrase):
        if char == " ":
            if tokens and tokens[-1] != WORD_GAP:
                tokens.append(WORD_GAP)
        elif char == ANY_ENDING and (index + 1 == len(phrase) or phrase[index + 1] == " "):
            tokens.append(ANY_ENDING)
        else:
            tokens.append(char)
    return tokens


# The short vowels and the shadda (U+064B-U+0652) an Arabic letter may carry, and the
# tatweel (U+0640) that may stretch it. A slot for them follows every Arabic letter of
# thousands of names and cues, and CPython compiles a class of one or two runs of code
# points about six times faster than one of three: with the dagger alif (U+0670, a third
# run, rare outside scripture) the lexicon took 4 s to compile in every process.
_ARABIC_MARKS = "\u0640\u064b-\u0652"
_ARABIC_MARKS_RE = re.compile(f"[{_ARABIC_MARKS}]")


def without_arabic_marks(word: str) -> str:
    """`word` without short vowels, shadda and tatweel: the form names and cues are
    listed in ("صدّرت" -> "صدرت")."""
    return _ARABIC_MARKS_RE.sub("", word)


def _trie_regex(node: dict[str, dict], gap: str) -> str:
    ends_here = "" in node
    branches = []
    for token in sorted(t for t in node if t):
        if token == WORD_GAP:
            head = f"(?:{gap})"
        elif token == ANY_ENDING:
            head = r"[\w\u064b-\u0652]*"  # the tatweel is a word character
        elif "\u0621" <= token <= "\u064a":
            # Arabic text may carry short vowels and shadda over a letter ("مسيّرة",
            # "صدّرت"), or stretch it with a tatweel: both may follow any letter.
            head = re.escape(token) + f"[{_ARABIC_MARKS}]*"
        else:
            head = re.escape(token)
        branches.append(head + _trie_regex(node[token], gap))
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if ends_here:
        return f"(?:{body})?"
    return body
