"""The articles table (``ARTICLES_SCHEMA``) and helpers that build its rows and reject rows."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from ..io import REJECTS_SCHEMA, reject_row
from ..schemas import ARTICLES_SCHEMA

STAGE = "ingest"


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
