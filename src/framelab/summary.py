"""A short, human summary of what the pipeline produced and where (``framelab summary``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .project import project_root

# (stage, metrics file, outputs to point at)
STAGE_OUTPUTS: list[tuple[str, str, list[str]]] = [
    (
        "ingest",
        "reports/metrics/ingest.json",
        ["data/interim/articles.parquet", "data/interim/ingest_rejects.parquet"],
    ),
    (
        "clean",
        "reports/metrics/clean.json",
        ["data/processed/clean.parquet", "data/processed/clean_audit.parquet"],
    ),
    (
        "annotate",
        "reports/metrics/annotate.json",
        ["data/processed/tokens/", "data/processed/entities/"],
    ),
    ("quotes", "reports/metrics/quotes.json", ["data/processed/quotes.parquet"]),
    ("dates", "reports/metrics/dates.json", ["data/processed/timexes.parquet"]),
    ("framing", "reports/metrics/framing.json", ["data/processed/framing/"]),
    ("report", "", ["reports/report.html"]),
]


def _load(path: Path) -> dict[str, Any] | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _headline(metrics: dict[str, Any]) -> str:
    """The scalar metrics of a stage as ``key=value`` pairs (nested dicts are left out)."""
    items = [
        f"{k}={v:.3g}" if isinstance(v, float) else f"{k}={v}"
        for k, v in metrics.items()
        if isinstance(v, (int, float, str))
    ]
    return ", ".join(items[:8])


def summarise(root: str | Path | None = None) -> str:
    root = Path(root or project_root())
    lines = [f"framelab pipeline outputs in {root}"]
    for stage, metrics_file, outputs in STAGE_OUTPUTS:
        metrics = _load(root / metrics_file) if metrics_file else None
        present = [o for o in outputs if (root / o).exists()]
        status = "ok" if present else "missing"
        lines.append(f"- {stage:<9} [{status}] " + (_headline(metrics) if metrics else ""))
        for out in present:
            lines.append(f"    {out}")
    annotate = _load(root / "reports/metrics/annotate.json") or {}
    if annotate and not annotate.get("n_annotated", 0) and not annotate.get("n_cached", 0):
        lines.append(
            "note: no Stanza annotations were made (no models found); quotes and framing used the "
            "rule-based path. Install models with `framelab models download ar en` and set "
            "nlp.models_dir in params.yaml to use parses."
        )
    lines.append(
        "executed notebooks: reports/notebooks/ ; metrics: `dvc metrics show` ; plots: `dvc plots show`"
    )
    return "\n".join(lines)
