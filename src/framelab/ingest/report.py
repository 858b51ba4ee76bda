"""Summaries of an ingest run: metrics for DVC, counts for the console and for plots."""

from __future__ import annotations

from typing import Any

import pandas as pd

from .pipeline import IngestResult


def _counts(series: pd.Series) -> dict[str, int]:
    filled = series.astype("object").where(series.notna(), "(unknown)")
    return {str(k): int(v) for k, v in filled.value_counts().sort_index().items()}


def ingest_metrics(result: IngestResult, sample: dict[str, Any] | None = None) -> dict[str, Any]:
    """n_inputs, n_articles, n_rejected, by language / outlet / reject reason, dated share; with
    ``sample`` (from :func:`framelab.ingest.sample.sample_articles`) also the sample and
    ``n_articles_out``, the articles written (counts by language/outlet are of all read)."""
    articles, rejects = result.articles, result.rejects
    n_articles = len(articles)
    dated = int(articles["published"].notna().sum()) if n_articles else 0
    extra: dict[str, Any] = {}
    if sample is not None:
        extra = {"n_articles_out": int(sample["n_after"]), "sample": sample}
    return {
        "n_inputs": n_articles + len(rejects),
        "n_articles": n_articles,
        "n_rejected": len(rejects),
        "n_skipped_files": result.stats.n_skipped,
        "by_language": _counts(articles["language"]),
        "by_outlet": _counts(articles["outlet"]),
        "by_language_source": _counts(articles["language_source"]),
        "rejects_by_reason": _counts(rejects["reason"]),
        "share_with_published": round(dated / n_articles, 4) if n_articles else 0.0,
        **extra,
    }


def language_plot_frame(articles: pd.DataFrame) -> pd.DataFrame:
    """Plot data: one row per language with its article count (``language,articles``)."""
    counts = _counts(articles["language"])
    return pd.DataFrame({"language": list(counts), "articles": list(counts.values())})


def summary_text(result: IngestResult, top: int = 10, sample: dict[str, Any] | None = None) -> str:
    """A short console summary: totals, articles by outlet and language, rejects by reason (and
    the sample kept, when ``sample`` is given)."""
    m = ingest_metrics(result, sample)
    lines = [
        f"ingest: {m['n_inputs']} inputs -> {m['n_articles']} articles, {m['n_rejected']} rejected"
        + (f" ({m['n_skipped_files']} non-article files skipped)" if m["n_skipped_files"] else ""),
        f"  with a publication date: {m['share_with_published']:.1%}",
    ]
    for title, key in (
        ("by language", "by_language"),
        ("by outlet", "by_outlet"),
        ("rejects by reason", "rejects_by_reason"),
    ):
        counts = sorted(m[key].items(), key=lambda kv: (-kv[1], kv[0]))
        if not counts:
            continue
        shown = ", ".join(f"{k} {v}" for k, v in counts[:top])
        more = f", ... ({len(counts) - top} more)" if len(counts) > top else ""
        lines.append(f"  {title}: {shown}{more}")
    if sample and sample.get("sampled"):
        lines.append(f"  {sample_line(sample)}")
    return "\n".join(lines)


def sample_line(sample: dict[str, Any], top: int = 10) -> str:
    """``kept 90 of 1,234 articles (sample 30 per group by bias, seed 1): left 30/412, ...``."""
    groups = list(sample.get("by_group", {}).items())
    shown = ", ".join(f"{g} {c['after']}/{c['before']}" for g, c in groups[:top])
    more = f", ... ({len(groups) - top} more groups)" if len(groups) > top else ""
    return (
        f"kept {sample['n_after']:,} of {sample['n_before']:,} articles "
        f"({sample['description']}): {shown}{more}"
    )
