"""Frame cues and contested terms: hits with evidence spans, rates and prevalence per group.

Frame measures are dictionary-based (cue terms of the 14 policy frames of Boydstun et al.'s
Policy Frames Codebook): an article's rate for a frame is its cue hits per 1,000 words (the
continuous measure); the frame is *present* in an article when the evidence passes a
:class:`PresenceRule` -- by default at least 2 hits from at least 2 distinct cue terms, because
one generic word anywhere in a text is not evidence of a frame (docs/framing.md measures the
rule on ANT and AllSides). Each article x frame row lists the cue terms that fired (the evidence
to audit). Contested-term hits (an optional codebook: :mod:`.contested`) go into the same
evidence table.
Articles in a language the codebook has no terms for get NaN (reason stated), not zero.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .codebooks import FrameCodebook
from .contested import ContestedCodebook
from .matching import TermMatcher
from .stats import bootstrap_ratio_intervals, wilson_interval

HIT_COLUMNS = [
    "article_id",
    "kind",
    "category",
    "variant",
    "usage",
    "term",
    "cue",
    "start",
    "end",
    "match",
    "context",
]
CONTEXT_CHARS = 40


def keyword_in_context(
    texts: pd.Series, hits: pd.DataFrame, width: int = CONTEXT_CHARS
) -> list[str]:
    """``left [match] right`` with ``width`` characters each side, line breaks as spaces (a loop
    over hits, not articles: the evidence a reader checks)."""
    values = texts.to_numpy()
    out = []
    for row, start, end in zip(hits["row"], hits["start"], hits["end"], strict=True):
        text = values[row]
        left = text[max(0, start - width) : start].replace("\n", " ")
        right = text[end : end + width].replace("\n", " ")
        out.append(f"{left}[{text[start:end]}]{right}")
    return out


def find_hits(
    articles: pd.DataFrame, codebook: FrameCodebook, contested: ContestedCodebook | None = None
) -> pd.DataFrame:
    """Evidence table: one row per frame-cue hit (and contested-term hit, when a contested
    codebook is given), offsets into the clean text."""
    sources = [("frame", codebook.terms, "frame", None, None)]
    if contested is not None:
        sources.append(("contested", contested.terms, "pair", "variant", "usage"))
    frames = []
    for kind, terms, category, variant, usage in sources:
        if terms.empty:
            continue
        matcher = TermMatcher.from_terms(terms)
        hits = matcher.find(articles["text"], articles["language"])
        if hits.empty:
            continue
        term_rows = terms.loc[hits["term_index"].to_numpy()]
        frames.append(
            pd.DataFrame(
                {
                    "article_id": articles["article_id"].to_numpy()[hits["row"].to_numpy()],
                    "kind": kind,
                    "category": term_rows[category].to_numpy(),
                    "variant": term_rows[variant].to_numpy() if variant else None,
                    "usage": term_rows[usage].to_numpy() if usage else None,
                    "term": term_rows["term"].to_numpy(),
                    "cue": term_rows["cue" if "cue" in term_rows else "term"].to_numpy(),
                    "start": hits["start"].to_numpy(),
                    "end": hits["end"].to_numpy(),
                    "match": hits["match"].to_numpy(),
                    "context": keyword_in_context(articles["text"], hits),
                }
            )
        )
    if not frames:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in HIT_COLUMNS}).astype(
            {"start": "int64", "end": "int64"}
        )
    return pd.concat(frames, ignore_index=True)[HIT_COLUMNS]


def coverage(articles: pd.DataFrame, codebook: FrameCodebook) -> pd.Series:
    """True for articles whose language has frame terms in the codebook."""
    if codebook.terms.empty:
        return pd.Series(False, index=articles.index)
    return TermMatcher.from_terms(codebook.terms).covers(articles["language"])


@dataclass(frozen=True)
class PresenceRule:
    """When a frame counts as present in an article (all conditions must hold).

    ``min_hits``: cue hits of the frame; ``min_terms``: distinct codebook terms among them (a
    wildcard term such as ``econom*`` is one term whatever it matched); ``min_per_1000_words``:
    hits per 1,000 words (0 = no density condition). ``PresenceRule(1, 1)`` is the naive
    "one hit anywhere" rule. Short texts (headlines, briefs): an article with fewer than
    ``short_text_words`` words (0 = off) needs only ``short_min_hits`` hits from
    ``short_min_terms`` distinct cues and no density."""

    min_hits: int = 2
    min_terms: int = 2
    min_per_1000_words: float = 0.0
    short_text_words: int = 0
    short_min_hits: int = 1
    short_min_terms: int = 1

    def __post_init__(self) -> None:
        if self.min_hits < 1 or self.min_terms < 1 or self.min_terms > self.min_hits:
            raise ValueError(
                "frame presence rule needs 1 <= min_terms <= min_hits "
                f"(got min_hits={self.min_hits}, min_terms={self.min_terms})"
            )
        if self.min_per_1000_words < 0:
            raise ValueError(f"min_per_1000_words must be >= 0, got {self.min_per_1000_words}")
        if self.short_text_words < 0 or not 1 <= self.short_min_terms <= self.short_min_hits:
            raise ValueError(
                "short-text presence rule needs short_text_words >= 0 and 1 <= short_min_terms "
                f"<= short_min_hits (got {self.short_text_words}, {self.short_min_hits}, "
                f"{self.short_min_terms})"
            )

    def describe(self) -> str:
        text = f">= {self.min_hits} hit(s) from >= {self.min_terms} distinct cue term(s)"
        if self.min_per_1000_words > 0:
            text += f" and >= {self.min_per_1000_words:g} hits per 1,000 words"
        if self.short_text_words > 0:
            text += (
                f"; texts under {self.short_text_words} words: >= {self.short_min_hits} hit(s) "
                f"from >= {self.short_min_terms} cue term(s)"
            )
        return text


def cue_term_evidence(hits: pd.DataFrame) -> pd.DataFrame:
    """Per ``article_id`` x frame (``category``): distinct cues that fired (``terms``; spellings
    grouped in the codebook count once) and
    ``cue_terms``, the audit string ``term (n); term (n)`` (most frequent first)."""
    frame_hits = hits[hits["kind"] == "frame"]
    if frame_hits.empty:
        return pd.DataFrame(
            {
                "article_id": pd.Series(dtype="object"),
                "frame": pd.Series(dtype="object"),
                "terms": pd.Series(dtype="int64"),
                "cue_terms": pd.Series(dtype="object"),
            }
        )
    per_term = (
        frame_hits.groupby(["article_id", "category", "cue"], as_index=False)
        .size()
        .sort_values(["article_id", "category", "size", "cue"], ascending=[True, True, False, True])
    )
    per_term["label"] = per_term["cue"].astype(str) + " (" + per_term["size"].astype(str) + ")"
    out = per_term.groupby(["article_id", "category"], as_index=False).agg(
        terms=("cue", "size"), cue_terms=("label", "; ".join)
    )
    return out.rename(columns={"category": "frame"})


def article_frame_rates(
    articles: pd.DataFrame,
    hits: pd.DataFrame,
    codebook: FrameCodebook,
    rule: PresenceRule | None = None,
) -> pd.DataFrame:
    """Long table ``article_id, frame, hits, terms, per_1000_words, present, cue_terms, note``
    (every article x frame): ``terms`` distinct cue terms among the hits, ``present`` by
    ``rule`` (default :class:`PresenceRule`), ``cue_terms`` the evidence (``term (n); ...``).
    NaN with a note when the codebook has no terms in the article's language or the article
    has no words."""
    rule = rule or PresenceRule()
    frames = codebook.frames["frame"].tolist()
    ids = articles["article_id"].to_numpy()
    counts = (
        hits[hits["kind"] == "frame"]
        .groupby(["article_id", "category"])
        .size()
        .unstack(fill_value=0)
        .reindex(index=ids, columns=frames, fill_value=0)
    )
    covered = coverage(articles, codebook).to_numpy()
    words = articles["n_words"].to_numpy(dtype=float)
    defined = covered & (words > 0)
    n = counts.to_numpy(dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        rate = np.where(defined[:, None], 1000 * n / words[:, None], np.nan)
    note = np.where(
        ~covered,
        "undefined: no codebook terms for this language",
        np.where(words > 0, None, "undefined: article has no words"),
    )
    long = pd.DataFrame(
        {
            "article_id": np.repeat(ids, len(frames)),
            "frame": np.tile(np.asarray(frames, dtype=object), len(ids)),
            "hits": n.ravel().astype("int64"),
            "per_1000_words": rate.ravel(),
            "note": np.repeat(note, len(frames)),
        }
    )
    evidence = cue_term_evidence(hits)
    long = long.merge(evidence, on=["article_id", "frame"], how="left", sort=False)
    long["terms"] = long["terms"].fillna(0).astype("int64")
    passes = (
        (long["hits"] >= rule.min_hits)
        & (long["terms"] >= rule.min_terms)
        & (long["per_1000_words"].fillna(0) >= rule.min_per_1000_words)
    )
    short = np.repeat(words < rule.short_text_words, len(frames))
    passes = passes.where(
        ~short, (long["hits"] >= rule.short_min_hits) & (long["terms"] >= rule.short_min_terms)
    )
    long["present"] = pd.array(
        np.where(np.repeat(defined, len(frames)), passes, pd.NA), dtype="boolean"
    )
    return long[
        [
            "article_id",
            "frame",
            "hits",
            "terms",
            "per_1000_words",
            "present",
            "cue_terms",
            "note",
        ]
    ]


def frame_prevalence(
    articles: pd.DataFrame, rates: pd.DataFrame, *, resamples: int, seed: int
) -> pd.DataFrame:
    """Per ``group`` x ``frame``: prevalence (share of articles with the frame) with a Wilson
    interval, and hits per 1,000 words (pooled ratio) with an article bootstrap interval."""
    cols = [
        "group",
        "frame",
        "articles",
        "with_frame",
        "prevalence",
        "prevalence_low",
        "prevalence_high",
        "hits",
        "per_1000_words",
        "rate_low",
        "rate_high",
        "note",
    ]
    if rates.empty:
        return pd.DataFrame(columns=cols)
    defined = rates[rates["present"].notna()].merge(
        articles[["article_id", "group", "n_words"]], on="article_id"
    )
    prevalence = defined.groupby(["group", "frame"], as_index=False).agg(
        articles=("article_id", "size"),
        with_frame=("present", "sum"),
        hits=("hits", "sum"),
    )
    low, high = wilson_interval(prevalence["with_frame"], prevalence["articles"])
    prevalence["prevalence"] = prevalence["with_frame"] / prevalence["articles"]
    prevalence["prevalence_low"], prevalence["prevalence_high"] = low, high
    frames = sorted(rates["frame"].unique())
    wide = defined.pivot_table(
        index="article_id", columns="frame", values="hits", aggfunc="sum", fill_value=0
    ).reindex(columns=frames, fill_value=0)
    if wide.empty:
        prevalence = prevalence.assign(
            per_1000_words=np.nan,
            rate_low=np.nan,
            rate_high=np.nan,
            note="undefined: no article in a covered language",
        )
        return prevalence.reindex(columns=cols)
    meta = articles.set_index("article_id").loc[wide.index]
    boot = bootstrap_ratio_intervals(
        wide.to_numpy(dtype=float) * 1000,
        meta["n_words"].to_numpy(dtype=float),
        meta["group"].to_numpy(),
        resamples=resamples,
        seed=seed,
        bounds=(0.0, np.inf),
    )
    boot["frame"] = np.asarray(frames)[boot["measure"].to_numpy()]
    out = prevalence.merge(
        boot.rename(
            columns={
                "estimate": "per_1000_words",
                "ci_low": "rate_low",
                "ci_high": "rate_high",
                "ci_note": "note",
            }
        ),
        on=["group", "frame"],
        how="left",
    )
    out.loc[out["articles"] == 1, "note"] = (
        "n=1 article: Wilson interval shown, bootstrap interval undefined"
    )
    return out[cols]
