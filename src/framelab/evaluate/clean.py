"""Cleaning quality against gold: token-shingle P/R/F1 and with/without snippet pass rates.

Shingle scoring is exactly that of the scrapinghub article-extraction-benchmark.

Reference: ``scrapinghub/article-extraction-benchmark`` ``evaluate.py`` (commit 7d95432):

* tokens are ``re.findall(r"\\w+", text)`` (Unicode word runs; punctuation and case kept as is);
* shingles are 4-token n-grams (a text shorter than 4 tokens gives one shorter shingle, an empty
  text none), counted as a multiset;
* per document ``tp = sum min(true, pred)``, ``fp``/``fn`` the excess counts, then ``tp, fp, fn``
  are divided by their sum so every document weighs the same;
* precision is the mean over documents with ``tp + fp > 0`` of the per-document precision, recall
  the mean over documents with ``tp + fn > 0``; F1 is the harmonic mean of these two means (not a
  mean of per-document F1). A document with ``fp == fn == 0`` has precision = recall = 1.
"""

from __future__ import annotations

import argparse
import re
import statistics
from collections import Counter
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any

import pandas as pd

TOKEN_RE = re.compile(r"\w+", re.UNICODE | re.MULTILINE | re.IGNORECASE | re.DOTALL)
SHINGLE_N = 4

TpFpFn = tuple[float, float, float]


def tokenize(text: str | None) -> list[str]:
    """Word tokens as the benchmark's scorer finds them, after folding presentation forms as the
    clean stage does (a gold text keeping U+FB50-FEFF forms and a clean text with the letters
    they stand for are the same words)."""
    return TOKEN_RE.findall(fold_presentation_forms(text or ""))


@lru_cache(maxsize=1)
def _presentation_forms() -> re.Pattern[str] | None:
    from ..clean.normalize import load_normalize_config

    return load_normalize_config().compatibility_re


def fold_presentation_forms(text: str) -> str:
    """``text`` with runs of compatibility characters (``resources/clean/normalize.yaml``) folded
    with NFKC, as :func:`framelab.clean.normalize.nfkc_form` folds them."""
    from ..clean.normalize import nfkc_form

    pattern = _presentation_forms()
    if pattern is None or text.isascii():
        return text
    return pattern.sub(lambda m: nfkc_form(m.group(0)), text)


def shingles(text: str | None, n: int = SHINGLE_N) -> Counter[tuple[str, ...]]:
    """Multiset of ``n``-token shingles (benchmark ``_all_shingles``)."""
    tokens = tokenize(text)
    grams = (tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)))
    return Counter(g for g in grams if g)


def shingle_matching(true: str | None, pred: str | None, n: int = SHINGLE_N) -> TpFpFn:
    """Normalised (tp, fp, fn) of one document (benchmark ``string_shingle_matching``)."""
    gold, got = shingles(true, n), shingles(pred, n)
    tp = fp = fn = 0.0
    for key in gold.keys() | got.keys():
        g, p = gold.get(key, 0), got.get(key, 0)
        tp += min(g, p)
        fp += max(0, p - g)
        fn += max(0, g - p)
    total = tp + fp + fn
    if total > 0:
        return tp / total, fp / total, fn / total
    return tp, fp, fn


