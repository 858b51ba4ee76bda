"""Speed of quote extraction: quotes/s and articles/s on ANT Arabic news articles.

* rule path: ``quotes_for_articles`` on N articles (default 5,000) of
  ``../shared/corpora/ant-multisource-v2.1.tar.gz`` (read with ``framelab.ingest``);
* parse path (optional, ``--parse N``): Stanza (the small test models in ``../shared/stanza``)
  annotates N articles first; the annotation time and the quote time on the tokens tables are
  reported separately.

Run: ``OMP_NUM_THREADS=1 .venv/bin/python -m benchmarks.bench_quotes [--articles 5000] [--parse 40]``.
Writes ``benchmarks/results/quotes.json``.
"""

from __future__ import annotations

import argparse
import os
import platform
import time
from pathlib import Path
from typing import Any

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("FRAMELAB_SHARED", ROOT.parent / "shared"))
ANT = SHARED / "corpora" / "ant-multisource-v2.1.tar.gz"
STANZA = SHARED / "stanza"
RESULTS = ROOT / "benchmarks" / "results" / "quotes.json"


def load_articles(n: int) -> pd.DataFrame:
    """The first ``n`` ANT articles as a clean-like table (article_id, language, text)."""
    from framelab.ingest import iter_article_frames

    frames = []
    total = 0
    for articles, _ in iter_article_frames(
        [ANT], chunk_size=1000, layout="ant", default_language="ar"
    ):
        frames.append(articles)
        total += len(articles)
        if total >= n:
            break
    df = pd.concat(frames, ignore_index=True).head(n)
    return pd.DataFrame(
        {"article_id": df["article_id"], "language": "ar", "text": df["raw"].fillna("")}
    )


def bench_rules(clean: pd.DataFrame) -> dict[str, Any]:
    from framelab.quotes import quotes_for_articles

    start = time.perf_counter()
    quotes = quotes_for_articles(clean)
    seconds = time.perf_counter() - start
    return {
        "articles": len(clean),
        "chars": int(clean["text"].str.len().sum()),
        "quotes": len(quotes),
        "seconds": round(seconds, 2),
        "articles_per_s": round(len(clean) / seconds, 1),
        "quotes_per_s": round(len(quotes) / seconds, 1),
        "by_type": {str(k): int(v) for k, v in quotes["type"].value_counts().items()},
        "share_with_speaker": round(float(quotes["speaker_name"].notna().mean()), 3)
        if len(quotes)
        else None,
    }


def bench_parse(clean: pd.DataFrame) -> dict[str, Any]:
    from framelab.evaluate.quotes import stanza_annotator
    from framelab.quotes import quotes_for_articles

    annotate = stanza_annotator(str(STANZA))  # the nlp pipeline factory, offline
    annotate("نص", "ar")  # build the pipeline before timing
    start = time.perf_counter()
    tokens, entities = [], []
    for rec in clean.to_dict("records"):
        tok, ent = annotate(rec["text"], "ar")
        tokens.append(tok.assign(article_id=rec["article_id"]))
        entities.append(ent.assign(article_id=rec["article_id"]))
    annotate_s = time.perf_counter() - start
    tokens_df = pd.concat(tokens, ignore_index=True)
    entities_df = pd.concat(entities, ignore_index=True)
    start = time.perf_counter()
    quotes = quotes_for_articles(clean, tokens_df, entities_df)
    quotes_s = time.perf_counter() - start
    return {
        "articles": len(clean),
        "quotes": len(quotes),
        "stanza_seconds": round(annotate_s, 2),
        "quote_seconds": round(quotes_s, 2),
        "articles_per_s_quotes_only": round(len(clean) / quotes_s, 1),
        "quotes_per_s_quotes_only": round(len(quotes) / quotes_s, 1),
        "articles_per_s_with_annotation": round(len(clean) / (annotate_s + quotes_s), 2),
        "share_parse_method": round(float((quotes["method"] == "parse").mean()), 3)
        if len(quotes)
        else None,
        "models": "small test models from ../shared/stanza (not production Stanza)",
    }


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far (MB, Linux ru_maxrss is in KB)."""
    import resource

    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument(
        "--parse",
        type=int,
        default=40 if (STANZA / "resources.json").is_file() else 0,
        help="articles for the Stanza parse path (0 = skip)",
    )
    args = parser.parse_args(argv)
    if not ANT.is_file():
        raise SystemExit(f"{ANT} not found (set FRAMELAB_SHARED)")
    from framelab.io import write_json

    clean = load_articles(args.articles)
    result: dict[str, Any] = {
        "corpus": "ant-multisource-v2.1 (Arabic), first articles in archive order",
        "machine": f"{platform.machine()} {os.cpu_count()} cpu, python {platform.python_version()}",
        "rules": bench_rules(clean),
    }
    result["rules"]["peak_rss_mb"] = peak_rss_mb()
    if args.parse:
        result["parse"] = bench_parse(clean.head(args.parse))
        result["parse"]["peak_rss_mb"] = peak_rss_mb()
    write_json(result, RESULTS)
    print(result)
    return result


if __name__ == "__main__":
    main()
