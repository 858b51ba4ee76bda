"""The clean stage's parameters (``params.yaml`` section ``clean``): defaults declared once here."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..params import ParamsError, bounded, build_params, choice, fail
from .html import EXTRACTORS
from .lines import RULES, LineParams
from .outlet import RepeatParams

INF = float("inf")


@dataclass(frozen=True)
class CleanParams:
    """All parameters of the clean stage (the keys of ``params.yaml``'s ``clean`` section)."""

    html_extractor: str = choice("auto", EXTRACTORS)
    min_html_chars: int = 500
    rules: tuple[str, ...] = RULES
    repeat_min_docs: int = bounded(3, 1, INF)
    repeat_min_share: float = bounded(0.1, 0.0, 1.0)
    repeat_max_doc_share: float = bounded(0.8, 0.0, 1.0)
    phrase_ngram: int = bounded(4, 2, 12)
    phrase_min_chars: float = bounded(40.0, 0.0, INF)
    phrase_max_gap: int = bounded(2, 0, 10)
    label_max_words: int = bounded(3, 1, 8)
    label_max_inline_share: float = bounded(0.1, 0.0, 1.0)
    label_min_nonsentence: float = bounded(0.5, 0.0, 1.0)
    furniture_lexicon: str | None = None
    foreign_max_chars: int = 40
    justext_length_low: int = 70
    justext_length_high: int = 200
    justext_stopwords_low: float = 0.30
    justext_stopwords_high: float = 0.32
    max_heading_distance: int = 200
    min_sentence_words: int = 4
    justext_mode: str = choice("block", ("block", "classic"))
    block_min_penalty: float = 150.0
    chrome_lexicon: str | None = None
    dedup_threshold: float = 0.8
    dedup_num_perm: int = 128
    dedup_shingle: int = 5

    @classmethod
    def from_mapping(cls, params: Mapping[str, Any]) -> CleanParams:
        """Validated parameters from a mapping (:func:`framelab.params.build_params`)."""
        return build_params(cls, params, "clean")

    def check(self) -> None:
        bad = sorted(set(self.rules) - set(RULES))
        if bad:
            raise ParamsError(f"clean.rules: unknown clean rule(s) {bad}; choose from {RULES}")
        if not 0 < self.dedup_threshold < 1:
            raise fail(
                "clean",
                "dedup_threshold",
                f"must be between 0 and 1 (exclusive), got {self.dedup_threshold!r}",
            )

    def line_params(self) -> LineParams:
        return LineParams(
            rules=self.rules,
            repeat_min_docs=self.repeat_min_docs,
            repeat_min_share=self.repeat_min_share,
            repeat_max_doc_share=self.repeat_max_doc_share,
            foreign_max_chars=self.foreign_max_chars,
            length_low=self.justext_length_low,
            length_high=self.justext_length_high,
            stopwords_low=self.justext_stopwords_low,
            stopwords_high=self.justext_stopwords_high,
            max_heading_distance=self.max_heading_distance,
            min_sentence_words=self.min_sentence_words,
            chrome_lexicon=self.chrome_lexicon,
            furniture_lexicon=self.furniture_lexicon,
            block_mode="block" if self.justext_mode == "block" else "none",
            furniture=self.justext_mode == "block",
            title_lookback=15 if self.justext_mode == "block" else 0,
            block_min_penalty=self.block_min_penalty,
        )

    def repeat_params(self) -> RepeatParams:
        return RepeatParams(
            min_docs=self.repeat_min_docs,
            min_share=self.repeat_min_share,
            max_doc_share=self.repeat_max_doc_share,
            ngram=self.phrase_ngram,
            phrase_min_chars=self.phrase_min_chars,
            phrase_max_gap=self.phrase_max_gap,
            label_max_words=self.label_max_words,
            label_max_inline_share=self.label_max_inline_share,
            label_min_nonsentence=self.label_min_nonsentence,
        )
