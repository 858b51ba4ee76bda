"""Summaries of a clean run for the CLI, the notebook's metrics and the HTML highlighting."""

from __future__ import annotations

import html
from typing import Any

import pandas as pd

from .lines import RULES
from .pipeline import CleanResult


def summarize(articles: pd.DataFrame, result: CleanResult) -> dict[str, Any]:
    """Counts for ``reports/metrics/clean.json``: n_in == n_clean + n_rejected."""
    by_rule = result.audit["rule"].value_counts() if len(result.audit) else pd.Series(dtype=int)
    clean = result.clean
    return {
        "n_in": len(articles),
        "n_clean": len(clean),
        "n_rejected": len(result.rejects),
        "removed_lines": len(result.audit),
        "removed_lines_by_rule": {r: int(by_rule.get(r, 0)) for r in RULES},
        "rejected_by_reason": {
            str(k): int(v) for k, v in result.rejects["reason"].value_counts().items()
        },
        "extractors": {str(k): int(v) for k, v in clean["extractor"].value_counts().items()},
        "n_duplicates": int(clean["is_duplicate"].fillna(False).sum()),
        "n_duplicate_clusters": int(clean["duplicate_cluster"].dropna().nunique()),
        "clean_chars": int(clean["n_chars"].fillna(0).sum()),
        "clean_words": int(clean["n_words"].fillna(0).sum()),
    }


def removed_by_rule(result: CleanResult) -> pd.DataFrame:
    """Plot data: one row per rule (columns rule, lines)."""
    counts = result.audit["rule"].value_counts()
    return pd.DataFrame({"rule": list(RULES), "lines": [int(counts.get(r, 0)) for r in RULES]})


def highlight_removed(raw: str, audit: pd.DataFrame) -> str:
    """HTML of a text dump with removed lines struck through and labelled with their rule."""
    spans = sorted(zip(audit["raw_start"], audit["raw_end"], audit["rule"], strict=True))
    parts, pos = [], 0
    for start, end, rule in spans:
        parts.append(html.escape(raw[pos:start]))
        parts.append(
            f'<span style="background:#fdd;text-decoration:line-through" title="{html.escape(rule)}">'
            f"{html.escape(raw[start:end])}</span>"
            f' <sup style="color:#a00">[{html.escape(rule)}]</sup>'
        )
        pos = end
    parts.append(html.escape(raw[pos:]))
    return (
        '<div dir="auto" style="white-space:pre-wrap;font-family:serif">'
        + "".join(parts)
        + "</div>"
    )
