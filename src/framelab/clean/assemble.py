"""The clean text of an article from the pieces of ``raw`` that are kept, with its offset map.

Each kept line (text dumps) or extracted line (HTML) is one paragraph; a paragraph may be made of
several pieces when phrases were removed from inside the line, and those pieces are joined by
one space. Paragraphs are normalised (``normalize.append_normalized``: dropped characters, NFC
outside protected scripts, whitespace collapsed) and joined with ``\\n\\n``. A paragraph that
normalises to nothing is skipped before anything is appended, so the cost is linear in the
text (no undo of an appended separator).
"""

from __future__ import annotations

from collections.abc import Sequence

from .normalize import (
    PARAGRAPH_SEPARATOR,
    NormalizeConfig,
    TextBuilder,
    append_normalized,
    load_normalize_config,
)

Span = tuple[int, int]


def _has_content(source: str, start: int, end: int, config: NormalizeConfig) -> bool:
    """Does ``source[start:end]`` keep at least one character after normalisation?"""
    return any(m.lastgroup == "keep" for m in config.token_re.finditer(source, start, end))


def subtract(span: Span, holes: Sequence[Span]) -> list[Span]:
    """The parts of ``span`` outside the (sorted, non-overlapping) ``holes``."""
    start, end = span
    pieces, pos = [], start
    for h_start, h_end in holes:
        if h_start > pos:
            pieces.append((pos, min(h_start, end)))
        pos = max(pos, h_end)
    if pos < end:
        pieces.append((pos, end))
    return [(s, e) for s, e in pieces if e > s]


def assemble(
    source: str, paragraphs: Sequence[Sequence[Span]], config: NormalizeConfig | None = None
) -> TextBuilder:
    """Normalise each paragraph (a list of spans of ``source``, joined by one space) and join
    the paragraphs with ``\\n\\n``; spans and paragraphs that normalise to nothing are skipped."""
    config = config or load_normalize_config()
    builder = TextBuilder()
    for pieces in paragraphs:
        pieces = [(s, e) for s, e in pieces if _has_content(source, s, e, config)]
        if not pieces:
            continue
        if builder.length:
            builder.change(PARAGRAPH_SEPARATOR)
        for k, (start, end) in enumerate(pieces):
            if k and not builder.ends_with_space():
                builder.change(" ")
            append_normalized(builder, source, start, end, config)
    return builder
