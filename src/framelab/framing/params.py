"""The framing stage's parameters (``params.yaml`` section ``framing``): defaults declared once here.

docs/framing.md and docs/frames-validation.md explain each key; ``params.yaml`` carries a one-line
comment per key.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..errors import FramelabError
from ..params import ParamsError, as_mapping, bounded, build_params, choice


@dataclass(frozen=True)
class FramingParams:
    group_by: str = "outlet"
    actors_codebook: str = "data/codebooks/actors-south-caucasus.yaml"
    frames_codebook: str = "data/codebooks/frames.yaml"
    contested_codebook: str | None = None
    bootstrap_resamples: int = bounded(1000, 0, expect="a whole number >= 0")
    seed: int = 20231128
    prior: float = 0.01
    prior_kind: str = choice("informative", ("informative", "uniform"))
    min_term_freq: int = 3
    around_days: int = 7
    exclude_duplicates: bool = True
    top_terms: int = 200
    frame_min_hits: int = 2
    frame_min_terms: int = 2
    frame_min_per_1000_words: float = 0.0
    frame_short_text_words: int = 0
    frame_measure: str = "lexicon"
    frame_model: str | None = None
    frame_validation: str | None = "auto"
    frame_agreement_threshold: float = 0.667
    speaker_neighbours: int = 5
    speaker_agreement: float = 0.6
    speaker_window_days: int = 365
    unresolved_top: int = bounded(200, 0, expect="a whole number >= 0")

    @classmethod
    def from_mapping(cls, params: Mapping[str, Any] | None) -> FramingParams:
        return build_params(cls, params, "framing")

    def check(self) -> None:
        """What depends on several keys or on other framing modules."""
        from .pipeline import presence_rule, speaker_settings
        from .validation import check_frame_params

        values = as_mapping(self)
        try:
            check_frame_params(values)
            speaker_settings(values)
            presence_rule(values)
        except ParamsError:
            raise
        except FramelabError as err:
            raise ParamsError(str(err)) from None
        if self.contested_codebook is not None and not self.contested_codebook.strip():
            raise ParamsError(
                "framing parameter contested_codebook must be null (no contested-terms measure) "
                f"or the path of a contested-terms codebook, got {self.contested_codebook!r}"
            )
