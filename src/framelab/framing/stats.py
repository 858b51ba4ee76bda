"""Statistics for comparing outlets: intervals, lexical contrasts, multiple testing.

Everything works on whole arrays (numpy / pandas); nothing loops over articles in Python.

* :func:`wilson_interval` -- score interval for a proportion (n = 0 gives NaN).
* :func:`bootstrap_ratio_intervals` -- article-level (cluster) bootstrap of ratio estimators
  ``sum(numerator) / sum(denominator)`` per group, many measures at once, seeded.
* :func:`fightin_words` -- log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi and
  Quinn 2008), z-scores, two-sided p and Benjamini-Hochberg q.
* :func:`keyness` -- Dunning's log-likelihood G2 with Hardie's log-ratio effect size.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
from scipy import stats as sps

# ---------------------------------------------------------------------------- proportions / CI


def wilson_interval(
    successes: np.ndarray | pd.Series | int,
    trials: np.ndarray | pd.Series | int,
    confidence: float = 0.95,
) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval for ``successes / trials``: bounds in [0, 1] around the estimate.

    The bounds are exact at the edges (0 successes: lower bound 0; all successes: upper bound
    1 -- the closed form gives values such as 5.6e-17 for 0 of 3 in floating point) and always
    enclose ``successes / trials``. NaN where ``trials`` is 0 or NaN. Negative counts or more
    successes than trials are a ``ValueError`` (they are not proportions).
    """
    _check_confidence(confidence)
    k, n = np.broadcast_arrays(np.asarray(successes, dtype=float), np.asarray(trials, dtype=float))
    with np.errstate(invalid="ignore"):
        if np.any(k < 0) or np.any(n < 0) or np.any(k > n):
            raise ValueError("Wilson interval needs 0 <= successes <= trials")
        valid = n > 0
    z = sps.norm.ppf(0.5 + confidence / 2)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = np.where(valid, k / n, np.nan)
        denom = 1 + z**2 / n
        centre = (p + z**2 / (2 * n)) / denom
        half = z * np.sqrt(np.clip(p * (1 - p), 0, None) / n + z**2 / (4 * n**2)) / denom
        low = np.where(k == 0, 0.0, np.minimum(np.clip(centre - half, 0, 1), p))
        high = np.where(k == n, 1.0, np.maximum(np.clip(centre + half, 0, 1), p))
    return np.where(valid, low, np.nan), np.where(valid, high, np.nan)


def _check_confidence(confidence: float) -> None:
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be between 0 and 1 (exclusive), got {confidence!r}")


def benjamini_hochberg(p_values: np.ndarray | pd.Series) -> np.ndarray:
    """Benjamini-Hochberg adjusted p-values (q-values); NaN p-values stay NaN."""
    p = np.asarray(p_values, dtype=float)
    q = np.full_like(p, np.nan)
    ok = ~np.isnan(p)
    m = int(ok.sum())
    if m == 0:
        return q
    order = np.argsort(p[ok])
    ranked = p[ok][order] * m / np.arange(1, m + 1)
    adjusted = np.minimum.accumulate(ranked[::-1])[::-1]
    out = np.empty(m)
    out[order] = np.clip(adjusted, 0, 1)
    q[ok] = out
    return q


# ------------------------------------------------------------------------------------ bootstrap


BOOT_COLUMNS = ["group", "measure", "estimate", "ci_low", "ci_high", "n_articles", "ci_note"]
NO_RESAMPLES = "undefined: no bootstrap resamples (bootstrap_resamples = 0)"


