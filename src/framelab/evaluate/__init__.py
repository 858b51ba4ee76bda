"""Scoring framelab's extraction against gold data in the shared evaluation format.

One module per task (``clean``, ``quotes``, ``dates``, ``frames``); each exposes

* ``METRIC_KEYS``: the metric names, in print order;
* ``add_arguments(parser)``: task-specific CLI options (may do nothing);
* ``evaluate_file(path, options) -> {"overall": {...}, "by_language": {LANG: {...}}}``.

:func:`framelab.evaluate.common.evaluate_paths` runs a task over several gold files and builds the
JSON layout ``{"files": {PATH: {"overall": ..., "by_language": ...}}}`` that every task shares.
"""

TASKS = ("clean", "quotes", "dates", "frames")
