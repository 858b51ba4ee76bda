"""Temporal expressions: found with multilingual patterns, normalised to TIMEX3 against the
publication date (news conventions), one row per expression in the ``timexes`` table.

Never imports stanza or torch. The optional HeidelTime backend (``framelab.evaluate.heideltime``) is
for evaluation and benchmarks only.
"""

from __future__ import annotations

from .extract import TIMEX_SCHEMA, Timex, extract_timexes, timexes_frame
from .grammar import available_languages, load_grammar
from .params import DatesParams
from .stage import run_dates, timexes_for_articles

__all__ = [
    "DatesParams",
    "TIMEX_SCHEMA",
    "Timex",
    "available_languages",
    "extract_timexes",
    "load_grammar",
    "run_dates",
    "timexes_for_articles",
    "timexes_frame",
]
