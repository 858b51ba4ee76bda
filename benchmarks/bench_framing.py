"""Benchmark: framing statistics on the full ANT corpus (31,525 articles), with upstream tables.

Articles are the real ANT v2.1 texts (read in place from ../shared/corpora, never copied) as a
clean-like table. The quotes and timexes tables are the real output of framelab's own upstream
stages on those articles, run as the pipeline runs them (``run_quotes`` and ``run_dates`` with the
``quotes`` and ``dates`` sections of params.yaml) on the rule path: no tokens or entities tables,
as on a machine without Stanza models. The tables then go to the framing step as the pipeline
hands them over: written as the notebooks write them (to a temporary folder outside the project,
removed at the end) and read by a fresh process, as the framing stage is one, with
``framelab.framing.inputs.read_inputs`` (no tokens folder, so tokens are empty).

Measured: the upstream extraction (quotes and dates separately: seconds, articles/s, counts;
peak RSS of the main process), wall time of each framing step and of the whole framing run,
peak RSS of the framing process (inputs read, then after framing), and the cost of the article
bootstrap per 1,000 resamples. Results: benchmarks/results/framing.json (and the tables in
docs/framing.md and docs/benchmarks.md).

    OMP_NUM_THREADS=1 .venv/bin/python -m benchmarks.bench_framing [--limit N] [--resamples 1000]
"""

from __future__ import annotations

import argparse
import email.utils
import json
import multiprocessing
import os
import platform
import re
import resource
import sys
import tarfile
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("FRAMELAB_SHARED", ROOT.parent / "shared"))
ANT = SHARED / "corpora" / "ant-multisource-v2.1.tar.gz"
RESULTS = ROOT / "benchmarks" / "results" / "framing.json"
FIELD = re.compile(r"<(DOCNO|SRC|TIME|TEXT)>\s*(.*?)\s*</\1>", re.S)


def read_ant(limit: int | None = None) -> pd.DataFrame:
    """The ANT articles as a clean-like table (article_id, outlet, language, published, text)."""
    rows = []
    with tarfile.open(ANT, "r:gz") as archive:
        for member in archive:
            if not member.isfile() or not member.name.endswith(".txt"):
                continue
            raw = archive.extractfile(member).read().decode("utf-8", errors="replace")
            fields = dict(FIELD.findall(raw))
            try:
                published = email.utils.parsedate_to_datetime(fields.get("TIME", "")).strftime(
                    "%Y-%m-%d"
                )
            except (TypeError, ValueError):
                published = None
            rows.append(
                (
                    "ant:" + fields.get("DOCNO", member.name),
                    fields.get("SRC", "").lower(),
                    published,
                    fields.get("TEXT", ""),
                )
            )
            if limit and len(rows) >= limit:
                break
    clean = pd.DataFrame(rows, columns=["article_id", "outlet", "published", "text"])
    clean["language"] = "ar"
    clean["meta"] = "{}"
    clean["n_words"] = clean["text"].str.count(r"\w+")
    return clean


def upstream_tables(clean: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, Any]]:
    """The quotes and dates stages on ``clean`` as the pipeline runs them (params.yaml sections,
    no tokens or entities tables: the rule path of a machine without Stanza models), timed."""
    from framelab.dates import run_dates
    from framelab.project import resolve, stage_params
    from framelab.quotes import run_quotes

    quote_params, date_params = stage_params("quotes", ROOT), stage_params("dates", ROOT)
    if quote_params.get("cue_lexicon"):
        quote_params["cue_lexicon"] = str(resolve(quote_params["cue_lexicon"], ROOT))
    if date_params.get("lexicon"):
        date_params["lexicon"] = str(resolve(date_params["lexicon"], ROOT))
    start = time.perf_counter()
    quoted = run_quotes(clean, None, None, **quote_params)
    quotes_s = time.perf_counter() - start
    quotes_rss = peak_rss_mb()
    progress(f"quotes: {len(quoted.quotes)} in {quotes_s:.1f} s")
    start = time.perf_counter()
    dated = run_dates(clean, **date_params)
    dates_s = time.perf_counter() - start
    progress(f"timexes: {len(dated.timexes)} in {dates_s:.1f} s")
    stats = {
        "quotes": {
            "seconds": round(quotes_s, 1),
            "articles_per_s": round(len(clean) / quotes_s, 1),
            "processed": quoted.n_processed,
            "rejected": len(quoted.rejects),
            "quotes": len(quoted.quotes),
            "by_type": counts(quoted.quotes["type"]),
            "by_cue_class": counts(quoted.quotes["cue_class"]),
            "peak_rss_mb": round(quotes_rss, 1),
        },
        "dates": {
            "seconds": round(dates_s, 1),
            "articles_per_s": round(len(clean) / dates_s, 1),
            "processed": dated.n_processed,
            "rejected": len(dated.rejects),
            "timexes": len(dated.timexes),
            "by_type": counts(dated.timexes["type"]),
            "peak_rss_mb_after_quotes_and_dates": round(peak_rss_mb(), 1),
        },
        "total_s": round(quotes_s + dates_s, 1),
        "articles_per_s": round(len(clean) / (quotes_s + dates_s), 1),
    }
    return quoted.quotes, dated.timexes, stats


def write_upstream(
    folder: Path, clean: pd.DataFrame, quotes: pd.DataFrame, timexes: pd.DataFrame
) -> None:
    """The parquet files the framing stage reads: quotes and timexes as the quotes and dates
    notebooks write them (conformed to their schemas), and the clean-like table."""
    from framelab.dates import TIMEX_SCHEMA
    from framelab.io import write_table
    from framelab.quotes import QUOTES_SCHEMA

    write_table(clean, folder / "clean.parquet")
    write_table(quotes, folder / "quotes.parquet", QUOTES_SCHEMA)
    write_table(timexes, folder / "timexes.parquet", TIMEX_SCHEMA)


