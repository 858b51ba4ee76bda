"""Shared pieces of the evaluation harness: P/R/F1, the JSON layout, and the printed table."""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Mapping, Sequence
from typing import Any


def prf(tp: float, n_pred: float, n_gold: float) -> tuple[float, float, float]:
    """Precision, recall, F1 from true positives and counts (0/0 is defined as 0.0; an empty
    gold and empty prediction give P = R = F1 = 1.0, since nothing was missed or invented)."""
    if n_pred == 0 and n_gold == 0:
        return 1.0, 1.0, 1.0
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def task_module(task: str):
    return importlib.import_module(f"framelab.evaluate.{task}")


def evaluate_paths(
    task: str, paths: Sequence[str], options: argparse.Namespace | None = None
) -> dict[str, Any]:
    """Evaluate each gold file; the result is ``{"files": {PATH: {...}}}`` with PATH as given."""
    from .gold import validate_gold_file

    module = task_module(task)
    options = options or argparse.Namespace()
    for path in paths:  # every file first: a malformed one stops the run before any scoring
        validate_gold_file(task, path)
    return {"files": {path: module.evaluate_file(path, options) for path in paths}}


def _fmt(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.3f}"
    return "-" if value is None else str(value)


def format_table(result: Mapping[str, Any], keys: Sequence[str]) -> str:
    """A plain-text table: one row per file and scope (overall, then each language)."""
    header = ["file", "scope", *keys]
    rows: list[list[str]] = []
    for path, res in result["files"].items():
        rows.append([path, "overall", *(_fmt(res["overall"].get(k)) for k in keys)])
        for lang, scores in sorted(res.get("by_language", {}).items()):
            rows.append([path, lang, *(_fmt(scores.get(k)) for k in keys)])
        for scope, scores in sorted(res.get("by_type", {}).items()):
            rows.append([path, f"type={scope}", *(_fmt(scores.get(k)) for k in keys)])
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows]
    return "\n".join(lines)
