"""``framelab summary``: real stage states from output times, run records and dvc.lock."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest
import yaml

from framelab.stage_status import (
    is_marked_stale,
    mark_report_stale,
    read_status,
    record_end,
    record_start,
)
from framelab.summary import STAGES, assess_pipeline, summarise

ROOT = Path(__file__).resolve().parents[1]


def _touch(path: Path, when: float) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.suffix and not path.exists():  # a folder output (tokens/, framing/)
        path.mkdir()
        path = path / "part-0.parquet"
    path.write_bytes(b"x")
    os.utime(path, (when, when))


def _project(tmp_path: Path, *, when: float) -> Path:
    """A project whose every stage's outputs exist, written in pipeline order."""
    (tmp_path / "params.yaml").write_text(
        yaml.safe_dump({"ingest": {"inputs": ["corpus"]}}), encoding="utf-8"
    )
    _touch(tmp_path / "corpus" / "a.txt", when - 100)
    for i, stage in enumerate(STAGES):
        for out in stage.outputs:
            _touch(tmp_path / out, when + i)
        if stage.metrics:
            (tmp_path / stage.metrics).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / stage.metrics).write_text(json.dumps({"n_things": 3}), encoding="utf-8")
            os.utime(tmp_path / stage.metrics, (when + i, when + i))
    (tmp_path / "reports" / "report.html").write_text(
        "<!DOCTYPE html><html><head></head><body><h1>r</h1></body></html>", encoding="utf-8"
    )
    os.utime(tmp_path / "reports" / "report.html", (when + 20, when + 20))
    return tmp_path


def _states(root: Path) -> dict[str, str]:
    return {s.name: s.state for s in assess_pipeline(root)}


def test_all_outputs_in_order_is_ok(tmp_path: Path) -> None:
    root = _project(tmp_path, when=time.time() - 1000)
    assert set(_states(root).values()) == {"ok"}
    text = summarise(root)
    assert "- ingest    [ok]" in text and "n_things=3" in text and "STALE" not in text


def test_missing_outputs(tmp_path: Path) -> None:
    (tmp_path / "params.yaml").write_text("{}", encoding="utf-8")
    states = _states(tmp_path)
    assert set(states.values()) == {"missing"}


def test_a_failed_stage_is_failed_and_everything_after_it_stale(tmp_path: Path) -> None:
    root = _project(tmp_path, when=time.time() - 1000)
    run = record_start(root, "framing")
    record_end(root, run, "06_framing.ipynb failed in cell 7: KeyError: 'group'")
    states = _states(root)
    assert states["framing"] == "failed" and states["report"] == "stale"
    assert states["dates"] == "ok"
    text = summarise(root)
    assert "[FAILED]" in text and "KeyError: 'group'" in text
    assert "upstream framing is failed" in text
    assert "reports/report.html is from an earlier run" in text


def test_an_interrupted_run_is_not_ok(tmp_path: Path) -> None:
    root = _project(tmp_path, when=time.time() - 1000)
    record_start(root, "dates")
    assert _states(root)["dates"] == "failed"
    assert "has not finished" in summarise(root)


def test_a_later_successful_run_clears_the_failure(tmp_path: Path) -> None:
    root = _project(tmp_path, when=time.time() - 1000)
    record_end(root, record_start(root, "clean"), "boom")
    record_end(root, record_start(root, "clean"))
    assert read_status(root, "clean").state == "ok"
    assert _states(root)["clean"] == "ok"


def test_an_edited_input_makes_ingest_and_everything_downstream_stale(tmp_path: Path) -> None:
    root = _project(tmp_path, when=time.time() - 1000)
    (root / "corpus" / "a.txt").write_text("edited", encoding="utf-8")
    states = _states(root)
    assert states["ingest"] == "stale" and states["report"] == "stale"
    assert "inputs newer than its outputs" in summarise(root) and "corpus" in summarise(root)


