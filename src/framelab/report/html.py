"""HTML building blocks of the report: the page shell, CSS, escaped text and tables.

Every value from the data reaches the page through :func:`esc` (``framelab.display.html_text``)
or :func:`table_html` (pandas escapes cell values), so outlet names, ids, terms and contexts
with ``<script>`` or ``$...$`` appear as text.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from ..display import html_text

CSS = """
body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;max-width:1000px;margin:2em auto;
color:#222;line-height:1.45;padding:0 1em}
h1{margin-bottom:.2em} h2{border-bottom:1px solid #ddd;padding-bottom:.2em;margin-top:2em}
.note{color:#666;font-size:.9em} .warn{color:#a15c00;font-size:.9em}
table.tbl{border-collapse:collapse;font-size:.85em;margin:.5em 0}
table.tbl td,table.tbl th{border-bottom:1px solid #eee;padding:3px 8px;text-align:left}
img{max-width:100%} dl{display:grid;grid-template-columns:max-content auto;gap:.2em 1em}
dt{font-weight:600}
"""


def esc(value: Any) -> str:
    """Text from the data, escaped for HTML (elements and attribute values)."""
    return html_text(value)


def note(text: str) -> str:
    return f"<p class='note'>{esc(text)}</p>"


def warning(text: str) -> str:
    return f"<p class='warn'>&#9888; {esc(text)}</p>"


def heading(text: str, level: int = 2) -> str:
    return f"<h{level}>{esc(text)}</h{level}>"


def definition_list(rows: list[tuple[str, str]]) -> str:
    return "<dl>" + "".join(f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in rows) + "</dl>"


def table_html(df: pd.DataFrame, max_rows: int = 30) -> str:
    """The first ``max_rows`` rows as an HTML table (cell values escaped by pandas)."""
    if df.empty:
        return note("(empty)")
    shown = df.head(max_rows).copy()
    for column in shown.columns:  # pandas prints <NA> / None for missing text, not na_rep
        if not pd.api.types.is_float_dtype(shown[column]):
            shown[column] = shown[column].astype(object).where(shown[column].notna(), "–")
    out = shown.to_html(
        index=False,
        float_format=lambda v: f"{v:.3g}",
        na_rep="–",
        border=0,
        classes="tbl",
        escape=True,
    )
    if len(df) > max_rows:
        out += note(f"{len(df) - max_rows} more rows in the CSV/parquet table.")
    return out


def page(title: str, body: list[str]) -> str:
    """The whole self-contained document."""
    return "\n".join(
        [
            f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{esc(title)}</title>"
            f"<style>{CSS}</style></head><body><h1>{esc(title)}</h1>",
            *body,
            "</body></html>",
        ]
    )
