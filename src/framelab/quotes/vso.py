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

from dataclasses import dataclass

from .candidate import Candidate, extend_over_marks, trim_end
from .cues import CueMatch
from .lexicon import Lexicon, normalise
from .nounphrase import COMMAS, KnownNames, apposition_name, np_forward, word_class
from .speakers import Mention, is_cue_word, make_mention, strip_prefix
from .text import MarkedSpan, TextView, Token

COMPLEMENT_WINDOW = 30
PARTICIPLE_WINDOW = 4
SUBJECT_LOOKBACK = 18
TERMINALS = frozenset({".", "!", "?", "؟", ";", "؛"})
COLONS = frozenset({":", "："})
ADJUNCT_STARTS = frozenset(
    normalise(w) for w in ("في", "خلال", "أمام", "عقب", "إثر", "أثناء", "لدى", "عبر", "على")
)


@dataclass
class Reading:
    """What the rules read around one verb cue."""

    cue: CueMatch
    speaker: Mention | None
    mode: str  # explicit | pronoun | null
    after: int  # token index after the cue and its speaker group
    inside_report: bool = False  # the cue lies inside a clause reported by an earlier cue
    host: Reading | None = None  # a participle's main report (shares its subject)
    candidate: Candidate | None = None  # the quote this reading produced


# --------------------------------------------------------------------------- cue filters


def _without_conjunction(norm: str, lex: Lexicon) -> str:
    """A short particle without its conjunction clitic (ولم -> لم)."""
    for prefix in lex.prefixes:
        if norm.startswith(prefix) and len(norm) > len(prefix):
            return norm[len(prefix) :]
    return norm


def _auxiliary(tok: Token, lex: Lexicon) -> bool:
    return tok.norm in lex.auxiliaries or strip_prefix(tok.norm, lex) in lex.auxiliaries


def reports(view: TextView, lex: Lexicon, cue: CueMatch) -> bool:
    """False for a negated cue (لم يعلق), a background formula (يذكر أن) or a homograph read as
    its other word (بين "between")."""
    tokens = view.tokens
    k = cue.first - 1
    while k >= 0 and _auxiliary(tokens[k], lex):
        k -= 1
    if k >= 0 and tokens[k].sentence == tokens[cue.first].sentence:
        prev = tokens[k].norm
        if prev in lex.negators or _without_conjunction(prev, lex) in lex.negators:
            return False
    head = tokens[cue.first]
    if head.norm in lex.background_cues or strip_prefix(head.norm, lex) in lex.background_cues:
        nxt = tokens[cue.last + 1] if cue.last + 1 < len(tokens) else None
        if nxt is None or nxt.norm in lex.complementisers or nxt.norm == normalise("إلى"):
            return False
    return True


def _homograph_ok(view: TextView, lex: Lexicon, reading: Reading, comp: Complement) -> bool:
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


# --------------------------------------------------------------------------- speakers


def _mention(view: TextView, lex: Lexicon, toks: list[Token]) -> Mention | None:
    """The mention of a phrase; an honorific not followed by a role or title stands for a
    person named before (``وقال سموه``, ``ورفع سمو باسمه``): a pronoun."""
    if not toks:
        return None
    if toks[0].norm in lex.honorifics and (
        len(toks) == 1 or word_class(toks[1], lex) not in ("role", "complement")
    ):
        return make_mention_pronoun(view, toks[:1])
    return make_mention(view, lex, toks)


def make_mention_pronoun(view: TextView, toks: list[Token]) -> Mention:
    start, end = toks[0].start, toks[-1].end
    return Mention(start, end, view.text[start:end], kind="person", pronoun=True)


