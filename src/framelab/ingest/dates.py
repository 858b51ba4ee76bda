"""Publication dates from metadata strings, to ISO ``YYYY-MM-DD`` or null with a stated reason.

Policy (docs/ingest.md): a date is kept only when it is complete (year, month, day) and
plausible (not before ``policy.yaml`` dates.min_year, not after today). Missing parts are never
filled in; ambiguous numeric day/month orders follow the layout's documented convention, and the
reading is noted in ``published_issue``; without a convention they are left null.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from email.utils import parsedate_tz

from .config import policy

CONVENTIONS = ("auto", "iso", "rfc2822", "mdy", "dmy")

_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:$|[T\s])")
_ISO_COMPACT = re.compile(r"^\s*(\d{4})(\d{2})(\d{2})\s*$")
_EPOCH = re.compile(r"^\d{10}(?:\d{3})?(?:\.\d+)?$")
_NUMERIC = re.compile(r"^\s*(\d{1,4})[/.\-](\d{1,2})[/.\-](\d{1,4})(?:$|[\s,T])")
# two defaults that differ in every field: a field that differs between the two parses was missing
_DEFAULT_A = dt.datetime(1904, 1, 1)
_DEFAULT_B = dt.datetime(1908, 12, 28)


@dataclass(frozen=True)
class ParsedDate:
    """``iso`` (YYYY-MM-DD or None) and ``issue`` (None, or why the date is missing / flagged)."""

    iso: str | None
    issue: str | None = None


def parse_published(
    value: object, *, convention: str = "auto", today: dt.date | None = None
) -> ParsedDate:
    """Parse a metadata date string under a layout's ``convention`` (see :data:`CONVENTIONS`)."""
    if value is None or (isinstance(value, float) and value != value):
        return ParsedDate(None, "no date in metadata")
    if convention not in CONVENTIONS:
        raise ValueError(f"unknown date convention {convention!r}; choose from {CONVENTIONS}")
    epoch = _epoch(value)
    if epoch is not None:
        note = f"epoch timestamp {value!r} read as a UTC date"
        return _plausible(epoch, note, str(value), today or dt.date.today())
    text = str(value).strip()
    if not text:
        return ParsedDate(None, "empty date")
    try:
        date, note = _parse(text, convention)
    except ValueError as err:
        return ParsedDate(
            None, f"unparsed:{text[:60]!r} ({err})" if str(err) else f"unparsed:{text[:60]!r}"
        )
    return _plausible(date, note, text, today or dt.date.today())


def _epoch(value: object) -> dt.date | None:
    """A Unix timestamp in seconds (10 digits) or milliseconds (13 digits), as a UTC date."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        number = float(value)
    elif isinstance(value, str) and _EPOCH.match(value.strip()):
        number = float(value.strip())
    else:
        return None
    digits = len(str(int(abs(number))))
    if digits == 13:
        number /= 1000
    elif digits != 10:
        return None
    return dt.datetime.fromtimestamp(number, tz=dt.UTC).date()


def _parse(text: str, convention: str) -> tuple[dt.date, str | None]:
    match = _ISO.match(text) or _ISO_COMPACT.match(text)
    if match:
        return _ymd(*match.groups()), None
    if convention in ("rfc2822", "auto"):
        parts = parsedate_tz(text)
        if parts and parts[0] and parts[1] and parts[2]:
            return dt.date(parts[0], parts[1], parts[2]), None  # the date as written, not UTC
    match = _NUMERIC.match(text)
    if match:
        return _numeric(match.groups(), convention, text)
    return _free_text(text, convention)


def _ymd(year: str, month: str, day: str) -> dt.date:
    return dt.date(int(year), int(month), int(day))


def _full_year(year: str) -> int:
    if len(year) == 4:
        return int(year)
    if len(year) == 2:  # 00-68 -> 2000s, 69-99 -> 1900s (POSIX strptime %y pivot)
        y = int(year)
        return 2000 + y if y < 69 else 1900 + y
    raise ValueError(f"year {year!r} is neither 2 nor 4 digits")


def _numeric(groups: tuple[str, ...], convention: str, text: str) -> tuple[dt.date, str | None]:
    a, b, c = groups
    if len(a) == 4:  # 2017/09/06
        return _ymd(a, b, c), None
    year = _full_year(c)
    first, second = int(a), int(b)
    ambiguous = first <= 12 and second <= 12 and first != second
    if first > 12 and second <= 12:
        order = "dmy"
    elif second > 12 and first <= 12:
        order = "mdy"
    elif convention in ("mdy", "dmy"):
        order = convention
    elif not ambiguous:  # day == month
        order = "mdy"
    else:
        raise ValueError("day/month order ambiguous and the layout documents none")
    if order in ("mdy", "dmy") and convention in ("mdy", "dmy") and order != convention:
        note = f"{text!r} read as {order[0]}/{order[1]}/{order[2]} (impossible as {convention})"
    elif ambiguous:
        note = f"ambiguous {text!r} read as {order[0]}/{order[1]}/{order[2]} (layout convention)"
    else:
        note = None
    month, day = (first, second) if order == "mdy" else (second, first)
    return dt.date(year, month, day), note


def _free_text(text: str, convention: str) -> tuple[dt.date, str | None]:
    from dateutil import parser

    dayfirst = convention == "dmy"
    try:
        one = parser.parse(text, default=_DEFAULT_A, dayfirst=dayfirst)
        two = parser.parse(text, default=_DEFAULT_B, dayfirst=dayfirst)
    except (ValueError, OverflowError, parser.ParserError):
        raise ValueError("") from None
    missing = [
        name for name in ("year", "month", "day") if getattr(one, name) != getattr(two, name)
    ]
    if missing:
        raise ValueError(f"incomplete: no {' or '.join(missing)}")
    return one.date(), None


def _plausible(date: dt.date, note: str | None, text: str, today: dt.date) -> ParsedDate:
    rules = policy()["dates"]
    if date.year < int(rules["min_year"]):
        return ParsedDate(None, f"implausible year {date.year:04d} in {text[:60]!r}")
    if date > today + dt.timedelta(days=int(rules["future_tolerance_days"])):
        return ParsedDate(None, f"future date {date.isoformat()} in {text[:60]!r}")
    return ParsedDate(date.isoformat(), note)


def date_in_name(name: str) -> str | None:
    """An ISO date embedded in a file name as YYYYMMDD or YYYY-MM-DD (e.g. ANT's ``-20180218``)."""
    for match in re.finditer(r"(?<!\d)((?:19|20)\d{2})-?(\d{2})-?(\d{2})(?!\d)", name):
        try:
            return dt.date(*(int(g) for g in match.groups())).isoformat()
        except ValueError:
            continue
    return None
