"""Candidate builders for quotation marks: attributed direct (or mixed) quotes, quoted fragments
with an attitude cue, and floating quote-only sentences."""

from __future__ import annotations

import bisect

from .attribution import (
    attribute_head,
    attribute_tail,
    introduction,
    speaker_for_cue,
    tail_after_sentence_end,
    tail_tokens,
)
from .candidate import Candidate, word_count
from .cues import CueMatch, cues_between
from .lexicon import Lexicon
from .speakers import Mention, is_arabic
from .text import MarkedSpan, TextView

FLOAT_PARAGRAPHS = 3


def covers_sentence(view: TextView, lex: Lexicon, m: MarkedSpan) -> bool:
    """Whether the marked span is the whole sentence (nothing but punctuation around it)."""
    i = view.token_at(m.open_pos)
    if i >= len(view.tokens):
        return False
    first, _ = view.sentences[view.tokens[i].sentence]
    head_words = [t for t in view.tokens[first:i] if t.is_word]
    tail = tail_tokens(view, m, lex) if m.close_pos is not None else []
    close_tok = view.token_at(m.close_pos) if m.close_pos is not None else None
    close_sentence = (
        view.tokens[close_tok].sentence
        if close_tok is not None and close_tok < len(view.tokens)
        else -1
    )
    tail_words = [t for t in tail if t.is_word and t.sentence == close_sentence]
    return not head_words and not tail_words


def direct_candidates(
    view: TextView,
    lex: Lexicon,
    cues: list[CueMatch],
    skip: set[int] | None = None,
    speakers: dict[int, tuple[Mention | None, str]] | None = None,
) -> tuple[list[Candidate], list[MarkedSpan]]:
    """Attributed direct (or mixed) quotes from quotation marks; returns also unattributed spans.

    ``skip``: opening positions of marks another builder already placed; ``speakers``: the
    speaker (and mode) another builder read for a cue, by the cue's first token, which replaces
    the speaker found here."""
    cues_by_token = {c.first: c for c in cues}
    out: list[Candidate] = []
    unattributed: list[MarkedSpan] = []
    speakers = speakers or {}
    for m in view.marked:
        if skip and m.open_pos in skip:
            continue
        tail = attribute_tail(view, lex, m, cues_by_token)
        if tail is not None and tail[0].first in speakers and tail[1] is None:
            tail = (tail[0], *speakers[tail[0].first])
        if tail is not None and tail_after_sentence_end(view, lex, m, tail[0]):
            # 'X said: “….” He added ...': the introduction wins over the next sentence's cue
            intro = introduction(view, lex, m, cues)
            if intro is not None:
                tail = None
        if tail is not None:
            cue, mention, mode = tail
            start, qtype = m.start, "direct"
            i = view.token_at(m.open_pos)
            if i < len(view.tokens):
                first, _ = view.sentences[view.tokens[i].sentence]
                head_words = [t for t in view.tokens[first:i] if t.is_word]
                no_head_cue = not cues_between(cues, first, i)
                speaker_only = lex.word_order == "verb_final" and len(head_words) <= 6
                if head_words and no_head_cue and not speaker_only:
                    start, qtype = head_words[0].start, "mixed"
            out.append(
                Candidate(
                    start,
                    _end_with_marks(view, m, qtype),
                    qtype,
                    cue,
                    mention,
                    mode,
                    marked=[m],
                    attribution="tail",
                )
            )
            continue
        head = attribute_head(view, lex, m, cues)
        if head is not None:
            cue, mention, mode, kind = head
            if cue is not None and cue.first in speakers:
                mention, mode = speakers[cue.first]
            out.append(
                Candidate(
                    m.start, m.end, "direct", cue, mention, mode, marked=[m], attribution=kind
                )
            )
            continue
        unattributed.append(m)
    return out, unattributed


def _end_with_marks(view: TextView, m: MarkedSpan, qtype: str) -> int:
    if qtype == "mixed" and m.close_pos is not None:
        return m.close_pos + 1
    return m.end


# --------------------------------------------------------------------------- mixed & floating


def attitude_candidates(
    view: TextView, lex: Lexicon, cues: list[CueMatch], fragments: list[MarkedSpan]
) -> list[Candidate]:
    """A quoted fragment in a sentence whose only cue needs quotation marks (يشعر ... “…”)."""
    out = []
    for m in fragments:
        i = view.token_at(m.open_pos)
        if i >= len(view.tokens):
            continue
        sent = view.tokens[i].sentence
        first, last = view.sentences[sent]
        sentence_cues = [c for c in cues_between(cues, first, i) if c.entry.requires_marks]
        if not sentence_cues:
            continue
        cue = sentence_cues[-1]
        mention, _, _ = speaker_for_cue(view, lex, cue, i)
        mode = "explicit" if mention is not None else "null"
        out.append(
            Candidate(
                m.start, m.end, "mixed", cue, mention, mode, marked=[m], attribution="attitude"
            )
        )
    return out


def floating_candidates(
    view: TextView, lex: Lexicon, fragments: list[MarkedSpan], attributed: list[Candidate]
) -> list[Candidate]:
    """Quote-only sentences after an attributed quote (speaker = the previous quote's)."""
    out = []
    top = sorted((c for c in attributed if not c.nested), key=lambda c: c.start)
    starts = [c.start for c in top]
    for m in fragments:
        if not covers_sentence(view, lex, m):
            continue
        k = bisect.bisect_left(starts, m.open_pos)
        if k == 0:
            continue
        prev = top[k - 1]
        if view.paragraph_of(m.open_pos) - view.paragraph_of(prev.start) > FLOAT_PARAGRAPHS:
            continue
        words = word_count(view, m.start, m.end)
        ends_sentence = view.text[m.end - 1] in ".!?…؟"
        if words < 3 or (
            words < 8 and not ends_sentence and not is_arabic(view.tokens[view.token_at(m.start)])
        ):
            continue
        out.append(
            Candidate(
                m.start,
                m.end,
                "floating",
                None,
                prev.speaker,
                "previous",
                marked=[m],
                attribution="floating",
            )
        )
        k = bisect.bisect_right(starts, out[-1].start)
        starts.insert(k, out[-1].start)
        top.insert(k, out[-1])
    return out
