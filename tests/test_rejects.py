"""One builder of reject rows (framelab.io.reject_row) for every stage."""

from __future__ import annotations

import re
from pathlib import Path

from framelab.io import REJECTS_SCHEMA, reject_row, rejects_frame

SRC = Path(__file__).resolve().parents[1] / "src" / "framelab"


def test_reject_row_has_the_schema_and_one_line_detail():
    row = reject_row("dates", "error", "ValueError:\n  bad day\tin text", article_id="x1")
    assert list(row) == list(REJECTS_SCHEMA)
    assert row["detail"] == "ValueError: bad day in text" and row["source_path"] is None
    table = rejects_frame([row])
    assert list(table.columns) == list(REJECTS_SCHEMA) and table.loc[0, "stage"] == "dates"
    assert list(rejects_frame([]).columns) == list(REJECTS_SCHEMA)


def test_no_stage_builds_its_own_reject_dict():
    stages = "ingest|clean|annotate|quotes|dates|framing"
    literal = re.compile(rf"""["']stage["']\s*:\s*(?:["'](?:{stages})["']|STAGE\b)""")
    builders = [
        str(p.relative_to(SRC)) for p in SRC.rglob("*.py") if literal.search(p.read_text("utf-8"))
    ]
    assert builders == [], builders
