"""Candidate builders for reported clauses: verb cues with a complement clause, postposed and
parenthetical attributions, verb-final languages and according-to forms."""

from __future__ import annotations

from .attribution import speaker_for_cue
from .candidate import (
    Candidate,
    clause_candidate,
    clause_end,
    marked_containing,
    marked_starting_at,
    mention_with_head,
    sentence_bounds,
    skip_words,
    trim_end,
    word_count,
)
from .complements import adverbial_ok, complement_start, skip_adverbials, skip_object
from .cues import CueMatch, is_cue_here
from .lexicon import Lexicon
from .speakers import Mention, make_mention, phrase_backward, phrase_forward
from .text import TextView


def indirect_candidates(
    view: TextView, lex: Lexicon, cues: list[CueMatch], used_tail: set[int]
) -> list[Candidate]:
    out: list[Candidate] = []
    for cue in cues:
        entry = cue.entry
        if entry.tail_only or entry.requires_marks:
            continue
        if entry.according_to:
            cand = _according_candidate(view, lex, cue, used_tail)
        elif lex.word_order == "verb_final":
            cand = _verb_final_candidate(view, lex, cue)
        else:
            cand = _verb_candidate(view, lex, cue, used_tail)
        if cand is not None:
            out.append(cand)
            if cand.extra is not None:
                out.append(cand.extra)
                cand.extra = None
    return _cut_at_next_report(view, lex, out)


def _cut_at_next_report(view: TextView, lex: Lexicon, cands: list[Candidate]) -> list[Candidate]:
    """'said that X, but added that Y': X ends before ', but added'."""
    tokens = view.tokens
    for a in cands:
        for b in cands:
            if b is a or b.cue is None or b.nested or a.cue is None:
                continue
            if not (a.start < b.cue.start < a.end) or b.start <= a.start:
                continue
            k = b.cue.first - 1
            while (
                k > 0
                and tokens[k].norm
                in lex.auxiliaries | lex.connectors | lex.stop_words | lex.pronouns
            ):
                k -= 1
            if tokens[k].text in {",", ";", "،"} and tokens[k].start > a.start:
                new_end = trim_end(view.text, a.start, tokens[k].start)
                if word_count(view, a.start, new_end) >= 3:
                    a.end = new_end
    return cands


def _verb_candidate(
    view: TextView, lex: Lexicon, cue: CueMatch, used_tail: set[int]
) -> Candidate | None:
    sent_first, sent_last = sentence_bounds(view, cue.first)
    limit = sent_last
    enclosing = marked_containing(view, view.tokens[cue.first].start)
    mention, j, group_start = speaker_for_cue(view, lex, cue, limit)
    mode = "explicit" if mention is not None else "null"
    if mention is not None and mention.pronoun:
        mode = "pronoun"
    j = skip_words(
        view,
        j,
        lex.skip_after_cue if lex.word_order == "verb_first" else lex.auxiliaries | lex.particles,
        limit,
    )
    before_object = j
    j = skip_object(view, lex, cue, j, limit)
    start = complement_start(view, lex, cue, j, limit, object_skipped=j > before_object)
    prev = view.tokens[cue.first - 1] if cue.first > 0 else None
    if (
        start is not None
        and mention is None
        and prev is not None
        and prev.norm in lex.relative_pronouns
    ):
        start = None  # "a landlord who tells them they ...": a relative clause, not a report
    if start is not None:
        if enclosing is not None and mode != "explicit":
            return None
        end = clause_end(view, cue.first)
        return clause_candidate(
            view, cue, mention, mode, (start, end), enclosing, min_words=2, attribution="indirect"
        )
    if lex.word_order == "verb_first" or enclosing is not None or cue.first in used_tail:
        return None
    after = view.tokens[min(j, len(view.tokens) - 1)]
    if (
        after.text in {",", ":"}
        and j + 1 < len(view.tokens)
        and marked_starting_at(view, view.tokens[j + 1].start)
    ):
        return None  # 'McCallum said, “…”': a direct-quote introduction
    return _postposed_candidate(
        view, lex, cue, mention, mode, group_start, j, sent_first, sent_last
    )


