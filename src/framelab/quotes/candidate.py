"""A quote candidate found by the rules, and the span helpers the candidate builders share."""

from __future__ import annotations

from dataclasses import dataclass, field

from .cues import CueMatch
from .lexicon import Lexicon
from .speakers import Mention, has_head, make_mention
from .text import MarkedSpan, TextView, Token

TRAILING_PUNCT = ".,;:!?؟،؛…-–—"


@dataclass
class Candidate:
    """A quote found by the rules, before speaker resolution."""

    start: int
    end: int
    type: str
    cue: CueMatch | None
    speaker: Mention | None
    speaker_mode: str  # explicit | pronoun | null | previous
    nested: bool = False
    marked: list[MarkedSpan] = field(default_factory=list)
    attribution: str = ""  # tail | head | colon | indirect | according | floating | attitude
    extra: Candidate | None = None  # a second piece of the same report (parenthetical cue)
    scope: str = "core"  # core | extended (a noun complement: نفى وجود نقص)
    host: Candidate | None = None  # a participle's main report, whose speaker it shares


# --------------------------------------------------------------------------- helpers


def sentence_bounds(view: TextView, tok_index: int) -> tuple[int, int]:
    return view.sentences[view.tokens[tok_index].sentence]


def trim_end(text: str, start: int, end: int) -> int:
    while end > start and (text[end - 1].isspace() or text[end - 1] in TRAILING_PUNCT):
        end -= 1
    return end


def word_count(view: TextView, start: int, end: int) -> int:
    return view.words_between(start, end)


def marked_containing(view: TextView, pos: int) -> MarkedSpan | None:
    return view.marked_containing(pos)


def mention_with_head(view: TextView, lex: Lexicon, toks: list[Token]) -> Mention | None:
    if not toks or not has_head(toks, lex):
        return None
    return make_mention(view, lex, toks)


def skip_words(view: TextView, j: int, words: frozenset[str], limit: int) -> int:
    while j < limit and view.tokens[j].norm in words:
        j += 1
    return j


def is_abbrev_dot(view: TextView, lex: Lexicon, i: int) -> bool:
    tok = view.tokens[i]
    if tok.text != "." or i == 0:
        return False
    prev = view.tokens[i - 1]
    return prev.end == tok.start and (
        prev.norm in lex.abbreviations or (len(prev.text) == 1 and prev.text.isupper())
    )


def marked_starting_at(view: TextView, pos: int) -> bool:
    return marked_at(view, pos) is not None


def marked_at(view: TextView, pos: int) -> MarkedSpan | None:
    return view.marked_at(pos)


def clause_end(view: TextView, tok_index: int) -> int:
    _, last = sentence_bounds(view, tok_index)
    return view.tokens[last - 1].end


def clause_candidate(
    view: TextView,
    cue: CueMatch,
    mention: Mention | None,
    mode: str,
    span: tuple[int, int],
    enclosing: MarkedSpan | None,
    *,
    min_words: int,
    attribution: str,
) -> Candidate | None:
    """An indirect quote over the clause ``span``: cut at the enclosing quote mark (if any),
    trimmed, extended over a closing mark; None below ``min_words`` words."""
    start, end = span
    if enclosing is not None:
        end = min(end, enclosing.end)
    end = extend_over_marks(view, start, trim_end(view.text, start, end))
    if word_count(view, start, end) < min_words:
        return None
    return Candidate(
        start,
        end,
        "indirect",
        cue,
        mention,
        mode,
        nested=enclosing is not None,
        attribution=attribution,
    )


def extend_over_marks(view: TextView, start: int, end: int) -> int:
    """Include the closing mark of a quoted fragment that ends the clause (marks do not overlap,
    so only the last one opening inside the clause can)."""
    inside = view.marked_opening_in(start, end)
    if inside:
        m = inside[-1]
        if m.close_pos is not None and m.close_pos >= end - 1:
            end = max(end, m.close_pos + 1)
    return end
