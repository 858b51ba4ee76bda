"""Reading TIMEX3 values back as calendar intervals, for timelines and "temporal focus": is an
article talking about the past, the days around its publication, or the future?"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Iterable
from typing import Any

import pandas as pd

from ..display import language_is_right_to_left
from ..text.timex import position, value_interval
from . import calendar as cal

FOCUS_LABELS = ("past", "around publication", "future")
_LABELS = {"past": "past", "around": "around publication", "future": "future"}


def focus_of(value: str | None, published: dt.date | None, window_days: int = 7) -> str | None:
    """past / around publication / future of one value relative to the publication date
    (:func:`framelab.text.timex.position`)."""
    where = position(value, published, window_days)
    return None if where is None else _LABELS[where]


def timeline_frame(
    timexes: pd.DataFrame, articles: pd.DataFrame, window_days: int = 7
) -> pd.DataFrame:
    """One row per dated timex (DATE/TIME with a calendar value): article, outlet, publication
    date, mentioned interval (start, end, mid), distance in days and temporal focus."""
    meta = articles[["article_id", "outlet", "published"]].drop_duplicates("article_id")
    rows: list[dict[str, Any]] = []
    for t in timexes.merge(meta, on="article_id", how="left").to_dict("records"):
        published = cal.parse_iso_date(t.get("published"))
        focus = focus_of(t.get("value"), published, window_days)
        interval = value_interval(t.get("value"))
        if focus is None and interval is None:
            continue
        mid = None if interval is None else interval[0] + (interval[1] - interval[0]) / 2
        rows.append(
            {
                "article_id": t["article_id"],
                "outlet": t.get("outlet") or "unknown",
                "published": published,
                "text": t["text"],
                "value": t["value"],
                "granularity": t["granularity"],
                "mentioned_start": None if interval is None else interval[0],
                "mentioned_end": None if interval is None else interval[1],
                "mentioned_mid": mid,
                "days_from_publication": None
                if (mid is None or published is None)
                else (mid - published).days,
                "focus": focus,
            }
        )
    return pd.DataFrame(
        rows,
        columns=[
            "article_id",
            "outlet",
            "published",
            "text",
            "value",
            "granularity",
            "mentioned_start",
            "mentioned_end",
            "mentioned_mid",
            "days_from_publication",
            "focus",
        ],
    )


def focus_shares(timeline: pd.DataFrame, by: str = "outlet") -> pd.DataFrame:
    """Share of past / around publication / future mentions per ``by`` group (rows sum to 1)."""
    known = timeline.dropna(subset=["focus"])
    if known.empty:
        return pd.DataFrame(columns=[by, *FOCUS_LABELS, "mentions"])
    table = pd.crosstab(known[by], known["focus"]).reindex(columns=list(FOCUS_LABELS), fill_value=0)
    shares = table.div(table.sum(axis=1), axis=0).round(3)
    shares["mentions"] = table.sum(axis=1)
    return shares.reset_index()


_TYPE_COLOURS = {"DATE": "#cfe8ff", "TIME": "#ffe2b8", "DURATION": "#d9f2d0", "SET": "#f2d0ec"}


def highlight_html(text: str, spans: Iterable[dict[str, Any]], language: str | None = None) -> str:
    """The text as HTML with each timex marked (colour by type, value in the tooltip); right to
    left for Arabic-script languages."""
    rtl = language_is_right_to_left(language)
    out: list[str] = []
    pos = 0
    for span in sorted(spans, key=lambda s: int(s["start"])):
        start, end = int(span["start"]), int(span["end"])
        if start < pos:
            continue
        out.append(html.escape(text[pos:start]))
        colour = _TYPE_COLOURS.get(str(span.get("type")), "#eeeeee")
        title = html.escape(
            f"{span.get('type')} {span.get('value')} ({span.get('rule', '')})", quote=True
        )
        out.append(
            f'<mark style="background:{colour};padding:0 2px;border-radius:3px" title="{title}">'
            f'{html.escape(text[start:end])}<sub style="font-size:70%;color:#555" dir="ltr">'
            f"{html.escape(str(span.get('value')))}</sub></mark>"
        )
        pos = end
    out.append(html.escape(text[pos:]))
    direction = "rtl" if rtl else "ltr"
    body = "".join(out).replace("\n", "<br>")
    return f'<div dir="{direction}" style="text-align:{"right" if rtl else "left"};line-height:1.8">{body}</div>'
