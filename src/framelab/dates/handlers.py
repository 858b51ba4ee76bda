"""Handlers: turn one pattern match into a TIMEX3 (type, value, granularity, anchored).

Anchoring follows news conventions (see docs/dates.md): a bare weekday is the latest such day on or
before the document creation time (DCT) unless a future cue or modifier says otherwise; a month (or
day and month) without a year is in the nearest past such month, the DCT's month included, unless
future-marked. Without a DCT, relative expressions keep ``XXXX`` placeholders and
``anchored=False``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from . import calendar as cal
from .grammar import Grammar, Pattern


@dataclass(frozen=True)
class Resolved:
    type: str
    value: str
    granularity: str
    anchored: bool = True
    floating: bool = False  # a clock time with no day of its own (on the DCT's day by default)


@dataclass
class Context:
    """What a handler may consult: the grammar, the DCT, and a lazy future-tense test (True:
    future cue, False: past cue, None: no tense cue in the sentence)."""

    grammar: Grammar
    dct: dt.date | None
    is_future: Callable[[], bool | None]


class MatchView:
    """Named access to a pattern match: surfaces and lexicon values by placeholder name."""

    def __init__(self, match: Any, pattern: Pattern, grammar: Grammar) -> None:
        self.match = match
        self.pattern = pattern
        self.grammar = grammar
        self._by_name: dict[str, str] = {}
        self._all: dict[str, list[str]] = {}
        for group, name in pattern.groups:
            surface = match.group(group)
            if surface is None:
                continue
            self._by_name.setdefault(name, surface)
            self._all.setdefault(name, []).append(surface)

    @property
    def options(self) -> dict[str, Any]:
        return self.pattern.options

    def has(self, name: str) -> bool:
        return name in self._by_name

    def surface(self, name: str) -> str | None:
        return self._by_name.get(name)

    def value(self, name: str) -> Any:
        surface = self._by_name.get(name)
        if surface is None:
            return None
        if name in {
            "day",
            "year",
            "anyyear",
            "digits",
            "month_num",
            "hour",
            "minute",
            "decade_digits",
        }:
            return int(surface)
        if name == "num":
            return _to_number(surface)
        return self.grammar.lookup(name, surface)

    def all_values(self, name: str) -> list[Any]:
        """Lexicon values of every group of this placeholder (``ثمانية وسبعين`` -> [8, 70])."""
        return [self.grammar.lookup(name, surface) for surface in self._all.get(name, [])]

    def first(self, *names: str) -> Any:
        for name in names:
            value = self.value(name)
            if value is not None:
                return value
        return None


def _to_number(surface: str) -> float | int | None:
    text = surface.replace(",", ".")
    try:
        number = float(text)
    except ValueError:
        return None
    return int(number) if number.is_integer() else number


def _direction(m: MatchView, ctx: Context) -> str:
    """past / future / this / default-past / default-future from modifiers, options and tense."""
    if m.options.get("direction"):
        return str(m.options["direction"])
    if m.has("past"):
        return "past"
    if m.has("next"):
        return "future"
    if m.has("this"):
        return "this"
    if m.options.get("tense") is False:  # e.g. fiscal quarters: the nearest past/current one
        return "default-past"
    return "default-future" if ctx.is_future() else "default-past"


def _anchor_year(ref: dt.date, month: int, direction: str) -> int:
    """Year of ``month`` relative to the DCT's month under ``direction``."""
    if direction == "this":
        return ref.year
    if direction == "past":
        return ref.year if month < ref.month else ref.year - 1
    if direction == "future":
        return ref.year if month > ref.month else ref.year + 1
    if direction == "default-future":
        return ref.year if month >= ref.month else ref.year + 1
    return ref.year if month <= ref.month else ref.year - 1


_NEAREST_FUTURE_MONTHS = 4


