"""Learned-frames features: text views and codebook evidence of coded items, offline.

* words: folded as in cue matching (``matching.yaml``: hamza and alef forms, alef maqsura, ta
  marbuta), diacritics and tatweel removed, lower-cased, the language's clitic prefix stripped
  (:func:`normalise`);
* light stems (:func:`stem_text`, the stem view): the longest clitic prefix of the language's
  ``matching.yaml`` pattern (Arabic و ف ب ك ل ال لل), then up to two suffixes listed in
  ``resources/framing/light_stem.yaml`` (a pronoun, then a plural or adjective ending), each only
  when enough letters remain -- so ``وبسياساتهم`` ("and with their policies") and ``السياسات``
  share the stem ``سياس``; languages without rules have an empty stem view;
* codebook evidence (:func:`lexicon_counts`): cue hits per frame and per cue.

:class:`FrameFeaturizer` turns these into one sparse matrix (blocks and weights: the module
docstring of ``framelab.framing.learned``).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ..resources import load_resource
from .codebooks import FrameCodebook
from .frames import find_hits
from .matching import fold_text, language_prefix

if TYPE_CHECKING:
    from .learned import CodedItems

BODY_WEIGHT = 0.5

ARABIC_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
WORD = re.compile(r"\w+")
MAX_SUFFIXES = 2  # a pronoun, then a plural or adjective ending


@lru_cache(maxsize=1)
def _rules() -> dict:
    return load_resource("framing", "light_stem.yaml").get("languages") or {}


@lru_cache(maxsize=16)
def _stemmer(language: str) -> tuple[re.Pattern[str], tuple[str, ...], int] | None:
    rules = _rules().get(language)
    if not rules:
        return None
    min_stem = int(rules.get("min_stem", 3))
    prefix = language_prefix(language)
    prefix_pattern = re.compile(prefix if prefix else "(?!)")
    suffixes = tuple(
        sorted((fold_text(s) for s in rules.get("suffixes") or []), key=len, reverse=True)
    )
    return prefix_pattern, suffixes, min_stem


def has_stemmer(language: str) -> bool:
    return _stemmer(language) is not None


def normalise_word_text(text: str) -> str:
    """Folded (``matching.yaml``), diacritic- and tatweel-free, lower-cased text."""
    return ARABIC_MARKS.sub("", fold_text(text)).casefold()


def stem_word(word: str, language: str) -> str:
    """The light stem of one already normalised word (unchanged without rules for ``language``):
    the longest clitic prefix, then up to ``MAX_SUFFIXES`` suffixes (longest listed first)."""
    stemmer = _stemmer(language)
    if stemmer is None:
        return word
    prefix_pattern, suffixes, min_stem = stemmer
    for cut in range(len(word) - min_stem, 0, -1):
        if prefix_pattern.fullmatch(word[:cut]):
            word = word[cut:]
            break
    for _ in range(MAX_SUFFIXES):
        suffix = next(
            (s for s in suffixes if word.endswith(s) and len(word) - len(s) >= min_stem), None
        )
        if suffix is None:
            break
        word = word[: -len(suffix)]
    return word


def stem_text(text: str, language: str) -> str:
    """Space-joined light stems of the words of ``text``; ``""`` for a language without rules."""
    if not has_stemmer(language):
        return ""
    return " ".join(stem_word(w, language) for w in WORD.findall(normalise_word_text(text)))


def normalise(text: str, language: str) -> str:
    """Folded, lower-cased text of clitic-stripped words (the tokens the word TF-IDF sees)."""
    folded = normalise_word_text(text)
    prefix = language_prefix(language)
    if not prefix:
        return folded
    strip = re.compile(f"^{prefix}(?=\\w{{3}})")
    return " ".join(strip.sub("", word, count=1) for word in WORD.findall(folded))


_LEXICON_CACHE: dict[tuple[str, str, str], tuple[np.ndarray, np.ndarray]] = {}
_LEXICON_CACHE_LIMIT = 200_000


def _codebook_key(codebook: FrameCodebook, frames: Sequence[str]) -> str:
    digest = hashlib.sha1(pd.util.hash_pandas_object(codebook.terms, index=False).to_numpy())
    digest.update("\x00".join(frames).encode())
    return digest.hexdigest()


def lexicon_counts(
    texts: Sequence[str], languages: Sequence[str], codebook: FrameCodebook, frames: Sequence[str]
) -> tuple[np.ndarray, np.ndarray, list[tuple[str, str]]]:
    """Cue hits per item: ``items x frames`` hit counts, ``items x cues`` 0/1 and the cue list.

    Results are memoised per (codebook, language, text): cross-validation featurises the same
    items many times."""
    cues = sorted(set(zip(codebook.terms["frame"], codebook.terms["cue"], strict=True)))
    key = _codebook_key(codebook, frames)
    per_frame = np.zeros((len(texts), len(frames)))
    per_cue = np.zeros((len(texts), len(cues)))
    todo = []
    for i, (text, lang) in enumerate(zip(texts, languages, strict=True)):
        cached = _LEXICON_CACHE.get((key, lang, text))
        if cached is None:
            todo.append(i)
        else:
            per_frame[i], per_cue[i] = cached
    if todo:
        if len(_LEXICON_CACHE) > _LEXICON_CACHE_LIMIT:
            _LEXICON_CACHE.clear()
        new_frame, new_cue = _match_counts(
            [texts[i] for i in todo], [languages[i] for i in todo], codebook, frames, cues
        )
        for row, i in enumerate(todo):
            per_frame[i], per_cue[i] = new_frame[row], new_cue[row]
            _LEXICON_CACHE[(key, languages[i], texts[i])] = (new_frame[row], new_cue[row])
    return per_frame, per_cue, cues


def _match_counts(
    texts: Sequence[str],
    languages: Sequence[str],
    codebook: FrameCodebook,
    frames: Sequence[str],
    cues: list[tuple[str, str]],
) -> tuple[np.ndarray, np.ndarray]:
    cue_index = {cue: i for i, cue in enumerate(cues)}
    frame_index = {frame: j for j, frame in enumerate(frames)}
    per_frame = np.zeros((len(texts), len(frames)))
    per_cue = np.zeros((len(texts), len(cues)))
    if len(texts) == 0 or codebook.terms.empty:
        return per_frame, per_cue
    articles = pd.DataFrame(
        {"article_id": np.arange(len(texts)), "language": list(languages), "text": list(texts)}
    )
    hits = find_hits(articles, codebook)
    hits = hits[(hits["kind"] == "frame") & hits["category"].isin(frame_index)]
    rows = hits["article_id"].to_numpy(dtype=int)
    np.add.at(per_frame, (rows, hits["category"].map(frame_index).to_numpy(dtype=int)), 1)
    cols = [cue_index[(f, c)] for f, c in zip(hits["category"], hits["cue"], strict=True)]
    per_cue[rows, cols] = 1
    return per_frame, per_cue


@dataclass
class FrameFeaturizer:
    """Headline, body and stem-view text features plus codebook evidence (word n-grams up to
    ``word_ngram_max``; a zero ``stem_weight`` leaves the stem view out)."""

    codebook: FrameCodebook
    frames: list[str]
    lexicon_weight: float = 1.0
    vectorizers: dict[str, Any] = field(default_factory=dict)
    stem_weight: float = 0.0
    word_ngram_max: int = 1

    def _texts(self, items: CodedItems) -> dict[str, list[str]]:
        pairs = list(zip(items.headline, items.language, strict=True))
        head = [normalise(t, lang) for t, lang in pairs]
        body = [normalise(t, lang) for t, lang in zip(items.body, items.language, strict=True)]
        return {"head": head, "body": body, "stem": [stem_text(t, lang) for t, lang in pairs]}

    def fit(self, items: CodedItems) -> FrameFeaturizer:
        from sklearn.feature_extraction.text import TfidfVectorizer

        texts = self._texts(items)
        self.vectorizers = {}
        for part in ("head", "body"):
            docs = texts[part]
            if not any(d.strip() for d in docs):
                continue
            self.vectorizers[f"{part}_words"] = TfidfVectorizer(
                sublinear_tf=True, ngram_range=(1, getattr(self, "word_ngram_max", 1))
            ).fit(docs)
            self.vectorizers[f"{part}_chars"] = TfidfVectorizer(
                sublinear_tf=True, analyzer="char_wb", ngram_range=(2, 5)
            ).fit(docs)
        if any(texts["stem"]):
            self.vectorizers["stem_words"] = TfidfVectorizer(sublinear_tf=True).fit(texts["stem"])
        return self

    def transform(
        self,
        items: CodedItems,
        lexicon_weight: float | None = None,
        stem_weight: float | None = None,
    ):
        """Feature matrix of ``items`` (``lexicon_weight``, ``stem_weight`` override the fitted
        weights; a zero stem weight leaves the stem view out)."""
        import scipy.sparse as sp

        lexicon_weight = self.lexicon_weight if lexicon_weight is None else lexicon_weight
        stem_weight = getattr(self, "stem_weight", 0.0) if stem_weight is None else stem_weight
        texts = self._texts(items)
        blocks = []
        part_weight = {"head": 1.0, "body": BODY_WEIGHT, "stem": stem_weight}
        for name, vectorizer in self.vectorizers.items():
            part = name.split("_")[0]
            if part_weight[part]:
                blocks.append(part_weight[part] * vectorizer.transform(texts[part]))
        for part, weight in (("head", 1.0), ("body", BODY_WEIGHT)):
            source = items.headline if part == "head" else items.body
            counts, cues, _ = lexicon_counts(source, items.language, self.codebook, self.frames)
            blocks.append(sp.csr_matrix(weight * lexicon_weight * np.log1p(counts)))
            blocks.append(sp.csr_matrix(weight * lexicon_weight * (counts > 0)))
            blocks.append(sp.csr_matrix(weight * cues))
        return sp.hstack(blocks).tocsr()
