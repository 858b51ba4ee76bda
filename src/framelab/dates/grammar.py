"""Loading a language's date patterns (``resources/dates/<lang>.yaml``) and compiling them.

A language file holds *lexicons* (surface form -> value: month names, weekdays, units, number and
ordinal words, modifiers) and *patterns*: templates such as ``"{day} {month} {year}"`` whose
``{name}`` placeholders stand for a lexicon (or a built-in: ``day``, ``year``, ``num``,
``month_num``, ``hour``, ``minute``) and which name the handler that turns a match into a TIMEX3
value. Lexicon entries and the non-ASCII letters of templates are normalised like the text (see
``textnorm``: hamza forms, ta marbuta, case, diacritics dropped); in a template a space matches one
or more spaces. Lexicons compile to character tries; each pattern also records the placeholders
every match must contain, so that it only runs around their occurrences.
"""

from __future__ import annotations

import os
import re as _stdre
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import regex

from ..errors import InputError
from ..resources import load_resource, resource_path
from .textnorm import key_form, lookup_key

COMMON_FILE = "common.yaml"
_PLACEHOLDER = _stdre.compile(r"(?<!\\p)\{([a-z_]+)\}")
_WORD_CHARS = r"\p{L}\p{N}\p{M}"

BUILTINS: dict[str, str] = {
    "day": r"(?:3[01]|[12]\d|0?[1-9])",
    "year": r"\d{4}",  # validated by the handlers (1000-2199; bare years 1800-2100)
    "anyyear": r"\d{4}",
    "digits": r"\d{1,4}",
    "num": r"\d{1,4}(?:[.,]\d+)?",
    "month_num": r"(?:1[0-2]|0?[1-9])",
    "hour": r"(?:2[0-3]|[01]?\d)",
    "minute": r"[0-5]\d",
    "decade_digits": r"(?:1\d|20)\d0",
}


@dataclass(frozen=True)
class Pattern:
    """One compiled template."""

    rule: str
    handler: str
    regex: Any
    groups: tuple[tuple[str, str], ...]  # (regex group name, placeholder name)
    options: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)
    priority: int = 0
    requires: tuple[str, ...] = ()  # placeholders every match contains (a cheap pre-check)


@dataclass
class Grammar:
    """Everything the extractor needs for one language."""

    language: str
    lexicons: dict[str, dict[str, Any]]
    patterns: list[Pattern]
    future_cue: Any | None
    past_cue: Any | None
    future_prefix: Any | None
    options: dict[str, Any]
    presence: dict[str, Any] = field(default_factory=dict)  # placeholder -> regex of its presence
    prospective_cue: Any | None = None  # "voted to close", "summoned him to appear"
    present_cue: Any | None = None  # "is", "are": a present tense between a past verb and a date
    past_prefix: Any | None = None  # "since": right before a date, it marks it past
    past_auxiliary: Any | None = None  # "had been" before a future cue: a plan of the past

    def presence_key(self, placeholder: str) -> str | None:
        """What must occur in a text for ``placeholder`` to match (None: no cheap test)."""
        if placeholder in _DIGIT_BUILTINS:
            return "__digit__"
        return placeholder if placeholder in self.presence else None

    def lookup(self, lexicon: str, surface: str) -> Any:
        """Value of ``surface`` in ``lexicon`` (slash pairs: the first name), or None."""
        table = self.lexicons.get(lexicon, {})
        key = lookup_key(surface)
        if key in table:
            return table[key]
        for part in regex.split(r"\s*[/()]\s*", key):
            if part.strip() in table:
                return table[part.strip()]
        return None


def _literal_regex(literal: str) -> str:
    """Regex source for a template literal (already a regex): outside character classes a space
    matches one or more spaces (`` ?``: any number), and non-ASCII characters are normalised like
    the text (diacritics dropped)."""
    out: list[str] = []
    in_class = False
    escaped = False
    i = 0
    while i < len(literal):
        ch = literal[i]
        i += 1
        if not ch.isascii():
            ch = key_form(ch)
        if escaped:
            out.append(ch)
            escaped = False
            continue
        if ch == "\\":
            escaped = True
        elif ch == "[" and not in_class:
            in_class = True
        elif ch == "]" and in_class:
            in_class = False
        elif ch == " " and not in_class:
            if i < len(literal) and literal[i] == "?":
                i += 1
                out.append("[ ]*")
            else:
                out.append("[ ]+")
            continue
        out.append(ch)
    return "".join(out)


