"""Cutting very long articles into chunks Stanza can take, without losing an offset.

A chunk is ``(start, text[start:end])``; consecutive chunks tile the text exactly, so offsets
found in a chunk plus its start index the whole text. Cuts go at paragraph breaks first, then after
sentence-final punctuation, then at whitespace, and only as a last resort inside a long run of
non-space characters (never between a base character and its combining marks). The punctuation
lists are data (``resources/nlp/segmentation.yaml``).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from ..resources import load_resource

Span = tuple[int, int]


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    spec = load_resource("nlp", "segmentation.yaml")
    finals = "".join(re.escape(c) for c in spec["sentence_final"])
    closers = "".join(re.escape(c) for c in spec["closing_marks"])
    paragraph = re.compile(spec["paragraph_break"])
    sentence = re.compile(rf"[{finals}]+[{closers}]*\s+")
    space = re.compile(r"\s+")
    return paragraph, sentence, space


def split_for_stanza(text: str, max_chars: int) -> list[tuple[int, str]]:
    """``[(start, chunk), ...]`` tiling ``text``, each chunk at most ``max_chars`` long."""
    if max_chars < 1:
        raise ValueError("max_chars must be positive")
    if len(text) <= max_chars:
        return [(0, text)]
    spans = _split_span(text, 0, len(text), max_chars, level=0)
    return [(s, text[s:e]) for s, e in spans]


def _split_span(text: str, start: int, end: int, max_chars: int, level: int) -> list[Span]:
    if end - start <= max_chars:
        return [(start, end)]
    patterns = _patterns()
    if level >= len(patterns):
        return _hard_cut(text, start, end, max_chars)
    units = _units(text, start, end, patterns[level])
    if len(units) == 1:
        return _split_span(text, start, end, max_chars, level + 1)
    spans: list[Span] = []
    for unit_start, unit_end in _pack(units, max_chars):
        spans.extend(_split_span(text, unit_start, unit_end, max_chars, level + 1))
    return spans


def _units(text: str, start: int, end: int, separator: re.Pattern[str]) -> list[Span]:
    """Pieces of ``text[start:end]``, each ending just after one separator match."""
    units: list[Span] = []
    cursor = start
    for match in separator.finditer(text, start, end):
        if match.end() > cursor and match.end() < end:
            units.append((cursor, match.end()))
            cursor = match.end()
    units.append((cursor, end))
    return units


def _pack(units: list[Span], max_chars: int) -> list[Span]:
    """Greedily merge consecutive units into spans of at most ``max_chars`` (longer units stay
    alone, to be split further)."""
    packed: list[Span] = []
    cur_start, cur_end = units[0]
    for unit_start, unit_end in units[1:]:
        if unit_end - cur_start <= max_chars:
            cur_end = unit_end
        else:
            packed.append((cur_start, cur_end))
            cur_start, cur_end = unit_start, unit_end
    packed.append((cur_start, cur_end))
    return packed


def _hard_cut(text: str, start: int, end: int, max_chars: int) -> list[Span]:
    spans: list[Span] = []
    cursor = start
    while end - cursor > max_chars:
        cut = cursor + max_chars
        while cut > cursor + 1 and unicodedata.combining(text[cut]):
            cut -= 1
        spans.append((cursor, cut))
        cursor = cut
    spans.append((cursor, end))
    return spans
