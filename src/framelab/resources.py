"""Language-specific knowledge shipped as data files under ``framelab/resources/``.

Code never hard-codes verb lists, month names, chrome patterns or lexicons: it loads them here.
Users extend them by pointing a stage's params at their own file of the same layout.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources as _res
from pathlib import Path
from typing import Any

import yaml

_PACKAGE = "framelab"


def resource_path(*parts: str) -> Path:
    """Path of a packaged resource, e.g. ``resource_path("quotes", "cues_ar.yaml")``."""
    return Path(str(_res.files(_PACKAGE).joinpath("resources", *parts)))


@lru_cache(maxsize=256)
def _load_cached(path: str) -> Any:
    return _load(Path(path))


def _load(path: Path) -> Any:
    text = path.read_text(encoding="utf-8")
    if path.suffix in {".yaml", ".yml"}:
        return yaml.safe_load(text)
    if path.suffix == ".json":
        return json.loads(text)
    return text


def load_resource(*parts: str, override: str | Path | None = None) -> Any:
    """Load a packaged YAML/JSON/text resource, or ``override`` (a user's file) when given."""
    path = Path(override) if override else resource_path(*parts)
    if not path.is_file():
        from .errors import InputError

        raise InputError(str(path), "resource file not found")
    return _load_cached(str(path.resolve()))
