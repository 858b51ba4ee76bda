"""The report stage's parameters (``params.yaml`` section ``report``), validated in one place."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from ..errors import FramelabError


@dataclass(frozen=True)
class ReportOptions:
    """What the report shows.

    ``max_groups``: groups drawn in the figures with one row per group (share of voice, frame
    prevalence, temporal focus) -- the largest by articles analysed; ``max_panels``: groups
    drawn in the figures with one panel per group (cue classes, Fightin' Words). A figure that
    leaves groups out says so in its caption; the tables keep every group.
    """

    title: str = "framelab report"
    top_terms: int = 15
    max_groups: int = 20
    max_panels: int = 6


WHOLE_NUMBERS = ("top_terms", "max_groups", "max_panels")


def report_options(params: dict[str, Any] | None = None) -> ReportOptions:
    """:class:`ReportOptions` from the ``report`` section; unknown keys and bad values raise
    :class:`FramelabError` naming the key."""
    params = dict(params or {})
    known = {f.name for f in fields(ReportOptions)}
    unknown = sorted(set(params) - known)
    if unknown:
        raise FramelabError(
            f"unknown report parameter(s): {', '.join(unknown)} (known: {', '.join(sorted(known))})"
        )
    values: dict[str, Any] = {}
    if "title" in params:
        title = params["title"]
        if isinstance(title, dict | list) or title is None:
            raise FramelabError(
                f"params.yaml report.title must be text, got {title!r} "
                "(quote a title that contains ': ')"
            )
        values["title"] = str(title)
    for key in WHOLE_NUMBERS:
        if key in params:
            values[key] = _whole_number(key, params[key])
    return ReportOptions(**values)


def _whole_number(key: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise FramelabError(f"params.yaml report.{key} must be a whole number >= 1, got {value!r}")
    try:
        number = float(value)
    except ValueError:
        number = float("nan")
    if not number.is_integer() or number < 1:
        raise FramelabError(f"params.yaml report.{key} must be a whole number >= 1, got {value!r}")
    return int(number)
