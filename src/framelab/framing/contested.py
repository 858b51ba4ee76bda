"""Contested terms: which of several vocabularies for one referent each group uses.

Contested-term pairs are story-specific (Karabakh / Artsakh means something only in coverage of
that conflict; "offensive" or "liberation" match any war or any culture piece), so they are an
*optional* codebook of their own, named by ``framing.contested_codebook`` (default ``null``: the
measure is off, and the report says so). ``data/codebooks/contested-karabakh.yaml`` is the
example shipped for the bundled sample. Layout::

    name: karabakh
    description: ...
    pairs:
      - id: karabakh_name
        label: Karabakh / Nagorno-Karabakh / Artsakh
        variants:
          - id: artsakh
            usage: armenian            # whose vocabulary the variant is
            terms: {en: [Artsakh], ar: [آرتساخ]}

Terms follow the matching conventions of the frames codebook (``*`` wildcards, Arabic clitics
and letter folding; the longest term wins at a position).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from ..errors import InputError
from .codebooks import _read_yaml, _terms_by_language, _warn
from .stats import wilson_interval

CONTESTED_COLUMNS = ["pair", "pair_label", "variant", "usage", "language", "term"]
USAGE_COLUMNS = [
    "group",
    "pair",
    "variant",
    "usage",
    "hits",
    "articles_using",
    "share",
    "share_low",
    "share_high",
]
OFF_NOTE = "no contested-terms codebook (framing.contested_codebook is null): not measured"


@dataclass(frozen=True)
class ContestedCodebook:
    """Contested-term variants, one row per term (:data:`CONTESTED_COLUMNS`)."""

    name: str
    terms: pd.DataFrame
    source: str = ""

    @property
    def is_empty(self) -> bool:
        return self.terms.empty


def load_contested_codebook(path: str | Path) -> ContestedCodebook:
    """Load and validate a contested-terms codebook (see the module docstring)."""
    path = Path(path)
    data = _read_yaml(path)
    pairs = data.get("pairs")
    if pairs is not None and not isinstance(pairs, list):
        raise InputError(str(path), "'pairs' must be a list of contested pairs")
    rows = [row for i, pair in enumerate(pairs or []) for row in _pair_rows(pair, i, path)]
    terms = pd.DataFrame(rows, columns=CONTESTED_COLUMNS).drop_duplicates()
    book = ContestedCodebook(
        name=str(data.get("name") or path.stem),
        terms=terms.reset_index(drop=True),
        source=str(path),
    )
    if book.is_empty:
        _warn(f"{path}: contested-terms codebook {book.name!r} has no terms; nothing to count")
    return book


def _pair_rows(pair: Any, index: int, path: Path) -> list[dict[str, str]]:
    if not isinstance(pair, dict) or not pair.get("id"):
        raise InputError(str(path), f"pairs[{index}]: each contested pair needs an 'id'")
    variants = pair.get("variants") or []
    if not isinstance(variants, list) or not variants:
        raise InputError(str(path), f"contested pair {pair['id']!r}: needs a list 'variants'")
    rows = []
    for variant in variants:
        if not isinstance(variant, dict) or not variant.get("id"):
            raise InputError(str(path), f"contested pair {pair['id']!r}: variant without 'id'")
        where = f"contested {pair['id']}.{variant['id']}"
        for lang, term in _terms_by_language(variant.get("terms"), where, path):
            rows.append(
                {
                    "pair": str(pair["id"]),
                    "pair_label": str(pair.get("label") or pair["id"]),
                    "variant": str(variant["id"]),
                    "usage": str(variant.get("usage") or "unspecified"),
                    "language": lang,
                    "term": term,
                }
            )
    return rows


def contested_usage(articles: pd.DataFrame, hits: pd.DataFrame) -> pd.DataFrame:
    """Per ``group`` x contested ``pair`` x ``variant``: hits, articles using the variant, and the
    variant's share of the pair's hits in that group with a Wilson interval (hits as trials --
    an approximation that ignores clustering within articles; see docs/framing.md)."""
    c = hits[hits["kind"] == "contested"].merge(articles[["article_id", "group"]], on="article_id")
    if c.empty:
        return pd.DataFrame(columns=USAGE_COLUMNS)
    out = (
        c.groupby(["group", "category", "variant", "usage"], as_index=False)
        .agg(hits=("article_id", "size"), articles_using=("article_id", "nunique"))
        .rename(columns={"category": "pair"})
    )
    total = out.groupby(["group", "pair"])["hits"].transform("sum")
    out["share"] = out["hits"] / total
    out["share_low"], out["share_high"] = wilson_interval(out["hits"], total)
    return out[USAGE_COLUMNS]
