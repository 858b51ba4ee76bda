"""Within-article speaker resolution: canonical names, role-only mentions, pronouns and
null subjects, floating quotes.

Names: the :class:`NameRegistry` maps short and variant mentions to the fullest name seen
(speakers, role holders, apposed names, entities, capitalised runs). Role-only mentions take the
name of an earlier mention with the same role (``الرئيس التركي`` -> the president named before);
an organisation's short form takes its earlier full form (``الوزارة`` -> ``وزارة الداخلية``).

Antecedents of pronouns and null subjects are never mentions inside reported content. In
verb-first languages (Arabic) a null subject or pronoun refers to the nearest preceding clause
subject of any kind (persons, organisations, media, documents) whose gender and number agree with
the cue (``subjects.py``); elsewhere a pronoun refers to the previous named person speaker and a
null subject to the last person mentioned.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass

from .candidate import Candidate
from .lexicon import Lexicon, normalise
from .nounphrase import apposition_name, np_forward
from .paradigms import NO_FEATURES
from .speakers import Mention, _in, is_arabic, make_mention
from .subjects import Agreement, Subject, agrees, mention_agreement
from .text import TextView

ANTECEDENT_KINDS = {"person"}
ANTECEDENT_WINDOW = 80  # antecedents looked at, nearest first


@dataclass
class Resolved:
    """A candidate with its final speaker surface, canonical name and kind."""

    candidate: Candidate
    speaker: Mention | None
    speaker_name: str | None
    speaker_kind: str | None


@dataclass
class Antecedent:
    position: int
    mention: Mention
    name: str | None
    kind: str
    agreement: Agreement


def is_arabic_text(text: str) -> bool:
    return bool(text) and "\u0600" <= text[0] <= "\u06ff"


class SpanIndex:
    """Membership of a position in a union of character spans, by bisection."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        merged: list[tuple[int, int]] = []
        for start, end in sorted(spans):
            if merged and start <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(merged[-1][1], end))
            else:
                merged.append((start, end))
        self.spans = merged
        self.starts = [a for a, _ in merged]

    def inside(self, pos: int) -> bool:
        k = bisect.bisect_right(self.starts, pos) - 1
        return k >= 0 and self.spans[k][0] <= pos < self.spans[k][1]


