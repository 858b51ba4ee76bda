"""Frame detection scored against human frame codes (items with ``frames`` lists, primary first).

Methods (``--method``):

* ``lexicon`` (default): the codebook's cues under the presence rule (``--min-hits``,
  ``--min-terms``, ``--short-text-words``) on ``--field`` (``text`` or ``title``); frames are ranked
  by hits, then by the first hit, so primary-frame accuracy is defined for items with a hit.
* ``learned``: the learned-frames classifier (``framelab.framing.learned``). With ``--cv K``
  (default 5): nested K-fold cross-validation on the gold file itself (hyperparameters chosen on
  the training folds only), reported with the spread over folds and next to the plain TF-IDF +
  logistic-regression baseline and the lexicon on the same items. With ``--train CODED.jsonl``
  and ``--cv 0``: trained on those files, scored on the gold file. ``--train`` with ``--cv K``:
  the extra coded items join every training fold and are never scored.
* ``baseline``: the plain TF-IDF + logistic-regression baseline alone (K-fold).

Scores (``framelab.framing.agreement.multilabel_scores``): per frame precision, recall, F1 and
Krippendorff's alpha (nominal; machine as one coder against the gold) with a bootstrap interval;
micro / macro F1, exact match, primary-frame accuracy; overall, per language and per frame.
``--half a|b`` scores one seeded half of each gold file (development on one half, report on the
other).
"""

from __future__ import annotations

import argparse
import hashlib
from collections.abc import Mapping
from typing import Any

import numpy as np

from ..framing.agreement import multilabel_scores
from ..io import read_jsonl

