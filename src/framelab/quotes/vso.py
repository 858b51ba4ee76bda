"""Reported speech in verb-first languages (Arabic): the reading of each cue in its clause.

For every cue the rules read, in order: whether it reports anything (not negated, not a
background formula such as ``يذكر أن``, not the preposition a homograph also spells); its speaker
(the subject after the verb with an apposed name, ``وقال مدير الميناء، كريم العلي، إن``; the
subject before it after ``كان``/``أما``/a complementiser or a relative pronoun; the source of a
relay, ``نقل موقع عن المندوب قوله``; the clause subject for a participle, ``، مضيفا أن``); and
its complement: a clause (complementiser, colon), quotation marks right after the speaker and its
adjuncts (head attribution without a colon), or, for verbs whose noun complement is reported
content, a noun phrase (extended scope). The reported span runs to the end of the clause, which a
participle, a coordinated speech verb or an according-to phrase ends (``، مضيفا أن ...`` starts
the next quote; ``، حسبما أوردت وكالة`` names the channel). According-to phrases are quotes of
their own only when the sentence has no other report and their source communicates (not data:
``وفقا للنتائج``).
"""

from __future__ import annotations

from .according import according_candidates
from .candidate import Candidate, extend_over_marks, trim_end
from .clauses import (
    Complement,
    clause_end,
    content_before_marks,
    find_complement,
    homograph_ok,
    marked_complement,
)
from .cues import CueMatch
from .lexicon import Lexicon
from .nounphrase import KnownNames
from .readings import Reading, read_cue
from .text import TextView

__all__ = ["Reading", "vso_candidates"]


def vso_candidates(
    view: TextView, lex: Lexicon, cues: list[CueMatch], names: KnownNames | None = None
) -> tuple[list[Candidate], list[Reading]]:
    """Indirect, extended and head-attributed direct quotes of the verb cues, and according-to
    quotes; also the readings (speaker per cue), which later steps reuse."""
    tokens = view.tokens
    cues_at = {c.first: c for c in cues}
    readings: list[Reading] = []
    out: list[Candidate] = []
    claimed: set[int] = set()  # opening positions of the marks a candidate holds
    for cue in cues:
        entry = cue.entry
        if entry.according_to or entry.tail_only:
            continue
        sent_first, sent_last = view.sentences[tokens[cue.first].sentence]
        reading = read_cue(view, lex, cue, sent_first, sent_last, names, readings)
        if reading is None:
            continue
        reading.inside_report = any(c.start <= cue.start < c.end for c in out[-4:])
        comp = find_complement(view, lex, reading, sent_last)
        if entry.homograph and (comp is None or not homograph_ok(view, lex, reading, comp)):
            continue  # a homograph read as its other word says nothing about its subject
        readings.append(reading)
        if entry.requires_marks:
            comp = marked_complement(view, lex, reading, sent_last, cues_at, claimed)
        elif comp is not None and comp.kind == "marks" and entry.nominal:
            comp = content_before_marks(view, lex, reading, comp, sent_last)
        if comp is None:
            continue
        cand = _candidate(view, lex, reading, comp, sent_last, cues_at)
        if cand is not None:
            reading.candidate = cand
            if reading.host is not None and reading.mode == "null":
                cand.host = reading.host.candidate  # resolved with its main report
            out.append(cand)
            claimed.update(m.open_pos for m in cand.marked)
            claimed.update(m.open_pos for m in view.marked_opening_in(cand.start, cand.end))
    found, sources = according_candidates(view, lex, cues, out, names, cues_at)
    return out + found, readings + sources


def _candidate(
    view: TextView,
    lex: Lexicon,
    reading: Reading,
    comp: Complement,
    sent_last: int,
    cues_at: dict[int, CueMatch],
) -> Candidate | None:
    cue = reading.cue
    enclosing = view.marked_containing(view.tokens[cue.first].start)
    nested = enclosing is not None
    if nested and reading.mode != "explicit":
        return None  # inside a quote only a third party with an explicit name is a new quote
    if comp.kind == "marks":
        m = comp.mark
        assert m is not None
        if view.words_between(m.start, m.end) < 2 and m.close_pos is not None:
            return None  # a scare-quoted term or name, not a quotation
        return Candidate(
            m.start, m.end, "direct", cue, reading.speaker, reading.mode, nested, [m], "head"
        )
    end = clause_end(view, lex, comp.token, sent_last, cues_at)
    end = extend_over_marks(view, comp.start, trim_end(view.text, comp.start, end))
    if end <= comp.start or view.words_between(comp.start, end) < 2:
        return None
    if comp.kind == "clause":
        # إن "…" filling the clause: a direct quote (the complementiser stays outside)
        nxt = comp.token + 1
        if nxt < sent_last:
            m = view.marked_at(view.tokens[nxt].start)
            if m is not None and m.close_pos is not None and m.close_pos + 1 >= end:
                return Candidate(
                    m.start,
                    m.end,
                    "direct",
                    cue,
                    reading.speaker,
                    reading.mode,
                    nested,
                    [m],
                    "head",
                )
    scope = "extended" if comp.kind == "nominal" else "core"
    if comp.kind == "attitude" and not view.marked_opening_in(comp.start, end):
        return None
    return Candidate(
        comp.start,
        end,
        "indirect",
        cue,
        reading.speaker,
        reading.mode,
        nested,
        attribution="indirect",
        scope=scope,
    )
