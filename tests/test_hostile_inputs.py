"""The hostile-input suite: ingest to framing on generated hostile inputs (``hostile_inputs``).

Checks, on one corpus with every hazard at a small scale (the large cases live in
``benchmarks/stress_hostile.py``):

* no stage crashes and every table is written (parquet, JSON, notebook HTML);
* per input, ``articles in == processed + rejected`` at ingest (damaged containers: a reject
  names the damage), and every article of a stage's input ends processed or rejected at clean,
  quotes and dates; each case's own verdicts hold (text is not binary, links are not followed, an
  impossible date is not moved, Arabic presentation forms reach dates, ...);
* a rerun gives byte-identical tables;
* a process killed with SIGKILL while writing a table leaves the previous file readable.
"""

from __future__ import annotations

import faulthandler
import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pandas as pd
import pytest
from hostile_inputs import generate, restore_permissions
from hostile_run import check_case, check_downstream, run_pipeline

HANG_LIMIT_S = 600  # the whole suite; a hang fails the test run instead of blocking CI


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    cases = generate(root, seed=12, variant=0, scale=1)
    yield root, cases
    restore_permissions(root)
    shutil.rmtree(root, ignore_errors=True)


def _inputs(root: Path, cases) -> list[Path]:
    return [root / "inputs", *(p for case in cases for p in case.paths)]


@pytest.fixture(scope="module")
def first_run(corpus):
    root, cases = corpus
    faulthandler.dump_traceback_later(HANG_LIMIT_S, exit=True)
    try:
        outcome, tables = run_pipeline(root, _inputs(root, cases), root / "out-1")
    finally:
        faulthandler.cancel_dump_traceback_later()
    return outcome, tables


def test_no_stage_crashes(first_run):
    outcome, _ = first_run
    assert outcome.crashes == {}


def test_every_input_is_accounted_for_and_judged_right(corpus, first_run):
    root, cases = corpus
    outcome, tables = first_run
    assert tables["articles"]["source_path"].notna().all()
    for case in cases:
        check_case(case, tables, outcome)
    check_downstream(tables, outcome)
    problems = outcome.losses + outcome.verdicts
    assert problems == [], "\n".join(problems)
    assert len(cases) >= 25 and len({c.category for c in cases}) >= 8


def test_names_and_text_that_utf8_cannot_hold_are_stored_escaped(first_run):
    _, tables = first_run
    paths = set(tables["articles"]["source_path"]) | set(tables["ingest_rejects"]["source_path"])
    assert "inputs/names/caf\\xe9.txt" in paths
    assert "inputs/tar-names/names.tar::docs/caf\\xe9-latin1.txt" in paths
    for frame in (tables["articles"], tables["ingest_rejects"]):
        for column in frame.columns:
            for value in frame[column].dropna():
                if isinstance(value, str):
                    value.encode("utf-8")  # never a lone surrogate


def test_a_rerun_writes_identical_tables(corpus, first_run):
    root, cases = corpus
    outcome, _ = run_pipeline(root, _inputs(root, cases), root / "out-2")
    assert outcome.crashes == {}
    first, second = root / "out-1", root / "out-2"
    names = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert names == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    differ = [
        str(n)
        for n in names
        if n.suffix in (".parquet", ".csv")
        and (first / n).read_bytes() != (second / n).read_bytes()
    ]
    assert differ == []


WRITER = textwrap.dedent(
    """
    import sys
    import pandas as pd
    from framelab.io import write_json, write_table

    path, json_path = sys.argv[1], sys.argv[2]
    version = 0
    while True:
        version += 1
        frame = pd.DataFrame({"version": [version] * 400_000, "text": ["x" * 40] * 400_000})
        write_table(frame, path)
        write_json({"version": version, "rows": list(range(200_000))}, json_path)
        print(version, flush=True)
    """
)


def test_a_kill_during_a_write_leaves_the_previous_file_intact(tmp_path):
    target, json_target = tmp_path / "table.parquet", tmp_path / "metrics.json"
    for attempt in range(3):
        proc = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(target), str(json_target)],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert proc.stdout is not None
        proc.stdout.readline()  # one complete version exists
        time.sleep(0.05 + 0.15 * attempt)  # then kill it in the middle of a later write
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        table = pd.read_parquet(target)
        assert len(table) == 400_000 and table["version"].nunique() == 1
        metrics = json.loads(json_target.read_text(encoding="utf-8"))
        assert len(metrics["rows"]) == 200_000
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    assert all(name.startswith(".") for name in leftovers)  # hidden, never the output's name