def test_an_upstream_output_rewritten_makes_the_next_stage_stale(tmp_path: Path) -> None:
    root = _project(tmp_path, when=time.time() - 1000)
    os.utime(root / "data/processed/quotes.parquet")  # now: newer than framing's outputs
    states = _states(root)
    assert states["quotes"] == "ok" and states["framing"] == "stale"


def test_params_changed_since_dvc_lock(tmp_path: Path) -> None:
    root = _project(tmp_path, when=time.time() - 1000)
    lock = {"stages": {"dates": {"params": {"params.yaml": {"dates": {"languages": ["ar"]}}}}}}
    (root / "dvc.lock").write_text(yaml.safe_dump(lock), encoding="utf-8")
    params = yaml.safe_load((root / "params.yaml").read_text(encoding="utf-8"))
    params["dates"] = {"languages": ["ar"]}
    (root / "params.yaml").write_text(yaml.safe_dump(params), encoding="utf-8")
    assert _states(root)["dates"] == "ok"
    params["dates"] = {"languages": ["ar", "en"]}
    (root / "params.yaml").write_text(yaml.safe_dump(params), encoding="utf-8")
    assert _states(root)["dates"] == "stale"
    assert "params.yaml dates changed since dvc.lock" in summarise(root)


def test_stale_banner_is_escaped_replaced_not_stacked(tmp_path: Path) -> None:
    root = _project(tmp_path, when=time.time() - 1000)
    assert mark_report_stale(root, "Stage framing failed: <b>bad</b> value")
    assert mark_report_stale(root, "Stage dates failed: second")
    html = (root / "reports" / "report.html").read_text(encoding="utf-8")
    assert html.count("Stale report.") == 1 and "second" in html and "<b>bad</b>" not in html
    assert html.index("<body>") < html.index("Stale report.") < html.index("<h1>")
    assert is_marked_stale(root)
    assert not mark_report_stale(tmp_path / "nowhere", "x")


def test_the_stage_runner_records_failure_and_marks_the_report(tmp_path: Path) -> None:
    """A real notebook failing under ``run_stage_notebook``: status failed, report banner."""
    pytest.importorskip("papermill")
    import nbformat

    from framelab.errors import FramelabError
    from framelab.notebooks import run_stage_notebook

    root = _project(tmp_path, when=time.time() - 1000)
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "language": "python", "display_name": "Py"}
    nb.cells = [
        nbformat.v4.new_code_cell(
            "params = None\npipeline_outputs = None", metadata={"tags": ["parameters"]}
        ),
        nbformat.v4.new_code_cell("raise ValueError('no column ' + params['group_by'])"),
    ]
    (root / "notebooks").mkdir()
    nbformat.write(nb, root / "notebooks" / "06_framing.ipynb")
    (root / "params.yaml").write_text(yaml.safe_dump({"framing": {"group_by": "bias"}}))
    with pytest.raises(FramelabError, match="ValueError: no column bias"):
        run_stage_notebook("framing", root=root)
    status = read_status(root, "framing")
    assert status.state == "failed" and "no column bias" in status.error
    assert is_marked_stale(root)
    assert _states(root)["framing"] == "failed"


def test_summary_stage_table_matches_dvc_yaml() -> None:
    """The outputs and upstream inputs summary checks are those dvc.yaml declares."""
    dvc = yaml.safe_load((ROOT / "dvc.yaml").read_text(encoding="utf-8"))["stages"]
    assert [s.name for s in STAGES] == list(dvc)
    for stage in STAGES:
        spec = dvc[stage.name]
        outs = {next(iter(o)) if isinstance(o, dict) else o for o in spec.get("outs", [])}
        assert set(stage.outputs) <= outs, stage.name
        assert set(stage.inputs) <= set(spec["deps"]), stage.name
        metrics = {next(iter(m)) for m in spec.get("metrics", [])}
        assert not stage.metrics or stage.metrics in metrics
