"""Stanza model folders: which files a pipeline needs, whether they are intact, what is installed.

A model folder has the layout ``stanza.download`` makes: ``resources.json`` at the top and
``<lang>/<processor>/<package>.pt`` below it. framelab resolves the files a pipeline will load with
Stanza's own resolution code (so packages, aliases, mwt and dependencies behave exactly as in
``stanza.Pipeline``), checks that they exist and match the md5 recorded in ``resources.json``, and
hashes them (sha256) for the annotation cache key. Nothing here touches the network except
:func:`download_models`, which only the ``framelab models download`` command calls.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from ..errors import FramelabError, InputError, ModelMissingError

RESOURCES_FILE = "resources.json"
_HASH_INDEX = "model_hashes.json"
_RESOLVED_INDEX = "resolved_models.json"


class ModelCorruptError(InputError):
    """A model file exists but cannot be used (md5 mismatch, truncated, unreadable)."""


def download_command(language: str, models_dir: Path | None = None) -> str:
    """The command a user runs to fetch the models of ``language``."""
    cmd = f"framelab models download {language}"
    return f"{cmd} --dir {models_dir}" if models_dir is not None else cmd


def missing_model_error(language: str, models_dir: Path, detail: str) -> ModelMissingError:
    """One clear error: the language, the folder searched, the problem and the fix."""
    err = ModelMissingError(
        f"no usable Stanza model for language {language!r} in {models_dir} ({detail}); "
        f"fetch it with `{download_command(language, models_dir)}` "
        "or point nlp.models_dir at a folder that has it"
    )
    err.language = language  # type: ignore[attr-defined]
    err.models_dir = models_dir  # type: ignore[attr-defined]
    return err


@dataclass(frozen=True)
class ModelFile:
    """One file a pipeline loads: its processor (``pos`` or ``pos/pretrain``), package and md5."""

    processor: str
    package: str
    path: Path
    expected_md5: str | None


@dataclass(frozen=True)
class ResolvedModels:
    """What ``stanza.Pipeline(lang, dir, processors, package)`` would load, resolved offline."""

    language: str
    models_dir: Path
    processors: tuple[str, ...]  # effective processors in pipeline order (mwt added when needed)
    packages: dict[str, str]  # processor -> package
    files: tuple[ModelFile, ...]

    @property
    def processors_string(self) -> str:
        return ",".join(self.processors)


def load_resources(models_dir: Path, language: str = "any") -> dict[str, Any]:
    """``resources.json`` of a model folder; a missing file raises ModelMissingError (naming
    ``language``), an unreadable one ModelCorruptError."""
    path = Path(models_dir) / RESOURCES_FILE
    if not path.is_file():
        raise missing_model_error(language, Path(models_dir), f"no {RESOURCES_FILE} there")
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise ModelCorruptError(str(path), f"unreadable Stanza {RESOURCES_FILE}: {err}") from None


def canonical_language(resources: dict[str, Any], language: str) -> str | None:
    """The language code after following ``alias`` entries, or None when not in resources.json."""
    seen: set[str] = set()
    while language in resources and isinstance(resources[language], dict):
        entry = resources[language]
        if "alias" not in entry:
            return language
        if language in seen:
            return None
        seen.add(language)
        language = entry["alias"]
    return None


def resolve_models(
    language: str, processors: Sequence[str], package: str, models_dir: Path
) -> ResolvedModels:
    """The model files a pipeline for ``language`` needs; raises ModelMissingError if any is absent."""
    models_dir = Path(models_dir)
    resources = load_resources(models_dir, language)  # before importing stanza: fast when absent
    from stanza.pipeline.core import build_default_config
    from stanza.resources.common import (
        add_dependencies,
        maintain_processor_list,
        process_pipeline_parameters,
    )

    lang = canonical_language(resources, language)
    if lang is None:
        available = sorted(
            k for k, v in resources.items() if isinstance(v, dict) and "alias" not in v
        )
        raise missing_model_error(
            language,
            models_dir,
            f"{RESOURCES_FILE} has no entry for it; available: {', '.join(available) or 'none'}",
        )
    _, _, pkg, procs = process_pipeline_parameters(
        lang, str(models_dir), package, ",".join(processors)
    )
    try:
        load_list = maintain_processor_list(resources, lang, pkg, procs, maybe_add_mwt=True)
        load_list = add_dependencies(resources, lang, load_list)
    except (KeyError, ValueError) as err:
        raise missing_model_error(
            language, models_dir, f"cannot resolve processors: {err}"
        ) from None
    found = {name for name, _ in load_list}
    lacking = [p for p in processors if p not in found]
    if lacking:
        raise missing_model_error(
            language,
            models_dir,
            f"no model for processor(s) {', '.join(lacking)} with package {package!r}",
        )
    config = build_default_config(resources, lang, str(models_dir), load_list)
    files = tuple(_model_files(resources[lang], load_list, config))
    for f in files:
        if not f.path.is_file():
            raise missing_model_error(language, models_dir, f"model file {f.path} is missing")
    packages = {name: ";".join(spec.package for spec in specs) for name, specs in load_list}
    return ResolvedModels(
        language=lang,
        models_dir=models_dir,
        processors=tuple(name for name, _ in load_list),
        packages=packages,
        files=files,
    )


def _model_files(
    lang_resources: dict[str, Any], load_list: list, config: dict[str, Any]
) -> Iterable[ModelFile]:
    """Main model and dependency files of each processor, with their md5 from resources.json."""

    def md5_of(proc: str, pkg: str) -> str | None:
        entry = lang_resources.get(proc, {}).get(pkg, {})
        return entry.get("md5") if isinstance(entry, dict) else None

    for name, specs in load_list:
        for spec in specs:
            configured = config.get(f"{name}_model_path") or ""
            if isinstance(configured, (list, tuple)):  # ner: one path per package
                configured = next((p for p in configured if Path(p).stem == spec.package), "")
            path = Path(configured)
            if not configured:
                continue  # a variant without a model file (e.g. identity lemmatizer)
            yield ModelFile(name, spec.package, path, md5_of(name, spec.package))
            for dep_proc, dep_pkg in spec.dependencies or ():
                dep_path = path.parent.parent / dep_proc / f"{dep_pkg}.pt"
                yield ModelFile(f"{name}/{dep_proc}", dep_pkg, dep_path, md5_of(dep_proc, dep_pkg))


class FileHasher:
    """sha256 and md5 of model files, memoised by (path, size, mtime) in ``cache_dir`` if given.

    Hashing official models (hundreds of MB) on every run would cost seconds; the memo makes a
    rerun pay only a ``stat`` per file, while any change of size or mtime triggers a rehash.
    """

    def __init__(self, cache_dir: Path | None = None) -> None:
        self.index_path = Path(cache_dir) / _HASH_INDEX if cache_dir else None
        self._lock = threading.Lock()
        self._index: dict[str, dict[str, Any]] = {}
        if self.index_path and self.index_path.is_file():
            try:
                self._index = json.loads(self.index_path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                self._index = {}

    def digest(self, path: Path) -> dict[str, str]:
        """``{"sha256": ..., "md5": ...}`` of a file."""
        path = Path(path).resolve()
        st = path.stat()
        key = str(path)
        entry = self._index.get(key)
        if entry and entry.get("size") == st.st_size and entry.get("mtime_ns") == st.st_mtime_ns:
            return {"sha256": entry["sha256"], "md5": entry["md5"]}
        sha, md5 = hashlib.sha256(), hashlib.md5()
        with path.open("rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                sha.update(block)
                md5.update(block)
        result = {"sha256": sha.hexdigest(), "md5": md5.hexdigest()}
        with self._lock:
            self._index[key] = {"size": st.st_size, "mtime_ns": st.st_mtime_ns, **result}
            self._save()
        return result

    def _save(self) -> None:
        if not self.index_path:
            return
        try:
            self.index_path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.index_path.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(json.dumps(self._index, indent=1), encoding="utf-8")
            os.replace(tmp, self.index_path)
        except OSError:  # a read-only cache folder only costs rehashing next time
            pass


def verify_models(resolved: ResolvedModels, hasher: FileHasher) -> dict[str, str]:
    """sha256 of every model file (``{relative path: sha256}``); a file whose md5 differs from
    ``resources.json`` raises :class:`ModelCorruptError` naming it."""
    hashes: dict[str, str] = {}
    for f in resolved.files:
        try:
            digest = hasher.digest(f.path)
        except OSError as err:
            raise ModelCorruptError(str(f.path), f"cannot read Stanza model file: {err}") from None
        if f.expected_md5 and digest["md5"] != f.expected_md5:
            raise ModelCorruptError(
                str(f.path),
                f"Stanza {f.processor} model is corrupted or truncated (md5 {digest['md5']} != "
                f"{f.expected_md5} in {RESOURCES_FILE}); fetch it again with "
                f"`{download_command(resolved.language, resolved.models_dir)}`",
            )
        rel = (
            f.path.relative_to(resolved.models_dir)
            if f.path.is_relative_to(resolved.models_dir)
            else f.path
        )
        hashes[str(rel)] = digest["sha256"]
    return hashes


def installed_models(models_dir: Path) -> pd.DataFrame:
    """One row per (language, processor, package) listed in resources.json: whether its file is
    present, its size, and whether it is the language's default package."""
    models_dir = Path(models_dir)
    resources = load_resources(models_dir)
    rows: list[dict[str, Any]] = []
    for lang, entry in sorted(resources.items()):
        if not isinstance(entry, dict) or "alias" in entry:
            continue
        defaults = entry.get("default_processors", {})
        for proc, packages in entry.items():
            if proc in ("default_processors", "packages", "lang_name", "default_dependencies"):
                continue
            if not isinstance(packages, dict):
                continue
            for pkg in packages:
                path = models_dir / lang / proc / f"{pkg}.pt"
                rows.append(
                    {
                        "language": lang,
                        "lang_name": entry.get("lang_name", ""),
                        "processor": proc,
                        "package": pkg,
                        "default": defaults.get(proc) == pkg,
                        "installed": path.is_file(),
                        "size_mb": round(path.stat().st_size / 1e6, 1) if path.is_file() else None,
                        "path": str(path),
                    }
                )
    return pd.DataFrame(
        rows,
        columns=[
            "language",
            "lang_name",
            "processor",
            "package",
            "default",
            "installed",
            "size_mb",
            "path",
        ],
    )


