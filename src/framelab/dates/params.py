"""The dates stage's parameters (``params.yaml`` section ``dates``): defaults declared once here."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..params import bounded, build_params


def language_list(languages: str | Sequence[str]) -> list[str]:
    """Language codes from a list, or from a string as passed on a command line (papermill
    ``-p languages '["ar", "en"]'``, ``"ar,en"`` or ``"ar"``)."""
    if not isinstance(languages, str):
        return [str(code) for code in languages]
    try:
        parsed = json.loads(languages)
    except ValueError:
        parsed = None
    if isinstance(parsed, list):
        return [str(code) for code in parsed]
    return [code for code in re.split(r"[\s,;]+", languages) if code]


def _languages(value: Any) -> tuple[str, ...] | None:
    return None if value is None else tuple(language_list(value))


@dataclass(frozen=True)
class DatesParams:
    """``lexicon``: a folder of ``<lang>.yaml`` pattern files (null = the packaged patterns);
    ``languages``: the languages read (null = every language with patterns; others are rejected);
    ``focus_window_days``: mentions within +-N days of publication count as "around
    publication"."""

    lexicon: str | None = None
    languages: tuple[str, ...] | None = field(
        default=("ar", "en", "fr", "de", "ru", "tr"), metadata={"convert": _languages}
    )
    focus_window_days: int = bounded(7, 0)

    @classmethod
    def from_mapping(cls, params: Mapping[str, Any] | None) -> DatesParams:
        return build_params(cls, params, "dates")
