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


@pytest.fixture(scope="session")
def make_table():
    """``make_table("clean", [{"text": "...", "language": "en"}, ...])``: a tiny frame of a
    catalogued table with its producer's declared schema (framelab.catalog): every declared
    column present and cast, the ones a row leaves out null, ``article_id`` numbered ``a1``, ``a2``
    ... when not given. A column the schema does not declare is an error, so a test cannot drift
    from the producer."""
    import pandas as pd

    from framelab import catalog
    from framelab.io import conform, empty_frame

    def _make(name: str, rows: list[dict] | tuple = ()) -> pd.DataFrame:
        schema = catalog.schema(name)
        if not rows:
            return empty_frame(schema)
        unknown = sorted(set().union(*rows) - set(schema))
        if unknown:
            raise KeyError(f"{name} declares no column(s) {unknown}")
        records = [
            {"article_id": f"a{i}", **row} if "article_id" in schema else dict(row)
            for i, row in enumerate(rows, start=1)
        ]
        return conform(pd.DataFrame.from_records(records), schema)

    return _make
