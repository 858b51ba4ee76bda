"""Within-article speaker resolution: canonical names, role-only mentions, pronouns and
null subjects, floating quotes."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from .lexicon import Lexicon, normalise
from .rules import Candidate
from .speakers import Mention, _in, is_arabic, make_mention, phrase_forward
from .text import TextView

# --------------------------------------------------------------------------- canonical names


_REPEAT = re.compile(r"(.)\1+")


def name_key(word: str) -> str:
    """Fuzzy key of a name token: normalised, possessive and doubled letters removed."""
    w = normalise(word)
    for suffix in ("'s", "’s"):
        if w.endswith(suffix):
            w = w[: -len(suffix)]
    return _REPEAT.sub(r"\1", w)


def _name_tokens(name: str) -> list[str]:
    return [name_key(w) for w in re.findall(r"[^\s,]+", name) if any(c.isalnum() for c in w)]


def _key_match(a: str, b: str) -> bool:
    return a == b or (min(len(a), len(b)) >= 5 and _edit1(a, b))


def _edit1(a: str, b: str) -> bool:
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) <= 1
    if len(a) > len(b):
        a, b = b, a
    return any(a == b[:i] + b[i + 1 :] for i in range(len(b)))


_POSSESSIVE = re.compile(r"['’]s?$")


def strip_possessive(name: str) -> str:
    return _POSSESSIVE.sub("", name) if re.search(r"\w['’]s?$", name) else name


class NameRegistry:
    """Full names seen in an article; short and variant mentions map to one full name.

    Among the full names that contain a mention, the one seen as a speaker or role holder wins
    over a name only seen as a capitalised run, then the most frequent, then the longest."""

    def __init__(self) -> None:
        self.names: dict[str, list[str]] = {}
        self.weight: dict[str, tuple[int, int]] = {}

    def add(self, name: str | None, priority: int = 2) -> None:
        if not name:
            return
        name = strip_possessive(name.strip())
        tokens = _name_tokens(name)
        if not tokens:
            return
        self.names.setdefault(name, tokens)
        old_priority, count = self.weight.get(name, (0, 0))
        self.weight[name] = (max(old_priority, priority), count + 1)

    def canonical(self, name: str | None) -> str | None:
        if not name:
            return None
        name = strip_possessive(name)
        tokens = _name_tokens(name)
        if not tokens:
            return name
        best: tuple[tuple[int, int, int], str] | None = None
        for full, full_tokens in self.names.items():
            if len(full_tokens) <= len(tokens):
                continue
            if not _key_match(full_tokens[-1], tokens[-1]):
                continue
            if not all(any(_key_match(t, f) for f in full_tokens) for t in tokens):
                continue
            priority, count = self.weight[full]
            key = (priority, count, -len(full_tokens))
            if best is None or key > best[0]:
                best = (key, full)
        return best[1] if best else name


def role_matches(mention: Mention, candidate: Mention) -> bool:
    """A role-only mention ("the diplomat", وزير الدولة) refers to a named candidate with the same
    role head noun."""
    return bool(mention.head and candidate.head and mention.head == candidate.head)


ANTECEDENT_KINDS = {"person"}


@dataclass
class Resolved:
    """A candidate with its final speaker surface, canonical name and kind."""

    candidate: Candidate
    speaker: Mention | None
    speaker_name: str | None
    speaker_kind: str | None


def role_mentions(view: TextView, lex: Lexicon) -> list[Mention]:
    """Person-role phrases anywhere in the text ("الرئيس إلهام علييف", "Mayor Doug McCallum")."""
    out = []
    tokens = view.tokens
    for tok in tokens:
        if not tok.is_word or not _in(tok.norm, lex.person_roles, lex):
            continue
        if is_arabic(tok):
            phrase = phrase_forward(view, lex, tok.index, len(tokens))
            if not phrase or phrase[0].index != tok.index:
                continue
        else:
            phrase = [tok]
            k = tok.index + 1
            while (
                k < len(tokens)
                and k - tok.index <= 3
                and tokens[k].is_word
                and tokens[k].capitalised
                and (
                    tokens[k].norm not in lex.person_roles and tokens[k].norm not in lex.stop_words
                )
            ):
                phrase.append(tokens[k])
                k += 1
        out.append(make_mention(view, lex, phrase, source="role_scan"))
    return out


def capitalised_names(view: TextView, lex: Lexicon) -> list[str]:
    """Runs of two to four capitalised words (Latin/Cyrillic scripts) minus leading role words:
    full-name candidates so that "Telford" resolves to "Hamish Telford"."""
    return [name for _, name in capitalised_name_positions(view, lex)]


def capitalised_name_positions(view: TextView, lex: Lexicon) -> list[tuple[int, str]]:
    """(start, name) of every capitalised name run (see :func:`capitalised_names`)."""
    if lex.capitalised_nouns:
        return []
    out: list[tuple[int, str]] = []
    run: list = []
    skip = lex.person_roles | lex.determiners | lex.stop_words | lex.head_nouns
    for tok in [*view.tokens, None]:
        if (
            tok is not None
            and tok.is_word
            and tok.capitalised
            and not is_arabic(tok)
            and (not run or run[-1].sentence == tok.sentence)
        ):
            run.append(tok)
            continue
        while run and run[0].norm in skip:
            run = run[1:]
        if 2 <= len(run) <= 4 and not any(t.norm in lex.head_nouns for t in run):
            out.append((run[0].start, view.text[run[0].start : run[-1].end]))
        run = (
            [tok]
            if tok is not None and tok.is_word and tok.capitalised and not is_arabic(tok)
            else []
        )
    return out


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= pos < b for a, b in spans)


def resolve_speakers(
    view: TextView,
    lex: Lexicon,
    candidates: list[Candidate],
    extra_mentions: list[Mention] | None = None,
) -> list[Resolved]:
    """Give every candidate a canonical speaker (see module docstring)."""
    quote_spans = [(c.start, c.end) for c in candidates]
    scanned = [m for m in role_mentions(view, lex) if not _inside(m.start, quote_spans)]
    entity_mentions = list(extra_mentions or [])
    registry = NameRegistry()
    name_runs = [
        (p, n) for p, n in capitalised_name_positions(view, lex) if not _inside(p, quote_spans)
    ]
    for name in capitalised_names(view, lex):
        registry.add(name, priority=1)
    for m in [*scanned, *entity_mentions]:
        if m.has_name and m.kind == "person":
            registry.add(m.name)
    for c in candidates:
        if c.speaker is not None and c.speaker.has_name:
            registry.add(c.speaker.name)

    # antecedents: (position, mention, canonical name, kind)
    antecedents: list[tuple[int, Mention, str | None, str]] = []
    pool = [*scanned, *(e for e in entity_mentions if not _inside(e.start, quote_spans))]
    for m in sorted(pool, key=lambda m: m.start):
        if m.has_name:
            canonical = registry.canonical(m.name)
        else:
            named = [a for a in antecedents if a[2] and role_matches(m, a[1])]
            canonical = named[-1][2] if named else None
        antecedents.append((m.start, m, canonical, m.kind))
    nested_ids = {
        id(c)
        for c in candidates
        if c.nested
        or any(
            o is not c
            and o.start <= c.start
            and c.end <= o.end
            and (o.end - o.start) > (c.end - c.start)
            for o in candidates
        )
    }

    resolved: list[Resolved] = []
    for c in sorted(candidates, key=lambda c: c.start):
        anchor = c.cue.start if c.cue is not None else c.start
        if c.speaker_mode == "previous":
            prev = next(
                (
                    r
                    for r in reversed(resolved)
                    if not r.candidate.nested and r.candidate.start < c.start
                ),
                None,
            )
            if prev is None:
                resolved.append(Resolved(c, None, None, None))
            else:
                resolved.append(Resolved(c, prev.speaker, prev.speaker_name, prev.speaker_kind))
            continue
        speaker = c.speaker
        if speaker is not None and not speaker.pronoun:
            name, kind = _explicit_name(speaker, registry, antecedents, resolved, c, lex, name_runs)
            resolved.append(Resolved(c, speaker, name, kind))
            if id(c) not in nested_ids and not _inside(speaker.start, quote_spans):
                antecedents.append((speaker.start, replace(speaker), name, kind))
                antecedents.sort(key=lambda a: a[0])
            continue
        ante = None
        if speaker is not None and speaker.pronoun:
            ante = _previous_speaker(anchor, resolved, view)
        if ante is None:
            ante = _antecedent(anchor, antecedents, resolved, quote_spans)
        if ante is None:
            resolved.append(Resolved(c, speaker, None, "person" if speaker is not None else None))
            continue
        _, a_mention, a_name, a_kind = ante
        surface = speaker if speaker is not None else a_mention
        resolved.append(Resolved(c, surface, a_name or a_mention.text, a_kind))
    return resolved


def _explicit_name(
    speaker: Mention,
    registry: NameRegistry,
    antecedents: list[tuple[int, Mention, str | None, str]],
    resolved: list[Resolved],
    c: Candidate,
    lex: Lexicon,
    name_runs: list[tuple[int, str]] | None = None,
) -> tuple[str | None, str]:
    if speaker.has_name:
        if speaker.kind != "person":
            return speaker.text, speaker.kind  # "the EU", "CTV News": the organisation as written
        return registry.canonical(speaker.name), speaker.kind
    if speaker.head and speaker.kind == "person":
        before = [a for a in antecedents if a[0] < speaker.start and a[2]]
        for _, mention, name, kind in reversed(before):
            if role_matches(speaker, mention):
                return name, kind
        if (
            speaker.head in {h.removeprefix("ال") for h in lex.generic_roles}
            or speaker.head in lex.generic_roles
        ):
            named = [
                r
                for r in resolved
                if r.speaker_name
                and r.speaker_kind == "person"
                and r.speaker is not None
                and r.speaker.has_name
            ]
            if named:
                return named[-1].speaker_name, "person"
        if speaker.definite_role and name_runs:
            # "the affable proprietor": the person most recently named before the description
            earlier = [n for pos, n in name_runs if pos < speaker.start]
            if earlier:
                return registry.canonical(earlier[-1]) or earlier[-1], "person"
    return speaker.text, speaker.kind


def _previous_speaker(
    anchor: int, resolved: list[Resolved], view: TextView
) -> tuple[int, Mention, str | None, str] | None:
    """A pronoun subject ("he said") refers to the previous named person speaker, when that one
    spoke within the last three paragraphs."""
    for r in reversed(resolved):
        c = r.candidate
        if c.start >= anchor or c.nested or r.speaker is None or not r.speaker_name:
            continue
        if r.speaker_kind != "person" or r.speaker.pronoun and not r.speaker_name:
            continue
        if view.paragraph_of(anchor) - view.paragraph_of(c.start) > 3:
            return None
        return (r.speaker.start, r.speaker, r.speaker_name, "person")
    return None


def _antecedent(
    anchor: int,
    antecedents: list[tuple[int, Mention, str | None, str]],
    resolved: list[Resolved],
    quote_spans: list[tuple[int, int]],
) -> tuple[int, Mention, str | None, str] | None:
    best = None
    for item in antecedents:
        pos, mention, name, kind = item
        if pos >= anchor or kind not in ANTECEDENT_KINDS or mention.pronoun or not name:
            continue
        if best is None or pos > best[0]:
            best = item
    return best
