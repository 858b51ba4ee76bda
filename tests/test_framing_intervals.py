"""Property tests: every interval of the framing stage is defined, ordered and inside its domain.

For any group sizes (1 article up to hundreds, one group up to hundreds of groups) and any counts
(0, all, anything between), each interval function returns ``low <= estimate <= high`` inside
the measure's domain (shares in [0, 1], rates >= 0), or NaN with a stated reason -- never a bound
on the wrong side of its estimate (the 3.5e-18-instead-of-0 lower bound that made matplotlib
refuse negative error bars).
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from framelab.framing.contested import contested_usage
from framelab.framing.frames import frame_prevalence
from framelab.framing.stats import (
    benjamini_hochberg,
    bootstrap_ratio_intervals,
    fightin_words,
    keyness,
    wilson_interval,
)
from framelab.framing.temporal import temporal_focus_by_group

SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# the stage's table functions run pandas per example: fewer examples, same strategies
TABLE_SETTINGS = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


def _assert_ordered(estimate, low, high, lower=0.0, upper=1.0) -> None:
    estimate, low, high = (np.asarray(v, dtype=float) for v in (estimate, low, high))
    has = ~np.isnan(low)
    assert np.array_equal(has, ~np.isnan(high)), "one bound NaN, the other not"
    assert not np.isnan(estimate[has]).any(), "an interval around an undefined estimate"
    assert (low[has] <= estimate[has]).all(), (low[has], estimate[has])
    assert (estimate[has] <= high[has]).all(), (estimate[has], high[has])
    assert (low[has] >= lower).all() and (high[has] <= upper).all()
    # what the report's error bars are made of
    assert (estimate[has] - low[has] >= 0).all() and (high[has] - estimate[has] >= 0).all()


# ----------------------------------------------------------------------------------- Wilson


@st.composite
def counts_and_trials(draw, max_trials: int = 1_000_000):
    trials = draw(st.integers(0, max_trials))
    successes = draw(st.sampled_from([0, trials, None]))
    if successes is None:
        successes = draw(st.integers(0, trials))
    return successes, trials


@SETTINGS
@given(counts_and_trials(), st.sampled_from([0.8, 0.9, 0.95, 0.99]))
def test_wilson_is_ordered_clipped_and_exact_at_the_edges(pair, confidence):
    k, n = pair
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        low, high = wilson_interval(k, n, confidence)
    if n == 0:
        assert np.isnan(low) and np.isnan(high)
        return
    _assert_ordered(k / n, low, high)
    if k == 0:
        assert low == 0.0
    if k == n:
        assert high == 1.0
    assert high - low > 0


@SETTINGS
@given(st.lists(counts_and_trials(3000), min_size=1, max_size=400))
def test_wilson_vectorised_equals_one_by_one(pairs):
    k = np.array([p[0] for p in pairs])
    n = np.array([p[1] for p in pairs])
    low, high = wilson_interval(k, n)
    for i in range(0, len(pairs), 37):
        one_low, one_high = wilson_interval(k[i], n[i])
        assert np.allclose([one_low, one_high], [low[i], high[i]], equal_nan=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        _assert_ordered(np.where(n > 0, k / np.maximum(n, 1), np.nan), low, high)


def test_wilson_for_every_group_size_up_to_2000():
    """The original bug: 0 of n gave a lower bound of ~1e-17 for hundreds of n (3, 50, 98...)."""
    n = np.arange(1, 2001)
    for k in (np.zeros_like(n), np.ones_like(n), n // 2, n - 1, n):
        low, high = wilson_interval(k, n)
        _assert_ordered(k / n, low, high)
    assert (wilson_interval(np.zeros_like(n), n)[0] == 0).all()
    assert (wilson_interval(n, n)[1] == 1).all()


@pytest.mark.parametrize(("k", "n"), [(-1, 3), (4, 3), (1, -2)])
def test_wilson_rejects_counts_that_are_not_proportions(k, n):
    with pytest.raises(ValueError, match="successes <= trials"):
        wilson_interval(k, n)


def test_wilson_rejects_a_confidence_outside_0_1():
    with pytest.raises(ValueError, match="confidence"):
        wilson_interval(1, 2, confidence=1.0)


# ------------------------------------------------------------------------------- bootstrap


@st.composite
def grouped_counts(draw, max_groups: int = 40, max_size: int = 12):
    """Articles in groups of any size; per article a denominator and numerators <= it, with
    whole groups at 0 or at the denominator (no / every article showing the feature)."""
    sizes = draw(st.lists(st.integers(1, max_size), min_size=1, max_size=max_groups))
    n_measures = draw(st.integers(1, 4))
    rows = []
    for g, size in enumerate(sizes):
        mode = draw(st.sampled_from(["zero", "all", "any", "zero_den"]))
        for _ in range(size):
            den = 0 if mode == "zero_den" else draw(st.integers(0, 60))
            if mode == "zero":
                num = [0] * n_measures
            elif mode == "all":
                num = [den] * n_measures
            else:
                num = [draw(st.integers(0, den)) for _ in range(n_measures)]
            rows.append((f"g{g:03d}", den, num))
    groups = np.array([r[0] for r in rows])
    den = np.array([r[1] for r in rows], dtype=float)
    num = np.array([r[2] for r in rows], dtype=float)
    return num, den, groups


@SETTINGS
@given(grouped_counts(), st.integers(0, 60), st.integers(0, 2**31))
def test_bootstrap_shares_are_ordered_and_inside_0_1(data, resamples, seed):
    num, den, groups = data
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = bootstrap_ratio_intervals(
            num, den, groups, resamples=resamples, seed=seed, bounds=(0.0, 1.0)
        )
    assert len(out) == len(np.unique(groups)) * num.shape[1]
    _assert_ordered(out["estimate"], out["ci_low"], out["ci_high"])
    undefined = out["ci_low"].isna()
    assert out.loc[undefined, "ci_note"].notna().all(), "an undefined interval without a reason"
    single = out["n_articles"] == 1
    assert out.loc[single, "ci_low"].isna().all()
    assert out.loc[single, "ci_note"].str.contains("n=1|zero denominator").all()
    zero_den = out["estimate"].isna()
    assert out.loc[zero_den, "ci_note"].eq("undefined: zero denominator").all()
    if resamples == 0:
        assert undefined.all()


@TABLE_SETTINGS
@given(grouped_counts(max_groups=6, max_size=30), st.integers(1, 5))
def test_bootstrap_group_with_no_or_every_article_showing_a_feature(data, scale):
    num, den, groups = data
    num = np.zeros_like(num)  # no article shows the feature
    den = den * scale + 1
    out = bootstrap_ratio_intervals(num, den, groups, resamples=50, seed=1, bounds=(0.0, 1.0))
    assert (out["estimate"] == 0).all()
    assert (out["ci_low"].dropna() == 0).all() and (out["ci_high"].dropna() == 0).all()
    every = bootstrap_ratio_intervals(
        den[:, None].repeat(num.shape[1], axis=1), den, groups, resamples=50, seed=1
    )
    assert (every["estimate"] == 1).all()
    assert (every["ci_low"].dropna() == 1).all() and (every["ci_high"].dropna() == 1).all()


@SETTINGS
@given(
    st.lists(st.floats(0, 1e4, allow_nan=False), min_size=2, max_size=200),
    st.lists(st.floats(0.5, 1e4, allow_nan=False), min_size=2, max_size=200),
)
def test_bootstrap_rates_are_non_negative_and_contain_the_estimate(numerators, words):
    size = min(len(numerators), len(words))
    num = np.array(numerators[:size]) * 1000
    den = np.array(words[:size])
    out = bootstrap_ratio_intervals(
        num, den, np.zeros(size), resamples=200, seed=3, bounds=(0.0, np.inf)
    )
    _assert_ordered(out["estimate"], out["ci_low"], out["ci_high"], upper=np.inf)


def test_bootstrap_constant_ratio_does_not_miss_its_estimate():
    """Every article at the same share: all resamples equal the estimate up to rounding."""
    den = np.array([3.0, 6.0, 9.0, 30.0, 300.0])
    out = bootstrap_ratio_intervals(den / 3, den, np.zeros(5), resamples=500, seed=0)
    _assert_ordered(out["estimate"], out["ci_low"], out["ci_high"])


def test_bootstrap_hundreds_of_groups_of_one_to_three_articles():
    rng = np.random.default_rng(5)
    sizes = rng.integers(1, 4, size=300)
    groups = np.repeat([f"outlet {i}" for i in range(300)], sizes)
    den = rng.integers(0, 40, size=groups.size).astype(float)
    num = np.floor(den * rng.random(groups.size))
    out = bootstrap_ratio_intervals(num, den, groups, resamples=1000, seed=2, bounds=(0, 1))
    assert out["group"].nunique() == 300
    _assert_ordered(out["estimate"], out["ci_low"], out["ci_high"])


def test_bootstrap_empty_input_and_bad_shapes():
    empty = bootstrap_ratio_intervals(np.empty((0, 2)), np.empty(0), np.empty(0), resamples=10)
    assert empty.empty and list(empty.columns)[:3] == ["group", "measure", "estimate"]
    with pytest.raises(ValueError, match="line up"):
        bootstrap_ratio_intervals(np.ones((3, 2)), np.ones((3, 3)), np.zeros(3))
    with pytest.raises(ValueError, match="labels"):
        bootstrap_ratio_intervals(np.ones(3), np.ones(3), np.zeros(2))
    with pytest.raises(ValueError, match="bounds"):
        bootstrap_ratio_intervals(np.ones(3), np.ones(3), np.zeros(3), bounds=(1, 0))


# ------------------------------------------------------------- interval tables of the stage


def _articles(sizes: list[int]) -> pd.DataFrame:
    groups = np.repeat([f"g{i}" for i in range(len(sizes))], sizes)
    return pd.DataFrame(
        {
            "article_id": [f"a{i}" for i in range(groups.size)],
            "group": groups,
            "n_words": 100,
        }
    )


@TABLE_SETTINGS
@given(
    st.lists(st.integers(1, 8), min_size=1, max_size=30),
    st.sampled_from(["none", "every", "some"]),
    st.integers(0, 2**16),
)
def test_frame_prevalence_intervals(sizes, presence, seed):
    articles = _articles(sizes)
    rng = np.random.default_rng(seed)
    n = len(articles)
    present = {"none": np.zeros(n, bool), "every": np.ones(n, bool)}.get(
        presence, rng.random(n) < 0.3
    )
    rates = pd.DataFrame(
        {
            "article_id": articles["article_id"],
            "frame": "economic",
            "hits": np.where(present, 3, 0),
            "present": pd.array(present, dtype="boolean"),
        }
    )
    out = frame_prevalence(articles, rates, resamples=40, seed=seed)
    _assert_ordered(out["prevalence"], out["prevalence_low"], out["prevalence_high"])
    _assert_ordered(out["per_1000_words"], out["rate_low"], out["rate_high"], upper=np.inf)
    assert len(out) == len(sizes)


@TABLE_SETTINGS
@given(
    st.lists(st.integers(1, 6), min_size=1, max_size=25),
    st.sampled_from(["past_only", "none", "mixed"]),
    st.integers(0, 2**16),
)
def test_temporal_focus_intervals(sizes, pattern, seed):
    articles = _articles(sizes)
    rng = np.random.default_rng(seed)
    n = len(articles)
    counts = {
        "past_only": (rng.integers(1, 5, n), np.zeros(n, int), np.zeros(n, int)),
        "none": (np.zeros(n, int),) * 3,
        "mixed": tuple(rng.integers(0, 4, n) for _ in range(3)),
    }[pattern]
    per_article = pd.DataFrame(
        {
            "article_id": articles["article_id"],
            "n_past": counts[0],
            "n_around": counts[1],
            "n_future": counts[2],
        }
    )
    out = temporal_focus_by_group(articles, per_article, resamples=40, seed=seed)
    _assert_ordered(out["share"], out["ci_low"], out["ci_high"])
    assert out.loc[out["share"].isna(), "ci_note"].notna().all()


@TABLE_SETTINGS
@given(st.lists(st.tuples(st.integers(0, 5), st.integers(0, 30)), min_size=1, max_size=60))
def test_contested_share_intervals(cells):
    articles = _articles([len(cells)])
    rows = []
    for i, (a, b) in enumerate(cells):
        rows += [("a" + str(i), "karabakh_name", "v1", "x")] * a
        rows += [("a" + str(i), "karabakh_name", "v2", "y")] * b
    hits = pd.DataFrame(rows, columns=["article_id", "category", "variant", "usage"]).assign(
        kind="contested"
    )
    out = contested_usage(articles, hits)
    _assert_ordered(out["share"], out["share_low"], out["share_high"])


# ------------------------------------------------------------------ tests and lexical contrasts


@SETTINGS
@given(
    st.lists(st.integers(0, 500), min_size=1, max_size=50),
    st.lists(st.integers(0, 500), min_size=1, max_size=50),
    st.sampled_from(["informative", "uniform"]),
)
def test_fightin_words_and_keyness_are_defined_for_any_counts(a, b, prior_kind):
    size = min(len(a), len(b))
    ya, yb = np.array(a[:size], float), np.array(b[:size], float)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fw = fightin_words(ya, yb, prior=0.01, prior_kind=prior_kind)
        key = keyness(ya, yb)
    if size >= 2:  # log-odds of a word against the others: a vocabulary of one has no others
        assert np.isfinite(fw["z"]).all() and (fw["se"] > 0).all()
        assert fw["p_value"].between(0, 1).all() and fw["q_value"].between(0, 1).all()
    else:
        assert fw["z"].isna().all() and fw["q_value"].isna().all()
    p = key["p_value"].dropna()
    assert p.between(0, 1).all()
    if ya.sum() > 0 and yb.sum() > 0:
        assert key["g2"].notna().all()


@SETTINGS
@given(st.lists(st.one_of(st.floats(0, 1), st.just(float("nan"))), max_size=300))
def test_benjamini_hochberg_q_is_a_probability_and_not_below_p(p_values):
    p = np.array(p_values, dtype=float)
    q = benjamini_hochberg(p)
    ok = ~np.isnan(p)
    assert np.array_equal(np.isnan(q), ~ok)
    assert (q[ok] >= p[ok] - 1e-12).all() and (q[ok] <= 1).all()
