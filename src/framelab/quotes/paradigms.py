"""Cue paradigms: the surface forms of a reporting verb generated from its lemma entry.

A language's ``cues_<lang>.yaml`` may declare a ``paradigm`` (cells of person, gender and number
for each tense, with the stem each cell builds on, a prefix that replaces the stem's first letter
and a suffix), ``object_clitics`` and ``noun_clitics``. A cue entry then gives its stems
(``past``, ``present``, ``participle``, ``noun`` and the optional variants ``past_short``,
``past_weak``, ``present_weak``, ``participle_weak`` that weak verbs use in some cells) instead of
listing every surface form; the forms it lists under ``forms`` are kept as they are. Every
generated form carries its grammatical features, which speaker resolution uses for agreement
(``قالت`` wants a feminine or organisational antecedent). Nothing here knows a language: the
cells, affixes and stems all come from the YAML files.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

# a stem key falls back to the next one when an entry does not give it
STEM_FALLBACK = {
    "past_short": "past",
    "past_weak": "past",
    "present_weak": "present",
    "participle_weak": "participle",
    "noun": None,
}


@dataclass(frozen=True)
class Features:
    """Grammatical features of one cue form (None: not marked or unknown)."""

    tense: str | None = None  # past | present | participle | noun | None (listed form)
    person: str | None = None  # 1 | 2 | 3
    gender: str | None = None  # m | f
    number: str | None = None  # s | d | p

    @classmethod
    def from_cell(cls, tense: str, cell: str) -> Features:
        """'3fs' -> person 3, feminine, singular; participle cells have no person ('mp')."""
        person = cell[0] if cell[:1].isdigit() else None
        rest = cell[1:] if person else cell
        gender = rest[0] if len(rest) == 2 and rest[0] in "mf" else None
        number = rest[-1] if rest[-1:] in ("s", "d", "p") else None
        return cls(tense, person, gender, number)


NO_FEATURES = Features()


@dataclass(frozen=True)
class Cell:
    """One paradigm cell: which stem, an optional replacement of its first letter, a suffix."""

    name: str
    stem: str
    prefix: str | None
    suffix: str


def parse_paradigm(raw: Mapping[str, Any] | None) -> dict[str, list[Cell]]:
    """``paradigm`` YAML -> tense -> cells. A cell is ``[stem, suffix]`` or
    ``[stem, suffix, prefix]`` (the prefix replaces the stem's first letter)."""
    out: dict[str, list[Cell]] = {}
    for tense, cells in (raw or {}).items():
        parsed = []
        for name, spec in (cells or {}).items():
            values = [str(v) if v is not None else "" for v in spec]
            stem, suffix = values[0], values[1] if len(values) > 1 else ""
            prefix = values[2] if len(values) > 2 and values[2] else None
            parsed.append(Cell(str(name), stem, prefix, suffix))
        out[str(tense)] = parsed
    return out


def _stem(entry: Mapping[str, Any], key: str) -> str | None:
    while key:
        value = entry.get(key)
        if value:
            return str(value)
        key = STEM_FALLBACK.get(key) or ""
    return None


def _build(stem: str, cell: Cell) -> str:
    body = cell.prefix + stem[1:] if cell.prefix else stem
    return body + cell.suffix


def _with_clitic(form: str, clitic: str, drop_before_clitic: Iterable[str]) -> str:
    """Attach an object clitic; an ending listed in ``drop_before_clitic`` loses its last letter
    first (Arabic ``طالبوا`` + ``ه`` -> ``طالبوه``)."""
    for ending in drop_before_clitic:
        if ending and form.endswith(ending):
            return form[:-1] + clitic
    return form + clitic


def expand_entry(
    entry: Mapping[str, Any],
    paradigm: Mapping[str, list[Cell]],
    object_clitics: Iterable[str] = (),
    noun_clitics: Iterable[str] = (),
    drop_before_clitic: Iterable[str] = (),
) -> list[tuple[str, Features]]:
    """Every (surface form, features) of a cue entry: its listed ``forms`` (no features), then
    the paradigm cells of each stem it gives (with object clitics for ``object`` verbs), its
    verbal noun with pronoun clitics (``قوله``: a relayed source's words) and with the entry's
    ``noun_prefixes`` (``بالقول``: a cue on its own, person "0"); ``not_forms`` removed."""
    out: list[tuple[str, Features]] = [(str(f), NO_FEATURES) for f in entry.get("forms") or []]
    object_clitics = list(object_clitics) if entry.get("object") else []
    for tense, cells in paradigm.items():
        if tense == "noun":
            continue
        if not entry.get(tense):
            continue
        for cell in cells:
            stem = _stem(entry, cell.stem)
            if not stem:
                continue
            form = _build(stem, cell)
            feats = Features.from_cell(tense, cell.name)
            out.append((form, feats))
            if tense != "participle":
                out += [(_with_clitic(form, c, drop_before_clitic), feats) for c in object_clitics]
    noun = entry.get("noun")
    if noun:
        nouns = [str(noun)] + [str(n) for n in entry.get("noun_forms") or []]
        feats = Features("noun")
        prefixes = [str(p) for p in entry.get("noun_prefixes") or []]
        for base in nouns:
            out.append((base, feats))
            out += [(base + c, feats) for c in noun_clitics]
            out += [(p + base, Features("noun", person="0")) for p in prefixes]
    excluded = {str(f) for f in entry.get("not_forms") or []}
    seen: set[str] = set()
    unique = []
    for form, feats in out:
        if form in excluded or form in seen:
            continue
        seen.add(form)
        unique.append((form, feats))
    return unique
