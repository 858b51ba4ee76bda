"""Clause subjects (antecedents of null subjects and pronouns) and their agreement features.

A null subject (``وقالت فيه إن``) or a pronoun refers to the subject of the nearest preceding
clause of any verb, not only of a speech verb: ``ونشرت اللجنة تقريرها. وقالت فيه إن`` is the
committee's. In verb-first text without a parse the clause subjects are the speakers the cue
readings found and the noun phrase after a sentence-initial verb (the first word of a sentence,
after conjunctions and particles, that the lexicon does not know as a noun). With a parse they are
the ``nsubj`` subtrees of every verb, with the gender and number of their head word.

Agreement (``قالت`` wants a feminine singular or a non-human plural; ``قالوا`` a human plural) is
read from the cue form's features and from the subject's head noun: the lexicon's feminine and
plural suffixes and broken plurals, organisations that take masculine agreement, and the parse
features when there are some. Names without a role have no known gender: they agree with any
singular cue.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import pandas as pd

from .lexicon import Lexicon, normalise
from .nounphrase import KnownNames, np_forward
from .paradigms import Features
from .speakers import (
    Mention,
    _in,
    bare,
    is_arabic,
    is_cue_word,
    make_mention,
    strip_prefix,
    word_class,
)
from .text import TextView, Token


@dataclass(frozen=True)
class Agreement:
    """Gender (m | f | None) and number (s | p | None) of a subject, for its anaphoric verbs."""

    gender: str | None = None
    number: str | None = None


@dataclass
class Subject:
    """A clause subject: where it is, the mention, and its agreement."""

    position: int
    mention: Mention
    agreement: Agreement


def mention_agreement(mention: Mention, lex: Lexicon, parse_feats: str | None = None) -> Agreement:
    """Agreement features of a subject mention (parse features win when given)."""
    if parse_feats:
        feats = dict(f.split("=", 1) for f in str(parse_feats).split("|") if "=" in f)
        gender = {"Fem": "f", "Masc": "m"}.get(feats.get("Gender", ""))
        number = {"Plur": "p", "Sing": "s", "Dual": "p"}.get(feats.get("Number", ""))
        if gender or number:
            return Agreement(gender, number)
    if mention.pronoun:
        return Agreement()
    words = mention.text.split()
    head_word = _head_word(mention, lex)
    if head_word is None:
        return Agreement(None, "s" if len(words) < 6 else None)  # a bare name
    norm = bare(strip_prefix(head_word, lex), lex)
    plural = (
        head_word in lex.plural_words
        or norm in lex.plural_words
        or (norm.endswith(lex.plural_suffixes) and not norm.endswith(("ة",)))
    )
    if plural:
        return Agreement(None, "p")
    if mention.kind != "person" and (
        head_word in lex.masculine_organisations or norm in lex.masculine_organisations
    ):
        return Agreement("m", "s")
    if norm.endswith(lex.feminine_suffixes) or head_word in lex.countries:
        return Agreement("f", "s")  # a country is feminine (وتقول الكويت، قالت روسيا)
    if mention.kind == "person" and mention.has_name and mention.head is None:
        return Agreement(None, "s")
    return Agreement("m", "s")


def _head_word(mention: Mention, lex: Lexicon) -> str | None:
    """The normalised head noun of the mention's role (its first actor noun), if any."""
    if not mention.head:
        return None
    for word in mention.text.split():
        norm = normalise(word)
        if _in(norm, lex.head_nouns, lex):
            return norm
    return mention.head


def agrees(features: Features, agreement: Agreement) -> bool:
    """Whether a cue form can take a subject with ``agreement`` as its antecedent: a plural verb
    (وأضافوا) a plural subject; a feminine singular verb (وأضافت) a feminine singular or any
    plural (مصادر، السلطات); a masculine singular verb a masculine or unknown singular. First and
    second person forms (قلت) refer to no earlier clause subject."""
    if features.person in ("1", "2"):
        return False
    number = "p" if features.number in ("p", "d") else features.number
    gender = features.gender
    if number is None and gender is None:
        return True
    if number == "p":
        return agreement.number == "p"
    if agreement.number == "p":
        return gender == "f"
    if gender is None or agreement.gender is None:
        return True
    return gender == agreement.gender


# --------------------------------------------------------------------------- finding subjects


