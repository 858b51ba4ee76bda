"""Verb-first languages: the reported content after a cue and its speaker group (a clause, a
colon, quotation marks, or a noun complement: extended scope) and where the reported clause ends
(before a participle, a coordinated speech verb, a clause link or an according-to phrase)."""

from __future__ import annotations

from dataclasses import dataclass

from .cues import CueMatch
from .lexicon import Lexicon, normalise
from .nounphrase import COMMAS, foreign_addressee, media_addressee, word_class
from .readings import (
    ADJUNCT_STARTS,
    COLONS,
    COMPLEMENT_WINDOW,
    PARTICIPLE_WINDOW,
    TERMINALS,
    Reading,
    without_conjunction,
)
from .speakers import is_cue_word, strip_prefix
from .text import MarkedSpan, TextView, Token


def homograph_ok(view: TextView, lex: Lexicon, reading: Reading, comp: Complement) -> bool:
    """A homograph cue (بين "between") written without its shadda reports only with a complement
    clause or colon that no preposition introduces (not ``بين X على أنها``), after no speaker or
    after an actor (a role noun or a name)."""
    cue = reading.cue
    if not cue.entry.homograph or "\u0651" in view.text[cue.start : cue.end]:
        return True
    if comp.kind not in ("clause", "colon"):
        return False
    tokens = view.tokens
    before = tokens[comp.token - 1] if comp.token > 0 else None
    if (
        before is not None
        and before.is_word
        and word_class(before, lex) == "stop"
        and (before.norm not in lex.relative_pronouns)
    ):
        return comp.token == reading.after
    speaker = reading.speaker
    return speaker is None or bool(speaker.head)  # "وبين حقين قد يبدو أنهما": no actor


# --------------------------------------------------------------------------- complements


@dataclass
class Complement:
    kind: str  # clause | colon | marks | nominal
    start: int  # character offset where the reported content starts
    token: int  # its token index
    mark: MarkedSpan | None = None


def find_complement(
    view: TextView, lex: Lexicon, reading: Reading, sent_last: int
) -> Complement | None:
    """The reported content after the cue and its speaker group: the first complementiser,
    colon or quotation mark within the clause (not past another cue), else a noun phrase for
    verbs whose noun complement is reported content."""
    tokens = view.tokens
    cue = reading.cue
    j = reading.after
    window = PARTICIPLE_WINDOW if cue.participle else COMPLEMENT_WINDOW
    end = min(sent_last, j + window)
    enclosing = view.marked_containing(tokens[cue.first].start)
    k = j
    while k < end:
        tok = tokens[k]
        if tok.text in TERMINALS:
            break
        mark = view.marked_at(tok.start)
        if mark is not None and (enclosing is None or mark.open_pos > enclosing.start):
            if _scare_quote(view, mark, sent_last):
                k = view.token_at(mark.close_pos + 1) if mark.close_pos is not None else k + 1
                continue
            return Complement("marks", mark.start, k, mark)
        if tok.text in COLONS:
            nxt = k + 1
            if nxt < sent_last:
                mark = view.marked_at(tokens[nxt].start)
                if mark is not None:
                    return Complement("marks", mark.start, nxt, mark)
                return Complement("colon", tokens[nxt].start, nxt)
            break
        if tok.norm in lex.complementisers:
            return Complement("clause", tok.start, k)
        if is_cue_word(tok, lex) and not _passable_cue(tok, lex, view, k):
            break
        if (
            tok.text in COMMAS
            and k + 1 < end
            and (
                tokens[k + 1].norm in lex.clause_links
                or without_conjunction(tokens[k + 1].norm, lex) in lex.clause_links
            )
        ):
            break  # "ومع أن دمشق نفت هذه الاتهامات، إلا أن ...": another clause
        if view.marked_containing(tok.start) is not None and enclosing is None:
            break
        k += 1
    if not cue.entry.nominal:
        return None
    start = _nominal_start(view, lex, reading, sent_last)
    if start is None:
        return None
    return Complement("nominal", tokens[start].start, start)


def _scare_quote(view: TextView, mark: MarkedSpan, sent_last: int) -> bool:
    """A short quoted term or name (``لـ “توران”``, ``ل«الصحيفة»،``) inside a clause that goes
    on after it: a word follows, or a comma and a complementiser, or the mark is glued to a
    preposition letter."""
    if mark.close_pos is None or view.words_between(mark.start, mark.end) > 3:
        return False
    glued = mark.open_pos > 0 and view.text[mark.open_pos - 1].isalpha()
    after = view.token_at(mark.close_pos + 1)
    if after >= sent_last:
        return False
    tokens = view.tokens
    if tokens[after].is_word or glued:
        return True
    return tokens[after].text in COMMAS and any(
        t.norm.startswith(("ان", "أن", "إن")) and t.is_word
        for t in tokens[after + 1 : min(sent_last, after + 3)]
    )


def _passable_cue(tok: Token, lex: Lexicon, view: TextView, k: int) -> bool:
    """Cue words the complement search may pass: attitude participles that need quoted words
    (واصفا) unless the marks follow them at once (ما سموه "…"), and according-to phrases
    (نقلا عن، على لسان) between the speaker and the clause."""
    options = lex.index.get(tok.norm) or lex.index.get(strip_prefix(tok.norm, lex)) or []
    if not options:
        return False
    if all(o.entry.according_to for o in options):
        return True
    if all(o.entry.requires_marks for o in options):
        nxt = view.tokens[k + 1] if k + 1 < len(view.tokens) else None
        return nxt is None or view.marked_at(nxt.start) is None
    return False


