"""Speaker attribution: the speaker phrase of a verb cue (before or after it, appositions,
coordinated verbs) and the cue and speaker of a quotation-mark span (tail, head, colon)."""

from __future__ import annotations

from .candidate import (
    is_abbrev_dot,
    marked_starting_at,
    mention_with_head,
    sentence_bounds,
    skip_words,
)
from .cues import CueMatch, cues_between, is_cue_here
from .lexicon import Lexicon
from .speakers import Mention, has_head, is_arabic, make_mention, phrase_backward, phrase_forward
from .text import MarkedSpan, TextView, Token

TAIL_TOKENS = 16


def speaker_for_cue(
    view: TextView, lex: Lexicon, cue: CueMatch, limit: int
) -> tuple[Mention | None, int, int]:
    """The speaker of a verb cue and the token index after the cue+speaker group.

    Returns (mention or None, index after the group, index of the group start)."""
    tokens = view.tokens
    sent_first, _ = sentence_bounds(view, cue.first)
    if lex.word_order == "verb_first":
        back = phrase_backward(view, lex, cue.first, sent_first)
        before = cue.first - len(back) - 1
        if (
            back
            and (
                before < sent_first
                or tokens[before].norm in lex.complementisers
                or tokens[before].text in {",", "،", ":"}
            )
            and has_head(back, lex)
        ):
            return make_mention(view, lex, back), cue.last + 1, cue.first - len(back)
        j = skip_words(view, cue.last + 1, lex.skip_after_cue, limit)
        fwd = phrase_forward(view, lex, j, limit)
        if fwd:
            return mention_with_head(view, lex, fwd), fwd[-1].index + 1, cue.first
        return None, j, cue.first
    # subject-first / verb-final: subject before the cue (skipping auxiliaries)
    j = cue.first - 1
    coordinated = _coordinated_verb(view, lex, cue, sent_first)
    if coordinated is not None:
        return coordinated, cue.last + 1, cue.first
    if j > sent_first and tokens[j].text == "," and tokens[cue.first].norm.endswith("ing"):
        # ", insisting his government ...": the participle's subject is the sentence subject
        lead = phrase_forward(view, lex, sent_first, j)
        if lead and has_head(lead, lex):
            return make_mention(view, lex, lead), cue.last + 1, cue.first
    while j >= sent_first and tokens[j].norm in lex.auxiliaries:
        j -= 1
    if j > sent_first and tokens[j].text == ",":
        named = _appositive_name(view, lex, j, sent_first)
        if named is not None:
            return make_mention(view, lex, named), cue.last + 1, named[0].index
    back = phrase_backward(view, lex, j + 1, sent_first)
    if not back and j >= sent_first:
        initial = noun_phrase_until_punct(view, lex, sent_first, j + 1)
        if initial is not None and view.token_at(initial.end) == j + 1:
            return initial, cue.last + 1, sent_first
    if back and has_head(back, lex):
        found = make_mention(view, lex, back)
        if not found.has_name and not found.pronoun and back[0].index - 1 > sent_first:
            comma = back[0].index - 1
            k = comma
            while k > sent_first and k > comma - 12 and tokens[k].text != ",":
                k -= 1
            if tokens[comma].text == "," or tokens[k].text == ",":
                named = _appositive_name(view, lex, k, sent_first)
                if named is not None:
                    return make_mention(view, lex, named), cue.last + 1, named[0].index
        return make_mention(view, lex, back), cue.last + 1, back[0].index
    fwd = phrase_forward(view, lex, skip_words(view, cue.last + 1, lex.auxiliaries, limit), limit)
    if fwd and has_head(fwd, lex):
        after = fwd[-1].index + 1
        inverted_pronoun = len(fwd) == 1 and fwd[0].norm in lex.pronouns
        if not inverted_pronoun or after >= len(tokens) or not tokens[after].is_word:
            return make_mention(view, lex, fwd), after, cue.first
    return None, cue.last + 1, cue.first


