"""Stage notebooks: how they are run (papermill, DVC) and how they find params and paths.

``framelab notebook clean`` validates ``params.yaml``'s ``clean`` section (with any ``-p key=value``
overrides) against the stage's parameter object, then executes ``notebooks/02_clean.ipynb`` into
``reports/notebooks/02_clean.ipynb`` with two injected parameters: ``params`` (the section, every
key present) and ``pipeline_outputs=True``. DVC stages call exactly this.

Inside a notebook, :func:`open_stage` turns those two parameters into a :class:`StageRun`: the
typed parameters and where to read inputs and write outputs (paths from
:mod:`framelab.catalog`). Opened interactively (JupyterLab, nothing injected) a notebook reads
``params.yaml`` from the project root and writes its outputs under ``scratch/`` (untracked), so
exploring never overwrites the DVC-tracked outputs. ``$FRAMELAB_PIPELINE_OUTPUTS=1`` (set by the
nbval sandbox) asks an uninjected run to write the pipeline's outputs.
"""

from __future__ import annotations

import logging
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import catalog
from .errors import FramelabError
from .params import as_mapping, validate_section
from .progress import PROGRESS_ENV
from .project import project_root, resolve, stage_params
from .provenance import record_stage_provenance
from .stage_status import StageRun as StatusRecord
from .stage_status import mark_report_stale, record_end, record_start

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
STAGE_SECTIONS: dict[str, str] = {**{s: s for s in STAGE_NOTEBOOKS}, "annotate": "nlp"}

PIPELINE_OUTPUTS_ENV = "FRAMELAB_PIPELINE_OUTPUTS"
SCRATCH_DIR = "scratch"


@dataclass(frozen=True)
class StageRun:
    """One run of a stage notebook: its typed parameters and where its files are."""

    stage: str
    root: Path
    params: Any
    output_root: Path

    @property
    def writes_pipeline_outputs(self) -> bool:
        return self.output_root == self.root

    def input(self, name: str) -> Path:
        """A catalog entry as the pipeline wrote it (an upstream stage's output)."""
        return catalog.path(name, self.root)

    def output(self, name: str) -> Path:
        """Where this run writes (or reads back) its own catalog entry ``name``."""
        return catalog.path(name, self.output_root)

    def user_path(self, value: str | None) -> str | None:
        """A path given in the parameters (a lexicon folder, ...) made absolute; None stays None."""
        return str(resolve(value, self.root)) if value else None


def stage_section(
    stage: str, overrides: dict[str, Any] | None = None, root: str | Path | None = None
) -> dict[str, Any]:
    """The validated ``params.yaml`` section of ``stage`` (overrides applied), every key present;
    unknown keys and bad values raise :class:`framelab.params.ParamsError`."""
    section = STAGE_SECTIONS[_known_stage(stage)]
    values = {**stage_params(section, root), **(overrides or {})}
    return as_mapping(validate_section(section, values))


def open_stage(
    stage: str, params: dict[str, Any] | None = None, pipeline_outputs: bool | None = None
) -> StageRun:
    """What a stage notebook's first code cell calls with its two parameters.

    ``params`` None (nothing injected): the stage's section of the project's ``params.yaml``.
    ``pipeline_outputs`` None: write the pipeline's outputs only if ``$FRAMELAB_PIPELINE_OUTPUTS``
    is ``1``, else under ``<root>/scratch/``."""
    root = project_root()
    section = STAGE_SECTIONS[_known_stage(stage)]
    values = stage_params(section, root) if params is None else params
    typed = validate_section(section, values)
    if pipeline_outputs is None:
        pipeline_outputs = os.environ.get(PIPELINE_OUTPUTS_ENV) == "1"
    output_root = root if pipeline_outputs else root / SCRATCH_DIR
    return StageRun(stage, root, typed, output_root)


def _known_stage(stage: str) -> str:
    if stage not in STAGE_NOTEBOOKS:
        raise FramelabError(f"unknown stage {stage!r}; choose from {', '.join(STAGE_NOTEBOOKS)}")
    return stage


def run_stage_notebook(
    stage: str,
    *,
    root: str | Path | None = None,
    overrides: dict[str, Any] | None = None,
    output_dir: str | Path = "reports/notebooks",
) -> Path:
    """Execute a stage's notebook with its params; returns the executed notebook's path.

    The parameters are validated before papermill starts (a misspelt ``-p`` key is an error)."""
    import papermill as pm

    root = Path(root or project_root())
    src = root / "notebooks" / STAGE_NOTEBOOKS[_known_stage(stage)]
    if not src.is_file():
        raise FramelabError(f"{src}: stage notebook not found")
    params = stage_section(stage, overrides, root)
    out = root / output_dir / STAGE_NOTEBOOKS[stage]
    out.parent.mkdir(parents=True, exist_ok=True)
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
            parameters={"params": params, "pipeline_outputs": True},
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


def _record_failure(root: Path, run: StatusRecord, error: str) -> None:
    """The stage's status says failed, and a report from an earlier run says it is stale."""
    record_end(root, run, error)
    mark_report_stale(
        root,
        f"Stage {run.stage} (run started {run.started} UTC) failed after this report was "
        f"made: {error}.",
    )
