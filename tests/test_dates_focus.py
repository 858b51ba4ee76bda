"""Temporal focus helpers: TIMEX3 values as intervals, past/around/future, highlighting."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from framelab.dates import extract_timexes, timexes_frame
from framelab.dates.focus import (
    focus_of,
    focus_shares,
    highlight_html,
    timeline_frame,
    value_interval,
)

D = dt.date


def test_value_intervals_keep_granularity() -> None:
    assert value_interval("2023-11-27") == (D(2023, 11, 27), D(2023, 11, 27))
    assert value_interval("2023-11-27TMO") == (D(2023, 11, 27), D(2023, 11, 27))
    assert value_interval("2020-09") == (D(2020, 9, 1), D(2020, 9, 30))
    assert value_interval("2024-02") == (D(2024, 2, 1), D(2024, 2, 29))
    assert value_interval("2023-W47") == (D(2023, 11, 20), D(2023, 11, 26))
    assert value_interval("2023-Q3") == (D(2023, 7, 1), D(2023, 9, 30))
    assert value_interval("2023-H1") == (D(2023, 1, 1), D(2023, 6, 30))
    assert value_interval("2023-WI") == (D(2023, 12, 1), D(2024, 2, 29))
    assert value_interval("198") == (D(1980, 1, 1), D(1989, 12, 31))
    assert value_interval("19") == (D(1900, 1, 1), D(1999, 12, 31))
    for value in ("P44D", "XXXX-11-27", "PAST_REF", None, "", "2023-13", "garbage"):
        assert value_interval(value) is None


def test_focus_relative_to_publication() -> None:
    pub = D(2023, 11, 28)
    assert focus_of("2020-09", pub) == "past"
    assert focus_of("2023-11-27", pub) == "around publication"
    assert focus_of("2023-11", pub) == "around publication"
    assert focus_of("2024", pub) == "future"
    assert focus_of("FUTURE_REF", None) == "future"
    assert focus_of("2020-09", None) is None
    assert focus_of("P2D", pub) is None


def test_timeline_and_shares_per_outlet() -> None:
    text = "اتصل يوم الاثنين. في سبتمبر 2020 اندلعت الحرب. ستعقد القمة في 2025."
    found = timexes_frame(extract_timexes(text, "ar", "2023-11-28"), article_id="a1")
    articles = pd.DataFrame(
        {"article_id": ["a1"], "outlet": ["turan"], "published": ["2023-11-28"]}
    )
    timeline = timeline_frame(found, articles)
    assert list(timeline["focus"]) == ["around publication", "past", "future"]
    shares = focus_shares(timeline)
    row = shares.set_index("outlet").loc["turan"]
    assert (
        row["mentions"] == 3 and abs(row[["past", "around publication", "future"]].sum() - 1) < 0.01
    )


def test_highlight_is_rtl_for_arabic_and_escapes() -> None:
    text = "<b>وصل</b> يوم الاثنين"
    spans = [{"start": 11, "end": 22, "type": "DATE", "value": "2023-11-27", "rule": "ar:weekday"}]
    html = highlight_html(text, spans, "ar")
    assert 'dir="rtl"' in html and "&lt;b&gt;" in html and "<mark" in html and "2023-11-27" in html
    assert 'dir="ltr"' in highlight_html("On Monday", [], "en")
