"""Verb-first languages: according-to phrases (بحسب، وفقا ل، حسبما أفادت، كما ذكرت، نقلا عن):
a quote of their source when their clause holds no other report and the source communicates;
otherwise the channel of that report, or data (وفقا للنتائج) that is no source at all."""

from __future__ import annotations

from .candidate import Candidate, trim_end
from .clauses import clause_end
from .cues import CueMatch
from .lexicon import Lexicon, normalise
from .nounphrase import COMMAS, KnownNames, np_forward
from .readings import Reading, mention_mode, phrase_mention, with_apposition
from .speakers import Mention, strip_prefix
from .text import TextView, Token


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
                mention_mode(mention) if mention is not None else "null",
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
        mention = phrase_mention(view, lex, phrase)
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
    mention, after = with_apposition(view, lex, phrase, limit, names)
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