def _trie_regex(entries: list[str]) -> str:
    """One regex for many literal entries, factored as a character trie (fast alternation)."""
    trie: dict[str, Any] = {}
    for entry in entries:
        node = trie
        for ch in " ".join(entry.split()):
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, Any]) -> str:
        branches = [
            ("[ ]+" if ch == " " else regex.escape(ch)) + build(child)
            for ch, child in sorted(node.items())
            if ch
        ]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:
            return f"(?:{body})?"
        return body

    return build(trie)


def _lexicon_regex(entries: dict[str, Any], slash_pairs: bool) -> str:
    body = _trie_regex(list(entries))
    if slash_pairs:  # تشرين الثاني/نوفمبر or تشرين الثاني (نوفمبر): two names of one month
        return f"(?:{body})(?:[ ]*/[ ]*(?:{body})|[ ]*\\([ ]*(?:{body})[ ]*\\))?"
    return f"(?:{body})"


def _normalise_lexicon(raw: dict[Any, Any]) -> dict[str, Any]:
    return {lookup_key(str(k)): v for k, v in (raw or {}).items()}


def _compile_template(
    template: str, lexicon_regex: dict[str, str], word_boundary: str, end_boundary: str
) -> tuple[str, tuple[tuple[str, str], ...]]:
    groups: list[tuple[str, str]] = []
    seen: dict[str, int] = {}
    pieces: list[str] = []
    pos = 0
    for m in _PLACEHOLDER.finditer(template):
        literal = template[pos : m.start()]
        pieces.append(_literal_regex(literal))
        name = m.group(1)
        if name in BUILTINS:
            body = BUILTINS[name]
        elif name in lexicon_regex:
            body = lexicon_regex[name]
        else:
            raise KeyError(name)
        seen[name] = seen.get(name, 0) + 1
        group = name if seen[name] == 1 else f"{name}_{seen[name]}"
        groups.append((group, name))
        pieces.append(f"(?P<{group}>{body})")
        pos = m.end()
    pieces.append(_literal_regex(template[pos:]))
    source = word_boundary + "(?:" + "".join(pieces) + ")" + end_boundary
    return source, tuple(groups)


_QUANTIFIER = _stdre.compile(r"[?*]|\{0[,}]")
_DIGIT_BUILTINS = {
    "day",
    "year",
    "anyyear",
    "digits",
    "num",
    "month_num",
    "hour",
    "minute",
    "decade_digits",
}


def _glued(template: str, start: int, end: int) -> bool:
    before = template[start - 1] if start else " "
    after = template[end] if end < len(template) else " "
    return before.isalnum() or after.isalnum() or after == "{" or before == "}"


