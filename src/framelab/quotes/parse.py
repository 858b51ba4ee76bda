"""Parse path: speakers from the dependency parse (tokens table) and names from entities.

The tokens table has one row per syntactic word with the character offsets of its token. For a
cue found by the rules, the cue verb is the word whose token covers the cue (a VERB when the token
holds several words, e.g. و + قال). Its ``nsubj`` dependent's subtree is the speaker candidate. The parse
supplies the speaker when the rules found none, and extends a rule phrase it contains; when parse
and rules disagree the rule speaker is kept (the parse of the small test models is often wrong).
Quotes whose speaker the parse supplied or confirmed get method ``parse``.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from typing import Any

import pandas as pd

from .lexicon import Lexicon
from .rules import Candidate
from .speakers import Mention, make_mention
from .text import TextView

SUBJECT_RELS = ("nsubj", "nsubj:pass", "csubj")


def _sentences(tokens: pd.DataFrame) -> dict[int, list[dict[str, Any]]]:
    by_sentence: dict[int, list[dict[str, Any]]] = defaultdict(list)
    cols = ["sentence", "word", "text", "upos", "head", "deprel", "start_char", "end_char"]
    for rec in tokens[cols].to_dict("records"):
        if rec["sentence"] is pd.NA or rec["word"] is pd.NA or rec["start_char"] is pd.NA:
            continue
        by_sentence[int(rec["sentence"])].append(rec)
    return by_sentence


def _cue_word(words: list[dict[str, Any]], start: int, end: int) -> dict[str, Any] | None:
    covering = [
        w
        for w in words
        if int(w["start_char"]) <= start < int(w["end_char"])
        or (start <= int(w["start_char"]) < end)
    ]
    if not covering:
        return None
    verbs = [w for w in covering if w["upos"] in {"VERB", "AUX"}]
    return (verbs or covering)[-1]


def _subtree(words: list[dict[str, Any]], root: dict[str, Any]) -> list[dict[str, Any]]:
    children: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for w in words:
        if w["head"] is not pd.NA:
            children[int(w["head"])].append(w)
    out, stack = [], [root]
    while stack:
        node = stack.pop()
        out.append(node)
        stack.extend(children.get(int(node["word"]), []))
    return out


def parse_subject(
    words: list[dict[str, Any]], cue_start: int, cue_end: int
) -> tuple[int, int] | None:
    """Character span of the cue verb's subject subtree, or None."""
    verb = _cue_word(words, cue_start, cue_end)
    if verb is None:
        return None
    subjects = [
        w
        for w in words
        if w["head"] is not pd.NA
        and int(w["head"]) == int(verb["word"])
        and str(w["deprel"]) in SUBJECT_RELS
    ]
    if not subjects:
        return None
    tree = _subtree(words, subjects[0])
    start = min(int(w["start_char"]) for w in tree)
    end = max(int(w["end_char"]) for w in tree)
    return start, end


def apply_parse(
    view: TextView, lex: Lexicon, candidates: list[Candidate], tokens: pd.DataFrame
) -> dict[int, str]:
    """Replace rule speakers by parse subjects where the parse has one; returns method per id."""
    methods = {id(c): "rules" for c in candidates}
    sentences = _sentences(tokens)
    index: list[tuple[int, int, int]] = []
    for s, words in sentences.items():
        if words:
            index.append(
                (
                    min(int(w["start_char"]) for w in words),
                    max(int(w["end_char"]) for w in words),
                    s,
                )
            )
    index.sort()
    index_starts = [a for a, _, _ in index]
    for c in candidates:
        if c.cue is None or c.cue.entry.according_to:
            continue  # "ووفقا له": a preposition has no subject in the parse
        k = bisect.bisect_right(index_starts, c.cue.start) - 1
        sent = index[k][2] if k >= 0 and index[k][0] <= c.cue.start < index[k][1] else None
        if sent is None:
            continue
        span = parse_subject(sentences[sent], c.cue.start, c.cue.end)
        if span is None:
            continue
        start, end = span
        if c.start <= start < c.end or end - start > 120:
            continue  # a subject inside the quote is a parse error for our purpose
        toks = _tokens_within(view, start, end)
        if not toks:
            continue
        mention = make_mention(view, lex, toks, source="parse")
        rule = c.speaker
        if rule is None or c.speaker_mode == "null":
            if not _plausible_subject(view, lex, c, mention, toks):
                continue
            c.speaker = mention  # the parse supplies a speaker the rules did not find
            c.speaker_mode = "pronoun" if mention.pronoun else "explicit"
        elif start <= rule.start and rule.end <= end and (end - start) > (rule.end - rule.start):
            if not rule.has_name or mention.has_name:
                c.speaker = mention  # the parse extends a cut rule phrase ("minister" -> subtree)
        elif not (rule.start < end and start < rule.end):
            continue  # parse and rules disagree: keep the rule speaker, method stays "rules"
        methods[id(c)] = "parse"
    return methods


def _tokens_within(view: TextView, start: int, end: int) -> list:
    """Word tokens lying inside [start, end) (bisection on token starts)."""
    a = view.token_at(start)
    out = []
    for tok in view.tokens[a:]:
        if tok.start >= end:
            break
        if tok.end <= end and tok.is_word:
            out.append(tok)
    return out


def entity_mentions(view: TextView, lex: Lexicon, entities: pd.DataFrame) -> list[Mention]:
    """Person/organisation mentions from the entities table (names for canonical resolution)."""
    out = []
    for rec in entities[["text", "type", "start_char", "end_char"]].to_dict("records"):
        etype = str(rec["type"]).upper()
        if rec["start_char"] is pd.NA:
            continue
        start, end = int(rec["start_char"]), int(rec["end_char"])
        if etype in {"PER", "PERSON"}:
            kind = "person"
        elif etype in {"ORG", "NORP"}:
            kind = "organisation"
        else:
            continue
        toks = _tokens_within(view, start, end)
        if not toks:
            continue
        text = view.text[start:end]
        out.append(Mention(start, end, text, name=text, kind=kind, source="entity"))
    return out


def _plausible_subject(
    view: TextView, lex: Lexicon, c: Candidate, mention: Mention, toks: list
) -> bool:
    """Where the rules read a null subject in a verb-first language (وأضاف أن), a parse subject
    is taken only when it names an actor right after the verb (the small models often make a
    later noun the subject); participles and verbal nouns have no subject of their own."""
    if lex.word_order != "verb_first":
        return True
    cue = c.cue
    if cue is None or cue.participle or cue.features.tense == "noun":
        return False
    if not (mention.head or mention.has_name):
        return False
    return 0 <= toks[0].index - cue.last <= 3