def _nominal_start(
    view: TextView,
    lex: Lexicon,
    reading: Reading,
    sent_last: int,
    *,
    allow_complementiser: bool = False,
) -> int | None:
    """First token of a noun complement: after commas, time words and the verb's preposition;
    an adjunct (في بيان، خلال لقائه) is skipped to its closing comma."""
    tokens = view.tokens
    k = reading.after
    skipped_adjunct = False
    while k < sent_last:
        tok = tokens[k]
        norm = tok.norm
        if tok.text in COMMAS or norm in lex.time_stop_words or norm in lex.skip_after_cue:
            k += 1
            continue
        if k == reading.after and (foreign_addressee(tok) or media_addressee(tok, lex)):
            k += 1  # "كشفت مصادر لرويترز عن": the addressee
            continue
        if norm in (normalise("عن"), normalise("إلى"), normalise("من"), normalise("ب")):
            k += 1
            continue
        according = any(o.entry.according_to for o in lex.index.get(norm, []))
        if (norm in ADJUNCT_STARTS or according) and not skipped_adjunct:
            close = next(
                (m for m in range(k + 1, min(sent_last, k + 12)) if tokens[m].text in COMMAS),
                None,
            )
            if close is None and according:
                return None
            k = close + 1 if close is not None else k + 2  # "على الدوام"
            skipped_adjunct = True
            continue
        break
    if k >= sent_last or not tokens[k].is_word:
        return None
    tok = tokens[k]
    if allow_complementiser and tok.norm in lex.complementisers:
        return k
    if view.marked_at(tok.start) is not None and allow_complementiser:
        return k
    if (
        tok.norm in lex.complementisers
        or is_cue_word(tok, lex)
        or any(o.entry.according_to for o in lex.index.get(tok.norm, []))
    ):
        return None
    return k


# --------------------------------------------------------------------------- clause ends


def clause_end(
    view: TextView, lex: Lexicon, start_token: int, sent_last: int, cues_at: dict[int, CueMatch]
) -> int:
    """Character end of the reported clause starting at ``start_token``: the sentence end, or
    before a comma followed by a participle, a coordinated speech verb or an according-to
    phrase; within the quotation marks that enclose the start."""
    tokens = view.tokens
    enclosing = view.marked_containing(tokens[start_token].start)
    end_tok = sent_last
    k = start_token + 1
    while k < sent_last:
        tok = tokens[k]
        mark = view.marked_at(tok.start)
        if mark is not None and mark.close_pos is not None:
            k = view.token_at(mark.close_pos + 1)
            continue
        cue = cues_at.get(k)
        if cue is not None and _cuts(view, lex, cue, k, enclosing):
            end_tok = k
            while end_tok > start_token and (
                tokens[end_tok - 1].text in COMMAS or tokens[end_tok - 1].norm in lex.auxiliaries
            ):
                end_tok -= 1
            break
        k += 1
    end = tokens[end_tok - 1].end if end_tok > start_token else tokens[start_token].end
    if enclosing is not None:
        end = min(end, enclosing.end)
    return end


def _cuts(
    view: TextView, lex: Lexicon, cue: CueMatch, k: int, enclosing: MarkedSpan | None
) -> bool:
    """A cue that ends the clause before it: a participle or according-to phrase after a comma,
    or a speech verb with a conjunction clitic after a comma (، ووعد بنشر)."""
    tokens = view.tokens
    inside = view.marked_containing(tokens[k].start)
    if inside is not None and inside is not enclosing:
        return False
    prev = tokens[k - 1] if k > 0 else None
    after_comma = prev is not None and prev.text in COMMAS
    if cue.entry.according_to:
        return after_comma or prev is None or not prev.is_word
    if cue.participle:
        return after_comma
    if prev is not None and (
        prev.norm in lex.clause_links or without_conjunction(prev.norm, lex) in lex.clause_links
    ):
        return True  # "، إذ كتب"، "ثم قال"
    conjunction = strip_prefix(tokens[k].norm, lex) != tokens[k].norm
    return after_comma and conjunction


def marked_complement(
    view: TextView,
    lex: Lexicon,
    reading: Reading,
    sent_last: int,
    cues_at: dict[int, CueMatch],
    claimed: set[int],
) -> Complement | None:
    """Cues that need quoted words (رحب بـ "…"، وصفه بأنه "…"): the complement from the first
    content word after the speaker group, when the clause holds quotation marks no earlier cue
    of the sentence holds; marks right after the cue are a direct quote (ما سموه "…")."""
    start = _nominal_start(view, lex, reading, sent_last, allow_complementiser=True)
    if start is None:
        return None
    end = clause_end(view, lex, start, sent_last, cues_at)
    marks = [
        m
        for m in view.marked_opening_in(view.tokens[start].start, end)
        if m.open_pos not in claimed
    ]
    if not marks:
        return None
    first = view.marked_at(view.tokens[start].start)
    if first is not None and first is marks[0]:
        return Complement("marks", first.start, start, first)
    return Complement("attitude", view.tokens[start].start, start)


def content_before_marks(
    view: TextView, lex: Lexicon, reading: Reading, comp: Complement, sent_last: int
) -> Complement:
    """A verb with a noun complement whose clause reaches quotation marks after content words
    (اتهمها بالسعي "…"، اعتبر X انسحاب ... "…"): the content starts before the marks (mixed)."""
    start = _nominal_start(view, lex, reading, sent_last, allow_complementiser=True)
    if start is None or start >= comp.token:
        return comp
    return Complement("attitude", view.tokens[start].start, start)
