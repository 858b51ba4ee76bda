"""The self-contained HTML report a researcher hands on (``reports/report.html``).

Figures are drawn with matplotlib from the framing stage's tidy tables and embedded as base64 PNG,
so the file has no external dependencies. Every figure states where an interval is undefined
(a group with one article, no quotes, one group only) instead of drawing a misleading one.
Arabic (and other right-to-left) labels are shaped with ``arabic_reshaper`` when it is installed.
"""

from __future__ import annotations

import base64
import html
import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .display import plot_label as display_label

REPORT_TABLES = [
    "articles",
    "share_of_voice",
    "cue_mix",
    "attribution_asymmetry",
    "frame_prevalence",
    "contested",
    "temporal_focus",
    "roles",
    "fightin_words",
    "keyness",
    "frame_hits",
]
FOCUS_COLOURS = {"past": "#8c6bb1", "around": "#41ae76", "future": "#fe9929"}


@dataclass
class Figure:
    """One report figure: a title, the PNG (base64), a caption and notes on undefined values."""

    key: str
    title: str
    png_base64: str
    caption: str
    notes: list[str] = field(default_factory=list)


def load_framing_tables(folder: str | Path) -> dict[str, pd.DataFrame]:
    """The framing stage's parquet tables needed by the report (missing ones are empty)."""
    folder = Path(folder)
    tables = {}
    for name in REPORT_TABLES:
        path = folder / f"{name}.parquet"
        tables[name] = pd.read_parquet(path) if path.is_file() else pd.DataFrame()
    return tables


def _png(fig: Any) -> str:
    import matplotlib.pyplot as plt

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
    plt.close(fig)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def _message_figure(message: str) -> Any:
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7, 1.2))
    ax.axis("off")
    ax.text(0.5, 0.5, message, ha="center", va="center", fontsize=11, color="#555555", wrap=True)
    return fig


def _message_only(
    key: str, title: str, caption: str, message: str, notes: list[str] | None = None
) -> Figure:
    """A figure that only says why it cannot be drawn (empty or undefined input)."""
    return Figure(key, title, _png(_message_figure(message)), caption, list(notes or []))


def _undefined_notes(table: pd.DataFrame, note_col: str, what: str) -> list[str]:
    if table.empty or note_col not in table:
        return []
    notes = table[note_col].dropna().astype(str)
    notes = notes[notes.str.startswith("undefined") | notes.str.startswith("n=1")]
    if notes.empty:
        return []
    groups = sorted(table.loc[notes.index, "group"].astype(str).unique())
    reasons = sorted(notes.unique())
    return [f"{what}: {'; '.join(reasons)} (groups: {', '.join(groups)})"]


def _dot_interval_plot(
    table: pd.DataFrame, category: str, value: str, low: str, high: str, xlabel: str
) -> Any:
    """Categories on y, one marker per group (outlet), horizontal whiskers where defined."""
    import matplotlib.pyplot as plt

    categories = sorted(table[category].astype(str).unique())
    groups = sorted(table["group"].astype(str).unique())
    height = max(2.5, 0.42 * len(categories) * max(1, min(len(groups), 4)) / 1.6 + 1)
    fig, ax = plt.subplots(figsize=(8, height))
    step = 0.8 / max(len(groups), 1)
    cmap = plt.get_cmap("tab10")
    for g_i, group in enumerate(groups):
        sub = table[table["group"].astype(str) == group]
        sub = sub.set_index(sub[category].astype(str)).reindex(categories)
        y = np.arange(len(categories)) - 0.4 + step * (g_i + 0.5)
        x = sub[value].to_numpy(dtype=float)
        lo = sub[low].to_numpy(dtype=float)
        hi = sub[high].to_numpy(dtype=float)
        has_ci = ~np.isnan(lo) & ~np.isnan(hi)
        colour = cmap(g_i % 10)
        if has_ci.any():
            ax.errorbar(
                x[has_ci],
                y[has_ci],
                xerr=[x[has_ci] - lo[has_ci], hi[has_ci] - x[has_ci]],
                fmt="o",
                color=colour,
                capsize=3,
                label=display_label(group),
            )
        if (~has_ci).any():
            ax.plot(
                x[~has_ci],
                y[~has_ci],
                marker="D",
                linestyle="none",
                markerfacecolor="white",
                color=colour,
                label=display_label(group) + " (interval undefined)" if not has_ci.any() else None,
            )
    if table[low].isna().all():
        ax.text(
            0.99,
            0.01,
            "intervals undefined (n=1 article or no data)",
            transform=ax.transAxes,
            ha="right",
            va="bottom",
            fontsize=8,
            color="#a15c00",
        )
    ax.set_yticks(np.arange(len(categories)))
    ax.set_yticklabels([display_label(c) for c in categories])
    ax.invert_yaxis()
    ax.set_xlabel(xlabel)
    ax.grid(axis="x", alpha=0.3)
    if len(groups) > 1 or table[low].isna().any():
        ax.legend(fontsize=8, loc="best")
    return fig


