"""What an article says a speaker *is*: role and organisation words mapped to actor types.

The vocabulary is data (``resources/framing/speaker_roles_<lang>.yaml``, ``media_names.yaml``;
a codebook extends it under ``speaker_roles``). A *description* is a short stretch of text next
to a name or the speaker phrase itself:

* a **title** before a name: ``Secretary of State [Mike Pompeo]``, ``الرئيس الأمريكي [دونالد ترامب]``
  -- the role nearest the name is the head, and only title words may stand between them;
* an **appositive** after a name: ``[Jane Doe], a spokeswoman for the ministry,``,
  ``[X]، المتحدث باسم وزارة الخارجية،``;
* a **speaker phrase** without a name: ``the minister``, ``State Department officials``,
  ``the Pentagon``, ``Reuters``.

A head role of a fixed type decides by itself (minister -> government); a *dependent* role
(spokesman, leader, president) takes the type of the organisation nearest to it in the
description (Pentagon spokesman -> military, Hamas spokesman -> ``none``), else its default.
A *former* marker (former, then-, السابق) turns an official type into ``former_official`` and any
other into ``none``. ``none`` is a decision: the speaker is described, as something that is no
actor type of the codebook.
"""

from __future__ import annotations

import re
from typing import Any

from .role_vocabulary import (
    FORMER_OFFICIAL,
    NONE_TYPE,
    ORGANISATIONS,
    Hit,
    LanguageRules,
    norm,
)

BARRIER_CHARS = '\n;:"“”«»()[]،؛,!?'
TOKEN = re.compile(r"\w+(?:[.'’\-]\w+)*\.?|[^\w\s]")
APPOSITIVE_START = re.compile(r"\s*[,،]\s*(?:\d+\s*[,،]\s*)?")
SENTENCE_END = re.compile(r"(?<=[a-z\u0600-\u06ff]{4})\.\s")


def _tokens(text: str, offset: int = 0) -> list[tuple[int, int, str]]:
    return [(m.start() + offset, m.end() + offset, m.group()) for m in TOKEN.finditer(text)]


def _covered(start: int, end: int, hits: list[Hit]) -> bool:
    return any(h.start <= start and end <= h.end for h in hits)


def clause_start(text: str) -> int:
    """Offset after the last barrier (punctuation, sentence end) in ``text``."""
    cut = max(map(text.rfind, BARRIER_CHARS)) + 1
    ends = [m.end() for m in SENTENCE_END.finditer(text)]
    return max(cut, ends[-1] if ends else 0)


def clause_end(text: str) -> int:
    """Offset of the first barrier in ``text`` (its length if none)."""
    found = [i for i in (text.find(ch) for ch in BARRIER_CHARS) if i >= 0]
    match = SENTENCE_END.search(text)
    if match:
        found.append(match.start())
    return min(found) if found else len(text)


def _title_word(
    token: str, rules: LanguageRules, name_words: frozenset[str], surname: bool = False
) -> bool:
    """May ``token`` stand inside a title (between its head and the name)? Before a surname
    alone, a capitalised word must be the name's own ("First Lady Melania [Trump]" is not a
    description of Donald Trump)."""
    word = norm(token)
    if word in rules.connectors or word in name_words or re.fullmatch(r"\w\.", token):
        return True
    if rules.capitalised:
        return token[:1].isupper() and not surname
    return word.startswith(("ال", "لل", "وال"))


def _definite(hit: Hit) -> bool:
    """Does a matched Arabic-style term carry the article (ال, or لل)?"""
    return hit.prefix.endswith(("ال", "لل")) or norm(hit.text).startswith("ال") and not hit.prefix


def decide(
    head: Hit,
    hits: list[Hit],
    former: bool,
    official_types: frozenset[str],
    unexplained: bool = False,
    rules: LanguageRules | None = None,
    text: str = "",
) -> tuple[str | None, str | None]:
    """The type a head role gets in a description, and the organisation that decided it.

    A dependent role without a known organisation takes its default only when nothing else
    stands in the description (``President X``, ``the spokesman``); with an unknown complement
    (``president of the Chaplain Alliance``) it stays undecided."""
    organisation = None
    if head.category == "role":
        kind = head.type
    else:
        orgs = [h for h in hits if h.category in ORGANISATIONS and h is not head]
        orgs = [h for h in orgs if h.end <= head.start or h.start >= head.end]
        if rules is not None and rules.locations:
            orgs = [h for h in orgs if not _after_location(text, h, rules)]
        if orgs:
            nearest = min(orgs, key=lambda h: min(abs(h.start - head.end), abs(head.start - h.end)))
            kind, organisation = nearest.type, nearest.text
        else:
            kind = None if unexplained else head.default
    if kind and former:
        veteran = rules is not None and norm(head.text) in rules.former_none
        kind = FORMER_OFFICIAL if kind in official_types and not veteran else NONE_TYPE
    return kind, organisation


