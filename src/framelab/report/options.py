"""The report stage's parameters (``params.yaml`` section ``report``), validated in one place."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..params import build_params


def _text(value: Any) -> str:
    if isinstance(value, dict | list) or value is None:
        raise ValueError(f"must be text, got {value!r} (quote a title that contains ': ')")
    return str(value)


def _whole_number(value: Any) -> int:
    """``12``, ``12.0`` or ``"12"`` -> 12; anything else (``True``, ``2.5``, ``0``) is an error."""
    problem = f"must be a whole number >= 1, got {value!r}"
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ValueError(problem)
    try:
        number = float(value)
    except ValueError:
        number = float("nan")
    if not number.is_integer() or number < 1:
        raise ValueError(problem)
    return int(number)


def _whole(default: int) -> Any:
    return field(default=default, metadata={"convert": _whole_number})


@dataclass(frozen=True)
class ReportOptions:
    """What the report shows.

    ``max_groups``: groups drawn in the figures with one row per group (share of voice, frame
    prevalence, temporal focus) -- the largest by articles analysed; ``max_panels``: groups
    drawn in the figures with one panel per group (cue classes, Fightin' Words). A figure that
    leaves groups out says so in its caption; the tables keep every group.
    """

    title: str = field(default="framelab report", metadata={"convert": _text})
    top_terms: int = _whole(15)
    max_groups: int = _whole(20)
    max_panels: int = _whole(6)


def report_options(params: dict[str, Any] | None = None) -> ReportOptions:
    """:class:`ReportOptions` from the ``report`` section; unknown keys and bad values raise
    :class:`framelab.params.ParamsError` naming the key."""
    return build_params(ReportOptions, params, "report")
