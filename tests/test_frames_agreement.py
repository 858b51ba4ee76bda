"""Krippendorff's alpha against the published worked examples, property tests, multi-label scores."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from framelab.framing.agreement import (
    ALPHA_UNDEFINED_CONSTANT,
    ALPHA_UNDEFINED_FEW,
    alpha_interval,
    alpha_note,
    krippendorff_alpha,
    multilabel_scores,
)

N = np.nan

# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", Annenberg School for
# Communication Departmental Papers 43: section C, "any number of observers, missing data" --
# 4 observers x 12 units, nominal alpha = 0.743.
KRIPPENDORFF_C = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, N, N, N],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, N, 3],
    [N, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, N],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, N],
]
# Same paper, section A, "two observers, binary data": 10 units, alpha = 0.095.
KRIPPENDORFF_A = [
    [0, 1, 0, 0, 0, 0, 0, 0, 1, 0],
    [1, 1, 1, 0, 0, 1, 0, 0, 0, 0],
]


def test_published_example_missing_data_four_coders():
    assert krippendorff_alpha(KRIPPENDORFF_C) == pytest.approx(0.743, abs=5e-4)
    # the exact value: 1 - (n - 1) * D_o / D_e with n = 40 pairable values
    assert krippendorff_alpha(KRIPPENDORFF_C) == pytest.approx(0.7434210526, abs=1e-9)


def test_published_example_binary_two_coders():
    assert krippendorff_alpha(KRIPPENDORFF_A) == pytest.approx(0.095, abs=5e-4)


def test_interval_brackets_estimate_and_is_seeded():
    low, high = alpha_interval(KRIPPENDORFF_C, resamples=500, seed=3)
    assert low <= krippendorff_alpha(KRIPPENDORFF_C) <= high
    assert (low, high) == alpha_interval(KRIPPENDORFF_C, resamples=500, seed=3)


def test_undefined_cases_have_reasons():
    constant = [[1, 1, 1], [1, 1, 1]]
    assert math.isnan(krippendorff_alpha(constant))
    assert alpha_note(constant) == ALPHA_UNDEFINED_CONSTANT
    lonely = [[1, N], [N, 2]]  # no unit has two values
    assert math.isnan(krippendorff_alpha(lonely))
    assert alpha_note(lonely) == ALPHA_UNDEFINED_FEW
    assert all(math.isnan(v) for v in alpha_interval(constant, resamples=50, seed=0))


codes = st.lists(st.integers(0, 3), min_size=2, max_size=30)


@given(codes)
@settings(max_examples=60, deadline=None)
def test_perfect_agreement_is_one(values):
    data = [values, values, values]
    if len(set(values)) > 1:
        assert krippendorff_alpha(data) == pytest.approx(1.0)
    else:
        assert math.isnan(krippendorff_alpha(data))


@given(st.lists(st.tuples(st.integers(0, 2), st.integers(0, 2)), min_size=2, max_size=40))
@settings(max_examples=80, deadline=None)
def test_symmetric_in_coders_and_units_and_bounded(pairs):
    first, second = [p[0] for p in pairs], [p[1] for p in pairs]
    alpha = krippendorff_alpha([first, second])
    swapped = krippendorff_alpha([second, first])
    shuffled = krippendorff_alpha([first[::-1], second[::-1]])
    if math.isnan(alpha):
        assert math.isnan(swapped) and math.isnan(shuffled)
        return
    assert alpha == pytest.approx(swapped)
    assert alpha == pytest.approx(shuffled)
    assert alpha <= 1 + 1e-12
    # systematic disagreement can push alpha below 0, but two coders stay above -1
    assert alpha >= -1 - 1e-9


@given(codes, st.integers(0, 5))
@settings(max_examples=60, deadline=None)
def test_relabelling_categories_does_not_change_alpha(values, shift):
    other = [(v + 1) % 4 for v in values]
    base = krippendorff_alpha([values, other])
    renamed = krippendorff_alpha([[v * 7 + shift for v in values], [v * 7 + shift for v in other]])
    assert (math.isnan(base) and math.isnan(renamed)) or base == pytest.approx(renamed)


def test_missing_coder_rows_count_nothing():
    with_extra = [*KRIPPENDORFF_C, [N] * 12]
    assert krippendorff_alpha(with_extra) == pytest.approx(krippendorff_alpha(KRIPPENDORFF_C))


def test_multilabel_scores_by_hand():
    frames = ["economic", "politics", "public_opinion"]
    gold = np.array([[1, 0, 0], [0, 1, 1], [0, 1, 0], [1, 0, 0]], dtype=bool)
    pred = np.array([[1, 0, 0], [0, 1, 0], [1, 1, 0], [0, 0, 0]], dtype=bool)
    scores = multilabel_scores(
        gold,
        pred,
        frames,
        gold_primary=["economic", "politics", "politics", "economic"],
        pred_primary=["economic", "politics", "economic", None],
        resamples=100,
        seed=1,
    )
    overall, per = scores["overall"], scores["per_frame"]
    # tp = 3, predicted 4, gold 5 -> P 0.75, R 0.6, F1 = 2/3
    assert overall["f1_micro"] == pytest.approx(2 / 3, abs=1e-4)
    assert per["economic"]["precision"] == 0.5 and per["economic"]["recall"] == 0.5
    assert per["politics"]["f1"] == 1.0
    assert per["public_opinion"]["f1"] == 0.0
    assert overall["f1_macro"] == pytest.approx((0.5 + 1.0 + 0.0) / 3, abs=1e-4)
    assert overall["exact_match"] == 0.25
    assert overall["primary_accuracy"] == 0.5
    assert per["politics"]["alpha"] == 1.0
    assert overall["n_items"] == 4
    for key in ("f1_micro", "f1_macro", "exact_match", "alpha", "n_items"):
        assert key in overall and key in per["economic"]


def test_multilabel_scores_shape_error():
    with pytest.raises(ValueError, match="items x frames"):
        multilabel_scores(np.zeros((2, 2), bool), np.zeros((2, 3), bool), ["a", "b"])


def test_frame_absent_everywhere_is_not_scored():
    gold = np.array([[1, 0], [0, 0], [1, 0]], dtype=bool)
    scores = multilabel_scores(gold, gold.copy(), ["economic", "politics"], resamples=0)
    assert scores["per_frame"]["politics"]["f1"] is None
    assert scores["per_frame"]["politics"]["alpha"] is None
    assert scores["overall"]["f1_macro"] == 1.0
