"""Shared fixtures.

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


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    return need_shared()


@pytest.fixture(scope="session")
def seed_text() -> str:
    return need_shared("seed", "turan-blinken-aliyev-pashinyan.ar.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_gold() -> dict:
    import json

    with need_shared("seed", "gold.jsonl").open(encoding="utf-8") as fh:
        return json.loads(fh.readline())


@pytest.fixture(scope="session")
def stanza_dir() -> Path:
    """The small real Stanza models in ../shared/stanza (a stanza.download-style folder)."""
    return need_shared("stanza", "resources.json").parent


@pytest.fixture(scope="session")
def project_root() -> Path:
    return PROJECT_ROOT
