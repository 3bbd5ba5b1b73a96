"""The lines above an article's body: title, byline, date line, reading time, photo caption.

Plain text and markdown both open with a few such lines in no fixed order; each predicate
here recognises one kind so the readers can peel them off and keep the body clean. They
are deliberately conservative: a line that is not plainly a byline stays in the body,
where an editor can still see it.
"""

from __future__ import annotations

import re

from articles.importing.dates import parse_date_phrase
from articles.importing.names import clean_name

# Characters a finished sentence (or a quoted one) ends with.
SENTENCE_END = frozenset(".!?…\"”»'’)")

_READING_TIME = re.compile(
    r"(?:(?:estimated\s+)?read(?:ing)?\s+time\s*:?\s*)?(?:about\s+|~\s*)?\d{1,3}\s*[-–]?\s*"
    r"(?:min|mins|minute|minutes)\.?(?:\s+(?:read|reading|read\s+time))?"
    r"|(?:время\s+чтения\s*:?\s*)?\d{1,3}\s*(?:мин\.?|минут[аы]?)(?:\s+(?:чтения|на\s+чтение))?",
    re.IGNORECASE,
)
_BYLINE = re.compile(r"(?:by|written\s+by|author\s*:|автор\s*:?)\s+(?P<name>.+)", re.IGNORECASE)
_URL_ONLY = re.compile(r"<?https?://\S+>?", re.IGNORECASE)


def is_reading_time(line: str) -> bool:
    """ "6 minute read", "Reading time: 4 min", "5 мин. чтения"."""
    return len(line) <= 40 and _READING_TIME.fullmatch(line.strip(" .·|")) is not None


def parse_byline(line: str) -> str | None:
    """The name(s) in a "By …" line, or None when the line is not a byline.

    Judged on the visible text: an invisible character before the name hides nothing.
    """
    line = clean_name(line)
    if len(line) > 160:
        return None
    match = _BYLINE.fullmatch(line.strip())
    if not match:
        return None
    name = match["name"].strip(" |,;:-–—")
    words = name.split()
    if not words or len(words) > 12 or not name[0].isupper():
        return None
    if name[-1] in "!?" or (name.endswith(".") and len(words[-1]) > 3):
        return None  # "By then it was over." is a sentence, not a byline
    return name


def looks_like_title(line: str) -> bool:
    """Short, starts like a headline, does not end like a sentence or a list.

    Judged on the visible text, so a title that opens with a bidi override is still one.
    """
    line = clean_name(line)
    if not line or len(line) > 200 or len(line.split()) > 30:
        return False
    first = line[0]
    if not (first.isupper() or first.isdigit() or first in "\"“«'‘"):
        return False
    if line[-1] in ".,;:" or line.endswith("…"):
        return False
    if not any(ch.isalpha() for ch in line):
        return False
    return not (
        is_reading_time(line)
        or parse_byline(line)
        or parse_date_phrase(line)
        or _URL_ONLY.fullmatch(line)
    )


def looks_like_caption(line: str, following: str) -> bool:
    """A short unpunctuated line between a title and a body paragraph: a photo caption.

    Copy-pasted articles carry the image's caption as a line of its own under the title
    ("Russian President Vladimir Putin with Azerbaijani President Ilham Aliyev"). A real
    first paragraph ends like a sentence; the line that follows must be longer prose.
    """
    if not 4 <= len(line.split()) <= 25 or line[-1] in SENTENCE_END or line[-1] in ",;:":
        return False
    if not line[0].isupper():
        return False
    return len(following) > len(line) and following[-1] in SENTENCE_END
