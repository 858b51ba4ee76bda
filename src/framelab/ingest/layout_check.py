"""A chosen layout that fits none (or only some) of the files: say so, and name the layouts that
would read them, instead of ingesting 0 articles and letting every later stage run on nothing."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ..display import log_value
from ..errors import InputError
from .config import GENERIC_FORMATS, layouts, policy
from .sources import Source

MAX_EXAMPLES = 3


@dataclass
class LayoutFit:
    """Files a forced corpus layout skipped, and the layouts their names would fit."""

    n_skipped: int = 0
    examples: list[str] = field(default_factory=list)
    fitting_examples: list[str] = field(default_factory=list)  # skipped files another layout reads
    would_fit: Counter = field(default_factory=Counter)  # corpus layouts
    formats: Counter = field(default_factory=Counter)  # generic formats by file extension

    def record(self, source: Source, layout: str) -> None:
        self.n_skipped += 1
        if len(self.examples) < MAX_EXAMPLES:
            self.examples.append(source.source_path)
        fitting = layouts_fitting(source, exclude=layout)
        self.would_fit.update(fitting)
        if fitting and len(self.fitting_examples) < MAX_EXAMPLES:
            self.fitting_examples.append(source.source_path)
        fmt = extension_format(source.name)
        if fmt and not fitting:
            self.formats[fmt] += 1


def layouts_fitting(source: Source, *, exclude: str | None = None) -> list[str]:
    """Corpus layouts that would read ``source`` as an article: their article pattern and path
    (or the archive's name) fit it."""
    return [
        spec.name
        for spec in layouts().values()
        if spec.name != exclude
        and spec.is_article_member(source.name)
        and (spec.matches_path(source.name) or source.layout_hint == spec.name)
    ]


def extension_format(name: str) -> str | None:
    """The generic format a file name's extension names (``text``, ``html``, ...), if any."""
    files = policy()["files"]
    lower = name.lower()
    for fmt in GENERIC_FORMATS:
        key = "text_extensions" if fmt == "text" else f"{fmt}_extensions"
        if any(lower.endswith(ext) for ext in files.get(key, ())):
            return fmt
    return None


def expected_of(layout: str) -> str:
    """What ``layout`` reads, for an error line."""
    spec = layouts().get(layout)
    if spec is None:
        return f"{layout} files"
    return f"{spec.description} (article files matching {spec.member_pattern.pattern!r})"


def _suggestion(fit: LayoutFit) -> str:
    names = [name for name, _ in (fit.would_fit or fit.formats).most_common()]
    if names:
        return f"these files fit layout {' or '.join(names)}; set ingest.layout to it (or auto)"
    return "set ingest.layout to the corpus' layout (or auto); docs/ingest.md lists them"


def no_match_problem(layout: str, n_files: int, fit: LayoutFit) -> str:
    """The one-line problem when ``layout`` matched none of ``n_files`` files."""
    examples = ", ".join(log_value(e) for e in fit.fitting_examples or fit.examples)
    return (
        f"layout {layout!r} matched none of the {n_files} file(s) (e.g. {examples}); "
        f"expected {expected_of(layout)}; {_suggestion(fit)}"
    )


def partial_match_warning(layout: str, n_articles: int, fit: LayoutFit) -> str | None:
    """A warning when ``layout`` read some files and skipped others that another layout reads."""
    if not fit.n_skipped or not fit.would_fit:
        return None
    others = ", ".join(f"{name} {count}" for name, count in fit.would_fit.most_common())
    return (
        f"layout {layout!r} read {n_articles} article(s) but skipped {fit.n_skipped} file(s) "
        f"(e.g. {', '.join(log_value(e) for e in fit.fitting_examples)}), of which these fit other layouts: {others}"
    )


def require_articles(metrics: dict[str, Any], inputs: Sequence[str], layout: str) -> None:
    """Raise :class:`InputError` when an ingest (its ``ingest_metrics``) produced no article:
    every later stage would run on nothing and the report would be empty."""
    if not metrics.get("n_articles"):
        raise InputError(None, zero_articles_problem(metrics, inputs, layout))


def zero_articles_problem(metrics: dict[str, Any], inputs: Sequence[str], layout: str) -> str:
    """The one-line problem of an ingest that read inputs but produced no article."""
    rejects = metrics.get("rejects_by_reason") or {}
    reasons = ", ".join(f"{reason} {count}" for reason, count in rejects.items())
    parts = []
    if metrics.get("n_rejected"):
        parts.append(f"{metrics['n_rejected']} rejected ({reasons})")
    if metrics.get("n_skipped_files"):
        parts.append(f"{metrics['n_skipped_files']} file(s) skipped as not articles")
    detail = "; ".join(parts) or "nothing readable"
    return (
        f"{', '.join(map(str, inputs))}: 0 articles with layout {layout!r}: {detail}; "
        "see the rejects table and docs/ingest.md (formats and layouts)"
    )
