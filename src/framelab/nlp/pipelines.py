"""The one factory that turns the ``nlp`` params into a Stanza pipeline per language.

Models always load offline (``download_method=None``) from ``nlp.models_dir``, else
``$STANZA_RESOURCES_DIR``, else ``~/stanza_resources``. Built pipelines are kept per process,
keyed by everything that changes their output (folder, processors, package, device, batch sizes and
the model files' hashes), so the notebook, the CLI and the tests build each one once.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import FramelabError
from .models import (
    FileHasher,
    ModelCorruptError,
    ResolutionMemo,
    ResolvedModels,
    resolve_models,
    verify_models,
)
from .settings import NlpSettings

if TYPE_CHECKING:  # pragma: no cover
    import stanza

log = logging.getLogger(__name__)

_BUILT: dict[tuple, Any] = {}
_BUILT_LOCK = threading.Lock()
_MAX_BUILT = 8


@dataclass(frozen=True)
class LanguageModels:
    """The resolved, verified model files of one language and their sha256 hashes."""

    resolved: ResolvedModels
    hashes: dict[str, str]

    @property
    def language(self) -> str:
        return self.resolved.language


def pipeline_kwargs(settings: NlpSettings, resolved: ResolvedModels) -> dict[str, Any]:
    """Keyword arguments for ``stanza.Pipeline`` (offline, quiet, batch sizes from params)."""
    kwargs: dict[str, Any] = {
        "lang": resolved.language,
        "dir": str(resolved.models_dir),
        "processors": resolved.processors_string,
        "package": settings.package,
        "download_method": None,
        "device": settings.device,
        "logging_level": "WARN",
    }
    for proc, size in dict(settings.stanza_batch_sizes or {}).items():
        if proc in resolved.processors:
            kwargs[f"{proc}_batch_size"] = int(size)
    return kwargs


def set_torch_threads(threads: int) -> None:
    """``torch.set_num_threads`` (process-wide) from ``nlp.threads``."""
    import torch

    if torch.get_num_threads() != threads:
        torch.set_num_threads(threads)


ONEDNN_CACHE_ENV = "ONEDNN_PRIMITIVE_CACHE_CAPACITY"


def limit_onednn_primitive_cache(capacity: int | None) -> None:
    """Cap oneDNN's primitive cache at ``capacity`` entries (None: leave it alone; oneDNN's
    default is 1,024 entries, or whatever ``ONEDNN_PRIMITIVE_CACHE_CAPACITY`` says).

    torch runs Stanza's LSTMs through oneDNN on CPU, and oneDNN caches one compiled primitive per
    input shape. Sentence and batch lengths vary endlessly, so the cache fills towards its 1,024
    entries of ~0.1 MB each and resident memory grows with the number of Stanza calls (measured:
    +80 MB of heap after 600 bulk calls and still climbing; flat with a small cap; see
    docs/nlp.md). oneDNN reads the capacity when it creates its first primitive, so the cap takes
    effect only if set before the process's first Stanza call (the factory sets it before it hands
    out a pipeline)."""
    if capacity is not None:
        os.environ[ONEDNN_CACHE_ENV] = str(capacity)


class PipelineFactory:
    """Resolves, verifies and builds Stanza pipelines for the languages of one settings object.

    :meth:`models` needs no model loading (it reads ``resources.json`` and hashes files), so the
    cache can decide what must be annotated before any pipeline is built.
    """

    def __init__(
        self,
        settings: NlpSettings,
        *,
        root: str | Path | None = None,
        hasher: FileHasher | None = None,
    ) -> None:
        self.settings = settings
        self.models_dir = settings.resolved_models_dir(root)
        cache_dir = settings.resolved_cache_dir(root)
        self.hasher = hasher or FileHasher(cache_dir)
        self.memo = ResolutionMemo(cache_dir)
        self.build_seconds = 0.0
        self._models: dict[str, LanguageModels | FramelabError] = {}

    def models(self, language: str) -> LanguageModels:
        """Resolved + verified models of ``language``; raises ModelMissingError/ModelCorruptError."""
        if language not in self._models:
            try:
                resolved = self._resolve(language)
                self._models[language] = LanguageModels(
                    resolved, verify_models(resolved, self.hasher)
                )
            except FramelabError as err:
                self._models[language] = err
        found = self._models[language]
        if isinstance(found, FramelabError):
            raise found
        return found

    def _resolve(self, language: str) -> ResolvedModels:
        processors = self.settings.processors_for(language)
        key = self.memo.key(language, processors, self.settings.package, self.models_dir)
        resolved = self.memo.get(key)
        if resolved is None:
            resolved = resolve_models(language, processors, self.settings.package, self.models_dir)
            self.memo.put(key, resolved)
        return resolved

    def available_languages(self) -> list[str]:
        """Languages whose models were resolved and verified so far."""
        return sorted(k for k, v in self._models.items() if isinstance(v, LanguageModels))

    def pipeline(self, language: str) -> stanza.Pipeline:
        """The Stanza pipeline of ``language`` (built once per process and settings)."""
        models = self.models(language)
        kwargs = pipeline_kwargs(self.settings, models.resolved)
        key = (tuple(sorted(kwargs.items())), tuple(sorted(models.hashes.items())))
        set_torch_threads(self.settings.threads)
        limit_onednn_primitive_cache(self.settings.onednn_cache_capacity)
        with _BUILT_LOCK:
            if key in _BUILT:
                return _BUILT[key]
        started = time.perf_counter()
        nlp = _build(kwargs, models.resolved)
        self.build_seconds += time.perf_counter() - started
        with _BUILT_LOCK:
            if len(_BUILT) >= _MAX_BUILT:
                _BUILT.pop(next(iter(_BUILT)))
            _BUILT[key] = nlp
        return nlp


def build_pipeline(
    language: str,
    settings: NlpSettings | dict[str, Any] | None = None,
    *,
    root: str | Path | None = None,
) -> stanza.Pipeline:
    """The factory: a Stanza pipeline for ``language`` from the ``nlp`` params (or settings)."""
    if not isinstance(settings, NlpSettings):
        settings = NlpSettings.from_params(settings)
    return PipelineFactory(settings, root=root).pipeline(language)


def clear_pipeline_cache() -> None:
    """Forget the pipelines built in this process (frees their memory)."""
    with _BUILT_LOCK:
        _BUILT.clear()


def _build(kwargs: dict[str, Any], resolved: ResolvedModels) -> stanza.Pipeline:
    import stanza

    log.info(
        "building Stanza pipeline %s (%s) from %s",
        resolved.language,
        resolved.processors_string,
        resolved.models_dir,
    )
    try:
        return stanza.Pipeline(**kwargs)
    except Exception as err:  # name the file that does not load, not a deep traceback
        bad = _first_unloadable_file(resolved)
        if bad is not None:
            path, problem = bad
            raise ModelCorruptError(
                str(path), f"Stanza model file cannot be loaded: {problem}"
            ) from None
        raise FramelabError(
            f"Stanza pipeline for {resolved.language!r} ({resolved.processors_string}) from "
            f"{resolved.models_dir} failed to build: {type(err).__name__}: {err}"
        ) from None


def _first_unloadable_file(resolved: ResolvedModels) -> tuple[Path, str] | None:
    import torch

    for f in resolved.files:
        try:
            torch.load(f.path, map_location="cpu", weights_only=False)
        except Exception as err:  # noqa: BLE001 - any failure means the file is unusable
            return f.path, f"{type(err).__name__}: {err}"
    return None