def _nearest_direction(ref: dt.date, month: int, day: Any) -> str:
    """Without any tense cue, a month (or day-month) without a year is the nearest one, past
    or future, to the DCT; the future one only within ``_NEAREST_FUTURE_MONTHS`` (news rarely
    mentions a date further ahead without a future verb); ties and the DCT's month go to the
    past."""
    past = _anchor_year(ref, month, "default-past")
    future = _anchor_year(ref, month, "default-future")
    if past == future:
        return "default-past"
    if day is None:
        past_gap = (ref.year - past) * 12 + ref.month - month
        future_gap = (future - ref.year) * 12 + month - ref.month
        limit = _NEAREST_FUTURE_MONTHS
    else:
        past_day = cal.valid_day(past, month, int(day))
        future_day = cal.valid_day(future, month, int(day))
        if past_day is None or future_day is None:
            return "default-past"
        past_gap = (ref - past_day).days
        future_gap = (future_day - ref).days
        limit = _NEAREST_FUTURE_MONTHS * 31
    return (
        "default-future" if 0 <= future_gap < past_gap and future_gap <= limit else "default-past"
    )


def _year_ok(year: int | None) -> bool:
    return year is None or cal.MIN_YEAR <= year <= cal.MAX_YEAR


def _with_part(value: str, part: str | None) -> tuple[str, str, str]:
    if part:
        return "TIME", f"{value}T{part}", "part_of_day"
    return "DATE", value, "day"


def _day_or_week(m: MatchView, day: dt.date | None) -> Resolved | None:
    """The day, or with the pattern option ``week`` ("the week of March 6") its ISO week."""
    if day is None:
        return None
    if m.options.get("week"):
        return Resolved("DATE", cal.iso_week_value(day), "week")
    return Resolved("DATE", day.isoformat(), "day")


def handle_date(m: MatchView, ctx: Context) -> Resolved | None:
    """Day/month/year in any order (also numeric); missing year anchored to the DCT."""
    month = m.first("month", "month_bare", "month_capital", "month_num")
    day = m.first("day", "day_ordinal")
    year = m.first("year", "anyyear")
    if month is None or not _year_ok(year):
        return None
    month = int(month)
    if year is not None:
        if day is None:
            return Resolved("DATE", f"{year:04d}-{month:02d}", "month")
        return _day_or_week(m, cal.valid_day(year, month, int(day)))
    if ctx.dct is None:
        if day is None:
            return Resolved("DATE", f"XXXX-{month:02d}", "month", anchored=False)
        if cal.valid_day(2000, month, int(day)) is None:  # 2000 is a leap year
            return None
        return Resolved("DATE", f"XXXX-{month:02d}-{int(day):02d}", "day", anchored=False)
    if m.options.get("modifier_year"):  # June last year, يونيو من العام الماضي
        year = ctx.dct.year + (-1 if m.has("past") else 1 if m.has("next") else 0)
    else:
        direction = _direction(m, ctx)
        if (
            direction == "default-past"
            and m.options.get("tense") is None
            and ctx.is_future() is None
        ):
            direction = _nearest_direction(ctx.dct, month, day)
        year = _anchor_year(ctx.dct, month, direction)
    if day is None:
        return Resolved("DATE", f"{year:04d}-{month:02d}", "month")
    return _day_or_week(m, cal.valid_day(year, month, int(day)))


def handle_weekday(m: MatchView, ctx: Context) -> Resolved | None:
    """A weekday (optionally with a part of day): latest on/before the DCT unless future."""
    weekday = m.value("weekday")
    part = m.value("part") or m.options.get("part")
    if weekday is None:
        return None
    weekday = int(weekday)
    if ctx.dct is None:
        kind, value, gran = _with_part(f"XXXX-WXX-{weekday}", part)
        return Resolved(kind, value, gran, anchored=False)
    direction = _direction(m, ctx)
    if direction == "past":
        day = cal.latest_weekday_on_or_before(ctx.dct - dt.timedelta(days=1), weekday)
    elif direction == "future":
        day = cal.next_weekday_on_or_after(ctx.dct + dt.timedelta(days=1), weekday)
    elif direction == "default-future":
        day = cal.next_weekday_on_or_after(ctx.dct, weekday)
    elif direction == "this":
        day = ctx.dct + dt.timedelta(days=weekday - ctx.dct.isoweekday())
    else:
        day = cal.latest_weekday_on_or_before(ctx.dct, weekday)
    return Resolved(*_with_part(day.isoformat(), part))