def _with_apposition(
    view: TextView,
    lex: Lexicon,
    phrase: list[Token],
    limit: int,
    names: KnownNames | None,
    closers: frozenset[str] = frozenset(),
) -> tuple[Mention | None, int]:
    """The mention of a phrase and the token index after its group: a quoted name right after
    it joins it (``صحيفة "الخبر" المحلية``); an apposed name takes its place ('ROLE، NAME،'); an
    apposed role phrase closed by a comma is passed ('NAME، ROLE ...،')."""
    tokens = view.tokens
    phrase = _with_quoted_name(view, lex, phrase, limit, names)
    mention = _mention(view, lex, phrase)
    after = phrase[-1].index + 1
    if mention is None or mention.pronoun:
        return mention, after
    if after >= min(limit, len(tokens)) or tokens[after].text not in COMMAS:
        return mention, after
    name = apposition_name(view, lex, after, limit, names, closers)
    if name is not None and mention.kind in ("person", "anonymous"):
        named = make_mention(view, lex, name)
        mention = Mention(
            named.start,
            named.end,
            named.text,
            name=named.text,
            role=mention.role or mention.text,
            head=mention.head,
            kind="person",
        )
        return mention, _past_comma(tokens, name[-1].index + 1)
    role = np_forward(view, lex, after + 1, limit, names)
    if role and word_class(role[0], lex) == "role" and len(role) <= 10:
        close = role[-1].index + 1
        if close < min(limit, len(tokens)) and tokens[close].text in COMMAS:
            return mention, close + 1  # 'NAME، ROLE،' before the verb or the clause
    return mention, after


def _past_comma(tokens: list[Token], k: int) -> int:
    return k + 1 if k < len(tokens) and tokens[k].text in COMMAS else k


def _with_quoted_name(
    view: TextView, lex: Lexicon, phrase: list[Token], limit: int, names: KnownNames | None
) -> list[Token]:
    """An organisation or medium followed by its name in quotation marks (``وكالة الأنباء
    "بترا"``): the phrase runs over the marks and the adjectives after them."""
    tokens = view.tokens
    after = phrase[-1].index + 1
    if after >= min(limit, len(tokens)) or word_class(phrase[-1], lex) not in (
        "role",
        "adjective",
        "complement",
    ):
        return phrase
    if make_mention(view, lex, phrase).kind not in ("media", "organisation"):
        return phrase  # "قال الوزير "…"": a quotation, not the name of an institution
    mark = view.marked_at(tokens[after].start)
    if mark is None or mark.close_pos is None or view.words_between(mark.start, mark.end) > 4:
        return phrase
    inner = tokens[view.token_at(mark.open_pos) : view.token_at(mark.close_pos) + 1]
    nxt = view.token_at(mark.close_pos + 1)
    tail = []
    while nxt < min(limit, len(tokens)) and word_class(tokens[nxt], lex) == "adjective":
        tail.append(tokens[nxt])
        nxt += 1
    return [*phrase, *inner, *tail]


def forward_speaker(
    view: TextView,
    lex: Lexicon,
    j: int,
    limit: int,
    names: KnownNames | None,
    cue: CueMatch | None = None,
) -> tuple[Mention | None, int]:
    """The subject after the verb (skipping words like بدوره, أيضا), with its apposition; a
    word with the verb's complement preposition (``ووعد بنشر``) or, after verbs that take an
    object, a definite word after a name (``ووصفت ماي محاولة``) is not part of it."""
    tokens = view.tokens
    while j < limit and (tokens[j].norm in lex.skip_after_cue):
        j += 1
    entry = cue.entry if cue is not None else None
    phrase = np_forward(
        view,
        lex,
        j,
        limit,
        names,
        stop_prefixes=entry.complement_prepositions if entry is not None else (),
        family_names=entry is None or not entry.takes_object,
    )
    if not phrase:
        return None, j
    closers = (
        frozenset(f[-1] for f in entry.forms if len(f) > 1) if entry is not None else frozenset()
    )
    return _with_apposition(view, lex, phrase, limit, names, closers)


