"""The ingest stage depends on every ``ingest.inputs`` path (dvc.yaml kept in step)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from framelab.dvc_deps import (
    ingest_deps,
    input_paths,
    missing_input_deps,
    with_input_deps,
    write_input_deps,
)
from framelab.errors import FramelabError

ROOT = Path(__file__).resolve().parents[1]


def test_repository_dvc_yaml_covers_params_ingest_inputs() -> None:
    dvc = yaml.safe_load((ROOT / "dvc.yaml").read_text(encoding="utf-8"))
    params = yaml.safe_load((ROOT / "params.yaml").read_text(encoding="utf-8"))
    deps = ingest_deps(dvc)
    assert set(input_paths(params)) <= set(deps)
    assert missing_input_deps(ROOT) == []


def _copy(tmp_path: Path, inputs: list[str]) -> Path:
    shutil.copy(ROOT / "dvc.yaml", tmp_path / "dvc.yaml")
    params = yaml.safe_load((ROOT / "params.yaml").read_text(encoding="utf-8"))
    params["ingest"]["inputs"] = inputs
    (tmp_path / "params.yaml").write_text(yaml.safe_dump(params), encoding="utf-8")
    return tmp_path


def test_write_adds_outside_inputs_and_check_agrees(tmp_path: Path) -> None:
    root = _copy(tmp_path, ["data/raw", "../corpora/news.tar.gz", "/srv/feeds/", "extra dir/x"])
    assert missing_input_deps(root) == ["../corpora/news.tar.gz", "/srv/feeds", "extra dir/x"]
    assert write_input_deps(root)
    dvc = yaml.safe_load((root / "dvc.yaml").read_text(encoding="utf-8"))
    deps = ingest_deps(dvc)
    assert deps[-4:] == ["data/raw", "../corpora/news.tar.gz", "/srv/feeds", "extra dir/x"]
    assert missing_input_deps(root) == []
    assert not write_input_deps(root)  # idempotent
    # the rest of dvc.yaml (other stages, comments) is unchanged
    original = yaml.safe_load((ROOT / "dvc.yaml").read_text(encoding="utf-8"))
    assert dvc["stages"]["clean"] == original["stages"]["clean"]
    assert "# Each stage runs its papermill notebook" in (root / "dvc.yaml").read_text()


def test_write_replaces_old_inputs(tmp_path: Path) -> None:
    root = _copy(tmp_path, ["../a", "../b"])
    write_input_deps(root)
    params = yaml.safe_load((root / "params.yaml").read_text(encoding="utf-8"))
    params["ingest"]["inputs"] = ["../b"]
    (root / "params.yaml").write_text(yaml.safe_dump(params), encoding="utf-8")
    write_input_deps(root)
    deps = ingest_deps(yaml.safe_load((root / "dvc.yaml").read_text(encoding="utf-8")))
    assert "../a" not in deps and deps[-1] == "../b" and "data/raw" not in deps


def test_an_input_inside_a_dependency_is_covered(tmp_path: Path) -> None:
    root = _copy(tmp_path, ["data/raw/batch-1"])
    assert missing_input_deps(root, {"inputs": ["data/raw/batch-1"]}) == []
    assert missing_input_deps(root, {"inputs": ["data/rawer"]}) == ["data/rawer"]


def test_without_marker_is_a_clear_error() -> None:
    text = "stages:\n  ingest:\n    deps:\n      - data/raw\n"
    with pytest.raises(FramelabError, match="no '# ingest.inputs' comment"):
        with_input_deps(text, ["x"])


def test_cli_check_exit_codes(tmp_path: Path, monkeypatch, capsys) -> None:
    from framelab.cli import main

    root = _copy(tmp_path, ["../elsewhere"])
    monkeypatch.setenv("FRAMELAB_PROJECT_ROOT", str(root))
    assert main(["deps", "--check"]) == 1
    assert "../elsewhere is not a dependency" in capsys.readouterr().out
    assert main(["deps", "--write"]) == 0
    assert main(["deps", "--check"]) == 0
