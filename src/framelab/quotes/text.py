"""Tokens, sentences, paragraphs and quotation-mark spans of a clean text (rule path).

Everything here works on plain text with character offsets; no model is needed. Sentence
splitting is deliberately simple (terminal punctuation, line breaks, an abbreviation list per
language) because quote spans are bounded by quotation marks and paragraphs first. A sentence
longer than ``MAX_SENTENCE_TOKENS`` tokens is cut (at a comma when there is one), so that no rule
ever looks through more than that many tokens around a cue: the whole stage stays linear in the
text length (an 8 MB text without a full stop is one line, not one sentence).

The view keeps indices (token starts, word counts, quotation-mark openings) so that the rules ask
"which quote contains this offset" or "how many words between these offsets" in logarithmic or
constant time.
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


MAX_SENTENCE_TOKENS = 400


@dataclass(slots=True)
class MarkedSpan:
    """Text between quotation marks. ``start``/``end`` exclude the marks and outer whitespace."""

    open_pos: int
    close_pos: int | None  # None: unbalanced, runs to the end of its line
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
        self._words_before = [0]
        for tok in self.tokens:
            self._words_before.append(self._words_before[-1] + tok.is_word)
        self._marked_starts = [m.start for m in self.marked]
        self._marked_opens = [m.open_pos for m in self.marked]
        self._marked_by_open = {m.open_pos: m for m in self.marked}

    def words_between(self, start: int, end: int) -> int:
        """Number of word tokens starting in [start, end)."""
        a, b = self.token_at(start), self.token_at(end)
        return self._words_before[b] - self._words_before[a] if b > a else 0

    def marked_containing(self, pos: int) -> MarkedSpan | None:
        """The quotation-mark span whose content contains ``pos`` (spans do not overlap)."""
        k = bisect.bisect_right(self._marked_starts, pos) - 1
        if k >= 0 and self.marked[k].start <= pos < self.marked[k].end:
            return self.marked[k]
        return None

    def marked_at(self, pos: int) -> MarkedSpan | None:
        """The quotation-mark span opening at character ``pos``."""
        return self._marked_by_open.get(pos)

    def marked_opening_in(self, start: int, end: int) -> list[MarkedSpan]:
        """Quotation-mark spans whose opening mark lies in [start, end)."""
        a = bisect.bisect_left(self._marked_opens, start)
        b = bisect.bisect_left(self._marked_opens, end)
        return self.marked[a:b]

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
    sentences = [piece for a, b in sentences for piece in _cap_sentence(tokens, a, b)]
    for s_idx, (a, b) in enumerate(sentences):
        for k in range(a, b):
            tokens[k].sentence = s_idx
    return sentences or [(0, 0)]


def _cap_sentence(tokens: list[Token], a: int, b: int) -> list[tuple[int, int]]:
    """A sentence cut into pieces of at most MAX_SENTENCE_TOKENS tokens, each ending after the
    last comma of its window when there is one."""
    pieces = []
    while b - a > MAX_SENTENCE_TOKENS:
        cut = a + MAX_SENTENCE_TOKENS
        for k in range(cut - 1, a + MAX_SENTENCE_TOKENS // 2, -1):
            if tokens[k].text in {",", "،", ";", "؛"}:
                cut = k + 1
                break
        pieces.append((a, cut))
        a = cut
    pieces.append((a, b))
    return pieces


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
        if text[j] == '"' and prev.isspace():
            return not _letter(nxt)  # a padded closer: " text "
        return not prev.isspace()
    if text[j] == "“":  # as a closer (German „…“ or sloppy “…“) it must not start a word
        return not _letter(nxt) or not prev.isspace()
    return True


def _can_open_padded(text: str, i: int) -> bool:
    """A straight double quote followed by a space (" text "): an opener when it does not end a
    word."""
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + 1] if i + 1 < len(text) else ""
    return text[i] == '"' and not _letter(prev) and nxt.isspace()


class _Closers:
    """Valid closing positions per opening mark, found once per text (regex + bisect), so that
    finding the closer of an opener never rescans the text."""

    def __init__(self, text: str, pairs: dict[str, list[str]], apostrophes: set[str]) -> None:
        chars = {c for closers in pairs.values() for c in closers} | set(pairs)
        pattern = re.compile("[" + "".join(re.escape(c) for c in sorted(chars)) + "]")
        self.positions = [m.start() for m in pattern.finditer(text)]
        closable = [j for j in self.positions if _can_close(text, j, apostrophes)]
        self.by_opener: dict[str, list[int]] = {}
        n = len(text)
        for opener, closers in pairs.items():
            wanted = set(closers)
            self.by_opener[opener] = [
                j
                for j in closable
                if text[j] in wanted
                and not (
                    text[j] == opener and opener != '"' and j + 1 < n and _letter(text[j + 1])
                )  # the same mark starting a word is a new opener, not a closer
            ]
        newlines = [m.start() for m in re.finditer("\n", text)]
        self.newlines = newlines
        self.n = n

    def line_end(self, pos: int) -> int:
        k = bisect.bisect_left(self.newlines, pos)
        return self.newlines[k] if k < len(self.newlines) else self.n

    def next_line_start(self, pos: int) -> int | None:
        """Start of the first non-blank line after the line containing ``pos``."""
        k = bisect.bisect_left(self.newlines, pos)
        return self.newlines[k] + 1 if k < len(self.newlines) else None

    def closer(self, opener: str, after: int, before: int) -> int | None:
        options = self.by_opener.get(opener, [])
        k = bisect.bisect_right(options, after)
        return options[k] if k < len(options) and options[k] < before else None


def find_marked_spans(
    text: str, paragraphs: list[tuple[int, int]], marks: dict[str, Any]
) -> list[MarkedSpan]:
    """Top-level quotation-mark spans. A mark without closer on its line continues on the next
    non-blank line when that line starts with the same opener (the multi-paragraph convention),
    else it runs to the end of its line. Marks nested inside a span are left in its content. A
    straight double quote padded with spaces (" text ") is a pair too."""
    pairs = {p["open"]: list(p["close"]) for p in marks.get("pairs") or []}
    if not pairs or not text:
        return []
    apostrophes = set(marks.get("apostrophes") or [])
    closers = _Closers(text, pairs, apostrophes)
    spans: list[MarkedSpan] = []
    k = 0
    positions = closers.positions
    while k < len(positions):
        i = positions[k]
        ch = text[i]
        padded = ch == '"' and _can_open_padded(text, i)
        if ch not in pairs or not (padded or _can_open(text, i, apostrophes)):
            k += 1
            continue
        close, end_limit = _find_closer(text, i, ch, closers, apostrophes)
        if close is None and (ch in apostrophes or padded):
            k += 1  # an unbalanced single quote is an apostrophe, not a quote
            continue
        content_end = close if close is not None else end_limit
        span = _trimmed(text, i + 1, content_end)
        if span is not None and span[1] > span[0]:
            spans.append(MarkedSpan(i, close, span[0], span[1]))
        resume = (close + 1) if close is not None else max(end_limit, i + 1)
        k = bisect.bisect_left(positions, resume, lo=k + 1)
    return spans


def _find_closer(
    text: str, i: int, opener: str, closers: _Closers, apostrophes: set[str]
) -> tuple[int | None, int]:
    """Position of the closing mark (or None) and the end of the region searched: the line of
    the opener and, for the multi-paragraph convention, the following lines that open with the
    same mark."""
    while True:
        line_end = closers.line_end(i)
        close = closers.closer(opener, i, line_end)
        if close is not None:
            return close, close
        nxt = closers.next_line_start(i)
        while (
            nxt is not None and nxt < len(text) and text[nxt : closers.line_end(nxt)].strip() == ""
        ):
            nxt = closers.next_line_start(nxt)
        if nxt is None or opener in apostrophes:
            return None, line_end
        first = nxt + (
            len(text[nxt : closers.line_end(nxt)]) - len(text[nxt : closers.line_end(nxt)].lstrip())
        )
        if first < len(text) and text[first] == opener and line_end < first:
            i = first
            continue
        return None, line_end


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