def backward_speaker(
    view: TextView, lex: Lexicon, cue: CueMatch, sent_first: int, names: KnownNames | None
) -> Mention | None:
    """The subject before the verb: after كان/أما/a complementiser (وكان الوزير قد أعلن، إن
    الوزير قال), before a relative pronoun (السفير الذي أكد), or opening the line (السعودية
    تنفي)."""
    tokens = view.tokens
    k = cue.first - 1
    while k >= sent_first and (
        _auxiliary(tokens[k], lex) or tokens[k].text in COMMAS or tokens[k].norm == "ف"
    ):
        k -= 1
    if k < sent_first:
        return None
    if tokens[k].norm in lex.relative_pronouns or strip_prefix(tokens[k].norm, lex) in (
        lex.relative_pronouns
    ):
        return _antecedent_of_relative(view, lex, k, sent_first, names)
    lower = max(sent_first, cue.first - SUBJECT_LOOKBACK)
    for m in range(cue.first - 1, lower - 1, -1):
        tok = tokens[m]
        marker = (
            tok.norm in lex.subject_markers
            or strip_prefix(tok.norm, lex) in lex.subject_markers
            or tok.norm in lex.complementisers
        )
        opening = m == sent_first or (m > 0 and tokens[m - 1].text in COLONS)
        if not marker and not opening:
            continue
        start = m + 1 if marker else m
        phrase = np_forward(view, lex, start, cue.first, names)
        if not phrase:
            return None
        mention, after = _with_apposition(view, lex, phrase, cue.first, names)
        while after < cue.first and (
            _auxiliary(tokens[after], lex)
            or tokens[after].text in COMMAS
            or tokens[after].norm in lex.time_stop_words
            or tokens[after].norm == "ف"
        ):
            after += 1
        if after != cue.first or mention is None:
            return None
        if not marker and not _actor_like(mention, phrase, lex, names):
            return None
        return mention
    return None


def _actor_like(
    mention: Mention, phrase: list[Token], lex: Lexicon, names: KnownNames | None
) -> bool:
    """A sentence-initial subject without a marker must look like an actor: a role noun, a name
    known in the article, or a short run of words the lexicon does not know."""
    if mention.head:
        return True
    if names is not None and any(t.norm in names.members for t in phrase):
        return True
    return len(phrase) <= 3 and all(
        word_class(t, lex) in ("name", "complement", "adjective") for t in phrase
    )


def _antecedent_of_relative(
    view: TextView, lex: Lexicon, rel: int, sent_first: int, names: KnownNames | None
) -> Mention | None:
    """'السفير الذي أكد': the noun phrase right before the relative pronoun, back to the nearest
    preposition or stop word; it must name an actor (a role noun, a name), not a time or a
    thing (``في الوقت الذي``)."""
    tokens = view.tokens
    start = rel
    while start - 1 >= sent_first and word_class(tokens[start - 1], lex) not in (
        "stop",
        "preposition",
    ):
        start -= 1
    if start == rel:
        return None
    phrase = np_forward(view, lex, start, rel, names)
    if not phrase or phrase[-1].index != rel - 1:
        return None
    mention = _mention(view, lex, phrase)
    if mention is None:
        return None
    if mention.head or any(word_class(t, lex) == "name" for t in phrase):
        return mention
    return None


def relay_source(
    view: TextView, lex: Lexicon, cue: CueMatch, limit: int, names: KnownNames | None
) -> tuple[Mention | None, int, CueMatch | None] | None:
    """'نقلت وكالة X عن المندوب قوله': the source after عن, the token after it, and the verbal
    noun cue (قوله) when there is one. None when the verb has no عن (نقل "transported")."""
    tokens = view.tokens
    about = normalise("عن")
    for k in range(cue.last + 1, min(limit, cue.last + 14)):
        tok = tokens[k]
        if tok.norm in TERMINALS or tok.text in TERMINALS:
            return None
        if (
            tok.norm == about
            or tok.norm.startswith(about)
            and tok.norm[len(about) :] in (lex.pronoun_suffixes)
        ):
            if tok.norm != about:
                continue  # "عنه": relayed from someone already named
            mention, after = forward_speaker(view, lex, k + 1, limit, names)
            return mention, after, None
    return None


