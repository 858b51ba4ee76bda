"""Tokens, sentences, paragraphs and quotation-mark spans of a clean text (rule path).

Everything here works on plain text with character offsets; no model is needed. Sentence
splitting is deliberately simple (terminal punctuation, line breaks, an abbreviation list per
language) because quote spans are bounded by quotation marks and paragraphs first.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Any

from .lexicon import Lexicon, normalise

_MARKS_CLASS = "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640"
WORD_RE = re.compile(
    rf"[^\W_][\w{_MARKS_CLASS}]*(?:[’'\-\.][^\W_][\w{_MARKS_CLASS}]*)*|[^\s\u200b-\u200f\u2060\ufeff]",
    re.UNICODE,
)
PARAGRAPH_BREAK_RE = re.compile(r"\n[ \t\r\f\v\u00a0]*\n")


@dataclass(slots=True)
class Token:
    """A word or a single punctuation character with its offsets."""

    index: int
    start: int
    end: int
    text: str
    norm: str
    is_word: bool
    sentence: int = 0

    @property
    def capitalised(self) -> bool:
        return self.text[:1].isupper()


@dataclass(slots=True)
class MarkedSpan:
    """Text between quotation marks. ``start``/``end`` exclude the marks and outer whitespace."""

    open_pos: int
    close_pos: int | None  # None: unbalanced, runs to the paragraph end
    start: int
    end: int


@dataclass
class TextView:
    """A text with its tokens, sentences, paragraphs and quotation-mark spans."""

    text: str
    tokens: list[Token]
    sentences: list[tuple[int, int]]  # (first token index, last token index + 1)
    paragraphs: list[tuple[int, int]]  # character spans
    marked: list[MarkedSpan]
    token_starts: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.token_starts = [t.start for t in self.tokens]
        self._para_starts = [p[0] for p in self.paragraphs]

    def token_at(self, pos: int) -> int:
        """Index of the first token starting at or after ``pos``."""
        return bisect.bisect_left(self.token_starts, pos)

    def sentence_of(self, pos: int) -> int:
        if not self.tokens:
            return 0
        idx = min(max(bisect.bisect_right(self.token_starts, pos) - 1, 0), len(self.tokens) - 1)
        return self.tokens[idx].sentence

    def paragraph_of(self, pos: int) -> int:
        return max(bisect.bisect_right(self._para_starts, pos) - 1, 0)


def tokenize(text: str) -> list[Token]:
    out = []
    for i, m in enumerate(WORD_RE.finditer(text)):
        word = m.group()
        is_word = word[0].isalnum()
        out.append(Token(i, m.start(), m.end(), word, normalise(word), is_word))
    return out


def split_paragraphs(text: str) -> list[tuple[int, int]]:
    """Character spans of paragraphs (blank-line separated), whitespace-trimmed, never empty."""
    spans = []
    pos = 0
    for m in [*PARAGRAPH_BREAK_RE.finditer(text), None]:
        end = m.start() if m else len(text)
        chunk = text[pos:end]
        stripped = chunk.strip()
        if stripped:
            s = pos + (len(chunk) - len(chunk.lstrip()))
            spans.append((s, s + len(stripped)))
        if m:
            pos = m.end()
    return spans or [(0, len(text))]


def split_sentences(
    text: str, tokens: list[Token], lexicon: Lexicon, marks: dict[str, Any]
) -> list[tuple[int, int]]:
    """Sentences as token-index ranges; sets ``Token.sentence``."""
    terminals = set(marks.get("terminals") or [])
    closers = set(marks.get("closers") or [])
    sentences: list[tuple[int, int]] = []
    first = 0
    n = len(tokens)
    i = 0
    while i < n:
        tok = tokens[i]
        boundary = False
        if tok.text in terminals and not _is_abbreviation(tokens, i, lexicon):
            j = i + 1
            while j < n and (tokens[j].text in terminals or tokens[j].text in closers):
                if tokens[j].start != tokens[j - 1].end:  # a detached mark opens the next sentence
                    break
                j += 1
            if j >= n or _next_starts_sentence(text, tokens, j):
                i = j - 1
                boundary = True
        if not boundary and i + 1 < n and "\n" in text[tok.end : tokens[i + 1].start]:
            boundary = True
        if boundary or i == n - 1:
            sentences.append((first, i + 1))
            first = i + 1
        i += 1
    for s_idx, (a, b) in enumerate(sentences):
        for k in range(a, b):
            tokens[k].sentence = s_idx
    return sentences or [(0, 0)]


def _is_abbreviation(tokens: list[Token], i: int, lexicon: Lexicon) -> bool:
    if tokens[i].text != "." or i == 0:
        return False
    prev = tokens[i - 1]
    if prev.end != tokens[i].start or not prev.is_word:
        return False
    if prev.norm in lexicon.abbreviations:
        return True
    return len(prev.text) == 1 and prev.text.isupper()  # an initial: "J. Smith"


def _next_starts_sentence(text: str, tokens: list[Token], j: int) -> bool:
    """A terminal ends a sentence when whitespace follows and the next word is not lower case."""
    prev, nxt = tokens[j - 1], tokens[j]
    if nxt.start == prev.end:  # "3.5", "U.S.A"
        return False
    first = nxt.text[0]
    return not first.islower()


def _letter(ch: str) -> bool:
    return ch.isalnum()


def _can_open(text: str, i: int, apostrophes: set[str]) -> bool:
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    if nxt.isspace() and text[i] not in "«»":
        return False
    if text[i] in apostrophes or text[i] == '"':
        return not _letter(prev) and not nxt.isspace()
    return not _letter(prev) or text[i] in "«„「『‚"


def _can_close(text: str, j: int, apostrophes: set[str]) -> bool:
    prev = text[j - 1] if j > 0 else " "
    nxt = text[j + 1] if j + 1 < len(text) else " "
    if text[j] in apostrophes or text[j] == '"':
        if _letter(prev) and _letter(nxt):
            return False
        return not prev.isspace()
    if text[j] == "“":  # as a closer (German „…“ or sloppy “…“) it must not start a word
        return not _letter(nxt) or not prev.isspace()
    return True


def find_marked_spans(
    text: str, paragraphs: list[tuple[int, int]], marks: dict[str, Any]
) -> list[MarkedSpan]:
    """Top-level quotation-mark spans. An opener without closer in its paragraph continues into
    the next paragraph when that one starts with the same opener (the multi-paragraph convention),
    else it runs to the paragraph end. Marks nested inside a span are left in its content."""
    pairs = {p["open"]: list(p["close"]) for p in marks.get("pairs") or []}
    apostrophes = set(marks.get("apostrophes") or [])
    para_end_of = {}
    for a, b in paragraphs:
        para_end_of[a] = b
    para_starts = [a for a, _ in paragraphs]
    spans: list[MarkedSpan] = []
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch not in pairs or not _can_open(text, i, apostrophes):
            i += 1
            continue
        closers = pairs[ch]
        p_idx = max(bisect.bisect_right(para_starts, i) - 1, 0)
        close, end_limit = _find_closer(text, i, ch, closers, paragraphs, p_idx, apostrophes)
        if close is None and ch in apostrophes:
            i += 1  # an unbalanced single quote is an apostrophe, not a quote
            continue
        content_end = close if close is not None else end_limit
        span = _trimmed(text, i + 1, content_end)
        if span is not None and span[1] > span[0]:
            spans.append(MarkedSpan(i, close, span[0], span[1]))
        i = (close + 1) if close is not None else max(end_limit, i + 1)
    return spans


def _find_closer(
    text: str,
    i: int,
    opener: str,
    closers: list[str],
    paragraphs: list[tuple[int, int]],
    p_idx: int,
    apostrophes: set[str],
) -> tuple[int | None, int]:
    """Position of the closing mark (or None) and the end of the region searched."""
    while True:
        para_end = paragraphs[p_idx][1] if p_idx < len(paragraphs) else len(text)
        for j in range(i + 1, para_end):
            if text[j] in closers and _can_close(text, j, apostrophes):
                if (
                    text[j] == opener
                    and j + 1 < len(text)
                    and _letter(text[j + 1])
                    and opener != '"'
                ):
                    continue  # the same mark starting a word is a new opener, not a closer
                return j, j
        nxt = p_idx + 1
        if (
            nxt < len(paragraphs)
            and text[paragraphs[nxt][0]] == opener
            and opener not in apostrophes
        ):
            p_idx = nxt
            i = paragraphs[nxt][0]
            continue
        return None, para_end


def _trimmed(text: str, a: int, b: int) -> tuple[int, int] | None:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return (a, b) if b > a else None


def build_view(text: str, lexicon: Lexicon, marks: dict[str, Any]) -> TextView:
    tokens = tokenize(text)
    paragraphs = split_paragraphs(text)
    sentences = split_sentences(text, tokens, lexicon, marks)
    marked = find_marked_spans(text, paragraphs, marks)
    return TextView(text, tokens, sentences, paragraphs, marked)
