"""``framelab summary``: each stage's real state, what failed, what is stale, and where things are.

A stage is

* ``missing``: an output is absent (never run, or removed by a run that failed);
* ``failed``: its last run (``reports/status/<stage>.json``, written by ``framelab notebook``)
  failed or never finished, after its outputs were written;
* ``stale``: an input (the files under ``ingest.inputs``, an upstream stage's outputs) is newer
  than its oldest output, its ``params.yaml`` section differs from the one ``dvc.lock`` recorded,
  or a stage upstream is missing, failed or stale;
* ``ok`` otherwise.

It reads files only (mtimes, the status files, ``dvc.lock``), so it is instant and works in a
scratch project without DVC. ``dvc status`` remains the authority on code changes.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .notebooks import STAGE_SECTIONS
from .project import load_params, project_root, resolve
from .stage_status import StageRun, is_marked_stale, read_status

MTIME_SLACK = 1.0  # seconds: file systems with coarse timestamps


@dataclass(frozen=True)
class StageFiles:
    """A stage's data inputs (upstream outputs; ingest: its ``inputs`` param) and outputs."""

    name: str
    inputs: tuple[str, ...]
    outputs: tuple[str, ...]
    metrics: str = ""
    upstream: tuple[str, ...] = ()


STAGES: tuple[StageFiles, ...] = (
    StageFiles(
        "ingest",
        (),
        ("data/interim/articles.parquet", "data/interim/ingest_rejects.parquet"),
        "reports/metrics/ingest.json",
    ),
    StageFiles(
        "clean",
        ("data/interim/articles.parquet",),
        ("data/processed/clean.parquet", "data/processed/clean_audit.parquet"),
        "reports/metrics/clean.json",
        ("ingest",),
    ),
    StageFiles(
        "annotate",
        ("data/processed/clean.parquet",),
        (
            "data/processed/tokens",
            "data/processed/entities",
            "data/processed/annotate_status.parquet",
        ),
        "reports/metrics/annotate.json",
        ("clean",),
    ),
    StageFiles(
        "quotes",
        ("data/processed/clean.parquet", "data/processed/tokens", "data/processed/entities"),
        ("data/processed/quotes.parquet",),
        "reports/metrics/quotes.json",
        ("clean", "annotate"),
    ),
    StageFiles(
        "dates",
        ("data/processed/clean.parquet",),
        ("data/processed/timexes.parquet",),
        "reports/metrics/dates.json",
        ("clean",),
    ),
    StageFiles(
        "framing",
        (
            "data/processed/clean.parquet",
            "data/processed/quotes.parquet",
            "data/processed/timexes.parquet",
            "data/processed/tokens",
        ),
        ("data/processed/framing",),
        "reports/metrics/framing.json",
        ("clean", "annotate", "quotes", "dates"),
    ),
    StageFiles(
        "report",
        ("data/processed/framing", "reports/metrics/framing.json"),
        ("reports/report.html",),
        "",
        ("framing",),
    ),
)


@dataclass
class StageState:
    name: str
    state: str  # ok | stale | failed | missing
    reasons: list[str] = field(default_factory=list)
    outputs_time: float | None = None
    run: StageRun | None = None
    metrics: dict[str, Any] | None = None


# ---------------------------------------------------------------- file times
def newest_mtime(path: Path) -> float | None:
    """The newest modification time of a file, or of any file under a folder (None if absent)."""
    if path.is_file():
        return path.stat().st_mtime
    if not path.is_dir():
        return None
    times = [
        t for folder, _, files in os.walk(path) for f in files if (t := _mtime(Path(folder) / f))
    ]
    return max(times, default=path.stat().st_mtime)  # an empty folder: its own time


def _mtime(path: Path) -> float | None:
    try:
        return path.stat().st_mtime
    except OSError:
        return None


def _stamp(seconds: float | None) -> str:
    if seconds is None:
        return "?"
    return dt.datetime.fromtimestamp(seconds, dt.UTC).strftime("%Y-%m-%d %H:%M UTC")


# ---------------------------------------------------------------- one stage
def stage_inputs(stage: StageFiles, root: Path, params: dict[str, Any]) -> list[Path]:
    """The files a stage reads: its upstream outputs; ingest: every path in ``ingest.inputs``."""
    if stage.name == "ingest":
        inputs = (params.get("ingest") or {}).get("inputs") or ["data/raw"]
        return [resolve(p, root) for p in inputs]
    return [root / p for p in stage.inputs]


def _params_changed(stage: str, root: Path, params: dict[str, Any]) -> bool:
    """Whether the stage's params.yaml section differs from the one in ``dvc.lock``."""
    lock = root / "dvc.lock"
    if not lock.is_file():
        return False
    try:
        locked = yaml.safe_load(lock.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError):
        return False
    entry = (locked.get("stages") or {}).get(stage) or {}
    recorded = (entry.get("params") or {}).get("params.yaml")
    if recorded is None:
        return False
    section = STAGE_SECTIONS[stage]
    current = params.get(section) or {}
    was = recorded.get(section, {k.split(".", 1)[1]: v for k, v in recorded.items() if "." in k})
    return was != current


