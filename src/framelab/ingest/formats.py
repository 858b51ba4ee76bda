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

from .columns import apply_sidecar, is_blank, map_columns
from .config import column_aliases
from .draft import Draft, Rejected
from .html import enrich_from_page, parse_document
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


class JsonProblem(ValueError):
    """JSON that cannot be read; the message is one line for a rejects row."""


_MAX_INT_DIGITS = 4000  # Python refuses to convert longer integer strings (sys.int_info)


def _int_or_text(digits: str) -> int | str:
    """JSON integers longer than Python converts are kept as their digits (a string)."""
    return int(digits) if len(digits) <= _MAX_INT_DIGITS else digits


def parse_json(text: str) -> Any:
    """``json.loads`` that raises only :class:`JsonProblem`: syntax errors, nesting deeper than
    the parser's recursion limit; very long integers are kept as strings, not errors."""
    try:
        return json.loads(text, parse_int=_int_or_text)
    except json.JSONDecodeError as err:
        raise JsonProblem(
            f"not valid JSON ({err.msg} at line {err.lineno} column {err.colno})"
        ) from None
    except RecursionError:
        raise JsonProblem("JSON nested too deeply to read (over ~1,000 levels)") from None
    except ValueError as err:
        raise JsonProblem(f"JSON that cannot be read ({str(err).splitlines()[0]})") from None


def _text_value(value: Any) -> str | None:
    if is_blank(value):
        return None
    if isinstance(value, list):  # paragraphs
        return "\n\n".join(str(v) for v in value if not is_blank(v))
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
    if is_blank(value):
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
    """JSON Lines: one object per line; rows are ``file.jsonl#<line number>``. A line that cannot
    be read is one reject (``invalid_json``); the other lines are read."""
    # split on "\n" only: str.splitlines() also breaks at U+2028, U+0085, \x1c..., which JSON
    # strings may contain unescaped
    for lineno, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        row_path = f"{source.source_path}#{lineno}"
        try:
            obj = parse_json(line)
        except JsonProblem as err:
            yield Rejected(row_path, "invalid_json", f"line {lineno}: {err}")
            continue
        item = object_to_item(obj, row_path)
        if item is not None:
            yield item


def read_json(source: Source, text: str) -> Iterator[Item]:
    """A JSON file: one object (one article) or an array of objects (``file.json#<n>``, 1-based)."""
    try:
        obj = parse_json(text)
    except JsonProblem as err:
        yield Rejected(source.source_path, "invalid_json", str(err))
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
    """CSV / TSV with a header row; rows are ``file.csv#<data row number>`` (1-based).

    A row the strict parser refuses is one ``invalid_csv`` reject and reading goes on at the next
    line. A quote that is opened and never closed would swallow the rest of the file into one
    field: that row is rejected and reading starts again on the line after the one it began on."""
    csv.field_size_limit(sys.maxsize)
    dialect = _csv_dialect(text, tab=source.suffix == ".tsv")
    lines = io.StringIO(text, newline="").readlines()
    header = next(csv.reader(lines[:1], dialect=dialect), None) if lines else None
    if not header:
        yield Rejected(source.source_path, "missing_header", "CSV has no header row")
        return
    n = 0
    start = 1  # physical line (0-based) where the current reader began
    while start < len(lines):
        restart = None
        reader = csv.DictReader(iter(lines[start:]), fieldnames=header, dialect=dialect)
        while True:
            before = reader.reader.line_num
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error as err:  # e.g. a broken quote; the reader goes on at the next line
                n += 1
                line = start + before + 1
                yield Rejected(
                    f"{source.source_path}#{n}", "invalid_csv", f"row {n} (line {line}): {err}"
                )
                if "unexpected end of data" in str(err):
                    restart = start + before + 1
                    break
                continue
            n += 1
            extra = row.pop(None, None)  # values beyond the header
            if extra:
                row["_extra_values"] = extra
            yield row_to_draft(row, f"{source.source_path}#{n}")
        if restart is None:
            return
        start = restart


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
