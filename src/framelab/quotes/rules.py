"""Rule path: all quote candidates of a text view (direct, indirect, mixed, floating).

The rules read only the text view and the lexicon: cue lookup (``cues.py``), speaker attribution
(``attribution.py``) and the candidate builders (``direct.py``, ``indirect.py``). Speakers are
surface phrases here; the parse path (``parse.py``) may replace them, and ``resolve.py`` makes them
canonical per article.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass, field

from .candidate import Candidate, trim_end
from .cues import CueMatch, find_cues, is_cue_here
from .direct import attitude_candidates, direct_candidates, floating_candidates
from .indirect import indirect_candidates
from .lexicon import Lexicon
from .nounphrase import KnownNames, apposition_name, np_forward, word_class
from .speakers import make_mention
from .subjects import Subject, mention_agreement, sentence_subjects
from .text import MarkedSpan, TextView
from .vso import vso_candidates

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


class _Covering:
    """Which of a set of spans contains a given span: the one with the largest end among those
    starting at or before it (a prefix maximum over spans sorted by start; no scans)."""

    def __init__(self, cands: list[Candidate]) -> None:
        self.ordered = sorted(cands, key=lambda c: c.start)
        self.starts = [c.start for c in self.ordered]
        self.best: list[Candidate] = []
        for c in self.ordered:
            self.best.append(c if not self.best or c.end > self.best[-1].end else self.best[-1])

    def host(self, start: int, end: int) -> Candidate | None:
        """A span with start <= ``start`` and end + 1 >= ``end``, or None."""
        k = bisect.bisect_right(self.starts, start) - 1
        if k < 0:
            return None
        best = self.best[k]
        return best if best.end + 1 >= end else None


def absorb(
    direct: list[Candidate], indirect: list[Candidate], fragments: list[MarkedSpan]
) -> tuple[list[Candidate], list[MarkedSpan]]:
    """Indirect clauses containing quoted fragments become mixed; drop overlapping duplicates."""
    hosts = _Covering(indirect)
    kept_fragments = []
    for m in fragments:
        host = hosts.host(m.open_pos, m.end)
        if host is not None:
            host.type = "mixed"
            host.marked.append(m)
        else:
            kept_fragments.append(m)
    top_hosts = _Covering([c for c in indirect if not c.nested])
    kept_direct = []
    for d in direct:
        host = top_hosts.host(d.start, d.end) if d.attribution == "head" else None
        if host is not None:
            host.type = "mixed"
            host.marked.extend(d.marked)
            continue
        kept_direct.append(d)
    by_start = sorted(kept_direct, key=lambda d: d.start)
    starts = [d.start for d in by_start]
    same_span = {(d.start, d.end) for d in kept_direct}
    kept_indirect = []
    for c in indirect:
        k = bisect.bisect_right(starts, c.start) - 1
        inside_direct = (
            k >= 0
            and not c.nested
            and by_start[k].start <= c.start < by_start[k].end
            and c.end > by_start[k].end + 1
        )
        if not inside_direct and (c.start, c.end) not in same_span:
            kept_indirect.append(c)
    return kept_direct + kept_indirect, kept_fragments


@dataclass
class RuleResult:
    """What the rules found in a text: quote candidates, cues, and clause subjects (the
    antecedents of null subjects in verb-first languages)."""

    candidates: list[Candidate]
    cues: list[CueMatch]
    subjects: list[Subject] = field(default_factory=list)


def rule_candidates(
    view: TextView, lex: Lexicon, known_names: list[str] | None = None
) -> RuleResult:
    """All candidates of a text view; ``known_names``: full names from elsewhere (entities)."""
    cues = find_cues(view, lex)
    if lex.word_order == "verb_first":
        return verb_first_candidates(view, lex, cues, known_names)
    direct, fragments = direct_candidates(view, lex, cues)
    used_tail = {c.cue.first for c in direct if c.cue is not None}
    indirect = indirect_candidates(view, lex, cues, used_tail)
    merged, fragments = absorb(direct, indirect, fragments)
    merged += reportive_candidates(view, lex, merged)
    merged += attitude_candidates(view, lex, cues, fragments)
    merged += floating_candidates(view, lex, fragments, merged)
    merged.sort(key=lambda c: (c.start, -c.end))
    return RuleResult(merged, cues)


def verb_first_candidates(
    view: TextView, lex: Lexicon, cues: list[CueMatch], known_names: list[str] | None = None
) -> RuleResult:
    """Verb-first languages: the clause readings of ``vso.py`` first; quotation marks they did not
    place go to the direct builder (tail, colon introductions), and those inside a reported
    clause make it mixed."""
    names = collect_names(view, lex, cues)
    names.extend(known_names or [])
    end_unclosed_marks_at_narration(view, lex, cues)
    reported, readings = vso_candidates(view, lex, cues, names)
    placed = {m.open_pos for c in reported if c.type == "direct" for m in c.marked}
    spans = _union((c.start, c.end) for c in reported if c.type != "direct")
    inside = [m for m in view.marked if m.open_pos not in placed and _within(m, spans)]
    skip = placed | {m.open_pos for m in inside}
    speakers = {r.cue.first: (r.speaker, r.mode) for r in readings}
    direct, fragments = direct_candidates(view, lex, cues, skip=skip, speakers=speakers)
    direct += [c for c in reported if c.type == "direct"]
    indirect = [c for c in reported if c.type != "direct"]
    merged, fragments = absorb(direct, indirect, [*fragments, *inside])
    merged = drop_weak_nested(merged)
    merged += floating_candidates(view, lex, fragments, merged)
    merged.sort(key=lambda c: (c.start, -c.end))
    subjects = [
        Subject(r.speaker.start, r.speaker, mention_agreement(r.speaker, lex))
        for r in readings
        if r.speaker is not None and not r.speaker.pronoun and r.mode == "explicit"
    ]
    subjects += sentence_subjects(view, lex, names)
    return RuleResult(merged, cues, subjects)


def drop_weak_nested(cands: list[Candidate]) -> list[Candidate]:
    """A report whose cue lies inside another quote is nested: kept only when it is core and its
    speaker is named (a third party: ``وأشار وزير الدولة إلى أن`` inside a quote), not when it is
    the outer speaker speaking on (``وقال إنه``) or only extended (``وشدد على الفوائد``)."""
    ordered = sorted(cands, key=lambda c: c.start)
    starts = [c.start for c in ordered]
    best: list[tuple[int, int]] = []  # prefix: (largest end, its index), (second end, index)
    top = [(-1, -1), (-1, -1)]
    for idx, c in enumerate(ordered):
        if c.end > top[0][0]:
            top = [(c.end, idx), top[0]]
        elif c.end > top[1][0]:
            top = [top[0], (c.end, idx)]
        best.append((top[0][0], top[0][1], top[1][0]))  # type: ignore[arg-type]
    kept = []
    for idx, c in enumerate(ordered):
        if c.cue is not None:
            k = bisect.bisect_right(starts, c.cue.start) - 1
            if k >= 0:
                end1, who, end2 = best[k]
                outer_end = end2 if who == idx else end1
                if outer_end > c.cue.start:
                    c.nested = True
        if c.nested and (c.scope != "core" or c.speaker_mode != "explicit"):
            continue
        kept.append(c)
    return kept


def _union(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Disjoint, sorted union of character spans."""
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def _within(m: MarkedSpan, spans: list[tuple[int, int]]) -> bool:
    """Whether the mark opens inside one of the disjoint sorted ``spans``."""
    k = bisect.bisect_right(spans, (m.open_pos, float("inf"))) - 1
    return k >= 0 and spans[k][0] <= m.open_pos < spans[k][1]


