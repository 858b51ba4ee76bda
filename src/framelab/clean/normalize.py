"""Character normalisation with an exact offset map back to the source string.

The clean text is built piece by piece from slices of a source string (the raw text dump, or the
text an HTML extractor returned). A piece is either *copied* (identical characters: it becomes an
aligned run ``(offset_clean, offset_raw, offset_len)`` with ``text[c:c+n] == source[r:r+n]``) or
*changed* (NFC composition, NFKC of presentation forms, tab or newline turned into a space, the
``\\n\\n`` between paragraphs: it has no run). Removed characters (tatweel, zero-width and bidi
controls, surplus whitespace) leave a gap. Which characters are dropped, protected from NFC or
folded with NFKC is data: ``resources/clean/normalize.yaml``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from ..resources import load_resource

PARAGRAPH_SEPARATOR = "\n\n"


@dataclass(frozen=True)
class NormalizeConfig:
    """Compiled normalisation rules."""

    token_re: re.Pattern[str]
    protected_re: re.Pattern[str]
    compatibility_re: re.Pattern[str] | None = None  # runs folded with NFKC


def _char_class(code_points: list[int]) -> str:
    return "".join(re.escape(chr(c)) for c in code_points)


def _range_class(ranges: list[list[int]]) -> str:
    return "".join(f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges)


@lru_cache(maxsize=4)
def load_normalize_config(override: str | None = None) -> NormalizeConfig:
    """Compile ``normalize.yaml`` (or a user's file of the same layout)."""
    data = load_resource("clean", "normalize.yaml", override=override)
    drop = _char_class([int(c) for c in data["drop"]])
    protected = _range_class(data["protected"])
    # One token per: run of dropped chars | run of whitespace | run of words joined by single spaces.
    token_re = re.compile(
        rf"(?P<drop>[{drop}]+)|(?P<ws>\s+)|(?P<keep>[^\s{drop}]+(?: [^\s{drop}]+)*)"
    )
    protected_re = re.compile(rf"[{protected}]+")
    compatibility = data.get("compatibility") or []
    compatibility_re = re.compile(rf"[{_range_class(compatibility)}]+") if compatibility else None
    return NormalizeConfig(token_re, protected_re, compatibility_re)


@dataclass
class TextBuilder:
    """Accumulates clean text and its aligned runs into a source string."""

    parts: list[str] = field(default_factory=list)
    length: int = 0
    offset_clean: list[int] = field(default_factory=list)
    offset_raw: list[int] = field(default_factory=list)
    offset_len: list[int] = field(default_factory=list)

    def copy(self, text: str, source_start: int) -> None:
        """Append characters identical to ``source[source_start:source_start+len(text)]``."""
        if not text:
            return
        n = len(text)
        if (
            self.offset_len
            and self.offset_clean[-1] + self.offset_len[-1] == self.length
            and self.offset_raw[-1] + self.offset_len[-1] == source_start
        ):
            self.offset_len[-1] += n  # extends the previous run
        else:
            self.offset_clean.append(self.length)
            self.offset_raw.append(source_start)
            self.offset_len.append(n)
        self.parts.append(text)
        self.length += n

    def change(self, text: str) -> None:
        """Append characters with no exact counterpart in the source (no run)."""
        if text:
            self.parts.append(text)
            self.length += len(text)

    def text(self) -> str:
        return "".join(self.parts)

    def ends_with_space(self) -> bool:
        return bool(self.parts) and self.parts[-1].endswith(" ")


def _append_nfc(builder: TextBuilder, segment: str, start: int) -> None:
    """Append ``segment`` in NFC: unchanged clusters are copied, recomposed ones are changed."""
    if unicodedata.is_normalized("NFC", segment):
        builder.copy(segment, start)
        return
    cluster_start = 0
    for i in range(1, len(segment) + 1):
        if i < len(segment) and unicodedata.combining(segment[i]):
            continue
        cluster = segment[cluster_start:i]
        composed = unicodedata.normalize("NFC", cluster)
        if composed == cluster:
            builder.copy(cluster, start + cluster_start)
        else:
            builder.change(composed)
        cluster_start = i


def nfkc_form(run: str) -> str:
    """NFKC of a run of presentation forms, character by character; an isolated haraka form
    (U+FE70..FE7F: a space plus the mark under NFKC) gives the mark alone, so a word stays one."""
    out = []
    for ch in run:
        folded = unicodedata.normalize("NFKC", ch)
        if len(folded) == 2 and folded[0] == " " and unicodedata.combining(folded[1]):
            folded = folded[1]
        out.append(folded)
    return "".join(out)


def _append_keep(builder: TextBuilder, piece: str, start: int, config: NormalizeConfig) -> None:
    """Append a run of words: presentation forms folded with NFKC (changed), protected script
    (Arabic) verbatim, everything else NFC."""
    folding = config.compatibility_re
    if folding is not None and not piece.isascii() and folding.search(piece):
        pos = 0
        for m in folding.finditer(piece):
            if m.start() > pos:
                _append_letters(builder, piece[pos : m.start()], start + pos, config)
            builder.change(nfkc_form(m.group()))
            pos = m.end()
        if pos < len(piece):
            _append_letters(builder, piece[pos:], start + pos, config)
        return
    _append_letters(builder, piece, start, config)


def _append_letters(builder: TextBuilder, piece: str, start: int, config: NormalizeConfig) -> None:
    """Append text without presentation forms: protected script verbatim, the rest NFC."""
    if unicodedata.is_normalized("NFC", piece):
        builder.copy(piece, start)
        return
    pos = 0
    for m in config.protected_re.finditer(piece):
        if m.start() > pos:
            _append_nfc(builder, piece[pos : m.start()], start + pos)
        builder.copy(m.group(), start + m.start())
        pos = m.end()
    if pos < len(piece):
        _append_nfc(builder, piece[pos:], start + pos)


def append_normalized(
    builder: TextBuilder, source: str, start: int, end: int, config: NormalizeConfig
) -> None:
    """Append ``source[start:end]`` normalised as one paragraph: drop characters, NFC outside
    protected scripts, whitespace runs collapsed to one space, no leading/trailing whitespace."""
    pending_space: int | None = None  # source index of a whitespace run not yet emitted
    emitted_any = False
    for m in config.token_re.finditer(source, start, end):
        kind = m.lastgroup
        if kind == "drop":
            continue
        if kind == "ws":
            if pending_space is None:
                pending_space = m.start()
            continue
        if pending_space is not None and emitted_any and not builder.ends_with_space():
            if source[pending_space] == " ":
                builder.copy(" ", pending_space)
            else:
                builder.change(" ")
        pending_space = None
        _append_keep(builder, m.group(), m.start(), config)
        emitted_any = True


def normalize_paragraphs(
    source: str, spans: list[tuple[int, int]], config: NormalizeConfig | None = None
) -> TextBuilder:
    """Normalise each ``source[start:end]`` span as a paragraph, joined by ``\\n\\n``.

    Spans that normalise to nothing are skipped (no empty paragraphs)."""
    config = config or load_normalize_config()
    builder = TextBuilder()
    for start, end in spans:
        before = builder.length
        if builder.length:
            builder.change(PARAGRAPH_SEPARATOR)
        mark = builder.length
        n_runs = len(builder.offset_len)
        append_normalized(builder, source, start, end, config)
        if builder.length == mark:  # nothing kept: undo the separator
            builder.parts = builder.parts[: len(builder.parts) - (1 if before else 0)]
            builder.length = before
            del (
                builder.offset_clean[n_runs:],
                builder.offset_raw[n_runs:],
                builder.offset_len[n_runs:],
            )
    return builder


def normalize_text(text: str, config: NormalizeConfig | None = None) -> str:
    """The normalised form of one string (as a single paragraph); used for matching keys."""
    builder = TextBuilder()
    append_normalized(builder, text, 0, len(text), config or load_normalize_config())
    return builder.text()
