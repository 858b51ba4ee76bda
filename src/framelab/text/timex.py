"""TIMEX3 values read back as calendar intervals: the one implementation every stage uses.

``value_interval("2023-W47")`` is the first and last day the value covers; durations, sets,
references (``PAST_REF`` ...) and unanchored values (``XXXX-11-27``) have none. ``position`` places a
value relative to a publication date: *past* if its interval ends more than ``window_days`` before
it, *future* if it starts more than ``window_days`` after it, *around* otherwise (the references
``PAST_REF`` / ``PRESENT_REF`` / ``FUTURE_REF`` need no date).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from functools import lru_cache

POSITIONS = ("past", "around", "future")
REFERENCES = {"PAST_REF": "past", "PRESENT_REF": "around", "FUTURE_REF": "future"}
_SEASONS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 14)}  # WI runs into February
_PATTERNS = (
    ("day", re.compile(r"(\d{4})-(\d{2})-(\d{2})")),
    ("month", re.compile(r"(\d{4})-(\d{2})")),
    ("week", re.compile(r"(\d{4})-W(\d{2})")),
    ("quarter", re.compile(r"(\d{4})-Q([1-4])")),
    ("half", re.compile(r"(\d{4})-H([12])")),
    ("season", re.compile(r"(\d{4})-(SP|SU|FA|WI)")),
    ("year", re.compile(r"(\d{4})")),
    ("decade", re.compile(r"(\d{3})")),
    ("century", re.compile(r"(\d{2})")),
)

Interval = tuple[dt.date, dt.date]


def _month_span(year: int, first: int, months: int) -> Interval:
    """From the first day of ``first`` (1-based month of ``year``) to the last day ``months``
    months on (a month past December is the next year's)."""
    end_year, end_month = year + (first + months - 2) // 12, (first + months - 2) % 12 + 1
    last = calendar.monthrange(end_year, end_month)[1]
    return dt.date(year, first, 1), dt.date(end_year, end_month, last)


def _interval(kind: str, m: re.Match[str]) -> Interval:
    if kind == "day":
        day = dt.date(int(m[1]), int(m[2]), int(m[3]))
        return day, day
    if kind == "month":
        return _month_span(int(m[1]), int(m[2]), 1)
    if kind == "week":  # an ISO week: 2023 has no week 53, so 2023-W53 is no date
        first = dt.date.fromisocalendar(int(m[1]), int(m[2]), 1)
        return first, first + dt.timedelta(days=6)
    if kind == "quarter":
        return _month_span(int(m[1]), 3 * int(m[2]) - 2, 3)
    if kind == "half":
        return _month_span(int(m[1]), 6 * int(m[2]) - 5, 6)
    if kind == "season":
        first, last = _SEASONS[m[2]]
        return _month_span(int(m[1]), first, last - first + 1)
    if kind == "year":  # 0199 is the year 199 (TIMEX3 years have four digits)
        return dt.date(int(m[1]), 1, 1), dt.date(int(m[1]), 12, 31)
    if kind == "decade":
        year = int(m[1]) * 10
        return dt.date(year, 1, 1), dt.date(year + 9, 12, 31)
    year = int(m[1]) * 100  # century
    return dt.date(max(year, 1), 1, 1), dt.date(year + 99, 12, 31)


@lru_cache(maxsize=65_536)
def value_interval(value: str | None) -> Interval | None:
    """First and last day covered by a DATE/TIME value (``2023``, ``2023-11``, ``2023-11-27``,
    ``2023-W47``, ``2023-Q3``, ``2023-H1``, ``2023-SU``, ``198`` a decade, ``19`` a century, with
    an optional ``T...`` time part); None for anything else or a day the calendar lacks."""
    if not isinstance(value, str) or not value or "X" in value or value.startswith("P"):
        return None
    value = value.split("T")[0]
    for kind, pattern in _PATTERNS:
        if m := pattern.fullmatch(value):
            try:
                return _interval(kind, m)
            except ValueError:  # month 13, day 31 of a 30-day month, week 53 of a 52-week year
                return None
    return None


def position(value: str | None, published: dt.date | None, window_days: int = 7) -> str | None:
    """past / around / future of one value relative to the publication date; None when it has no
    place in time (a duration, an unanchored value) or there is no publication date."""
    if value in REFERENCES:
        return REFERENCES[str(value)]
    interval = value_interval(value)
    if interval is None or published is None:
        return None
    gap = dt.timedelta(days=window_days)
    if (published - interval[1]) > gap:
        return "past"
    if (interval[0] - published) > gap:
        return "future"
    return "around"
