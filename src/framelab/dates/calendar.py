"""Calendar arithmetic for TIMEX3 values: shifting by units, ISO weeks, quarters, seasons and the
arithmetical (tabular) Hijri calendar. No language knowledge here."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

MIN_YEAR = 1000
MAX_YEAR = 2199

# TIMEX3 duration letters of our unit codes; minutes/hours/seconds go after "T".
TIME_UNITS = {"H": "H", "MIN": "M", "S": "S"}
DATE_UNITS = {"D": "D", "W": "W", "M": "M", "Y": "Y", "Q": "Q", "DE": "DE", "CE": "CE", "H2": "H"}
UNIT_GRANULARITY = {
    "D": "day",
    "W": "week",
    "M": "month",
    "Y": "year",
    "Q": "quarter",
    "H2": "half",
    "DE": "decade",
    "CE": "century",
    "H": "hour",
    "MIN": "minute",
    "S": "second",
    "WE": "weekend",
}


def parse_iso_date(value: object) -> dt.date | None:
    """A ``date`` from an ISO ``YYYY-MM-DD`` string (or a date/datetime), None when unusable."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    if not text or text.lower() in {"nan", "none", "nat", "null"}:
        return None
    try:
        day = dt.date.fromisoformat(text[:10])
    except ValueError:
        return None
    return day if MIN_YEAR <= day.year <= MAX_YEAR else None