def _coordinated_verb(
    view: TextView, lex: Lexicon, cue: CueMatch, sent_first: int
) -> Mention | None:
    """'Pompeo praised China ... and said he ...': a cue coordinated with an earlier verb shares
    the sentence subject (the sentence-initial phrase)."""
    if not lex.coordinators:
        return None
    tokens = view.tokens
    for k in range(cue.first - 1, max(sent_first, cue.first - 7) - 1, -1):
        tok = tokens[k]
        if tok.norm in lex.coordinators:
            if k == sent_first or tokens[k - 1].text in {",", ";"} and k - 1 == sent_first:
                return None
            lead = phrase_forward(view, lex, sent_first, k)
            if lead and has_head(lead, lex) and lead[0].index == sent_first:
                return make_mention(view, lex, lead)
            return None
        if not tok.is_word or is_cue_here(tok, lex) or tok.norm in lex.pronouns or tok.capitalised:
            return None
    return None


def noun_phrase_until_punct(view: TextView, lex: Lexicon, j: int, limit: int) -> Mention | None:
    """'says the affable proprietor.': a determiner-led phrase up to punctuation (<= 7 words)."""
    tokens = view.tokens
    if j >= limit or tokens[j].norm not in lex.determiners or is_arabic(tokens[j]):
        return None
    k = j
    while k < limit and tokens[k].is_word and k - j < 8 and not is_cue_here(tokens[k], lex):
        if tokens[k].norm in lex.complementisers or (k > j and tokens[k].norm in lex.stop_words):
            return None
        k += 1
    if k - j < 2 or k - j >= 8 or (k < limit and tokens[k].is_word):
        return None
    return make_mention(view, lex, tokens[j:k])


def _appositive_dot_ok(view: TextView, lex: Lexicon, k: int) -> bool:
    """A dot inside an appositive: an abbreviation ("St.", "D-Calif.,")."""
    tokens = view.tokens
    return is_abbrev_dot(view, lex, k) or (
        k + 1 < len(tokens) and tokens[k + 1].text == "," and tokens[k - 1].capitalised
    )


def _appositive_name(
    view: TextView, lex: Lexicon, comma: int, sent_first: int
) -> list[Token] | None:
    """'Amanda Nash, a dietitian at X, said' / 'His lawyer, Zhang Dongshuo, said': the named
    phrase of an apposition ending at ``comma`` (the comma before the cue)."""
    tokens = view.tokens
    k = comma - 1
    while k > sent_first and k > comma - 24 and tokens[k].text != ",":
        if tokens[k].text == "." and _appositive_dot_ok(view, lex, k):
            k -= 1
            continue
        if tokens[k].text in {".", ";", ":", "“", "”", '"'}:
            return None
        k -= 1
    if tokens[k].text != ",":
        k = comma  # the comma given opens the appositive
    else:
        # the appositive itself may be the name: "His lawyer, Zhang Dongshuo, said"
        inner = phrase_forward(view, lex, k + 1, comma)
        if inner and inner[-1].index == comma - 1 and inner[0].capitalised:
            found = make_mention(view, lex, inner)
            if found.has_name and found.name == view.text[inner[0].start : inner[-1].end]:
                return inner
    for _ in range(3):
        back = phrase_backward(view, lex, k, sent_first)
        if back and make_mention(view, lex, back).has_name:
            before = back[0].index - 1
            if (
                before < sent_first
                or not tokens[before].is_word
                or tokens[before].norm in lex.stop_words
            ):
                return back
        # "Rep. Lucille Roybal Allard, D-Calif., the incoming chairwoman of ..., said"
        k2 = k - 1
        while k2 > sent_first and k2 > k - 8 and tokens[k2].text != ",":
            if tokens[k2].text in {".", ";", ":", "“", "”", '"'} and not _appositive_dot_ok(
                view, lex, k2
            ):
                return None
            k2 -= 1
        if k2 <= sent_first or tokens[k2].text != ",":
            return None
        k = k2
    return None


