"""The ``nlp`` section of ``params.yaml`` as a validated, typed object."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..errors import FramelabError
from ..params import build_params

PROCESSOR_ORDER = ("tokenize", "mwt", "pos", "lemma", "depparse", "ner")
ON_MISSING_CHOICES = ("skip", "error")
DEFAULT_PROCESSORS = "tokenize,mwt,pos,lemma,depparse,ner"


def language_codes(languages: Any) -> tuple[str, ...]:
    """``"ar"`` or ``["AR ", "en"]`` -> ``("ar", "en")``."""
    if isinstance(languages, str):
        return (languages,)
    return tuple(str(x).strip().lower() for x in languages or [])


def default_models_dir() -> Path:
    """``$STANZA_RESOURCES_DIR`` if set, else ``~/stanza_resources`` (Stanza's own default)."""
    env = os.environ.get("STANZA_RESOURCES_DIR")
    return Path(env).expanduser() if env else Path.home() / "stanza_resources"


def normalise_processors(spec: str | list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """``"pos, tokenize"`` -> ``("tokenize", "pos")``: deduplicated, lower case, pipeline order."""
    items = spec.split(",") if isinstance(spec, str) else list(spec)
    names = {str(p).strip().lower() for p in items if str(p).strip()}
    unknown = sorted(names - set(PROCESSOR_ORDER))
    if unknown:
        raise FramelabError(
            f"nlp.processors: unknown processor(s) {', '.join(unknown)}; "
            f"choose from {', '.join(PROCESSOR_ORDER)}"
        )
    if not names:
        raise FramelabError("nlp.processors is empty; give at least 'tokenize'")
    return tuple(p for p in PROCESSOR_ORDER if p in names)


@dataclass(frozen=True)
class NlpSettings:
    """Settings of the annotate stage; build with :meth:`from_params` from the ``nlp`` section.

    ``processors`` is one comma-separated string for every language, or a mapping
    ``{lang: "tokenize,..."}`` with an optional ``default`` entry for the other languages.
    """

    languages: tuple[str, ...] = field(
        default=("ar", "en"), metadata={"convert": lambda v: language_codes(v)}
    )
    processors: str | Mapping[str, str] = DEFAULT_PROCESSORS
    package: str = "default"
    models_dir: str | None = None
    device: str = "cpu"
    threads: int = 1
    batch_docs: int = 16
    batch_chars: int = 20000
    stanza_batch_sizes: Mapping[str, int] = field(default_factory=dict)
    max_chunk_chars: int = 20000
    on_missing_model: str = "skip"
    cache_dir: str | None = ".cache/framelab/annotate"
    onednn_cache_capacity: int | None = 64

    @classmethod
    def from_params(cls, params: Mapping[str, Any] | None = None, **overrides: Any) -> NlpSettings:
        """Build from a params mapping (unknown keys are an error: they are usually typos)."""
        values = {**dict(params or {}), **{k: v for k, v in overrides.items() if v is not None}}
        return build_params(cls, values, "nlp")

    def check(self) -> None:
        """Called by :func:`framelab.params.build_params` once the types are checked."""
        self.validate()

    def with_(self, **changes: Any) -> NlpSettings:
        """A copy with some settings changed (validated)."""
        new = replace(self, **changes)
        new.validate()
        return new

    def validate(self) -> None:
        if self.on_missing_model not in ON_MISSING_CHOICES:
            raise FramelabError(
                f"nlp.on_missing_model must be one of {', '.join(ON_MISSING_CHOICES)}, "
                f"got {self.on_missing_model!r}"
            )
        for name in ("threads", "batch_docs", "batch_chars", "max_chunk_chars"):
            value = getattr(self, name)
            if not isinstance(value, int) or value < 1:
                raise FramelabError(f"nlp.{name} must be a positive integer, got {value!r}")
        capacity = self.onednn_cache_capacity
        if capacity is not None and (
            not isinstance(capacity, int) or isinstance(capacity, bool) or capacity < 0
        ):
            raise FramelabError(
                f"nlp.onednn_cache_capacity must be a non-negative integer or null, got {capacity!r}"
            )
        if self.max_chunk_chars < 200:
            raise FramelabError("nlp.max_chunk_chars must be at least 200")
        for proc, size in dict(self.stanza_batch_sizes or {}).items():
            if proc not in PROCESSOR_ORDER or not isinstance(size, int) or size < 1:
                raise FramelabError(f"nlp.stanza_batch_sizes: bad entry {proc}: {size!r}")
        for lang in self.languages:
            self.processors_for(lang)

    def processors_for(self, language: str) -> tuple[str, ...]:
        """The processors requested for ``language`` (before Stanza adds mwt where needed)."""
        spec: Any = self.processors
        if isinstance(spec, Mapping):
            spec = spec.get(language, spec.get("default", DEFAULT_PROCESSORS))
        return normalise_processors(spec)

    def resolved_models_dir(self, root: str | os.PathLike[str] | None = None) -> Path:
        """``models_dir`` (relative to the project root), else the Stanza default folder."""
        if not self.models_dir:
            return default_models_dir()
        path = Path(self.models_dir).expanduser()
        if not path.is_absolute():
            from ..project import project_root

            path = Path(root or project_root()) / path
        return path

    def resolved_cache_dir(self, root: str | os.PathLike[str] | None = None) -> Path | None:
        """The annotation cache folder (relative to the project root), or None when disabled."""
        if not self.cache_dir:
            return None
        path = Path(self.cache_dir).expanduser()
        if not path.is_absolute():
            from ..project import project_root

            path = Path(root or project_root()) / path
        return path
