"""The articles table (``ARTICLES_SCHEMA``) and helpers that build its rows and reject rows."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from ..io import REJECTS_SCHEMA, reject_row

STAGE = "ingest"

# Exactly the articles table of docs/conventions.md (pandas dtypes; parquet on disk).
ARTICLES_SCHEMA: dict[str, str] = {
    "article_id": "string",  # corpus id (e.g. ant:<DOCNO>) or sha1(source_path)[:16]
    "outlet": "string",  # publisher, lower-cased, whitespace collapsed; null if unknown
    "url": "string",
    "title": "string",
    "published": "string",  # ISO YYYY-MM-DD, null when missing/unparseable/implausible
    "published_source": "string",  # metadata / html / filename / sidecar / none
    "published_issue": "string",  # null, or why the date is missing or flagged
    "language": "string",  # ISO 639-1
    "language_source": "string",  # given / detected / default (null when undetermined)
    "raw": "string",  # the article as read: decoded text or HTML
    "raw_format": "string",  # text / html
    "source_path": "string",  # file, archive.tar.gz::member, file.jsonl#12
    "meta": "string",  # JSON object of layout-specific extras
}

__all__ = ["ARTICLES_SCHEMA", "REJECTS_SCHEMA", "STAGE", "is_reject", "path_id", "reject_record"]


def path_id(source_path: str) -> str:
    """The stable id of an article without a corpus id: ``sha1(source_path)[:16]``."""
    return hashlib.sha1(source_path.encode("utf-8")).hexdigest()[:16]


def reject_record(
    source_path: str, reason: str, detail: str, article_id: str | None = None
) -> dict[str, Any]:
    """One row of the rejects table (:func:`framelab.io.reject_row` for the ingest stage)."""
    return reject_row(STAGE, reason, detail, source_path=source_path, article_id=article_id)


def is_reject(record: dict[str, Any]) -> bool:
    """True for a reject dict yielded by :func:`framelab.ingest.iter_records`."""
    return "reason" in record and record.get("stage") == STAGE


def dump_meta(meta: dict[str, Any]) -> str:
    """``meta`` as a compact JSON object (keys sorted, empty values dropped)."""
    kept = {k: v for k, v in meta.items() if v not in (None, "", [], {})}
    return json.dumps(kept, ensure_ascii=False, sort_keys=True, default=str)
