"""Shared fixtures (paths and the skip-or-fail rule live in ``shared_data``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from shared_data import PROJECT_ROOT, need_shared


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
