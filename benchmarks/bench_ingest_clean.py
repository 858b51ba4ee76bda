"""Benchmark of ingest + clean: articles per second and peak memory on the whole ANT corpus.

The corpus (``../shared/corpora/ant-multisource-v2.1.tar.gz``, 31,526 Arabic articles, read in
place from the archive) is streamed in chunks: ``framelab.ingest.iter_article_frames`` yields
1,000 articles at a time, ``framelab.clean.Cleaner`` cleans each chunk (line statistics per chunk,
near-duplicate index across chunks) and the clean table is written as parquet parts, so memory
should not grow with the corpus. To show that, the same pipeline runs at three corpus sizes, each
in a fresh subprocess whose peak resident memory (``ru_maxrss``) is reported, together with the
resident memory right after the imports (the baseline).

Time is split into ingest (inside the ingest generator) and clean (+ writing). The machine is a
shared 2-vCPU box: absolute speeds vary with load.

Run: ``OMP_NUM_THREADS=1 .venv/bin/python benchmarks/bench_ingest_clean.py [--sizes 5000 15000 0]``
(0 = the whole corpus). Writes ``benchmarks/results/ingest_clean.json`` and prints a Markdown
section for ``docs/clean.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("OMP_NUM_THREADS", "1")

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("FRAMELAB_SHARED", ROOT.parent / "shared"))
ANT = SHARED / "corpora" / "ant-multisource-v2.1.tar.gz"
RESULTS = ROOT / "benchmarks" / "results" / "ingest_clean.json"


def _rss_mb() -> float:
    """Peak resident set size of this process so far, in MB (Linux reports KB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _current_rss_mb() -> float:
    """Resident set size right now, in MB (``/proc/self/statm``; 0 where unavailable)."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, ValueError, IndexError):
        return 0.0
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def worker(limit: int, chunk_size: int) -> dict[str, Any]:
    """Stream ``limit`` articles (0 = all) through ingest and clean; return the measurements."""
    import logging

    logging.disable(logging.WARNING)
    from framelab.clean import CLEAN_SCHEMA, Cleaner
    from framelab.ingest import iter_article_frames
    from framelab.io import PartWriter
    from framelab.project import stage_params

    params = stage_params("clean", ROOT)
    ingest_params = {
        k: v
        for k, v in stage_params("ingest", ROOT).items()
        if k in ("candidate_languages", "default_language", "max_file_mb")
    }
    cleaner = Cleaner(**params)
    baseline = _rss_mb()
    n_in = n_clean = n_rejected = n_ingest_rejected = n_dups = n_chunks = 0
    rss_by_chunk: list[float] = []
    t_ingest = t_clean = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        writer = PartWriter(Path(tmp) / "clean", CLEAN_SCHEMA)
        frames = iter_article_frames([ANT], chunk_size=chunk_size, **ingest_params)
        t0 = time.perf_counter()
        while True:
            t = time.perf_counter()
            try:
                articles, rejects = next(frames)
            except StopIteration:
                break
            t_ingest += time.perf_counter() - t
            if limit and n_in + len(articles) > limit:
                articles = articles.iloc[: limit - n_in]
            t = time.perf_counter()
            result = cleaner.clean(articles)
            writer.write(result.clean)
            t_clean += time.perf_counter() - t
            n_in += len(articles)
            n_clean += len(result.clean)
            n_rejected += len(result.rejects)
            n_ingest_rejected += len(rejects)
            n_dups += int(result.clean["is_duplicate"].fillna(False).sum())
            n_chunks += 1
            del articles, rejects, result
            rss_by_chunk.append(round(_current_rss_mb(), 1))
            if limit and n_in >= limit:
                break
        writer.close()
        total = time.perf_counter() - t0
    return {
        "articles": n_in,
        "ingest_rejected": n_ingest_rejected,
        "chunks": n_chunks,
        "clean": n_clean,
        "clean_rejected": n_rejected,
        "near_duplicates": n_dups,
        "seconds_total": round(total, 2),
        "seconds_ingest": round(t_ingest, 2),
        "seconds_clean": round(t_clean, 2),
        "articles_per_s": round(n_in / total, 1) if total else None,
        "ingest_articles_per_s": round(n_in / t_ingest, 1) if t_ingest else None,
        "clean_articles_per_s": round(n_in / t_clean, 1) if t_clean else None,
        "rss_after_imports_mb": round(baseline, 1),
        "peak_rss_mb": round(_rss_mb(), 1),
        "rss_after_first_chunk_mb": rss_by_chunk[0] if rss_by_chunk else None,
        "rss_after_last_chunk_mb": rss_by_chunk[-1] if rss_by_chunk else None,
        "rss_after_each_chunk_mb": rss_by_chunk,
    }


def run_size(limit: int, chunk_size: int) -> dict[str, Any]:
    cmd = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--worker",
        "--limit",
        str(limit),
        "--chunk-size",
        str(chunk_size),
    ]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True, cwd=ROOT)
    return json.loads(out.stdout.strip().splitlines()[-1])


def markdown(result: dict[str, Any]) -> str:
    lines = [
        "| articles | total s | articles/s (ingest+clean) | ingest art/s | clean art/s "
        "| RSS after imports MB | RSS after 1st / last chunk MB | peak RSS MB |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in result["runs"]:
        lines.append(
            f"| {r['articles']:,} | {r['seconds_total']} | {r['articles_per_s']} | "
            f"{r['ingest_articles_per_s']} | {r['clean_articles_per_s']} | "
            f"{r['rss_after_imports_mb']} | {r['rss_after_first_chunk_mb']} / "
            f"{r['rss_after_last_chunk_mb']} | {r['peak_rss_mb']} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes",
        type=int,
        nargs="+",
        default=[5000, 15000, 0],
        help="corpus sizes in articles (0 = all)",
    )
    parser.add_argument("--chunk-size", type=int, default=1000)
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--limit", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if not ANT.is_file():
        print(f"skipped: {ANT} not found (set FRAMELAB_SHARED)", file=sys.stderr)
        return 0
    if args.worker:
        print(json.dumps(worker(args.limit, args.chunk_size)))
        return 0
    runs = []
    for size in args.sizes:
        print(f"-- {size or 'all'} articles ...", flush=True)
        runs.append(run_size(size, args.chunk_size))
        print(json.dumps(runs[-1]), flush=True)
    result = {
        "benchmark": "ingest + clean, streamed in chunks",
        "corpus": str(ANT.name),
        "chunk_size": args.chunk_size,
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
        },
        "runs": runs,
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(markdown(result))
    print(f"wrote {RESULTS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