def mandatory_placeholders(template: str) -> tuple[str, ...]:
    """Placeholders that every match of ``template`` contains: not inside an optional or
    quantified group, an alternation, or a lookaround (a conservative reading of the regex)."""
    frames: list[dict[str, Any]] = [{"alt": False, "names": [], "look": False}]
    i = 0
    while i < len(template):
        ch = template[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[":
            i = template.index("]", i + 1) + 1 if "]" in template[i + 1 :] else len(template)
            continue
        if ch == "(":
            look = template.startswith(("(?=", "(?!", "(?<=", "(?<!"), i)
            frames.append({"alt": False, "names": [], "look": look})
        elif ch == ")" and len(frames) > 1:
            frame = frames.pop()
            optional = bool(_QUANTIFIER.match(template, i + 1))
            if not (optional or frame["alt"] or frame["look"]):
                frames[-1]["names"].extend(frame["names"])
        elif ch == "|":
            frames[-1]["alt"] = True
        elif ch == "{" and (m := _PLACEHOLDER.match(template, i)):
            glued = _glued(template, i, m.end())  # part of a longer word: no whole-word anchor
            if not _QUANTIFIER.match(template, m.end()) and not glued:
                frames[-1]["names"].append(m.group(1))
            i = m.end()
            continue
        i += 1
    top = frames[0]
    return () if top["alt"] else tuple(dict.fromkeys(top["names"]))


def _boundaries(proclitic: str | None) -> tuple[str, str]:
    not_after_word = rf"(?<![{_WORD_CHARS}])(?<!\d[.,:/])"
    if proclitic:
        start = rf"(?:{not_after_word}|(?<=(?<![{_WORD_CHARS}]){proclitic}{{1,2}}))"
    else:
        start = not_after_word
    end = rf"(?![{_WORD_CHARS}])(?![.,:/]\d)(?![ ]?%)"
    return start, end


def _cue_regex(cues: list[str] | None) -> Any | None:
    if not cues:
        return None
    body = "|".join(_literal_regex(c) for c in cues)
    return regex.compile(rf"(?<![{_WORD_CHARS}])(?:{body})(?![{_WORD_CHARS}])")


def _prefix_regex(prefixes: list[str] | None) -> Any | None:
    """Words that mark a future date when they come right before it (``payable Dec. 7``)."""
    if not prefixes:
        return None
    body = "|".join(_literal_regex(c) for c in prefixes)
    return regex.compile(rf"(?<![{_WORD_CHARS}])(?:{body})[ ]+$")


def _merge(common: dict[str, Any], lang: dict[str, Any]) -> dict[str, Any]:
    lexicons = {**(common.get("lexicons") or {})}
    for name, entries in (lang.get("lexicons") or {}).items():
        lexicons[name] = {**(lexicons.get(name) or {}), **(entries or {})}
    return {
        **lang,
        "lexicons": lexicons,
        "patterns": [*(lang.get("patterns") or []), *(common.get("patterns") or [])],
    }


def pattern_folder(lexicon_dir: str | os.PathLike[str] | None = None) -> Path:
    """The folder of ``<lang>.yaml`` pattern files: the packaged one, or ``lexicon_dir`` when it
    is a folder holding at least one language file (else ``InputError``)."""
    if not lexicon_dir:
        return resource_path("dates")
    folder = Path(lexicon_dir)
    if not folder.is_dir() or not any(
        p.name != COMMON_FILE for p in folder.glob("*.yaml") if p.is_file()
    ):
        raise InputError(str(lexicon_dir), "not a folder of <lang>.yaml date pattern files")
    return folder


def _read_language(language: str, lexicon_dir: str | None) -> dict[str, Any]:
    folder = pattern_folder(lexicon_dir)
    path = folder / f"{language}.yaml"
    if not path.is_file():
        raise InputError(str(path), f"no date patterns for language {language!r}")
    data = load_resource(override=path)
    common_path = folder / COMMON_FILE
    common = load_resource(override=common_path) if common_path.is_file() else {}
    if not isinstance(data, dict):
        raise InputError(str(path), "expected a mapping with 'lexicons' and 'patterns'")
    return _merge(common or {}, data)


@lru_cache(maxsize=16)
def available_languages(lexicon_dir: str | None = None) -> tuple[str, ...]:
    """Languages with a ``<lang>.yaml`` pattern file (packaged, or in ``lexicon_dir``; a
    ``lexicon_dir`` that is not a folder of such files raises ``InputError``)."""
    folder = pattern_folder(lexicon_dir)
    return tuple(sorted(p.stem for p in folder.glob("*.yaml") if p.name != COMMON_FILE))


@lru_cache(maxsize=64)
def load_grammar(language: str, lexicon_dir: str | None = None) -> Grammar:
    """Compile the patterns of ``language`` (packaged, or from ``lexicon_dir``)."""
    data = _read_language(language, lexicon_dir)
    lexicons = {name: _normalise_lexicon(entries) for name, entries in data["lexicons"].items()}
    slash = set(data.get("slash_pair_lexicons") or [])
    lexicon_regex = {
        name: _lexicon_regex(entries, name in slash)
        for name, entries in lexicons.items()
        if entries
    }
    start, end = _boundaries(data.get("proclitic"))
    patterns: list[Pattern] = []
    for index, spec in enumerate(data["patterns"]):
        templates = spec["pattern"] if isinstance(spec["pattern"], list) else [spec["pattern"]]
        for template in templates:
            try:
                source, groups = _compile_template(template, lexicon_regex, start, end)
            except KeyError as err:
                raise InputError(
                    f"dates/{language}.yaml",
                    f"pattern {spec['rule']!r} uses unknown {{{err.args[0]}}}",
                ) from None
            options = {k: v for k, v in spec.items() if k not in {"rule", "handler", "pattern"}}
            patterns.append(
                Pattern(
                    rule=f"{language}:{spec['rule']}",
                    handler=spec["handler"],
                    regex=regex.compile(source, regex.V0),
                    groups=groups,
                    options=options,
                    priority=index,
                    requires=mandatory_placeholders(template),
                )
            )
    presence = {"__digit__": regex.compile(r"\d")}
    for name, source in lexicon_regex.items():  # whole words (after optional proclitics)
        presence[name] = regex.compile(f"{start}(?:{source}){end}")
    return Grammar(
        language=language,
        lexicons=lexicons,
        patterns=patterns,
        future_cue=_cue_regex(data.get("future_cues")),
        past_cue=_cue_regex(data.get("past_cues")),
        future_prefix=_prefix_regex(data.get("future_prefixes")),
        prospective_cue=_cue_regex(data.get("prospective_cues")),
        present_cue=_cue_regex(data.get("present_cues")),
        past_prefix=_prefix_regex(data.get("past_prefixes")),
        past_auxiliary=_prefix_regex(data.get("past_auxiliaries")),
        options={k: v for k, v in data.items() if k not in {"lexicons", "patterns"}},
        presence=presence,
    )
