"""The quotes stage's parameters (``params.yaml`` section ``quotes``): defaults declared once here."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..params import bounded, build_params, choice


@dataclass(frozen=True)
class QuotesParams:
    """``use_parse``: ``auto`` uses the annotate stage's tokens where present, ``never`` keeps to
    the rule path; ``cue_lexicon``: a folder of ``cues_<lang>.yaml`` / ``actors_<lang>.yaml``
    merged over the packaged lexicons (null = packaged only); ``min_quote_chars``: shorter quotes
    are dropped."""

    use_parse: str = choice("auto", ("auto", "never"))
    cue_lexicon: str | None = None
    min_quote_chars: int = bounded(3, 0)

    @classmethod
    def from_mapping(cls, params: Mapping[str, Any] | None) -> QuotesParams:
        return build_params(cls, params, "quotes")
