"""Vectorised matching of codebook terms in many texts at once, with evidence offsets.

Terms follow the usual content-analysis dictionary conventions: ``*`` matches any word
continuation (``econom*``, ``Нагорн* Карабах*``), spaces match any run of whitespace, hyphens are optional. Matching is
case-insensitive, runs on text folded one-to-one (Arabic alef/ya/ta-marbuta forms, apostrophes;
``resources/framing/matching.yaml``) so offsets stay valid in the original text, and allows the
language's clitic prefixes (Arabic و ف ب ك ل ال لل).

Speed: all texts of one language are joined with NUL separators and scanned once by a single
regex in which the language's terms are factored into a trie (so each position costs one
character test per trie level, not one test per term); match offsets are mapped back to articles
with ``numpy.searchsorted`` and the matched text is mapped to its term by a dictionary lookup.
There is no per-article Python loop.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from ..resources import load_resource
from ..text.arabic import MATCHING_GROUPS, folding

SEPARATOR = "\x00"
CHUNK_CHARS = 5_000_000
HIT_COLUMNS = ["row", "start", "end", "match", "term_index"]


@lru_cache(maxsize=8)
def matching_rules(override: str | None = None) -> dict:
    """The folding table and per-language prefix rules (packaged or a user's file)."""
    return load_resource("framing", "matching.yaml", override=Path(override) if override else None)


@lru_cache(maxsize=8)
def _fold_table(override: str | None = None) -> dict[int, str]:
    rules = matching_rules(override)
    groups = rules.get("arabic_folding", MATCHING_GROUPS)
    fold = {**folding(*groups), **(rules.get("fold") or {})}
    for src, dst in fold.items():
        if len(src) != 1 or len(dst) != 1:
            raise ValueError(f"fold entries must map one character to one ({src!r} -> {dst!r})")
    return str.maketrans(fold)


@lru_cache(maxsize=8)
def _fold_lookup(override: str | None = None) -> np.ndarray:
    """Code point -> folded code point for the Basic Multilingual Plane (fold chars are in it)."""
    lookup = np.arange(0x10000, dtype=np.uint32)
    for src, dst in _fold_table(override).items():
        if src >= 0x10000:
            raise ValueError(f"fold entries must be in the Basic Multilingual Plane ({chr(src)!r})")
        lookup[src] = ord(dst)
    return lookup


def fold_text(text: str, override: str | None = None) -> str:
    """``text`` with letter variants folded one-to-one (same length, same offsets).

    Long texts (a whole corpus) are folded as a numpy array of code points, which is ~30x
    faster than ``str.translate`` with a dict table."""
    if len(text) < 20_000:
        return text.translate(_fold_table(override))
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    lookup = _fold_lookup(override)
    folded = np.where(codes < 0x10000, lookup[np.minimum(codes, 0xFFFF)], codes)
    return folded.astype(np.uint32).tobytes().decode("utf-32-le")


END_WILD = "\\w*"  # a term ending in "*": any word continuation
END_EXACT = "(?!\\w)"  # a whole-word term
INNER_WILD = "\\w*~"  # a "*" inside a multi-word term (key distinct from END_WILD)
HYPHEN = "[-\u2010\u2011\u2013\\s]?"  # an optional hyphen (or dash, or space)


def _prepared(term: str, language: str, override: str | None = None) -> str:
    """The term folded, lower-cased and without a leading letter the clitic prefix covers."""
    rules = (matching_rules(override).get("languages") or {}).get(language) or {}
    term = fold_text(term.strip(), override).lower()
    for lead in rules.get("strip_leading") or []:
        if term.startswith(lead) and len(term.rstrip("*")) - len(lead) >= 3:
            return term[len(lead) :]
    return term


def term_units(term: str, language: str, override: str | None = None) -> list[str]:
    """A codebook term as a list of regex units (one per character or wildcard / space run),
    ending in :data:`END_WILD` or :data:`END_EXACT`; the units are the edges of the trie."""
    term = _prepared(term, language, override)
    wildcard = term.endswith("*")
    body = term[:-1] if wildcard else term
    units: list[str] = []
    for ch in body:
        if ch.isspace():
            if not units or units[-1] != r"\s+":
                units.append(r"\s+")
        elif ch == "-":
            units.append(HYPHEN)
        elif ch == "*":
            units.append(INNER_WILD)
        else:
            units.append(re.escape(ch))
    units.append(END_WILD if wildcard else END_EXACT)
    return units


def _unit_regex(unit: str) -> str:
    return r"\w*" if unit == INNER_WILD else unit


def term_regex(term: str, language: str, override: str | None = None) -> str:
    """The regex for one codebook term (without the clitic prefix)."""
    return "".join(_unit_regex(u) for u in term_units(term, language, override))


def _literal_key(term: str, language: str, override: str | None = None) -> str:
    """Lookup key of a term / matched text: folded, lower-cased, without spaces and hyphens."""
    return re.sub(r"[\s\-*]+", "", _prepared(term, language, override))


def _unit_order(unit: str) -> tuple[int, str]:
    """Trie branch order: literal characters first (longer terms are tried before shorter ones
    end), then space / hyphen / inner wildcards, then the term ends."""
    rank = {r"\s+": 1, HYPHEN: 1, INNER_WILD: 2, END_WILD: 3, END_EXACT: 4}
    return rank.get(unit, 0), unit


def trie_regex(unit_lists: list[list[str]]) -> str:
    """One regex for many terms, factored as a trie so each position is scanned once."""
    trie: dict = {}
    for units in unit_lists:
        node = trie
        for unit in units:
            node = node.setdefault(unit, {})

    def build(node: dict) -> str:
        if not node:
            return ""
        branches = [_unit_regex(u) + build(node[u]) for u in sorted(node, key=_unit_order)]
        if len(branches) == 1:
            return branches[0]
        return "(?:" + "|".join(branches) + ")"

    return build(trie) if trie else "(?!)"


def language_prefix(language: str, override: str | None = None) -> str:
    rules = (matching_rules(override).get("languages") or {}).get(language) or {}
    return str(rules.get("prefix") or "")


@dataclass
class _LanguageTerms:
    """The compiled trie pattern of one language and what is needed to name the matched term."""

    pattern: re.Pattern[str]
    exact: dict[str, int]  # literal key -> term index (whole-word terms)
    stems: dict[str, int]  # literal key -> term index (terms ending in "*")
    inner: list[tuple[int, re.Pattern[str]]]  # terms with an inner "*", checked by fullmatch
    language: str


@dataclass
class TermMatcher:
    """Compiled patterns for a table of terms (columns ``term`` and ``language``).

    ``language`` ``*`` (or null) terms are tried in every text. ``find`` returns one row per match:
    ``row`` (position of the text in the input), ``start``/``end`` (offsets into the text, the
    clitic prefix included), ``match`` (the matched text) and ``term_index`` (row of the term).
    A term listed twice (same language, same spelling) is attributed to its first row.
    """

    languages_terms: dict[str, _LanguageTerms]
    override: str | None = None

    @classmethod
    def from_terms(
        cls, terms: pd.DataFrame, override: str | None = None, column: str | None = None
    ) -> TermMatcher:
        """Compile ``terms`` (column ``term``, or ``alias`` for actor codebooks, or ``column``)."""
        column = column or ("term" if "term" in terms.columns else "alias")
        compiled: dict[str, _LanguageTerms] = {}
        if terms.empty:
            return cls(compiled, override)
        langs = terms["language"].fillna("*").astype(str)
        for language in sorted(langs.unique()):
            subset = terms[langs == language]
            exact: dict[str, int] = {}
            stems: dict[str, int] = {}
            inner: list[tuple[int, re.Pattern[str]]] = []
            unit_lists = []
            for index, term in zip(subset.index, subset[column].astype(str), strict=True):
                units = term_units(term, language, override)
                unit_lists.append(units)
                key = _literal_key(term, language, override)
                if INNER_WILD in units:
                    inner.append(
                        (int(index), re.compile(term_regex(term, language, override), re.I))
                    )
                elif units[-1] == END_WILD:
                    stems.setdefault(key, int(index))
                else:
                    exact.setdefault(key, int(index))
            prefix = language_prefix(language, override)
            pattern = rf"(?<!\w){prefix}(?P<body>{trie_regex(unit_lists)})"
            compiled[language] = _LanguageTerms(
                re.compile(pattern, re.IGNORECASE), exact, stems, inner, language
            )
        return cls(compiled, override)

    @property
    def patterns(self) -> dict[str, re.Pattern[str]]:
        return {lang: t.pattern for lang, t in self.languages_terms.items()}

    @property
    def languages(self) -> set[str]:
        return set(self.languages_terms)

    def covers(self, languages: pd.Series) -> pd.Series:
        """True where a text's language has terms (or ``*`` terms exist)."""
        if "*" in self.languages_terms:
            return pd.Series(True, index=languages.index)
        return languages.isin(self.languages)

    def find(self, texts: pd.Series, languages: pd.Series | None = None) -> pd.DataFrame:
        """All matches in ``texts``; language-specific terms only in texts of that language
        (texts with a null language get every language's terms)."""
        texts = texts.fillna("").astype(str).reset_index(drop=True)
        if languages is None:
            languages = pd.Series([None] * len(texts))
        languages = languages.reset_index(drop=True)
        frames = []
        for language, compiled in self.languages_terms.items():
            if language == "*":
                mask = pd.Series(True, index=texts.index)
            else:
                mask = (languages == language) | languages.isna()
            if not mask.any():
                continue
            selected = texts[mask]
            # scan in chunks of about CHUNK_CHARS characters: memory stays flat on big corpora
            chunk = np.cumsum(selected.str.len().to_numpy() + 1) // CHUNK_CHARS
            for part in np.unique(chunk):
                frames.append(self._scan(selected[chunk == part], compiled))
        if not frames:
            return pd.DataFrame({c: pd.Series(dtype="int64") for c in HIT_COLUMNS}).assign(
                match=pd.Series(dtype="string")
            )
        hits = pd.concat(frames, ignore_index=True)
        # a text with a null language may be hit by two languages' terms at the same place
        hits = hits.sort_values(["row", "start", "end"], ascending=[True, True, False])
        hits = hits.drop_duplicates(["row", "start"]).reset_index(drop=True)
        return hits

    def _scan(self, texts: pd.Series, terms: _LanguageTerms) -> pd.DataFrame:
        rows = texts.index.to_numpy()
        lengths = texts.str.len().to_numpy()
        starts = np.concatenate([[0], np.cumsum(lengths + len(SEPARATOR))[:-1]]).astype(np.int64)
        original = SEPARATOR.join(texts.tolist())
        corpus = fold_text(original, self.override)
        found = [(m.start(), m.end(), m.group("body")) for m in terms.pattern.finditer(corpus)]
        found = [(b, e, idx) for b, e, body in found if (idx := self._identify(body, terms)) >= 0]
        if not found:
            return pd.DataFrame(
                {"row": [], "start": [], "end": [], "match": [], "term_index": []}
            ).astype({"row": "int64", "start": "int64", "end": "int64", "term_index": "int64"})
        begin, finish, term_index = (np.array(col) for col in zip(*found, strict=True))
        which = np.searchsorted(starts, begin, side="right") - 1
        matched = [original[b:e] for b, e in zip(begin.tolist(), finish.tolist(), strict=True)]
        return pd.DataFrame(
            {
                "row": rows[which],
                "start": (begin - starts[which]).astype("int64"),
                "end": (finish - starts[which]).astype("int64"),
                "match": matched,
                "term_index": term_index.astype("int64"),
            }
        )

    @staticmethod
    def _identify(body: str, terms: _LanguageTerms) -> int:
        """The term a matched text belongs to: the whole-word term with its spelling, else the
        longest matching stem, else a multi-word wildcard term (-1 if none; cannot happen for a
        text the pattern matched, kept as a guard)."""
        key = re.sub(r"[\s\-\u2010\u2011\u2013]+", "", body.lower())
        if key in terms.exact:
            return terms.exact[key]
        for end in range(len(key), 0, -1):
            if key[:end] in terms.stems:
                return terms.stems[key[:end]]
        for index, pattern in terms.inner:
            if pattern.fullmatch(body):
                return index
        return -1
