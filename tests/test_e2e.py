"""End to end: `dvc repro` on the bundled sample in a temporary copy of the project.

Runs with no Stanza models and no network (the fresh-machine case): every stage must still run,
the rule-based paths stand on their own, and the summary says so. Then checks DVC's contract:
a second `dvc repro` does nothing, and changing one parameter reruns only what depends on it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from framelab import catalog

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent

pytestmark = pytest.mark.e2e


def _run(cmd: list[str], cwd: Path, env: dict[str, str]) -> str:
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, f"{' '.join(cmd)} failed:\n{out[-4000:]}"
    return out


@pytest.fixture(scope="module")
def project_copy(tmp_path_factory):
    dest = tmp_path_factory.mktemp("e2e") / "project"
    files = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    for rel in files:
        src = ROOT / rel
        if src.is_file() and not rel.startswith(
            (".venv/", "data/interim/", "data/processed/", "reports/")
        ):
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / rel)
    home = dest.parent / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FRAMELAB_", "STANZA_"))}
    env.update(
        PATH=f"{BIN}{os.pathsep}{env.get('PATH', '')}",
        HOME=str(home),  # no ~/stanza_resources: the no-models case
        STANZA_RESOURCES_DIR=str(home / "no-stanza-models"),
        DVC_NO_ANALYTICS="1",
        MPLBACKEND="Agg",
        OMP_NUM_THREADS="1",
        GIT_AUTHOR_NAME="t",
        GIT_AUTHOR_EMAIL="t@example.org",
        GIT_COMMITTER_NAME="t",
        GIT_COMMITTER_EMAIL="t@example.org",
    )
    _run(["git", "init", "-q"], dest, env)
    _run(["git", "add", "-A"], dest, env)
    _run(["git", "commit", "-qm", "copy"], dest, env)
    first = _run([str(BIN / "dvc"), "repro"], dest, env)
    return dest, env, first


def test_repro_produces_every_output(project_copy):
    dest, env, _ = project_copy
    for entry in catalog.ENTRIES:
        assert catalog.path(entry.name, dest).exists(), f"{entry.path} not produced"
    for entry in (e for e in catalog.ENTRIES if e.kind == "metrics"):
        assert json.loads(catalog.path(entry.name, dest).read_text())


def test_nothing_lost_and_rule_path_on_the_seed(project_copy):
    dest, env, _ = project_copy
    articles = pd.read_parquet(dest / "data/interim/articles.parquet")
    rejects = pd.read_parquet(dest / "data/interim/ingest_rejects.parquet")
    assert len(articles) + len(rejects) == 1
    row = articles.iloc[0]
    assert (
        row["language"] == "ar"
        and row["published"] == "2023-11-28"
        and row["outlet"].lower() == "turan"
    )
    status = pd.read_parquet(dest / "data/processed/annotate_status.parquet")
    assert status["status"].tolist() == ["skipped"] and status["reason"].str.len().gt(0).all()
    quotes = pd.read_parquet(dest / "data/processed/quotes.parquet")
    assert len(quotes) >= 15 and set(quotes["method"]) == {"rules"}
    clean = pd.read_parquet(dest / "data/processed/clean.parquet")
    text = clean.iloc[0]["text"]
    assert all(0 <= s < e <= len(text) for s, e in zip(quotes["start"], quotes["end"], strict=True))
    timexes = pd.read_parquet(dest / "data/processed/timexes.parquet")
    assert {"2023-11-27", "2023-11-15", "P44D"} <= set(timexes["value"])
    summary = _run([str(BIN / "framelab"), "summary"], dest, env)
    assert "rule-based" in summary


def test_second_repro_does_nothing(project_copy):
    dest, env, _ = project_copy
    out = _run([str(BIN / "dvc"), "repro"], dest, env)
    assert "Running stage" not in out


def test_editing_the_report_reruns_only_the_report(project_copy):
    """The framing stage (and its bootstrap) does not depend on the report's code."""
    dest, env, _ = project_copy
    html = dest / "src/framelab/report/html.py"
    html.write_text(html.read_text(encoding="utf-8") + "\n# a CSS edit\n", encoding="utf-8")
    out = _run([str(BIN / "dvc"), "repro"], dest, env)
    assert "Running stage 'report'" in out
    assert "Running stage 'framing'" not in out


def test_changing_a_clean_param_reruns_only_downstream(project_copy):
    dest, env, _ = project_copy
    out = _run([str(BIN / "dvc"), "exp", "run", "-S", "clean.dedup_threshold=0.85"], dest, env)
    assert "Running stage 'ingest'" not in out
    assert "Running stage 'clean'" in out


