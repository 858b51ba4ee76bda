"""Matplotlib helpers of the report's figures: PNG encoding, labels drawn literally, error bars
that cannot be negative, and the interval plot used by several figures.

Every string from the data (group, speaker group, frame, term) goes through :func:`label`:
shortened, right-to-left script shaped (:func:`framelab.display.plot_label`), and drawn without
mathtext (:func:`framelab.display.plain_text_plots`, called before the figures are built).
"""

from __future__ import annotations

import base64
import io
from typing import Any

import numpy as np
import pandas as pd

from ..display import plot_label

MAX_LABEL_CHARS = 48
FEW_GROUPS = 6  # up to this many groups share one panel (one colour each); more: small multiples
UNDEFINED_COLOUR = "#a15c00"


def label(value: Any, max_chars: int = MAX_LABEL_CHARS) -> str:
    """A value from the data as a plot label: shortened to ``max_chars``, RTL shaped."""
    text = "" if value is None else " ".join(str(value).split())
    if len(text) > max_chars:
        text = text[: max_chars - 1] + "…"
    return plot_label(text)


def png_base64(fig: Any, *, tight: bool = True) -> str:
    """The figure as a base64 PNG (the figure is closed); ``tight=False`` keeps the figure's own
    margins (small multiples set them: the tight bounding box costs another full draw)."""
    import matplotlib.pyplot as plt

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=110, bbox_inches="tight" if tight else None)
    plt.close(fig)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def message_figure(message: str) -> Any:
    """A small figure that only says why there is nothing to draw."""
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7, 1.2))
    ax.axis("off")
    ax.text(0.5, 0.5, message, ha="center", va="center", fontsize=11, color="#555555", wrap=True)
    return fig


def error_bars(estimate: np.ndarray, low: np.ndarray, high: np.ndarray) -> np.ndarray:
    """``xerr`` for matplotlib: distances to the bounds, never negative (a bound on the wrong
    side of its estimate by rounding draws as a zero-length whisker, not an error)."""
    estimate = np.asarray(estimate, dtype=float)
    below = np.clip(estimate - np.asarray(low, dtype=float), 0, None)
    above = np.clip(np.asarray(high, dtype=float) - estimate, 0, None)
    return np.vstack([below, above])


def colours(n: int) -> list[Any]:
    """``n`` distinct colours: tab10 without its grey, then the light tab20 shades, then evenly
    spaced hues (grey is kept for "no information" classes)."""
    import matplotlib.pyplot as plt

    palette = [plt.get_cmap("tab10")(i) for i in range(10) if i != 7]
    palette += [plt.get_cmap("tab20")(2 * i + 1) for i in range(10) if i != 7]
    if n <= len(palette):
        return palette[:n]
    return [plt.get_cmap("hsv")(i / n) for i in range(n)]


MUTED = {"neutral": "#bdbdbd", "none": "#e6e6e6"}


def class_colours(classes: list[str], muted: dict[str, str] = MUTED) -> dict[str, Any]:
    """One colour per class, the same in every panel; ``muted`` classes get their grey."""
    others = [c for c in classes if c not in muted]
    mapping = dict(zip(others, colours(len(others)), strict=True))
    return {c: muted.get(c, mapping.get(c)) for c in classes}


def _draw_points(
    ax: Any, x: np.ndarray, y: np.ndarray, lo: np.ndarray, hi: np.ndarray, colour: Any, name: str
) -> None:
    """Dots with whiskers where the interval is defined, open diamonds where it is not."""
    has_ci = ~np.isnan(lo) & ~np.isnan(hi) & ~np.isnan(x)
    if has_ci.any():
        ax.errorbar(
            x[has_ci],
            y[has_ci],
            xerr=error_bars(x[has_ci], lo[has_ci], hi[has_ci]),
            fmt="o",
            color=colour,
            capsize=3,
            label=name,
        )
    open_points = ~has_ci & ~np.isnan(x)
    if open_points.any():
        ax.plot(
            x[open_points],
            y[open_points],
            marker="D",
            linestyle="none",
            markerfacecolor="white",
            color=colour,
            label=None if has_ci.any() else f"{name} (interval undefined)",
        )


def interval_plot(
    table: pd.DataFrame,
    category: str,
    value: str,
    low: str,
    high: str,
    xlabel: str,
    groups: list[str],
    xlim: tuple[float, float] | None = None,
) -> Any:
    """Estimates with intervals of ``value`` per ``category`` and group (``groups`` in order).

    Up to :data:`FEW_GROUPS` groups: one panel, categories on y, one colour per group. More
    groups: small multiples, one panel per category with the groups on y (no colour reused for
    different groups)."""
    table = table[table["group"].astype(str).isin(groups)]
    categories = sorted(table[category].astype(str).unique())
    if len(groups) <= FEW_GROUPS:
        fig = _one_panel(table, category, categories, value, low, high, groups)
        axes = fig.axes
        axes[0].set_xlabel(xlabel)
    else:
        fig = _small_multiples(table, category, categories, value, low, high, groups)
        axes = [ax for ax in fig.axes if ax.get_visible()]
        fig.supxlabel(xlabel, fontsize=10)
    for ax in axes:
        ax.grid(axis="x", alpha=0.3)
        if xlim is not None:
            ax.set_xlim(*xlim)
    if table[low].isna().all():
        axes[-1].text(
            0.99,
            0.01,
            "intervals undefined (n=1 article or no data)",
            transform=axes[-1].transAxes,
            ha="right",
            va="bottom",
            fontsize=8,
            color=UNDEFINED_COLOUR,
        )
    return fig