def _postposed_candidate(
    view: TextView,
    lex: Lexicon,
    cue: CueMatch,
    mention: Mention | None,
    mode: str,
    group_start: int,
    j: int,
    sent_first: int,
    sent_last: int,
) -> Candidate | None:
    """'The cost could be reduced, McCallum claimed.' — the clause before ', SPEAKER CUE.'"""
    if mention is None:
        return None
    tokens = view.tokens
    comma = group_start - 1
    while (
        comma > sent_first
        and comma >= group_start - 4
        and tokens[comma].is_word
        and not is_cue_here(tokens[comma], lex)
    ):
        comma -= 1  # "..., North Korea's state-run KCNA news agency said."
    if comma <= sent_first or tokens[comma].text not in {",", "،"}:
        return None
    k = skip_adverbials(view, lex, j, tokens[cue.last].sentence)
    if k < sent_last and tokens[k].text in {",", "،"}:
        # parenthetical ("Almost all revenues, they promise, will be returned ..."): the whole
        # sentence is the report; a trailing participle (", raising ...") is not
        rest_words = [t for t in tokens[k + 1 : sent_last] if t.is_word]
        if rest_words and not rest_words[0].norm.endswith("ing"):
            start = (
                tokens[sent_first].start
                if tokens[sent_first].is_word
                else tokens[min(sent_first + 1, sent_last - 1)].start
            )
            end = trim_end(view.text, start, clause_end(view, cue.first))
            if marked_containing(view, start) is not None or word_count(view, start, end) < 4:
                return None
            before_end = trim_end(view.text, start, tokens[comma].start)
            after_start = rest_words[0].start
            if word_count(view, start, before_end) >= 3 and word_count(view, after_start, end) >= 3:
                # "Macharia hid under desks, he said, but one person ran ...": two reported pieces
                first_piece = Candidate(
                    start, before_end, "indirect", cue, mention, mode, attribution="parenthetical"
                )
                first_piece.extra = Candidate(
                    after_start, end, "indirect", cue, mention, mode, attribution="parenthetical"
                )
                return first_piece
            return Candidate(
                start, end, "indirect", cue, mention, mode, attribution="parenthetical"
            )
    else:
        rest = [t for t in tokens[k:sent_last] if t.is_word and t.norm not in lex.particles]
        if len(rest) > 4 or any(not adverbial_ok(t, lex, cue) for t in rest):
            return None
    start_tok = sent_first
    while start_tok < comma and not tokens[start_tok].is_word:
        start_tok += 1
    start = tokens[start_tok].start
    if marked_containing(view, start) is not None or any(
        m.open_pos < tokens[comma].start
        and m.close_pos is not None
        and m.close_pos >= start
        and m.close_pos + 1 >= tokens[comma].start - 1
        for m in view.marked
    ):
        return None
    end = trim_end(view.text, start, tokens[comma].start)
    if word_count(view, start, end) < 3:
        return None
    return Candidate(start, end, "indirect", cue, mention, mode, attribution="postposed")


def _verb_final_candidate(view: TextView, lex: Lexicon, cue: CueMatch) -> Candidate | None:
    """Turkish: 'Bakan Yılmaz, ekonominin büyüdüğünü söyledi.' / 'dedi ki ...'."""
    tokens = view.tokens
    sent_first, sent_last = sentence_bounds(view, cue.first)
    nxt = cue.last + 1
    if nxt < sent_last and tokens[nxt].norm in lex.complementisers:
        back = phrase_backward(view, lex, cue.first, sent_first)
        mention = mention_with_head(view, lex, back)
        start = tokens[nxt + 1].start if nxt + 1 < sent_last else None
        if start is None:
            return None
        end = trim_end(view.text, start, clause_end(view, cue.first))
        mode = "explicit" if mention else "null"
        return Candidate(start, end, "indirect", cue, mention, mode, attribution="indirect")
    commas = [k for k in range(sent_first, cue.first) if tokens[k].text == ","]
    if not commas:
        return None
    comma = commas[0]
    subject = [t for t in tokens[sent_first:comma] if t.is_word]
    if not subject or len(subject) > 6:
        return None
    if any(marked_containing(view, t.start) for t in tokens[comma : cue.first]) or any(
        m.open_pos > tokens[comma].start and m.open_pos < cue.start for m in view.marked
    ):
        return None
    start = tokens[comma + 1].start
    end = trim_end(view.text, start, tokens[cue.first - 1].end)
    if word_count(view, start, end) < 2:
        return None
    mention = mention_with_head(view, lex, subject)
    return Candidate(
        start,
        end,
        "indirect",
        cue,
        mention,
        "explicit" if mention else "null",
        attribution="indirect",
    )