def bootstrap_ratio_intervals(
    numerators: np.ndarray,
    denominators: np.ndarray,
    groups: np.ndarray | pd.Series,
    *,
    resamples: int = 1000,
    seed: int = 0,
    confidence: float = 0.95,
    max_cells: int = 4_000_000,
    bounds: tuple[float, float] = (-np.inf, np.inf),
) -> pd.DataFrame:
    """Percentile bootstrap intervals of ``sum(num) / sum(den)`` per group, resampling articles.

    ``numerators`` and ``denominators`` are ``(n_articles, n_measures)`` arrays (a 1-D
    denominator is shared by every measure). Articles are resampled with replacement within each
    group (a cluster bootstrap: quotes, words and hits stay with their article). Resampling is a
    multinomial weight matrix multiplied into the article matrix, ``max_cells`` bounding memory.

    ``bounds`` is the measure's domain (``(0, 1)`` for shares, ``(0, inf)`` for rates): the
    estimate and both interval ends are clipped into it, and the interval is widened where
    needed so that ``ci_low <= estimate <= ci_high`` (a percentile interval can miss its own
    estimate by rounding, e.g. when every resample gives the same ratio).

    Returns one row per (group, measure): ``estimate, ci_low, ci_high, n_articles, ci_note``.
    Intervals are NaN with a note for groups with one article (no variability to resample),
    whose denominator is zero, or when ``resamples`` is 0.
    """
    _check_confidence(confidence)
    lower, upper = float(bounds[0]), float(bounds[1])
    if not lower <= upper:
        raise ValueError(f"bounds must be (low, high) with low <= high, got {bounds!r}")
    if int(resamples) < 0:
        raise ValueError(f"resamples must be >= 0, got {resamples!r}")
    num, den = _ratio_matrices(numerators, denominators)
    labels = pd.Series(np.asarray(groups)).reset_index(drop=True)
    if len(labels) != num.shape[0]:
        raise ValueError(f"groups has {len(labels)} labels for {num.shape[0]} rows of numerators")
    rng = np.random.default_rng(seed)
    alpha = (1 - confidence) / 2
    records = []
    codes, uniques = pd.factorize(labels, sort=True)
    for code, group in enumerate(uniques):
        idx = np.flatnonzero(codes == code)
        n = idx.size
        g_num, g_den = num[idx], den[idx]
        total_num, total_den = g_num.sum(axis=0), g_den.sum(axis=0)
        defined = total_den > 0
        with np.errstate(divide="ignore", invalid="ignore"):
            estimate = np.where(defined, total_num / total_den, np.nan)
        low = np.full(num.shape[1], np.nan)
        high = np.full(num.shape[1], np.nan)
        notes = np.full(num.shape[1], None, dtype=object)
        if n < 2:
            notes[:] = "undefined: n=1 article"
        elif not resamples:
            notes[:] = NO_RESAMPLES
        else:
            ratios = _resampled_ratios(g_num, g_den, int(resamples), rng, max_cells)
            with np.errstate(all="ignore"), warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN: zero denominator
                low = np.nanquantile(ratios, alpha, axis=0)
                high = np.nanquantile(ratios, 1 - alpha, axis=0)
        notes[~defined] = "undefined: zero denominator"
        estimate, low, high = _ordered_in_bounds(estimate, low, high, lower, upper)
        low[~defined] = np.nan
        high[~defined] = np.nan
        records.extend(
            (group, m, estimate[m], low[m], high[m], n, notes[m]) for m in range(num.shape[1])
        )
    out = pd.DataFrame(records, columns=BOOT_COLUMNS)
    return out.astype(
        {
            "measure": "int64",
            "estimate": float,
            "ci_low": float,
            "ci_high": float,
            "n_articles": "int64",
            "ci_note": object,
        }
    )


def _ratio_matrices(numerators: np.ndarray, denominators: np.ndarray) -> tuple[np.ndarray, ...]:
    """``(n, m)`` float numerators and denominators (a 1-D denominator repeated per measure)."""
    num = np.asarray(numerators, dtype=float)
    if num.ndim == 1:
        num = num[:, None]
    den = np.asarray(denominators, dtype=float)
    if den.ndim == 1:
        den = np.repeat(den[:, None], num.shape[1], axis=1)
    if num.ndim != 2 or den.shape != num.shape:
        raise ValueError(
            f"numerators {num.shape} and denominators {den.shape} do not line up "
            "(articles x measures, or one denominator per article)"
        )
    return num, den


