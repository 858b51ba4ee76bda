"""Agreement between coders, human or machine: Krippendorff's alpha and multi-label scores.

* :func:`krippendorff_alpha` -- nominal alpha for any number of coders with missing values
  (Krippendorff, "Computing Krippendorff's Alpha-Reliability", 2011), computed from the
  coincidence counts of each unit (``units x categories`` value counts), so that a bootstrap over
  units is one matrix product.
* :func:`alpha_interval` -- a percentile bootstrap interval over units (units resampled with
  replacement, multinomial weights, seeded).
* :func:`multilabel_scores` -- per-frame precision / recall / F1, micro and macro F1, exact match,
  primary-frame accuracy and, per frame, alpha of "frame present" (machine as one coder against the
  gold) with its interval: the layout ``framelab evaluate frames`` and the coding loop share.

Undefined values are ``None`` (JSON null) with a reason, never a silent 0: alpha is undefined when
fewer than two values are pairable or when every pairable value is the same category (no expected
disagreement: agreement cannot be told apart from chance).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from ..evaluate.common import prf

ALPHA_UNDEFINED_CONSTANT = "undefined: every pairable value is the same category"
ALPHA_UNDEFINED_FEW = "undefined: fewer than two pairable values"


def value_counts(data: np.ndarray) -> np.ndarray:
    """``coders x units`` codes (NaN = missing) -> ``units x categories`` counts ``n_uk``."""
    data = np.asarray(data, dtype=float)
    if data.ndim != 2:
        raise ValueError("reliability data must be a 2-d array: coders x units")
    present = ~np.isnan(data)
    categories = np.unique(data[present])
    counts = np.zeros((data.shape[1], len(categories)))
    for k, value in enumerate(categories):
        counts[:, k] = (data == value).sum(axis=0)
    return counts


def _disagreements(counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per unit: observed disagreement ``(m_u^2 - sum_k n_uk^2) / (m_u - 1)`` and the pairable
    value counts (units with fewer than two values contribute nothing)."""
    m = counts.sum(axis=1)
    pairable = m >= 2
    with np.errstate(divide="ignore", invalid="ignore"):
        observed = np.where(pairable, (m**2 - (counts**2).sum(axis=1)) / (m - 1), 0.0)
    return observed, counts * pairable[:, None]


def _alpha_from(observed: np.ndarray, pairable: np.ndarray) -> np.ndarray:
    """Nominal alpha from summed observed disagreement and summed pairable category counts (rows
    of ``pairable`` may be bootstrap replicates). NaN where undefined."""
    n_k = pairable
    n = n_k.sum(axis=-1)
    expected = n**2 - (n_k**2).sum(axis=-1)
    with np.errstate(divide="ignore", invalid="ignore"):
        alpha = 1 - (n - 1) * observed / expected
    return np.where((n >= 2) & (expected > 0), alpha, np.nan)


def krippendorff_alpha(data: np.ndarray | Sequence[Sequence[float]]) -> float:
    """Nominal Krippendorff's alpha of ``coders x units`` data (NaN marks a missing value).

    Returns NaN when undefined (see :func:`alpha_note`)."""
    counts = value_counts(np.asarray(data, dtype=float))
    observed, pairable = _disagreements(counts)
    return float(_alpha_from(observed.sum(), pairable.sum(axis=0)))


def alpha_note(data: np.ndarray | Sequence[Sequence[float]]) -> str | None:
    """Why alpha is undefined for ``data`` (None when it is defined)."""
    counts = value_counts(np.asarray(data, dtype=float))
    _, pairable = _disagreements(counts)
    totals = pairable.sum(axis=0)
    if totals.sum() < 2:
        return ALPHA_UNDEFINED_FEW
    if (totals > 0).sum() < 2:
        return ALPHA_UNDEFINED_CONSTANT
    return None


def alpha_interval(
    data: np.ndarray | Sequence[Sequence[float]],
    *,
    resamples: int = 1000,
    seed: int = 0,
    level: float = 0.95,
) -> tuple[float, float]:
    """Percentile bootstrap interval of nominal alpha, resampling units with replacement.

    Replicates where alpha is undefined (every resampled value the same category) are dropped;
    NaN, NaN when alpha itself is undefined or ``resamples`` is 0."""
    counts = value_counts(np.asarray(data, dtype=float))
    observed, pairable = _disagreements(counts)
    if resamples <= 0 or np.isnan(_alpha_from(observed.sum(), pairable.sum(axis=0))):
        return float("nan"), float("nan")
    rng = np.random.default_rng(seed)
    n_units = counts.shape[0]
    weights = rng.multinomial(n_units, np.full(n_units, 1 / n_units), size=resamples)
    alphas = _alpha_from(weights @ observed, weights @ pairable)
    alphas = alphas[~np.isnan(alphas)]
    if alphas.size == 0:
        return float("nan"), float("nan")
    tail = (1 - level) / 2 * 100
    low, high = np.percentile(alphas, [tail, 100 - tail])
    return float(low), float(high)


