"""The report's sections, one function per section, in :data:`SECTIONS` order.

A section is ``def name(ctx: ReportContext) -> str`` returning an HTML fragment (escape every
value from the data with :func:`.html.esc` or :func:`.html.table_html`). To add one, write the
function here (or in its own module of this package), add the framing tables
it reads to ``inputs.REPORT_TABLES``, and insert it into :data:`SECTIONS`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pandas as pd

from .figures import Figure
from .html import definition_list, esc, heading, note, table_html, warning
from .inputs import group_sizes
from .options import ReportOptions
from .provenance import provenance_section
from .unresolved import unresolved_speakers_section
from .validation import frames_validation_section

CONTESTED_OFF = (
    "Not measured: no contested-terms codebook was used (params.yaml framing.contested_codebook "
    "is null). Contested-term pairs are story-specific; name a codebook written for your story "
    "(docs/framing.md)."
)


@dataclass
class ReportContext:
    """Everything a section may read."""

    tables: dict[str, pd.DataFrame]
    metrics: dict[str, Any]
    figures: list[Figure]
    options: ReportOptions
    provenance: dict[str, Any] | None = None  # framelab.provenance.pipeline_provenance

    def table(self, name: str) -> pd.DataFrame:
        return self.tables.get(name, pd.DataFrame())

    @property
    def codebooks(self) -> dict[str, Any]:
        return self.metrics.get("codebooks") or {}


Section = Callable[[ReportContext], str]


def _shown(value: Any) -> str:
    if value is None:
        return "undefined"
    return f"{value:.3g}" if isinstance(value, float) else str(value)


def summary_section(ctx: ReportContext) -> str:
    """Headline numbers (a None metric is named "undefined", not hidden)."""
    metrics = ctx.metrics
    if not metrics:
        return ""
    keys = [
        ("n_articles", "articles"),
        ("n_groups", "groups"),
        ("group_by", "grouped by"),
        ("n_quotes", "quotes"),
        ("quotes_resolved_to_actor", "share of quotes resolved to a codebook actor"),
        ("anonymous_share", "share of quotes from anonymous sources"),
        ("mean_source_entropy_norm", "mean normalised source entropy"),
        ("officials_only_share", "share of articles quoting only officials"),
        ("frame_hits_per_1000_words", "frame-cue hits per 1,000 words"),
        ("articles_with_tokens", "articles with Stanza parses (actor roles)"),
    ]
    rows = [(text, _shown(metrics.get(key))) for key, text in keys]
    parts = [heading("Summary"), definition_list(rows)]
    missing = metrics.get("n_articles_missing_group") or 0
    if missing:
        parts.append(
            warning(
                f"{missing} article(s) have no value for {metrics.get('group_by')!s}: they are "
                "kept as the group (missing)."
            )
        )
    return "".join(parts)


def codebooks_section(ctx: ReportContext) -> str:
    """Which codebooks the measures come from."""
    books = ctx.codebooks
    if not books:
        return heading("Codebooks") + note("Codebooks not recorded (no framing metrics file).")
    contested = (
        f"{books['contested']} ({books.get('contested_file')})"
        if books.get("contested")
        else "none (params.yaml framing.contested_codebook is null): contested terms not measured"
    )
    rows = [
        ("actors", _named_file(books.get("actors"), books.get("actors_file"))),
        ("frames", _named_file(books.get("frames"), books.get("frames_file"))),
        ("contested terms", contested),
    ]
    collisions = books.get("alias_collisions") or 0
    parts = [heading("Codebooks"), definition_list(rows)]
    if collisions:
        parts.append(
            note(f"{collisions} alias(es) listed under several actors (alias_collisions).")
        )
    return "".join(parts)


def _named_file(name: Any, path: Any) -> str:
    return f"{name} ({path})" if path else str(name)


def figures_section(ctx: ReportContext) -> str:
    parts = []
    for fig in ctx.figures:
        parts.append(heading(fig.title))
        parts.append(f"<img alt='{esc(fig.title)}' src='data:image/png;base64,{fig.png_base64}'>")
        parts.append(note(fig.caption))
        parts.extend(warning(n) for n in fig.notes)
    return "\n".join(parts)


def contested_section(ctx: ReportContext, per_variant: int = 3) -> str:
    """A few keyword-in-context lines per contested-term variant (the evidence behind counts)."""
    title = heading("Contested terms in context")
    if ctx.codebooks and not ctx.codebooks.get("contested"):
        return title + note(CONTESTED_OFF)
    hits = ctx.table("frame_hits")
    contested = hits[hits["kind"] == "contested"] if "kind" in hits else hits.iloc[0:0]
    if contested.empty or "context" not in contested:
        return title + note("No contested terms found.")
    shown = contested.groupby(["category", "variant"], sort=True).head(per_variant)
    rows = []
    for pair, variant, usage, article, context in shown[
        ["category", "variant", "usage", "article_id", "context"]
    ].itertuples(index=False):
        left, _, rest = str(context).partition("[")
        match, _, right = rest.partition("]")
        rows.append(
            f"<tr><td>{esc(pair)}</td><td>{esc(variant)} ({esc(usage)})</td><td>{esc(article)}</td>"
            f"<td dir='auto'>{esc(left)}<b>{esc(match)}</b>{esc(right)}</td></tr>"
        )
    counts = contested.groupby(["category", "variant"]).size()
    summary = note(
        f"{len(contested)} contested-term hits in {counts.size} variants; up to {per_variant} "
        "shown per variant (all in frame_hits.csv)."
    )
    return (
        title + summary + "<table class='tbl'><tr><th>pair</th><th>variant</th><th>article</th>"
        "<th>context</th></tr>" + "".join(rows) + "</table>"
    )


TABLES = [
    ("share_of_voice", "Share of voice"),
    ("attribution_asymmetry", "Attribution asymmetry (Jensen-Shannon divergence of cue classes)"),
    ("contested", "Contested terms"),
    ("roles", "Actor mentions and roles"),
    ("keyness", "Keyness (G2, log ratio)"),
]


def tables_section(ctx: ReportContext) -> str:
    parts = [heading("Tables")]
    for name, text in TABLES:
        parts.append(heading(text, 3))
        if name == "contested" and ctx.codebooks and not ctx.codebooks.get("contested"):
            parts.append(note(CONTESTED_OFF))
        else:
            parts.append(table_html(_largest_groups_first(ctx.table(name), ctx.tables)))
    parts.append(
        note(
            "Tables list the largest groups first. Generated by framelab from "
            "data/processed/framing/ (all tables there as parquet and CSV)."
        )
    )
    return "\n".join(parts)


def _largest_groups_first(table: pd.DataFrame, tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Rows of the largest groups first (stable within a group): the page shows the first rows."""
    if table.empty or "group" not in table:
        return table
    sizes = group_sizes(tables)
    rank = table["group"].astype(str).map({g: i for i, g in enumerate(sizes.index)})
    order = rank.fillna(len(sizes)).to_numpy().argsort(kind="stable")
    return table.iloc[order]


def frame_validation_section(ctx: ReportContext) -> str:
    """Which measure made frame prevalence and whether it was checked against human coders."""
    return frames_validation_section(ctx.metrics) if ctx.metrics else ""


# in page order
SECTIONS: list[Section] = [
    summary_section,
    codebooks_section,
    figures_section,
    frame_validation_section,
    unresolved_speakers_section,
    contested_section,
    tables_section,
    provenance_section,
]