def handle_relday(m: MatchView, ctx: Context) -> Resolved | None:
    """Today, yesterday, tomorrow, the day before yesterday (+ part of day)."""
    offset = m.value("relday")
    if offset is None:
        offset = m.options.get("offset", 0)
    part = m.value("part") or m.options.get("part")
    if ctx.dct is None:
        kind, value, gran = _with_part("XXXX-XX-XX", part)
        return Resolved(kind, value, gran, anchored=False)
    day = ctx.dct + dt.timedelta(days=int(offset))
    return Resolved(*_with_part(day.isoformat(), part))


def handle_ref(m: MatchView, ctx: Context) -> Resolved | None:
    """PRESENT_REF / PAST_REF / FUTURE_REF words (now, recently, soon)."""
    value = m.value("ref") or m.options.get("value")
    return None if value is None else Resolved("DATE", str(value), "ref")


_UNIT_LEXICONS = (
    "unit",
    "unit_sg",
    "unit_pl",
    "unit_dual",
    "unit_bare",
    "unit_sg_def",
    "unit_loc",
    "this_pre_unit",
)


def _unit(m: MatchView) -> str | None:
    """The unit code (D, W, M, Y, ...) of whichever unit lexicon the match used (or the
    pattern's ``unit`` option)."""
    unit = m.first(*_UNIT_LEXICONS)
    if unit is None:
        unit = m.options.get("unit")
    return None if unit is None else str(unit)


def _amount(m: MatchView) -> float | int | None:
    if m.has("unit_dual") and not m.has("num") and not m.has("numword"):
        return 2
    if m.options.get("fuzzy") or m.has("few"):
        return None
    if "amount" in m.options:
        return m.options["amount"]
    number = m.value("num")
    if number is None:
        words = [v for v in m.all_values("numword") if isinstance(v, int | float)]
        number = sum(words) if words else None  # compound numerals: eight and seventy
    if number is None:
        return None if m.has("unit_pl") else 1
    return number


def handle_relative(m: MatchView, ctx: Context) -> Resolved | None:
    """This/last/next + unit: this week -> 2023-W48, last month -> 2023-10."""
    unit = _unit(m)
    if unit is None or unit in cal.TIME_UNITS:
        return None
    if m.has("past"):
        offset = -1
    elif m.has("next"):
        offset = 1
    else:
        offset = int(m.options.get("offset", 0))
    gran = cal.UNIT_GRANULARITY.get(unit, unit)
    if ctx.dct is None:
        return Resolved("DATE", cal.unanchored_value(unit), gran, anchored=False)
    if unit == "WE":
        return Resolved("DATE", _weekend(ctx, offset, m), "weekend")
    value = cal.shifted_value(ctx.dct, unit, offset)
    return None if value is None else Resolved("DATE", value, gran)


def _weekend(ctx: Context, offset: int, m: MatchView) -> str:
    """The weekend: the latest one (Saturday on or before the DCT) unless next / future."""
    saturday = cal.latest_weekday_on_or_before(ctx.dct, 6)
    if offset > 0 or (offset == 0 and not m.has("this") and ctx.is_future()):
        saturday = cal.next_weekday_on_or_after(ctx.dct, 6)
    elif offset < 0 and ctx.dct.isoweekday() in (6, 7):
        saturday -= dt.timedelta(days=7)
    return cal.iso_week_value(saturday) + "-WE"


def handle_ago(m: MatchView, ctx: Context) -> Resolved | None:
    """N units ago / in N units: the unit that far from the DCT, at the unit's granularity."""
    unit = _unit(m)
    amount = _amount(m)
    sign = int(m.options.get("sign", -1))
    if unit is None:
        return None
    if unit in cal.YEARS_IN and amount is not None:  # "a decade ago": ten years back, not the 1980s
        unit, amount = "Y", amount * cal.YEARS_IN[unit]
    if amount is None or unit in cal.TIME_UNITS or not float(amount).is_integer():
        return Resolved("DATE", "PAST_REF" if sign < 0 else "FUTURE_REF", "ref")
    gran = cal.UNIT_GRANULARITY.get(unit, unit)
    if ctx.dct is None:
        return Resolved("DATE", cal.unanchored_value(unit), gran, anchored=False)
    value = cal.shifted_value(ctx.dct, unit, sign * int(amount))
    return None if value is None else Resolved("DATE", value, gran)


