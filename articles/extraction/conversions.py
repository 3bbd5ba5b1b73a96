"""The article's own conversions: an amount restated straight away in another currency.

"5.3 billion manats (US$3.1 billion at the current rate)" states one figure twice. Two
suggestions that an editor places, verifies and reconciles separately would disagree
about nothing but the exchange rate; linked, the second is read as the first's conversion
and takes its subject, metric and period when its own words do not give them.

The rule looks only at the words between two neighbouring money amounts of different
currencies. The second restates the first when it opens a parenthesis right after it
("AZN 5.3bn ($3.1bn)", "(≈ €2 billion)", "(about $3.1 billion at the current exchange
rate)"), or when a connective that introduces an equivalent stands between them within a
few words ("or about", "i.e.", "equivalent to", "which is roughly", "worth", ", about").
Amounts joined by "and", "to" or a dash are two figures (a list, a change, a range), and
an amount is never a conversion of one in its own currency. A chain ("5.3 billion manats
($3.1 billion, or €2.9 billion)") points every restatement at the original.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from . import wordforms
from .mentions import APPROXIMATELY, QUALIFIERS_BEFORE, Amount


def _words(phrases: Sequence[str]) -> str:
    """Phrases as one alternation, longest first, each ending at a word boundary."""
    escaped = (
        re.escape(p).replace(r"\ ", r"\s+") + (_boundary(p) if p[-1].isalpha() else "")
        for p in sorted(phrases, key=len, reverse=True)
    )
    return "(?:" + "|".join(escaped) + ")"


def _boundary(phrase: str) -> str:
    return r"(?![a-z])" if phrase.isascii() else r"(?!\w)"


# Words that introduce an equivalent of what was just said. Run on folded text.
_CONNECTIVES = _words(
    [
        "or",
        "i.e.",
        "i.e.,",
        "ie",
        "that is",
        "that is,",
        "equivalent to",
        "equivalent of",
        "the equivalent of",
        "equal to",
        "equalling",
        "equaling",
        "worth",
        "which",
        # Russian and Turkish: "или $5,032 млрд", "что эквивалентно 3,1 млрд долларов",
        # "527 milyar drama, yani yaklaşık 1 milyar 366 milyon dolara"
        *wordforms.CONVERSION_CONNECTIVES,
    ]
)
_APPROXIMATIONS = _words([q for q, kind in QUALIFIERS_BEFORE.items() if kind == APPROXIMATELY])
_BOUNDS = _words([q for q, kind in QUALIFIERS_BEFORE.items() if kind != APPROXIMATELY])
# Words that may stand among the connectives without changing what they say.
_FILLERS = (
    r"(?:at\s+(?:the\s+)?(?:(?:current|present|prevailing|today[’']?s|then|official|market|"
    r"average)\s+)?(?:exchange\s+)?rates?(?:\s+of\s+exchange)?(?![a-z])"
    r"|at\s+the\s+time(?![a-z])|in\s+today[’']?s\s+money(?![a-z])"
    rf"|{_words(['is', 'was', 'are', 'were', 'now', 'currently', 'today', 'then'])}"
    r"|(?:comes?|came|amounts?|amounted|translates?|translated|converts?|equals?|equalled)"
    r"(?:\s+to)?(?![a-z]))"
)
_GAP = r"[\s,]*"
# The first amount may carry its own period before the restatement: "5.3 billion manats
# in 2023 ($3.1 billion)", "$2 billion a year (€1.8 billion)".
_OWN_PERIOD = (
    r"(?:\s+(?:in|for|during)\s+(?:(?:fiscal|fy)\s*)?\d{4}(?:\s?[-–/]\s?\d{2,4})?"
    r"|\s+(?:в|на|за)\s+\d{4}\s+(?:году|год|г\.)"
    r"|\s+(?:a|per|each|every)\s+year|\s+annually"
    r"|\s+(?:this|last|next)\s+year)?"
)
_ANY_TOKEN = rf"(?:{_CONNECTIVES}|{_APPROXIMATIONS}|{_BOUNDS}|{_FILLERS})"
_SOFT_TOKEN = rf"(?:{_CONNECTIVES}|{_APPROXIMATIONS}|{_FILLERS})"
_RESTATING_GAP_RE = re.compile(
    rf"{_OWN_PERIOD}\s*"
    rf"(?:[(\[]\s*(?:{_ANY_TOKEN}{_GAP})*"  # "(about $3.1 billion", "(≈ €2 billion"
    # ", or about $3.1 billion", "equivalent to $3.1 billion", "— roughly $3.1 billion":
    # after a comma or dash an approximation is enough, otherwise a connective is needed.
    rf"|(?:[,—:]\s*(?:{_FILLERS}{_GAP})*(?:{_CONNECTIVES}|{_APPROXIMATIONS})"
    rf"|(?:{_FILLERS}{_GAP})*{_CONNECTIVES})"
    rf"(?:{_GAP}{_SOFT_TOKEN})*{_GAP})"
    r"\\?"  # a markdown-escaped dollar sign: "(\$3.1 billion)"
)
_LONGEST_GAP = 80


def find_conversions(low: str, amounts: Sequence[Amount]) -> list[int | None]:
    """For each amount, the index of the amount it restates in another currency, or None.

    `low` is the folded text (`scanning.fold`) the amounts were found in.
    """
    restates: list[int | None] = [None] * len(amounts)
    for index in range(1, len(amounts)):
        first, second = amounts[index - 1], amounts[index]
        if first.currency is None or second.currency is None:
            continue
        previous = restates[index - 1]
        original = index - 1 if previous is None else previous
        if second.currency in (first.currency, amounts[original].currency):
            continue
        if second.start - first.end > _LONGEST_GAP:
            continue
        if _RESTATING_GAP_RE.fullmatch(low, first.end, second.start):
            restates[index] = original
    return restates
