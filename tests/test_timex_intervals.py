"""TIMEX3 value -> interval is implemented once (framelab.text.timex); dates and framing agree."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from framelab.dates.focus import focus_of
from framelab.framing.temporal import classify_timexes, value_intervals
from framelab.text.timex import position, value_interval

D = dt.date
FRAMING_NAMES = {"past": "past", "around publication": "around", "future": "future", None: None}


@st.composite
def timex_values(draw) -> str:
    year = draw(st.integers(0, 9999))
    kind = draw(st.sampled_from(["y", "m", "d", "w", "q", "h", "s", "dec", "cen", "ref", "x"]))
    if kind == "y":
        return f"{year:04d}"
    if kind == "m":
        return f"{year:04d}-{draw(st.integers(0, 13)):02d}"
    if kind == "d":
        return f"{year:04d}-{draw(st.integers(0, 13)):02d}-{draw(st.integers(0, 32)):02d}"
    if kind == "w":
        return f"{year:04d}-W{draw(st.integers(0, 54)):02d}"
    if kind == "q":
        return f"{year:04d}-Q{draw(st.integers(0, 5))}"
    if kind == "h":
        return f"{year:04d}-H{draw(st.integers(0, 3))}"
    if kind == "s":
        return f"{year:04d}-{draw(st.sampled_from(['SP', 'SU', 'FA', 'WI', 'XX']))}"
    if kind == "dec":
        return f"{year // 10:03d}"
    if kind == "cen":
        return f"{year // 100:02d}"
    if kind == "ref":
        return draw(st.sampled_from(["PAST_REF", "PRESENT_REF", "FUTURE_REF", "P3D", "XXXX-11"]))
    return draw(st.text(max_size=12))


def _framing_focus(value: str, published: D, window: int) -> str | None:
    timexes = pd.DataFrame({"article_id": ["a1"], "type": ["DATE"], "value": [value]})
    articles = pd.DataFrame({"article_id": ["a1"], "published": [pd.Timestamp(published)]})
    focus = classify_timexes(timexes, articles, window)["focus"].iloc[0]
    return None if focus == "unresolved" else focus


@settings(max_examples=300, deadline=None)
@given(
    value=timex_values(),
    published=st.dates(D(1700, 1, 1), D(2200, 12, 31)),
    window=st.integers(0, 400),
)
def test_dates_and_framing_place_every_value_alike(value, published, window):
    assert FRAMING_NAMES[focus_of(value, published, window)] == _framing_focus(
        value, published, window
    )


@settings(max_examples=300, deadline=None)
@given(value=timex_values())
def test_framing_intervals_are_the_shared_intervals(value):
    interval = value_interval(value)
    row = value_intervals(pd.Series([value])).iloc[0]
    if interval is None:
        assert pd.isna(row["lo"]) and pd.isna(row["hi"])
        return
    first, last = interval
    assert first <= last
    if first.year >= 1678 and last.year <= 2261:
        assert (row["lo"].date(), row["hi"].date()) == (first, last)


def test_four_digit_years_below_1000_and_missing_iso_weeks():
    """A year written 0199 is the year 199, and 2023 has no ISO week 53 (2020 has)."""
    assert value_interval("0199") == (D(199, 1, 1), D(199, 12, 31))
    assert value_interval("2023-W53") is None
    assert value_interval("2020-W53") == (D(2020, 12, 28), D(2021, 1, 3))
    published = D(2023, 11, 28)
    assert _framing_focus("0199", published, 7) == "past" == position("0199", published)
    assert _framing_focus("2023-W53", published, 7) is None
    assert _framing_focus("1534-05", published, 7) == "past"
    assert _framing_focus("2400", published, 7) == "future"
