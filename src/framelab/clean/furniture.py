"""Page furniture named in a lexicon (rule ``furniture``): captions and photo credits, media
players and galleries, newsletter prompts, reprint and copyright footers, disclaimers, app
promotions, in several languages (``resources/clean/furniture.yaml``).

Two kinds of entries per language and category: ``markers`` are phrases that never occur in
prose (a player's "your browser does not support video"), so a line containing one is furniture
whatever its length; ``short`` patterns only make a line furniture when it has at most
``max_short_words`` words (a newsletter prompt, "This article first appeared in ..."). Patterns
are searched in the line's key (case-folded, edge punctuation trimmed). Entries of ``any`` and of
English apply to every article (furniture is often left in English).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import regex

from ..resources import load_resource
from .lines import Line


@dataclass(frozen=True)
class FurnitureMatch:
    category: str
    pattern: str


@dataclass(frozen=True)
class FurnitureLexicon:
    """Compiled furniture patterns of one language (with ``any`` and English)."""

    markers: tuple[tuple[str, regex.Pattern[str]], ...]
    short: tuple[tuple[str, regex.Pattern[str]], ...]
    max_short_words: int
    any_marker: regex.Pattern[str] | None = None  # one alternation: a single pass per line
    any_short: regex.Pattern[str] | None = None

    def match(self, line: Line) -> FurnitureMatch | None:
        found = _first(self.markers, self.any_marker, line.key)
        if found is None and line.n_words <= self.max_short_words:
            found = _first(self.short, self.any_short, line.key)
        return found


def _first(
    entries: tuple[tuple[str, regex.Pattern[str]], ...],
    combined: regex.Pattern[str] | None,
    key: str,
) -> FurnitureMatch | None:
    if combined is None or not combined.search(key):
        return None
    for category, pattern in entries:
        if pattern.search(key):
            return FurnitureMatch(category, pattern.pattern)
    return None


def _alternation(entries: list[tuple[str, regex.Pattern[str]]]) -> regex.Pattern[str] | None:
    """One pattern for all entries: those anchored at the line start are tried there only
    (``^(?:a|b)``), the others anywhere, so a long line is scanned once."""
    if not entries:
        return None
    anchored = [p.pattern[1:] for _, p in entries if p.pattern.startswith("^")]
    anywhere = [p.pattern for _, p in entries if not p.pattern.startswith("^")]
    parts = []
    if anchored:
        parts.append("^(?:" + "|".join(f"(?:{p})" for p in anchored) + ")")
    parts.extend(f"(?:{p})" for p in anywhere)
    return regex.compile("|".join(parts))


def _compiled(entry: dict[str, Any], kind: str) -> list[tuple[str, regex.Pattern[str]]]:
    out = []
    for category, patterns in (entry.get(kind) or {}).items():
        for p in patterns or []:
            out.append((str(category), regex.compile(p)))
    return out


@lru_cache(maxsize=64)
def furniture_lexicon(language: str | None, override: str | None = None) -> FurnitureLexicon:
    """The furniture lexicon for ``language`` (``override``: a user file of the same layout)."""
    data = load_resource("clean", "furniture.yaml", override=override)
    langs = data.get("languages") or {}
    markers: list[tuple[str, regex.Pattern[str]]] = []
    short: list[tuple[str, regex.Pattern[str]]] = []
    for code in dict.fromkeys(["any", "en", language or "en"]):
        entry = langs.get(code) or {}
        markers.extend(_compiled(entry, "markers"))
        short.extend(_compiled(entry, "short"))
    return FurnitureLexicon(
        tuple(markers),
        tuple(short),
        int(data.get("max_short_words", 40)),
        _alternation(markers),
        _alternation(short),
    )
