"""The role vocabulary: what words say a speaker *is*, by language, as data.

``resources/framing/speaker_roles_<lang>.yaml`` (role nouns by actor type, dependent roles,
organisations, nationalities, former markers and the small word lists the position rules read)
and ``media_names.yaml`` (news agencies and outlets), extended by a codebook's ``speaker_roles``
and the corpus's own outlet names, compiled once into one :class:`~.matching.TermMatcher`.
:func:`find_hits` returns the terms found in many short texts at once; :mod:`.speaker_roles`
reads them by position (titles, appositives, speaker phrases).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import pandas as pd

from ..errors import InputError
from ..resources import load_resource, resource_path
from .matching import TermMatcher, fold_text

NONE_TYPE = "none"
FORMER_OFFICIAL = "former_official"
CATEGORIES = ("role", "dependent", "former", "organisation", "nationality")
ORGANISATIONS = ("organisation", "nationality")
TERM_COLUMNS = ["term", "language", "category", "type", "default"]


@dataclass
class LanguageRules:
    """Per-language word lists the position rules consult (folded, lower-cased)."""

    connectors: frozenset[str] = frozenset()
    appositive_starts: frozenset[str] = frozenset()
    not_names: frozenset[str] = frozenset()
    not_name_prefixes: tuple[str, ...] = ()
    former_prefixes: tuple[str, ...] = ()
    breakers: frozenset[str] = frozenset()
    name_suffixes: frozenset[str] = frozenset()
    needs_article: bool = False
    oblique_prefixes: str = ""  # clitic letters that make a word an object (ل: "to the ...")
    clitics: str = ""  # conjunction clitics stripped before looking a word up (و: "وهو")
    patronymics: frozenset[str] = frozenset()  # "بن": the last word is the father's, not a surname
    former_none: frozenset[str] = frozenset()  # "former soldier": a veteran, no former official
    locations: frozenset[str] = frozenset()  # "in": an organisation after it is a place
    not_surnames: frozenset[str] = frozenset()
    capitalised: bool = False
    head_last: bool = True


@dataclass
class RoleVocabulary:
    """Role, organisation, former and media terms of every language, compiled once."""

    terms: pd.DataFrame  # TERM_COLUMNS
    rules: dict[str, LanguageRules] = field(default_factory=dict)
    matcher: TermMatcher | None = None
    outlets: frozenset[str] = frozenset()  # the corpus's outlet names (folded, lower-cased)
    title_words: frozenset[str] = frozenset()  # one-word terms and connectors ("president", "mr.")

    def rules_for(self, language: Any) -> LanguageRules:
        return self.rules.get(str(language), LanguageRules())

    def compiled(self) -> TermMatcher:
        if self.matcher is None:
            self.matcher = TermMatcher.from_terms(self.terms, column="term")
        return self.matcher


@lru_cache(maxsize=262144)
def norm(word: str) -> str:
    """A word as the word lists hold it: letter variants folded, lower-cased."""
    return fold_text(str(word)).lower()


def _packaged_languages() -> list[str]:
    folder = resource_path("framing")
    return sorted(
        p.stem.removeprefix("speaker_roles_") for p in folder.glob("speaker_roles_*.yaml")
    )


def _as_list(value: Any, where: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise InputError(where, "expected a list of non-empty words")
    return [v.strip() for v in value]


def _language_terms(lang: str, data: dict[str, Any], where: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []

    def add(terms: Any, category: str, kind: str | None, default: str | None, key: str) -> None:
        for term in _as_list(terms, f"{where}: {key}"):
            rows.append(
                {
                    "term": term,
                    "language": lang,
                    "category": category,
                    "type": kind,
                    "default": default,
                }
            )

    for kind, terms in (data.get("roles") or {}).items():
        add(terms, "role", str(kind), None, f"roles.{kind}")
    for i, entry in enumerate(data.get("dependent_roles") or []):
        if not isinstance(entry, dict):
            raise InputError(
                where, f"dependent_roles[{i}]: expected {{default: TYPE, terms: [...]}}"
            )
        default = entry.get("default")
        add(
            entry.get("terms"),
            "dependent",
            None,
            None if default is None else str(default),
            f"dependent_roles[{i}]",
        )
    add(data.get("former"), "former", None, None, "former")
    add(data.get("nationalities"), "nationality", "government", None, "nationalities")
    for kind, terms in (data.get("organisations") or {}).items():
        add(terms, "organisation", str(kind), None, f"organisations.{kind}")
    return rows


def _rules(data: dict[str, Any], where: str) -> LanguageRules:
    words = {
        key: frozenset(norm(w) for w in _as_list(data.get(key), f"{where}: {key}"))
        for key in (
            "title_connectors",
            "appositive_starts",
            "not_names",
            "title_breakers",
            "name_suffixes",
            "patronymics",
            "not_surnames",
            "former_none",
            "location_prepositions",
        )
    }
    return LanguageRules(
        connectors=words["title_connectors"],
        appositive_starts=words["appositive_starts"],
        not_names=words["not_names"],
        not_name_prefixes=tuple(norm(w) for w in _as_list(data.get("not_name_prefixes"), where)),
        former_prefixes=tuple(norm(w) for w in _as_list(data.get("former_prefixes"), where)),
        breakers=words["title_breakers"],
        name_suffixes=words["name_suffixes"],
        needs_article=bool(data.get("title_needs_article", False)),
        oblique_prefixes="".join(_as_list(data.get("oblique_prefixes"), where)),
        clitics="".join(_as_list(data.get("clitics"), where)),
        patronymics=words["patronymics"],
        not_surnames=words["not_surnames"],
        former_none=words["former_none"],
        locations=words["location_prepositions"],
        capitalised=bool(data.get("names_capitalised", False)),
        head_last=str(data.get("head", "last")) != "first",
    )


def _merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    """A codebook's ``speaker_roles`` over the packaged file: lists extended, mappings merged."""
    out = dict(base)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        elif isinstance(value, list) and isinstance(out.get(key), list):
            out[key] = out[key] + value
        else:
            out[key] = value
    return out


