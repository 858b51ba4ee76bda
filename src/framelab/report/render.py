"""Render the report: sections into one self-contained HTML page, written atomically."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import pandas as pd

from .figures import Figure, build_figures
from .html import page
from .inputs import load_framing_tables, load_metrics
from .options import ReportOptions, report_options
from .sections import SECTIONS, ReportContext


def render_report(
    tables: dict[str, pd.DataFrame],
    metrics: dict[str, Any] | None = None,
    options: ReportOptions | None = None,
    figures: list[Figure] | None = None,
    provenance: dict[str, Any] | None = None,
) -> str:
    """The full HTML document (figures embedded as base64 PNG); ``provenance`` from
    :func:`framelab.provenance.pipeline_provenance` fills the "Provenance" section."""
    options = options or ReportOptions()
    figures = figures if figures is not None else build_figures(tables, options)
    ctx = ReportContext(
        tables=tables,
        metrics=metrics or {},
        figures=figures,
        options=options,
        provenance=provenance,
    )
    return page(options.title, [section(ctx) for section in SECTIONS])


def write_report(
    framing_dir: str | Path,
    metrics_path: str | Path | None,
    out_path: str | Path,
    *,
    provenance: dict[str, Any] | None = None,
    **params: Any,
) -> tuple[Path, list[Figure]]:
    """Read the framing outputs, render the report with the ``report`` params (validated:
    ``title``, ``top_terms``, ``max_groups``, ``max_panels``), write it; returns the path and
    the figures. ``provenance``: :func:`framelab.provenance.pipeline_provenance` (the report's
    own params are added to it)."""
    options = report_options(params)
    tables = load_framing_tables(framing_dir)
    figures = build_figures(tables, options)
    if provenance is not None:
        provenance = {**provenance, "report_params": dict(params)}
    document = render_report(tables, load_metrics(metrics_path), options, figures, provenance)
    out_path = Path(out_path)
    _write_text_atomically(out_path, document)
    return out_path, figures


def _write_text_atomically(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
