"""Per-article stages in-process vs on a local Dask cluster: articles/s and CPU cost per article.

A seeded sample of ANT articles (``../shared/corpora/ant-multisource-v2.1.tar.gz``, text used as
the clean text, language ``ar``) runs through quotes and dates, and a smaller sample through
annotate with the small Stanza models in ``../shared/stanza``, three ways:

* in-process (``compute.scheduler: in-process``): wall seconds and CPU seconds of this process;
* a LocalCluster of 1 and of 2 single-threaded worker processes (started before timing; its
  start-up is reported apart), through the same ``framelab.compute`` runner the notebooks use.

Every run's tables are checked equal to the in-process ones. ``overhead_share`` of the 1-worker
cluster is (wall(1 worker) - wall(in-process)) / wall(1 worker): scheduling, serialisation and
moving the partitions, as a share of stage time. The speed-up is wall(in-process) / wall(2 workers):
it can only approach 2 when two cores are free (the load average is recorded with the results).

Run: ``OMP_NUM_THREADS=1 .venv/bin/python -m benchmarks.bench_scaling [--articles 2000]
[--annotate 60] [--seed 15]``. Writes ``benchmarks/results/scaling.json``.
"""

from __future__ import annotations

import argparse
import os
import platform
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("FRAMELAB_SHARED", ROOT.parent / "shared"))
ANT = SHARED / "corpora" / "ant-multisource-v2.1.tar.gz"
STANZA = SHARED / "stanza"
RESULTS = ROOT / "benchmarks" / "results" / "scaling.json"
POOL = 3000  # articles read from the start of the corpus, sampled from with the seed


def load_sample(n: int, seed: int) -> pd.DataFrame:
    """``n`` ANT articles drawn with ``seed`` from the first :data:`POOL` as a clean-like table."""
    from framelab.ingest import iter_article_frames

    frames, total = [], 0
    for articles, _ in iter_article_frames(
        [ANT], chunk_size=1000, layout="ant", default_language="ar"
    ):
        frames.append(articles)
        total += len(articles)
        if total >= POOL:
            break
    pool = pd.concat(frames, ignore_index=True)
    df = pool.sample(n=min(n, len(pool)), random_state=seed).reset_index(drop=True)
    return pd.DataFrame(
        {
            "article_id": df["article_id"].astype(str),
            "language": "ar",
            "published": df["published"],
            "text": df["raw"].fillna(""),
        }
    )


def timed(call: Callable[[], Any]) -> tuple[Any, float, float]:
    """``call()``'s result, wall seconds and this process's CPU seconds."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = call()
    return result, time.perf_counter() - wall, time.process_time() - cpu


def quotes_call(clean: pd.DataFrame, settings: dict[str, Any]) -> Callable[[], Any]:
    from framelab.compute import run_partitioned
    from framelab.quotes import run_quotes

    return lambda: run_partitioned(
        run_quotes,
        clean,
        settings=settings,
        stage="quotes",
        progress=False,
        side_tables={"tokens_df": None, "entities_df": None},
    ).quotes


def dates_call(clean: pd.DataFrame, settings: dict[str, Any]) -> Callable[[], Any]:
    from framelab.compute import run_partitioned
    from framelab.dates import run_dates

    return lambda: run_partitioned(
        run_dates, clean, settings=settings, stage="dates", progress=False
    ).timexes


def annotate_call(clean: pd.DataFrame, settings: dict[str, Any]) -> Callable[[], Any]:
    from framelab.io import read_table
    from framelab.nlp import annotate_articles

    params = {"models_dir": str(STANZA), "threads": 1, "cache_dir": None, "languages": ["ar"]}

    def call() -> Any:
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp)
            annotate_articles(
                clean,
                params,
                out / "tokens",
                out / "entities",
                out / "status.parquet",
                compute=settings,
                progress=False,
            )
            return read_table(out / "tokens")

    return call


def bench_stage(
    name: str,
    clean: pd.DataFrame,
    make_call: Callable[[pd.DataFrame, dict[str, Any]], Callable[[], Any]],
    clusters: dict[int, str],
    partition_size: int,
) -> dict[str, Any]:
    expected, wall, cpu = timed(make_call(clean, {"scheduler": "in-process"}))
    row: dict[str, Any] = {
        "articles": len(clean),
        "chars": int(clean["text"].str.len().sum()),
        "partition_size": partition_size,
        "in_process": {
            "seconds": round(wall, 2),
            "cpu_seconds": round(cpu, 2),
            "articles_per_s": round(len(clean) / wall, 1),
            "cpu_ms_per_article": round(1000 * cpu / len(clean), 2),
        },
    }
    for workers, address in clusters.items():
        settings = {"scheduler": address, "partition_size": partition_size}
        got, seconds, _ = timed(make_call(clean, settings))
        pd.testing.assert_frame_equal(expected, got)
        row[f"cluster_{workers}"] = {
            "seconds": round(seconds, 2),
            "articles_per_s": round(len(clean) / seconds, 1),
        }
        print(f"{name}: {workers} worker(s) {seconds:.1f} s (in-process {wall:.1f} s)", flush=True)
    if 1 in clusters:
        one = row["cluster_1"]["seconds"]
        row["overhead_share_1_worker"] = round((one - wall) / one, 3)
    if 2 in clusters:
        row["speedup_2_workers"] = round(wall / row["cluster_2"]["seconds"], 2)
    return row


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000, help="quotes and dates sample")
    parser.add_argument("--annotate", type=int, default=60, help="annotate sample (0 = skip)")
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument(
        "--partition-size", type=int, default=0, help="0 = an eighth of the sample (8 tasks)"
    )
    args = parser.parse_args(argv)

    from distributed import LocalCluster

    from framelab.io import write_json

    clean = load_sample(max(args.articles, args.annotate), args.seed)
    result: dict[str, Any] = {
        "machine": f"{platform.machine()} {os.cpu_count()} cpu, python {platform.python_version()}",
        "load_average_before": [round(x, 2) for x in os.getloadavg()],
        "sample": f"ANT, seed {args.seed}, drawn from the first {POOL} articles",
        "stages": {},
    }
    clusters: dict[int, Any] = {}
    try:
        for workers in (1, 2):
            started = time.perf_counter()
            clusters[workers] = LocalCluster(
                n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0"
            )
            result[f"cluster_{workers}_start_seconds"] = round(time.perf_counter() - started, 2)
        addresses = {w: c.scheduler_address for w, c in clusters.items()}
        sample = clean.head(args.articles)
        size = args.partition_size or max(1, len(sample) // 8)
        result["stages"]["dates"] = bench_stage("dates", sample, dates_call, addresses, size)
        result["stages"]["quotes"] = bench_stage("quotes", sample, quotes_call, addresses, size)
        if args.annotate and (STANZA / "resources.json").is_file():
            small = clean.head(args.annotate)
            result["stages"]["annotate"] = bench_stage(
                "annotate", small, annotate_call, addresses, max(1, args.annotate // 8)
            )
    finally:
        for cluster in clusters.values():
            cluster.close()
    result["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    write_json(result, RESULTS)
    print(RESULTS)
    return result


if __name__ == "__main__":
    main()