@lru_cache(maxsize=4)
def _packaged(lang: str) -> dict[str, Any]:
    return load_resource("framing", f"speaker_roles_{lang}.yaml") or {}


def load_role_vocabulary(
    extension: dict[str, Any] | None = None, outlets: list[str] | None = None, source: str = ""
) -> RoleVocabulary:
    """The packaged vocabularies, extended by a codebook's ``speaker_roles`` (``{lang: {...}}``),
    plus the media names and the corpus's ``outlets``."""
    extension = extension or {}
    if not isinstance(extension, dict):
        raise InputError(
            source or "codebook", "speaker_roles: expected a mapping language -> lists"
        )
    rows: list[dict[str, Any]] = []
    rules: dict[str, LanguageRules] = {}
    for lang in sorted(set(_packaged_languages()) | {str(k) for k in extension}):
        base = _packaged(lang) if lang in _packaged_languages() else {}
        extra = extension.get(lang) or {}
        if not isinstance(extra, dict):
            raise InputError(source or "codebook", f"speaker_roles.{lang}: expected a mapping")
        data = _merge(base, extra)
        where = source or f"speaker_roles_{lang}.yaml"
        rows.extend(_language_terms(lang, data, where))
        rules[lang] = _rules(data, where)
    media = load_resource("framing", "media_names.yaml") or {}
    for lang, names in media.items():
        for name in _as_list(names, f"media_names.yaml: {lang}"):
            rows.append(
                {
                    "term": name,
                    "language": str(lang),
                    "category": "organisation",
                    "type": "media",
                    "default": None,
                }
            )
    terms = pd.DataFrame(rows, columns=TERM_COLUMNS)
    outlet_names = frozenset(n for n in (_outlet_name(o) for o in outlets or []) if n)
    single = {norm(t) for t in terms["term"] if " " not in t.strip()}
    for r in rules.values():
        single |= r.connectors | r.appositive_starts
    return RoleVocabulary(
        terms=terms.reset_index(drop=True),
        rules=rules,
        outlets=outlet_names,
        title_words=frozenset(single),
    )