def _according_candidate(
    view: TextView, lex: Lexicon, cue: CueMatch, used: set[int]
) -> Candidate | None:
    """According to X, CLAUSE. / CLAUSE, according to X. / ووفقا له، ... / X zufolge ..."""
    tokens = view.tokens
    sent_first, sent_last = sentence_bounds(view, cue.first)
    enclosing = marked_containing(view, tokens[cue.first].start)
    if cue.first in used:
        return None
    if cue.entry.postposition:
        back = phrase_backward(view, lex, cue.first, sent_first)
        mention = mention_with_head(view, lex, back)
        j = cue.last + 1
        if j < sent_last and tokens[j].text in {",", "،"}:
            j += 1
        if j >= sent_last:
            return None
        start = tokens[j].start
        end = trim_end(view.text, start, clause_end(view, cue.first))
        if mention is None or word_count(view, start, end) < 3:
            return None
        return Candidate(
            start,
            end,
            "indirect",
            cue,
            mention,
            "pronoun" if mention.pronoun else "explicit",
            attribution="according",
        )
    if cue.pronoun_suffix:
        # "ووفقا له": the pronoun is part of the cue; the speaker comes from the antecedent
        mention = None
        j, mode = cue.last + 1, "null"
    else:
        j = cue.last + 1
        toks = phrase_forward(view, lex, j, sent_last)
        if cue.speaker_char is not None:
            inner = tokens[cue.last]
            rest = [inner, *phrase_forward(view, lex, cue.last + 1, sent_last)]
            mention = mention_with_head(view, lex, rest)
            if mention is not None:
                mention = make_mention(view, lex, rest)
                mention = Mention(
                    cue.speaker_char,
                    mention.end,
                    view.text[cue.speaker_char : mention.end],
                    mention.name,
                    mention.role,
                    mention.head,
                    mention.kind,
                    False,
                    mention.definite_role,
                )
                j = rest[-1].index + 1
        else:
            mention = mention_with_head(view, lex, toks)
            if toks:
                j = toks[-1].index + 1
        if mention is None:
            return None
        mode = "pronoun" if mention.pronoun else "explicit"
    preceded_by_comma = cue.first > sent_first and tokens[cue.first - 1].text in {",", "،"}
    if j < sent_last and tokens[j].text in {",", "،"} and preceded_by_comma:
        # parenthetical: "The harsh truth, according to experts, is ..." -> the whole sentence
        first_word = next((t for t in tokens[sent_first:sent_last] if t.is_word), None)
        if first_word is None:
            return None
        start, end = first_word.start, clause_end(view, cue.first)
    elif j < sent_last and tokens[j].text in {",", "،"}:
        start = tokens[j + 1].start if j + 1 < sent_last else None
        if start is None:
            return None
        end = clause_end(view, cue.first)
    elif cue.first > sent_first and tokens[cue.first - 1].text in {",", "،"}:
        start_tok = sent_first
        while start_tok < cue.first - 1 and not tokens[start_tok].is_word:
            start_tok += 1
        start = tokens[start_tok].start
        end = tokens[cue.first - 1].start
    elif j < sent_last and tokens[j].is_word:
        start = tokens[j].start
        end = clause_end(view, cue.first)
    else:
        return None
    return clause_candidate(
        view, cue, mention, mode, (start, end), enclosing, min_words=3, attribution="according"
    )
