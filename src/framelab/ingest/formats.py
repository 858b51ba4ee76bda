"""Readers for the generic formats: plain-text dumps, HTML pages, JSONL, JSON and CSV.

Each reader takes a :class:`Source` and its decoded text and yields :class:`Draft` or
:class:`Rejected` items. JSON-like rows are mapped with the column aliases of
``resources/ingest/columns.yaml``; a row that looks like a known corpus layout (AllSides,
BASIL, SaudiNewsNet) is handed to that layout's adapter.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import sys
from collections.abc import Callable, Iterator
from typing import Any

from .config import column_aliases
from .draft import Draft, Rejected
from .sources import Source

log = logging.getLogger("framelab.ingest")

Item = Draft | Rejected
RowAdapter = Callable[[dict[str, Any], str], "Item | None"]

# set by framelab.ingest.layouts: recognises corpus-layout objects in JSON input
ROW_SNIFFERS: list[Callable[[dict[str, Any]], RowAdapter | None]] = []


def read_text(source: Source, text: str) -> Iterator[Item]:
    """A plain-text dump: one article per file, metadata from ``<name>.meta.json`` if present."""
    draft = Draft(source_path=source.source_path, raw=text, raw_format="text")
    apply_sidecar(draft, source)
    yield draft


def apply_sidecar(draft: Draft, source: Source) -> None:
    """Fill ``draft`` from the source's ``.meta.json`` sidecar (aliases as for JSONL columns)."""
    try:
        data = source.sidecar()
    except (OSError, KeyError) as err:
        data = None
        draft.meta["sidecar_error"] = f"unreadable: {err}"
    if data is None:
        return
    try:
        obj = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        draft.meta["sidecar_error"] = f"invalid JSON: {err}"
        log.warning("%s: sidecar metadata ignored (invalid JSON: %s)", draft.source_path, err)
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
            if _is_blank(value):
                used.add(key)  # an empty alias column is not "extra" information
                continue
            fields[canonical] = value
            used.add(key)
            break
    extras = {str(k): v for k, v in obj.items() if k not in used and not _is_blank(v)}
    return fields, extras


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or value in ([], {})


def _text_value(value: Any) -> str | None:
    if _is_blank(value):
        return None
    if isinstance(value, list):  # paragraphs
        return "\n\n".join(str(v) for v in value if not _is_blank(v))
    return str(value)


def row_to_draft(obj: dict[str, Any], source_path: str) -> Item:
    """A JSONL / JSON / CSV row with documented column names -> Draft, or Rejected (no text)."""
    fields, extras = map_columns(obj)
    text = _text_value(fields.get("text"))
    html = _text_value(fields.get("html"))
    raw = _text_value(fields.get("raw"))
    if raw is not None and text is None and html is None:
        if _raw_is_html(raw, fields.get("format")):
            html = raw
        else:
            text = raw
    if text is None and html is None:
        return Rejected(
            source_path, "missing_text", _missing_text_detail(obj), _opt_str(fields.get("id"))
        )
    draft = Draft(
        source_path=source_path,
        raw=text if text is not None else html or "",
        raw_format="text" if text is not None else "html",
        corpus_id=_opt_str(fields.get("id")),
        outlet=_opt_str(fields.get("outlet")),
        url=_opt_str(fields.get("url")),
        title=_opt_str(fields.get("title")),
        date_value=fields.get("published"),
        date_source="metadata",
        language=fields.get("language"),
        meta=extras,
    )
    if text is None and html is not None:
        from .html import enrich_from_page, parse_document

        try:
            enrich_from_page(draft, parse_document(html))
        except ValueError:
            draft.detect_text = ""
    return draft


def _missing_text_detail(obj: dict[str, Any]) -> str:
    """Why a row has no text: its text column is empty, or it has none."""
    aliases = column_aliases()
    text_names = {a for key in ("text", "html", "raw") for a in aliases.get(key, ())}
    present = [str(k) for k in obj if k is not None and str(k).strip().casefold() in text_names]
    if present:
        return f"text column empty ({', '.join(present)})"
    names = ", ".join(sorted(map(str, obj))[:8]) or "none"
    return f"row has no text column (columns: {names})"


