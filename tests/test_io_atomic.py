"""Atomic writers: a failed write leaves the previous file as it was and no temporary file."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from framelab.io import atomic_path, read_table, write_json, write_table, write_text


def test_a_failing_table_write_keeps_the_previous_file(tmp_path, monkeypatch) -> None:
    path = tmp_path / "t.parquet"
    write_table(pd.DataFrame({"a": [1, 2]}), path)

    def boom(self, target, **kw):
        Path(target).write_bytes(b"PAR1 half a file")
        raise OSError("disk full")

    monkeypatch.setattr(pd.DataFrame, "to_parquet", boom)
    with pytest.raises(OSError, match="disk full"):
        write_table(pd.DataFrame({"a": [3]}), path)
    monkeypatch.undo()
    assert read_table(path)["a"].tolist() == [1, 2]
    assert [p.name for p in tmp_path.iterdir()] == ["t.parquet"]


def test_writers_replace_the_file_whole(tmp_path) -> None:
    write_json({"n": 1}, tmp_path / "m.json")
    write_json({"n": 2}, tmp_path / "m.json")
    assert json.loads((tmp_path / "m.json").read_text()) == {"n": 2}
    write_table(pd.DataFrame({"x": ["a"]}), tmp_path / "p.csv")
    assert (tmp_path / "p.csv").read_text() == "x\na\n"
    write_text("<html></html>", tmp_path / "sub" / "r.html")
    assert (tmp_path / "sub" / "r.html").read_text() == "<html></html>"
    assert oct((tmp_path / "m.json").stat().st_mode & 0o777) != oct(0o600)
    assert sorted(p.name for p in tmp_path.rglob("*.tmp")) == []


def test_atomic_path_removes_the_temporary_file_on_error(tmp_path) -> None:
    with pytest.raises(ValueError), atomic_path(tmp_path / "x.txt") as tmp:
        tmp.write_text("partial")
        raise ValueError("stop")
    assert list(tmp_path.iterdir()) == []
