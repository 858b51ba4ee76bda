"""Cutting an article table into partitions and putting the per-partition results back together.

A partition is a run of consecutive rows of the article table; each side table (e.g. the tokens
of the annotate stage) is cut along the same article ids, keeping its own row order. Results are
reassembled in partition order, so the combined result is the same whichever backend ran the
partitions and in whatever order they finished.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import Any, TypeVar

import numpy as np
import pandas as pd

from ..io import REJECTS_SCHEMA, conform

R = TypeVar("R")


def partition_bounds(
    n_rows: int, size: int, groups: Sequence[Any] | None = None
) -> list[tuple[int, int]]:
    """``(begin, end)`` row ranges of at most ``size`` rows covering ``range(n_rows)``. With
    ``groups`` (one label per row), a run of rows with the same label is never split: a range
    ends at the first group boundary at or after ``size`` rows (so may be longer)."""
    if groups is None:
        return [(begin, min(begin + size, n_rows)) for begin in range(0, n_rows, size)]
    bounds: list[tuple[int, int]] = []
    begin = 0
    for row in range(1, n_rows + 1):
        at_boundary = row == n_rows or groups[row] != groups[row - 1]
        if at_boundary and (row - begin >= size or row == n_rows):
            bounds.append((begin, row))
            begin = row
    return bounds


def side_partitions(
    table: pd.DataFrame | None, ids_by_partition: Sequence[Sequence[str]]
) -> list[pd.DataFrame | None]:
    """``table``'s rows for each partition's article ids (its own row order kept). Rows of
    articles outside every partition are left out; ``None`` stays ``None``."""
    if table is None:
        return [None] * len(ids_by_partition)
    if "article_id" not in table.columns:
        raise ValueError("a side table must have an article_id column")
    partition_of = {aid: float(i) for i, ids in enumerate(ids_by_partition) for aid in ids}
    codes = table["article_id"].astype("string").map(partition_of)
    code_array = codes.to_numpy(dtype="float64", na_value=np.nan)
    rows = np.flatnonzero(~np.isnan(code_array))
    groups = pd.Series(rows).groupby(code_array[rows].astype(int)).indices
    located = {int(code): rows[members] for code, members in groups.items()}
    return [
        table.iloc[located[i]] if i in located else table.iloc[0:0]
        for i in range(len(ids_by_partition))
    ]


def concat_frames(frames: Sequence[pd.DataFrame]) -> pd.DataFrame:
    """Frames of one schema stacked in order (fresh RangeIndex); list-valued ``attrs`` are
    concatenated, other ``attrs`` kept when all partitions agree."""
    filled = [frame for frame in frames if len(frame)]
    if not filled:
        out = frames[0].reset_index(drop=True)
    elif len(filled) == 1:
        out = filled[0].reset_index(drop=True)
    else:
        out = pd.concat(filled, ignore_index=True)
    out.attrs = merge_attrs([frame.attrs for frame in frames])
    return out


def merge_attrs(all_attrs: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    merged: dict[str, Any] = {}
    for key in dict.fromkeys(k for attrs in all_attrs for k in attrs):
        values = [attrs[key] for attrs in all_attrs if key in attrs]
        if all(isinstance(v, list) for v in values):
            merged[key] = [item for v in values for item in v]
        elif all(v == values[0] for v in values):
            merged[key] = values[0]
    return merged


def combine_results(results: Sequence[R]) -> R:
    """One result from per-partition results, in order.

    DataFrames are concatenated (:func:`concat_frames`); a dataclass has its DataFrame fields
    concatenated and its int fields summed (counts); other fields must agree across partitions."""
    if not results:
        raise ValueError("no partition results to combine")
    first = results[0]
    if isinstance(first, pd.DataFrame):
        return concat_frames(results)  # type: ignore[arg-type,return-value]
    if not dataclasses.is_dataclass(first) or isinstance(first, type):
        raise TypeError(f"cannot combine partition results of type {type(first).__name__}")
    values: dict[str, Any] = {}
    for spec in dataclasses.fields(first):
        parts = [getattr(result, spec.name) for result in results]
        values[spec.name] = _combine_field(spec.name, parts)
    return dataclasses.replace(first, **values)


def _combine_field(name: str, parts: list[Any]) -> Any:
    if all(isinstance(p, pd.DataFrame) for p in parts):
        return concat_frames(parts)
    if all(isinstance(p, int) and not isinstance(p, bool) for p in parts):
        return sum(parts)
    if all(p == parts[0] for p in parts):
        return parts[0]
    raise TypeError(f"field {name!r} differs between partitions and cannot be combined")


def rejected_result(empty: R, articles: pd.DataFrame, stage: str, reason: str, detail: str) -> R:
    """``empty`` (the stage's result for no articles) with ``articles`` added as rejects.

    For stage results that follow the rejects convention: a dataclass with ``rejects``
    (``REJECTS_SCHEMA``) and ``n_articles`` fields (``n_processed`` stays 0); list-valued
    ``attrs`` named ``failed_articles`` on its frames get the ids too."""
    if not dataclasses.is_dataclass(empty) or not hasattr(empty, "rejects"):
        raise TypeError(f"{type(empty).__name__} has no rejects table to record failures in")
    ids = [str(a) for a in articles["article_id"]]
    sources = articles["source_path"] if "source_path" in articles.columns else [None] * len(ids)
    rows = pd.DataFrame(
        {
            "stage": stage,
            "source_path": list(sources),
            "article_id": ids,
            "reason": reason,
            "detail": " ".join(detail.split()),
        }
    )
    changes: dict[str, Any] = {"rejects": conform(rows, REJECTS_SCHEMA)}
    if hasattr(empty, "n_articles"):
        changes["n_articles"] = len(ids)
    for spec in dataclasses.fields(empty):
        value = getattr(empty, spec.name)
        if isinstance(value, pd.DataFrame) and isinstance(value.attrs.get("failed_articles"), list):
            value = value.copy()
            value.attrs["failed_articles"] = ids
            changes[spec.name] = value
    return dataclasses.replace(empty, **changes)
