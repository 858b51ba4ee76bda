"""Temporal focus: do articles dwell on the past, the days around publication, or the future?

Each DATE/TIME timex value is placed by :func:`framelab.text.timex.position`, the same code the
dates stage uses (TIMEX3: ``2023``, ``2023-11``, ``2023-11-27``, ``2023-W47``,
``2023-Q3``, ``2023-H1``, ``2018-SU``, ``198`` (a decade), ``19`` (a century), ``2023-11-27TMO``,
``PAST_REF``, ``FUTURE_REF``, ``PRESENT_REF``) becomes a calendar
interval and is compared with the article's publication date: *past* if the interval ends more
than ``around_days`` before it, *future* if it starts more than ``around_days`` after it, *around*
otherwise. Durations and sets have no position in time and are not counted; unanchored values
(``XXXX-...``) and articles without a publication date are counted as *unresolved* and give NaN
shares with a stated reason.
"""

from __future__ import annotations

import datetime as dt
import logging

import numpy as np
import pandas as pd

from ..text.timex import position, value_interval
from .stats import bootstrap_ratio_intervals

log = logging.getLogger(__name__)

CLASSES = ["past", "around", "future"]
POINT_TYPES = {"DATE", "TIME"}
# pandas timestamps hold these years; intervals beyond them keep NaT bounds (their focus is still
# decided, from the calendar dates)
_TIMESTAMP_YEARS = (1678, 2261)


def _timestamp(day: dt.date | None) -> pd.Timestamp:
    if day is None or not _TIMESTAMP_YEARS[0] <= day.year <= _TIMESTAMP_YEARS[1]:
        return pd.NaT
    return pd.Timestamp(day)


def value_intervals(values: pd.Series) -> pd.DataFrame:
    """Calendar interval ``[lo, hi]`` (inclusive days) of each TIMEX3 value
    (:func:`framelab.text.timex.value_interval`); NaT if it has none or pandas cannot hold it."""
    intervals = {v: value_interval(v) for v in values.dropna().astype(str).unique()}
    bounds = {
        v: (None, None) if iv is None else (_timestamp(iv[0]), _timestamp(iv[1]))
        for v, iv in intervals.items()
    }
    keys = values.astype("string").fillna("")
    lo = keys.map(lambda v: bounds.get(v, (None, None))[0])
    hi = keys.map(lambda v: bounds.get(v, (None, None))[1])
    return pd.DataFrame(
        {"lo": pd.to_datetime(lo.astype(object)), "hi": pd.to_datetime(hi.astype(object))},
        index=values.index,
    )


def classify_timexes(
    timexes: pd.DataFrame, articles: pd.DataFrame, around_days: int = 7
) -> pd.DataFrame:
    """``timexes`` (DATE/TIME only, of the given articles) plus ``focus`` in past / around /
    future / unresolved and ``focus_reason`` for the unresolved ones."""
    t = timexes[timexes["type"].isin(POINT_TYPES)].merge(
        articles[["article_id", "published"]], on="article_id"
    )
    value = t["value"].astype("string").fillna("")
    interval = value_intervals(value)
    published = [None if pd.isna(p) else p.date() for p in t["published"]]
    focus = np.array(
        [
            position(v, p, int(around_days)) or "unresolved"
            for v, p in zip(value.tolist(), published, strict=True)
        ],
        dtype=object,
    )
    pub = t["published"]
    reason = np.select(
        [focus != "unresolved", pub.isna().to_numpy(), value.str.startswith("X").to_numpy()],
        [None, "no publication date", "unanchored value"],
        default="value not a calendar date",
    )
    return t.assign(focus=focus, focus_reason=reason, lo=interval["lo"], hi=interval["hi"])


def article_temporal_focus(articles: pd.DataFrame, classified: pd.DataFrame) -> pd.DataFrame:
    """Per article: counts and shares of past / around / future timexes (shares over the
    resolved ones), ``n_unresolved`` and ``temporal_note`` where shares are undefined."""
    counts = (
        classified.groupby(["article_id", "focus"])
        .size()
        .unstack(fill_value=0)
        .reindex(index=articles["article_id"], columns=[*CLASSES, "unresolved"], fill_value=0)
    )
    resolved = counts[CLASSES].sum(axis=1)
    out = pd.DataFrame({"article_id": articles["article_id"].to_numpy()})
    for cls in CLASSES:
        out[f"n_{cls}"] = counts[cls].to_numpy()
        with np.errstate(divide="ignore", invalid="ignore"):
            out[f"{cls}_share"] = np.where(
                resolved > 0, counts[cls] / resolved.where(resolved > 0), np.nan
            )
    out["n_unresolved"] = counts["unresolved"].to_numpy()
    no_date = articles["published"].isna().to_numpy()
    if no_date.any():
        log.warning(
            "%d article(s) without a publication date: temporal focus undefined for them",
            int(no_date.sum()),
        )
    out["temporal_note"] = np.select(
        [no_date, (resolved == 0).to_numpy()],
        ["undefined: no publication date", "undefined: no dated expressions"],
        default=None,
    )
    out.loc[out["temporal_note"] == "None", "temporal_note"] = None
    return out


def temporal_focus_by_group(
    articles: pd.DataFrame, per_article: pd.DataFrame, *, resamples: int, seed: int
) -> pd.DataFrame:
    """Pooled past / around / future shares per group with article bootstrap intervals."""
    merged = per_article.merge(articles[["article_id", "group"]], on="article_id")
    num = merged[[f"n_{c}" for c in CLASSES]].to_numpy(dtype=float)
    boot = bootstrap_ratio_intervals(
        num,
        num.sum(axis=1),
        merged["group"].to_numpy(),
        resamples=resamples,
        seed=seed,
        bounds=(0.0, 1.0),
    )
    boot["focus"] = np.asarray(CLASSES)[boot["measure"].to_numpy()]
    totals = merged.groupby("group")[[f"n_{c}" for c in CLASSES]].sum()
    long = totals.rename(columns=lambda c: c[2:]).stack().rename("timexes").reset_index()
    long.columns = ["group", "focus", "timexes"]
    out = long.merge(
        boot.drop(columns="measure").rename(columns={"estimate": "share"}),
        on=["group", "focus"],
        how="left",
    )
    return out[["group", "focus", "timexes", "share", "ci_low", "ci_high", "n_articles", "ci_note"]]