def measure_framing(folder: str, resamples: int) -> dict[str, Any]:
    """The framing stage as the pipeline runs it, in its own process: ``read_inputs`` on the
    written tables (no tokens folder), then ``run_framing``; times and peak RSS of this process."""
    from framelab.framing import load_actor_codebook, load_frame_codebook, run_framing
    from framelab.framing.inputs import read_inputs

    tables = Path(folder)
    start = time.perf_counter()
    inputs = read_inputs(
        tables / "clean.parquet",
        tables / "quotes.parquet",
        tables / "timexes.parquet",
        tables / "tokens",
    )
    read_s = time.perf_counter() - start
    rss_before = peak_rss_mb()
    actors = load_actor_codebook(ROOT / "data/codebooks/actors-generic.yaml")
    frames = load_frame_codebook(ROOT / "data/codebooks/frames.yaml")
    params = {"bootstrap_resamples": resamples, "actors_codebook": "", "frames_codebook": ""}
    start = time.perf_counter()
    result = run_framing(
        inputs["clean"],
        inputs["quotes"],
        inputs["timexes"],
        inputs["tokens"],
        actors,
        frames,
        params,
    )
    total = time.perf_counter() - start
    return {
        "n_quotes": len(inputs["quotes"]),
        "n_timexes": len(inputs["timexes"]),
        "read_inputs_s": round(read_s, 1),
        "framing_total_s": round(total, 2),
        "framing_steps_s": result.timings,
        "articles_per_s": round(len(inputs["clean"]) / total, 1),
        "peak_rss_mb_before_framing": round(rss_before, 1),
        "peak_rss_mb_after_framing": round(peak_rss_mb(), 1),
        "frame_hits": len(result.tables["frame_hits"]),
        "actor_mentions": len(result.tables["actor_mentions"]),
        "fightin_words_rows": len(result.tables["fightin_words"]),
        "n_speaker_groups": int(result.tables["share_of_voice"]["speaker_group"].nunique()),
    }


def counts(values: pd.Series) -> dict[str, int]:
    return {
        "null" if pd.isna(k) else str(k): int(v)
        for k, v in values.value_counts(dropna=False).items()
    }


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def peak_rss_mb() -> float:
    """Peak RSS of this process (MB): VmHWM, which starts afresh in a spawned process (Linux
    ru_maxrss carries the parent's peak over fork and exec); ru_maxrss where /proc is missing."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def bootstrap_cost(n_articles: int, n_measures: int, n_groups: int, resamples: int) -> float:
    """Seconds per 1,000 resamples for the article bootstrap of ``n_measures`` ratios."""
    from framelab.framing.stats import bootstrap_ratio_intervals

    rng = np.random.default_rng(0)
    num = rng.poisson(2, (n_articles, n_measures)).astype(float)
    den = num.sum(axis=1) + 1
    groups = np.arange(n_articles) % n_groups
    start = time.perf_counter()
    bootstrap_ratio_intervals(num, den, groups, resamples=resamples, seed=1)
    return (time.perf_counter() - start) * 1000 / resamples


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, help="only the first N ANT articles")
    parser.add_argument("--resamples", type=int, default=1000)
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    if not ANT.is_file():
        print(f"ANT corpus not found at {ANT}", file=sys.stderr)
        return 1
    load_start = round(os.getloadavg()[0], 2)  # the machine is shared: context for the timings
    t0 = time.perf_counter()
    clean = read_ant(args.limit)
    load_s = time.perf_counter() - t0
    progress(f"{len(clean)} ANT articles read in {load_s:.1f} s")
    quotes, timexes, upstream = upstream_tables(clean)
    with tempfile.TemporaryDirectory(prefix="framelab-bench-") as tmp:  # outside the project
        t0 = time.perf_counter()
        write_upstream(Path(tmp), clean, quotes, timexes)
        upstream["write_tables_s"] = round(time.perf_counter() - t0, 1)
        upstream["peak_rss_mb_after_writing"] = round(peak_rss_mb(), 1)
        del quotes, timexes
        # a fresh process, as the framing stage is in the pipeline: its peak RSS is its own
        spawn = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(1, mp_context=spawn) as pool:
            framing = pool.submit(measure_framing, tmp, args.resamples).result()
    progress(f"framing: {framing['framing_total_s']} s")
    n_speaker_groups = framing.pop("n_speaker_groups")
    report = {
        "corpus": "ANT v2.1 texts; quotes and timexes from framelab's quotes and dates stages "
        "(rule path, no Stanza tokens)",
        "n_articles": len(clean),
        "n_outlets": int(clean["outlet"].nunique()),
        "n_words": int(clean["n_words"].sum()),
        "bootstrap_resamples": args.resamples,
        "load_s": round(load_s, 1),
        "upstream": upstream,
        **framing,
        "bootstrap_s_per_1000_resamples": {
            f"{len(clean)} articles x {n} measures, {k} groups": round(
                bootstrap_cost(len(clean), n, k, 1000), 3
            )
            for n, k in ((n_speaker_groups, 5), (14, 5), (3, 5))
        },
        "machine": {
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "omp_threads": os.environ.get("OMP_NUM_THREADS"),
            "load_average_1min_at_start_end": [load_start, round(os.getloadavg()[0], 2)],
        },
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps(report, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
