"""What an outlet repeats across its articles: statistics learned from the table being cleaned.

For every outlet (case-folded ``outlet`` column), over its text dumps:

* **lines**: how many stories contain each line, compared by its *fingerprint* (the sequence of
  folded tokens: case, marks, punctuation, spacing and digits do not matter, so
  ``Copyright 2019 X`` and ``© 2020 X`` are one line);
* **phrases**: how many stories contain each word n-gram (``ngram`` tokens, inside one line);
  a run of frequent n-grams is a repeated phrase wherever it sits in a line, and near-verbatim
  variants (a word changed, two sentences glued) still share most of their n-grams;
* **labels**: short line openings (1 to ``label_max_words`` tokens) that start lines in many
  stories, almost never occur inside a line, and mostly open lines that do not read as a
  sentence (``Image credit: ...``, a player's ``Watch now ...``, ``Link to this story: ...``);
  paragraph openers such as ``In addition,`` fail the last two tests.

Stories, not articles, are counted: near-duplicate articles of the outlet (MinHash over their
n-grams, leaving out the n-grams that many of its articles share, i.e. the furniture itself;
``shingles.duplicate_groups``) count once, so a story published three times does not
make its own sentences "repeated". A line, phrase or label is the outlet's when it occurs in at
least ``threshold(n) = max(min_docs, ceil(min_share * n))`` of the outlet's ``n`` stories: the
share scales with the outlet, the floor protects small outlets.

Learning is linear in the number of tokens (plus one sort of the n-gram hashes per outlet).
"""

from __future__ import annotations

import hashlib
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from .lines import Line, ends_like_sentence
from .shingles import (
    CJK_SCRIPTS,
    WordHasher,
    doc_ngram_hashes,
    document_tokens,
    duplicate_groups,
    minhash,
    opening_hashes,
    token_pattern,
)


@dataclass(frozen=True)
class RepeatParams:
    """Thresholds of the outlet-level rules (``params.yaml`` section ``clean``)."""

    min_docs: int = 3
    min_share: float = 0.1
    max_doc_share: float = 0.8
    ngram: int = 4
    phrase_min_chars: float = 40.0
    phrase_max_gap: int = 2
    label_max_words: int = 3
    label_max_inline_share: float = 0.1
    label_min_nonsentence: float = 0.5

    def threshold(self, n_stories: int) -> int:
        return max(self.min_docs, math.ceil(self.min_share * n_stories))


@dataclass
class OutletStats:
    """What one outlet repeats (only items at or above the threshold are kept)."""

    n_docs: int
    n_stories: int
    threshold: int
    lines: dict[int, int] = field(default_factory=dict)  # fingerprint -> stories
    ngrams: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.uint64))
    ngram_support: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int64))
    labels: dict[int, int] = field(default_factory=dict)  # label hash -> stories

    def line_support(self, fingerprint: int) -> int:
        return self.lines.get(fingerprint, 0)

    def frequent(self, hashes: np.ndarray) -> np.ndarray:
        """Support (stories) of each n-gram hash; 0 where it is not frequent."""
        if not len(self.ngrams) or not len(hashes):
            return np.zeros(len(hashes), dtype=np.int64)
        pos = np.searchsorted(self.ngrams, hashes)
        pos[pos == len(self.ngrams)] = 0
        hit = self.ngrams[pos] == hashes
        return np.where(hit, self.ngram_support[pos], 0)


@dataclass
class OutletModel:
    """Per-outlet statistics plus the word hasher that produced them."""

    params: RepeatParams
    outlets: dict[str, OutletStats]
    hasher: WordHasher

    def get(self, outlet: str | None) -> OutletStats | None:
        return None if outlet is None else self.outlets.get(outlet)


# ---------------------------------------------------------------------------- one document
@dataclass
class LineWords:
    """The tokens of one line as word hashes, and the line's fingerprint."""

    words: np.ndarray
    fingerprint: int


def line_fingerprint(line: Line, words: np.ndarray) -> int:
    """The line's identity for the ``repeated`` rule: its folded token sequence (or, for a line
    without word characters, its key)."""
    data = words.tobytes() if len(words) else ("\x00" + line.key).encode("utf-8")
    return int.from_bytes(hashlib.blake2b(data, digest_size=8).digest(), "little")


