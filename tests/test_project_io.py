"""The shared plumbing: project root and params, table IO, JSON Lines, CLI error handling."""

from __future__ import annotations

import json
import math

import pandas as pd
import pytest

from framelab import cli
from framelab.errors import FramelabError, InputError
from framelab.io import (
    REJECTS_SCHEMA,
    PartWriter,
    conform,
    empty_frame,
    iter_jsonl,
    read_table,
    write_json,
    write_jsonl,
    write_table,
)
from framelab.project import load_params, project_root, resolve, stage_params

SCHEMA = {"article_id": "string", "n": "Int64", "share": "float64", "ok": "boolean"}


def test_conform_adds_missing_columns_casts_and_orders():
    df = pd.DataFrame({"n": [1, None], "article_id": ["a", "b"], "extra": [1, 2]})
    out = conform(df, SCHEMA)
    assert list(out.columns) == list(SCHEMA)
    assert str(out["n"].dtype) == "Int64" and out["n"].isna().tolist() == [False, True]
    assert out["share"].isna().all() and str(out["ok"].dtype) == "boolean"
    assert "extra" in conform(df, SCHEMA, keep_extra=True).columns


def test_empty_table_keeps_schema_on_disk(tmp_path):
    path = write_table(empty_frame(REJECTS_SCHEMA), tmp_path / "r.parquet")
    back = read_table(path, REJECTS_SCHEMA)
    assert back.empty and list(back.columns) == list(REJECTS_SCHEMA)
    assert all(str(t) == "string" for t in back.dtypes)


def test_part_writer_streams_and_reads_back(tmp_path):
    writer = PartWriter(tmp_path / "parts", SCHEMA)
    for i in range(3):
        writer.write(pd.DataFrame({"article_id": [f"a{i}"], "n": [i]}))
    writer.close()
    assert writer.n_parts == 3 and writer.n_rows == 3
    df = read_table(tmp_path / "parts", SCHEMA)
    assert df["article_id"].tolist() == ["a0", "a1", "a2"]
    # a new writer on the same folder replaces old parts; an empty run leaves one empty part
    empty = PartWriter(tmp_path / "parts", SCHEMA)
    empty.close()
    assert read_table(tmp_path / "parts", SCHEMA).empty


def test_missing_table_names_the_path(tmp_path):
    with pytest.raises(InputError, match="table not found"):
        read_table(tmp_path / "nope.parquet")


def test_jsonl_roundtrip_and_bad_line_is_named(tmp_path):
    path = write_jsonl([{"id": "1", "text": "قال", "x": float("nan")}], tmp_path / "a.jsonl")
    assert list(iter_jsonl(path)) == [{"id": "1", "text": "قال", "x": None}]
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": 1}\n{not json\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"bad\.jsonl:2: not valid JSON"):
        list(iter_jsonl(bad))


def test_write_json_turns_nan_into_null(tmp_path):
    import numpy as np

    path = write_json(
        {"f1": float("nan"), "n": np.int64(3), "by": {"ar": np.float64(0.5)}}, tmp_path / "m.json"
    )
    data = json.loads(path.read_text())
    assert data == {"f1": None, "n": 3, "by": {"ar": 0.5}}
    assert not any(isinstance(v, float) and math.isnan(v) for v in data.values())


def test_project_root_and_params(tmp_path, monkeypatch):
    (tmp_path / "params.yaml").write_text("clean:\n  x: 1\n", encoding="utf-8")
    (tmp_path / "notebooks").mkdir()
    monkeypatch.delenv("FRAMELAB_PROJECT_ROOT", raising=False)
    assert project_root(tmp_path / "notebooks") == tmp_path
    monkeypatch.setenv("FRAMELAB_PROJECT_ROOT", str(tmp_path))
    assert stage_params("clean") == {"x": 1}
    assert stage_params("absent") == {}
    assert resolve("data/raw") == tmp_path / "data/raw"
    assert load_params(tmp_path / "notebooks") == {}


def test_project_params_have_one_section_per_stage(project_root):
    params = load_params(project_root)
    assert {"ingest", "clean", "nlp", "quotes", "dates", "framing", "report"} <= set(params)


def test_cli_turns_framelab_errors_into_one_line(monkeypatch, capsys):
    def boom(args):
        raise FramelabError("data/x.txt: file is empty")

    parser = cli.build_parser()
    monkeypatch.setattr(cli, "build_parser", lambda: parser)
    parser.set_defaults(func=boom)
    assert cli.main([]) == 2
    err = capsys.readouterr().err
    assert err.strip() == "framelab: error: data/x.txt: file is empty"


def test_a_file_that_is_not_parquet_gives_one_clear_error(tmp_path):
    bad = tmp_path / "articles.parquet"
    bad.write_bytes(b"\x00\x01 not parquet at all")
    with pytest.raises(InputError, match=r"articles\.parquet: not a readable parquet table"):
        read_table(bad)
    (tmp_path / "parts").mkdir()
    with pytest.raises(InputError, match="no parquet parts"):
        read_table(tmp_path / "parts")


def test_jsonl_that_is_not_utf8_or_is_a_folder_is_named(tmp_path):
    latin = tmp_path / "latin.jsonl"
    latin.write_bytes('{"id": "1"}\n{"text": "Außenminister"}\n'.encode("latin-1"))
    with pytest.raises(InputError, match=r"latin\.jsonl:2: not UTF-8"):
        list(iter_jsonl(latin))
    with pytest.raises(InputError, match="is a folder"):
        list(iter_jsonl(tmp_path))
    bom = tmp_path / "bom.jsonl"
    bom.write_bytes(b'\xef\xbb\xbf{"id": "1"}\n')
    assert list(iter_jsonl(bom)) == [{"id": "1"}]


@pytest.mark.parametrize("task", ["clean", "quotes", "dates"])
def test_evaluating_a_file_without_gold_is_an_error_not_a_perfect_score(tmp_path, task):
    from framelab.evaluate.common import evaluate_paths

    path = write_jsonl([{"id": "a", "language": "en", "text": "He said so."}], tmp_path / "x.jsonl")
    with pytest.raises(InputError, match=f"not a {task} gold file"):
        evaluate_paths(task, [str(path)])