def _ordered_in_bounds(
    estimate: np.ndarray, low: np.ndarray, high: np.ndarray, lower: float, upper: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Clip to ``[lower, upper]`` and widen the interval to contain the estimate (NaN kept)."""
    estimate = np.clip(estimate, lower, upper)
    low = np.clip(low, lower, upper)
    high = np.clip(high, lower, upper)
    with np.errstate(invalid="ignore"):
        low = np.where(np.isnan(low), low, np.fmin(low, estimate))
        high = np.where(np.isnan(high), high, np.fmax(high, estimate))
    return estimate, low, high


def _resampled_ratios(
    num: np.ndarray, den: np.ndarray, resamples: int, rng: np.random.Generator, max_cells: int
) -> np.ndarray:
    """``(resamples, n_measures)`` ratios from multinomial article weights, in memory chunks."""
    n = num.shape[0]
    chunk = max(1, min(resamples, max_cells // max(n, 1)))
    out = np.empty((resamples, num.shape[1]))
    done = 0
    while done < resamples:
        size = min(chunk, resamples - done)
        weights = rng.multinomial(n, np.full(n, 1.0 / n), size=size).astype(float)
        with np.errstate(divide="ignore", invalid="ignore"):
            out[done : done + size] = (weights @ num) / (weights @ den)
        done += size
    return out


# ---------------------------------------------------------------------------- Fightin' Words


def fightin_words(
    counts_a: np.ndarray,
    counts_b: np.ndarray,
    *,
    prior: float = 0.01,
    prior_kind: str = "informative",
    background: np.ndarray | None = None,
) -> pd.DataFrame:
    """Monroe, Colaresi and Quinn (2008) log-odds ratios with a Dirichlet prior.

    ``counts_a``/``counts_b`` are word counts over the same vocabulary. ``prior_kind``:

    * ``"uniform"``: every word gets the pseudo-count ``prior`` (alpha_w = prior);
    * ``"informative"``: the same total prior mass ``prior * V`` spread in proportion to the
      ``background`` counts (default: the pooled counts a + b), alpha_w = prior * V * pi_w.

    delta_w = log((y_a + a_w) / (n_a + a_0 - y_a - a_w)) - log((y_b + a_w) / (n_b + a_0 - y_b - a_w)),
    var ~= 1 / (y_a + a_w) + 1 / (y_b + a_w) (eq. 20), z = delta / sqrt(var). Positive z: the word
    is characteristic of ``a``. Returns columns ``delta, se, z, p_value, q_value`` (all NaN for a
    vocabulary of fewer than two words, where the odds of a word against the others are
    undefined).
    """
    ya = np.asarray(counts_a, dtype=float)
    yb = np.asarray(counts_b, dtype=float)
    vocab = ya.size
    if prior_kind == "uniform":
        alpha = np.full(vocab, float(prior))
    elif prior_kind == "informative":
        back = (ya + yb) if background is None else np.asarray(background, dtype=float)
        total = back.sum()
        alpha = (prior * vocab) * (back / total) if total > 0 else np.full(vocab, float(prior))
        alpha = np.where(alpha > 0, alpha, float(prior))  # a word absent from the background
    else:
        raise ValueError(f"prior_kind must be 'informative' or 'uniform', not {prior_kind!r}")
    if vocab < 2:  # the log-odds of a word against the others: one word has no others
        nan = np.full(vocab, np.nan)
        return pd.DataFrame({"delta": nan, "se": nan, "z": nan, "p_value": nan, "q_value": nan})
    a0 = alpha.sum()
    na, nb = ya.sum(), yb.sum()
    with np.errstate(divide="ignore", invalid="ignore"):
        delta = np.log((ya + alpha) / (na + a0 - ya - alpha)) - np.log(
            (yb + alpha) / (nb + a0 - yb - alpha)
        )
        se = np.sqrt(1.0 / (ya + alpha) + 1.0 / (yb + alpha))
        z = delta / se
    p = 2 * sps.norm.sf(np.abs(z))
    return pd.DataFrame(
        {"delta": delta, "se": se, "z": z, "p_value": p, "q_value": benjamini_hochberg(p)}
    )


# --------------------------------------------------------------------------------------- keyness


def keyness(counts_target: np.ndarray, counts_reference: np.ndarray) -> pd.DataFrame:
    """Dunning's log-likelihood G2 (target vs reference corpus) and Hardie's log ratio.

    G2 = 2 * sum(O * ln(O / E)) over the two corpora (0 * ln 0 = 0), signed positive when the
    word is relatively more frequent in the target. ``log_ratio`` = log2 of the ratio of relative
    frequencies, zero counts replaced by 0.5 (Hardie 2014). ``p_value`` from chi-square(1),
    ``q_value`` Benjamini-Hochberg.
    """
    a = np.asarray(counts_target, dtype=float)
    b = np.asarray(counts_reference, dtype=float)
    c, d = a.sum(), b.sum()
    with np.errstate(divide="ignore", invalid="ignore"):
        e1 = c * (a + b) / (c + d)
        e2 = d * (a + b) / (c + d)
        t1 = np.where(a > 0, a * np.log(a / e1), 0.0)
        t2 = np.where(b > 0, b * np.log(b / e2), 0.0)
        g2 = 2 * (t1 + t2)
        rel_a = np.where(a > 0, a, 0.5) / c if c > 0 else np.full_like(a, np.nan)
        rel_b = np.where(b > 0, b, 0.5) / d if d > 0 else np.full_like(b, np.nan)
        log_ratio = np.log2(rel_a / rel_b)
    direction = np.sign(np.nan_to_num(a / c if c else 0) - np.nan_to_num(b / d if d else 0))
    p = sps.chi2.sf(g2, df=1)
    return pd.DataFrame(
        {
            "g2": g2 * np.where(direction < 0, -1.0, 1.0),
            "log_ratio": log_ratio,
            "p_value": p,
            "q_value": benjamini_hochberg(p),
        }
    )


# ------------------------------------------------------------------------------------- diversity


def shannon_simpson(counts: pd.DataFrame, unit: str, category: str, weight: str) -> pd.DataFrame:
    """Per ``unit``: number of categories, normalised Shannon entropy (H / ln k; NaN for k < 2)
    and Gini-Simpson index (1 - sum p^2) of the ``weight`` distribution over ``category``."""
    per = counts.groupby([unit, category], observed=True)[weight].sum()
    per = per[per > 0]
    totals = per.groupby(level=0).transform("sum")
    p = per / totals
    k = p.groupby(level=0).size()
    entropy = (-(p * np.log(p))).groupby(level=0).sum()
    simpson = 1 - (p**2).groupby(level=0).sum()
    with np.errstate(divide="ignore", invalid="ignore"):
        norm = entropy / np.log(k.where(k > 1))
    return pd.DataFrame({"n_categories": k, "entropy_norm": norm, "simpson": simpson}).rename_axis(
        unit
    )


def jensen_shannon(p: np.ndarray, q: np.ndarray) -> np.ndarray:
    """Row-wise Jensen-Shannon divergence (base 2, in [0, 1]) of distributions ``p`` and ``q``."""
    p = np.asarray(p, dtype=float)
    q = np.asarray(q, dtype=float)
    m = (p + q) / 2
    with np.errstate(divide="ignore", invalid="ignore"):
        kl_p = np.where(p > 0, p * np.log2(p / m), 0.0).sum(axis=-1)
        kl_q = np.where(q > 0, q * np.log2(q / m), 0.0).sum(axis=-1)
    return 0.5 * kl_p + 0.5 * kl_q