def figure_share_of_voice(sov: pd.DataFrame) -> Figure:
    title = "Share of voice: share of quoted words by speaker group"
    caption = (
        "Points: pooled share of quoted words per group; whiskers: 95% article-level "
        "bootstrap intervals. Open diamonds: interval undefined."
    )
    if sov.empty or sov["share_words"].isna().all():
        return _message_only(
            "share_of_voice",
            title,
            caption,
            "No quotes: share of voice undefined.",
            ["no quotes in any group"],
        )
    fig = _dot_interval_plot(
        sov, "speaker_group", "share_words", "ci_low", "ci_high", "share of quoted words"
    )
    return Figure(
        "share_of_voice",
        title,
        _png(fig),
        caption,
        _undefined_notes(sov, "ci_note", "share-of-voice intervals"),
    )


def figure_cue_classes(mix: pd.DataFrame) -> Figure:
    import matplotlib.pyplot as plt

    title = "How speakers are introduced: cue classes by speaker group"
    caption = "Share of each group's quotes by reporting-verb class (none = no cue verb)."
    if mix.empty:
        return _message_only(
            "cue_classes",
            title,
            caption,
            "No quotes: cue classes undefined.",
        )
    table = mix.pivot_table(
        index=["group", "speaker_group"],
        columns="cue_class",
        values="share",
        aggfunc="sum",
        fill_value=0,
    )
    labels = [
        display_label(f"{g} | {s}") if mix["group"].nunique() > 1 else display_label(s)
        for g, s in table.index
    ]
    fig, ax = plt.subplots(figsize=(8, max(2.2, 0.38 * len(table) + 1)))
    left = np.zeros(len(table))
    cmap = plt.get_cmap("Set2")
    for i, cls in enumerate(table.columns):
        ax.barh(np.arange(len(table)), table[cls], left=left, color=cmap(i % 8), label=str(cls))
        left += table[cls].to_numpy()
    counts = mix.groupby(["group", "speaker_group"])["quotes"].sum().reindex(table.index)
    for y, n in enumerate(counts):
        ax.text(1.01, y, f"n={n}", va="center", fontsize=8)
    ax.set_yticks(np.arange(len(table)))
    ax.set_yticklabels(labels)
    ax.invert_yaxis()
    ax.set_xlim(0, 1.12)
    ax.set_xlabel("share of the group's quotes")
    ax.legend(
        fontsize=8, ncol=min(4, len(table.columns)), loc="lower center", bbox_to_anchor=(0.5, 1.0)
    )
    small = counts[counts < 5]
    notes = (
        [f"{len(small)} speaker group(s) with fewer than 5 quotes: shares are unstable"]
        if len(small)
        else []
    )
    return Figure("cue_classes", title, _png(fig), caption, notes)


