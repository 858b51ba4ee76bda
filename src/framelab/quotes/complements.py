"""Where the reported clause starts after a verb cue and its speaker: complementisers, bare
clauses with an early finite verb, addressees, adverbials."""

from __future__ import annotations

from .candidate import marked_at, word_count
from .cues import CueMatch, is_cue_here
from .lexicon import Lexicon
from .speakers import _stem_in
from .text import TextView, Token

COMPLEMENT_WINDOW = 16


def complement_start(
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
        crossing = marked_at(view, tok.start)
        if crossing is not None:
            if word_count(view, crossing.start, crossing.end) > 3 or crossing.close_pos is None:
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
    j = skip_adverbials(view, lex, j, sentence)
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
        if adverbial_ok(tok, lex, cue):
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


def skip_adverbials(view: TextView, lex: Lexicon, j: int, sentence: int) -> int:
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


def adverbial_ok(tok: Token, lex: Lexicon, cue: CueMatch) -> bool:
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


def skip_object(view: TextView, lex: Lexicon, cue: CueMatch, j: int, limit: int) -> int:
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