def tail_tokens(view: TextView, m: MarkedSpan, lex: Lexicon) -> list[Token]:
    """Tokens after a closing mark, up to the end of the attribution clause."""
    if m.close_pos is None:
        return []
    i = view.token_at(m.close_pos + 1)
    out: list[Token] = []
    seen_word = False
    para = view.paragraph_of(m.close_pos)
    while i < len(view.tokens) and len(out) < TAIL_TOKENS:
        tok = view.tokens[i]
        if view.paragraph_of(tok.start) != para:
            break
        if marked_starting_at(view, tok.start):
            break
        if tok.is_word:
            seen_word = True
        elif (
            seen_word
            and tok.text in {".", "!", "?", "؟", ";", ":"}
            and not is_abbrev_dot(view, lex, i)
        ):
            break
        out.append(tok)
        i += 1
    return out


def attribute_tail(
    view: TextView, lex: Lexicon, m: MarkedSpan, cues_by_token: dict[int, CueMatch]
) -> tuple[CueMatch, Mention | None, str] | None:
    """“…,” Telford said. / “…”, said Telford. / “…” – قال ميلر. / „…“, so Merkel."""
    tail = tail_tokens(view, m, lex)
    words = [t for t in tail if t.is_word]
    if not words:
        return None
    limit = tail[-1].index + 1
    first = words[0]
    cue = cues_by_token.get(first.index)
    if cue is not None and cue.entry.according_to and not cue.entry.postposition:
        fwd = phrase_forward(view, lex, cue.last + 1, limit)
        mention = mention_with_head(view, lex, fwd)
        if mention is not None:
            return cue, mention, "explicit"
    if cue is not None and not cue.entry.according_to:
        j = skip_words(view, cue.last + 1, lex.auxiliaries | lex.skip_after_cue, limit)
        fwd = phrase_forward(view, lex, j, limit)
        mention = mention_with_head(view, lex, fwd)
        if mention is None:
            mention = noun_phrase_until_punct(view, lex, j, limit)
        if mention is not None:
            return cue, mention, "explicit"
        if lex.word_order == "verb_final":
            head = _head_speaker(view, lex, m)
            if head is not None:
                return cue, head, "explicit"
        return cue, None, "null"
    for tok in words[1:14]:
        cue = cues_by_token.get(tok.index)
        if cue is None or cue.entry.according_to:
            continue
        j = cue.first - 1
        while j >= first.index and view.tokens[j].norm in lex.auxiliaries:
            j -= 1
        if j < first.index:  # only auxiliaries before the cue: ", a déclaré le ministre"
            fwd = phrase_forward(view, lex, cue.last + 1, limit)
            mention = mention_with_head(view, lex, fwd)
            return cue, mention, "explicit" if mention is not None else "null"
        if view.tokens[j].text == ",":  # “…,” Richard Fadden, a former adviser, said.
            lead = phrase_forward(view, lex, first.index, cue.first)
            if (
                lead
                and lead[-1].index + 1 < cue.first
                and view.tokens[lead[-1].index + 1].text == ","
            ):
                mention = make_mention(view, lex, lead)
                if mention.has_name:
                    return cue, mention, "explicit"
            continue
        back = phrase_backward(view, lex, j + 1, first.index)
        if back and back[0].index == first.index and has_head(back, lex):
            mention = make_mention(view, lex, back)
            return cue, mention, "pronoun" if mention.pronoun else "explicit"
        break
    return None


def _head_speaker(view: TextView, lex: Lexicon, m: MarkedSpan) -> Mention | None:
    """Verb-final languages: 'Bakan Yılmaz, “…” dedi.' — the phrase before the opening mark."""
    i = view.token_at(m.open_pos)
    sent_first, _ = sentence_bounds(view, min(i, len(view.tokens) - 1))
    j = i - 1
    if j >= sent_first and view.tokens[j].text in {",", "،"}:
        j -= 1
    toks = [t for t in view.tokens[sent_first : j + 1] if t.is_word]
    if 0 < len(toks) <= 6:
        return mention_with_head(view, lex, toks)
    return None


