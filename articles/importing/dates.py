"""Date phrases to dates that keep their precision.

"November 21, 2016" is a day, "October 2016" a month, "2016" (in a structured field) a
year; "On October 7" has no year and is not a date we may invent, so it gives nothing.
A month-precision date is stored as the 1st, a year as 1 January, with the precision
beside it. We parse by hand instead of using ``dateparser`` (installed with trafilatura)
because dateparser happily fills a missing year or day from today's date, which is exactly
the invention the desk must not make, and because it is far slower than a few regexes on
the hot path of a 10,000-article import.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

_MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    (
        "january jan",
        "february feb",
        "march mar",
        "april apr",
        "may",
        "june jun",
        "july jul",
        "august aug",
        "september sep sept",
        "october oct",
        "november nov",
        "december dec",
        # Russian, nominative and genitive ("21 ноября 2016").
        "январь января янв",
        "февраль февраля фев",
        "март марта мар",
        "апрель апреля апр",
        "май мая",
        "июнь июня июн",
        "июль июля июл",
        "август августа авг",
        "сентябрь сентября сен сент",
        "октябрь октября окт",
        "ноябрь ноября ноя нояб",
        "декабрь декабря дек",
    )
):
    for _name in _names.split():
        _MONTHS[_name] = _number % 12 + 1

_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4})(?:\s*(?:г\.?|года|год))?"

_PREFIX = re.compile(
    r"^(?:(?:first\s+|last\s+)?(?:published|posted|updated|dated|date|опубликовано)"
    r"(?:\s+on)?\s*[:\-–—]?\s*)?"
    r"(?:(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|tues|wed|thu|"
    r"thur|thurs|fri|sat|sun)\.?,?\s+)?"
)
_SUFFIX = re.compile(
    r"(?:(?:\s*[,|/–—-]\s*|\s+)(?:at\s+)?\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:[ap]\.?\s?m\.?)?"
    r"(?:\s*\(?(?:[a-z]{2,5}|gmt|utc)(?:\s*[+-]\s*\d{1,4})?\)?)?)?\s*$"
)

_DAY_PATTERNS = (
    re.compile(rf"{_MONTH}\s+{_DAY},?\s+{_YEAR}"),
    re.compile(rf"{_DAY}(?:\s+of)?\s+{_MONTH},?\s+{_YEAR}"),
    re.compile(
        r"(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})"
        r"(?:[t ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:z|[+-]\d{2}:?\d{2})?)?"
    ),
    re.compile(r"(?P<year>\d{4})/(?P<month>\d{1,2})/(?P<day>\d{1,2})"),
    # 21.11.2016 is day-first everywhere that writes dots.
    re.compile(r"(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.(?P<year>\d{4})"),
)
_SLASHED = re.compile(r"(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<year>\d{4})")
_MONTH_PATTERNS = (re.compile(rf"{_MONTH},?\s+{_YEAR}"),)
_ISO_MONTH = re.compile(r"(?P<year>\d{4})-(?P<month>\d{1,2})")
_ISO_YEAR = re.compile(r"(?P<year>\d{4})")

_MIN_YEAR, _MAX_YEAR = 1800, 2100


@dataclass(frozen=True)
class DatePhrase:
    """A date and how much of it the text actually said ("day", "month" or "year")."""

    date: datetime.date
    precision: str


def _build(year: str, month: int, day: str | int) -> datetime.date | None:
    y = int(year)
    if not _MIN_YEAR <= y <= _MAX_YEAR:
        return None
    try:
        return datetime.date(y, month, int(day))
    except ValueError:
        return None


def _month_of(value: str) -> int:
    return _MONTHS[value] if value in _MONTHS else int(value)


def parse_date_phrase(text: str) -> DatePhrase | None:
    """Parse a line that is *only* a date ("Published: Nov. 21, 2016 10:32 AM").

    Returns None for anything else, including a date without a year ("October 7").
    """
    if len(text) > 80:
        return None
    core = " ".join(text.split()).casefold().strip(" .,;|")
    core = _PREFIX.sub("", core, count=1)
    core = _SUFFIX.sub("", core, count=1).strip(" .,;|")
    if not core:
        return None
    for pattern in _DAY_PATTERNS:
        match = pattern.fullmatch(core)
        if match:
            date = _build(match["year"], _month_of(match["month"]), match["day"])
            return DatePhrase(date, "day") if date else None
    match = _SLASHED.fullmatch(core)
    if match:
        a, b = int(match["a"]), int(match["b"])
        if a > 12 >= b:
            date = _build(match["year"], b, a)
        elif b > 12 >= a:
            date = _build(match["year"], a, b)
        else:  # 03/04/2016: April or March? Not ours to guess.
            return None
        return DatePhrase(date, "day") if date else None
    for pattern in _MONTH_PATTERNS:
        match = pattern.fullmatch(core)
        if match:
            date = _build(match["year"], _month_of(match["month"]), 1)
            return DatePhrase(date, "month") if date else None
    return None


def parse_published_value(value: str) -> DatePhrase | None:
    """Parse a structured ``published`` field: YYYY-MM-DD, YYYY-MM, YYYY, or a date phrase."""
    core = value.strip()
    match = _ISO_MONTH.fullmatch(core)
    if match:
        date = _build(match["year"], int(match["month"]), 1)
        return DatePhrase(date, "month") if date else None
    match = _ISO_YEAR.fullmatch(core)
    if match:
        date = _build(match["year"], 1, 1)
        return DatePhrase(date, "year") if date else None
    return parse_date_phrase(core)
