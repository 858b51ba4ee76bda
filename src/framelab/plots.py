"""``framelab plots``: the DVC plot files drawn as static figures that open anywhere, offline.

``dvc plots show`` writes a page whose chart library comes from a CDN, so it is blank without a
network. This draws every plot CSV of ``dvc.yaml`` (its ``x``/``y``; or, without a dvc.yaml,
every CSV in ``reports/plots``: first text column against first numeric column) with matplotlib:
a PNG and an SVG per plot, and one self-contained ``index.html`` with the PNGs embedded.
A plot file with a ``group`` column draws one colour per group (shared colour order), bars side
by side per category, with the interval (``low``/``high``) when the file has one.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from .display import html_text, plain_text_plots, plot_label
from .io import write_text

PLOTS_DIR = "reports/plots"
OUT_DIR = "reports/plots/static"
PALETTE = (
    "#1b6ca8",
    "#d95f02",
    "#1b9e77",
    "#7570b3",
    "#e7298a",
    "#66a61e",
    "#a6761d",
    "#666666",
    "#e6ab02",
    "#0b3d5c",
)
MAX_CATEGORIES = 40


@dataclass(frozen=True)
class PlotSpec:
    path: Path
    x: str | None
    y: str | None


def plot_specs(root: Path) -> list[PlotSpec]:
    """The plot files of ``dvc.yaml`` (with their x/y), else every CSV under reports/plots."""
    dvc_file = root / "dvc.yaml"
    specs: list[PlotSpec] = []
    if dvc_file.is_file():
        stages = (yaml.safe_load(dvc_file.read_text(encoding="utf-8")) or {}).get("stages") or {}
        for stage in stages.values():
            for entry in stage.get("plots") or []:
                name, conf = next(iter(entry.items())) if isinstance(entry, dict) else (entry, {})
                conf = conf or {}
                specs.append(PlotSpec(root / name, conf.get("x"), conf.get("y")))
    if not specs:
        specs = [PlotSpec(p, None, None) for p in sorted((root / PLOTS_DIR).glob("*.csv"))]
    return [s for s in specs if s.path.is_file()]


def _axes(table: pd.DataFrame, spec: PlotSpec) -> tuple[str, str]:
    numeric = [c for c in table.columns if pd.api.types.is_numeric_dtype(table[c])]
    text = [c for c in table.columns if c not in numeric]
    x = spec.x if spec.x in table.columns else (numeric[0] if numeric else table.columns[-1])
    y = spec.y if spec.y in table.columns else (text[0] if text else table.columns[0])
    if {"group", "category"} <= set(table.columns):
        y = "category"  # grouped files: categories on the axis, groups as colours
    return x, y


def draw(table: pd.DataFrame, spec: PlotSpec) -> Any:
    """A horizontal bar chart of one plot file (matplotlib figure)."""
    import matplotlib.pyplot as plt
    import numpy as np

    x, y = _axes(table, spec)
    grouped = "group" in table.columns and y != "group"
    groups = list(dict.fromkeys(table["group"].astype(str))) if grouped else [None]
    categories = list(dict.fromkeys(table[y].astype(str)))[:MAX_CATEGORIES]
    height = 0.8 / len(groups)
    fig, ax = plt.subplots(figsize=(8, 0.35 * len(categories) * max(1, len(groups) / 2) + 1.4))
    positions = np.arange(len(categories))
    for i, group in enumerate(groups):
        rows = table if group is None else table[table["group"].astype(str) == group]
        rows = rows.drop_duplicates(subset=[y])  # one bar per category and group
        values = rows.set_index(rows[y].astype(str))[x].reindex(categories).astype(float)
        offset = (i - (len(groups) - 1) / 2) * height
        xerr = None
        if {"low", "high"} <= set(rows.columns):
            low = rows.set_index(rows[y].astype(str))["low"].reindex(categories).astype(float)
            high = rows.set_index(rows[y].astype(str))["high"].reindex(categories).astype(float)
            xerr = np.vstack(
                [(values - low).clip(lower=0).fillna(0), (high - values).clip(lower=0).fillna(0)]
            )
        ax.barh(
            positions + offset,
            values.fillna(0),
            height=height,
            xerr=xerr,
            color=PALETTE[i % len(PALETTE)],
            label=None if group is None else plot_label(group),
            error_kw={"elinewidth": 0.8, "ecolor": "#333333"},
        )
    ax.set_yticks(positions, [plot_label(c) for c in categories], fontsize=10)
    ax.invert_yaxis()
    ax.set_xlabel(plot_label(x))
    ax.set_title(plot_label(spec.path.stem))
    if grouped:
        ax.legend(title="group", fontsize=9, loc="best")
    fig.tight_layout()
    return fig


def write_plots(root: str | Path, out_dir: str | Path | None = None) -> Path:
    """Draw every plot file; returns the self-contained ``index.html``."""
    import matplotlib.pyplot as plt

    plain_text_plots()
    root = Path(root)
    out = Path(out_dir) if out_dir else root / OUT_DIR
    out.mkdir(parents=True, exist_ok=True)
    parts = []
    for spec in plot_specs(root):
        table = pd.read_csv(spec.path)
        if table.empty:
            parts.append(f"<h2>{html_text(spec.path.name)}</h2><p>(empty)</p>")
            continue
        fig = draw(table, spec)
        png, svg = out / f"{spec.path.stem}.png", out / f"{spec.path.stem}.svg"
        fig.savefig(png, dpi=110)
        fig.savefig(svg)
        plt.close(fig)
        data = base64.b64encode(png.read_bytes()).decode("ascii")
        parts.append(
            f"<h2>{html_text(spec.path.name)}</h2>"
            f"<img alt='{html_text(spec.path.stem)}' src='data:image/png;base64,{data}'>"
        )
    index = out / "index.html"
    write_text(
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>framelab plots</title>"
        "<style>body{font-family:sans-serif;max-width:900px;margin:2em auto}"
        "img{max-width:100%}</style></head><body><h1>framelab plots</h1>"
        + ("".join(parts) or "<p>No plot files: run the pipeline first.</p>")
        + "</body></html>",
        index,
    )
    return index
