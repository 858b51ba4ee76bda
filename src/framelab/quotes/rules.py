"""Rule path: cue detection and quote candidates (direct, indirect, mixed, floating).

The rules read only the text view and the lexicon. Speakers are surface phrases here; the parse
path (``parse.py``) may replace them, and ``resolve.py`` makes them canonical per article.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .lexicon import CueEntry, Lexicon
from .speakers import (
    Mention,
    _stem_in,
    has_head,
    is_arabic,
    make_mention,
    phrase_backward,
    phrase_forward,
    strip_prefix,
)
from .text import MarkedSpan, TextView, Token

TAIL_TOKENS = 16
COMPLEMENT_WINDOW = 16
FLOAT_PARAGRAPHS = 3
TRAILING_PUNCT = ".,;:!?؟،؛…-–—"


@dataclass
class CueMatch:
    """A cue occurrence: span (clitics excluded), its lexicon entry, token range."""

    start: int
    end: int
    entry: CueEntry
    first: int  # first token index
    last: int  # last token index (inclusive)
    speaker_char: int | None = None  # speaker starts inside the last token ("لوزير")
    pronoun_suffix: bool = False  # "وفقا له": the speaker is the attached pronoun


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


# --------------------------------------------------------------------------- cues


def _element_match(element: str, token: Token, lex: Lexicon) -> tuple[bool, int]:
    """Whether a form element matches a token; returns (match, clitic length stripped)."""
    norm = token.norm
    if element.endswith("*"):
        stem = element[:-1]
        return norm.startswith(stem), 0
    if norm == element:
        return True, 0
    stripped = strip_prefix(norm, lex)
    if stripped != norm and stripped == element:
        return True, len(norm) - len(stripped)
    return False, 0


def find_cues(view: TextView, lex: Lexicon) -> list[CueMatch]:
    """Every cue occurrence, longest form first at each position."""
    out: list[CueMatch] = []
    tokens = view.tokens
    n = len(tokens)
    for i, tok in enumerate(tokens):
        if not tok.is_word:
            continue
        keys = {tok.norm, strip_prefix(tok.norm, lex)}
        options = [opt for key in keys for opt in lex.index.get(key, [])]
        options += lex.wildcard_index
        if not options:
            continue
        if (
            tok.capitalised
            and i > 0
            and tokens[i - 1].sentence == tok.sentence
            and tokens[i - 1].is_word
        ):
            continue  # "Secretary of State", "Tell City": a capitalised word inside a sentence
        if i > 0 and tokens[i - 1].norm in lex.determiners and not is_arabic(tok):
            continue  # "a claim", "the report", "no comment": a noun, not a reporting verb
        sentence_initial = i == 0 or tokens[i - 1].sentence != tok.sentence
        if (
            sentence_initial
            and tok.capitalised
            and lex.index.get(tok.norm)
            and all(not e.according_to for _, e in lex.index[tok.norm])
            and lex.word_order == "subject_first"
        ):
            continue  # "Note the index ...": an imperative, not a report
        for form, entry in sorted(options, key=lambda o: -len(o[0])):
            if i + len(form) > n:
                continue
            ok, clitic = _element_match(form[0], tok, lex)
            if not ok:
                continue
            matched = all(
                _element_match(form[k], tokens[i + k], lex)[0] and tokens[i + k].is_word
                for k in range(1, len(form))
            )
            if not matched:
                continue
            last = i + len(form) - 1
            cue = CueMatch(tok.start + clitic, tokens[last].end, entry, i, last)
            if form[-1].endswith("*"):
                stem = form[-1][:-1]
                rest = tokens[last].norm[len(stem) :]
                if rest and rest not in lex.pronoun_suffixes:
                    cue.end = tokens[last].start + len(stem)
                    if view.text[cue.end : cue.end + 1] == "\u0640":
                        cue.end += 1
                    cue.speaker_char = cue.end
                else:
                    cue.pronoun_suffix = bool(rest)
            out.append(cue)
            break
    return out


# --------------------------------------------------------------------------- helpers


def _sentence_bounds(view: TextView, tok_index: int) -> tuple[int, int]:
    return view.sentences[view.tokens[tok_index].sentence]


def _trim_end(text: str, start: int, end: int) -> int:
    while end > start and (text[end - 1].isspace() or text[end - 1] in TRAILING_PUNCT):
        end -= 1
    return end


def _word_count(view: TextView, start: int, end: int) -> int:
    a, b = view.token_at(start), view.token_at(end)
    return sum(1 for t in view.tokens[a:b] if t.is_word)


def _marked_containing(view: TextView, pos: int) -> MarkedSpan | None:
    for m in view.marked:
        if m.start <= pos < m.end:
            return m
        if m.start > pos:
            break
    return None


def _mention(view: TextView, lex: Lexicon, toks: list[Token]) -> Mention | None:
    if not toks or not has_head(toks, lex):
        return None
    return make_mention(view, lex, toks)


def _skip(view: TextView, j: int, words: frozenset[str], limit: int) -> int:
    while j < limit and view.tokens[j].norm in words:
        j += 1
    return j


def speaker_for_cue(
    view: TextView, lex: Lexicon, cue: CueMatch, limit: int
) -> tuple[Mention | None, int, int]:
    """The speaker of a verb cue and the token index after the cue+speaker group.

    Returns (mention or None, index after the group, index of the group start)."""
    tokens = view.tokens
    sent_first, _ = _sentence_bounds(view, cue.first)
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
        j = _skip(view, cue.last + 1, lex.skip_after_cue, limit)
        fwd = phrase_forward(view, lex, j, limit)
        if fwd:
            return _mention(view, lex, fwd), fwd[-1].index + 1, cue.first
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
        initial = _noun_phrase_until_punct(view, lex, sent_first, j + 1)
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
    fwd = phrase_forward(view, lex, _skip(view, cue.last + 1, lex.auxiliaries, limit), limit)
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


def _noun_phrase_until_punct(view: TextView, lex: Lexicon, j: int, limit: int) -> Mention | None:
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
    return _is_abbrev_dot(view, lex, k) or (
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


# --------------------------------------------------------------------------- direct quotes


def _is_abbrev_dot(view: TextView, lex: Lexicon, i: int) -> bool:
    tok = view.tokens[i]
    if tok.text != "." or i == 0:
        return False
    prev = view.tokens[i - 1]
    return prev.end == tok.start and (
        prev.norm in lex.abbreviations or (len(prev.text) == 1 and prev.text.isupper())
    )


def _tail_tokens(view: TextView, m: MarkedSpan, lex: Lexicon) -> list[Token]:
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
        if _marked_starting_at(view, tok.start):
            break
        if tok.is_word:
            seen_word = True
        elif (
            seen_word
            and tok.text in {".", "!", "?", "؟", ";", ":"}
            and not _is_abbrev_dot(view, lex, i)
        ):
            break
        out.append(tok)
        i += 1
    return out


def _marked_starting_at(view: TextView, pos: int) -> bool:
    return _marked_at(view, pos) is not None


def _marked_at(view: TextView, pos: int) -> MarkedSpan | None:
    return next((m for m in view.marked if m.open_pos == pos), None)


def attribute_tail(
    view: TextView, lex: Lexicon, m: MarkedSpan, cues_by_token: dict[int, CueMatch]
) -> tuple[CueMatch, Mention | None, str] | None:
    """“…,” Telford said. / “…”, said Telford. / “…” – قال ميلر. / „…“, so Merkel."""
    tail = _tail_tokens(view, m, lex)
    words = [t for t in tail if t.is_word]
    if not words:
        return None
    limit = tail[-1].index + 1
    first = words[0]
    cue = cues_by_token.get(first.index)
    if cue is not None and cue.entry.according_to and not cue.entry.postposition:
        fwd = phrase_forward(view, lex, cue.last + 1, limit)
        mention = _mention(view, lex, fwd)
        if mention is not None:
            return cue, mention, "explicit"
    if cue is not None and not cue.entry.according_to:
        j = _skip(view, cue.last + 1, lex.auxiliaries | lex.skip_after_cue, limit)
        fwd = phrase_forward(view, lex, j, limit)
        mention = _mention(view, lex, fwd)
        if mention is None:
            mention = _noun_phrase_until_punct(view, lex, j, limit)
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
            mention = _mention(view, lex, fwd)
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
    sent_first, _ = _sentence_bounds(view, min(i, len(view.tokens) - 1))
    j = i - 1
    if j >= sent_first and view.tokens[j].text in {",", "،"}:
        j -= 1
    toks = [t for t in view.tokens[sent_first : j + 1] if t.is_word]
    if 0 < len(toks) <= 6:
        return _mention(view, lex, toks)
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
        last_cue = [c for c in cues if first <= c.first < i]
        if not last_cue or last_cue[-1].last != i - 1:
            return None
    in_head = [
        c
        for c in cues
        if head[0].index <= c.first <= head[-1].index
        and not c.entry.according_to
        and not c.entry.requires_marks
    ]
    if not in_head:
        # a cue-less colon introduction: "Der GdP-Vorsitzende wird zitiert: „…“"
        if head[-1].text not in {":", "："} or lex.word_order == "verb_first":
            return None
        words = [t for t in head if t.is_word]
        if not words:
            return None
        lead = phrase_forward(view, lex, words[0].index, head[-1].index)
        mention = _mention(view, lex, lead) if lead else None
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


def _tail_after_sentence_end(view: TextView, lex: Lexicon, m: MarkedSpan, cue: CueMatch) -> bool:
    """Whether the tail cue of a quote belongs to a following sentence: a sentence end between
    the closing mark and the cue, or a quote ending a sentence followed by a new sentence."""
    if m.close_pos is None:
        return False
    between = view.tokens[view.token_at(m.close_pos + 1) : cue.first]
    if any(t.text in SENTENCE_END and not _is_abbrev_dot(view, lex, t.index) for t in between):
        return True
    words = [t for t in between if t.is_word] or [view.tokens[cue.first]]
    inner = view.text[m.start : m.end].rstrip()
    return inner[-1:] in SENTENCE_END and not words[0].text[:1].islower()


def _introduction(
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


def _covers_sentence(view: TextView, lex: Lexicon, m: MarkedSpan) -> bool:
    """Whether the marked span is the whole sentence (nothing but punctuation around it)."""
    i = view.token_at(m.open_pos)
    if i >= len(view.tokens):
        return False
    first, _ = view.sentences[view.tokens[i].sentence]
    head_words = [t for t in view.tokens[first:i] if t.is_word]
    tail = _tail_tokens(view, m, lex) if m.close_pos is not None else []
    close_tok = view.token_at(m.close_pos) if m.close_pos is not None else None
    close_sentence = (
        view.tokens[close_tok].sentence
        if close_tok is not None and close_tok < len(view.tokens)
        else -1
    )
    tail_words = [t for t in tail if t.is_word and t.sentence == close_sentence]
    return not head_words and not tail_words


def direct_candidates(
    view: TextView, lex: Lexicon, cues: list[CueMatch]
) -> tuple[list[Candidate], list[MarkedSpan]]:
    """Attributed direct (or mixed) quotes from quotation marks; returns also unattributed spans."""
    cues_by_token = {c.first: c for c in cues}
    out: list[Candidate] = []
    unattributed: list[MarkedSpan] = []
    for m in view.marked:
        tail = attribute_tail(view, lex, m, cues_by_token)
        if tail is not None and _tail_after_sentence_end(view, lex, m, tail[0]):
            # 'X said: “….” He added ...': the introduction wins over the next sentence's cue
            intro = _introduction(view, lex, m, cues)
            if intro is not None:
                tail = None
        if tail is not None:
            cue, mention, mode = tail
            start, qtype = m.start, "direct"
            i = view.token_at(m.open_pos)
            if i < len(view.tokens):
                first, _ = view.sentences[view.tokens[i].sentence]
                head_words = [t for t in view.tokens[first:i] if t.is_word]
                no_head_cue = not any(first <= c.first < i for c in cues)
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


# --------------------------------------------------------------------------- indirect quotes


def _clause_end(view: TextView, tok_index: int) -> int:
    _, last = _sentence_bounds(view, tok_index)
    return view.tokens[last - 1].end


def _complement_start(
    view: TextView, lex: Lexicon, cue: CueMatch, j: int, limit: int, object_skipped: bool = False
) -> int | None:
    """Character offset where the reported clause starts after cue+speaker (token ``j``)."""
    tokens = view.tokens
    end = min(limit, j + COMPLEMENT_WINDOW)
    # complementiser within the window, crossing only non-terminal tokens
    k = j
    while k < end:
        tok = tokens[k]
        if tok.text in {".", "!", "?", "؟", ";", "؛"}:
            break
        crossing = _marked_at(view, tok.start)
        if crossing is not None:
            if _word_count(view, crossing.start, crossing.end) > 3 or crossing.close_pos is None:
                break
            k = view.token_at(crossing.close_pos + 1)
            continue
        if tok.norm in lex.complementisers or (
            tok.norm.startswith(("qu'", "qu’")) and "que" in lex.complementisers
        ):
            if lex.word_order != "verb_first" and k > j:
                between = tokens[j:k]
                if not _between_ok(between, lex, cue):
                    break  # "said she wanted ... that": not this cue's complementiser
            if lex.include_complementiser or tok.norm.startswith("qu"):
                return tok.start if not tok.norm.startswith("qu'") else tok.start
            return tokens[k + 1].start if k + 1 < len(tokens) else None
        if is_cue_here(tok, lex) and k > j:
            break
        k += 1
    if lex.word_order == "verb_first":
        return None
    if j >= len(tokens):
        return None
    nxt = tokens[j]
    sentence = tokens[cue.last].sentence
    if nxt.text in {",", "،"} and lex.comma_complement and j + 1 < len(tokens):
        return tokens[j + 1].start
    j = _skip_adverbials(view, lex, j, sentence)
    if j >= len(tokens) or tokens[j].sentence != sentence:
        return None
    nxt = tokens[j]
    if not cue.entry.bare_clause:
        strong = nxt.norm.split("'")[0] in lex.subject_pronouns - {"it", "you"}
        return nxt.start if strong and nxt.sentence == sentence else None
    if cue.entry.takes_object and not object_skipped and nxt.is_word and not nxt.capitalised:
        # "told investigators he was upset": a short addressee, then a subject pronoun
        k = j + (1 if nxt.norm in lex.determiners else 0)
        if (
            k + 1 < len(tokens)
            and tokens[k + 1].norm.split("'")[0] in lex.subject_pronouns
            and tokens[k].is_word
        ):
            return tokens[k + 1].start
    if cue.entry.takes_object and nxt.norm in lex.determiners and not object_skipped:
        return None  # "told the prime minister ...": an addressee we could not delimit
    if lex.clause_starts and nxt.is_word:
        head = nxt.norm.split("'")[0]
        if head in lex.non_clause_starts:
            return _subject_after_phrase(view, lex, j, sentence)
        if head in lex.clause_starts or (nxt.capitalised and not cue.entry.takes_object):
            if head in lex.subject_pronouns or _looks_finite(view, lex, j, sentence):
                return nxt.start
            return None
        if (
            not cue.entry.takes_object
            and not is_cue_here(nxt, lex)
            and _looks_finite(view, lex, j, sentence)
        ):
            return nxt.start  # "experts say recommendations ... will be felt"
    return None


def _looks_finite(view: TextView, lex: Lexicon, j: int, sentence: int) -> bool:
    """A bare reported clause shows a finite verb early ("said the group was ...")."""
    if not lex.finite_markers:
        return True
    words = [t for t in view.tokens[j : j + 12] if t.is_word and t.sentence == sentence][:9]
    for tok in words:
        norm = tok.norm
        if norm in lex.finite_markers or any(
            norm.endswith(m) for m in lex.finite_markers if m.startswith("'")
        ):
            return True
        if len(norm) > 4 and norm.endswith("ed") and not tok.capitalised:
            return True
        if (
            tok is not words[0]
            and len(norm) > 3
            and norm.endswith("s")
            and not tok.capitalised
            and words.index(tok) <= 4
            and not norm.endswith("ss")
        ):
            return True
    return False


def _between_ok(between: list[Token], lex: Lexicon, cue: CueMatch) -> bool:
    """Words between a cue and its complementiser: adverbials, an addressee, or a short
    prepositional phrase ("stated in the company's blog post that")."""
    in_pp = False
    for tok in between:
        if _adverbial_ok(tok, lex, cue):
            in_pp = in_pp or tok.norm in lex.prepositions
            continue
        if (
            in_pp
            and tok.is_word
            and tok.norm not in lex.subject_pronouns
            and not is_cue_here(tok, lex)
        ):
            continue
        return False
    return len(between) <= 10


def _skip_adverbials(view: TextView, lex: Lexicon, j: int, sentence: int) -> int:
    """Skip time adverbials right after the cue ("said Monday", "said this week")."""
    tokens = view.tokens
    while j < len(tokens) and tokens[j].sentence == sentence and tokens[j].is_word:
        tok = tokens[j]
        if tok.norm in lex.time_words:
            j += 1
        elif (
            tok.norm in lex.time_modifiers
            and j + 1 < len(tokens)
            and tokens[j + 1].norm in lex.time_words
        ):
            j += 2
        else:
            break
    return j


def _subject_after_phrase(view: TextView, lex: Lexicon, j: int, sentence: int) -> int | None:
    """'said in his New Year's speech he was ready': a subject pronoun after a short
    prepositional phrase starts the reported clause."""
    tokens = view.tokens
    for k in range(j + 1, min(j + 9, len(tokens))):
        tok = tokens[k]
        if (
            tok.sentence != sentence
            or tok.text in {".", ";", ":", "“", "”", '"'}
            or is_cue_here(tok, lex)
        ):
            return None
        if tok.norm.split("'")[0] in lex.subject_pronouns and tokens[k - 1].text != ",":
            return tok.start
    return None


def is_cue_here(tok: Token, lex: Lexicon) -> bool:
    return tok.norm in lex.index or strip_prefix(tok.norm, lex) in lex.index


def _adverbial_ok(tok: Token, lex: Lexicon, cue: CueMatch) -> bool:
    if not tok.is_word:
        return tok.text in {",", "،", "’", "'"}
    return (
        tok.norm in lex.adverbial_words
        or tok.norm in lex.time_words
        or tok.norm.endswith(("'s", "’s"))
        or (tok.norm in lex.determiners and tok.norm not in lex.subject_pronouns)
        or tok.capitalised
        or tok.norm in lex.object_pronouns
        or tok.text[:1].isdigit()
        or (cue.entry.takes_object and tok.norm in lex.determiners)
    )


def _skip_object(view: TextView, lex: Lexicon, cue: CueMatch, j: int, limit: int) -> int:
    """After 'told', skip the addressee ("reporters", "CBC News", "the council")."""
    if not cue.entry.takes_object or j >= limit:
        return j
    tokens = view.tokens
    if tokens[j].norm in lex.object_pronouns:
        return j + 1
    k = j
    if tokens[k].norm in lex.determiners:
        k += 1
    start = k
    while (
        k < limit
        and k - start < 5
        and tokens[k].is_word
        and (
            tokens[k].capitalised
            or _stem_in(tokens[k].norm, lex.head_nouns)
            or tokens[k].text.endswith(("’s", "'s"))
        )
    ):
        k += 1
    return k if k > start else j


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
                new_end = _trim_end(view.text, a.start, tokens[k].start)
                if _word_count(view, a.start, new_end) >= 3:
                    a.end = new_end
    return cands


def _verb_candidate(
    view: TextView, lex: Lexicon, cue: CueMatch, used_tail: set[int]
) -> Candidate | None:
    sent_first, sent_last = _sentence_bounds(view, cue.first)
    limit = sent_last
    enclosing = _marked_containing(view, view.tokens[cue.first].start)
    mention, j, group_start = speaker_for_cue(view, lex, cue, limit)
    mode = "explicit" if mention is not None else "null"
    if mention is not None and mention.pronoun:
        mode = "pronoun"
    j = _skip(
        view,
        j,
        lex.skip_after_cue if lex.word_order == "verb_first" else lex.auxiliaries | lex.particles,
        limit,
    )
    before_object = j
    j = _skip_object(view, lex, cue, j, limit)
    start = _complement_start(view, lex, cue, j, limit, object_skipped=j > before_object)
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
        end = _clause_end(view, cue.first)
        return _clause_candidate(
            view, cue, mention, mode, (start, end), enclosing, min_words=2, attribution="indirect"
        )
    if lex.word_order == "verb_first" or enclosing is not None or cue.first in used_tail:
        return None
    after = view.tokens[min(j, len(view.tokens) - 1)]
    if (
        after.text in {",", ":"}
        and j + 1 < len(view.tokens)
        and _marked_starting_at(view, view.tokens[j + 1].start)
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
    k = _skip_adverbials(view, lex, j, tokens[cue.last].sentence)
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
            end = _trim_end(view.text, start, _clause_end(view, cue.first))
            if _marked_containing(view, start) is not None or _word_count(view, start, end) < 4:
                return None
            before_end = _trim_end(view.text, start, tokens[comma].start)
            after_start = rest_words[0].start
            if (
                _word_count(view, start, before_end) >= 3
                and _word_count(view, after_start, end) >= 3
            ):
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
        if len(rest) > 4 or any(not _adverbial_ok(t, lex, cue) for t in rest):
            return None
    start_tok = sent_first
    while start_tok < comma and not tokens[start_tok].is_word:
        start_tok += 1
    start = tokens[start_tok].start
    if _marked_containing(view, start) is not None or any(
        m.open_pos < tokens[comma].start
        and m.close_pos is not None
        and m.close_pos >= start
        and m.close_pos + 1 >= tokens[comma].start - 1
        for m in view.marked
    ):
        return None
    end = _trim_end(view.text, start, tokens[comma].start)
    if _word_count(view, start, end) < 3:
        return None
    return Candidate(start, end, "indirect", cue, mention, mode, attribution="postposed")


def _verb_final_candidate(view: TextView, lex: Lexicon, cue: CueMatch) -> Candidate | None:
    """Turkish: 'Bakan Yılmaz, ekonominin büyüdüğünü söyledi.' / 'dedi ki ...'."""
    tokens = view.tokens
    sent_first, sent_last = _sentence_bounds(view, cue.first)
    nxt = cue.last + 1
    if nxt < sent_last and tokens[nxt].norm in lex.complementisers:
        back = phrase_backward(view, lex, cue.first, sent_first)
        mention = _mention(view, lex, back)
        start = tokens[nxt + 1].start if nxt + 1 < sent_last else None
        if start is None:
            return None
        end = _trim_end(view.text, start, _clause_end(view, cue.first))
        mode = "explicit" if mention else "null"
        return Candidate(start, end, "indirect", cue, mention, mode, attribution="indirect")
    commas = [k for k in range(sent_first, cue.first) if tokens[k].text == ","]
    if not commas:
        return None
    comma = commas[0]
    subject = [t for t in tokens[sent_first:comma] if t.is_word]
    if not subject or len(subject) > 6:
        return None
    if any(_marked_containing(view, t.start) for t in tokens[comma : cue.first]) or any(
        m.open_pos > tokens[comma].start and m.open_pos < cue.start for m in view.marked
    ):
        return None
    start = tokens[comma + 1].start
    end = _trim_end(view.text, start, tokens[cue.first - 1].end)
    if _word_count(view, start, end) < 2:
        return None
    mention = _mention(view, lex, subject)
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
    sent_first, sent_last = _sentence_bounds(view, cue.first)
    enclosing = _marked_containing(view, tokens[cue.first].start)
    if cue.first in used:
        return None
    if cue.entry.postposition:
        back = phrase_backward(view, lex, cue.first, sent_first)
        mention = _mention(view, lex, back)
        j = cue.last + 1
        if j < sent_last and tokens[j].text in {",", "،"}:
            j += 1
        if j >= sent_last:
            return None
        start = tokens[j].start
        end = _trim_end(view.text, start, _clause_end(view, cue.first))
        if mention is None or _word_count(view, start, end) < 3:
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
            mention = _mention(view, lex, rest)
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
            mention = _mention(view, lex, toks)
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
        start, end = first_word.start, _clause_end(view, cue.first)
    elif j < sent_last and tokens[j].text in {",", "،"}:
        start = tokens[j + 1].start if j + 1 < sent_last else None
        if start is None:
            return None
        end = _clause_end(view, cue.first)
    elif cue.first > sent_first and tokens[cue.first - 1].text in {",", "،"}:
        start_tok = sent_first
        while start_tok < cue.first - 1 and not tokens[start_tok].is_word:
            start_tok += 1
        start = tokens[start_tok].start
        end = tokens[cue.first - 1].start
    elif j < sent_last and tokens[j].is_word:
        start = tokens[j].start
        end = _clause_end(view, cue.first)
    else:
        return None
    return _clause_candidate(
        view, cue, mention, mode, (start, end), enclosing, min_words=3, attribution="according"
    )


def _clause_candidate(
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
    end = _extend_over_marks(view, start, _trim_end(view.text, start, end))
    if _word_count(view, start, end) < min_words:
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


def _extend_over_marks(view: TextView, start: int, end: int) -> int:
    """Include the closing mark of a quoted fragment that ends the clause."""
    for m in view.marked:
        if start <= m.open_pos < end and m.close_pos is not None and m.close_pos >= end - 1:
            end = max(end, m.close_pos + 1)
    return end


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
        sentence_cues = [c for c in cues if first <= c.first < i and c.entry.requires_marks]
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
    for m in fragments:
        if not _covers_sentence(view, lex, m):
            continue
        previous = [c for c in top if c.start < m.open_pos]
        if not previous:
            continue
        prev = previous[-1]
        if view.paragraph_of(m.open_pos) - view.paragraph_of(prev.start) > FLOAT_PARAGRAPHS:
            continue
        words = _word_count(view, m.start, m.end)
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
        top.append(out[-1])
        top.sort(key=lambda c: c.start)
    return out


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
        end = _trim_end(view.text, start, end)
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
