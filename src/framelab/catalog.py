"""The data catalog: every file the pipeline writes, declared once.

Each entry names a stage output (table, folder of parquet parts, metrics JSON, plot CSV, executed
notebook, HTML page), its path relative to the project root, the stage that writes it, and for
tables its schema (:mod:`framelab.schemas`, which producers conform to and consumers select from). ``dvc.yaml``'s outs, metrics and plots, the notebooks,
``framelab summary`` and the tests read paths from here; a test checks that ``dvc.yaml`` and the
catalog agree, and another that consumers' column needs are a subset of the producers' schemas.
"""

from __future__ import annotations

import importlib
import os
from dataclasses import dataclass
from pathlib import Path

KINDS = ("table", "folder", "metrics", "plot", "notebook", "page")


@dataclass(frozen=True)
class Entry:
    name: str
    path: str  # relative to the project root
    stage: str  # the dvc stage that writes it
    kind: str  # one of KINDS
    schema: str | None = None  # "module:NAME" of its column -> dtype mapping (framelab.schemas)


def _stage_files(stage: str, notebook: str) -> tuple[Entry, ...]:
    return (Entry(f"{stage}_notebook", f"reports/notebooks/{notebook}", stage, "notebook"),)


ENTRIES: tuple[Entry, ...] = (
    # ingest
    Entry(
        "articles",
        "data/interim/articles.parquet",
        "ingest",
        "table",
        "framelab.schemas:ARTICLES_SCHEMA",
    ),
    Entry(
        "ingest_rejects",
        "data/interim/ingest_rejects.parquet",
        "ingest",
        "table",
        "framelab.schemas:REJECTS_SCHEMA",
    ),
    Entry("ingest_metrics", "reports/metrics/ingest.json", "ingest", "metrics"),
    Entry("ingest_plot", "reports/plots/ingest_languages.csv", "ingest", "plot"),
    *_stage_files("ingest", "01_ingest.ipynb"),
    # clean
    Entry(
        "clean",
        "data/processed/clean.parquet",
        "clean",
        "table",
        "framelab.schemas:CLEAN_SCHEMA",
    ),
    Entry(
        "clean_audit",
        "data/processed/clean_audit.parquet",
        "clean",
        "table",
        "framelab.schemas:AUDIT_SCHEMA",
    ),
    Entry(
        "clean_rejects",
        "data/processed/clean_rejects.parquet",
        "clean",
        "table",
        "framelab.schemas:REJECTS_SCHEMA",
    ),
    Entry("clean_metrics", "reports/metrics/clean.json", "clean", "metrics"),
    Entry("clean_plot", "reports/plots/clean_removed_by_rule.csv", "clean", "plot"),
    *_stage_files("clean", "02_clean.ipynb"),
    # annotate
    Entry(
        "tokens",
        "data/processed/tokens",
        "annotate",
        "folder",
        "framelab.schemas:TOKENS_SCHEMA",
    ),
    Entry(
        "entities",
        "data/processed/entities",
        "annotate",
        "folder",
        "framelab.schemas:ENTITIES_SCHEMA",
    ),
    Entry(
        "annotate_status",
        "data/processed/annotate_status.parquet",
        "annotate",
        "table",
        "framelab.schemas:STATUS_SCHEMA",
    ),
    Entry("annotate_metrics", "reports/metrics/annotate.json", "annotate", "metrics"),
    Entry("annotate_plot", "reports/plots/annotate_sentence_lengths.csv", "annotate", "plot"),
    *_stage_files("annotate", "03_annotate.ipynb"),
    # quotes
    Entry(
        "quotes",
        "data/processed/quotes.parquet",
        "quotes",
        "table",
        "framelab.schemas:QUOTES_SCHEMA",
    ),
    Entry(
        "quotes_rejects",
        "data/processed/quotes_rejects.parquet",
        "quotes",
        "table",
        "framelab.schemas:REJECTS_SCHEMA",
    ),
    Entry("quotes_metrics", "reports/metrics/quotes.json", "quotes", "metrics"),
    Entry("quotes_plot", "reports/plots/quotes_by_cue_class.csv", "quotes", "plot"),
    *_stage_files("quotes", "04_quotes.ipynb"),
    # dates
    Entry(
        "timexes",
        "data/processed/timexes.parquet",
        "dates",
        "table",
        "framelab.schemas:TIMEX_SCHEMA",
    ),
    Entry(
        "dates_rejects",
        "data/processed/dates_rejects.parquet",
        "dates",
        "table",
        "framelab.schemas:REJECTS_SCHEMA",
    ),
    Entry("dates_metrics", "reports/metrics/dates.json", "dates", "metrics"),
    Entry("dates_plot", "reports/plots/dates_by_type.csv", "dates", "plot"),
    *_stage_files("dates", "05_dates.ipynb"),
    # framing (one parquet + CSV per table of framelab.framing.TABLES in the folder)
    Entry("framing", "data/processed/framing", "framing", "folder"),
    Entry("framing_metrics", "reports/metrics/framing.json", "framing", "metrics"),
    Entry("framing_plot", "reports/plots/framing_share_of_voice.csv", "framing", "plot"),
    Entry(
        "framing_prevalence_plot", "reports/plots/framing_frame_prevalence.csv", "framing", "plot"
    ),
    Entry("framing_focus_plot", "reports/plots/framing_temporal_focus.csv", "framing", "plot"),
    *_stage_files("framing", "06_framing.ipynb"),
    # report
    Entry("report", "reports/report.html", "report", "page"),
    *_stage_files("report", "07_report.ipynb"),
)

CATALOG: dict[str, Entry] = {e.name: e for e in ENTRIES}


def entry(name: str) -> Entry:
    """The catalog entry ``name`` (KeyError naming the known entries otherwise)."""
    try:
        return CATALOG[name]
    except KeyError:
        raise KeyError(f"no catalog entry {name!r}; known: {', '.join(CATALOG)}") from None


def path(name: str, root: str | os.PathLike[str] | None = None) -> Path:
    """Where ``name`` lives: relative to the project root, or under ``root`` when given."""
    relative = Path(entry(name).path)
    return Path(root) / relative if root is not None else relative


def schema(name: str) -> dict[str, str]:
    """The producer's schema (column -> dtype) of table ``name``."""
    spec = entry(name).schema
    if spec is None:
        raise KeyError(f"catalog entry {name!r} has no declared schema")
    module, _, attr = spec.partition(":")
    return getattr(importlib.import_module(module), attr)


def stage_entries(stage: str) -> list[Entry]:
    """Everything ``stage`` writes, in declaration order."""
    return [e for e in ENTRIES if e.stage == stage]