def has_cjk(line: Line) -> bool:
    return not CJK_SCRIPTS.isdisjoint(line.scripts)


def line_words(line: Line, hasher: WordHasher) -> LineWords:
    """The line's tokens as hashes (cached on the line: computed once per document)."""
    cached = line._cache.get("words")
    if cached is None:
        words = hasher.hashes(token_pattern(has_cjk(line)).findall(line.text))
        cached = line._cache["words"] = LineWords(words, line_fingerprint(line, words))
    return cached


@dataclass
class _Doc:
    words: list[LineWords]
    sentence: list[bool]
    all_words: np.ndarray  # the document's word hashes, line after line
    line_of: np.ndarray  # line number (in raw.split("\n")) of each token
    grams: np.ndarray  # unique n-gram hashes of the document (inside lines)


def document_words(
    raw: str, lines: Sequence[Line], hasher: WordHasher
) -> tuple[np.ndarray, np.ndarray]:
    """Word hashes of a whole text dump and the line number of each, in one regex pass; each
    line's share is cached on it (:func:`line_words`)."""
    cjk = any(has_cjk(line) for line in lines)
    hashes = hasher.hashes(document_tokens(raw, cjk))
    breaks = hashes == 0
    line_of = np.cumsum(breaks, dtype=np.int32)
    words, line_of = hashes[~breaks], line_of[~breaks]
    bounds = np.searchsorted(line_of, [line.no for line in lines] + [line.no + 1 for line in lines])
    n = len(lines)
    for line, lo, hi in zip(lines, bounds[:n], bounds[n:], strict=True):
        view = words[lo:hi]
        line._cache["words"] = LineWords(view, line_fingerprint(line, view))
    return words, line_of


def _document(raw: str, lines: Sequence[Line], params: RepeatParams, hasher: WordHasher) -> _Doc:
    all_words, line_of = document_words(raw, lines, hasher)
    words = [line._cache["words"] for line in lines]
    grams, _ = doc_ngram_hashes(all_words, line_of, params.ngram)
    sentence = [ends_like_sentence(line.text) for line in lines]
    return _Doc(words, sentence, all_words, line_of, np.unique(grams))


def _inner_ngrams(doc: _Doc, k_max: int) -> np.ndarray:
    """Hashes of the document's 1..k_max-grams that do not open their line."""
    found = []
    opening = np.ones(len(doc.line_of), dtype=bool)
    opening[1:] = doc.line_of[1:] != doc.line_of[:-1]
    for k in range(1, k_max + 1):
        h, starts = doc_ngram_hashes(doc.all_words, doc.line_of, k)
        found.append(h[~opening[starts]])
    return np.concatenate(found) if found else np.empty(0, dtype=np.uint64)


def label_hashes(words: np.ndarray, max_words: int) -> list[int]:
    """Hashes of the line's openings of 1..max_words tokens that leave at least one token after
    them (index k-1 = opening of k tokens)."""
    return opening_hashes(words[: max(0, min(max_words, len(words) - 1))].tolist(), max_words)


# ---------------------------------------------------------------------------- learning
def learn_outlets(
    documents: Iterable[tuple[str, str, Sequence[Line]]],
    params: RepeatParams | None = None,
    hasher: WordHasher | None = None,
) -> OutletModel:
    """Statistics of every outlet from ``(outlet, raw, lines)`` triples (one per text dump;
    ``lines = split_lines(raw)``)."""
    params = params or RepeatParams()
    hasher = hasher or WordHasher()
    by_outlet: dict[str, list[tuple[str, Sequence[Line]]]] = defaultdict(list)
    for outlet, raw, lines in documents:
        by_outlet[outlet].append((raw, lines))
    outlets = {
        outlet: _learn_one(docs, params, hasher) for outlet, docs in sorted(by_outlet.items())
    }
    return OutletModel(params, outlets, hasher)