def installed_languages(models_dir: Path) -> list[str]:
    """Languages with at least one installed model file ([] when the folder has no resources.json)."""
    try:
        table = installed_models(models_dir)
    except FramelabError:
        return []
    return sorted(set(table.loc[table["installed"], "language"]))


def download_models(
    languages: Sequence[str], models_dir: Path, processors: str, package: str
) -> list[Path]:
    """Fetch official Stanza models with ``stanza.download`` (needs internet)."""
    import stanza

    models_dir = Path(models_dir)
    models_dir.mkdir(parents=True, exist_ok=True)
    fetched: list[Path] = []
    for lang in languages:
        try:
            stanza.download(
                lang,
                model_dir=str(models_dir),
                package=package,
                processors=processors,
                logging_level="INFO",
            )
        except Exception as err:  # network, unknown language or package: one clear line
            raise FramelabError(
                f"stanza.download({lang!r}, package={package!r}, processors={processors!r}) into "
                f"{models_dir} failed: {type(err).__name__}: {err}"
            ) from None
        fetched.append(models_dir / lang)
    return fetched


class ResolutionMemo:
    """Remembers :func:`resolve_models` results in ``cache_dir`` (keyed by the folder, language,
    processors, package, resources.json's size and mtime, and the Stanza version), so that a rerun
    where every article is cached never imports Stanza or torch."""

    def __init__(self, cache_dir: Path | None) -> None:
        self.path = Path(cache_dir) / _RESOLVED_INDEX if cache_dir else None
        self._index: dict[str, Any] = {}
        if self.path and self.path.is_file():
            try:
                self._index = json.loads(self.path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                self._index = {}

    @staticmethod
    def key(language: str, processors: Sequence[str], package: str, models_dir: Path) -> str | None:
        resources = Path(models_dir) / RESOURCES_FILE
        try:
            st = resources.stat()
        except OSError:
            return None
        from .cache import stanza_version

        return json.dumps(
            [
                str(Path(models_dir).resolve()),
                language,
                list(processors),
                package,
                st.st_size,
                st.st_mtime_ns,
                stanza_version(),
            ]
        )

    def get(self, key: str | None) -> ResolvedModels | None:
        entry = self._index.get(key) if key else None
        if not entry:
            return None
        files = tuple(
            ModelFile(f["processor"], f["package"], Path(f["path"]), f["md5"])
            for f in entry["files"]
        )
        if not all(f.path.is_file() for f in files):
            return None
        return ResolvedModels(
            entry["language"],
            Path(entry["models_dir"]),
            tuple(entry["processors"]),
            dict(entry["packages"]),
            files,
        )

    def put(self, key: str | None, resolved: ResolvedModels) -> None:
        if not key or not self.path:
            return
        self._index[key] = {
            "language": resolved.language,
            "models_dir": str(resolved.models_dir),
            "processors": list(resolved.processors),
            "packages": resolved.packages,
            "files": [
                {
                    "processor": f.processor,
                    "package": f.package,
                    "path": str(f.path),
                    "md5": f.expected_md5,
                }
                for f in resolved.files
            ],
        }
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(json.dumps(self._index, indent=1), encoding="utf-8")
            os.replace(tmp, self.path)
        except OSError:
            pass
