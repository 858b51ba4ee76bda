"""JSON objects, CSV rows and ``.meta.json`` sidecars mapped to canonical fields with the column
aliases of ``resources/ingest/columns.yaml`` (shared by the generic readers and the HTML reader)."""

from __future__ import annotations

import json
import logging
from typing import Any

from ..display import log_value
from .config import column_aliases
from .draft import Draft
from .sources import Source

log = logging.getLogger("framelab.ingest")


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or value in ([], {})


def map_columns(obj: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Split a JSON object / CSV row into canonical fields (first non-empty alias wins) and extras."""
    lowered = {str(k).strip().casefold(): k for k in obj if k is not None}
    fields: dict[str, Any] = {}
    used: set[Any] = set()
    for canonical, aliases in column_aliases().items():
        for alias in aliases:
            key = lowered.get(alias)
            if key is None:
                continue
            value = obj[key]
            if is_blank(value):
                used.add(key)  # an empty alias column is not "extra" information
                continue
            fields[canonical] = value
            used.add(key)
            break
    extras = {str(k): v for k, v in obj.items() if k not in used and not is_blank(v)}
    return fields, extras


def apply_sidecar(draft: Draft, source: Source) -> None:
    """Fill ``draft`` from the source's ``.meta.json`` sidecar (aliases as for JSONL columns)."""
    try:
        data = source.sidecar()
    except Exception as err:  # noqa: BLE001 - an unreadable sidecar is noted, the text is kept
        data = None
        draft.meta["sidecar_error"] = f"unreadable: {err}"
    if data is None:
        return
    try:
        obj = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError) as err:
        draft.meta["sidecar_error"] = f"invalid JSON: {err}"
        log.warning(
            "%s: sidecar metadata ignored (invalid JSON: %s)", log_value(draft.source_path), err
        )
        return
    if not isinstance(obj, dict):
        draft.meta["sidecar_error"] = "not a JSON object"
        return
    fields, extras = map_columns(obj)
    draft.outlet = fields.get("outlet") or draft.outlet
    draft.url = fields.get("url") or draft.url
    draft.title = fields.get("title") or draft.title
    draft.language = fields.get("language") or draft.language
    if "published" in fields:
        draft.date_value = fields["published"]
        draft.date_source, draft.date_convention, draft.date_issue = "sidecar", "auto", None
    if fields.get("id"):
        draft.corpus_id = str(fields["id"])
    draft.meta.update(extras)
    draft.meta["sidecar"] = True
