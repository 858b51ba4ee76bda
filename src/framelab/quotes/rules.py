"""Rule path: all quote candidates of a text view (direct, indirect, mixed, floating).

The rules read only the text view and the lexicon: cue lookup (``cues.py``), speaker attribution
(``attribution.py``) and the candidate builders (``direct.py``, ``indirect.py``). Speakers are
surface phrases here; the parse path (``parse.py``) may replace them, and ``resolve.py`` makes them
canonical per article.
"""

from __future__ import annotations

from .candidate import Candidate, trim_end
from .cues import CueMatch, find_cues, is_cue_here
from .direct import attitude_candidates, direct_candidates, floating_candidates
from .indirect import indirect_candidates
from .lexicon import Lexicon
from .text import MarkedSpan, TextView

__all__ = ["Candidate", "CueMatch", "rule_candidates"]


def reportive_candidates(
    view: TextView, lex: Lexicon, reported: list[Candidate]
) -> list[Candidate]:
    """German Konjunktiv I: sentences right after a report, in reportive mood and without their
    own cue, continue it (free indirect speech; speaker = the report's)."""
    if not lex.reportive_markers:
        return []
    out: list[Candidate] = []
    covered = [(c.start, c.end) for c in reported]
    last_by_sentence = {}
    for c in sorted(reported, key=lambda c: c.start):
        if not c.nested and c.speaker is not None:
            last_by_sentence[view.sentence_of(max(c.end - 1, c.start))] = c
    for s_idx, (first, last) in enumerate(view.sentences):
        if first >= last:
            continue
        start, end = view.tokens[first].start, view.tokens[last - 1].end
        if any(a <= start < b or start <= a < end for a, b in covered):
            continue
        prev = last_by_sentence.get(s_idx - 1)
        if prev is None:
            continue
        words = [t for t in view.tokens[first:last] if t.is_word]
        if not any(t.norm in lex.reportive_markers for t in words) or any(
            is_cue_here(t, lex) for t in words
        ):
            continue
        end = trim_end(view.text, start, end)
        cand = Candidate(
            start,
            end,
            "indirect",
            None,
            prev.speaker,
            "previous" if prev.speaker else "null",
            attribution="reportive",
        )
        out.append(cand)
        last_by_sentence[s_idx] = prev
        covered.append((start, end))
    return out


def absorb(
    direct: list[Candidate], indirect: list[Candidate], fragments: list[MarkedSpan]
) -> tuple[list[Candidate], list[MarkedSpan]]:
    """Indirect clauses containing quoted fragments become mixed; drop overlapping duplicates."""
    kept_fragments = []
    for m in fragments:
        host = next((c for c in indirect if c.start <= m.open_pos and m.end <= c.end + 1), None)
        if host is not None:
            host.type = "mixed"
            host.marked.append(m)
        else:
            kept_fragments.append(m)
    kept_direct = []
    for d in direct:
        host = next(
            (
                c
                for c in indirect
                if not c.nested
                and c.start <= d.start
                and d.end <= c.end + 1
                and d.attribution in {"head"}
            ),
            None,
        )
        if host is not None:
            host.type = "mixed"
            host.marked.extend(d.marked)
            continue
        kept_direct.append(d)
    kept_indirect = []
    for c in indirect:
        clash = any(
            d.start <= c.start < d.end and c.end > d.end + 1 and not c.nested for d in kept_direct
        ) or any(d.start == c.start and d.end == c.end for d in kept_direct)
        if not clash:
            kept_indirect.append(c)
    return kept_direct + kept_indirect, kept_fragments


def rule_candidates(view: TextView, lex: Lexicon) -> tuple[list[Candidate], list[CueMatch]]:
    cues = find_cues(view, lex)
    direct, fragments = direct_candidates(view, lex, cues)
    used_tail = {c.cue.first for c in direct if c.cue is not None}
    indirect = indirect_candidates(view, lex, cues, used_tail)
    merged, fragments = absorb(direct, indirect, fragments)
    merged += reportive_candidates(view, lex, merged)
    merged += attitude_candidates(view, lex, cues, fragments)
    merged += floating_candidates(view, lex, fragments, merged)
    merged.sort(key=lambda c: (c.start, -c.end))
    return merged, cues
