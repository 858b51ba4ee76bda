"""Provenance: hashes, codebooks, models, the runner's records, and the report's section."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from framelab.provenance import (
    NO_MODELS,
    attach_to_metrics,
    codebooks_provenance,
    models_provenance,
    path_digest,
    pipeline_provenance,
    stage_provenance,
)
from framelab.report import render_report


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_folder_digest_changes_with_any_edit_rename_or_addition(tmp_path: Path) -> None:
    _write(tmp_path / "in" / "a.txt", "Invented story one.")
    _write(tmp_path / "in" / "sub" / "b.txt", "Invented story two.")
    first = path_digest(tmp_path / "in")
    assert first["kind"] == "folder" and first["n_files"] == 2 and len(first["sha256"]) == 64
    assert path_digest(tmp_path / "in") == first
    _write(tmp_path / "in" / "sub" / "b.txt", "Invented story two, edited.")
    edited = path_digest(tmp_path / "in")
    (tmp_path / "in" / "a.txt").rename(tmp_path / "in" / "c.txt")
    renamed = path_digest(tmp_path / "in")
    assert len({first["sha256"], edited["sha256"], renamed["sha256"]}) == 3
    assert path_digest(tmp_path / "nothing")["kind"] == "missing"


def test_folder_digest_of_file_names_that_are_not_utf8(tmp_path: Path) -> None:
    import os

    folder = tmp_path / "in"
    folder.mkdir()
    with open(os.path.join(os.fsencode(folder), b"caf\xe9 report.txt"), "wb") as handle:
        handle.write(b"Invented story, Latin-1 file name.")
    digest = path_digest(folder)
    assert digest["n_files"] == 1 and len(digest["sha256"]) == 64


def test_ingest_block_hashes_inputs_and_keeps_effective_params(tmp_path: Path) -> None:
    _write(tmp_path / "data" / "raw" / "a.txt", "Invented.")
    params = {
        "inputs": ["data/raw"],
        "layout": "text",
        "sample": {"n": 2, "seed": 4},
        "metrics_path": "reports/metrics/ingest.json",
    }
    block = stage_provenance("ingest", params, tmp_path)
    assert block["params"] == {
        "inputs": ["data/raw"],
        "layout": "text",
        "sample": {"n": 2, "seed": 4},
    }
    assert block["inputs"][0]["path"] == "data/raw" and block["inputs"][0]["n_files"] == 1
    env = block["environment"]
    assert env["framelab"] and env["libraries"]["pandas"] == pd.__version__
    assert block["time"].endswith("+00:00")


def test_codebooks_with_hashes_and_null_ones_left_out(tmp_path: Path) -> None:
    _write(tmp_path / "data" / "codebooks" / "actors.yaml", "name: invented\n")
    books = codebooks_provenance(
        {"actors_codebook": "data/codebooks/actors.yaml", "contested_codebook": None}, tmp_path
    )
    assert [b["param"] for b in books] == ["actors_codebook"]
    assert books[0]["sha256"] == path_digest(tmp_path / "data/codebooks/actors.yaml")["sha256"]


def test_models_none_test_and_real(tmp_path: Path) -> None:
    none = models_provenance({"models_dir": str(tmp_path), "models_found": [], "n_annotated": 0})
    assert none["kind"] == NO_MODELS
    _write(tmp_path / "m" / "resources.json", "{}")
    _write(tmp_path / "m" / "README.md", "# Small models for tests (invented)\n")
    test = models_provenance({"models_dir": str(tmp_path / "m"), "n_annotated": 3})
    assert test["kind"].startswith("TEST MODELS") and len(test["resources_sha256"]) == 64
    (tmp_path / "m" / "README.md").unlink()
    real = models_provenance({"models_dir": str(tmp_path / "m"), "n_cached": 3})
    assert real["kind"] == "Stanza models"


def test_runner_block_reaches_metrics_and_the_report_escaped(tmp_path: Path) -> None:
    metrics = _write(
        tmp_path / "reports" / "metrics" / "ingest.json",
        json.dumps({"n_inputs": 5, "n_articles": 5, "n_articles_out": 2, "n_rejected": 0}),
    )
    _write(tmp_path / "in<script>" / "a.txt", "Invented.")
    params = {"inputs": ["in<script>"], "layout": "auto", "sample": None}
    assert attach_to_metrics(metrics, stage_provenance("ingest", params, tmp_path))
    saved = json.loads(metrics.read_text(encoding="utf-8"))
    assert saved["n_inputs"] == 5 and saved["provenance"]["inputs"][0]["n_files"] == 1
    prov = pipeline_provenance(tmp_path)
    assert prov["stages"]["ingest"]["counts"] == {
        "n_inputs": 5,
        "n_articles": 5,
        "n_articles_out": 2,
        "n_rejected": 0,
    }
    html = render_report({}, {"n_articles": 2}, provenance=prov)
    section = html[html.index("<h2>Provenance</h2>") :]
    assert "in&lt;script&gt;" in section and "<script>" not in section
    assert "n_articles_out 2" in section
    assert "Annotate not recorded" in section  # stages run outside the runner say so
    assert prov["stages"]["ingest"]["provenance"]["inputs"][0]["sha256"] in section


def test_report_without_provenance_says_so() -> None:
    html = render_report({}, {})
    assert "Provenance not available" in html
