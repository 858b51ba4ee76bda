"""Chrome left after cleaning: what each outlet still repeats in its clean texts.

The list a researcher checks before reading lexical contrasts: per outlet, the paragraphs and
the phrases (maximal runs of word n-grams) that recur in many of its articles after cleaning,
with how many articles carry them. Real content recurs too (a quoted statement, a background
sentence), so the list is for reading, not a score; named furniture that should be gone can be
counted with :func:`pattern_rates`.

Near-duplicate articles (``is_duplicate``) are left out, as the framing statistics leave them
out. Everything is linear in the text (n-gram hashes counted with one sort per outlet).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping

import numpy as np
import pandas as pd
import regex

from ..clean.shingles import (
    WordHasher,
    doc_ngram_hashes,
    document_tokens,
)

REPEAT_COLUMNS = ["outlet", "n_articles", "kind", "text", "articles", "share"]
RATE_COLUMNS = ["name", "outlet", "n_articles", "articles", "share"]

_SPACES = regex.compile(r"\s+")
_CJK = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}]")
_TOKEN_SPANS = regex.compile(r"\w+")
_TOKEN_SPANS_CJK = regex.compile(
    r"[\p{Han}\p{Hiragana}\p{Katakana}]|[^\W\p{Han}\p{Hiragana}\p{Katakana}]+"
)


def _min_articles(n: int, min_docs: int, min_share: float) -> int:
    return max(min_docs, math.ceil(min_share * n))


def _articles(clean: pd.DataFrame, exclude_duplicates: bool) -> pd.DataFrame:
    frame = clean[["outlet", "text", "is_duplicate"]].copy()
    if exclude_duplicates:
        frame = frame[~frame["is_duplicate"].fillna(False).astype(bool)]
    frame["outlet"] = frame["outlet"].astype("string").fillna("(missing)")
    frame["text"] = frame["text"].astype("string").fillna("")
    return frame


def _paragraph_key(paragraph: str) -> str:
    return _SPACES.sub(" ", paragraph).strip().casefold()


def repeated_paragraphs(
    clean: pd.DataFrame,
    *,
    min_docs: int = 3,
    min_share: float = 0.01,
    top: int = 10,
    exclude_duplicates: bool = True,
) -> pd.DataFrame:
    """Per outlet, the clean paragraphs found in at least ``max(min_docs, min_share * n)`` of
    its ``n`` articles (case and spacing ignored), most frequent first (``top`` per outlet)."""
    rows = []
    for outlet, group in _articles(clean, exclude_duplicates).groupby("outlet", sort=True):
        n = len(group)
        counts: Counter[str] = Counter()
        for text in group["text"]:
            counts.update({_paragraph_key(p) for p in text.split("\n\n") if p.strip()})
        floor = _min_articles(n, min_docs, min_share)
        for key, k in counts.most_common(top):
            if k < floor:
                break
            rows.append([outlet, n, "paragraph", key, k, k / n])
    return pd.DataFrame(rows, columns=REPEAT_COLUMNS)


def _phrases_of(text: str, frequent: np.ndarray, n: int, hasher: WordHasher) -> set[str]:
    """The maximal runs of frequent n-grams in one text, as case-folded strings."""
    cjk = bool(_CJK.search(text))
    tokens = document_tokens(text, cjk)
    hashes = hasher.hashes(tokens)
    breaks = hashes == 0
    line_of = np.cumsum(breaks, dtype=np.int32)[~breaks]
    words = hashes[~breaks]
    grams, starts = doc_ngram_hashes(words, line_of, n)
    hit = starts[np.isin(grams, frequent)]
    if not len(hit):
        return set()
    spans = [m.span() for m in (_TOKEN_SPANS_CJK if cjk else _TOKEN_SPANS).finditer(text)]
    out, first, last = set(), int(hit[0]), int(hit[0]) + n
    for s in hit[1:]:
        s = int(s)
        if s <= last and line_of[s] == line_of[first]:  # overlapping n-grams extend the run
            last = max(last, s + n)
            continue
        out.add(_paragraph_key(text[spans[first][0] : spans[last - 1][1]]))
        first, last = s, s + n
    out.add(_paragraph_key(text[spans[first][0] : spans[last - 1][1]]))
    return out


def repeated_phrases(
    clean: pd.DataFrame,
    *,
    ngram: int = 8,
    min_docs: int = 3,
    min_share: float = 0.01,
    top: int = 10,
    exclude_duplicates: bool = True,
) -> pd.DataFrame:
    """Per outlet, phrases (maximal runs of word ``ngram``-grams, each in at least
    ``max(min_docs, min_share * n)`` articles) and how many articles carry each phrase."""
    hasher = WordHasher()
    rows = []
    for outlet, group in _articles(clean, exclude_duplicates).groupby("outlet", sort=True):
        texts = list(group["text"])
        n = len(texts)
        floor = _min_articles(n, min_docs, min_share)
        per_doc = []
        for text in texts:
            tokens = document_tokens(text, bool(_CJK.search(text)))
            hashes = hasher.hashes(tokens)
            breaks = hashes == 0
            line_of = np.cumsum(breaks, dtype=np.int32)[~breaks]
            grams, _ = doc_ngram_hashes(hashes[~breaks], line_of, ngram)
            per_doc.append(np.unique(grams))
        if not per_doc:
            continue
        values, counts = np.unique(np.concatenate(per_doc), return_counts=True)
        frequent = values[counts >= floor]
        if not len(frequent):
            continue
        phrases: Counter[str] = Counter()
        for text, grams in zip(texts, per_doc, strict=True):
            if np.isin(grams, frequent).any():
                phrases.update(_phrases_of(text, frequent, ngram, hasher))
        for phrase, k in phrases.most_common(top):
            rows.append([outlet, n, "phrase", phrase, k, k / n])
    return pd.DataFrame(rows, columns=REPEAT_COLUMNS)


def pattern_rates(
    clean: pd.DataFrame,
    patterns: Mapping[str, tuple[str, str]],
    *,
    exclude_duplicates: bool = False,
) -> pd.DataFrame:
    """For each ``name: (outlet regex, text regex)``, per matching outlet, how many articles'
    text still matches (share of the outlet's articles)."""
    frame = _articles(clean, exclude_duplicates)
    rows = []
    for name, (outlet_re, text_re) in patterns.items():
        outlet_pattern, text_pattern = regex.compile(outlet_re), regex.compile(text_re)
        for outlet, group in frame.groupby("outlet", sort=True):
            if not outlet_pattern.search(str(outlet)):
                continue
            hits = sum(bool(text_pattern.search(t)) for t in group["text"])
            rows.append([name, outlet, len(group), hits, hits / len(group) if len(group) else 0.0])
    return pd.DataFrame(rows, columns=RATE_COLUMNS)
