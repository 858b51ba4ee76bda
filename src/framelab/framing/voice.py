"""Who is given a voice, and how: speaker groups, share of voice, source diversity, cue classes.

Quotes (from the quotes stage) are mapped to codebook actors by :mod:`.speakers` (codebook
aliases, the article's own descriptions of the speaker, the corpus's; see its docstring);
``resolve_speakers`` is re-exported here.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .speakers import NO_CUE, resolve_speakers
from .stats import bootstrap_ratio_intervals, jensen_shannon, shannon_simpson

__all__ = [
    "NO_CUE",
    "article_voice_measures",
    "attribution_asymmetry",
    "cue_mix",
    "resolve_speakers",
    "share_of_voice",
    "voice_by_article",
]


def voice_by_article(quotes: pd.DataFrame) -> pd.DataFrame:
    """Long table: ``article_id, speaker_group, quotes, quoted_words`` (resolved quotes)."""
    return (
        quotes.groupby(["article_id", "speaker_group"], observed=True)
        .agg(quotes=("quote_id", "size"), quoted_words=("quoted_words", "sum"))
        .reset_index()
    )


def article_voice_measures(articles: pd.DataFrame, quotes: pd.DataFrame) -> pd.DataFrame:
    """Per-article voice measures, one row per article (articles without quotes included).

    ``n_quotes, n_quoted_words, n_sources, source_entropy_norm, source_simpson, n_groups,
    group_entropy_norm, group_simpson, officials_only, first_source, first_group,
    anonymous_share, voice_note``. Entropy is normalised by ln(k) and NaN for fewer than two
    sources; officials-only is NaN when no quoted source is attributed to a codebook actor.
    """
    ids = articles[["article_id"]]
    q = quotes[quotes["article_id"].isin(articles["article_id"])]
    base = q.groupby("article_id").agg(
        n_quotes=("quote_id", "size"),
        n_quoted_words=("quoted_words", "sum"),
        n_sources=("source", "nunique"),
        n_anonymous=("is_anonymous", "sum"),
    )
    src = shannon_simpson(q.assign(w=1), "article_id", "source", "w")
    grp = shannon_simpson(q.assign(w=1), "article_id", "speaker_group", "w")
    known = q[q["actor"].notna() & ~q["is_anonymous"]]
    officials = known["official"].fillna(False).astype(bool).groupby(known["article_id"]).all()
    first = (
        q.sort_values(["article_id", "start"]).drop_duplicates("article_id").set_index("article_id")
    )
    out = ids.set_index("article_id").join(base)
    out["n_quotes"] = out["n_quotes"].fillna(0).astype("int64")
    out["n_quoted_words"] = out["n_quoted_words"].fillna(0).astype("int64")
    out["n_sources"] = out["n_sources"].fillna(0).astype("int64")
    out["source_entropy_norm"] = src["entropy_norm"]
    out["source_simpson"] = src["simpson"]
    out["n_groups"] = grp["n_categories"].reindex(out.index).fillna(0).astype("int64")
    out["group_entropy_norm"] = grp["entropy_norm"]
    out["group_simpson"] = grp["simpson"]
    out["officials_only"] = officials.reindex(out.index).astype("boolean")
    out["first_source"] = first["source"].reindex(out.index).astype("string")
    out["first_group"] = first["speaker_group"].reindex(out.index).astype("string")
    with np.errstate(divide="ignore", invalid="ignore"):
        out["anonymous_share"] = np.where(
            out["n_quotes"] > 0, out["n_anonymous"].fillna(0) / out["n_quotes"], np.nan
        )
    out = out.drop(columns="n_anonymous")
    note = pd.Series(pd.NA, index=out.index, dtype="string")
    note[out["n_sources"] == 1] = "one source: normalised entropy undefined"
    note[out["n_quotes"] == 0] = "no quotes: voice measures undefined"
    out["voice_note"] = note
    return out.reset_index()


def _article_by_group(
    by_article: pd.DataFrame, values: str, article_ids: pd.Series, speaker_groups: list[str]
) -> np.ndarray:
    """``article x speaker group`` matrix of the summed ``values`` column (0 where absent)."""
    return (
        by_article.pivot_table(
            index="article_id",
            columns="speaker_group",
            values=values,
            aggfunc="sum",
            fill_value=0,
        )
        .reindex(index=article_ids, columns=speaker_groups, fill_value=0)
        .to_numpy(dtype=float)
    )


def share_of_voice(
    articles: pd.DataFrame, quotes: pd.DataFrame, *, resamples: int, seed: int
) -> pd.DataFrame:
    """Share of quoted words and of quotes per speaker group within each article group (outlet),
    with article-level bootstrap intervals for the word share.

    Columns: ``group, speaker_group, quotes, quoted_words, share_quotes, share_words, ci_low,
    ci_high, n_articles, ci_note``. An outlet whose articles have no quotes gets NaN shares.
    """
    by_article = voice_by_article(quotes)
    speaker_groups = sorted(by_article["speaker_group"].dropna().unique())
    if not speaker_groups:
        return pd.DataFrame(
            columns=[
                "group",
                "speaker_group",
                "quotes",
                "quoted_words",
                "share_quotes",
                "share_words",
                "ci_low",
                "ci_high",
                "n_articles",
                "ci_note",
            ]
        )
    words = _article_by_group(by_article, "quoted_words", articles["article_id"], speaker_groups)
    counts = _article_by_group(by_article, "quotes", articles["article_id"], speaker_groups)
    boot = bootstrap_ratio_intervals(
        words,
        words.sum(axis=1),
        articles["group"].to_numpy(),
        resamples=resamples,
        seed=seed,
        bounds=(0.0, 1.0),
    )
    boot["speaker_group"] = np.asarray(speaker_groups)[boot["measure"].to_numpy()]
    totals = (
        pd.DataFrame(
            {
                "group": np.repeat(articles["group"].to_numpy(), len(speaker_groups)),
                "speaker_group": np.tile(speaker_groups, len(articles)),
                "quotes": counts.ravel(),
                "quoted_words": words.ravel(),
            }
        )
        .groupby(["group", "speaker_group"], as_index=False)
        .sum()
    )
    group_quotes = totals.groupby("group")["quotes"].transform("sum")
    totals["share_quotes"] = np.where(
        group_quotes > 0, totals["quotes"] / group_quotes.where(group_quotes > 0), np.nan
    )
    out = totals.merge(
        boot.rename(columns={"estimate": "share_words"}).drop(columns="measure"),
        on=["group", "speaker_group"],
        how="left",
    )
    out.loc[group_quotes.to_numpy() == 0, "ci_note"] = "undefined: no quotes in this group"
    out[["quotes", "quoted_words"]] = out[["quotes", "quoted_words"]].astype("int64")
    return out


def cue_mix(articles: pd.DataFrame, quotes: pd.DataFrame) -> pd.DataFrame:
    """Quotes per ``group, speaker_group, cue_class`` and the share within (group, speaker_group)."""
    q = quotes.merge(articles[["article_id", "group"]], on="article_id")
    mix = q.groupby(["group", "speaker_group", "cue_class"], observed=True).size().rename("quotes")
    mix = mix.reset_index()
    mix["share"] = mix["quotes"] / mix.groupby(["group", "speaker_group"])["quotes"].transform(
        "sum"
    )
    return mix


def attribution_asymmetry(mix: pd.DataFrame, distancing: str = "distancing") -> pd.DataFrame:
    """How differently each speaker group is introduced, compared with the other groups quoted in
    the same outlet: Jensen-Shannon divergence (base 2, 0 = same verbs, 1 = disjoint) between its
    cue-class distribution and the pooled distribution of all other groups, and the gap in the
    share of distancing cues ("claimed") between the group and the others.

    Rows ``group, speaker_group, quotes, jsd, distancing_share, distancing_others,
    distancing_gap, note``; an outlet-level ``index`` row per group (``speaker_group`` =
    ``(all)``) holds the quote-weighted mean JSD -- the attribution asymmetry index.
    Undefined (NaN, with a note) where an outlet quotes fewer than two groups.
    """
    cols = [
        "group",
        "speaker_group",
        "quotes",
        "jsd",
        "distancing_share",
        "distancing_others",
        "distancing_gap",
        "note",
    ]
    if mix.empty:
        return pd.DataFrame(columns=cols)
    table = mix.pivot_table(
        index=["group", "speaker_group"],
        columns="cue_class",
        values="quotes",
        aggfunc="sum",
        fill_value=0,
    )
    own = table.to_numpy(dtype=float)
    outlet_totals = table.groupby(level="group").transform("sum").to_numpy(dtype=float)
    others = outlet_totals - own
    n_own = own.sum(axis=1)
    n_others = others.sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = own / n_own[:, None]
        q = others / n_others[:, None]
        jsd = np.where(n_others > 0, jensen_shannon(p, q), np.nan)
        d_col = list(table.columns).index(distancing) if distancing in table.columns else None
        d_own = own[:, d_col] / n_own if d_col is not None else np.zeros(len(own))
        d_oth = (
            np.where(n_others > 0, others[:, d_col] / n_others, np.nan)
            if d_col is not None
            else np.where(n_others > 0, 0.0, np.nan)
        )
    out = table.index.to_frame(index=False)
    out["quotes"] = n_own.astype("int64")
    out["jsd"] = jsd
    out["distancing_share"] = d_own
    out["distancing_others"] = d_oth
    out["distancing_gap"] = d_own - d_oth
    out["note"] = np.where(n_others > 0, None, "undefined: only one speaker group quoted")
    weighted = (
        out.assign(wj=out["jsd"] * out["quotes"])
        .groupby("group")
        .agg(wj=("wj", "sum"), quotes=("quotes", "sum"), defined=("jsd", "count"))
    )
    index = pd.DataFrame(
        {
            "group": weighted.index,
            "speaker_group": "(all)",
            "quotes": weighted["quotes"].to_numpy(),
            "jsd": np.where(weighted["defined"] > 0, weighted["wj"] / weighted["quotes"], np.nan),
            "note": np.where(
                weighted["defined"] > 0,
                "attribution asymmetry index (quote-weighted mean JSD)",
                "undefined: only one speaker group quoted",
            ),
        }
    )
    return pd.concat([out, index], ignore_index=True)[cols]
