"""What the report reads: the framing stage's tables and metrics, and which groups to draw."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

# framing tables the report reads (a missing file is an empty table); add a name here when a
# new section or figure needs another table of data/processed/framing/
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
    "unresolved_speakers",
]


def load_framing_tables(folder: str | Path) -> dict[str, pd.DataFrame]:
    """The framing stage's parquet tables needed by the report (missing ones are empty)."""
    folder = Path(folder)
    tables = {}
    for name in REPORT_TABLES:
        path = folder / f"{name}.parquet"
        tables[name] = pd.read_parquet(path) if path.is_file() else pd.DataFrame()
    return tables


def load_metrics(path: str | Path | None) -> dict[str, Any]:
    """The framing metrics JSON ({} when there is none)."""
    if not path or not Path(path).is_file():
        return {}
    return json.loads(Path(path).read_text(encoding="utf-8"))


def group_sizes(tables: dict[str, pd.DataFrame]) -> pd.Series:
    """Articles analysed per group (from the ``articles`` table), largest first, ties by name."""
    articles = tables.get("articles", pd.DataFrame())
    if articles.empty or "group" not in articles:
        return pd.Series(dtype="int64")
    sizes = articles["group"].astype(str).value_counts()
    order = sorted(sizes.index, key=lambda g: (-int(sizes[g]), g))
    return sizes.reindex(order)


@dataclass(frozen=True)
class GroupSelection:
    """The groups a figure draws: at most ``limit``, the largest by articles analysed."""

    shown: list[str]
    total: int

    @property
    def is_partial(self) -> bool:
        return len(self.shown) < self.total

    def caption(self) -> str:
        """A sentence for the caption, empty when every group is drawn."""
        if not self.is_partial:
            return ""
        return (
            f"Showing the {len(self.shown)} largest of {self.total} groups (by articles "
            "analysed); every group is in the CSV/parquet tables."
        )


def select_groups(table_groups: pd.Series, sizes: pd.Series, limit: int) -> GroupSelection:
    """The largest ``limit`` of the groups present in ``table_groups`` (by ``sizes``; groups
    without a size come last, by name), in that order."""
    present = set(table_groups.dropna().astype(str))
    known = [g for g in sizes.index if g in present]
    ordered = known + sorted(present - set(known))
    return GroupSelection(shown=ordered[:limit], total=len(ordered))
