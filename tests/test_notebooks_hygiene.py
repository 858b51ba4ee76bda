"""Source notebooks are thin, parameterised and stored without outputs; dvc.yaml matches them."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
import yaml

from framelab.notebooks import STAGE_NOTEBOOKS, STAGE_SECTIONS

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def _parameters_cells(nb) -> list:
    return [c for c in nb.cells if "parameters" in c.get("metadata", {}).get("tags", [])]


def _assigned_names(source: str) -> set[str]:
    import ast

    names: set[str] = set()
    for node in ast.parse(source).body:
        targets = node.targets if isinstance(node, ast.Assign) else [getattr(node, "target", None)]
        names |= {t.id for t in targets if isinstance(t, ast.Name)}
    return names


def test_every_stage_has_its_notebook():
    missing = [nb for nb in STAGE_NOTEBOOKS.values() if not (ROOT / "notebooks" / nb).is_file()]
    assert not missing, f"stage notebooks missing: {missing}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_stripped_and_has_one_parameters_cell(path):
    nb = nbformat.read(path, as_version=4)
    assert nb.metadata.get("kernelspec", {}).get("name") == "python3"
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [], f"{path.name}: outputs not stripped"
            assert cell.execution_count is None, f"{path.name}: execution counts not stripped"
    assert len(_parameters_cells(nb)) == 1, f"{path.name}: needs exactly one cell tagged parameters"


@pytest.mark.parametrize("stage", list(STAGE_NOTEBOOKS))
def test_parameters_cell_holds_only_what_the_runner_injects(stage):
    """One ``params`` mapping and ``pipeline_outputs``: a new key is declared once (the stage's
    parameter object and params.yaml), never re-listed in a notebook."""
    path = ROOT / "notebooks" / STAGE_NOTEBOOKS[stage]
    nb = nbformat.read(path, as_version=4)
    cell = _parameters_cells(nb)[0]
    assert _assigned_names(cell.source) == {"params", "pipeline_outputs"}
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    assert f'open_stage("{stage}", params, pipeline_outputs)' in code


def test_dvc_stages_run_their_notebook_and_depend_on_their_params():
    dvc = yaml.safe_load((ROOT / "dvc.yaml").read_text(encoding="utf-8"))["stages"]
    assert set(dvc) == set(STAGE_NOTEBOOKS)
    for stage, spec in dvc.items():
        assert spec["cmd"] == f"framelab notebook {stage}"
        assert f"notebooks/{STAGE_NOTEBOOKS[stage]}" in spec["deps"]
        assert spec["params"] == [STAGE_SECTIONS[stage]]
        assert f"reports/notebooks/{STAGE_NOTEBOOKS[stage]}" in spec["outs"]
