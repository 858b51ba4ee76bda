"""Stage metrics and plot data of the quote table (used by the notebook)."""

from __future__ import annotations

from typing import Any

import pandas as pd


def quotes_by_cue_class(quotes: pd.DataFrame) -> pd.DataFrame:
    """Plot data: columns cue_class, quotes (floating quotes count as ``none``)."""
    if quotes.empty:
        return pd.DataFrame(
            {"cue_class": pd.Series(dtype="string"), "quotes": pd.Series(dtype="Int64")}
        )
    counts = quotes["cue_class"].fillna("none").value_counts()
    return pd.DataFrame(
        {"cue_class": counts.index.astype("string"), "quotes": counts.to_numpy()}
    ).astype({"quotes": "Int64"})


def _counts(series: pd.Series) -> dict[str, int]:
    return {str(k): int(v) for k, v in series.fillna("none").value_counts().items()}


def quote_metrics(
    clean: pd.DataFrame,
    quotes: pd.DataFrame,
    tokens: pd.DataFrame | None,
    status: pd.DataFrame | None,
    *,
    use_parse: str = "auto",
) -> dict[str, Any]:
    """Counts for ``reports/metrics/quotes.json`` and a sentence saying which path was used."""
    n_articles = int(len(clean))
    parsed = set()
    if tokens is not None and len(tokens) and str(use_parse) != "never":
        parsed = set(tokens["article_id"].dropna().astype(str))
    annotated = None
    if status is not None and len(status) and "status" in status.columns:
        annotated = int(status["status"].isin(["annotated", "cached"]).sum())
    n_parse = int(sum(1 for a in clean["article_id"].astype(str) if a in parsed))
    if n_parse == 0:
        statement = f"Rule path only: no Stanza tokens for any of the {n_articles} articles."
    elif n_parse == n_articles:
        statement = f"Parse path: Stanza tokens for all {n_articles} articles."
    else:
        statement = (
            f"Mixed: parse path for {n_parse} articles, rule path for {n_articles - n_parse}."
        )
    with_speaker = float(quotes["speaker_name"].notna().mean()) if len(quotes) else 0.0
    return {
        "n_articles": n_articles,
        "n_articles_parse_path": n_parse,
        "n_articles_annotated": annotated,
        "n_articles_with_quotes": int(quotes["article_id"].nunique()) if len(quotes) else 0,
        "n_quotes": int(len(quotes)),
        "n_articles_failed": len(quotes.attrs.get("failed_articles", [])),
        "share_with_speaker": round(with_speaker, 4),
        "path_statement": statement,
        "by_type": _counts(quotes["type"]) if len(quotes) else {},
        "by_cue_class": _counts(quotes["cue_class"]) if len(quotes) else {},
        "by_speaker_kind": _counts(quotes["speaker_kind"]) if len(quotes) else {},
        "by_method": _counts(quotes["method"]) if len(quotes) else {},
    }