def _learn_one(
    texts: Sequence[tuple[str, Sequence[Line]]], params: RepeatParams, hasher: WordHasher
) -> OutletStats:
    docs = [_document(raw, lines, params, hasher) for raw, lines in texts]
    groups = duplicate_groups(_content_signatures(docs, params.threshold(len(docs))))
    members: dict[int, list[int]] = defaultdict(list)
    for i, g in enumerate(groups):
        members[g].append(i)
    n_stories = len(members)
    stats = OutletStats(len(docs), n_stories, params.threshold(n_stories))
    if n_stories < params.min_docs:
        return stats
    stats.lines = _frequent_lines(docs, members, stats.threshold)
    stats.ngrams, stats.ngram_support = _frequent_ngrams(docs, members, stats.threshold)
    stats.labels = _labels(docs, members, stats.threshold, params, set(stats.lines))
    return stats


def _content_signatures(docs: Sequence[_Doc], threshold: int) -> list[np.ndarray | None]:
    """MinHash of each document's n-grams without those found in ``threshold`` or more
    documents (the outlet's furniture): pages that share only their chrome are not copies of
    one story."""
    if not docs:
        return []
    values, counts = np.unique(np.concatenate([d.grams for d in docs]), return_counts=True)
    common = values[counts >= threshold]
    signatures = []
    for doc in docs:
        grams = doc.grams
        if len(common) and len(grams):
            pos = np.minimum(np.searchsorted(common, grams), len(common) - 1)
            grams = grams[common[pos] != grams]
        signatures.append(minhash(grams))
    return signatures


def _frequent_lines(
    docs: Sequence[_Doc], members: dict[int, list[int]], threshold: int
) -> dict[int, int]:
    counts: Counter[int] = Counter()
    for group in members.values():
        counts.update({w.fingerprint for i in group for w in docs[i].words})
    return {fp: n for fp, n in counts.items() if n >= threshold}


def _frequent_ngrams(
    docs: Sequence[_Doc], members: dict[int, list[int]], threshold: int
) -> tuple[np.ndarray, np.ndarray]:
    per_story = [
        docs[group[0]].grams
        if len(group) == 1
        else np.unique(np.concatenate([docs[i].grams for i in group]))
        for group in members.values()
    ]
    if not per_story:
        return np.empty(0, dtype=np.uint64), np.empty(0, dtype=np.int64)
    values, counts = np.unique(np.concatenate(per_story), return_counts=True)
    keep = counts >= threshold
    return values[keep], counts[keep].astype(np.int64)


def _labels(
    docs: Sequence[_Doc],
    members: dict[int, list[int]],
    threshold: int,
    params: RepeatParams,
    repeated_lines: set[int],
) -> dict[int, int]:
    """Line openings that start lines in >= threshold stories, occur inside lines in at most
    ``label_max_inline_share`` as many stories, and open non-sentence lines in at least
    ``label_min_nonsentence`` of their lines. Lines that are themselves repeated whole (a list
    of headlines on every page) do not count: a label opens lines whose rest varies."""
    k_max = params.label_max_words
    opening_stories: Counter[int] = Counter()
    for group in members.values():
        opening_stories.update(
            {
                h
                for i in group
                for w in docs[i].words
                if w.fingerprint not in repeated_lines
                for h in label_hashes(w.words, k_max)
            }
        )
    candidates = {h: n for h, n in opening_stories.items() if n >= threshold}
    if not candidates:
        return {}
    inline_stories: Counter[int] = Counter()
    lines_total: Counter[int] = Counter()
    lines_nonsentence: Counter[int] = Counter()
    wanted = np.fromiter(candidates, dtype=np.uint64, count=len(candidates))
    for group in members.values():
        inside: set[int] = set()
        for i in group:
            doc = docs[i]
            for w, sentence in zip(doc.words, doc.sentence, strict=True):
                if w.fingerprint in repeated_lines:
                    continue
                for h in label_hashes(w.words, k_max):
                    if h in candidates:
                        lines_total[h] += 1
                        lines_nonsentence[h] += not sentence
            inner = _inner_ngrams(doc, k_max)
            inside.update(int(h) for h in np.unique(inner[np.isin(inner, wanted)]))
        inline_stories.update(inside)
    return {
        h: n
        for h, n in candidates.items()
        if inline_stories[h] <= params.label_max_inline_share * n
        and lines_nonsentence[h] >= params.label_min_nonsentence * lines_total[h]
    }
