"""Which words distinguish a group of articles (outlet, bias label...) from the others.

Word counts per group come from one regex pass over each group's joined texts (in bounded
chunks) counted by ``collections.Counter``; each group is then contrasted with all other groups
pooled (one-vs-rest): Fightin' Words log-odds with an informative Dirichlet prior and keyness
(G2 with log ratio). Words are lower-cased runs of two or more letters (digits and ``_`` split words, so ANT's
``ميليشيا_الحوثي`` counts as two words).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

import numpy as np
import pandas as pd

from .stats import fightin_words, keyness

TOKEN_PATTERN = r"[^\W\d_]{2,}"
FW_COLUMNS = ["group", "term", "count", "count_rest", "delta", "se", "z", "p_value", "q_value"]
KEY_COLUMNS = ["group", "term", "count", "count_rest", "g2", "log_ratio", "p_value", "q_value"]


def term_counts(
    texts: pd.Series,
    groups: pd.Series,
    *,
    chunk_chars: int = 5_000_000,
    token_pattern: str = TOKEN_PATTERN,
) -> pd.DataFrame:
    """Word counts as a ``term x group`` DataFrame (integer counts) of lower-cased tokens.

    The texts of each group are joined (in chunks of about ``chunk_chars`` characters, so memory
    stays bounded) and tokenised by one regex pass; ``collections.Counter`` counts in C. The
    Python loop runs over groups and chunks, never over articles."""
    texts = texts.fillna("").astype(str).reset_index(drop=True)
    groups = groups.reset_index(drop=True)
    pattern = re.compile(token_pattern)
    columns: dict[str, Counter] = {}
    lengths = texts.str.len().to_numpy()
    for group, index in groups.groupby(groups, sort=True).groups.items():
        counter: Counter = Counter()
        positions = np.asarray(index)
        chunk_ids = np.cumsum(lengths[positions]) // max(chunk_chars, 1)
        for chunk in np.unique(chunk_ids):
            joined = "\n".join(texts.iloc[positions[chunk_ids == chunk]].tolist()).lower()
            counter.update(pattern.findall(joined))
        columns[str(group)] = counter
    if not any(columns.values()):
        return pd.DataFrame(dtype="int64")
    return pd.DataFrame(columns).fillna(0).astype("int64").sort_index()


def _one_vs_rest(counts: pd.DataFrame, min_freq: int):
    """Yield ``(group, terms, own counts, rest counts, background)`` for each group."""
    if counts.shape[1] < 2:
        return
    kept = counts[counts.sum(axis=1) >= min_freq]
    if kept.empty:
        return
    total = kept.sum(axis=1).to_numpy(dtype=float)
    for group in kept.columns:
        own = kept[group].to_numpy(dtype=float)
        yield group, kept.index.to_numpy(), own, total - own, total


def _top(frame: pd.DataFrame, column: str, top_n: int | None) -> pd.DataFrame:
    if top_n is None or len(frame) <= 2 * top_n:
        return frame.sort_values(column, ascending=False)
    ordered = frame.sort_values(column, ascending=False)
    return pd.concat([ordered.head(top_n), ordered.tail(top_n)])


def _one_vs_rest_frames(
    counts: pd.DataFrame,
    min_freq: int,
    score: Callable[[np.ndarray, np.ndarray, np.ndarray], pd.DataFrame],
    *,
    rank_by: str,
    top_n: int | None,
) -> list[pd.DataFrame]:
    """Per group: ``group, term, count, count_rest`` joined with ``score(own, rest, background)``,
    ranked by ``rank_by`` (the ``top_n`` at each end when given)."""
    frames = []
    for group, terms, own, rest, background in _one_vs_rest(counts, min_freq):
        frame = pd.DataFrame(
            {
                "group": group,
                "term": terms,
                "count": own.astype("int64"),
                "count_rest": rest.astype("int64"),
            }
        ).join(score(own, rest, background))
        frames.append(_top(frame, rank_by, top_n))
    return frames


def fightin_words_table(
    counts: pd.DataFrame,
    *,
    prior: float = 0.01,
    prior_kind: str = "informative",
    min_freq: int = 3,
    top_n: int | None = None,
) -> pd.DataFrame:
    """One-vs-rest Fightin' Words for every group (terms with total count >= ``min_freq``);
    the prior's background is the pooled counts of all groups. Empty for fewer than two groups."""
    frames = _one_vs_rest_frames(
        counts,
        min_freq,
        lambda own, rest, background: fightin_words(
            own, rest, prior=prior, prior_kind=prior_kind, background=background
        ),
        rank_by="z",
        top_n=top_n,
    )
    if not frames:
        return pd.DataFrame(columns=FW_COLUMNS)
    return pd.concat(frames, ignore_index=True)[FW_COLUMNS]


def keyness_table(
    counts: pd.DataFrame, *, min_freq: int = 3, top_n: int | None = None
) -> pd.DataFrame:
    """One-vs-rest keyness (signed G2, log ratio, BH q) for every group."""
    frames = _one_vs_rest_frames(
        counts, min_freq, lambda own, rest, _: keyness(own, rest), rank_by="g2", top_n=top_n
    )
    if not frames:
        return pd.DataFrame(columns=KEY_COLUMNS)
    out = pd.concat(frames, ignore_index=True)[KEY_COLUMNS]
    out["g2"] = out["g2"].astype(float)
    return out
