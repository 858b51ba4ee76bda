"""Temporal focus: do articles dwell on the past, the days around publication, or the future?

Each DATE/TIME timex value (TIMEX3: ``2023``, ``2023-11``, ``2023-11-27``, ``2023-W47``,
``2023-Q3``, ``2023-H1``, ``2018-SU``, ``198`` (a decade), ``19`` (a century), ``2023-11-27TMO``,
``PAST_REF``, ``FUTURE_REF``, ``PRESENT_REF``) becomes a calendar
interval and is compared with the article's publication date: *past* if the interval ends more
than ``around_days`` before it, *future* if it starts more than ``around_days`` after it, *around*
otherwise. Durations and sets have no position in time and are not counted; unanchored values
(``XXXX-...``) and articles without a publication date are counted as *unresolved* and give NaN
shares with a stated reason.
"""

from __future__ import annotations

import logging

import numpy as np
import pandas as pd

from .stats import bootstrap_ratio_intervals

log = logging.getLogger(__name__)

CLASSES = ["past", "around", "future"]
POINT_TYPES = {"DATE", "TIME"}
_VALUE = (
    r"^(?:(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?|-W(?P<week>\d{2})"
    r"|-Q(?P<quarter>[1-4])|-H(?P<half>[12])|-(?P<season>SP|SU|FA|WI))?"
    r"|(?P<decade>\d{3})|(?P<century>\d{2}))(?:T.*)?$"
)
_SEASON_MONTH = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}
_REF = {"PAST_REF": "past", "PRESENT_REF": "around", "FUTURE_REF": "future"}


def value_intervals(values: pd.Series) -> pd.DataFrame:
    """Calendar interval ``[lo, hi]`` (inclusive days) of each TIMEX3 value; NaT if unanchored."""
    parts = values.fillna("").astype(str).str.extract(_VALUE)
    decade = pd.to_numeric(parts["decade"], errors="coerce")
    century = pd.to_numeric(parts["century"], errors="coerce")
    year = pd.to_numeric(parts["year"], errors="coerce").fillna(decade * 10).fillna(century * 100)
    month = pd.to_numeric(parts["month"], errors="coerce")
    day = pd.to_numeric(parts["day"], errors="coerce")
    week = pd.to_numeric(parts["week"], errors="coerce")
    quarter = pd.to_numeric(parts["quarter"], errors="coerce")
    half = pd.to_numeric(parts["half"], errors="coerce")
    season = parts["season"].map(_SEASON_MONTH).astype(float)
    first_month = (
        month.fillna((quarter - 1) * 3 + 1).fillna((half - 1) * 6 + 1).fillna(season).fillna(1)
    )
    ok = year.notna() & year.between(1, 9999)
    lo = pd.to_datetime(
        pd.DataFrame(
            {"year": year.where(ok), "month": first_month.where(ok), "day": day.fillna(1).where(ok)}
        ),
        errors="coerce",
    )
    iso_week = week.notna() & ok
    if iso_week.any():
        text = (
            year.where(iso_week).astype("Int64").astype(str)
            + "-W"
            + week.where(iso_week).astype("Int64").astype(str).str.zfill(2)
            + "-1"
        )
        lo = lo.where(~iso_week, pd.to_datetime(text, format="%G-W%V-%u", errors="coerce"))
    span = np.select(
        [
            day.notna(),
            iso_week,
            month.notna(),
            quarter.notna() | season.notna(),
            half.notna(),
            decade.notna(),
            century.notna(),
        ],
        ["day", "week", "month", "quarter", "half", "decade", "century"],
        default="year",
    )
    hi = lo.copy()
    offsets = {
        "week": pd.DateOffset(days=6),
        "month": pd.offsets.MonthEnd(0),
        "quarter": pd.DateOffset(months=3, days=-1),
        "half": pd.DateOffset(months=6, days=-1),
        "year": pd.offsets.YearEnd(0),
        "decade": pd.DateOffset(years=10, days=-1),
        "century": pd.DateOffset(years=100, days=-1),
    }
    for name, offset in offsets.items():
        mask = (span == name) & lo.notna()
        if mask.any():
            hi[mask] = lo[mask] + offset
    return pd.DataFrame({"lo": lo, "hi": hi})


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
    window = pd.Timedelta(days=int(around_days))
    pub = t["published"]
    focus = np.select(
        [
            interval["hi"].to_numpy() < (pub - window).to_numpy(),
            interval["lo"].to_numpy() > (pub + window).to_numpy(),
            interval["lo"].notna().to_numpy() & pub.notna().to_numpy(),
        ],
        ["past", "future", "around"],
        default="unresolved",
    ).astype(object)
    ref = value.map(_REF)
    focus = np.where(ref.notna(), ref.fillna(""), focus)
    # years pandas cannot hold as timestamps (before 1678, after 2261): compare years
    year = pd.to_numeric(value.str.extract(r"^(\d{4})", expand=False), errors="coerce").to_numpy()
    pub_year = pub.dt.year.to_numpy(dtype=float)
    outside = (focus == "unresolved") & ~np.isnan(year) & ((year < 1678) | (year > 2261))
    focus = np.where(outside & (year < pub_year), "past", focus)
    focus = np.where(outside & (year > pub_year), "future", focus)
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
