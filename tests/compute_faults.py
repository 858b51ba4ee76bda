"""Stage functions that fail on purpose, for the compute tests (imported by Dask workers too,
so they live in a module of their own rather than in a test file)."""

from __future__ import annotations

import os
import signal
from pathlib import Path
from typing import Any

import pandas as pd

from framelab.dates import run_dates
from framelab.dates.stage import DatesResult


def dates_killing_worker_once(
    clean_df: pd.DataFrame, *, victim: str, marker: str, **params: Any
) -> DatesResult:
    """``run_dates``, except that the first process to meet article ``victim`` kills itself
    (SIGKILL, as the kernel's OOM killer would) after leaving ``marker`` behind."""
    if victim in set(clean_df["article_id"].astype(str)) and not Path(marker).exists():
        Path(marker).write_text(str(os.getpid()), encoding="utf-8")
        os.kill(os.getpid(), signal.SIGKILL)
    return run_dates(clean_df, **params)


def dates_failing_on(clean_df: pd.DataFrame, *, poison: str, **params: Any) -> DatesResult:
    """``run_dates``, except that a partition holding article ``poison`` raises as a whole (as a
    library crash that the stage's own per-article guard does not catch would)."""
    if poison in set(clean_df["article_id"].astype(str)):
        raise MemoryError(f"simulated crash on {poison}")
    return run_dates(clean_df, **params)


def dates_logging_calls(clean_df: pd.DataFrame, *, calls: str, **params: Any) -> DatesResult:
    """``run_dates`` that appends one line per call to the file ``calls``."""
    with open(calls, "a", encoding="utf-8") as fh:
        fh.write(f"{len(clean_df)}\n")
    return run_dates(clean_df, **params)