def _after_location(text: str, hit: Hit, rules: LanguageRules) -> bool:
    """Is the organisation right after a location preposition ("in Kiev")?"""
    before = _tokens(text[max(0, hit.start - 20) : hit.start])
    return bool(before) and norm(before[-1][2]) in rules.locations


def _unexplained(
    text: str,
    start: int,
    end: int,
    hits: list[Hit],
    rules: LanguageRules,
    name_words: frozenset[str] = frozenset(),
) -> bool:
    """Does ``text[start:end]`` hold a word that is no vocabulary term, connector, determiner,
    initial or word of the name (an organisation the vocabulary does not know)?"""
    for s, e, token in _tokens(text[start:end], start):
        word = norm(token)
        if not token[:1].isalnum() or _covered(s, e, hits) or re.fullmatch(r"\w\.", token):
            continue
        if word in rules.connectors or word in rules.appositive_starts or word in name_words:
            continue
        if any(word.startswith(p) for p in rules.former_prefixes):
            continue
        return True
    return False


def _subject_hits(hits: list[Hit]) -> list[Hit]:
    """The hits of a speaker phrase that can describe the speaker: a word behind a preposition
    clitic is an addressee ("ليبرمان للصحفيين": told the journalists), with everything after it
    ("لوكالة أنباء تونس"), unless a role comes first ("المبعوث الخاص للأمم المتحدة": of the UN)."""
    kept: list[Hit] = []
    for hit in sorted(hits, key=lambda h: h.start):
        if hit.oblique and not any(h.category in ("role", "dependent") for h in kept):
            break
        kept.append(hit)
    return kept


def _holds_a_name(phrase: str, hits: list[Hit], rules: LanguageRules) -> bool:
    """In a language that capitalises names: a capitalised word no term covers."""
    if not rules.capitalised:
        return False
    return any(
        token[:1].isupper() and not _covered(s, e, hits) and norm(token) not in rules.connectors
        for s, e, token in _tokens(phrase)
    )


def _common_noun_head(phrase: str, head: Hit, rules: LanguageRules) -> bool:
    """``the Obama administration``: in a language that capitalises names, an organisation noun
    written in lower case that ends the phrase is its head; the capitalised words before it
    modify it (unlike ``Kim Jong Un``, whose last word only looks like an acronym)."""
    return (
        rules.capitalised
        and rules.head_last
        and phrase[head.start : head.start + 1].islower()
        and not phrase[head.end :].strip(" '’s.,")
    )


def _is_former(hits: list[Hit], text: str, rules: LanguageRules) -> bool:
    if any(h.category == "former" for h in hits):
        return True
    folded = norm(text)
    return any(re.search(rf"(?<!\w){re.escape(p)}", folded) for p in rules.former_prefixes)


def title_before(
    window: str,
    hits: list[Hit],
    rules: LanguageRules,
    name_words: frozenset[str],
    official_types: frozenset[str],
    surname: bool = False,
) -> dict[str, Any] | None:
    """A title ending where ``window`` ends (the name starts there)."""
    cut = clause_start(window)
    hits = [h for h in hits if h.start >= cut]
    roles = [h for h in hits if h.category in ("role", "dependent")]
    if not roles:
        return None
    head = max(roles, key=lambda h: (h.end, h.end - h.start))
    gap = _tokens(window[head.end :], head.end)
    if len(gap) > 6:
        return None
    words = [norm(t[2]) for t in _tokens(window[cut:], cut)]
    while words and words[-1] in rules.appositive_starts:  # "the leader of the [X]"
        words.pop()
    if words and words[-1] in rules.breakers:
        return None  # "a lawyer for [X]": X is the complement, not the holder
    if not gap and rules.needs_article and not _definite(head):
        return None  # "محامي [X]": X's lawyer
    for start, end, token in gap:
        if not (_covered(start, end, hits) or _title_word(token, rules, name_words, surname)):
            return None
    run_start = head.start
    if rules.capitalised:  # English-like titles put the organisation before the head
        before = [t for t in _tokens(window[cut : head.start], cut)][-6:]
        for start, end, token in reversed(before):
            if (
                _covered(start, end, hits)
                or _title_word(token, rules, name_words)
                or (norm(token).endswith(("'s", "’s")))
            ):
                run_start = start
            else:
                break
    inside = [h for h in hits if h.start >= run_start]
    # "then-Secretary": the prefix is glued to the head's first word, outside the run
    former = _is_former(inside, window[max(0, run_start - 8) :], rules)
    unexplained = _unexplained(window, run_start, len(window), inside, rules, name_words)
    kind, organisation = decide(head, inside, former, official_types, unexplained, rules, window)
    return _result(kind, head, organisation, former, run_start, len(window.rstrip()))


