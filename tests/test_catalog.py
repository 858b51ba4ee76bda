"""The data catalog is the one place output paths and table schemas are declared."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from framelab import catalog
from framelab.notebooks import STAGE_NOTEBOOKS

ROOT = Path(__file__).resolve().parents[1]


def _dvc_outputs(spec: dict) -> set[str]:
    paths = set(spec.get("outs", []))
    for key in ("metrics", "plots"):
        for item in spec.get(key, []):
            paths |= set(item) if isinstance(item, dict) else {item}
    return paths


def test_dvc_yaml_outputs_are_the_catalog():
    stages = yaml.safe_load((ROOT / "dvc.yaml").read_text(encoding="utf-8"))["stages"]
    assert set(stages) == set(STAGE_NOTEBOOKS)
    for stage, spec in stages.items():
        declared = {e.path for e in catalog.stage_entries(stage)}
        assert _dvc_outputs(spec) == declared, f"dvc.yaml stage {stage} vs the catalog"


def test_every_table_names_its_producers_schema():
    for entry in catalog.ENTRIES:
        assert entry.kind in catalog.KINDS
        if entry.kind == "table" or entry.schema:
            schema = catalog.schema(entry.name)
            assert schema and all(isinstance(t, str) for t in schema.values()), entry.name


def test_unknown_names_are_clear():
    with pytest.raises(KeyError, match="no catalog entry 'clean_table'"):
        catalog.path("clean_table")
    assert catalog.path("quotes", "/x") == Path("/x/data/processed/quotes.parquet")


def test_a_notebook_run_interactively_writes_to_scratch(tmp_path, monkeypatch, make_table):
    """Nothing injected (JupyterLab): params.yaml is read and data/processed is left alone."""
    import papermill as pm

    from framelab.io import write_table

    shutil.copy2(ROOT / "params.yaml", tmp_path / "params.yaml")
    clean = make_table(
        "clean",
        [
            {
                "text": "The council met on 4 March 2024 and will vote next week.",
                "language": "en",
                "outlet": "Harbour Gazette",
                "published": "2024-03-05",
            }
        ],
    )
    processed = tmp_path / "data/processed"
    write_table(clean, processed / "clean.parquet")
    before = {p: p.stat().st_mtime_ns for p in processed.rglob("*")}
    monkeypatch.setenv("FRAMELAB_PROJECT_ROOT", str(tmp_path))
    monkeypatch.delenv("FRAMELAB_PIPELINE_OUTPUTS", raising=False)
    monkeypatch.setenv("MPLBACKEND", "Agg")
    pm.execute_notebook(
        str(ROOT / "notebooks/05_dates.ipynb"),
        str(tmp_path / "executed.ipynb"),
        kernel_name="python3",
        cwd=str(tmp_path),
        progress_bar=False,
    )
    after = {p: p.stat().st_mtime_ns for p in processed.rglob("*")}
    assert after == before, "the interactive run touched data/processed"
    assert not (tmp_path / "reports").exists()
    timexes = tmp_path / "scratch" / catalog.entry("timexes").path
    assert timexes.is_file() and (tmp_path / "scratch/reports/metrics/dates.json").is_file()


def test_producers_write_their_declared_schema(make_table):
    from framelab.clean import clean_articles
    from framelab.dates import run_dates
    from framelab.quotes import run_quotes

    articles = make_table(
        "articles",
        [
            {
                "raw": "Mayor Lena Ortiz said: “The bridge opens on 2 May 2025.”",
                "raw_format": "text",
                "language": "en",
                "outlet": "Riverside Post",
                "published": "2025-04-20",
                "source_path": "riverside/1.txt",
            }
        ],
    )
    cleaned = clean_articles(articles)
    assert list(cleaned.clean.columns) == list(catalog.schema("clean"))
    assert list(cleaned.rejects.columns) == list(catalog.schema("clean_rejects"))
    quotes = run_quotes(cleaned.clean)
    assert list(quotes.quotes.columns) == list(catalog.schema("quotes")) and len(quotes.quotes)
    timexes = run_dates(cleaned.clean).timexes
    assert list(timexes.columns) == list(catalog.schema("timexes")) and len(timexes)


def test_consumers_read_only_columns_their_producers_declare():
    from framelab.framing import inputs

    for consumed, table in (
        (inputs.CLEAN_COLUMNS, "clean"),
        (inputs.QUOTE_COLUMNS, "quotes"),
        (inputs.TIMEX_COLUMNS, "timexes"),
        (inputs.TOKEN_COLUMNS, "tokens"),
    ):
        produced = catalog.schema(table)
        assert consumed and all(produced[c] == t for c, t in consumed.items()), table
