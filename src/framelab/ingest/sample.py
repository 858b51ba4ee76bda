"""``ingest.sample``: a reproducible sample of the ingested articles, per group or overall.

``{by: COLUMN_OR_META_KEY, n: N, seed: S}`` keeps N articles of every group (all of a smaller
group); ``fraction: F`` instead of ``n`` keeps round(F x group size) of each group (at least one of
a non-empty group); without ``by`` the whole corpus is one group; ``null`` keeps every article.

Which articles are kept depends only on the seed and the article ids, never on the order of the
input files: every article gets the key ``sha256(seed, article_id)`` and the smallest keys of its
group are kept. The same seed on the same corpus gives the same sample, and adding articles to the
corpus changes a group's sample only where a new article's key is among the smallest.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from ..errors import FramelabError

SAMPLE_KEYS = ("by", "n", "fraction", "seed")
DEFAULT_SEED = 0
MISSING_GROUP = "(missing)"
PARAM = "params.yaml ingest.sample"


@dataclass(frozen=True)
class SampleSpec:
    """A validated ``ingest.sample``: exactly one of ``n`` and ``fraction`` is set."""

    by: str | None = None
    n: int | None = None
    fraction: float | None = None
    seed: int = DEFAULT_SEED

    def describe(self) -> str:
        size = f"{self.n} per group" if self.n is not None else f"fraction {self.fraction:g}"
        if self.by is None:
            size = f"{self.n} articles" if self.n is not None else f"fraction {self.fraction:g}"
        group = f" by {self.by}" if self.by else ""
        return f"sample {size}{group}, seed {self.seed}"

    def as_params(self) -> dict[str, Any]:
        return {"by": self.by, "n": self.n, "fraction": self.fraction, "seed": self.seed}


def parse_sample(value: Any) -> SampleSpec | None:
    """``ingest.sample`` as a :class:`SampleSpec` (``None`` = every article); a bad value raises
    :class:`FramelabError` with one line naming the parameter and the problem."""
    if value is None:
        return None
    if not isinstance(value, Mapping):
        raise FramelabError(
            f"{PARAM} must be null or a mapping {{by, n | fraction, seed}}, got {value!r}"
        )
    unknown = sorted(str(k) for k in value if k not in SAMPLE_KEYS)
    if unknown:
        raise FramelabError(
            f"{PARAM}: unknown key(s) {', '.join(unknown)}; allowed: {', '.join(SAMPLE_KEYS)}"
        )
    n, fraction = value.get("n"), value.get("fraction")
    if (n is None) == (fraction is None):
        raise FramelabError(f"{PARAM}: give exactly one of n (articles per group) and fraction")
    if n is not None and not _whole_number(n, minimum=1):
        raise FramelabError(f"{PARAM}.n must be a whole number >= 1, got {n!r}")
    if fraction is not None and not _fraction(fraction):
        raise FramelabError(f"{PARAM}.fraction must be a number in (0, 1], got {fraction!r}")
    seed = value.get("seed", DEFAULT_SEED)
    if not _whole_number(seed, minimum=0):
        raise FramelabError(f"{PARAM}.seed must be a whole number >= 0, got {seed!r}")
    by = value.get("by")
    if by is not None and (not isinstance(by, str) or not by.strip()):
        raise FramelabError(f"{PARAM}.by must be a column or meta key name, got {by!r}")
    return SampleSpec(
        by=by.strip() if by else None,
        n=int(n) if n is not None else None,
        fraction=float(fraction) if fraction is not None else None,
        seed=int(seed),
    )


def _whole_number(value: Any, *, minimum: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= minimum


def _fraction(value: Any) -> bool:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    return 0 < value <= 1


def sample_groups(articles: pd.DataFrame, by: str | None) -> pd.Series:
    """The group of every article: the column ``by``, else the key ``by`` of the ``meta`` JSON;
    a missing or blank value is the group ``(missing)``; without ``by`` one group ``all``."""
    if by is None:
        return pd.Series("all", index=articles.index, dtype="object")
    if by in articles.columns and by not in {"meta", "text", "raw"}:
        values = articles[by].astype("object")
    else:
        values = articles["meta"].map(lambda m: _meta(m).get(by)) if "meta" in articles else None
        if values is None or (len(articles) and values.isna().all()):
            raise FramelabError(
                f"{PARAM}.by: {by!r} is neither a column of the articles table nor a key of "
                "any article's meta"
            )
    text = values.map(lambda v: None if v is None or (v != v) or str(v).strip() == "" else str(v))
    return text.fillna(MISSING_GROUP).astype("object")


def _meta(text: Any) -> dict[str, Any]:
    try:
        value = json.loads(text) if isinstance(text, str) else {}
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def sample_key(seed: int, article_id: str) -> str:
    """The article's sort key in the sample of ``seed`` (hex sha256: uniform, order-free)."""
    return hashlib.sha256(f"{seed}\x1f{article_id}".encode()).hexdigest()


def group_quota(spec: SampleSpec, size: int) -> int:
    """How many articles of a group of ``size`` the sample keeps."""
    if size == 0:
        return 0
    if spec.n is not None:
        return min(spec.n, size)
    assert spec.fraction is not None
    return min(size, max(1, math.floor(spec.fraction * size + 0.5)))


def sample_articles(
    articles: pd.DataFrame, spec: SampleSpec | None
) -> tuple[pd.DataFrame, dict[str, Any]]:
    """The sampled articles (input order kept, index reset) and the ``sample`` metrics entry:
    the spec, articles before/after, and before/after per group."""
    if spec is None:
        return articles, {"sampled": False, "n_before": len(articles), "n_after": len(articles)}
    groups = sample_groups(articles, spec.by)
    keys = articles["article_id"].astype(str).map(lambda a: sample_key(spec.seed, a))
    order = pd.DataFrame({"group": groups, "key": keys}).sort_values(["group", "key"])
    rank = order.groupby("group", sort=False).cumcount()
    sizes = order["group"].map(order["group"].value_counts())
    quota = sizes.map(lambda s: group_quota(spec, int(s)))
    kept_index = order.index[rank < quota]
    kept = articles.loc[articles.index.isin(kept_index)].reset_index(drop=True)
    before = groups.value_counts()
    after = groups[groups.index.isin(kept_index)].value_counts()
    by_group = {
        str(g): {"before": int(before[g]), "after": int(after.get(g, 0))}
        for g in sorted(before.index, key=str)
    }
    entry = {
        "sampled": True,
        **spec.as_params(),
        "description": spec.describe(),
        "n_before": len(articles),
        "n_after": len(kept),
        "by_group": by_group,
    }
    return kept, entry
