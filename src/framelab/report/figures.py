"""The report's figures, one function per figure, drawn from the framing stage's tidy tables.

Each builder takes the tables and the :class:`~.options.ReportOptions` and returns a
:class:`Figure` (PNG as base64, caption, notes). A figure never fails on valid tables: empty or
undefined input gives a figure that says why, undefined intervals are drawn as open diamonds and
named in a note, and with many groups only the largest are drawn and the caption says so.

To add a figure: write ``def figure_x(tables, options) -> Figure`` here (add the tables it
reads to ``inputs.REPORT_TABLES``) and append it to :data:`FIGURES`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..display import is_right_to_left, plain_text_plots
from .inputs import GroupSelection, group_sizes, select_groups
from .options import ReportOptions
from .plotting import (
    FEW_GROUPS,
    UNDEFINED_COLOUR,
    class_colours,
    error_bars,
    interval_plot,
    label,
    message_figure,
    panel_grid,
    png_base64,
)

FOCUS_COLOURS = {"past": "#8c6bb1", "around": "#41ae76", "future": "#fe9929"}
MAX_NAMES_IN_NOTE = 10


@dataclass
class Figure:
    """One report figure: a title, the PNG (base64), a caption and notes on undefined values."""

    key: str
    title: str
    png_base64: str
    caption: str
    notes: list[str] = field(default_factory=list)


FigureBuilder = Callable[[dict[str, pd.DataFrame], ReportOptions], Figure]


def _message_only(
    key: str, title: str, caption: str, message: str, notes: list[str] | None = None
) -> Figure:
    """A figure that only says why it cannot be drawn (empty or undefined input)."""
    return Figure(key, title, png_base64(message_figure(message)), caption, list(notes or []))


def _caption(text: str, selection: GroupSelection) -> str:
    return f"{text} {selection.caption()}".strip()


def _names(values: list[str]) -> str:
    shown = ", ".join(values[:MAX_NAMES_IN_NOTE])
    more = len(values) - MAX_NAMES_IN_NOTE
    return shown + (f" and {more} more" if more > 0 else "")


def _undefined_notes(
    table: pd.DataFrame, note_col: str, what: str, shown: list[str] | None = None
) -> list[str]:
    """A note naming the reasons for undefined intervals and the groups they concern (only the
    drawn ``shown`` groups when given)."""
    if table.empty or note_col not in table:
        return []
    if shown is not None:
        table = table[table["group"].astype(str).isin(shown)]
    notes = table[note_col].dropna().astype(str)
    notes = notes[notes.str.startswith("undefined") | notes.str.startswith("n=1")]
    if notes.empty:
        return []
    groups = sorted(table.loc[notes.index, "group"].astype(str).unique())
    reasons = sorted(notes.unique())
    return [f"{what}: {'; '.join(reasons)} (groups: {_names(groups)})"]


def _selection(table: pd.DataFrame, tables: dict[str, pd.DataFrame], limit: int) -> GroupSelection:
    return select_groups(table["group"], group_sizes(tables), limit)


# -------------------------------------------------------------------------------- the figures


def figure_share_of_voice(tables: dict[str, pd.DataFrame], options: ReportOptions) -> Figure:
    sov = tables.get("share_of_voice", pd.DataFrame())
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
    selection = _selection(sov, tables, options.max_groups)
    fig = interval_plot(
        sov,
        "speaker_group",
        "share_words",
        "ci_low",
        "ci_high",
        "share of quoted words",
        selection.shown,
        xlim=(-0.02, 1.02),
    )
    return Figure(
        "share_of_voice",
        title,
        png_base64(fig, tight=len(selection.shown) <= FEW_GROUPS),
        _caption(caption, selection),
        _undefined_notes(sov, "ci_note", "share-of-voice intervals", selection.shown),
    )


def figure_cue_classes(tables: dict[str, pd.DataFrame], options: ReportOptions) -> Figure:
    from matplotlib.patches import Patch

    mix = tables.get("cue_mix", pd.DataFrame())
    title = "How speakers are introduced: cue classes by speaker group"
    caption = (
        "Share of each speaker group's quotes by reporting-verb class (neutral and none = no cue "
        "verb in grey); n = quotes."
    )
    if mix.empty:
        return _message_only("cue_classes", title, caption, "No quotes: cue classes undefined.")
    selection = _selection(mix, tables, options.max_panels)
    classes = sorted(mix["cue_class"].astype(str).unique())
    class_colour = class_colours(classes)
    speakers = mix.groupby("group")["speaker_group"].nunique()
    height = 0.3 * int(speakers.reindex(selection.shown).max()) + 1.2
    fig, axes = panel_grid(len(selection.shown), 2, 6.0, height)
    for ax, group in zip(axes, selection.shown, strict=True):
        _cue_class_panel(ax, mix[mix["group"].astype(str) == group], classes, class_colour)
        ax.set_title(label(group), fontsize=10)
    fig.legend(
        handles=[Patch(color=class_colour[c], label=label(c)) for c in classes],
        fontsize=8,
        ncol=min(6, len(classes)),
        loc="lower center",
        bbox_to_anchor=(0.5, 1.0),
    )
    fig.tight_layout()
    counts = mix.groupby(["group", "speaker_group"])["quotes"].sum()
    small = counts[counts < 5]
    notes = (
        [
            f"{len(small)} group x speaker-group cell(s) with fewer than 5 quotes: shares are unstable"
        ]
        if len(small)
        else []
    )
    return Figure("cue_classes", title, png_base64(fig), _caption(caption, selection), notes)


def _cue_class_panel(ax, mix: pd.DataFrame, classes: list[str], class_colour: dict) -> None:
    table = mix.pivot_table(
        index="speaker_group", columns="cue_class", values="share", aggfunc="sum", fill_value=0
    ).reindex(columns=classes, fill_value=0)
    rows = np.arange(len(table))
    left = np.zeros(len(table))
    for cls in classes:
        ax.barh(rows, table[cls], left=left, color=class_colour[cls])
        left += table[cls].to_numpy()
    counts = mix.groupby("speaker_group")["quotes"].sum().reindex(table.index)
    for y, n in enumerate(counts):
        ax.text(1.01, y, f"n={n}", va="center", fontsize=7)
    ax.set_yticks(rows)
    ax.set_yticklabels([label(s) for s in table.index], fontsize=8)
    ax.set_ylim(len(table) - 0.5, -0.5)
    ax.set_xlim(0, 1.15)
    ax.set_xlabel("share of the speaker group's quotes", fontsize=8)


def figure_frame_prevalence(tables: dict[str, pd.DataFrame], options: ReportOptions) -> Figure:
    prevalence = tables.get("frame_prevalence", pd.DataFrame())
    title = (
        "Frame prevalence: share of articles where the frame is present "
        "(presence rule in params.yaml framing)"
    )
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
    selection = _selection(prevalence, tables, options.max_groups)
    category = "label" if "label" in prevalence and prevalence["label"].notna().all() else "frame"
    fig = interval_plot(
        prevalence,
        category,
        "prevalence",
        "prevalence_low",
        "prevalence_high",
        "share of articles",
        selection.shown,
        xlim=(-0.02, 1.02),
    )
    notes = []
    few = prevalence.groupby(prevalence["group"].astype(str))["articles"].max()
    single = sorted(g for g in few[few < 2].index if g in set(selection.shown))
    if single:
        notes.append(
            f"{len(single)} group(s) with one article ({_names(single)}): prevalence is 0 or 1; "
            "bootstrap intervals of the cue rate are undefined (n=1)"
        )
    png = png_base64(fig, tight=len(selection.shown) <= FEW_GROUPS)
    return Figure("frame_prevalence", title, png, _caption(caption, selection), notes)


RTL_TERM_FONTSIZE = 11  # Arabic script at 8 pt is unreadable once shaped; Latin terms stay at 8


def term_fontsize(terms: pd.Series) -> int:
    """Tick-label size for the Fightin' Words terms: larger when any is right-to-left."""
    return RTL_TERM_FONTSIZE if any(is_right_to_left(t) for t in terms) else 8