def _raw_is_html(raw: str, declared: Any) -> bool:
    """A ``raw`` column is HTML when ``format`` says so, or (no format) when it looks like a page."""
    if isinstance(declared, str) and declared.strip().lower() in ("html", "text"):
        return declared.strip().lower() == "html"
    head = raw.lstrip()[:512].lower()
    return head.startswith(("<!doctype html", "<html")) or (head[:1] == "<" and "<body" in head)


def _opt_str(value: Any) -> str | None:
    if _is_blank(value):
        return None
    return str(value).strip()


def object_to_item(obj: Any, source_path: str) -> Item | None:
    """One JSON value: a known corpus layout's object, a generic row, or a rejection.

    Returns None for objects that are known not to be articles (e.g. BASIL annotation files)."""
    if not isinstance(obj, dict):
        return Rejected(
            source_path, "not_object", f"expected a JSON object, got {type(obj).__name__}"
        )
    for sniff in ROW_SNIFFERS:
        adapter = sniff(obj)
        if adapter is not None:
            return adapter(obj, source_path)
    return row_to_draft(obj, source_path)


def read_jsonl(source: Source, text: str) -> Iterator[Item]:
    """JSON Lines: one object per line; rows are ``file.jsonl#<line number>``."""
    # split on "\n" only: str.splitlines() also breaks at U+2028, U+0085, \x1c..., which JSON
    # strings may contain unescaped
    for lineno, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        row_path = f"{source.source_path}#{lineno}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as err:
            yield Rejected(row_path, "invalid_json", f"line {lineno} is not valid JSON ({err.msg})")
            continue
        item = object_to_item(obj, row_path)
        if item is not None:
            yield item


def read_json(source: Source, text: str) -> Iterator[Item]:
    """A JSON file: one object (one article) or an array of objects (``file.json#<n>``, 1-based)."""
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as err:
        yield Rejected(
            source.source_path, "invalid_json", f"not valid JSON ({err.msg} at line {err.lineno})"
        )
        return
    if isinstance(obj, list):
        for n, item_obj in enumerate(obj, 1):
            item = object_to_item(item_obj, f"{source.source_path}#{n}")
            if item is not None:
                yield item
        return
    item = object_to_item(obj, source.source_path)
    if item is not None:
        yield item


def read_csv(source: Source, text: str) -> Iterator[Item]:
    """CSV / TSV with a header row; rows are ``file.csv#<data row number>`` (1-based)."""
    csv.field_size_limit(sys.maxsize)
    dialect = _csv_dialect(text, tab=source.suffix == ".tsv")
    reader = csv.DictReader(io.StringIO(text, newline=""), dialect=dialect)
    if not reader.fieldnames:
        yield Rejected(source.source_path, "missing_header", "CSV has no header row")
        return
    n = 0
    while True:
        n += 1
        row_path = f"{source.source_path}#{n}"
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as err:  # e.g. a broken quote; the reader goes on at the next line
            yield Rejected(
                row_path, "invalid_csv", f"row {n} (line {reader.reader.line_num}): {err}"
            )
            continue
        extra = row.pop(None, None)  # values beyond the header
        if extra:
            row["_extra_values"] = extra
        yield row_to_draft(row, row_path)


class _Delimited(csv.excel):
    delimiter = ","
    strict = True  # a stray quote is an error, not silently glued into the next field


class _StrictTab(csv.excel_tab):
    strict = True


def _csv_dialect(text: str, *, tab: bool) -> type[csv.Dialect]:
    """Excel-style CSV whose delimiter is the most frequent of , ; tab | in the header line."""
    if tab:
        return _StrictTab
    header = text.split("\n", 1)[0]
    best = max(",;\t|", key=header.count)
    return type("SniffedDialect", (_Delimited,), {"delimiter": best if header.count(best) else ","})
