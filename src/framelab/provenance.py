"""What produced a result: inputs and their hashes, parameters, codebooks, models, versions, time.

One module for the metrics JSON of every stage, the executed notebooks and the report:

* :func:`stage_provenance` -- one stage's block (its effective parameters, the run time, the
  environment, and what the stage itself depends on: ingest its inputs with sha256, framing its
  codebooks with sha256, annotate its Stanza models). The stage runner (``framelab notebook``)
  adds it to the stage's metrics JSON under ``provenance`` and to the executed notebook's
  metadata (``metadata.framelab.provenance``).
* :func:`pipeline_provenance` -- the blocks of all stages read back from the metrics, with the
  article counts in and out, for the report's "Provenance" section.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import platform
import subprocess
from collections.abc import Mapping
from importlib import metadata
from pathlib import Path
from typing import Any

from .project import resolve

LIBRARIES = ("pandas", "numpy", "pyarrow", "stanza", "torch", "matplotlib", "papermill", "dvc")
STAGE_METRICS = {
    "ingest": "reports/metrics/ingest.json",
    "clean": "reports/metrics/clean.json",
    "annotate": "reports/metrics/annotate.json",
    "quotes": "reports/metrics/quotes.json",
    "dates": "reports/metrics/dates.json",
    "framing": "reports/metrics/framing.json",
}
COUNT_KEYS = (
    "n_inputs",
    "n_articles",
    "n_articles_out",
    "n_in",
    "n_clean",
    "n_rejected",
    "n_duplicates",
    "n_quotes",
    "n_timexes",
)
CODEBOOK_PARAMS = ("actors_codebook", "frames_codebook", "contested_codebook", "frame_model")
NO_MODELS = "no models: rule path (annotate skipped every article)"
HASH_CHUNK = 1 << 20


# ---------------------------------------------------------------- environment
def library_versions() -> dict[str, str | None]:
    """Installed versions of the key libraries (None when not installed); nothing is imported."""
    out: dict[str, str | None] = {}
    for name in LIBRARIES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = None
    return out


def framelab_version() -> str:
    from . import __version__

    return __version__


def git_revision(folder: str | Path) -> dict[str, Any] | None:
    """``{commit, dirty}`` of the git work tree holding ``folder`` (None outside git)."""
    try:
        commit = _git(folder, "rev-parse", "HEAD")
        dirty = bool(_git(folder, "status", "--porcelain", "--untracked-files=no"))
    except (OSError, subprocess.SubprocessError):
        return None
    return {"commit": commit, "dirty": dirty} if commit else None


def _git(folder: str | Path, *args: str) -> str:
    proc = subprocess.run(
        ["git", "-C", str(folder), *args],
        capture_output=True,
        text=True,
        timeout=10,
        check=True,
        env={**os.environ, "GIT_OPTIONAL_LOCKS": "0"},
    )
    return proc.stdout.strip()


def environment(root: str | Path) -> dict[str, Any]:
    """framelab and library versions, Python, and the git revisions of the code and project."""
    return {
        "framelab": framelab_version(),
        "python": platform.python_version(),
        "libraries": library_versions(),
        "code_git": git_revision(Path(__file__).resolve().parent),
        "project_git": git_revision(root),
    }


def now_utc() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


# ---------------------------------------------------------------- files
def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(HASH_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def path_digest(path: str | Path, shown: str | None = None) -> dict[str, Any]:
    """A file's or folder's content hash: a folder hashes its files' relative paths and hashes
    (sorted), so renaming, adding or editing any file changes it."""
    path = Path(path)
    name = shown or str(path)
    if path.is_file():
        return {
            "path": name,
            "kind": "file",
            "n_files": 1,
            "bytes": path.stat().st_size,
            "sha256": file_sha256(path),
        }
    if not path.is_dir():
        return {"path": name, "kind": "missing", "n_files": 0, "bytes": 0, "sha256": None}
    digest = hashlib.sha256()
    n_files = size = 0
    for file in sorted(p for p in path.rglob("*") if p.is_file()):
        rel = file.relative_to(path).as_posix()
        # file names need not be UTF-8 (surrogate-escaped bytes hash as the bytes they stand for)
        digest.update(f"{rel}\0{file_sha256(file)}\n".encode("utf-8", "surrogateescape"))
        n_files += 1
        size += file.stat().st_size
    return {
        "path": name,
        "kind": "folder",
        "n_files": n_files,
        "bytes": size,
        "sha256": digest.hexdigest(),
    }


def inputs_provenance(inputs: list[str], root: str | Path) -> list[dict[str, Any]]:
    """Every path in ``ingest.inputs`` with its content hash."""
    return [path_digest(resolve(p, root), shown=str(p)) for p in inputs]


def codebooks_provenance(params: Mapping[str, Any], root: str | Path) -> list[dict[str, Any]]:
    """The framing codebooks (and learned model) named in its params, with their sha256."""
    out = []
    for key in CODEBOOK_PARAMS:
        value = params.get(key)
        if not value:
            continue
        digest = path_digest(resolve(str(value), root), shown=str(value))
        out.append({"param": key, "path": str(value), "sha256": digest["sha256"]})
    return out


def models_provenance(annotate_metrics: Mapping[str, Any]) -> dict[str, Any]:
    """Which Stanza models annotated the corpus: none (rule path), test models, or models."""
    models_dir = annotate_metrics.get("models_dir")
    found = list(annotate_metrics.get("models_found") or [])
    used = int(annotate_metrics.get("n_annotated") or 0) + int(
        annotate_metrics.get("n_cached") or 0
    )
    out: dict[str, Any] = {
        "models_dir": models_dir,
        "languages": found,
        "stanza": library_versions().get("stanza"),
        "n_articles_annotated": used,
    }
    if not used:
        out["kind"] = NO_MODELS
        return out
    folder = Path(models_dir) if models_dir else None
    resources = folder / "resources.json" if folder else None
    if resources is not None and resources.is_file():
        out["resources_sha256"] = file_sha256(resources)
    out["kind"] = (
        "TEST MODELS (not official Stanza models; accuracy far below them)"
        if folder is not None and _declares_test_models(folder)
        else "Stanza models"
    )
    return out


def _declares_test_models(folder: Path) -> bool:
    """``stanza.download`` writes no README; a model folder whose README calls its models test
    models (the small models used by framelab's tests) is flagged."""
    readme = folder / "README.md"
    try:
        head = readme.read_text(encoding="utf-8", errors="replace")[:2000].casefold()
    except OSError:
        return False
    return "for tests" in head or "test models" in head


# ---------------------------------------------------------------- stage and pipeline
def stage_provenance(
    stage: str,
    params: Mapping[str, Any],
    root: str | Path,
    metrics: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """One stage's provenance block: the parameters it ran with, when, the environment, and
    ingest inputs / framing codebooks / annotate models with their hashes."""
    block: dict[str, Any] = {
        "stage": stage,
        "time": now_utc(),
        "params": {k: v for k, v in params.items() if not str(k).endswith("_path")},
        "environment": environment(root),
    }
    if stage == "ingest":
        block["inputs"] = inputs_provenance(list(params.get("inputs") or ["data/raw"]), root)
    if stage == "framing":
        block["codebooks"] = codebooks_provenance(params, root)
    if stage == "annotate":
        block["models"] = models_provenance(metrics or {})
    return block


def attach_to_metrics(metrics_path: Path, block: Mapping[str, Any]) -> bool:
    """Add ``provenance`` to a stage's metrics JSON (atomically); False when there is none."""
    from .io import write_json

    try:
        metrics = json.loads(metrics_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if not isinstance(metrics, dict):
        return False
    metrics["provenance"] = dict(block)
    write_json(metrics, metrics_path)
    return True


def read_metrics(root: str | Path, stage: str) -> dict[str, Any]:
    try:
        value = json.loads((Path(root) / STAGE_METRICS[stage]).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}


def pipeline_provenance(root: str | Path) -> dict[str, Any]:
    """Every stage's provenance block and article counts, read from the metrics JSON files."""
    stages: dict[str, Any] = {}
    for stage in STAGE_METRICS:
        metrics = read_metrics(root, stage)
        stages[stage] = {
            "counts": {k: metrics[k] for k in COUNT_KEYS if isinstance(metrics.get(k), int)},
            "provenance": metrics.get("provenance"),
            "sample": metrics.get("sample") if stage == "ingest" else None,
        }
    return {"time": now_utc(), "environment": environment(root), "stages": stages}


def attach_to_notebook(notebook_path: Path, block: Mapping[str, Any]) -> None:
    """Add the block to an executed notebook's metadata (``metadata.framelab.provenance``)."""
    import nbformat

    from .io import write_text

    nb = nbformat.read(notebook_path, as_version=4)
    nb.metadata.setdefault("framelab", {})["provenance"] = json.loads(json.dumps(block))
    write_text(nbformat.writes(nb), notebook_path)


def record_stage_provenance(
    stage: str, params: Mapping[str, Any], root: str | Path, notebook_path: Path
) -> dict[str, Any]:
    """After a stage succeeded: its provenance into its metrics JSON and executed notebook."""
    metrics_path = resolve(str(params.get("metrics_path") or STAGE_METRICS.get(stage, "")), root)
    metrics = read_metrics(root, stage) if stage in STAGE_METRICS else {}
    block = stage_provenance(stage, params, root, metrics)
    if stage in STAGE_METRICS or params.get("metrics_path"):
        attach_to_metrics(metrics_path, block)
    attach_to_notebook(notebook_path, block)
    return block