def figure_fightin_words(tables: dict[str, pd.DataFrame], options: ReportOptions) -> Figure:
    fw = tables.get("fightin_words", pd.DataFrame())
    top_terms = options.top_terms
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
            ["only one group: lexical contrasts need at least two groups (no Fightin' Words)"],
        )
    selection = _selection(fw, tables, options.max_panels)
    size = term_fontsize(fw["term"].astype(str))
    row_height = 0.28 * size / 8  # taller rows for larger (Arabic) labels: none overlap
    fig, axes = panel_grid(
        len(selection.shown), 3, 4.4 + (size - 8) * 0.3, row_height * top_terms * 2 + 1.2
    )
    for ax, group in zip(axes, selection.shown, strict=True):
        sub = fw[fw["group"].astype(str) == group].sort_values("z")
        pick = pd.concat([sub.head(top_terms), sub.tail(top_terms)]).drop_duplicates("term")
        pick = pick.sort_values("z")
        significant = (pick["q_value"] < 0.05).to_numpy()
        positive = (pick["z"] > 0).to_numpy()
        bar_colours = np.where(significant, np.where(positive, "#2b8cbe", "#de2d26"), "#bbbbbb")
        ax.barh(np.arange(len(pick)), pick["z"], color=bar_colours)
        ax.set_yticks(np.arange(len(pick)))
        ax.set_yticklabels([label(t) for t in pick["term"]], fontsize=size)
        ax.axvline(0, color="black", linewidth=0.6)
        ax.set_title(f"{label(group)} vs rest", fontsize=10)
        ax.set_xlabel("z")
    fig.tight_layout()
    return Figure("fightin_words", title, png_base64(fig), _caption(caption, selection), [])


