"""Running a stage notebook with papermill, parameters taken from its ``params.yaml`` section.

``framelab notebook clean`` executes ``notebooks/02_clean.ipynb`` into
``reports/notebooks/02_clean.ipynb`` with the top-level keys of ``params.yaml``'s ``clean`` section
injected as papermill parameters. DVC stages call exactly this.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import Any

from .errors import FramelabError
from .progress import PROGRESS_ENV
from .project import project_root, stage_params
from .provenance import record_stage_provenance
from .stage_status import StageRun, mark_report_stale, record_end, record_start

log = logging.getLogger("framelab.notebooks")

STAGE_NOTEBOOKS: dict[str, str] = {
    "ingest": "01_ingest.ipynb",
    "clean": "02_clean.ipynb",
    "annotate": "03_annotate.ipynb",
    "quotes": "04_quotes.ipynb",
    "dates": "05_dates.ipynb",
    "framing": "06_framing.ipynb",
    "report": "07_report.ipynb",
}

# params.yaml section read by each notebook stage (annotate reads `nlp`; the others their own name).
STAGE_SECTIONS: dict[str, str] = {
    **{s: s for s in STAGE_NOTEBOOKS},
    "annotate": "nlp",
    "report": "report",
}


def run_stage_notebook(
    stage: str,
    *,
    root: str | Path | None = None,
    overrides: dict[str, Any] | None = None,
    output_dir: str | Path = "reports/notebooks",
) -> Path:
    """Execute a stage's notebook with its params; returns the executed notebook's path."""
    import papermill as pm

    if stage not in STAGE_NOTEBOOKS:
        raise FramelabError(f"unknown stage {stage!r}; choose from {', '.join(STAGE_NOTEBOOKS)}")
    root = Path(root or project_root())
    src = root / "notebooks" / STAGE_NOTEBOOKS[stage]
    if not src.is_file():
        raise FramelabError(f"{src}: stage notebook not found")
    out = root / output_dir / STAGE_NOTEBOOKS[stage]
    out.parent.mkdir(parents=True, exist_ok=True)
    params = stage_params(STAGE_SECTIONS[stage], root)
    params.update(overrides or {})
    if stage == "ingest":
        _warn_untracked_inputs(root, params)
    run = record_start(root, stage)
    # the kernel inherits the environment: progress bars as throttled text on stderr
    previous = os.environ.get(PROGRESS_ENV)
    os.environ.setdefault(PROGRESS_ENV, "text")
    try:
        pm.execute_notebook(
            str(src),
            str(out),
            parameters=params,
            kernel_name="python3",
            cwd=str(root),
            progress_bar=False,
            # printed summaries, warnings and progress reach the terminal; displayed tables and
            # figures stay in the executed notebook (no table dumps in `dvc repro` logs)
            log_output=False,
            stdout_file=sys.stdout,
            stderr_file=sys.stderr,
        )
    except pm.PapermillExecutionError as err:
        error = (
            f"{src.name} failed in cell {err.exec_count}: {err.ename}: {err.evalue} "
            f"(executed notebook kept at {out})"
        )
        _record_failure(root, run, error)
        raise FramelabError(error) from None
    except BaseException as err:  # interrupted or the kernel died: never leave "running"
        _record_failure(root, run, f"{src.name} did not finish: {type(err).__name__}: {err}")
        raise
    finally:
        if previous is None:
            os.environ.pop(PROGRESS_ENV, None)
    record_stage_provenance(stage, params, root, out)
    record_end(root, run)
    return out


def _warn_untracked_inputs(root: Path, params: dict[str, Any]) -> None:
    """Inputs DVC does not track go stale silently: say so (``framelab deps --write`` fixes it)."""
    from .dvc_deps import missing_input_deps

    for path in missing_input_deps(root, params):
        log.warning(
            "ingest.inputs path %s is not a dependency of the ingest stage in dvc.yaml: `dvc "
            "repro` will not notice edits to it; run `framelab deps --write`",
            path,
        )


def _record_failure(root: Path, run: StageRun, error: str) -> None:
    """The stage's status says failed, and a report from an earlier run says it is stale."""
    record_end(root, run, error)
    mark_report_stale(
        root,
        f"Stage {run.stage} (run started {run.started} UTC) failed after this report was "
        f"made: {error}.",
    )
