"""The most-quoted speakers no rule resolved: the list a researcher reads to extend a codebook.

One row per speaker (the canonical name, else the surface phrase, compared after folding and
case), ranked by quoted words, with how often and where it is quoted, what the articles said
about it if anything (``described_types``: decided but unmapped types such as ``none`` for a
candidate), whether it looks like a name at all (``not_a_name``: pronouns and function words,
an extraction problem to report upstream rather than a codebook gap), and up to three example
contexts with their article id and offsets into the clean text.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .descriptions import name_key

CONTEXT_CHARS = 60
EXAMPLES = 3
UNRESOLVED_COLUMNS: dict[str, str] = {
    "rank": "int64",
    "speaker": "string",  # the most frequent form (canonical name, else surface phrase)
    "speaker_key": "string",  # folded, case-insensitive key the rows are grouped by
    "forms": "string",  # other surface forms seen, most frequent first ("; "-separated)
    "language": "string",
    "speaker_kind": "string",
    "resolution": "string",  # unmatched | not_a_name
    "described_types": "string",  # types the articles gave it that the codebook does not map
    "quotes": "int64",
    "quoted_words": "int64",
    "articles": "int64",
    "share_of_unresolved_words": "float64",
    "example": "int64",  # 1..3: one row per example context
    "article_id": "string",
    "quote_id": "string",
    "start": "Int64",  # the speaker mention (else the quote) in the clean text
    "end": "Int64",
    "mention": "string",  # the text at start:end (whitespace runs as one space)
    "context": "string",  # left [mention] right, 60 characters each side
}


def unresolved_speakers(
    resolved: pd.DataFrame, texts: dict[str, str], top: int = 200, unmatched_group: str = "other"
) -> pd.DataFrame:
    """The ``top`` unresolved speakers by quoted words, ``EXAMPLES`` rows (contexts) each
    (:data:`UNRESOLVED_COLUMNS`); empty with those columns when every speaker is resolved."""
    other = resolved[
        resolved["speaker_group"].eq(unmatched_group).fillna(False)
        & resolved["resolution"].isin(["unmatched", "not_a_name"]).fillna(False)
    ]
    if other.empty or top <= 0:
        return _empty()
    label = other["speaker_name"].fillna(other["speaker"]).astype("string")
    other = other.assign(
        label=label, key=label.map(lambda v: name_key(v) if isinstance(v, str) else "")
    )
    other = other[other["key"] != ""]
    if other.empty:
        return _empty()
    stats = other.groupby("key", sort=False).agg(
        quotes=("quote_id", "size"),
        quoted_words=("quoted_words", "sum"),
        articles=("article_id", "nunique"),
    )
    total = other["quoted_words"].sum()
    stats = stats.sort_values(["quoted_words", "quotes"], ascending=False).head(top)
    other = other[other["key"].isin(stats.index)]  # the slower summaries for the top only
    grouped = other.groupby("key", sort=False)
    stats["speaker"] = grouped["label"].agg(_most_frequent)
    stats["forms"] = grouped["speaker"].agg(_other_forms)
    stats["language"] = grouped["language"].agg(_most_frequent)
    stats["speaker_kind"] = grouped["speaker_kind"].agg(_most_frequent)
    stats["resolution"] = grouped["resolution"].agg(_most_frequent)
    stats["described_types"] = grouped["described_type"].agg(_counts)
    stats["share_of_unresolved_words"] = stats["quoted_words"] / total if total else np.nan
    stats["rank"] = np.arange(1, len(stats) + 1)
    examples = other[other["key"].isin(stats.index)].sort_values(["key", "article_id", "start"])
    examples = examples.groupby("key", sort=False).head(EXAMPLES)
    examples = examples.assign(example=examples.groupby("key").cumcount() + 1)
    rows = examples.merge(stats, left_on="key", right_index=True, suffixes=("_quote", ""))
    start = rows["speaker_start"].where(rows["speaker_start"].notna(), rows["start"])
    end = rows["speaker_end"].where(rows["speaker_start"].notna(), rows["end"])
    out = pd.DataFrame(
        {
            "rank": rows["rank"],
            "speaker": rows["speaker"],
            "speaker_key": rows["key"],
            "forms": rows["forms"],
            "language": rows["language"],
            "speaker_kind": rows["speaker_kind"],
            "resolution": rows["resolution"],
            "described_types": rows["described_types"],
            "quotes": rows["quotes"],
            "quoted_words": rows["quoted_words"],
            "articles": rows["articles"],
            "share_of_unresolved_words": rows["share_of_unresolved_words"],
            "example": rows["example"],
            "article_id": rows["article_id"],
            "quote_id": rows["quote_id"],
            "start": start,
            "end": end,
        }
    )
    spans = list(zip(out["article_id"], out["start"], out["end"], strict=True))
    out["mention"] = [_mention(texts.get(str(a), ""), s, e) for a, s, e in spans]
    out["context"] = [_context(texts.get(str(a), ""), s, e) for a, s, e in spans]
    out = out.sort_values(["rank", "example"]).reset_index(drop=True)
    return out.astype(UNRESOLVED_COLUMNS)[list(UNRESOLVED_COLUMNS)]


def _empty() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=t) for c, t in UNRESOLVED_COLUMNS.items()})


def _most_frequent(values: pd.Series):
    values = values.dropna()
    return values.value_counts().index[0] if len(values) else pd.NA


def _other_forms(values: pd.Series) -> str:
    counts = values.dropna().value_counts()
    return "; ".join(str(v) for v in counts.index[:5])


def _counts(values: pd.Series):
    counts = values.dropna().value_counts()
    return "; ".join(f"{k} ({v})" for k, v in counts.items()) if len(counts) else pd.NA


def _valid_span(text: str, start, end) -> tuple[int, int] | None:
    if not text or pd.isna(start) or pd.isna(end):
        return None
    start, end = int(start), int(end)
    return (start, end) if 0 <= start <= end <= len(text) else None


def _mention(text: str, start, end) -> str | None:
    span = _valid_span(text, start, end)
    return " ".join(text[span[0] : span[1]].split()) if span else None


def _context(text: str, start, end) -> str | None:
    """``left [mention] right`` around offsets, whitespace runs shown as one space."""
    span = _valid_span(text, start, end)
    if span is None:
        return None
    start, end = span
    left = " ".join(text[max(0, start - CONTEXT_CHARS) : start].split())
    right = " ".join(text[end : end + CONTEXT_CHARS].split())
    return f"{left} [{_mention(text, start, end)}] {right}".strip()
