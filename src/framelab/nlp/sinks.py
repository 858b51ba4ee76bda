"""Streaming writers of the annotate stage's tables, and memory hygiene between Stanza calls.

Tokens arrive per article as Arrow tables and leave as parquet parts of about ``PART_ROWS`` rows
(written by :class:`framelab.io.PartWriter`'s naming, straight from Arrow), so memory stays bounded
however large the corpus.
"""

from __future__ import annotations

import ctypes
import ctypes.util
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from ..io import PartWriter, atomic_path, empty_frame
from .schemas import ENTITIES_SCHEMA, TOKENS_SCHEMA

PART_ROWS = 100_000  # rows per parquet part: bounded memory, few files


class ArrowPartWriter(PartWriter):
    """A :class:`PartWriter` that also takes Arrow tables, written straight to parquet with the
    schema's pandas metadata (so ``pd.read_parquet`` gives the same dtypes as a DataFrame part)
    without a round trip through pandas."""

    def __init__(self, folder: Path, schema: dict[str, str]) -> None:
        super().__init__(folder, schema)
        self.arrow_schema = pa.Schema.from_pandas(empty_frame(schema), preserve_index=False)

    def write_arrow(self, table: pa.Table) -> None:
        if table.num_rows == 0 and self.n_parts:
            return
        table = table.select(list(self.schema)).cast(self.arrow_schema)
        with atomic_path(self.folder / f"part-{self.n_parts:05d}.parquet") as tmp:
            pq.write_table(table, tmp)
        self.n_parts += 1
        self.n_rows += table.num_rows


class TokensSink:
    """Collects per-article token tables (Arrow) and writes parquet parts of ~PART_ROWS rows."""

    def __init__(self, folder: Path) -> None:
        self.writer = ArrowPartWriter(folder, TOKENS_SCHEMA)
        self.tables: list[pa.Table] = []
        self.buffered_rows = 0

    def add(self, article_id: str, tokens: pa.Table) -> None:
        if tokens.num_rows == 0:
            return
        ids = pa.array([article_id] * tokens.num_rows, pa.string())
        self.tables.append(tokens.add_column(0, "article_id", ids))
        self.buffered_rows += tokens.num_rows
        if self.buffered_rows >= PART_ROWS:
            self.flush()

    def flush(self) -> None:
        if self.tables:
            self.writer.write_arrow(pa.concat_tables(self.tables))
        self.tables, self.buffered_rows = [], 0

    def close(self) -> None:
        self.flush()
        self.writer.close()


class EntitiesSink:
    """Collects entity rows and writes parquet parts of ~PART_ROWS rows."""

    def __init__(self, folder: Path) -> None:
        self.writer = PartWriter(folder, ENTITIES_SCHEMA)
        self.columns: dict[str, list[Any]] = {c: [] for c in ENTITIES_SCHEMA}
        self.total_rows = 0

    def add(self, rows: dict[str, list[Any]]) -> None:
        for name, values in rows.items():
            self.columns[name].extend(values)
        self.total_rows += len(rows["article_id"])
        if len(self.columns["article_id"]) >= PART_ROWS:
            self.flush()

    def flush(self) -> None:
        if self.columns["article_id"]:
            self.writer.write(pd.DataFrame(self.columns))
        self.columns = {c: [] for c in ENTITIES_SCHEMA}

    def close(self) -> None:
        self.flush()
        self.writer.close()


@lru_cache(maxsize=1)
def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's ``malloc_trim`` (None elsewhere)."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        return libc.malloc_trim
    except (OSError, AttributeError):
        return None


M_MMAP_THRESHOLD = -3  # glibc mallopt parameter
MMAP_THRESHOLD_BYTES = 128 * 1024  # glibc's initial default, kept fixed


@lru_cache(maxsize=1)
def fix_mmap_threshold() -> bool:
    """Keep glibc's mmap threshold at its initial 128 KiB for this process (once; True if set).

    glibc raises the threshold each time a large mmap'd block is freed (up to 32 MiB), after which
    torch's large temporary tensors come from the heap, fragment it and are never given back: RSS
    then creeps up with the number of Stanza calls (measured: peak RSS 810 MB at 2,000 articles
    with the dynamic threshold, 633 MB with it fixed; see docs/nlp.md). Fixing the threshold
    (the same as ``MALLOC_MMAP_THRESHOLD_=131072``) returns each large block to the OS when freed.
    A no-op where glibc is not used."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        return bool(libc.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES))
    except (OSError, AttributeError):
        return False


def release_freed_memory() -> None:
    """Hand memory freed by Stanza/torch back to the OS after each bulk call, so that resident
    memory follows the current batch instead of the largest batch seen so far (glibc keeps freed
    heap pages otherwise). A no-op where glibc is not used."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)