def assess_stage(
    stage: StageFiles, root: Path, params: dict[str, Any], upstream: dict[str, StageState]
) -> StageState:
    """The state of one stage, given the states of the stages before it."""
    run = read_status(root, stage.name)
    metrics = _load_json(root / stage.metrics) if stage.metrics else None
    outputs = [root / o for o in stage.outputs]
    missing = [o for o, p in zip(stage.outputs, outputs, strict=True) if newest_mtime(p) is None]
    times = [newest_mtime(p) for p in outputs]
    outputs_time = min((t for t in times if t is not None), default=None)
    state = StageState(stage.name, "ok", [], outputs_time, run, metrics)
    if run is not None and run.state != "ok":
        state.state = "failed"
        state.reasons.append(_run_problem(run))
    if missing:
        if state.state != "failed":
            state.state = "missing"
        state.reasons.append(f"missing: {', '.join(missing)}")
        return state
    if state.state == "failed" and not _outputs_newer_than_run(outputs_time, run):
        return state
    if state.state == "failed":  # outputs written after the failure (e.g. by hand or nbval)
        state.state = "ok"
        state.reasons.clear()
    _check_staleness(state, stage, root, params, upstream)
    return state


def _run_problem(run: StageRun) -> str:
    if run.state == "running":
        return f"last run started {run.started} UTC and has not finished (running, or interrupted)"
    return f"last run failed ({run.finished} UTC): {run.error}"


def _outputs_newer_than_run(outputs_time: float | None, run: StageRun | None) -> bool:
    started = run.started_at if run else None
    return outputs_time is not None and started is not None and outputs_time > started.timestamp()


def _check_staleness(
    state: StageState,
    stage: StageFiles,
    root: Path,
    params: dict[str, Any],
    upstream: dict[str, StageState],
) -> None:
    for name in stage.upstream:
        before = upstream.get(name)
        if before is not None and before.state != "ok":
            state.state = "stale"
            state.reasons.append(f"upstream {name} is {before.state}")
    newer = [
        str(p.relative_to(root)) if p.is_relative_to(root) else str(p)
        for p in stage_inputs(stage, root, params)
        if (t := newest_mtime(p)) is not None
        and state.outputs_time is not None
        and t > state.outputs_time + MTIME_SLACK
    ]
    if newer:
        state.state = "stale"
        state.reasons.append(
            f"inputs newer than its outputs ({_stamp(state.outputs_time)}): {', '.join(newer[:3])}"
        )
    if _params_changed(stage.name, root, params):
        state.state = "stale"
        state.reasons.append(f"params.yaml {STAGE_SECTIONS[stage.name]} changed since dvc.lock")


def assess_pipeline(root: str | Path | None = None) -> list[StageState]:
    """Every stage's state, in pipeline order."""
    root = Path(root or project_root())
    params = load_params(root)
    states: dict[str, StageState] = {}
    for stage in STAGES:
        states[stage.name] = assess_stage(stage, root, params, states)
    return list(states.values())


# ---------------------------------------------------------------- text
def _load_json(path: Path) -> dict[str, Any] | None:
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return value if isinstance(value, dict) else None


def _headline(metrics: dict[str, Any]) -> str:
    """The scalar metrics of a stage as ``key=value`` pairs (nested dicts are left out)."""
    items = [
        f"{k}={v:.3g}" if isinstance(v, float) else f"{k}={v}"
        for k, v in metrics.items()
        if isinstance(v, (int, float, str))
    ]
    return ", ".join(items[:8])


def _stage_lines(state: StageState) -> Iterable[str]:
    label = state.state.upper() if state.state != "ok" else "ok"
    when = f"outputs {_stamp(state.outputs_time)}" if state.outputs_time else ""
    yield f"- {state.name:<9} [{label}] {when}".rstrip()
    for reason in state.reasons:
        yield f"    {reason}"
    if state.metrics and state.state == "ok":
        yield f"    {_headline(state.metrics)}"


def summarise(root: str | Path | None = None) -> str:
    root = Path(root or project_root())
    states = assess_pipeline(root)
    lines = [f"framelab pipeline in {root}"]
    for state in states:
        lines.extend(_stage_lines(state))
    lines.extend(_notes(root, states))
    lines.append(
        "executed notebooks: reports/notebooks/ ; metrics: `dvc metrics show` ; "
        "plots: `framelab plots` ; last runs: reports/status/"
    )
    return "\n".join(lines)


def _notes(root: Path, states: list[StageState]) -> Iterable[str]:
    by_name = {s.name: s for s in states}
    report = by_name["report"]
    if report.state != "ok" and (root / "reports/report.html").is_file():
        marked = " (it carries a stale banner)" if is_marked_stale(root) else ""
        yield (
            f"warning: reports/report.html is from an earlier run and does not describe the "
            f"current inputs{marked}; rerun `dvc repro` after fixing the failure"
        )
    ingest = by_name["ingest"].metrics or {}
    sample = ingest.get("sample") or {}
    if sample.get("sampled"):
        yield (
            f"note: ingest kept a sample: {sample.get('description')} "
            f"({sample.get('n_after')} of {sample.get('n_before')} articles)"
        )
    annotate = by_name["annotate"].metrics or {}
    if annotate and not annotate.get("n_annotated", 0) and not annotate.get("n_cached", 0):
        yield (
            "note: no Stanza annotations were made (no models found); quotes and framing used the "
            "rule-based path. Install models with `framelab models download ar en` and set "
            "nlp.models_dir in params.yaml to use parses."
        )


def has_problems(states: list[StageState]) -> bool:
    return any(s.state != "ok" for s in states)