def _values(sub: pd.DataFrame, index: list[str], key: str, columns: list[str]) -> list[np.ndarray]:
    sub = sub.set_index(sub[key].astype(str))
    sub = sub[~sub.index.duplicated()].reindex(index)
    return [sub[c].to_numpy(dtype=float) for c in columns]


def _one_panel(
    table: pd.DataFrame,
    category: str,
    categories: list[str],
    value: str,
    low: str,
    high: str,
    groups: list[str],
) -> Any:
    import matplotlib.pyplot as plt

    height = max(2.5, 0.42 * len(categories) * max(1, min(len(groups), 4)) / 1.6 + 1)
    fig, ax = plt.subplots(figsize=(8, height))
    step = 0.8 / max(len(groups), 1)
    for g_i, (group, colour) in enumerate(zip(groups, colours(len(groups)), strict=True)):
        sub = table[table["group"].astype(str) == group]
        x, lo, hi = _values(sub, categories, category, [value, low, high])
        y = np.arange(len(categories)) - 0.4 + step * (g_i + 0.5)
        _draw_points(ax, x, y, lo, hi, colour, label(group))
    ax.set_yticks(np.arange(len(categories)))
    ax.set_yticklabels([label(c) for c in categories])
    ax.set_ylim(len(categories) - 0.5, -0.5)
    if len(groups) > 1 or table[low].isna().any():
        ax.legend(fontsize=8, loc="best")
    return fig


def _small_multiples(
    table: pd.DataFrame,
    category: str,
    categories: list[str],
    value: str,
    low: str,
    high: str,
    groups: list[str],
) -> Any:
    import matplotlib.pyplot as plt

    ncols = min(4, max(len(categories), 1))
    nrows = -(-max(len(categories), 1) // ncols)
    panel_width, panel_height = 2.8, 0.2 * len(groups) + 0.7
    labels = [label(g) for g in groups]
    left = label_width(labels, 8)
    # fixed margins instead of tight_layout: laying out dozens of panels is slow
    fig, axes = plt.subplots(
        nrows,
        ncols,
        figsize=(left + panel_width * ncols + 0.3, panel_height * nrows + 0.6),
        sharex=True,
        sharey=True,
        squeeze=False,
        gridspec_kw={"wspace": 0.08, "hspace": 0.25},
    )
    width, height = fig.get_size_inches()
    fig.subplots_adjust(
        left=left / width, right=1 - 0.3 / width, top=1 - 0.3 / height, bottom=0.6 / height
    )
    y = np.arange(len(groups))
    for i, (ax, cat) in enumerate(zip(axes.flat, categories, strict=False)):
        sub = table[table[category].astype(str) == cat]
        x, lo, hi = _values(sub, groups, "group", [value, low, high])
        _draw_points(ax, x, y, lo, hi, "#1f77b4", "estimate")
        ax.set_title(label(cat), fontsize=9)
        ax.tick_params(labelsize=8, labelleft=i % ncols == 0)  # group names once per row
    axes[0][0].set_yticks(y)
    axes[0][0].set_yticklabels(labels, fontsize=8)
    axes[0][0].set_ylim(len(groups) - 0.5, -0.5)
    for index, ax in enumerate(axes.flat):
        if index >= len(categories):
            ax.set_visible(False)
        elif index + ncols >= len(categories):  # nothing drawn below: show the x tick labels
            ax.tick_params(labelbottom=True)
    return fig


def label_width(labels: list[str], fontsize: float) -> float:
    """Inches a column of tick labels needs (about 0.6 em per character, plus padding)."""
    longest = max((len(text) for text in labels), default=1)
    return 0.6 * fontsize / 72 * longest + 0.25


def panel_grid(n_panels: int, ncols: int, width: float, height: float) -> tuple[Any, list[Any]]:
    """A figure with ``n_panels`` axes in rows of ``ncols`` (unused cells hidden)."""
    import matplotlib.pyplot as plt

    ncols = max(1, min(ncols, n_panels))
    nrows = -(-max(n_panels, 1) // ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(width * ncols, height * nrows), squeeze=False)
    flat = list(axes.flat)
    for ax in flat[n_panels:]:
        ax.set_visible(False)
    return fig, flat[:n_panels]