def test_with_stanza_models_the_parse_path_is_used(project_copy):
    """Pointing nlp.models_dir at a stanza.download-style folder (here the small test models)
    annotates the seed and lets the quote stage use the parse."""
    from shared_data import need_shared

    models = need_shared("stanza", "resources.json").parent
    dest, env, _ = project_copy
    out = _run([str(BIN / "dvc"), "exp", "run", "-S", f"nlp.models_dir={models}"], dest, env)
    assert "Running stage 'annotate'" in out and "Running stage 'clean'" not in out
    status = pd.read_parquet(dest / "data/processed/annotate_status.parquet")
    assert status["status"].tolist() == ["annotated"]
    tokens = pd.read_parquet(dest / "data/processed/tokens")
    text = pd.read_parquet(dest / "data/processed/clean.parquet").iloc[0]["text"]
    assert len(tokens) > 300
    sample = tokens.drop_duplicates(["sentence", "token"]).head(50)
    assert all(
        text[s:e].strip() for s, e in zip(sample["start_char"], sample["end_char"], strict=True)
    )
    quotes = pd.read_parquet(dest / "data/processed/quotes.parquet")
    assert len(quotes) >= 15 and "parse" in set(quotes["method"])


# ------------------------------------------------------------------ the workflow
def _set_params(dest: Path, section: str, **values) -> None:
    import yaml

    path = dest / "params.yaml"
    params = yaml.safe_load(path.read_text(encoding="utf-8"))
    params[section].update(values)
    path.write_text(yaml.safe_dump(params, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _run_status(cmd: list[str], cwd: Path, env: dict[str, str]) -> tuple[int, str]:
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    return proc.returncode, proc.stdout + proc.stderr


def test_report_has_a_provenance_block(project_copy):
    dest, _, _ = project_copy
    html = (dest / "reports/report.html").read_text(encoding="utf-8")
    section = html[html.index("<h2>Provenance</h2>") :]
    assert "data/raw" in section and "sha256" in section
    assert "actors_codebook" in section and "data/codebooks/" in section
    assert "no models: rule path" in section or "TEST MODELS" in section
    assert "framelab</dt><dd>0." in section
    metrics = json.loads((dest / "reports/metrics/ingest.json").read_text(encoding="utf-8"))
    assert metrics["provenance"]["inputs"][0]["path"] == "data/raw"


def test_sample_twice_reruns_nothing_and_a_new_seed_reruns_ingest(project_copy):
    dest, env, _ = project_copy
    _set_params(dest, "ingest", sample={"n": 1, "seed": 1})
    first = _run([str(BIN / "dvc"), "repro"], dest, env)
    assert "Running stage 'ingest'" in first
    again = _run([str(BIN / "dvc"), "repro"], dest, env)
    assert "Running stage" not in again
    _set_params(dest, "ingest", sample={"n": 1, "seed": 2})
    reseeded = _run([str(BIN / "dvc"), "repro"], dest, env)
    assert "Running stage 'ingest'" in reseeded
    metrics = json.loads((dest / "reports/metrics/ingest.json").read_text(encoding="utf-8"))
    assert metrics["sample"]["seed"] == 2 and metrics["n_articles_out"] == 1


def test_editing_an_input_outside_data_raw_reruns_ingest_and_downstream(project_copy):
    dest, env, _ = project_copy
    outside = dest.parent / "outside-news"
    outside.mkdir(exist_ok=True)
    story = outside / "harbour.txt"
    story.write_text(
        "The harbour council approved the new ferry timetable on Tuesday, officials said.\n",
        encoding="utf-8",
    )
    _set_params(dest, "ingest", inputs=["data/raw", "../outside-news"], sample=None)
    _run([str(BIN / "framelab"), "deps", "--write"], dest, env)
    _run([str(BIN / "dvc"), "repro"], dest, env)
    assert "Running stage" not in _run([str(BIN / "dvc"), "repro"], dest, env)
    story.write_text(story.read_text(encoding="utf-8") + "A second line was added.\n")
    out = _run([str(BIN / "dvc"), "repro"], dest, env)
    assert "Running stage 'ingest'" in out and "Running stage 'clean'" in out


def test_a_failed_stage_shows_as_failed_and_the_report_says_it_is_stale(project_copy):
    dest, env, _ = project_copy
    _set_params(dest, "framing", group_by="no_such_key")
    code, out = _run_status([str(BIN / "dvc"), "repro"], dest, env)
    assert code != 0 and "no_such_key" in out
    summary = _run([str(BIN / "framelab"), "summary"], dest, env)
    assert "- framing   [FAILED]" in summary and "no_such_key" in summary
    assert "- report    [STALE]" in summary
    assert "Stale report." in (dest / "reports/report.html").read_text(encoding="utf-8")
    _set_params(dest, "framing", group_by="outlet")
    _run([str(BIN / "dvc"), "repro"], dest, env)
    summary = _run([str(BIN / "framelab"), "summary"], dest, env)
    assert "FAILED" not in summary and "STALE" not in summary, summary
    assert "Stale report." not in (dest / "reports/report.html").read_text(encoding="utf-8")
