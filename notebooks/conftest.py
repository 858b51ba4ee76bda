"""nbval runs the source notebooks (no stored outputs, ``--nbval-lax``) in a sandbox.

Before the first notebook's kernel starts, a temporary copy of the project's inputs
(``params.yaml``, ``data/raw``, ``data/codebooks``) is made and ``FRAMELAB_PROJECT_ROOT`` points at it,
so the notebooks, collected in file order 01..07, run the whole pipeline there without touching the
working tree's DVC outputs. ``FRAMELAB_PIPELINE_OUTPUTS=1`` makes the (uninjected) notebooks write
the pipeline's outputs in that sandbox, so each reads what the one before wrote.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
_SANDBOX: Path | None = None


def _sandbox() -> Path:
    global _SANDBOX
    if _SANDBOX is None:
        _SANDBOX = Path(tempfile.mkdtemp(prefix="framelab-nbval-"))
        shutil.copy2(ROOT / "params.yaml", _SANDBOX / "params.yaml")
        for sub in ("data/raw", "data/codebooks"):
            if (ROOT / sub).is_dir():
                shutil.copytree(ROOT / sub, _SANDBOX / sub)
    return _SANDBOX


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    if str(item.fspath).endswith(".ipynb"):
        os.environ["FRAMELAB_PROJECT_ROOT"] = str(_sandbox())
        os.environ["FRAMELAB_PIPELINE_OUTPUTS"] = "1"
        os.environ.setdefault("MPLBACKEND", "Agg")


def pytest_sessionfinish(session: pytest.Session) -> None:
    os.environ.pop("FRAMELAB_PROJECT_ROOT", None)
    os.environ.pop("FRAMELAB_PIPELINE_OUTPUTS", None)
    if _SANDBOX is not None:
        shutil.rmtree(_SANDBOX, ignore_errors=True)
