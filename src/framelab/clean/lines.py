"""The lines of a text dump and the features every line rule uses (scripts, weighted length).

A text dump is split once into its non-empty lines (:class:`Line`, with offsets into ``raw``);
the rules (``rules.py``), the jusText-style classifier (``justext.py``) and the outlet-level
repetition rules (``repeats.py``) all work on these lines.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from .lexicon import classifier_data, line_key, script_regex

RULES = (
    "lexicon",
    "furniture",
    "repeated",
    "repeated_phrase",
    "repeated_label",
    "self_repeat",
    "foreign_script",
    "justext",
)


@dataclass(frozen=True)
class LineParams:
    """Tunable thresholds of the line rules (``params.yaml`` section ``clean``)."""

    rules: tuple[str, ...] = RULES
    repeat_min_docs: int = 3
    repeat_min_share: float = 0.3
    repeat_max_doc_share: float = 0.8
    foreign_max_chars: int = 40
    length_low: int = 70
    length_high: int = 200
    stopwords_low: float = 0.30
    stopwords_high: float = 0.32
    max_heading_distance: int = 200
    min_sentence_words: int = 4
    chrome_lexicon: str | None = None
    furniture_lexicon: str | None = None
    block_mode: str = "block"
    block_min_penalty: float = 150.0
    block_short_factor: float = 1.0
    block_neargood: bool = True
    furniture: bool = True
    block_keep_soft_bad: bool = True
    title_lookback: int = 15
    block_nonsentence_factor: float = 0.15
    title_min_overlap: float = 0.5


@dataclass
class Line:
    """One non-empty line of a text dump, with the features the rules use."""

    no: int  # 0-based index in text.split("\n")
    start: int
    end: int
    text: str
    key: str
    n_words: int
    scripts: Counter[str] = field(default_factory=Counter)
    _cache: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def n_letters(self) -> int:
        return sum(self.scripts.values())


@lru_cache(maxsize=65536)
def _char_script(ch: str) -> str | None:
    m = script_regex().match(ch)
    return m.lastgroup if m else None


def _scripts(text: str) -> Counter[str]:
    """Letters per script (each distinct character is looked up once, then cached)."""
    counts: Counter[str] = Counter()
    for ch, n in Counter(text).items():
        script = _char_script(ch)
        if script:
            counts[script] += n
    return counts


def split_lines(raw: str) -> list[Line]:
    """The non-empty lines of ``raw`` with offsets (``\\r`` and surrounding blanks excluded)."""
    lines: list[Line] = []
    pos = 0
    for no, chunk in enumerate(raw.split("\n")):
        start, end = pos, pos + len(chunk)
        pos = end + 1
        stripped = chunk.strip()
        if not stripped:
            continue
        lead = len(chunk) - len(chunk.lstrip())
        start, end = start + lead, start + lead + len(stripped)
        lines.append(
            Line(
                no,
                start,
                end,
                stripped,
                line_key(stripped),
                len(stripped.split()),
                _scripts(stripped),
            )
        )
    return lines


def dominant_script(lines: Iterable[Line]) -> str | None:
    total: Counter[str] = Counter()
    for line in lines:
        total.update(line.scripts)
    return total.most_common(1)[0][0] if total else None


def weighted_length(line: Line) -> float:
    """Length in characters, CJK characters weighted (``length_weight`` in classifier.yaml)."""
    cached = line._cache.get("wlen")
    if cached is None:
        weights = classifier_data().get("length_weight") or {}
        extra = sum((weights.get(s, 1.0) - 1.0) * n for s, n in line.scripts.items())
        cached = line._cache["wlen"] = len(line.text) + extra
    return cached


def ends_like_sentence(text: str) -> bool:
    """Does ``text`` end with sentence-final punctuation (``sentence_final`` in classifier.yaml)?"""
    return bool(text) and text[-1] in classifier_data()["sentence_final"]


def weighted_text_length(text: str) -> float:
    """:func:`weighted_length` of any piece of text (a phrase inside a line)."""
    weights = classifier_data().get("length_weight") or {}
    return len(text) + sum((weights.get(s, 1.0) - 1.0) * n for s, n in _scripts(text).items())