def _number(value: float) -> float | None:
    return None if value is None or np.isnan(value) else round(float(value), 4)


def binary_alpha(
    first: np.ndarray, second: np.ndarray, *, resamples: int, seed: int
) -> dict[str, Any]:
    """Alpha (nominal) of two coders' yes/no codes on the same units, with interval and note."""
    data = np.vstack([np.asarray(first, dtype=float), np.asarray(second, dtype=float)])
    low, high = alpha_interval(data, resamples=resamples, seed=seed)
    return {
        "alpha": _number(krippendorff_alpha(data)),
        "alpha_low": _number(low),
        "alpha_high": _number(high),
        "alpha_note": alpha_note(data),
    }


def multilabel_scores(
    gold: np.ndarray,
    pred: np.ndarray,
    frames: Sequence[str],
    *,
    gold_primary: Sequence[str | None] | None = None,
    pred_primary: Sequence[str | None] | None = None,
    resamples: int = 1000,
    seed: int = 0,
) -> dict[str, Any]:
    """Scores of predicted frame sets against gold frame sets (boolean ``items x frames``).

    Overall: ``f1_micro``, ``f1_macro`` (mean over frames with gold or predicted items),
    ``precision_micro``, ``recall_micro``, ``exact_match`` (same set of frames), ``primary_accuracy``
    (predicted top frame = gold primary frame; None when the method does not rank frames), ``alpha``
    (mean of the per-frame alphas that are defined) and ``n_items``. Per frame: ``precision``,
    ``recall``, ``f1``, ``alpha`` with ``alpha_low``/``alpha_high`` (bootstrap over items), ``n_gold``,
    ``n_pred``, and ``f1_micro``/``f1_macro``/``exact_match`` for that frame alone (binary: all equal
    to the frame's F1 / accuracy) so the per-frame rows carry the same keys as the overall one.
    A frame absent from both gold and predictions has precision, recall and F1 None."""
    gold = np.asarray(gold, dtype=bool)
    pred = np.asarray(pred, dtype=bool)
    if gold.shape != pred.shape or gold.shape[1] != len(frames):
        raise ValueError(f"gold {gold.shape} and predictions {pred.shape} must be items x frames")
    n_items = gold.shape[0]
    per_frame: dict[str, dict[str, Any]] = {}
    f1s = []
    for j, frame in enumerate(frames):
        g, p = gold[:, j], pred[:, j]
        tp = int((g & p).sum())
        precision, recall, f1 = prf(tp, int(p.sum()), int(g.sum()))
        agreement = binary_alpha(g, p, resamples=resamples, seed=seed + j)
        if g.any() or p.any():
            f1s.append(f1)
        else:  # a frame nobody coded and nothing predicted: nothing to score
            precision = recall = f1 = float("nan")
        per_frame[frame] = {
            "precision": _number(precision),
            "recall": _number(recall),
            "f1": _number(f1),
            "f1_micro": _number(f1),
            "f1_macro": _number(f1),
            "exact_match": _number(float((g == p).mean())) if n_items else None,
            **agreement,
            "n_gold": int(g.sum()),
            "n_pred": int(p.sum()),
            "n_items": n_items,
        }
    tp = int((gold & pred).sum())
    precision, recall, f1_micro = prf(tp, int(pred.sum()), int(gold.sum()))
    alphas = [s["alpha"] for s in per_frame.values() if s["alpha"] is not None]
    primary = None
    if gold_primary is not None and pred_primary is not None and n_items:
        primary = float(
            np.mean(
                [g is not None and g == p for g, p in zip(gold_primary, pred_primary, strict=True)]
            )
        )
    overall = {
        "f1_micro": _number(f1_micro),
        "f1_macro": _number(float(np.mean(f1s))) if f1s else None,
        "precision_micro": _number(precision),
        "recall_micro": _number(recall),
        "exact_match": _number(float((gold == pred).all(axis=1).mean())) if n_items else None,
        "primary_accuracy": _number(primary) if primary is not None else None,
        "alpha": _number(float(np.mean(alphas))) if alphas else None,
        "n_items": n_items,
        "n_gold_labels": int(gold.sum()),
        "n_pred_labels": int(pred.sum()),
    }
    return {"overall": overall, "per_frame": per_frame}