def valid_day(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def shift_month(year: int, month: int, n: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + n
    return index // 12, index % 12 + 1


def iso_week_value(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year:04d}-W{week:02d}"


def quarter_of(month: int) -> int:
    return (month - 1) // 3 + 1


def shifted_value(ref: dt.date, unit: str, n: int) -> str | None:
    """The TIMEX3 value of the ``unit`` that is ``n`` units from the one containing ``ref``
    (n=0: the current one; -1: the previous), at that unit's granularity."""
    try:
        if unit == "D":
            return (ref + dt.timedelta(days=n)).isoformat()
        if unit == "W":
            return iso_week_value(ref + dt.timedelta(weeks=n))
        if unit == "M":
            y, m = shift_month(ref.year, ref.month, n)
            return f"{y:04d}-{m:02d}"
        if unit == "Q":
            index = ref.year * 4 + quarter_of(ref.month) - 1 + n
            return f"{index // 4:04d}-Q{index % 4 + 1}"
        if unit == "H2":
            index = ref.year * 2 + (0 if ref.month <= 6 else 1) + n
            return f"{index // 2:04d}-H{index % 2 + 1}"
        if unit == "Y":
            return f"{ref.year + n:04d}"
        if unit == "DE":
            return f"{ref.year // 10 + n:03d}"
        if unit == "CE":
            return f"{ref.year // 100 + n:02d}"
    except (OverflowError, ValueError):
        return None
    return None


def unanchored_value(unit: str) -> str:
    """The TIMEX3 placeholder of a unit whose position is unknown (no reference date)."""
    return {
        "D": "XXXX-XX-XX",
        "W": "XXXX-WXX",
        "M": "XXXX-XX",
        "Q": "XXXX-QX",
        "H2": "XXXX-HX",
        "Y": "XXXX",
        "DE": "XXX",
        "CE": "XX",
        "WE": "XXXX-WXX-WE",
    }.get(unit, "XXXX-XX-XX")


def duration_value(n: int | float | None, unit: str) -> str:
    """``P3D``, ``PT2H``, ``PXW`` (n None = unspecified amount); decades in years as ISO 8601
    and the TimeML corpora write them (``P20Y``, ``PXY`` for "decades"), centuries with the
    TIDES/TIMEX3 unit ``CE`` (``P2CE``), half-years as months."""
    if unit == "H2":
        amount = "X" if n is None else _num(n * 6)
        return f"P{amount}M"
    if unit == "DE" or (n is not None and n % 1 and unit in YEARS_IN):  # P20Y; P15Y; P150Y
        amount = "X" if n is None else _num(n * YEARS_IN[unit])
        return f"P{amount}Y"
    if n is not None and n % 1 == 0.5 and unit in _HALF_OF:
        return _with_half(int(n), unit)
    amount = "X" if n is None else _num(n)
    if unit in TIME_UNITS:
        return f"PT{amount}{TIME_UNITS[unit]}"
    return f"P{amount}{DATE_UNITS.get(unit, unit)}"


# half of a unit in the next smaller one, as TIMEX3 writes "two and a half years" (P2Y6M)
YEARS_IN = {"DE": 10, "CE": 100}  # years in a decade and a century
_HALF_OF = {"Y": ("6", "M"), "D": ("12", "H")}
_HALF_OF.update({"H": ("30", "MIN"), "MIN": ("30", "S")})


def _with_half(whole: int, unit: str) -> str:
    """``P2Y6M``, ``PT5H30M``, ``P1DT12H``, ``PT30M`` (whole may be 0: half an hour)."""
    half, smaller = _HALF_OF[unit]
    units = {**TIME_UNITS, **DATE_UNITS}
    date_part, time_part = "", ""
    if whole:
        if unit in TIME_UNITS:
            time_part += f"{whole}{units[unit]}"
        else:
            date_part += f"{whole}{units[unit]}"
    if smaller in TIME_UNITS or smaller == "S":
        time_part += f"{half}{TIME_UNITS.get(smaller, smaller)}"
    else:
        date_part += f"{half}{units[smaller]}"
    return f"P{date_part}" + (f"T{time_part}" if time_part else "")


def _num(n: int | float) -> str:
    return str(int(n)) if float(n).is_integer() else str(n)


def latest_weekday_on_or_before(ref: dt.date, iso_weekday: int) -> dt.date:
    return ref - dt.timedelta(days=(ref.isoweekday() - iso_weekday) % 7)


def next_weekday_on_or_after(ref: dt.date, iso_weekday: int) -> dt.date:
    return ref + dt.timedelta(days=(iso_weekday - ref.isoweekday()) % 7)


def easter_sunday(year: int) -> dt.date:
    """Western (Gregorian) Easter Sunday, anonymous Gregorian algorithm (Meeus/Jones/Butcher)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month, day = divmod(h + ell - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


_HOLIDAY_RULE = re.compile(
    r"^(?:(?P<month>\d\d)-(?:(?P<day>\d\d)|W(?P<weekday>[1-7])#(?P<nth>-?[1-5]))|(?P<easter>EASTER))"
    r"(?P<shift>[+-]\d+)?$"
)


def holiday_date(rule: str, year: int) -> dt.date | None:
    """The date of a holiday in ``year`` from its rule: ``MM-DD`` (fixed), ``MM-W<d>#<n>`` (the
    n-th ISO weekday d of the month; n=-1 the last), ``EASTER``; each optionally ``+k``/``-k``
    days (``11-W1#1+1``: the Tuesday after the first Monday of November)."""
    match = _HOLIDAY_RULE.match(rule)
    if match is None or not MIN_YEAR <= year <= MAX_YEAR:
        return None
    if match["easter"]:
        day = easter_sunday(year)
    elif match["day"]:
        day = valid_day(year, int(match["month"]), int(match["day"]))
        if day is None:
            return None
    else:
        month, weekday, nth = int(match["month"]), int(match["weekday"]), int(match["nth"])
        if nth > 0:
            day = next_weekday_on_or_after(dt.date(year, month, 1), weekday)
            day += dt.timedelta(weeks=nth - 1)
        else:
            y, m = shift_month(year, month, 1)
            day = latest_weekday_on_or_before(dt.date(y, m, 1) - dt.timedelta(days=1), weekday)
            day -= dt.timedelta(weeks=-nth - 1)
        if day.month != month:
            return None
    return day + dt.timedelta(days=int(match["shift"] or 0))


@dataclass(frozen=True)
class HijriDate:
    year: int
    month: int
    day: int


def hijri_to_gregorian(h: HijriDate) -> dt.date | None:
    """Arithmetical (tabular, civil epoch) Islamic calendar -> Gregorian. Official calendars
    (Umm al-Qura, sighting) can differ by a day or two."""
    if not (1 <= h.month <= 12 and 1 <= h.day <= 30 and 1 <= h.year <= 1700):
        return None
    days = (
        h.day
        + int(29.5 * (h.month - 1) + 0.99)  # ceil(29.5*(m-1))
        + (h.year - 1) * 354
        + (3 + 11 * h.year) // 30
        + 1948440
        - 1
    )
    return _jdn_to_date(days)


def _jdn_to_date(jdn: int) -> dt.date | None:
    a = jdn + 32044
    b = (4 * a + 3) // 146097
    c = a - 146097 * b // 4
    d = (4 * c + 3) // 1461
    e = c - 1461 * d // 4
    m = (5 * e + 2) // 153
    day = e - (153 * m + 2) // 5 + 1
    month = m + 3 - 12 * (m // 10)
    year = 100 * b + d - 4800 + m // 10
    return valid_day(year, month, day)


def hijri_month_value(year: int, month: int) -> str | None:
    """Gregorian year-month holding the middle of a Hijri month."""
    mid = hijri_to_gregorian(HijriDate(year, month, 15))
    return None if mid is None else f"{mid.year:04d}-{mid.month:02d}"


def hijri_year_value(year: int) -> str | None:
    """Gregorian year holding the middle of a Hijri year."""
    mid = hijri_to_gregorian(HijriDate(year, 7, 1))
    return None if mid is None else f"{mid.year:04d}"