def collect_names(view: TextView, lex: Lexicon, cues: list[CueMatch] = ()) -> KnownNames:
    """Multi-word names of the article: after person roles and titles (``الرئيس إلهام علييف``),
    in appositions (``رئيسة الوزراء، تيريزا ماي،``, ``فلاديمير بوتن، الرئيس الروسي،``) and
    right after cue verbs (``قال جيراردو مارتينو``)."""
    names = KnownNames()
    tokens = view.tokens
    covered = -1  # a role inside the previous role's phrase adds nothing new
    for tok in tokens:
        if tok.index <= covered or not tok.is_word or word_class(tok, lex) != "role":
            continue
        phrase = np_forward(view, lex, tok.index, len(tokens))
        if not phrase or phrase[0].index != tok.index:
            continue
        covered = phrase[-1].index
        mention = make_mention(view, lex, phrase)
        names.add(mention.name)
        appo = apposition_name(view, lex, phrase[-1].index + 1, len(tokens))
        if appo is not None:
            names.add(view.text[appo[0].start : appo[-1].end])
        before = _name_before_comma(view, lex, tok.index)
        if before is not None:
            names.add(before)
    for cue in cues:
        if cue.features.tense not in ("past", "present") or cue.last != cue.first:
            continue  # only a verb without its preposition has its subject right after it
        if cue.last + 1 >= len(tokens):
            continue
        phrase = np_forward(view, lex, cue.last + 1, len(tokens), family_names=False)
        if phrase and all(word_class(t, lex) == "name" for t in phrase):
            names.add(view.text[phrase[0].start : phrase[-1].end])
    return names


def _name_before_comma(view: TextView, lex: Lexicon, role: int) -> str | None:
    """'NAME، ROLE': a run of two to four unknown words right before the comma before a role."""
    tokens = view.tokens
    comma = role - 1
    if comma < 2 or tokens[comma].text not in {",", "،"}:
        return None
    k = comma
    while k - 1 >= 0 and comma - k < 4 and word_class(tokens[k - 1], lex) == "name":
        k -= 1
    if comma - k < 2:
        return None
    return view.text[tokens[k].start : tokens[comma - 1].end]


def end_unclosed_marks_at_narration(view: TextView, lex: Lexicon, cues: list[CueMatch]) -> None:
    """An unclosed quotation mark runs to the end of its line unless narration resumes: a
    participle cue after a comma (``…، مؤكدا أن``) ends it there."""
    for m in view.marked:
        if m.close_pos is not None:
            continue
        for cue in cues:
            if not (m.start < cue.start < m.end) or not cue.participle:
                continue
            prev = view.tokens[cue.first - 1] if cue.first > 0 else None
            if prev is not None and prev.text in {",", "،"}:
                m.end = trim_end(view.text, m.start, prev.start)
                break