def figure_frame_prevalence(prevalence: pd.DataFrame) -> Figure:
    title = "Frame prevalence: share of articles where the frame is present (presence rule in params.yaml framing)"
    caption = (
        "Dictionary-based frame cues (Boydstun et al. policy frames). Whiskers: 95% Wilson "
        "intervals (defined from one article on, but very wide for few articles)."
    )
    if prevalence.empty or prevalence["prevalence"].isna().all():
        return _message_only(
            "frame_prevalence",
            title,
            caption,
            "No article in a language covered by the frames codebook.",
            ["frame measures undefined"],
        )
    category = "label" if "label" in prevalence and prevalence["label"].notna().all() else "frame"
    fig = _dot_interval_plot(
        prevalence, category, "prevalence", "prevalence_low", "prevalence_high", "share of articles"
    )
    notes = []
    few = prevalence.groupby("group")["articles"].max()
    if (few < 2).any():
        notes.append(
            f"groups with one article ({', '.join(map(str, few[few < 2].index))}): "
            "prevalence is 0 or 1; bootstrap intervals of the cue rate are undefined (n=1)"
        )
    return Figure("frame_prevalence", title, _png(fig), caption, notes)


def figure_fightin_words(fw: pd.DataFrame, top_terms: int = 15) -> Figure:
    import matplotlib.pyplot as plt

    title = "Fightin' Words: words that distinguish each group from the others"
    caption = (
        "Log-odds ratio with informative Dirichlet prior (Monroe, Colaresi and Quinn 2008), "
        "each group against all others; x: z-score, bars in colour have BH q < 0.05."
    )
    if fw.empty:
        return _message_only(
            "fightin_words",
            title,
            caption,
            "Undefined: lexical contrasts need at least two groups.",
            ["only one group: no Fightin' Words contrast"],
        )
    groups = sorted(fw["group"].astype(str).unique())[:6]
    fig, axes = plt.subplots(
        1, len(groups), figsize=(4.2 * len(groups), 0.28 * top_terms * 2 + 1.2), squeeze=False
    )
    for ax, group in zip(axes[0], groups, strict=False):
        sub = fw[fw["group"].astype(str) == group].sort_values("z")
        pick = pd.concat([sub.head(top_terms), sub.tail(top_terms)]).drop_duplicates("term")
        pick = pick.sort_values("z")
        colours = np.where(
            pick["q_value"] < 0.05, np.where(pick["z"] > 0, "#2b8cbe", "#de2d26"), "#bbbbbb"
        )
        ax.barh(np.arange(len(pick)), pick["z"], color=colours)
        ax.set_yticks(np.arange(len(pick)))
        ax.set_yticklabels([display_label(t) for t in pick["term"]], fontsize=8)
        ax.axvline(0, color="black", linewidth=0.6)
        ax.set_title(f"{display_label(group)} vs rest", fontsize=10)
        ax.set_xlabel("z")
    fig.tight_layout()
    notes = [] if len(groups) == fw["group"].nunique() else ["only the first 6 groups are drawn"]
    return Figure("fightin_words", title, _png(fig), caption, notes)


def figure_temporal_focus(temporal: pd.DataFrame) -> Figure:
    import matplotlib.pyplot as plt

    title = "Temporal focus: dated expressions before, around and after publication"
    caption = (
        "Share of dated expressions (DATE/TIME timexes) per group; whiskers: 95% article-level "
        "bootstrap intervals. 'Around' = within the configured window of the publication date."
    )
    if temporal.empty or temporal["share"].isna().all():
        return _message_only(
            "temporal_focus",
            title,
            caption,
            "No dated expressions with a publication date to compare.",
            ["temporal focus undefined"],
        )
    groups = sorted(temporal["group"].astype(str).unique())
    fig, ax = plt.subplots(figsize=(8, max(2.2, 0.6 * len(groups) + 1)))
    width = 0.8 / 3
    for i, focus in enumerate(["past", "around", "future"]):
        sub = temporal[temporal["focus"] == focus].set_index("group").reindex(groups)
        y = np.arange(len(groups)) - 0.4 + width * (i + 0.5)
        share = sub["share"].to_numpy(dtype=float)
        lo, hi = sub["ci_low"].to_numpy(dtype=float), sub["ci_high"].to_numpy(dtype=float)
        ax.barh(y, np.nan_to_num(share), height=width, color=FOCUS_COLOURS[focus], label=focus)
        ok = ~np.isnan(lo)
        ax.errorbar(
            share[ok],
            y[ok],
            xerr=[share[ok] - lo[ok], hi[ok] - share[ok]],
            fmt="none",
            ecolor="black",
            capsize=2,
            linewidth=0.8,
        )
    n_articles = temporal.groupby(temporal["group"].astype(str))["n_articles"].max().reindex(groups)
    ax.set_yticks(np.arange(len(groups)))
    ax.set_yticklabels(
        [f"{display_label(g)}\n(n={n} articles)" for g, n in zip(groups, n_articles, strict=True)]
    )
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.set_xlabel("share of dated expressions")
    if temporal["ci_low"].isna().all():
        ax.text(
            0.99,
            0.01,
            "intervals undefined (n=1 article)",
            transform=ax.transAxes,
            ha="right",
            va="bottom",
            fontsize=8,
            color="#a15c00",
        )
    ax.legend(fontsize=8)
    return Figure(
        "temporal_focus",
        title,
        _png(fig),
        caption,
        _undefined_notes(temporal, "ci_note", "temporal-focus intervals"),
    )