def sentence_subjects(view: TextView, lex: Lexicon, names: KnownNames | None) -> list[Subject]:
    """Subjects of sentence-initial verbs (verb-first text): ``زار الرئيس إلهام علييف``,
    ``ونشرت اللجنة تقريرها``; the phrase must look like an actor (a role noun or a name)."""
    out: list[Subject] = []
    tokens = view.tokens
    for first, last in view.sentences:
        k = first
        while k < last and (not tokens[k].is_word or word_class(tokens[k], lex) == "stop"):
            if (
                tokens[k].norm in lex.subject_markers
                or strip_prefix(tokens[k].norm, lex) in lex.subject_markers
            ):
                break
            if tokens[k].is_word and is_cue_word(tokens[k], lex):
                k = last  # a cue opens the sentence: its reading found the subject
                break
            k += 1
        if k >= last or not tokens[k].is_word or not is_arabic(tokens[k]):
            continue
        marker = (
            tokens[k].norm in lex.subject_markers
            or strip_prefix(tokens[k].norm, lex) in lex.subject_markers
        )
        # the first word of the sentence, a verb the lexicon does not know (التقى starts
        # like a definite noun)
        verb_like = marker or word_class(tokens[k], lex) in ("name", "definite")
        if not verb_like:
            continue
        phrase = np_forward(view, lex, k + 1, last, names)
        if not phrase:
            continue
        if phrase[0].norm in lex.honorifics:
            continue  # ورفع سمو ...: the honorific stands for someone named before
        mention = make_mention(view, lex, phrase)
        if not (mention.head or mention.has_name or mention.pronoun):
            continue
        if not mention.head and not _name_like(phrase, lex, names):
            continue
        out.append(Subject(mention.start, mention, mention_agreement(mention, lex)))
    return out


def _name_like(phrase: list[Token], lex: Lexicon, names: KnownNames | None) -> bool:  # noqa: ARG001
    """A name known in the article (from a role phrase, an apposition or a speaker): unknown
    words after a sentence-initial verb are as often its object or a noun phrase (ولم يصدر
    تعليق) as a name."""
    if names is not None and any(t.norm in names.members for t in phrase):
        return True
    classes = [word_class(t, lex) for t in phrase]
    return (
        2 <= len(phrase) <= 4
        and classes[0] == "name"
        and all(c in ("name", "adjective", "complement") for c in classes)
    )


def parse_subjects(view: TextView, lex: Lexicon, tokens: pd.DataFrame) -> list[Subject]:
    """``nsubj`` subtrees of every verb in the tokens table, with the head word's features."""
    cols = ["sentence", "word", "upos", "head", "deprel", "start_char", "end_char", "feats"]
    if any(c not in tokens.columns for c in cols):
        return []
    by_sentence: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for rec in tokens[cols].to_dict("records"):
        if rec["sentence"] is pd.NA or rec["word"] is pd.NA or rec["start_char"] is pd.NA:
            continue
        by_sentence[int(rec["sentence"])].append(rec)
    out: list[Subject] = []
    for words in by_sentence.values():
        by_id = {int(w["word"]): w for w in words}
        children: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for w in words:
            if w["head"] is not pd.NA:
                children[int(w["head"])].append(w)
        for w in words:
            if str(w["deprel"]) not in ("nsubj", "nsubj:pass") or w["head"] is pd.NA:
                continue
            verb = by_id.get(int(w["head"]))
            if verb is None or verb["upos"] not in ("VERB", "AUX"):
                continue
            tree, stack = [], [w]
            while stack and len(tree) < 40:
                node = stack.pop()
                tree.append(node)
                stack.extend(children.get(int(node["word"]), []))
            start = min(int(n["start_char"]) for n in tree)
            end = max(int(n["end_char"]) for n in tree)
            if end - start > 120:
                continue
            a, b = view.token_at(start), view.token_at(end)
            toks = [t for t in view.tokens[a:b] if t.is_word]
            if not toks:
                continue
            mention = make_mention(view, lex, toks, source="parse")
            if not (mention.head or mention.has_name or mention.pronoun):
                continue
            feats = None if w["feats"] is pd.NA else w["feats"]
            out.append(Subject(mention.start, mention, mention_agreement(mention, lex, feats)))
    return out


def merge_subjects(rules: list[Subject], parse: list[Subject]) -> list[Subject]:
    """Rule subjects plus the parse subjects that overlap none of them (where both found the
    subject, the rules' phrase, with its apposed name, is kept)."""
    spans = sorted((s.mention.start, s.mention.end) for s in rules)
    starts = [a for a, _ in spans]
    out = list(rules)
    for s in parse:
        k = bisect.bisect_left(starts, s.mention.end)
        overlaps = any(
            a < s.mention.end and s.mention.start < b for a, b in spans[max(0, k - 3) : k]
        )
        if not overlaps:
            out.append(s)
    return out