def role_mentions(view: TextView, lex: Lexicon) -> list[Mention]:
    """Person-role phrases anywhere in the text ("الرئيس إلهام علييف", "Mayor Doug McCallum")."""
    out = []
    tokens = view.tokens
    covered = -1
    for tok in tokens:
        if tok.index <= covered or not tok.is_word or not _in(tok.norm, lex.person_roles, lex):
            continue
        if is_arabic(tok):
            phrase = np_forward(view, lex, tok.index, len(tokens))
            if not phrase or phrase[0].index != tok.index:
                continue
            covered = phrase[-1].index
            mention = make_mention(view, lex, phrase, source="role_scan")
            appo = apposition_name(view, lex, phrase[-1].index + 1, len(tokens))
            if appo is not None:
                named = make_mention(view, lex, appo, source="role_scan")
                mention = Mention(
                    named.start,
                    named.end,
                    named.text,
                    name=named.text,
                    role=mention.text,
                    head=mention.head,
                    kind="person",
                    source="role_scan",
                )
            out.append(mention)
            continue
        phrase = [tok]
        k = tok.index + 1
        while (
            k < len(tokens)
            and k - tok.index <= 3
            and tokens[k].is_word
            and tokens[k].capitalised
            and (tokens[k].norm not in lex.person_roles and tokens[k].norm not in lex.stop_words)
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
    if lex.capitalised_nouns or view.text.lower() == view.text:
        return []  # German capitals mark nouns; scripts without case have no capitals
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


def resolve_speakers(
    view: TextView,
    lex: Lexicon,
    candidates: list[Candidate],
    extra_mentions: list[Mention] | None = None,
    subjects: list[Subject] | None = None,
) -> list[Resolved]:
    """Give every candidate a canonical speaker (see module docstring). ``subjects``: clause
    subjects (verb-first languages) from the rules or the parse."""
    verb_first = lex.word_order == "verb_first"
    quote_spans = SpanIndex((c.start, c.end) for c in candidates)
    scanned = [m for m in role_mentions(view, lex) if not quote_spans.inside(m.start)]
    entity_mentions = list(extra_mentions or [])
    registry = NameRegistry(lex.attached_particles)
    name_runs = [
        (p, n) for p, n in capitalised_name_positions(view, lex) if not quote_spans.inside(p)
    ]
    for name in capitalised_names(view, lex):
        registry.add(name, priority=1)
    for m in [*scanned, *entity_mentions]:
        if m.has_name and m.kind == "person":
            registry.add(m.name)
    for c in candidates:
        if c.speaker is not None and c.speaker.has_name:
            registry.add(c.speaker.name)

    # mentions that give role-only mentions their names, and antecedents of null subjects and
    # pronouns: in verb-first languages only clause subjects (a role noun in an object, as in
    # التعازي للملك ..., is no antecedent)
    mentions = [*scanned, *(e for e in entity_mentions if not quote_spans.inside(e.start))]
    subject_mentions = [s.mention for s in subjects or [] if not quote_spans.inside(s.position)]
    agreement_of = {id(s.mention): s.agreement for s in subjects or []}
    namers = _Antecedents()
    antecedents = _Antecedents() if verb_first else namers
    pool = [(m, False) for m in mentions] + [(m, True) for m in subject_mentions]
    for m, is_subject in sorted(pool, key=lambda item: item[0].start):
        if m.pronoun:
            continue
        if m.has_name and m.kind == "person":
            canonical = registry.canonical(m.name)
        elif m.kind == "person":
            named = namers.role_holder(m, m.start)
            canonical = named.name if named is not None else None
        else:
            canonical = country_name(m, registry, lex) or _organisation_name(m, namers, m.start)
        agreement = agreement_of.get(id(m)) or mention_agreement(m, lex)
        item = Antecedent(m.start, m, canonical, m.kind, agreement)
        if not is_subject or verb_first:
            namers.add(item)
        if verb_first and is_subject:
            antecedents.add(item)
    nested_ids = _contained(candidates)

    resolved: list[Resolved] = []
    for c in sorted(candidates, key=lambda c: c.start):
        anchor = c.cue.start if c.cue is not None else c.start
        if c.speaker_mode == "previous":
            prev = next(
                (
                    r
                    for r in reversed(resolved[-20:])
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
            name, kind = _explicit_name(speaker, registry, namers, resolved, lex, name_runs)
            resolved.append(Resolved(c, speaker, name, kind))
            if id(c) not in nested_ids and not quote_spans.inside(speaker.start):
                agreement = mention_agreement(speaker, lex)
                item = Antecedent(speaker.start, speaker, name, kind, agreement)
                antecedents.replace_or_add(item)
                if namers is not antecedents:
                    namers.replace_or_add(item)
            continue
        host = next((r for r in resolved[-8:] if r.candidate is c.host), None)
        if c.host is not None and host is not None and host.speaker_name:
            resolved.append(Resolved(c, host.speaker, host.speaker_name, host.speaker_kind))
            continue  # "وأردف أن ...، مضيفا أن": the participle shares its report's speaker
        if verb_first:
            features = c.cue.features if c.cue is not None else NO_FEATURES
            ante = antecedents.agreeing(anchor, features)
        else:
            ante = None
            if speaker is not None and speaker.pronoun:
                ante = _previous_speaker(anchor, resolved, view)
            if ante is None:
                ante = antecedents.last_person(anchor)
        if ante is None:
            resolved.append(Resolved(c, speaker, None, "person" if speaker is not None else None))
            continue
        surface = speaker if speaker is not None else ante.mention
        resolved.append(Resolved(c, surface, ante.name or ante.mention.text, ante.kind))
    return [_tidy(r, lex) for r in resolved]


def _tidy(r: Resolved, lex: Lexicon) -> Resolved:
    """Hashtag words as names (``الحكومة_البريطانية`` -> ``الحكومة البريطانية``)."""
    if r.speaker_name and lex.hashtag_marks and "_" in r.speaker_name:
        r.speaker_name = r.speaker_name.replace("_", " ")
    return r


def _contained(candidates: list[Candidate]) -> set[int]:
    """Ids of candidates that are nested or lie inside a longer candidate."""
    out = {id(c) for c in candidates if c.nested}
    ordered = sorted(candidates, key=lambda c: (c.start, -c.end))
    max_end, max_len = -1, 0
    for c in ordered:
        length = c.end - c.start
        if c.end <= max_end and max_len > length:
            out.add(id(c))
        if c.end > max_end:
            max_end, max_len = c.end, length
    return out


class _Antecedents:
    """Antecedents sorted by position (insertions are mostly at the end)."""

    def __init__(self) -> None:
        self.items: list[Antecedent] = []
        self.positions: list[int] = []

    def add(self, item: Antecedent) -> None:
        k = bisect.bisect_right(self.positions, item.position)
        self.positions.insert(k, item.position)
        self.items.insert(k, item)

    def replace_or_add(self, item: Antecedent) -> None:
        """Add, replacing an antecedent at the same position (a subject named by a quote)."""
        k = bisect.bisect_left(self.positions, item.position)
        if k < len(self.items) and self.positions[k] == item.position:
            self.items[k] = item
        else:
            self.add(item)

    def before(self, pos: int) -> Iterable[Antecedent]:
        """Antecedents before ``pos``, nearest first (at most ANTECEDENT_WINDOW)."""
        k = bisect.bisect_left(self.positions, pos)
        for i in range(k - 1, max(-1, k - 1 - ANTECEDENT_WINDOW), -1):
            yield self.items[i]

    def last_person(self, pos: int) -> Antecedent | None:
        for a in self.before(pos):
            if a.kind in ANTECEDENT_KINDS and not a.mention.pronoun and a.name:
                return a
        return None

    def agreeing(self, pos: int, features) -> Antecedent | None:  # noqa: ANN001
        """The nearest subject before ``pos`` that agrees with the cue form."""
        for a in self.before(pos):
            if a.mention.pronoun:
                continue
            if agrees(features, a.agreement):
                return a
        return None

    def role_holder(self, mention: Mention, pos: int) -> Antecedent | None:
        """The nearest named antecedent with the same role head noun; in Arabic only for a
        definite role (``الوزير``), an indefinite one (``متحدث باسم الحزب``) is someone new."""
        if is_arabic_text(mention.text) and not mention.definite_role:
            return None
        for a in self.before(pos):
            if a.name and role_matches(mention, a.mention):
                return a
        return None


def _organisation_name(mention: Mention, antecedents: _Antecedents, pos: int) -> str:
    """A definite short form (الوزارة، الوكالة، البيان) names the nearest earlier mention with
    the same head noun and a longer text; otherwise the mention as written."""
    if mention.head and not mention.has_name and mention.definite_role:
        for a in antecedents.before(pos):
            if (
                a.kind == mention.kind
                and a.mention.head == mention.head
                and len(a.mention.text) > len(mention.text)
            ):
                return a.name or a.mention.text
    return mention.text


def _explicit_name(
    speaker: Mention,
    registry: NameRegistry,
    antecedents: _Antecedents,
    resolved: list[Resolved],
    lex: Lexicon,
    name_runs: list[tuple[int, str]] | None = None,
) -> tuple[str | None, str]:
    if speaker.has_name:
        if speaker.kind != "person":
            return speaker.text, speaker.kind  # "the EU", "CTV News": the organisation as written
        return registry.canonical(speaker.name), speaker.kind
    country = country_name(speaker, registry, lex)
    if country is not None:
        return country, "organisation"
    if speaker.kind in ("organisation", "media", "document"):
        return _organisation_name(speaker, antecedents, speaker.start), speaker.kind
    if not speaker.head and speaker.kind == "person":
        full = registry.canonical(speaker.text)
        if full and full != speaker.text:
            return full, "person"  # "وقال الحداد": a family name alone, named in full before
    if speaker.head and speaker.kind == "person":
        holder = antecedents.role_holder(speaker, speaker.start)
        if holder is not None:
            return holder.name, holder.kind
        if (
            speaker.head in {h.removeprefix("ال") for h in lex.generic_roles}
            or speaker.head in lex.generic_roles
        ):
            named = next(
                (
                    r
                    for r in reversed(resolved)
                    if r.speaker_name
                    and r.speaker_kind == "person"
                    and r.speaker is not None
                    and r.speaker.has_name
                ),
                None,
            )
            if named is not None:
                return named.speaker_name, "person"
        if speaker.definite_role and name_runs:
            # "the affable proprietor": the person most recently named before the description
            k = bisect.bisect_left(name_runs, (speaker.start, ""))
            if k > 0:
                earlier = name_runs[k - 1][1]
                return registry.canonical(earlier) or earlier, "person"
    return speaker.text, speaker.kind


def country_name(mention: Mention, registry: NameRegistry, lex: Lexicon) -> str | None:
    """A country (or a capital standing for it) as the canonical speaker: a capital names its
    country (طهران -> إيران), a country its fullest form in the article; None otherwise."""
    key = normalise(mention.text)
    if key not in lex.countries:
        return None
    return lex.capitals.get(key) or registry.canonical(mention.text) or mention.text


def _previous_speaker(anchor: int, resolved: list[Resolved], view: TextView) -> Antecedent | None:
    """A pronoun subject ("he said") refers to the previous named person speaker, when that one
    spoke within the last three paragraphs."""
    for r in reversed(resolved[-50:]):
        c = r.candidate
        if c.start >= anchor or c.nested or r.speaker is None or not r.speaker_name:
            continue
        if r.speaker_kind != "person" or r.speaker.pronoun and not r.speaker_name:
            continue
        if view.paragraph_of(anchor) - view.paragraph_of(c.start) > 3:
            return None
        return Antecedent(r.speaker.start, r.speaker, r.speaker_name, "person", Agreement())
    return None


# --------------------------------------------------------------------------- canonical names


_REPEAT = re.compile(r"(.)\1+")


def name_key(word: str) -> str:
    """Fuzzy key of a name token: normalised, possessive and doubled letters removed."""
    w = normalise(word)
    for suffix in ("'s", "’s"):
        if w.endswith(suffix):
            w = w[: -len(suffix)]
    return _REPEAT.sub(r"\1", w)


def _name_tokens(name: str, attached: frozenset[str] = frozenset()) -> list[str]:
    """Fuzzy keys of a name's tokens; a particle also written joined to the next word
    (``attached``: أبو زيد = أبوزيد) is joined to it."""
    keys = [name_key(w) for w in re.findall(r"[^\s,]+", name) if any(c.isalnum() for c in w)]
    out: list[str] = []
    for key in keys:
        if out and out[-1] in attached:
            out[-1] += key
        else:
            out.append(key)
    return out


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

    def __init__(self, attached: frozenset[str] = frozenset()) -> None:
        self.names: dict[str, list[str]] = {}
        self.weight: dict[str, tuple[int, int]] = {}
        self.attached = frozenset(name_key(p) for p in attached)

    def add(self, name: str | None, priority: int = 2) -> None:
        if not name:
            return
        name = strip_possessive(name.strip())
        tokens = _name_tokens(name, self.attached)
        if not tokens:
            return
        self.names.setdefault(name, tokens)
        old_priority, count = self.weight.get(name, (0, 0))
        self.weight[name] = (max(old_priority, priority), count + 1)

    def canonical(self, name: str | None) -> str | None:
        if not name:
            return None
        name = strip_possessive(name)
        tokens = _name_tokens(name, self.attached)
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
