"""The self-contained HTML report a researcher hands on (``reports/report.html``, stage ``report``).

Figures are drawn with matplotlib from the framing stage's tidy tables and embedded as base64 PNG,
so the file has no external dependencies. Every figure states where an interval is undefined
(a group with one article, no quotes, one group only) instead of drawing a misleading one, and
with many groups draws the largest and says so. The framing stage never imports this package:
editing the report's figures or HTML reruns only the report stage.

Modules: :mod:`.options` (the ``report`` params), :mod:`.inputs` (tables, metrics, which groups
to draw), :mod:`.plotting` (matplotlib helpers), :mod:`.figures` (one function per figure,
``FIGURES``), :mod:`.html` (page shell, escaping), :mod:`.sections` (one function per section,
``SECTIONS``), :mod:`.render` (``render_report``, ``write_report``).
"""

from .figures import FIGURES, Figure, build_figures
from .inputs import REPORT_TABLES, load_framing_tables, load_metrics
from .options import ReportOptions, report_options
from .render import render_report, write_report
from .sections import SECTIONS, ReportContext

__all__ = [
    "FIGURES",
    "REPORT_TABLES",
    "SECTIONS",
    "Figure",
    "ReportContext",
    "ReportOptions",
    "build_figures",
    "load_framing_tables",
    "load_metrics",
    "render_report",
    "report_options",
    "write_report",
]