def build_figures(tables: dict[str, pd.DataFrame], top_terms: int = 15) -> list[Figure]:
    return [
        figure_share_of_voice(tables.get("share_of_voice", pd.DataFrame())),
        figure_cue_classes(tables.get("cue_mix", pd.DataFrame())),
        figure_frame_prevalence(tables.get("frame_prevalence", pd.DataFrame())),
        figure_fightin_words(tables.get("fightin_words", pd.DataFrame()), top_terms),
        figure_temporal_focus(tables.get("temporal_focus", pd.DataFrame())),
    ]


def _table_html(df: pd.DataFrame, max_rows: int = 30) -> str:
    if df.empty:
        return "<p class='note'>(empty)</p>"
    shown = df.head(max_rows)
    out = shown.to_html(
        index=False, float_format=lambda v: f"{v:.3g}", na_rep="–", border=0, classes="tbl"
    )
    if len(df) > max_rows:
        out += f"<p class='note'>{len(df) - max_rows} more rows in the CSV/parquet table.</p>"
    return out


CSS = """
body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;max-width:1000px;margin:2em auto;
color:#222;line-height:1.45;padding:0 1em}
h1{margin-bottom:.2em} h2{border-bottom:1px solid #ddd;padding-bottom:.2em;margin-top:2em}
.note{color:#666;font-size:.9em} .warn{color:#a15c00;font-size:.9em}
table.tbl{border-collapse:collapse;font-size:.85em;margin:.5em 0}
table.tbl td,table.tbl th{border-bottom:1px solid #eee;padding:3px 8px;text-align:left}
img{max-width:100%} dl{display:grid;grid-template-columns:max-content auto;gap:.2em 1em}
dt{font-weight:600}
"""


def render_report(
    tables: dict[str, pd.DataFrame],
    metrics: dict[str, Any] | None = None,
    *,
    title: str = "framelab report",
    top_terms: int = 15,
    figures: list[Figure] | None = None,
) -> str:
    """The full HTML document (figures embedded)."""
    metrics = metrics or {}
    figures = figures if figures is not None else build_figures(tables, top_terms)
    esc = html.escape
    parts = [
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{esc(title)}</title>"
        f"<style>{CSS}</style></head><body><h1>{esc(title)}</h1>"
    ]
    parts.append(_summary_html(metrics))
    for fig in figures:
        parts.append(f"<h2>{esc(fig.title)}</h2>")
        parts.append(f"<img alt='{esc(fig.title)}' src='data:image/png;base64,{fig.png_base64}'>")
        parts.append(f"<p class='note'>{esc(fig.caption)}</p>")
        parts.extend(f"<p class='warn'>&#9888; {esc(n)}</p>" for n in fig.notes)
    parts.append("<h2>Contested terms in context</h2>")
    parts.append(_contested_evidence_html(tables.get("frame_hits", pd.DataFrame())))
    parts.append("<h2>Tables</h2>")
    for name, heading in (
        ("share_of_voice", "Share of voice"),
        (
            "attribution_asymmetry",
            "Attribution asymmetry (Jensen-Shannon divergence of cue classes)",
        ),
        ("contested", "Contested terms"),
        ("roles", "Actor mentions and roles"),
        ("keyness", "Keyness (G2, log ratio)"),
    ):
        parts.append(f"<h3>{esc(heading)}</h3>")
        parts.append(_table_html(tables.get(name, pd.DataFrame())))
    parts.append(
        "<p class='note'>Generated by framelab from data/processed/framing/ "
        "(all tables there as parquet and CSV).</p></body></html>"
    )
    return "\n".join(parts)


