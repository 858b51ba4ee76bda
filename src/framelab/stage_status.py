"""Each stage's last run, recorded by the stage runner: ``reports/status/<stage>.json``.

``framelab notebook STAGE`` (what ``dvc repro`` calls) writes ``running`` when it starts and
``ok`` or ``failed`` (with the one-line error) when it ends, atomically. ``framelab summary``
reads them, so a failed stage shows as failed even when an older run's outputs are still on
disk. When a stage fails, the report left from an earlier run gets a banner saying it is stale
(:func:`mark_report_stale`), so it never looks current.

The status files are not DVC outputs: they describe runs, not results.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .display import html_text
from .io import write_json, write_text

STATUS_DIR = "reports/status"
REPORT_PATH = "reports/report.html"
STATES = ("running", "ok", "failed")

STALE_START = "<!--framelab:stale-->"
STALE_END = "<!--/framelab:stale-->"
_STALE_BLOCK = re.compile(re.escape(STALE_START) + ".*?" + re.escape(STALE_END), re.S)


@dataclass(frozen=True)
class StageRun:
    """One stage's last recorded run."""

    stage: str
    state: str  # running | ok | failed
    started: str  # ISO 8601 UTC
    finished: str | None = None
    error: str | None = None

    @property
    def finished_at(self) -> dt.datetime | None:
        return parse_time(self.finished) if self.finished else None

    @property
    def started_at(self) -> dt.datetime | None:
        return parse_time(self.started)


def now_iso() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


def parse_time(text: str) -> dt.datetime | None:
    try:
        value = dt.datetime.fromisoformat(text)
    except (TypeError, ValueError):
        return None
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def status_path(root: str | Path, stage: str) -> Path:
    return Path(root) / STATUS_DIR / f"{stage}.json"


def record_start(root: str | Path, stage: str) -> StageRun:
    run = StageRun(stage=stage, state="running", started=now_iso())
    _write(root, run)
    return run


def record_end(root: str | Path, run: StageRun, error: str | None = None) -> StageRun:
    """Record the end of ``run``: ``ok`` without ``error``, else ``failed`` with it."""
    done = StageRun(
        stage=run.stage,
        state="failed" if error else "ok",
        started=run.started,
        finished=now_iso(),
        error=error,
    )
    _write(root, done)
    return done


def _write(root: str | Path, run: StageRun) -> None:
    write_json(
        {
            "stage": run.stage,
            "state": run.state,
            "started": run.started,
            "finished": run.finished,
            "error": run.error,
        },
        status_path(root, run.stage),
    )


def read_status(root: str | Path, stage: str) -> StageRun | None:
    """The stage's last recorded run (None when never run by the runner or unreadable)."""
    try:
        data: dict[str, Any] = json.loads(status_path(root, stage).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("state") not in STATES:
        return None
    return StageRun(
        stage=stage,
        state=str(data["state"]),
        started=str(data.get("started") or ""),
        finished=data.get("finished"),
        error=data.get("error"),
    )


def mark_report_stale(root: str | Path, reason: str) -> bool:
    """Put a banner at the top of an existing report saying it is stale and why (replacing an
    earlier banner); returns whether there was a report to mark."""
    path = Path(root) / REPORT_PATH
    if not path.is_file():
        return False
    document = _STALE_BLOCK.sub("", path.read_text(encoding="utf-8"))
    banner = (
        f"{STALE_START}<div role='alert' style='background:#fde2e1;border:2px solid #b3261e;"
        "padding:.6em 1em;margin:1em 0;color:#5c0b07'><strong>Stale report.</strong> "
        f"{html_text(reason)} The figures and tables below come from an earlier run and do not "
        f"describe the current inputs.</div>{STALE_END}"
    )
    head, sep, rest = document.partition("<body>")
    document = head + sep + banner + rest if sep else banner + document
    write_text(document, path)
    return True


def is_marked_stale(root: str | Path) -> bool:
    path = Path(root) / REPORT_PATH
    try:
        return STALE_START in path.read_text(encoding="utf-8")
    except OSError:
        return False
