"""Locating the project and reading ``params.yaml``.

Notebooks and the CLI resolve every relative path against :func:`project_root`, so a notebook opened
in JupyterLab (cwd ``notebooks/``), run by papermill from the root, or validated by nbval in a
sandbox (``FRAMELAB_PROJECT_ROOT``) reads and writes the same files.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml

ROOT_ENV = "FRAMELAB_PROJECT_ROOT"
PARAMS_FILE = "params.yaml"


def project_root(start: str | os.PathLike[str] | None = None) -> Path:
    """The folder holding ``params.yaml``: ``$FRAMELAB_PROJECT_ROOT`` if set, else the nearest
    ancestor of ``start`` (default: the cwd) that has one, else the cwd."""
    env = os.environ.get(ROOT_ENV)
    if env:
        return Path(env).resolve()
    here = Path(start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / PARAMS_FILE).is_file():
            return folder
    return here


def load_params(root: str | os.PathLike[str] | None = None) -> dict[str, Any]:
    """All of ``params.yaml`` as a dict ({} when the file is absent)."""
    path = Path(root or project_root()) / PARAMS_FILE
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh) or {}


def stage_params(stage: str, root: str | os.PathLike[str] | None = None) -> dict[str, Any]:
    """One stage's section of ``params.yaml`` (``{}`` if missing)."""
    return dict(load_params(root).get(stage) or {})


def resolve(path: str | os.PathLike[str], root: str | os.PathLike[str] | None = None) -> Path:
    """``path`` made absolute against the project root (absolute paths are returned unchanged)."""
    p = Path(path)
    return p if p.is_absolute() else Path(root or project_root()) / p
