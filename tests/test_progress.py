"""Progress bars: throttled text on stderr under the stage runner, none where not wanted."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from framelab.progress import INTERVAL_ENV, PROGRESS_ENV, progress_bar


def test_runner_mode_draws_a_throttled_text_bar_on_stderr(monkeypatch, capsys) -> None:
    monkeypatch.setenv(PROGRESS_ENV, "text")
    monkeypatch.setenv(INTERVAL_ENV, "3600")
    with progress_bar(total=500, desc="demo") as bar:
        for _ in range(500):
            bar.update(1)
    err = capsys.readouterr().err
    assert "demo: 100%" in err and "500/500" in err
    assert err.count("\r") <= 3  # first draw, final draw: a long run's log stays small


def test_unthrottled_draws_every_update(monkeypatch, capsys) -> None:
    monkeypatch.setenv(PROGRESS_ENV, "text")
    monkeypatch.setenv(INTERVAL_ENV, "0")
    with progress_bar(total=20, desc="demo") as bar:
        for _ in range(20):
            bar.update(1)
    assert capsys.readouterr().err.count("\r") >= 20


def test_off_outside_a_terminal_and_when_disabled(monkeypatch, capsys) -> None:
    monkeypatch.delenv(PROGRESS_ENV, raising=False)
    with progress_bar(total=5, desc="quiet") as bar:  # pytest's stderr is not a terminal
        bar.update(5)
    monkeypatch.setenv(PROGRESS_ENV, "text")
    with progress_bar(total=5, desc="off", enabled=False) as bar:
        bar.update(5)
    assert capsys.readouterr().err == ""


def test_dates_stage_reports_progress(monkeypatch, capsys) -> None:
    from framelab.dates import run_dates

    monkeypatch.setenv(PROGRESS_ENV, "text")
    clean = pd.DataFrame(
        {
            "article_id": ["a1", "a2"],
            "language": ["en", "en"],
            "published": ["2021-05-04", None],
            "text": ["The talks resumed on Monday.", "Nothing dated here."],
        }
    )
    result = run_dates(clean, languages=["en"])
    assert result.n_processed == 2
    assert "dates: 100%" in capsys.readouterr().err


def test_runner_forwards_prints_and_progress_not_displayed_tables(tmp_path: Path, capsys) -> None:
    pytest.importorskip("papermill")
    import nbformat

    from framelab.notebooks import run_stage_notebook

    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "language": "python", "display_name": "Py"}
    nb.cells = [
        nbformat.v4.new_code_cell("n = 3", metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell(
            "import pandas as pd\n"
            "from framelab.progress import progress_bar\n"
            "with progress_bar(total=n, desc='steps') as bar:\n"
            "    for _ in range(n):\n"
            "        bar.update(1)\n"
            "print('summary: 3 steps')\n"
            "pd.DataFrame({'column_in_a_table': range(40)})"
        ),
    ]
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "params.yaml").write_text("dates: {}\n", encoding="utf-8")
    nbformat.write(nb, tmp_path / "notebooks" / "05_dates.ipynb")
    run_stage_notebook("dates", root=tmp_path)
    captured = capsys.readouterr()
    assert "summary: 3 steps" in captured.out
    assert "steps: 100%" in captured.err
    assert "column_in_a_table" not in captured.out + captured.err


def test_annotate_bar_knows_the_total_up_front(tmp_path: Path, monkeypatch, capsys) -> None:
    from framelab.nlp import annotate_articles

    monkeypatch.setenv(PROGRESS_ENV, "text")
    monkeypatch.setenv(INTERVAL_ENV, "0")
    clean = pd.DataFrame(
        {
            "article_id": ["n1", "n2", "n3"],
            "language": ["en"] * 3,
            "text": ["An invented line."] * 3,
        }
    )
    params = {"models_dir": str(tmp_path / "no-models"), "cache_dir": None, "languages": ["en"]}
    pieces = iter([clean.iloc[:2], clean.iloc[2:]])  # streamed: the length is not visible
    summary = annotate_articles(
        pieces,
        params,
        tmp_path / "tokens",
        tmp_path / "entities",
        tmp_path / "status.parquet",
        total=3,
    )
    assert summary["n_skipped"] == 3
    err = capsys.readouterr().err
    assert "0/3" in err and "3/3" in err and "1/1" not in err and "1/2" not in err