def precision_score(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    if tp == fp == 0:
        return 0.0
    return tp / (tp + fp)


def recall_score(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    if tp == fn == 0:
        return 0.0
    return tp / (tp + fn)


def macro_prf(per_doc: Sequence[TpFpFn]) -> dict[str, float | None]:
    """Benchmark ``metrics_from_tp_fp_fns``: mean precision, mean recall, F1 of the two means.

    Returns ``None`` values when there is no document with gold text (snippet-only gold)."""
    precisions = [precision_score(*d) for d in per_doc if d[0] + d[1] > 0]
    recalls = [recall_score(*d) for d in per_doc if d[0] + d[2] > 0]
    if not per_doc:
        return {"precision": None, "recall": None, "f1": None}
    # (The benchmark never meets these cases: nothing predicted at all -> precision 0;
    # only empty gold texts -> recall 1.)
    p = statistics.mean(precisions) if precisions else 0.0
    r = statistics.mean(recalls) if recalls else 1.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": p, "recall": r, "f1": f1}


# ----------------------------------------------------------------------------- gold files
METRIC_KEYS = ("precision", "recall", "f1", "with_rate", "without_rate", "n")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``framelab evaluate clean``."""
    parser.add_argument(
        "--params",
        metavar="YAML",
        help="a params.yaml whose `clean` section to use (default: the project's params.yaml)",
    )
    parser.add_argument(
        "--set",
        dest="overrides",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="override one clean parameter (YAML value), e.g. --set rules=[lexicon,justext]",
    )


def _clean_params(options: argparse.Namespace) -> dict[str, Any]:
    import yaml

    from ..project import load_params

    path = getattr(options, "params", None)
    if path:
        with open(path, encoding="utf-8") as fh:
            params = dict((yaml.safe_load(fh) or {}).get("clean") or {})
    else:
        params = dict(load_params().get("clean") or {})
    for item in getattr(options, "overrides", None) or []:
        key, _, value = item.partition("=")
        params[key.strip()] = yaml.safe_load(value)
    return params


def gold_to_articles(docs: Sequence[Mapping[str, Any]]) -> pd.DataFrame:
    """Gold documents as an articles table (``format`` -> ``raw_format``)."""
    return pd.DataFrame(
        {
            "article_id": [str(d["id"]) for d in docs],
            "outlet": [d.get("outlet") for d in docs],
            "url": [d.get("url") for d in docs],
            "language": [d.get("language") for d in docs],
            "raw": [d.get("raw") for d in docs],
            "raw_format": [d.get("format", "text") for d in docs],
            "source_path": [str(d["id"]) for d in docs],
        }
    )


def clean_gold_documents(
    docs: Sequence[Mapping[str, Any]], params: Mapping[str, Any]
) -> dict[str, str]:
    """Clean the gold documents as the pipeline would (text dumps corpus-level per outlet within
    the file); returns ``{id: clean text}`` ("" for rejected documents)."""
    from ..clean import clean_articles

    result = clean_articles(gold_to_articles(docs), **params)
    texts = dict(zip(result.clean["article_id"], result.clean["text"], strict=True))
    return {str(d["id"]): texts.get(str(d["id"]), "") or "" for d in docs}


def snippet_rates(
    docs: Sequence[Mapping[str, Any]], texts: Mapping[str, str]
) -> dict[str, float | None]:
    """Share of ``with`` snippets found in the output and of ``without`` snippets absent from it."""
    with_hits = with_total = without_hits = without_total = 0
    for d in docs:
        text = texts.get(str(d["id"]), "")
        for s in d.get("with") or []:
            with_total += 1
            with_hits += s in text
        for s in d.get("without") or []:
            without_total += 1
            without_hits += s not in text
    return {
        "with_rate": with_hits / with_total if with_total else None,
        "without_rate": without_hits / without_total if without_total else None,
    }


def score_documents(docs: Sequence[Mapping[str, Any]], texts: Mapping[str, str]) -> dict[str, Any]:
    """Shingle P/R/F1 over documents that have gold text, snippet pass rates, and n."""
    with_text = [d for d in docs if d.get("gold")]
    per_doc = [shingle_matching(d["gold"], texts.get(str(d["id"]), "")) for d in with_text]
    return {**macro_prf(per_doc), **snippet_rates(docs, texts), "n": len(docs)}


def evaluate_file(path: str, options: argparse.Namespace) -> dict[str, Any]:
    """Clean every document of a cleaning gold file and score it, overall and per language."""
    from ..io import read_jsonl

    docs = read_jsonl(path)
    texts = clean_gold_documents(docs, _clean_params(options))
    by_language: dict[str, list[Mapping[str, Any]]] = {}
    for d in docs:
        by_language.setdefault(str(d.get("language") or "und"), []).append(d)
    return {
        "overall": score_documents(docs, texts),
        "by_language": {
            lang: score_documents(group, texts) for lang, group in sorted(by_language.items())
        },
    }