def attribute_head(
    view: TextView, lex: Lexicon, m: MarkedSpan, cues: list[CueMatch]
) -> tuple[CueMatch | None, Mention | None, str, str] | None:
    """X said: “…” / X said, “…” / a colon-ended previous paragraph introducing a quote /
    a cue-less colon introduction ("The statement reads: “…”")."""
    i = view.token_at(m.open_pos)
    if i >= len(view.tokens):
        return None
    sent = view.tokens[i].sentence
    first, _ = view.sentences[sent]
    head = view.tokens[first:i]
    kind = "head"
    if not any(t.is_word for t in head):
        # colon introduction in the previous sentence (often the previous paragraph)
        if sent == 0:
            return None
        first, last = view.sentences[sent - 1]
        head = view.tokens[first:last]
        if not head or head[-1].text not in {":", "："}:
            return None
        kind = "colon"
    elif (
        head[-1].text not in {":", ",", "،", "：", "-", "–", "—"}
        and head[-1].norm not in lex.complementisers
    ):
        last_cue = cues_between(cues, first, i)
        if not last_cue or last_cue[-1].last != i - 1:
            return None
    in_head = [
        c
        for c in cues_between(cues, head[0].index, head[-1].index + 1)
        if not c.entry.according_to and not c.entry.requires_marks
    ]
    if not in_head:
        # a cue-less colon introduction: "Der GdP-Vorsitzende wird zitiert: „…“"
        if head[-1].text not in {":", "："} or lex.word_order == "verb_first":
            return None
        words = [t for t in head if t.is_word]
        if not words:
            return None
        lead = phrase_forward(view, lex, words[0].index, head[-1].index)
        mention = mention_with_head(view, lex, lead) if lead else None
        if mention is None:
            return None
        return None, mention, "pronoun" if mention.pronoun else "explicit", "colon"
    # a colon introduction belongs to the sentence's main (first) cue; an adjacent cue otherwise
    cue = in_head[0] if kind == "colon" else in_head[-1]
    # a complementiser between cue and mark means an indirect clause with a quoted part (mixed)
    between = view.tokens[cue.last + 1 : head[-1].index + 1]
    if kind == "head" and any(t.norm in lex.complementisers for t in between):
        return None
    mention, _, _ = speaker_for_cue(view, lex, cue, head[-1].index + 1)
    mode = "explicit" if mention is not None else "null"
    if mention is not None and mention.pronoun:
        mode = "pronoun"
    return cue, mention, mode, kind


INTRO_MARKS = frozenset({":", "：", "-", "–", "—"})
SENTENCE_END = frozenset({".", "!", "?", "؟", "…"})


def tail_after_sentence_end(view: TextView, lex: Lexicon, m: MarkedSpan, cue: CueMatch) -> bool:
    """Whether the tail cue of a quote belongs to a following sentence: a sentence end between
    the closing mark and the cue, or a quote ending a sentence followed by a new sentence."""
    if m.close_pos is None:
        return False
    between = view.tokens[view.token_at(m.close_pos + 1) : cue.first]
    if any(t.text in SENTENCE_END and not is_abbrev_dot(view, lex, t.index) for t in between):
        return True
    words = [t for t in between if t.is_word] or [view.tokens[cue.first]]
    inner = view.text[m.start : m.end].rstrip()
    return inner[-1:] in SENTENCE_END and not words[0].text[:1].islower()


def introduction(
    view: TextView, lex: Lexicon, m: MarkedSpan, cues: list[CueMatch]
) -> tuple[CueMatch | None, Mention | None, str, str] | None:
    """A colon or dash introduction of the quote: in its own sentence ('X said: “…”') or the
    immediately preceding clause ending in ':'; None otherwise."""
    head = attribute_head(view, lex, m, cues)
    if head is None:
        return None
    i = view.token_at(m.open_pos)
    before = view.tokens[i - 1] if 0 < i <= len(view.tokens) else None
    if head[3] == "colon" or (before is not None and before.text in INTRO_MARKS):
        return head
    return None
