"""Per-article annotation cache, outside DVC's outputs (DVC stays the source of truth).

An entry is the article's tokens (without its id) and entity spans, stored under a key that hashes
everything that determines Stanza's output: the clean text, the language, the effective processors,
the package, the sha256 of every model file loaded, the Stanza version, and the chunk size when the
article is long enough to be chunked. Identical texts share one entry.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pyarrow as pa
import pyarrow.ipc as ipc

from .convert import TOKEN_COLUMNS, EntitySpan
from .schemas import TOKENS_SCHEMA

log = logging.getLogger(__name__)

CACHE_FORMAT = 2  # bump when the tokens layout or the conversion changes
_META_KEY = b"framelab"

TOKENS_ARROW_SCHEMA = pa.schema(
    [(c, pa.int64() if TOKENS_SCHEMA[c] == "Int64" else pa.string()) for c in TOKEN_COLUMNS]
)


@dataclass(frozen=True)
class CachedAnnotation:
    """One article's annotation: token columns (Arrow, no article_id), entity spans, sentences."""

    tokens: pa.Table
    entities: list[EntitySpan]
    n_sentences: int


@lru_cache(maxsize=1)
def stanza_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("stanza")
    except PackageNotFoundError:  # pragma: no cover
        return "unknown"


def annotation_key(
    text: str,
    language: str,
    processors: str,
    package: str,
    model_hashes: Mapping[str, str],
    max_chunk_chars: int,
) -> str:
    """sha256 hex key of one article's annotation (see the module docstring)."""
    payload = {
        "format": CACHE_FORMAT,
        "stanza": stanza_version(),
        "text": hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest(),
        "language": language,
        "processors": processors,
        "package": package,
        "models": dict(sorted(model_hashes.items())),
        "chunk": max_chunk_chars if len(text) > max_chunk_chars else None,
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode("utf-8")).hexdigest()


class AnnotationCache:
    """Per-article annotations on disk: ``<dir>/<key[:2]>/<key>.arrow``.

    An entry is an Arrow IPC file holding the article's token columns (without its id); its
    schema metadata holds the decoded entity spans and the sentence count, so a cache hit costs one
    small file read and no re-decoding.
    """

    def __init__(self, folder: str | os.PathLike[str] | None) -> None:
        self.folder = Path(folder) if folder else None
        self.hits = 0
        self.misses = 0

    @property
    def enabled(self) -> bool:
        return self.folder is not None

    def path(self, key: str) -> Path:
        assert self.folder is not None
        return self.folder / key[:2] / f"{key}.arrow"

    def get(self, key: str) -> CachedAnnotation | None:
        """The cached annotation, or None (a damaged entry is a miss and gets rewritten)."""
        if self.folder is None:
            return None
        path = self.path(key)
        if not path.is_file():
            self.misses += 1
            return None
        try:
            with pa.OSFile(str(path)) as source:
                table = ipc.open_file(source).read_all()
            meta = json.loads(table.schema.metadata[_META_KEY])
            if (
                meta.get("format") != CACHE_FORMAT
                or table.schema.remove_metadata() != TOKENS_ARROW_SCHEMA
            ):
                raise ValueError("outdated layout")
            spans = [tuple(span) for span in meta["entities"]]
        except Exception as err:  # noqa: BLE001 - a damaged entry is re-annotated, not fatal
            log.warning("annotation cache entry %s unusable (%s); re-annotating", path, err)
            self.misses += 1
            return None
        self.hits += 1
        return CachedAnnotation(
            table.replace_schema_metadata(None), spans, int(meta["n_sentences"])
        )

    def put(self, key: str, annotation: CachedAnnotation) -> None:
        """Store an annotation atomically; a failing write only loses the cache entry."""
        if self.folder is None:
            return
        path = self.path(key)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        meta = {
            "format": CACHE_FORMAT,
            "entities": [list(span) for span in annotation.entities],
            "n_sentences": annotation.n_sentences,
        }
        table = annotation.tokens.replace_schema_metadata(
            {_META_KEY: json.dumps(meta, ensure_ascii=False)}
        )
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with pa.OSFile(str(tmp), "wb") as sink, ipc.new_file(sink, table.schema) as writer:
                writer.write_table(table)
            os.replace(tmp, path)
        except OSError as err:
            log.warning("could not write annotation cache entry %s: %s", path, err)
            tmp.unlink(missing_ok=True)
