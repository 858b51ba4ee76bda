"""Keep the ingest stage's DVC dependencies in step with ``params.yaml`` ``ingest.inputs``.

DVC cannot template a list into a stage's ``deps`` (``${ingest.inputs}`` there fails with
"Cannot interpolate data of type 'list'", DVC 3.63), so the paths are written into ``dvc.yaml``:
after the comment line starting ``# ingest.inputs`` in the ingest stage's deps, one entry per
input. Then an edit to any file under an input (also outside ``data/raw``, also outside the
project: DVC hashes external local paths too) reruns ingest and what depends on it.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from typing import Any

import yaml

from .errors import FramelabError
from .project import load_params

MARKER = "# ingest.inputs"
DVC_FILE = "dvc.yaml"
_ITEM = re.compile(r"^(\s*)- (.*)$")


def normalise(path: str) -> str:
    """A dependency path as DVC lists it (posix, no trailing slash, no ``./``)."""
    text = str(path).replace("\\", "/")
    if text.startswith("/"):
        return posixpath.normpath(text)
    return posixpath.normpath(text) if text not in ("", ".") else "."


def input_paths(params: dict[str, Any]) -> list[str]:
    """``ingest.inputs`` as dependency paths (default ``data/raw``), without duplicates."""
    inputs = (params.get("ingest") or {}).get("inputs") or ["data/raw"]
    if isinstance(inputs, str):
        inputs = [inputs]
    return list(dict.fromkeys(normalise(p) for p in inputs))


def ingest_deps(dvc: dict[str, Any]) -> list[str]:
    stage = ((dvc.get("stages") or {}).get("ingest")) or {}
    return [normalise(d if isinstance(d, str) else next(iter(d))) for d in stage.get("deps", [])]


def covered(path: str, deps: list[str]) -> bool:
    """Whether ``path`` is a dependency or inside one."""
    return any(path == d or path.startswith(d.rstrip("/") + "/") for d in deps)


def missing_input_deps(root: str | Path, ingest: dict[str, Any] | None = None) -> list[str]:
    """Paths of ``ingest.inputs`` (``ingest``: the effective ingest params, default those of
    ``params.yaml``) that the ingest stage of ``dvc.yaml`` does not depend on."""
    root = Path(root)
    dvc_file = root / DVC_FILE
    if not dvc_file.is_file():
        return []
    dvc = yaml.safe_load(dvc_file.read_text(encoding="utf-8")) or {}
    deps = ingest_deps(dvc)
    params = {"ingest": ingest} if ingest is not None else load_params(root)
    return [p for p in input_paths(params) if not covered(p, deps)]


def with_input_deps(text: str, inputs: list[str]) -> str:
    """``dvc.yaml`` text whose ingest inputs block (after the marker comment) lists ``inputs``."""
    lines = text.splitlines(keepends=True)
    start = _marker_line(lines)
    indent = re.match(r"^(\s*)", lines[start]).group(1)  # type: ignore[union-attr]
    end = start + 1
    while end < len(lines) and (m := _ITEM.match(lines[end])) and m.group(1) == indent:
        end += 1
    block = [f"{indent}- {_quoted(p)}\n" for p in inputs]
    return "".join(lines[: start + 1] + block + lines[end:])


def _marker_line(lines: list[str]) -> int:
    in_ingest = False
    for i, line in enumerate(lines):
        stripped = line.strip()
        if re.match(r"^\s{2}ingest:\s*$", line):
            in_ingest = True
        elif in_ingest and re.match(r"^\s{2}\S", line):
            break
        if in_ingest and stripped.startswith(MARKER):
            return i
    raise FramelabError(
        f"{DVC_FILE}: the ingest stage's deps have no '{MARKER}' comment line to write the "
        "inputs after; add one as the last comment of its deps list"
    )


def _quoted(path: str) -> str:
    dumped = yaml.safe_dump(path, default_style=None).strip()
    return dumped.removesuffix("\n...").strip()


def write_input_deps(root: str | Path) -> bool:
    """Rewrite the ingest inputs block of ``dvc.yaml`` from ``params.yaml``; True if it changed."""
    root = Path(root)
    dvc_file = root / DVC_FILE
    if not dvc_file.is_file():
        raise FramelabError(f"{dvc_file}: not found (run from the project root)")
    from .io import write_text

    text = dvc_file.read_text(encoding="utf-8")
    updated = with_input_deps(text, input_paths(load_params(root)))
    if updated == text:
        return False
    yaml.safe_load(updated)  # never write a dvc.yaml that does not parse
    write_text(updated, dvc_file)
    return True