def handle_duration(m: MatchView, ctx: Context) -> Resolved | None:
    """N units, a few units, the past N units: P44D, PXW, PT2H."""
    unit = _unit(m)
    if unit is None:
        return None
    amount = _amount(m)
    if amount is not None and m.options.get("half"):  # two and a half years, 5 1/2 hours
        amount += 0.5
    if amount is not None and (amount <= 0 or amount > 10000):
        return None
    return Resolved(
        "DURATION", cal.duration_value(amount, unit), cal.UNIT_GRANULARITY.get(unit, unit)
    )


def handle_set(m: MatchView, ctx: Context) -> Resolved | None:
    """Every day, weekly, annually: P1D, P1W, P1Y; or a fixed value from the lexicon/options."""
    fixed = m.value("setword") or m.options.get("value")
    if fixed:
        return Resolved("SET", str(fixed), "set")
    weekday = m.value("weekday")
    if weekday is not None:
        part = m.value("part") or ""
        return Resolved("SET", f"XXXX-WXX-{int(weekday)}" + (f"T{part}" if part else ""), "set")
    unit = _unit(m)
    if unit is None:
        return None
    amount = _amount(m) or 1
    return Resolved("SET", cal.duration_value(amount, unit), cal.UNIT_GRANULARITY.get(unit, unit))


def _ordinal_or_number(m: MatchView) -> int | None:
    value = m.first("ordinal", "digits", "numword")
    return None if value is None else int(value)


def handle_part_of_year(m: MatchView, ctx: Context) -> Resolved | None:
    """Quarters and halves: the third quarter -> 2023-Q3; first half of 2020 -> 2020-H1."""
    n = _ordinal_or_number(m) or m.options.get("n")
    kind = str(m.options.get("unit", "Q"))
    count = 4 if kind == "Q" else 2
    if n is None or not 1 <= n <= count:
        return None
    letter = "Q" if kind == "Q" else "H"
    gran = "quarter" if kind == "Q" else "half"
    year = m.first("year")
    if year is None and m.options.get("modifier_year") and ctx.dct is not None:
        year = ctx.dct.year + (-1 if m.has("past") else 1 if m.has("next") else 0)
    if year is None:
        if ctx.dct is None:
            return Resolved("DATE", f"XXXX-{letter}{n}", gran, anchored=False)
        current = cal.quarter_of(ctx.dct.month) if kind == "Q" else (1 if ctx.dct.month <= 6 else 2)
        direction = _direction(m, ctx)
        # reuse the month rule on the period index
        year = _anchor_year(dt.date(ctx.dct.year, current, 1), n, direction)
    if not _year_ok(year):
        return None
    return Resolved("DATE", f"{int(year):04d}-{letter}{n}", gran)


def handle_season(m: MatchView, ctx: Context) -> Resolved | None:
    season = m.first("season", "season_bare")
    if season is None:
        return None
    year = m.first("year")
    if year is None:
        if ctx.dct is None:
            return Resolved("DATE", f"XXXX-{season}", "season", anchored=False)
        offset = -1 if m.has("past") else 1 if m.has("next") else 0
        year = ctx.dct.year + offset
    if not _year_ok(year):
        return None
    return Resolved("DATE", f"{int(year):04d}-{season}", "season")


def handle_decade(m: MatchView, ctx: Context) -> Resolved | None:
    """The 1980s -> 198; the eighties / الثمانينيات -> 198 (20th century unless a year says so)."""
    digits = m.value("decade_digits")
    if digits is not None:
        return Resolved("DATE", f"{digits // 10:03d}", "decade")
    word = m.value("decade_word")
    if word is None:
        return None
    century = int(m.options.get("century", 19))
    return Resolved("DATE", f"{century:02d}{int(word)}", "decade")