def participle_subject(readings: list[Reading], view: TextView, cue: CueMatch) -> Reading | None:
    """A participle (، مضيفا أن) shares the subject of the nearest report before it in its
    sentence that is not itself inside reported content."""
    sentence = view.tokens[cue.first].sentence
    for r in reversed(readings):
        if r.cue.first >= cue.first:
            continue
        if view.tokens[r.cue.first].sentence != sentence:
            return None
        if r.inside_report:
            continue
        return r
    return None


def read_cue(
    view: TextView,
    lex: Lexicon,
    cue: CueMatch,
    sent_first: int,
    limit: int,
    names: KnownNames | None,
    readings: list[Reading],
) -> Reading | None:
    """The speaker reading of a verb cue (None when the cue reports nothing)."""
    if not reports(view, lex, cue):
        return None
    if cue.entry.relay:
        relay = relay_source(view, lex, cue, limit, names)
        if relay is None:
            return None
        mention, after, _ = relay
        return Reading(cue, mention, _mode(mention), after)
    if cue.features.tense == "noun" and cue.features.person != "0":
        host = readings[-1] if readings else None  # قوله: only right after a relayed source
        if host is None or not host.cue.entry.relay or host.after != cue.first:
            return None
        return Reading(cue, host.speaker, host.mode, cue.last + 1)
    if cue.participle and cue.features.gender == "f" and cue.features.number == "s":
        prev = view.tokens[cue.first - 1] if cue.first > 0 else None
        if prev is None or prev.text not in COMMAS:
            return None  # "ورفض القحطاني مطالبة النساء": a feminine participle is also a noun
    if cue.participle or cue.features.tense == "noun":
        host = participle_subject(readings, view, cue)
        speaker = host.speaker if host is not None else None
        mode = host.mode if host is not None else "null"
        return Reading(
            cue, speaker, mode if speaker is not None else "null", cue.last + 1, host=host
        )
    back = None if cue.entry.homograph else backward_speaker(view, lex, cue, sent_first, names)
    if back is not None:
        return Reading(cue, back, _mode(back), cue.last + 1)
    if (cue.last > cue.first and cue.features.tense is not None) or _preposition_first(
        view, lex, cue, names
    ):
        # وعبر عن أمنياته، ووعد بنشر النتائج: the content follows the verb, no subject
        return Reading(cue, None, "null", cue.last + 1)
    mention, after = forward_speaker(view, lex, cue.last + 1, limit, names, cue)
    if mention is None:
        quoted = _quoted_subject(view, lex, cue.last + 1, limit)
        if quoted is not None:
            return Reading(cue, quoted[0], "explicit", quoted[1])
        return Reading(cue, None, "null", after)
    return Reading(cue, mention, _mode(mention), after)


def _quoted_subject(view: TextView, lex: Lexicon, j: int, limit: int) -> tuple[Mention, int] | None:
    """'وقالت "أوكسفام" إن': a short quoted name right after the verb and before its
    complementiser is the subject."""
    tokens = view.tokens
    if j >= limit:
        return None
    mark = view.marked_at(tokens[j].start)
    if mark is None or mark.close_pos is None or view.words_between(mark.start, mark.end) > 3:
        return None
    after = view.token_at(mark.close_pos + 1)
    if after >= limit or tokens[after].norm not in lex.complementisers:
        return None
    start, end = mark.start, mark.end
    text = view.text[start:end]
    return Mention(start, end, text, name=text, kind="organisation"), after


def _preposition_first(
    view: TextView, lex: Lexicon, cue: CueMatch, names: KnownNames | None
) -> bool:
    """The word after a verb with a noun complement carries the preposition ب (ووعد بنشر،
    أفادت بتوفر) and is no name known in the article: the complement, not the subject."""
    k = cue.last + 1
    prefixes = cue.entry.complement_prepositions
    if k >= len(view.tokens) or not prefixes:
        return False
    tok = view.tokens[k]
    known = names is not None and tok.norm in names.members
    if not tok.is_word or not tok.norm.startswith(prefixes) or len(tok.text) <= 3 or known:
        return False
    nxt = view.tokens[k + 1] if k + 1 < len(view.tokens) else None
    return nxt is None or nxt.norm not in lex.complementisers


