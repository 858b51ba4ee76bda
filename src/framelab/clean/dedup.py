"""Near-duplicate articles: MinHash signatures of word shingles, banded LSH (datasketch).

Signatures are datasketch ``MinHash`` objects over 5-word shingles (CRC-32 hashing: fast, stable
across runs; MinHash needs 32-bit hashes only). The banding (``b`` bands of ``r`` rows) is the one
datasketch's ``MinHashLSH`` chooses for the threshold and number of permutations (it minimises the
weighted false positive/negative probability). The index itself is a compact dict per band from
the band's hash to the first article that had it, about 0.6 KB per article instead of the ~3.6 KB of
a ``MinHashLSH`` holding every key, because a new article only needs to know the earliest article
it collides with.

Articles are added in corpus order; an article sharing a band with an earlier one joins that
article's cluster. The cluster id is the ordinal (0-based position in the corpus) of the cluster's
first article; ``is_duplicate`` is true for every member except the first. The index persists
across chunks, so duplicates are found corpus-wide when cleaning streams in chunks.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field

import numpy as np
import regex

_TOKEN = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}]|\w+")


def words(text: str) -> list[str]:
    """Word tokens; each CJK character is a token (those scripts do not separate words)."""
    return _TOKEN.findall(text.casefold())


@dataclass
class Deduplicator:
    """Incremental near-duplicate clustering with MinHash LSH."""

    threshold: float = 0.8
    num_perm: int = 128
    shingle: int = 5
    seed: int = 1
    _cluster_of: dict[int, int] = field(default_factory=dict, init=False, repr=False)
    _next: int = field(default=0, init=False, repr=False)

    def __post_init__(self) -> None:
        from datasketch import MinHashLSH

        lsh = MinHashLSH(threshold=self.threshold, num_perm=self.num_perm)  # for its (b, r) only
        self._bands, self._rows = lsh.b, lsh.r
        self._index: list[dict[int, int]] = [{} for _ in range(self._bands)]
        self._permutations = None

    def _minhash(self, text: str):
        from datasketch import MinHash

        tokens = words(text)
        n = self.shingle
        grams = {" ".join(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1))}
        m = MinHash(
            num_perm=self.num_perm,
            seed=self.seed,
            hashfunc=zlib.crc32,
            permutations=self._permutations,
        )
        if self._permutations is None:
            self._permutations = m.permutations
        m.update_batch([g.encode("utf-8") for g in grams if g])
        return m

    def _band_keys(self, hashvalues: np.ndarray) -> list[int]:
        r = self._rows
        return [hash(hashvalues[i * r : (i + 1) * r].tobytes()) for i in range(self._bands)]

    def add(self, text: str) -> tuple[int | None, bool]:
        """Register the next article; returns (cluster id or None, is_duplicate)."""
        ordinal = self._next
        self._next += 1
        if not text.strip():
            return None, False
        keys = self._band_keys(self._minhash(text).hashvalues)
        matches = {band[k] for band, k in zip(self._index, keys, strict=True) if k in band}
        for band, k in zip(self._index, keys, strict=True):
            band.setdefault(k, ordinal)
        if not matches:
            return None, False
        first = min(self._cluster_of.get(k, k) for k in matches)
        self._cluster_of[ordinal] = first
        self._cluster_of.setdefault(first, first)
        return first, True

    def assign(self, texts: list[str]) -> tuple[list[int | None], list[bool]]:
        """Clusters of a batch; within the batch the first member also gets its cluster id."""
        start = self._next
        clusters: list[int | None] = []
        dups: list[bool] = []
        for text in texts:
            cluster, dup = self.add(text)
            clusters.append(cluster)
            dups.append(dup)
        firsts = {c for c in clusters if c is not None}
        for c in firsts:
            if start <= c < self._next:
                clusters[c - start] = c
        return clusters, dups


def jaccard_estimate(a: str, b: str, num_perm: int = 128, shingle: int = 5) -> float:
    """Estimated Jaccard similarity of two texts' shingle sets (for inspection and tests)."""
    d = Deduplicator(num_perm=num_perm, shingle=shingle)
    return float(np.mean(d._minhash(a).hashvalues == d._minhash(b).hashvalues))