def handle_spelled_year(m: MatchView, ctx: Context) -> Resolved | None:
    """Years in words: nineteen ninety-six -> 1996, two thousand (and one) -> 2000 (2001)."""
    thousands = m.value("thousands_word")
    units = m.value("units_word") or 0
    if thousands is not None:
        return Resolved("DATE", f"{int(thousands) + int(units):04d}", "year")
    century, tens = m.value("century_word"), m.value("tens_word")
    if century is None or tens is None:
        return None
    year = int(century) * 100 + int(tens) + int(units)
    return Resolved("DATE", f"{year:04d}", "year") if _year_ok(year) else None


def handle_century(m: MatchView, ctx: Context) -> Resolved | None:
    """The twentieth century -> 19; the last century -> DCT century - 1."""
    n = _ordinal_or_number(m)
    if n is None:
        if m.has("past") and ctx.dct is not None:
            return Resolved("DATE", f"{ctx.dct.year // 100 - 1:02d}", "century")
        if m.has("this") and ctx.dct is not None:
            return Resolved("DATE", f"{ctx.dct.year // 100:02d}", "century")
        return None
    if not 1 <= n <= 22:
        return None
    return Resolved("DATE", f"{n - 1:02d}", "century")


def handle_year(m: MatchView, ctx: Context) -> Resolved | None:
    """A year number; bare numbers only inside ``min``..``max`` (options)."""
    year = m.first("year", "anyyear")
    if year is None:
        return None
    low = int(m.options.get("min", cal.MIN_YEAR))
    high = int(m.options.get("max", cal.MAX_YEAR))
    if not low <= year <= high:
        return None
    return Resolved("DATE", f"{year:04d}", "year")


def handle_time(m: MatchView, ctx: Context) -> Resolved | None:
    """Clock times (15:30, 3 p.m.) on the DCT's day, or on a weekday, relative day or calendar
    date in the match (5 p.m. EST Nov. 30)."""
    hour = m.first("hour", "hour_word")
    if hour is None:
        return None
    hour = int(hour)
    minute = m.value("minute") or 0
    shift = m.first("ampm", "ampm_phrase")
    if shift is not None:
        if hour > 12 or hour == 0:
            return None
        hour = hour % 12 + int(shift)
    if hour > 23:
        return None
    clock = f"T{hour:02d}:{minute:02d}"
    day_part = None
    if m.has("weekday"):
        day_part = handle_weekday(m, ctx)
    elif m.has("relday"):
        day_part = handle_relday(m, ctx)
    elif m.has("month") and m.has("day"):
        day_part = handle_date(m, ctx)
        if day_part is None or day_part.granularity != "day":
            return None
    if day_part is not None:
        return Resolved("TIME", day_part.value + clock, "minute", day_part.anchored)
    if m.has("anyyear") and m.has("month_num") and m.has("day"):  # 2023-11-28T15:30
        date = cal.valid_day(
            int(m.value("anyyear")), int(m.value("month_num")), int(m.value("day"))
        )
        return None if date is None else Resolved("TIME", date.isoformat() + clock, "minute")
    if ctx.dct is None:
        return Resolved("TIME", "XXXX-XX-XX" + clock, "minute", anchored=False)
    return Resolved("TIME", ctx.dct.isoformat() + clock, "minute", floating=True)


def handle_hijri(m: MatchView, ctx: Context) -> Resolved | None:
    """Hijri day month year (هـ) -> Gregorian (arithmetical calendar); month year -> year-month."""
    month = m.value("hijri_month")
    year = m.first("anyyear", "digits")
    if month is None or year is None or not 1 <= int(year) <= 1700:
        return None
    day = m.first("day")
    if day is None:
        value = cal.hijri_month_value(int(year), int(month))
        return None if value is None else Resolved("DATE", value, "month")
    date = cal.hijri_to_gregorian(cal.HijriDate(int(year), int(month), int(day)))
    return None if date is None else Resolved("DATE", date.isoformat(), "day")


def handle_hijri_year(m: MatchView, ctx: Context) -> Resolved | None:
    year = m.first("anyyear", "digits")
    if year is None or not 1 <= int(year) <= 1700:
        return None
    value = cal.hijri_year_value(int(year))
    return None if value is None else Resolved("DATE", value, "year")


