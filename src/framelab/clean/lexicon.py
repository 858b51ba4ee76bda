"""Loading the clean stage's language knowledge (chrome lexicons, stop lists, script data)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import regex

from ..resources import load_resource

_EDGE_PUNCT = regex.compile(r"^[\p{P}\p{S}\s]+|[\p{P}\p{S}\s]+$")
_SPACES = regex.compile(r"\s+")


def line_key(text: str) -> str:
    """Matching key of a line: case-folded, punctuation/symbols trimmed at both ends, inner
    whitespace collapsed. Two lines with the same key count as the same line."""
    key = _SPACES.sub(" ", text).strip().casefold().replace("i\u0307", "i")  # Turkish İ
    trimmed = _EDGE_PUNCT.sub("", key)
    return trimmed or key


@dataclass(frozen=True)
class ChromeLexicon:
    """Chrome phrases of one language (merged with the language-independent ones)."""

    exact: frozenset[str]
    prefixes: tuple[str, ...]
    patterns: tuple[regex.Pattern[str], ...]
    max_prefix_words: int
    max_pattern_words: int

    def match(self, key: str, n_words: int) -> str | None:
        """The lexicon entry that makes a line (given by its key) chrome, or None."""
        if key in self.exact:
            return key
        if n_words <= self.max_prefix_words:
            for prefix in self.prefixes:
                if key.startswith(prefix):
                    return prefix
        if n_words <= self.max_pattern_words:
            for pattern in self.patterns:
                if pattern.search(key):
                    return pattern.pattern
        return None


@lru_cache(maxsize=64)
def chrome_lexicon(language: str | None, override: str | None = None) -> ChromeLexicon:
    """The chrome lexicon for ``language``: its own entries + ``any`` + English (site furniture is
    often left in English, e.g. "Leave a Reply" under an Arabic article)."""
    data = load_resource("clean", "chrome.yaml", override=override)
    langs = data["languages"]
    exact: set[str] = set()
    prefixes: list[str] = []
    patterns: list[regex.Pattern[str]] = []
    for code in dict.fromkeys(["any", "en", language or "en"]):
        entry: dict[str, Any] = langs.get(code) or {}
        exact.update(line_key(e) for e in entry.get("exact") or [])
        prefixes.extend(_SPACES.sub(" ", p).strip().casefold() for p in entry.get("prefix") or [])
        patterns.extend(regex.compile(p, regex.IGNORECASE) for p in entry.get("patterns") or [])
    return ChromeLexicon(
        exact=frozenset(e for e in exact if e),
        prefixes=tuple(dict.fromkeys(p for p in prefixes if p)),
        patterns=tuple(patterns),
        max_prefix_words=int(data.get("max_prefix_words", 12)),
        max_pattern_words=int(data.get("max_pattern_words", 20)),
    )


@dataclass(frozen=True)
class LanguageProfile:
    """What the jusText-style classifier needs to know about one language."""

    stopwords: frozenset[str]
    stopchars: frozenset[str]
    stopwords_low: float | None
    stopwords_high: float | None


@lru_cache(maxsize=1)
def classifier_data() -> dict[str, Any]:
    return load_resource("clean", "classifier.yaml")


@lru_cache(maxsize=64)
def language_profile(language: str | None) -> LanguageProfile:
    """Stop words (from jusText's lists) or stop characters, and threshold overrides."""
    import justext

    data = classifier_data()
    name = (data.get("stoplists") or {}).get(language or "")
    stopwords = frozenset(w.casefold() for w in justext.get_stoplist(name)) if name else frozenset()
    stopchars = frozenset((data.get("char_stoplists") or {}).get(language or "", ""))
    overrides = (data.get("thresholds") or {}).get(language or "") or {}
    return LanguageProfile(
        stopwords=stopwords,
        stopchars=stopchars,
        stopwords_low=overrides.get("stopwords_low"),
        stopwords_high=overrides.get("stopwords_high"),
    )


@lru_cache(maxsize=1)
def script_regex() -> regex.Pattern[str]:
    """One named group per script of ``classifier.yaml`` (letters only)."""
    groups = "|".join(f"(?P<{s}>\\p{{Script={s}}}+)" for s in classifier_data()["scripts"])
    return regex.compile(groups)