def _mode(mention: Mention | None) -> str:
    if mention is None:
        return "null"
    return "pronoun" if mention.pronoun else "explicit"


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
                or _without_conjunction(tokens[k + 1].norm, lex) in lex.clause_links
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
        prev.norm in lex.clause_links or _without_conjunction(prev.norm, lex) in lex.clause_links
    ):
        return True  # "، إذ كتب"، "ثم قال"
    conjunction = strip_prefix(tokens[k].norm, lex) != tokens[k].norm
    return after_comma and conjunction


# --------------------------------------------------------------------------- candidates


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
        if entry.homograph and (comp is None or not _homograph_ok(view, lex, reading, comp)):
            continue  # a homograph read as its other word says nothing about its subject
        readings.append(reading)
        if entry.requires_marks:
            comp = _marked_complement(view, lex, reading, sent_last, cues_at, claimed)
        elif comp is not None and comp.kind == "marks" and entry.nominal:
            comp = _content_before_marks(view, lex, reading, comp, sent_last)
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


def _marked_complement(
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


def _content_before_marks(
    view: TextView, lex: Lexicon, reading: Reading, comp: Complement, sent_last: int
) -> Complement:
    """A verb with a noun complement whose clause reaches quotation marks after content words
    (اتهمها بالسعي "…"، اعتبر X انسحاب ... "…"): the content starts before the marks (mixed)."""
    start = _nominal_start(view, lex, reading, sent_last, allow_complementiser=True)
    if start is None or start >= comp.token:
        return comp
    return Complement("attitude", view.tokens[start].start, start)


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


# --------------------------------------------------------------------------- according to


def according_candidates(
    view: TextView,
    lex: Lexicon,
    cues: list[CueMatch],
    reported: list[Candidate],
    names: KnownNames | None,
    cues_at: dict[int, CueMatch],
) -> tuple[list[Candidate], list[Reading]]:
    """'بحسب X، CLAUSE' / 'CLAUSE، حسبما أفادت X': a quote of X when X communicates and its
    clause holds no other report; otherwise X is only the channel of that report. Also returns
    the sources as readings (channels included: a later null subject may refer to them)."""
    tokens = view.tokens
    by_sentence: dict[int, list[Candidate]] = {}
    for c in reported:
        if c.cue is not None and not c.nested:
            by_sentence.setdefault(tokens[c.cue.first].sentence, []).append(c)
    out: list[Candidate] = []
    sources: list[Reading] = []
    for cue in cues:
        if not cue.entry.according_to:
            continue
        sentence = tokens[cue.first].sentence
        sent_first, sent_last = view.sentences[sentence]
        source = according_source(view, lex, cue, sent_last, names)
        if source is None:
            continue
        mention, after, channel_cue = source
        if mention is not None and not mention.pronoun:
            sources.append(Reading(channel_cue or cue, mention, "explicit", after))
        enclosing = view.marked_containing(tokens[cue.first].start)
        if enclosing is not None and (mention is None or mention.pronoun):
            continue
        span = _according_span(view, lex, cue, after, sent_first, sent_last, cues_at)
        if span is None:
            continue
        start, end = span
        if _is_channel(view, cue, (start, end), by_sentence.get(sentence, [])):
            continue  # the clause's report already has its speaker
        if enclosing is not None:
            end = min(end, enclosing.end)
        end = trim_end(view.text, start, end)
        if view.words_between(start, end) < 3:
            continue
        out.append(
            Candidate(
                start,
                end,
                "indirect",
                channel_cue or cue,
                mention,
                _mode(mention) if mention is not None else "null",
                enclosing is not None,
                attribution="according",
            )
        )
    return out, sources


def _is_channel(
    view: TextView, cue: CueMatch, span: tuple[int, int], reports: list[Candidate]
) -> bool:
    """An according-to phrase is a channel when a report of its sentence has its cue inside the
    attributed clause, contains the phrase, or ends right before it (``قال X إن ...، حسبما
    أوردت وكالة``)."""
    start, end = span
    for r in reports:
        assert r.cue is not None
        if start <= r.cue.start < end or r.start <= cue.start < r.end:
            return True
        if r.end <= cue.start and view.words_between(r.end, cue.start) <= 1:
            return True
    return False


def according_source(
    view: TextView, lex: Lexicon, cue: CueMatch, limit: int, names: KnownNames | None
) -> tuple[Mention | None, int, CueMatch | None] | None:
    """The source of an according-to phrase, the token after it, and the cue widened over a
    channel verb (بحسب ما نقلته). None when there is no communicating source (data, a law, a
    plan: ``وفقا للنتائج``) or the phrase is كما without a speech verb."""
    tokens = view.tokens
    j = cue.last + 1
    widened = None
    if j < limit and tokens[j].norm == "ما":
        j += 1
    if j < limit and (
        tokens[j].norm in lex.channel_verbs
        or strip_prefix(tokens[j].norm, lex) in lex.channel_verbs
    ):
        widened = CueMatch(cue.start, tokens[j].end, cue.entry, cue.first, j, features=cue.features)
        j += 1
        while j < limit and (
            tokens[j].norm in (normalise("به"), normalise("عنه"), normalise("عنها"))
            or tokens[j].norm in lex.time_stop_words
        ):
            j += 1
    elif cue.entry.lemma == "كما":
        return None
    if cue.pronoun_suffix:
        return None, j, widened
    if cue.speaker_char is not None and widened is None:
        j = cue.last + 1
        if j >= limit:
            return None
        phrase = [tokens[j], *np_forward(view, lex, j + 1, limit, names)]
        if _non_source(phrase, lex):
            return None
        mention = _mention(view, lex, phrase)
        if mention is None:
            return None
        start = cue.speaker_char
        mention = Mention(
            start,
            mention.end,
            view.text[start : mention.end],
            mention.name,
            mention.role,
            mention.head,
            mention.kind,
            False,
            mention.definite_role,
        )
        return mention, phrase[-1].index + 1, None
    phrase = np_forward(view, lex, j, limit, names)
    if not phrase or _non_source(phrase, lex):
        return None
    mention, after = _with_apposition(view, lex, phrase, limit, names)
    if widened is not None and after < limit and tokens[after].norm in lex.complementisers:
        return None  # "كما أكد الوزير أن ...": an additive speech verb, not an attribution
    return mention, after, widened


def _non_source(phrase: list[Token], lex: Lexicon) -> bool:
    head = phrase[0]
    return (
        head.norm in lex.non_sources
        or strip_prefix(head.norm, lex) in lex.non_sources
        or (_strip_lam(head.norm) in lex.non_sources)
    )


def _strip_lam(norm: str) -> str:
    """للنتائج -> النتائج, لأمر -> أمر (the fused preposition of وفقا ل)."""
    if norm.startswith("لل"):
        return "ال" + norm[2:]
    return norm[1:] if norm.startswith("ل") else norm


def _according_span(
    view: TextView,
    lex: Lexicon,
    cue: CueMatch,
    after: int,
    sent_first: int,
    sent_last: int,
    cues_at: dict[int, CueMatch],
) -> tuple[int, int] | None:
    """The attributed clause: after the phrase when it opens the clause, before it when it
    closes the clause after a comma, else the whole sentence (the phrase inside the clause)."""
    tokens = view.tokens
    first_word = next((k for k in range(sent_first, sent_last) if tokens[k].is_word), None)
    if first_word is None:
        return None
    if cue.first <= first_word:
        k = after
        while k < sent_last and (tokens[k].text in COMMAS or not tokens[k].is_word):
            k += 1
        if k >= sent_last:
            return None
        return tokens[k].start, clause_end(view, lex, k, sent_last, cues_at)
    prev = tokens[cue.first - 1]
    if prev.text in COMMAS or not prev.is_word:
        return tokens[first_word].start, prev.start
    return tokens[first_word].start, tokens[sent_last - 1].end
