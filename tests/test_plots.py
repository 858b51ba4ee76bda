"""``framelab plots``: static figures from the plot files, one offline HTML page."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd

from framelab.plots import plot_specs, write_plots

ROOT = Path(__file__).resolve().parents[1]


def _project(tmp_path: Path) -> Path:
    shutil.copy(ROOT / "dvc.yaml", tmp_path / "dvc.yaml")
    plots = tmp_path / "reports" / "plots"
    plots.mkdir(parents=True)
    pd.DataFrame({"language": ["ar", "en"], "articles": [3, 1]}).to_csv(
        plots / "ingest_languages.csv", index=False
    )
    pd.DataFrame(
        {
            "group": ["left <b>", "left <b>", "صحيفة", "صحيفة"],
            "category": ["past", "future", "past", "future"],
            "label": ["left <b> · past", "left <b> · future", "صحيفة · past", "صحيفة · future"],
            "share": [0.6, 0.4, 0.7, 0.3],
            "low": [0.5, 0.3, 0.6, 0.2],
            "high": [0.7, 0.5, 0.8, 0.4],
        }
    ).to_csv(plots / "framing_temporal_focus.csv", index=False)
    return tmp_path


def test_plots_are_drawn_offline_without_a_cdn(tmp_path: Path) -> None:
    root = _project(tmp_path)
    specs = {s.path.name: (s.x, s.y) for s in plot_specs(root)}
    assert specs == {
        "ingest_languages.csv": ("articles", "language"),
        "framing_temporal_focus.csv": ("share", "label"),
    }
    index = write_plots(root)
    html = index.read_text(encoding="utf-8")
    assert html.count("data:image/png;base64,") == 2
    assert "<script" not in html and "http" not in html  # nothing to fetch
    out = index.parent
    assert (out / "framing_temporal_focus.png").stat().st_size > 1000
    assert (out / "framing_temporal_focus.svg").read_text(encoding="utf-8").startswith("<?xml")


def test_without_dvc_yaml_every_csv_is_drawn(tmp_path: Path) -> None:
    root = _project(tmp_path)
    (root / "dvc.yaml").unlink()
    assert {s.path.name for s in plot_specs(root)} == {
        "ingest_languages.csv",
        "framing_temporal_focus.csv",
    }
    assert write_plots(root, tmp_path / "out").is_file()
