"""Word tokens, stable 64-bit hashes of words and word n-grams, and near-duplicate groups.

The outlet-level repetition rules compare lines and phrases across thousands of articles, so
words become integers once: each distinct token is folded (case, diacritics and other combining
marks, compatibility forms, tatweel; every digit run -> ``0`` so that ``2019``/``2020`` or
``1 of 12``/``3 of 12`` match) and hashed with BLAKE2b (stable across runs and machines). An
n-gram hash is a polynomial of its word hashes, computed for a whole document at once with numpy
(64-bit arithmetic wraps) and mixed with the SplitMix64 finaliser. CJK characters are one token
each, as in the near-duplicate detector.

Near-duplicate groups (:func:`duplicate_groups`) collapse copies of one story before phrases are
counted: MinHash over the document's n-gram hashes (32 seeded mixes), 8 bands of 4 rows, so a pair
with Jaccard similarity 0.8 lands in one group with probability 0.98, 0.5 with 0.40, 0.2 with
0.01; groups are the connected components (union-find). Everything is linear in the number of
tokens.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import regex

TOKEN = regex.compile(r"\w+")
TOKEN_CJK = regex.compile(
    r"[\p{Han}\p{Hiragana}\p{Katakana}]|[^\W\p{Han}\p{Hiragana}\p{Katakana}]+"
)
CJK_SCRIPTS = frozenset({"Han", "Hiragana", "Katakana"})
NEWLINE = "\n"
_DOC_TOKEN = regex.compile(r"\n|\w+")
_DOC_TOKEN_CJK = regex.compile(
    r"\n|[\p{Han}\p{Hiragana}\p{Katakana}]|[^\W\p{Han}\p{Hiragana}\p{Katakana}]+"
)


def token_pattern(cjk: bool) -> regex.Pattern[str]:
    """Tokens of a line: ``\\w+`` runs, or for text with CJK characters one token per CJK
    character (both give the same tokens on text without CJK characters)."""
    return TOKEN_CJK if cjk else TOKEN


def document_tokens(text: str, cjk: bool) -> list[str]:
    """The tokens of a whole document, with one ``NEWLINE`` token at each line break."""
    return (_DOC_TOKEN_CJK if cjk else _DOC_TOKEN).findall(text)


_DIGITS = regex.compile(r"\d+")
_MARKS = regex.compile(r"[\p{Mn}\p{Me}\u0640]+")

_P = np.uint64(0x100000001B3)  # FNV prime: the polynomial's base
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
_S30, _S27, _S31 = np.uint64(30), np.uint64(27), np.uint64(31)

N_PERM = 32
N_BANDS = 8
_SEEDS = np.array(
    [
        int.from_bytes(hashlib.blake2b(bytes([i]), digest_size=8).digest(), "little")
        for i in range(N_PERM)
    ],
    dtype=np.uint64,
)


def mix(x: np.ndarray) -> np.ndarray:
    """SplitMix64 finaliser: spreads the bits of each 64-bit value (vectorised)."""
    x = x ^ (x >> _S30)
    x = x * _M1
    x = x ^ (x >> _S27)
    x = x * _M2
    return x ^ (x >> _S31)


def fold_token(token: str) -> str:
    """The matching form of a token: case-folded, compatibility-decomposed, combining marks and
    tatweel removed, digit runs -> ``0``."""
    folded = unicodedata.normalize("NFKD", token.casefold())
    return _DIGITS.sub("0", _MARKS.sub("", folded)) or token


@dataclass
class WordHasher:
    """Stable 64-bit hashes of folded tokens, cached per distinct token string
    (``NEWLINE`` hashes to 0, a value no token gets in practice)."""

    max_cache: int = 2_000_000
    _cache: dict[str, int] = field(default_factory=lambda: {NEWLINE: 0}, repr=False)

    def _add(self, tokens: set[str]) -> None:
        if len(self._cache) + len(tokens) > self.max_cache:
            self._cache.clear()
            self._cache[NEWLINE] = 0
        for token in tokens:
            digest = hashlib.blake2b(fold_token(token).encode("utf-8"), digest_size=8).digest()
            self._cache[token] = int.from_bytes(digest, "little")

    def hashes(self, tokens: Sequence[str]) -> np.ndarray:
        """The hashes of ``tokens`` as a uint64 array (new token types hashed once)."""
        missing = set(tokens).difference(self._cache)
        if missing:
            self._add(missing)
        values = list(map(self._cache.__getitem__, tokens))
        return np.array(values, dtype=np.uint64) if values else np.empty(0, dtype=np.uint64)


def ngram_hashes(words: np.ndarray, n: int) -> np.ndarray:
    """Hash of every n-gram ``words[i:i+n]`` (length ``len(words) - n + 1``; empty if shorter)."""
    m = len(words) - n + 1
    if m <= 0:
        return np.empty(0, dtype=np.uint64)
    h = words[:m].copy()
    for k in range(1, n):
        h = h * _P + words[k : k + m]
    return mix(h ^ np.uint64(n))


_MASK = (1 << 64) - 1


def _mix_int(x: int) -> int:
    x ^= x >> 30
    x = (x * 0xBF58476D1CE4E5B9) & _MASK
    x ^= x >> 27
    x = (x * 0x94D049BB133111EB) & _MASK
    return x ^ (x >> 31)


def opening_hashes(words: Sequence[int], max_words: int) -> list[int]:
    """Hashes of ``words[:k]`` for k = 1..max_words (fewer if ``words`` is shorter); the same
    values as :func:`ngram_hashes` gives for those n-grams, computed without numpy (short
    inputs, called once per line)."""
    out, h = [], 0
    for k, w in enumerate(words[:max_words], start=1):
        h = (h * 0x100000001B3 + int(w)) & _MASK if k > 1 else int(w)
        out.append(_mix_int(h ^ k))
    return out


def doc_ngram_hashes(
    words: np.ndarray, line_of: np.ndarray, n: int
) -> tuple[np.ndarray, np.ndarray]:
    """Hashes of the n-grams of a document that lie inside one line, and their start positions."""
    h = ngram_hashes(words, n)
    if not len(h):
        return h, np.empty(0, dtype=np.int64)
    inside = line_of[: len(h)] == line_of[n - 1 : n - 1 + len(h)]
    return h[inside], np.flatnonzero(inside)


def minhash(hashes: np.ndarray) -> np.ndarray | None:
    """MinHash signature (``N_PERM`` values) of a set of 64-bit hashes; None for an empty set."""
    if not len(hashes):
        return None
    return mix(hashes[None, :] ^ _SEEDS[:, None]).min(axis=1)


def duplicate_groups(signatures: Sequence[np.ndarray | None]) -> list[int]:
    """Group id (index of the group's first document) of each document: documents whose
    signatures share a band are in one group (transitively). A document without a signature
    is a group of its own."""
    parent = list(range(len(signatures)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    rows = N_PERM // N_BANDS
    seen: list[dict[bytes, int]] = [{} for _ in range(N_BANDS)]
    for i, sig in enumerate(signatures):
        if sig is None:
            continue
        for b in range(N_BANDS):
            key = sig[b * rows : (b + 1) * rows].tobytes()
            j = seen[b].setdefault(key, i)
            if j != i:
                ri, rj = find(i), find(j)
                if ri != rj:
                    parent[max(ri, rj)] = min(ri, rj)
    return [find(i) for i in range(len(signatures))]
