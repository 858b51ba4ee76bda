"""Verb-first languages (Arabic): whether a cue reports and who its speaker is.

A cue reports unless negated (لم يعلق), a background formula (يذكر أن) or a homograph read as its
other word. Its speaker is the subject after the verb with an apposed name (``وقال مدير الميناء،
كريم العلي، إن``), the subject before it after كان/أما/a complementiser, a relative pronoun or at
the start of a line, the source of a relay (``نقل موقع عن المندوب قوله``), a quoted name
(``وقالت "أوكسفام" إن``), or for a participle the subject of the report it follows.
"""

from __future__ import annotations

from dataclasses import dataclass

from .candidate import Candidate
from .cues import CueMatch
from .lexicon import Lexicon, normalise
from .nounphrase import COMMAS, KnownNames, apposition_name, np_forward, word_class
from .speakers import Mention, make_mention, strip_prefix
from .text import TextView, Token

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


def without_conjunction(norm: str, lex: Lexicon) -> str:
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
        if prev in lex.negators or without_conjunction(prev, lex) in lex.negators:
            return False
    head = tokens[cue.first]
    if head.norm in lex.background_cues or strip_prefix(head.norm, lex) in lex.background_cues:
        nxt = tokens[cue.last + 1] if cue.last + 1 < len(tokens) else None
        if nxt is None or nxt.norm in lex.complementisers or nxt.norm == normalise("إلى"):
            return False
    return True


# --------------------------------------------------------------------------- speakers


def phrase_mention(view: TextView, lex: Lexicon, toks: list[Token]) -> Mention | None:
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


def with_apposition(
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
    mention = phrase_mention(view, lex, phrase)
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
    return with_apposition(view, lex, phrase, limit, names, closers)


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
        mention, after = with_apposition(view, lex, phrase, cue.first, names)
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
    mention = phrase_mention(view, lex, phrase)
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
                # "ونقلت عنه وكالة الأنباء قوله": relayed from someone named before (a null
                # subject for the resolver); the channel after عنه is passed
                after = k + 1
                if k == cue.last + 1:
                    _, after = forward_speaker(view, lex, k + 1, limit, names)
                return None, after, None
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
        return Reading(cue, mention, mention_mode(mention), after)
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
        return Reading(cue, back, mention_mode(back), cue.last + 1)
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
    return Reading(cue, mention, mention_mode(mention), after)


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


def mention_mode(mention: Mention | None) -> str:
    if mention is None:
        return "null"
    return "pronoun" if mention.pronoun else "explicit"
