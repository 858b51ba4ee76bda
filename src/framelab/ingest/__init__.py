"""Ingest: files, folders and archives of news -> one articles table (plus a rejects table).

Public API::

    from framelab.ingest import ingest_paths, iter_article_frames, iter_records, ARTICLES_SCHEMA
    result = ingest_paths(["data/raw"], candidate_languages=["ar", "en"])
    result.articles, result.rejects

See ``docs/ingest.md`` for formats, column aliases, corpus layouts, the date and language policies
and what happens to bad input. This package never imports stanza or torch.
"""

from __future__ import annotations

from ..io import REJECTS_SCHEMA
from .config import layout_names
from .dates import parse_published
from .decoding import decode_bytes
from .language import LanguageDetector, normalise_language
from .pipeline import (
    IngestResult,
    IngestStats,
    ingest_paths,
    iter_article_frames,
    iter_records,
)
from .schema import ARTICLES_SCHEMA, is_reject

__all__ = [
    "ARTICLES_SCHEMA",
    "REJECTS_SCHEMA",
    "IngestResult",
    "IngestStats",
    "LanguageDetector",
    "decode_bytes",
    "ingest_paths",
    "is_reject",
    "iter_article_frames",
    "iter_records",
    "layout_names",
    "normalise_language",
    "parse_published",
]
