"""Cue lookup: every occurrence of a lexicon cue (reporting verb, participle, according-to
phrase) in a text view, with the clitics excluded from the cue span."""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from .lexicon import CueEntry, Lexicon
from .paradigms import NO_FEATURES, Features
from .speakers import is_arabic, strip_prefix
from .text import TextView, Token


@dataclass
class CueMatch:
    """A cue occurrence: span (clitics excluded), its lexicon entry, token range."""

    start: int
    end: int
    entry: CueEntry
    first: int  # first token index
    last: int  # last token index (inclusive)
    speaker_char: int | None = None  # speaker starts inside a token ("وفقا لوزير")
    pronoun_suffix: bool = False  # "وفقا له": the speaker is the attached pronoun
    features: Features = NO_FEATURES  # person, gender, number, tense of the matched form

    @property
    def participle(self) -> bool:
        return self.features.tense == "participle"


class CueList(list):
    """Cues in text order, with range queries by token index (bisection, not a scan)."""

    def __init__(self, cues: list[CueMatch] = ()) -> None:
        super().__init__(cues)
        self._firsts = [c.first for c in self]

    def between(self, first: int, stop: int) -> list[CueMatch]:
        """Cues whose first token lies in [first, stop)."""
        return self[
            bisect.bisect_left(self._firsts, first) : bisect.bisect_left(self._firsts, stop)
        ]


def cues_between(cues: list[CueMatch], first: int, stop: int) -> list[CueMatch]:
    """Cues whose first token lies in [first, stop) (fast for a :class:`CueList`)."""
    if isinstance(cues, CueList):
        return cues.between(first, stop)
    return [c for c in cues if first <= c.first < stop]


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


def find_cues(view: TextView, lex: Lexicon) -> CueList:
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
            and all(not f.entry.according_to for f in lex.index[tok.norm])
            and lex.word_order == "subject_first"
        ):
            continue  # "Note the index ...": an imperative, not a report
        # longest first; an exact form before a wildcard one of the same length (وفقا لما)
        for option in sorted(options, key=lambda o: (-len(o.tokens), o.tokens[-1].endswith("*"))):
            form, entry = option.tokens, option.entry
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
            cue = CueMatch(
                tok.start + clitic, tokens[last].end, entry, i, last, features=option.features
            )
            if form[-1].endswith("*"):
                stem = form[-1][:-1]
                rest = tokens[last].norm[len(stem) :]
                if rest and rest not in lex.pronoun_suffixes:
                    # "وفقا للمصدر": the cue ends before the fused preposition, the speaker
                    # starts after it
                    speaker_char = tokens[last].start + len(stem)
                    while view.text[speaker_char : speaker_char + 1] == "\u0640":
                        speaker_char += 1
                    cue.speaker_char = speaker_char
                    if len(form) > 1:
                        cue.end = tokens[last - 1].end
                        cue.last = last - 1
                    else:
                        cue.end = speaker_char
                else:
                    cue.pronoun_suffix = bool(rest)
            out.append(cue)
            break
    return CueList(out)


def is_cue_here(tok: Token, lex: Lexicon) -> bool:
    return tok.norm in lex.index or strip_prefix(tok.norm, lex) in lex.index