def _outlet_name(outlet: Any) -> str:
    """``"New York Times - News"`` / ``"CNN (Web News)"`` -> ``"new york times"`` / ``"cnn"``."""
    name = re.sub(r"\(.*?\)|\s-\s.*$|\b(online|web)\s+news\b", " ", str(outlet or ""), flags=re.I)
    name = " ".join(name.split())
    return norm(name) if len(name) >= 3 else ""


@dataclass
class Hit:
    start: int
    end: int
    category: str
    type: str | None
    default: str | None
    text: str
    prefix: str = ""  # the clitics matched before the term (folded): "لل" in للصحفيين
    oblique: bool = False  # after a preposition clitic (للصحفيين: "to the journalists")


def find_hits(vocab: RoleVocabulary, texts: pd.Series, languages: pd.Series) -> list[list[Hit]]:
    """Vocabulary hits per text (one list per row of ``texts``), longest term first at a place."""
    texts = texts.fillna("").astype(str).reset_index(drop=True)
    found: list[list[Hit]] = [[] for _ in range(len(texts))]
    if vocab.terms.empty or texts.empty:
        return found
    hits = vocab.compiled().find(texts, languages.reset_index(drop=True))
    if hits.empty:
        return found
    info = vocab.terms.loc[hits["term_index"].to_numpy()]
    letters_of = {
        lang: vocab.rules_for(lang).oblique_prefixes for lang in info["language"].unique()
    }
    for row, start, end, match, category, kind, default, term, lang in zip(
        hits["row"].tolist(),
        hits["start"].tolist(),
        hits["end"].tolist(),
        hits["match"].tolist(),
        info["category"].tolist(),
        info["type"].tolist(),
        info["default"].tolist(),
        info["term"].tolist(),
        info["language"].tolist(),
        strict=True,
    ):
        letters = letters_of[lang]
        before = clitics_before(match, term) if letters else ""
        found[row].append(
            Hit(
                start,
                end,
                category,
                kind if isinstance(kind, str) else None,
                default if isinstance(default, str) else None,
                match,
                before,
                bool(letters) and any(ch in letters for ch in before.removesuffix("ال")),
            )
        )
    return found


def clitics_before(match: str, term: str) -> str:
    """The letters matched before a term (folded): "لل" for للصحفيين / الصحفيين."""
    body = norm(term).rstrip("*").removeprefix("ال")
    at = norm(match).find(body)
    return norm(match)[: max(at, 0)]


def oblique(match: str, term: str, letters: str) -> bool:
    """Is the matched term behind a preposition clitic (ل، ب، ك; also inside لل، بال)?"""
    return any(ch in letters for ch in clitics_before(match, term).removesuffix("ال"))


def is_function_word(word: str, rules: LanguageRules) -> bool:
    """A pronoun or function word, also behind a conjunction clitic (وهو، فهي)."""
    if word in rules.not_names:
        return True
    return bool(rules.clitics) and word[:1] in rules.clitics and word[1:] in rules.not_names


def is_name_like(name: Any, language: Any, vocab: RoleVocabulary) -> bool:
    """False for empty speakers, pronouns and function words (``he``, ``لكنها``, ``بالقول``), and,
    in languages that capitalise names, for phrases without a capitalised word."""
    if name is None or (isinstance(name, float) and pd.isna(name)) or name is pd.NA:
        return False
    text = str(name).strip()
    words = [w for w in re.findall(r"\w+", text)]
    if not words:
        return False
    rules = vocab.rules_for(language)
    folded = [norm(w) for w in words]
    if len(words) == 1 and (
        is_function_word(folded[0], rules)
        or folded[0] in rules.not_surnames  # "عبد": half of a compound name
        or (rules.not_name_prefixes and folded[0].startswith(rules.not_name_prefixes))
    ):
        return False
    if all(is_function_word(w, rules) for w in folded):
        return False
    if not any(len(w) >= 2 and not w.isdigit() for w in words):
        return False  # "J", "2": a fragment, not a name
    return not (rules.capitalised and not any(w[:1].isupper() for w in words))
