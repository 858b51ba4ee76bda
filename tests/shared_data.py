"""Paths of the third-party test data in ../shared, and the skip-or-fail rule for it.

Import from here (``from shared_data import need_shared``), not from ``conftest``: there are two
conftest modules (tests/ and notebooks/) and the name is ambiguous.

Data from ``../shared`` is third-party and never copied into the project: tests read it in place.
When it is absent such tests skip with a clear reason, except under CI (``CI`` set), where a
missing ``../shared`` is a failure.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("FRAMELAB_SHARED", PROJECT_ROOT.parent / "shared"))
SEED_TEXT = SHARED / "seed" / "turan-blinken-aliyev-pashinyan.ar.txt"
SEED_GOLD = SHARED / "seed" / "gold.jsonl"
STANZA_DIR = SHARED / "stanza"


def need_shared(*parts: str) -> Path:
    """Path under ../shared, or skip (fail under CI) when it is missing."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        msg = f"../shared data not available: {path} (set FRAMELAB_SHARED to its folder)"
        if os.environ.get("CI"):
            pytest.fail(msg + " -- required under CI")
        pytest.skip(msg)
    return path