def appositive_after(
    window: str, hits: list[Hit], rules: LanguageRules, official_types: frozenset[str]
) -> dict[str, Any] | None:
    """An appositive right after a name: ``, a spokeswoman for the ministry,``."""
    lead = APPOSITIVE_START.match(window)
    if not lead:
        return None
    begin = lead.end()
    end = begin + clause_end(window[begin:])
    hits = [h for h in hits if h.start >= begin and h.end <= end]
    tokens = _tokens(window[begin:end], begin)
    roles = [h for h in hits if h.category in ("role", "dependent")]
    if not roles or not tokens:
        return None
    head = min(roles, key=lambda h: (h.start, -(h.end - h.start)))
    position = sum(1 for t in tokens if t[1] <= head.start)
    if position > (4 if rules.capitalised else 1):
        return None
    for start, stop, token in tokens[:position]:
        word = norm(token)
        if not (
            _covered(start, stop, hits)
            or word in rules.appositive_starts
            or word.endswith(("'s", "’s"))
            or (rules.capitalised and token[:1].isupper())
        ):
            return None
    after = [t for t in tokens if t[0] >= head.end]
    if rules.capitalised:
        if after and after[0][2][:1].isupper() and not _covered(after[0][0], after[0][1], hits):
            return None  # "X, Secretary Pompeo": the title of another name
    else:
        tail = 0
        for s, e, t in reversed(after):
            if _covered(s, e, hits) or _title_word(t, rules, frozenset()) or not t[:1].isalnum():
                break
            tail += 1
        if tail >= 2:
            return None  # "X، الرئيس الروسي فلاديمير بوتين": ends with another name
    former = _is_former(hits, window[begin:end], rules)
    unexplained = _unexplained(window, begin, end, hits, rules)
    kind, organisation = decide(head, hits, former, official_types, unexplained, rules, window)
    return _result(kind, head, organisation, former, begin, end)


def speaker_phrase(
    phrase: str,
    hits: list[Hit],
    rules: LanguageRules,
    official_types: frozenset[str],
    name_words: frozenset[str] = frozenset(),
) -> dict[str, Any] | None:
    """A speaker phrase without a name: ``the minister``, ``the Pentagon``, ``Hamas``."""
    hits = _subject_hits(hits)
    roles = [h for h in hits if h.category in ("role", "dependent")]
    if roles:
        head = (
            max(roles, key=lambda h: h.end)
            if rules.head_last
            else min(roles, key=lambda h: h.start)
        )
    else:
        orgs = [h for h in hits if h.category == "organisation"]  # not a nationality alone
        if not orgs:
            return None
        head = (
            max(orgs, key=lambda h: h.end) if rules.head_last else min(orgs, key=lambda h: h.start)
        )
        if _holds_a_name(phrase, hits, rules) and not _common_noun_head(phrase, head, rules):
            return None  # "Rand Paul", "Kim Jong Un": a person whose name holds RAND / UN
        former = _is_former(hits, phrase, rules)
        kind = NONE_TYPE if former and head.type != "media" else head.type
        return _result(kind, head, head.text, former, 0, len(phrase))
    former = _is_former(hits, phrase, rules)
    checked_end = len(phrase)
    if (
        rules.capitalised
    ):  # "President Hassan Rouhani": the capitalised words after the head are a name
        after = _tokens(phrase[head.end :], head.end)
        if after and after[0][2][:1].isupper():
            checked_end = head.end
    unexplained = _unexplained(phrase, 0, checked_end, hits, rules, name_words)
    kind, organisation = decide(head, hits, former, official_types, unexplained, rules, phrase)
    return _result(kind, head, organisation, former, 0, len(phrase))


def _result(
    kind: str | None, head: Hit, organisation: str | None, former: bool, start: int, end: int
) -> dict[str, Any]:
    return {
        "type": kind,
        "role": head.text,
        "organisation": organisation,
        "former": former,
        "span_start": start,
        "span_end": end,
        "by_default": head.category == "dependent" and organisation is None,
    }


def name_core(name: str, hits: list[Hit], rules: LanguageRules) -> str:
    """A name without leading words that are vocabulary terms or start with a preposition and
    article (the quotes stage may keep a title's complement in the name: ``للحلف ينس
    ستولتنبرغ`` -> ``ينس ستولتنبرغ``); the name itself when nothing would remain."""
    tokens = _tokens(name)
    keep = 0
    for start, end, token in tokens[:-1]:
        prefixed = bool(rules.not_name_prefixes) and norm(token).startswith(rules.not_name_prefixes)
        if _covered(start, end, hits) or prefixed or norm(token) in rules.connectors:
            keep += 1
        else:
            break
    if keep == 0 or keep >= len(tokens):
        return name
    return name[tokens[keep][0] :].strip()


def is_term(hits: list[Hit], text: str) -> bool:
    """Is ``text`` itself a vocabulary term (an organisation or role, not a person's name)?"""
    size = len(text.strip())
    return any(
        h.category in ("organisation", "nationality", "role", "dependent")
        and h.end - h.start >= size - 1
        for h in hits
    )