def figure_temporal_focus(tables: dict[str, pd.DataFrame], options: ReportOptions) -> Figure:
    import matplotlib.pyplot as plt

    temporal = tables.get("temporal_focus", pd.DataFrame())
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
    selection = _selection(temporal, tables, options.max_groups)
    groups = selection.shown
    keyed = temporal.assign(group=temporal["group"].astype(str))
    fig, ax = plt.subplots(figsize=(8, max(2.2, 0.6 * len(groups) + 1)))
    width = 0.8 / 3
    for i, focus in enumerate(["past", "around", "future"]):
        sub = keyed[keyed["focus"] == focus].drop_duplicates("group").set_index("group")
        sub = sub.reindex(groups)
        y = np.arange(len(groups)) - 0.4 + width * (i + 0.5)
        share = sub["share"].to_numpy(dtype=float)
        lo, hi = sub["ci_low"].to_numpy(dtype=float), sub["ci_high"].to_numpy(dtype=float)
        ax.barh(y, np.nan_to_num(share), height=width, color=FOCUS_COLOURS[focus], label=focus)
        ok = ~np.isnan(lo) & ~np.isnan(hi) & ~np.isnan(share)
        if ok.any():
            ax.errorbar(
                share[ok],
                y[ok],
                xerr=error_bars(share[ok], lo[ok], hi[ok]),
                fmt="none",
                ecolor="black",
                capsize=2,
                linewidth=0.8,
            )
    n_articles = keyed.groupby("group")["n_articles"].max().reindex(groups)
    ax.set_yticks(np.arange(len(groups)))
    ax.set_yticklabels(
        [
            f"{label(g)}\n(n={'?' if pd.isna(n) else int(n)} articles)"
            for g, n in zip(groups, n_articles, strict=True)
        ]
    )
    ax.set_ylim(len(groups) - 0.5, -0.5)
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
            color=UNDEFINED_COLOUR,
        )
    ax.legend(fontsize=8)
    return Figure(
        "temporal_focus",
        title,
        png_base64(fig),
        _caption(caption, selection),
        _undefined_notes(temporal, "ci_note", "temporal-focus intervals", selection.shown),
    )


# in report order
FIGURES: list[FigureBuilder] = [
    figure_share_of_voice,
    figure_cue_classes,
    figure_frame_prevalence,
    figure_fightin_words,
    figure_temporal_focus,
]


def build_figures(
    tables: dict[str, pd.DataFrame], options: ReportOptions | None = None
) -> list[Figure]:
    """Every figure of :data:`FIGURES`, with text drawn literally (no mathtext)."""
    plain_text_plots()
    options = options or ReportOptions()
    return [builder(tables, options) for builder in FIGURES]