METRIC_KEYS = ["f1_micro", "f1_macro", "exact_match", "primary_accuracy", "alpha", "n_items"]
SHOWN_FRAME_KEYS = ["precision", "recall", "f1", "alpha", "alpha_low", "alpha_high", "n_gold"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--codebook", metavar="FILE", help="frames codebook (default: params.yaml)")
    parser.add_argument("--method", choices=("lexicon", "learned", "baseline"), default="lexicon")
    parser.add_argument("--cv", type=int, default=None, metavar="K", help="K-fold (learned: 5)")
    parser.add_argument(
        "--train", action="append", default=[], metavar="CODED.jsonl", help="coded training items"
    )
    parser.add_argument("--seed", type=int, default=20231128, help="folds, bootstrap (seeded)")
    parser.add_argument("--field", choices=("text", "title"), default="text", help="lexicon input")
    parser.add_argument("--min-hits", type=int, default=None, metavar="N")
    parser.add_argument("--min-terms", type=int, default=None, metavar="N")
    parser.add_argument(
        "--short-text-words",
        type=int,
        default=None,
        metavar="N",
        help="texts under N words need 1 hit (default: params.yaml framing.frame_short_text_words)",
    )
    parser.add_argument("--resamples", type=int, default=1000, help="bootstrap resamples for alpha")
    parser.add_argument("--half", choices=("a", "b"), default=None, help="score one seeded half")


def _options(options: argparse.Namespace) -> dict[str, Any]:
    """Options with the params.yaml framing section as defaults (codebook, presence rule)."""
    from ..framing.pipeline import framing_params
    from ..project import stage_params

    params = framing_params(stage_params("framing"))  # {} without a params.yaml: defaults
    get = lambda name, default=None: getattr(options, name, default)  # noqa: E731
    method = get("method") or "lexicon"
    cv = get("cv")
    if cv is None:
        cv = 0 if (method == "learned" and get("train")) else (5 if method != "lexicon" else 0)
    return {
        "codebook": get("codebook") or params["frames_codebook"],
        "method": method,
        "cv": int(cv),
        "train": list(get("train") or []),
        "seed": int(get("seed", 20231128) or 0),
        "field": get("field") or "text",
        "min_hits": get("min_hits") or int(params["frame_min_hits"]),
        "min_terms": get("min_terms") or int(params["frame_min_terms"]),
        "short_text_words": get("short_text_words")
        if get("short_text_words") is not None
        else int(params.get("frame_short_text_words", 0)),
        "resamples": int(get("resamples", 1000)),
        "half": get("half"),
    }


def seeded_half(ids: list[str], half: str, seed: int) -> np.ndarray:
    """Indices of half ``a`` or ``b``: items ordered by a seeded hash of their id, split in two."""
    keys = [hashlib.sha256(f"{seed}:{i}".encode()).hexdigest() for i in ids]
    order = np.argsort(keys, kind="stable")
    cut = len(ids) // 2
    return np.sort(order[:cut] if half == "a" else order[cut:])


def _scores(items, present, primary, seed, resamples, primary_defined=True) -> dict[str, Any]:
    return multilabel_scores(
        items.labels,
        present,
        items.frames,
        gold_primary=items.primary,
        pred_primary=primary if primary_defined else None,
        resamples=resamples,
        seed=seed,
    )


def _scoped(items, present, primary, opts, primary_defined=True) -> dict[str, Any]:
    """Overall, per language and per frame scores in the shared evaluation layout."""
    seed, resamples = opts["seed"], opts["resamples"]
    result = _scores(items, present, primary, seed, resamples, primary_defined)
    out: dict[str, Any] = {
        "overall": result["overall"],
        "per_frame": result["per_frame"],
        "by_language": {},
    }
    languages = np.asarray(items.language)
    for lang in sorted(set(items.language)):
        index = np.flatnonzero(languages == lang)
        sub = items.subset(index)
        scores = _scores(
            sub, present[index], [primary[i] for i in index], seed, resamples, primary_defined
        )
        out["by_language"][lang] = {**scores["overall"], "per_frame": scores["per_frame"]}
    return out


def _fold_spread(items, cv, opts) -> dict[str, Any]:
    """Micro / macro F1 per outer fold and their mean, standard deviation, min and max."""
    rows = []
    for fold in range(int(cv.fold_of_item.max()) + 1):
        index = np.flatnonzero(cv.fold_of_item == fold)
        scores = multilabel_scores(
            items.labels[index], cv.present[index], items.frames, resamples=0
        )["overall"]
        rows.append(
            {
                "fold": fold,
                "n_items": len(index),
                **{k: scores[k] for k in ("f1_micro", "f1_macro", "exact_match")},
            }
        )
    spread = {}
    for key in ("f1_micro", "f1_macro"):
        values = np.array([r[key] for r in rows if r[key] is not None], dtype=float)
        spread[key] = {
            "mean": round(float(values.mean()), 4),
            "sd": round(float(values.std(ddof=1)), 4) if len(values) > 1 else None,
            "min": round(float(values.min()), 4),
            "max": round(float(values.max()), 4),
        }
    return {"per_fold": rows, "spread": spread}


def evaluate_file(path: str, options: argparse.Namespace | None) -> dict[str, Any]:
    from ..framing.codebooks import load_frame_codebook
    from ..framing.frame_labels import coded_items, lexicon_labels
    from ..framing.frames import PresenceRule
    from ..framing.learned import (
        DEFAULT_CONFIG,
        baseline_cross_validate,
        cross_validate,
        primary_frames,
        select_and_fit,
    )
    from ..project import resolve

    opts = _options(options or argparse.Namespace())
    codebook = load_frame_codebook(resolve(opts["codebook"]))
    frames = codebook.frames["frame"].tolist()
    records = read_jsonl(path)
    items = coded_items(records, frames, path)
    if opts["half"]:
        items = items.subset(seeded_half(items.ids, opts["half"], opts["seed"]))
    rule = PresenceRule(
        min_hits=opts["min_hits"],
        min_terms=opts["min_terms"],
        short_text_words=opts["short_text_words"],
    )
    texts = _lexicon_texts(items, opts["field"])
    lexicon = lexicon_labels(texts, items.language, codebook, rule, frames)
    settings = {
        "method": opts["method"],
        "codebook": codebook.name,
        "codebook_file": str(opts["codebook"]),
        "seed": opts["seed"],
        "half": opts["half"],
        "bootstrap_resamples": opts["resamples"],
    }
    if opts["method"] == "lexicon":
        out = _scoped(items, lexicon.present, lexicon.primary, opts)
        settings.update({"presence_rule": rule.describe(), "field": opts["field"]})
        out["overall"]["covered_items"] = int(lexicon.covered.sum())
        return {**out, "settings": settings}
    if opts["method"] == "baseline":
        cv = baseline_cross_validate(items, folds=opts["cv"] or 5, seed=opts["seed"])
        out = _scoped(items, cv.present, primary_frames(cv.probabilities, frames), opts)
        settings["cv_folds"] = opts["cv"] or 5
        return {**out, "folds": _fold_spread(items, cv, opts), "settings": settings}
    extra = _training_items(opts["train"], frames)
    if opts["cv"] >= 2:
        cv = cross_validate(items, codebook, folds=opts["cv"], seed=opts["seed"], extra=extra)
        out = _scoped(items, cv.present, primary_frames(cv.probabilities, frames), opts)
        base = baseline_cross_validate(items, folds=opts["cv"], seed=opts["seed"])
        base_scores = _scoped(items, base.present, primary_frames(base.probabilities, frames), opts)
        lexicon_scores = _scoped(items, lexicon.present, lexicon.primary, opts)
        settings.update(
            {
                "cv_folds": opts["cv"],
                "nested_selection": "C, lexicon weight, stem-view weight (languages with "
                "stemming rules), threshold by inner 3-fold CV",
                "model_config": DEFAULT_CONFIG.describe(),
                "selected_per_fold": cv.selected,
                "extra_training_items": 0 if extra is None else len(extra),
            }
        )
        out["folds"] = _fold_spread(items, cv, opts)
        out["baseline"] = {
            "description": "TF-IDF (defaults) + one-vs-rest logistic regression (balanced), "
            "p >= 0.5, top frame when none passes; same folds",
            "overall": base_scores["overall"],
            "per_frame": base_scores["per_frame"],
            "folds": _fold_spread(items, base, opts)["spread"],
        }
        out["lexicon"] = {
            "presence_rule": rule.describe(),
            "field": opts["field"],
            "overall": lexicon_scores["overall"],
        }
        return {**out, "settings": settings}
    if extra is None:
        from ..errors import FramelabError

        raise FramelabError("--method learned needs --cv K (K >= 2) or --train CODED.jsonl")
    model = select_and_fit(extra, codebook, seed=opts["seed"])
    present, proba = model.predict(items)
    out = _scoped(items, present, primary_frames(proba, frames), opts)
    settings.update(
        {
            "trained_on": opts["train"],
            "selected": model.info["selected"],
            "model_config": DEFAULT_CONFIG.describe(),
        }
    )
    return {**out, "settings": settings}


def _lexicon_texts(items, field: str) -> list[str]:
    if field == "title":
        return list(items.headline)
    return [f"{h}\n\n{b}".strip() for h, b in zip(items.headline, items.body, strict=True)]


def _training_items(paths: list[str], frames: list[str]):
    from ..framing.frame_labels import coded_items
    from ..framing.learned import CodedItems

    if not paths:
        return None
    return CodedItems.concat([coded_items(read_jsonl(p), frames, p) for p in paths])


def format_details(result: Mapping[str, Any]) -> str:
    """Per-frame rows (and the baseline / lexicon comparison and fold spread) under the table."""
    lines = []
    for path, res in result["files"].items():
        lines.append(f"\n{path}: per frame")
        header = ["frame", *SHOWN_FRAME_KEYS]
        rows = [
            [frame, *(_fmt(scores.get(k)) for k in SHOWN_FRAME_KEYS)]
            for frame, scores in res["per_frame"].items()
        ]
        widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
        for row in [header, *rows]:
            lines.append("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)))
        if "folds" in res:
            s = res["folds"]["spread"]
            lines.append(
                "folds: f1_micro mean {mean} (sd {sd}, {min}-{max})".format(**s["f1_micro"])
                + "; f1_macro mean {mean} (sd {sd}, {min}-{max})".format(**s["f1_macro"])
            )
        for name in ("baseline", "lexicon"):
            if name in res:
                o = res[name]["overall"]
                lines.append(
                    f"{name}: f1_micro {_fmt(o['f1_micro'])}  f1_macro {_fmt(o['f1_macro'])}  "
                    f"exact_match {_fmt(o['exact_match'])}  alpha {_fmt(o['alpha'])}"
                )
    return "\n".join(lines)


def _fmt(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.3f}"
    return "-" if value is None else str(value)