def _anchor_holiday(rule: str, ctx: Context, direction: str, week: bool) -> dt.date | None:
    """The holiday's occurrence around the DCT under ``direction`` (as for a month without a
    year: the latest on or before the DCT by default; with no tense cue the nearest one, a future
    one only within ``_NEAREST_FUTURE_MONTHS``). With ``week``, occurrences are compared by
    their ISO week (the DCT inside "Easter week" is that week)."""
    assert ctx.dct is not None

    def key(day: dt.date) -> dt.date:
        return day - dt.timedelta(days=day.isoweekday() - 1) if week else day

    ref = key(ctx.dct)
    if direction == "this":
        return cal.holiday_date(rule, ctx.dct.year)
    days = [cal.holiday_date(rule, year) for year in (ref.year - 1, ref.year, ref.year + 1)]
    dates = [d for d in days if d is not None]
    before = [d for d in dates if key(d) < ref or (key(d) == ref and direction != "past")]
    after = [d for d in dates if key(d) > ref or (key(d) == ref and direction != "future")]
    if direction in {"future", "default-future"}:
        return after[0] if after else None
    if direction == "default-nearest" and before and after:
        past_gap, future_gap = (ref - key(before[-1])).days, (key(after[0]) - ref).days
        if future_gap < past_gap and future_gap <= _NEAREST_FUTURE_MONTHS * 31:
            return after[0]
    return before[-1] if before else None


def handle_holiday(m: MatchView, ctx: Context) -> Resolved | None:
    """A named holiday (lexicon value: a ``calendar.holiday_date`` rule): its day, or with the
    pattern option ``week`` its ISO week ("Easter week"); a missing year anchored like a month."""
    rule = m.value("holiday")
    if rule is None:
        return None
    year = m.first("year")
    if not _year_ok(year):
        return None
    week = bool(m.options.get("week"))
    if year is None and ctx.dct is None:
        return Resolved(
            "DATE", "XXXX-WXX" if week else "XXXX-XX-XX", "week" if week else "day", anchored=False
        )
    if year is not None:
        day = cal.holiday_date(str(rule), int(year))
    else:
        direction = _direction(m, ctx)
        if direction == "default-past" and ctx.is_future() is None:
            direction = "default-nearest"
        day = _anchor_holiday(str(rule), ctx, direction, week)
    if day is None:
        return None
    if week:
        return Resolved("DATE", cal.iso_week_value(day), "week")
    return Resolved("DATE", day.isoformat(), "day")


def handle_literal(m: MatchView, ctx: Context) -> Resolved | None:
    """A fixed value from the pattern's options (``type``, ``value``, ``granularity``)."""
    value = m.options.get("value")
    if value is None:
        return None
    return Resolved(
        str(m.options.get("type", "DATE")), str(value), str(m.options.get("granularity", "ref"))
    )


NON_MARKABLE = "NONE"


def handle_non_markable(m: MatchView, ctx: Context) -> Resolved | None:
    """A phrase that contains a time word but is not a temporal expression (an idiom such as "a
    matter of days", a fraction such as "a quarter of the market", a title such as "Seven
    Days" in quotes). It competes in the selection like any match, so it hides the shorter matches
    inside it, and is then dropped from the output."""
    return Resolved(NON_MARKABLE, "", "none")


HANDLERS: dict[str, Callable[[MatchView, Context], Resolved | None]] = {
    "date": handle_date,
    "weekday": handle_weekday,
    "relday": handle_relday,
    "ref": handle_ref,
    "relative": handle_relative,
    "ago": handle_ago,
    "duration": handle_duration,
    "set": handle_set,
    "part_of_year": handle_part_of_year,
    "season": handle_season,
    "decade": handle_decade,
    "century": handle_century,
    "year": handle_year,
    "spelled_year": handle_spelled_year,
    "time": handle_time,
    "hijri": handle_hijri,
    "hijri_year": handle_hijri_year,
    "literal": handle_literal,
    "holiday": handle_holiday,
    "non_markable": handle_non_markable,
}