def _contested_evidence_html(hits: pd.DataFrame, per_variant: int = 3) -> str:
    """A few keyword-in-context lines per contested-term variant (the evidence behind the counts)."""
    if hits.empty or "context" not in hits:
        return "<p class='note'>No contested terms found.</p>"
    contested = hits[hits["kind"] == "contested"]
    if contested.empty:
        return "<p class='note'>No contested terms found.</p>"
    shown = contested.groupby(["category", "variant"], sort=True).head(per_variant)
    rows = []
    for pair, variant, usage, article, context in shown[
        ["category", "variant", "usage", "article_id", "context"]
    ].itertuples(index=False):
        left, _, rest = str(context).partition("[")
        match, _, right = rest.partition("]")
        rows.append(
            f"<tr><td>{html.escape(str(pair))}</td><td>{html.escape(str(variant))} "
            f"({html.escape(str(usage))})</td><td>{html.escape(str(article))}</td>"
            f"<td dir='auto'>{html.escape(left)}<b>{html.escape(match)}</b>{html.escape(right)}</td></tr>"
        )
    counts = contested.groupby(["category", "variant"]).size()
    note = (
        f"<p class='note'>{len(contested)} contested-term hits in {counts.size} variants; "
        f"up to {per_variant} shown per variant (all in frame_hits.csv).</p>"
    )
    return (
        note + "<table class='tbl'><tr><th>pair</th><th>variant</th><th>article</th>"
        "<th>context</th></tr>" + "".join(rows) + "</table>"
    )


def _summary_html(metrics: dict[str, Any]) -> str:
    if not metrics:
        return ""
    keys = [
        ("n_articles", "articles"),
        ("n_groups", "groups"),
        ("group_by", "grouped by"),
        ("n_quotes", "quotes"),
        ("anonymous_share", "share of quotes from anonymous sources"),
        ("mean_source_entropy_norm", "mean normalised source entropy"),
        ("officials_only_share", "share of articles quoting only officials"),
        ("frame_hits_per_1000_words", "frame-cue hits per 1,000 words"),
        ("articles_with_tokens", "articles with Stanza parses (actor roles)"),
    ]
    rows = []
    for key, label in keys:
        value = metrics.get(key)
        shown = (
            "undefined"
            if value is None
            else (f"{value:.3g}" if isinstance(value, float) else str(value))
        )
        rows.append(f"<dt>{html.escape(label)}</dt><dd>{html.escape(shown)}</dd>")
    return "<h2>Summary</h2><dl>" + "".join(rows) + "</dl>"


def write_report(
    framing_dir: str | Path,
    metrics_path: str | Path | None,
    out_path: str | Path,
    *,
    title: str = "framelab report",
    top_terms: int = 15,
) -> tuple[Path, list[Figure]]:
    """Read the framing outputs, render the report, write it; returns the path and figures."""
    title = str(title)  # a YAML override such as -p title=a: b arrives as a mapping otherwise
    tables = load_framing_tables(framing_dir)
    metrics = {}
    if metrics_path and Path(metrics_path).is_file():
        metrics = json.loads(Path(metrics_path).read_text(encoding="utf-8"))
    figures = build_figures(tables, top_terms)
    document = render_report(tables, metrics, title=title, top_terms=top_terms, figures=figures)
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    out_path.write_text(document, encoding="utf-8")
    return out_path, figures
