"""Benchmark of the annotate stage on ANT (Arabic news) with the small test models in ../shared/stanza.

All figures are measured with the SMALL TEST MODELS of ../shared/stanza, not the official Stanza
models, on a shared 2-vCPU machine with OMP_NUM_THREADS=1; absolute speeds say little, the ratios
(overhead, rerun cost, memory growth) are the point.

1. throughput: framelab's ``annotate_articles`` vs a plain loop ``for t in texts: nlp(t)`` and a
   plain ``nlp.bulk_process(texts)`` on the same texts and the same pipeline object (one run each,
   alternated; pipeline building excluded from all three); ``--only throughput_all`` repeats it
   with all six processors;
2. rerun cost: first run over a 2,000-article ANT sample, then a rerun after adding 1% new articles
   (only those go through Stanza) and an unchanged rerun;
3. memory of a fresh process annotating two corpus sizes: peak RSS and RSS sampled every 0.5 s;
4. a 1 MB (UTF-8) single-paragraph Arabic article: chunking, time, peak memory.

Run: ``OMP_NUM_THREADS=1 .venv/bin/python benchmarks/bench_annotate.py`` (about 5-10 minutes).
Writes ``benchmarks/results/annotate.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("FRAMELAB_SHARED", ROOT.parent / "shared"))
ANT = SHARED / "corpora" / "ant-multisource-v2.1.tar.gz"
MODELS = SHARED / "stanza"
RESULTS = ROOT / "benchmarks" / "results" / "annotate.json"
MODEL_NOTE = "small test models of ../shared/stanza (NOT official Stanza models)"

THROUGHPUT_ARTICLES = 120
THROUGHPUT_PROCESSORS = "tokenize,mwt,pos"
THROUGHPUT_ROUNDS = 3
ALL_PROCESSORS = "tokenize,mwt,pos,lemma,depparse,ner"
RERUN_ARTICLES = 2000
RERUN_NEW = 20  # 1%
RERUN_PROCESSORS = "tokenize,mwt"
MEMORY_SIZES = (2000, 10000)
BIG_ARTICLE_BYTES = 1_000_000

_TEXT = re.compile(r"<TEXT>\s*(.*?)\s*</TEXT>", re.S)
_DOCNO = re.compile(r"<DOCNO>\s*(.*?)\s*</DOCNO>")


def load_ant_sample(n: int, pool: int = RERUN_ARTICLES + RERUN_NEW):
    """The first ``n`` of a fixed pool of ANT articles spread evenly over the archive (outlets,
    categories) and shuffled with a fixed seed, so that the sample of n is a prefix of the sample of
    n + k. A clean-like table: article_id, outlet, language, text (paragraphs joined by blank lines).
    """
    import random

    import pandas as pd

    with tarfile.open(ANT) as tar:
        members = sorted(
            (m for m in tar if m.isfile() and m.name.endswith(".txt")), key=lambda m: m.name
        )
    size = max(n, pool)
    chosen = [m.name for m in members[:: max(1, len(members) // size)]]
    random.Random(20231128).shuffle(chosen)
    wanted = set(chosen[: int(n * 1.05) + 10])  # a few spare for unreadable members
    texts: dict[str, dict] = {}
    with tarfile.open(ANT) as tar:  # one sequential pass (a .tar.gz does not seek cheaply)
        for member in tar:
            if member.name not in wanted:
                continue
            raw = tar.extractfile(member).read().decode("utf-8", "replace")
            body, docno = _TEXT.search(raw), _DOCNO.search(raw)
            if body and docno:
                paragraphs = [p.strip() for p in body.group(1).splitlines() if p.strip()]
                texts[member.name] = {
                    "article_id": f"ant:{docno.group(1)}",
                    "outlet": member.name.split("/")[1],
                    "language": "ar",
                    "text": "\n\n".join(paragraphs),
                }
    rows = [texts[name] for name in chosen if name in texts][:n]
    return pd.DataFrame(rows)


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def params(processors: str, cache_dir: Path | None, **extra) -> dict:
    return {
        **extra,
        "languages": ["ar"],
        "processors": processors,
        "models_dir": str(MODELS),
        "threads": 1,
        "batch_docs": 16,
        "cache_dir": str(cache_dir) if cache_dir else None,
    }


# --- measurements (each may run in its own process) ----------------------------------------------


def measure_throughput(tmp: Path, processors: str = THROUGHPUT_PROCESSORS) -> dict:
    """Wall and CPU seconds of three ways to annotate the same texts with the same pipeline object,
    alternated THROUGHPUT_ROUNDS times in rotating order (the machine is shared: the best round of
    each is compared). Also framelab's time outside Stanza's bulk calls within each of its runs,
    a ratio that does not depend on the machine's load."""
    from stanza.models.common.doc import Document

    from framelab.nlp import annotate_articles, build_pipeline

    clean = load_ant_sample(THROUGHPUT_ARTICLES)
    texts = clean["text"].tolist()
    nlp = build_pipeline("ar", params(processors, None))
    nlp(texts[0])  # warm-up
    words = 0
    inside_stanza: list[float] = []

    def plain_loop() -> None:
        for text in texts:
            nlp(text)

    def plain_bulk() -> None:
        for begin in range(0, len(texts), 16):
            nlp.bulk_process([Document([], text=t) for t in texts[begin : begin + 16]])

    def framelab_stage() -> None:
        nonlocal words
        out = tmp / f"tp-{len(inside_stanza)}"  # fresh cache: everything is annotated
        summary = annotate_articles(
            clean,
            params(processors, out / "cache"),
            out / "t",
            out / "e",
            out / "s.parquet",
            progress=False,
        )
        assert summary["n_annotated"] + summary["n_cached"] == len(clean)
        words = summary["n_words"]
        inside_stanza.append(summary["stanza_seconds"])

    ways = {"plain_loop": plain_loop, "plain_bulk": plain_bulk, "framelab": framelab_stage}
    wall: dict[str, list[float]] = {k: [] for k in ways}
    cpu: dict[str, list[float]] = {k: [] for k in ways}
    order = list(ways)
    for round_no in range(THROUGHPUT_ROUNDS):
        for name in order[round_no % 3 :] + order[: round_no % 3]:
            w0, c0 = time.perf_counter(), time.process_time()
            ways[name]()
            wall[name].append(time.perf_counter() - w0)
            cpu[name].append(time.process_time() - c0)
    best_wall = {k: min(v) for k, v in wall.items()}
    best_cpu = {k: min(v) for k, v in cpu.items()}
    outside = [w - s for w, s in zip(wall["framelab"], inside_stanza, strict=True)]
    return {
        "articles": len(clean),
        "chars": int(clean["text"].str.len().sum()),
        "words": words,
        "processors": processors,
        "rounds": THROUGHPUT_ROUNDS,
        "wall_seconds_all_rounds": {k: [round(x, 2) for x in v] for k, v in wall.items()},
        "cpu_seconds_all_rounds": {k: [round(x, 2) for x in v] for k, v in cpu.items()},
        "words_per_second_best_wall": {k: round(words / v) for k, v in best_wall.items()},
        "ratio_wall_framelab_over_plain_loop": round(
            best_wall["framelab"] / best_wall["plain_loop"], 3
        ),
        "ratio_wall_framelab_over_plain_bulk": round(
            best_wall["framelab"] / best_wall["plain_bulk"], 3
        ),
        "ratio_cpu_framelab_over_plain_loop": round(
            best_cpu["framelab"] / best_cpu["plain_loop"], 3
        ),
        "ratio_cpu_framelab_over_plain_bulk": round(
            best_cpu["framelab"] / best_cpu["plain_bulk"], 3
        ),
        "framelab_seconds_outside_stanza_calls": [round(x, 2) for x in outside],
        "framelab_overhead_outside_stanza_calls": round(
            min(o / s for o, s in zip(outside, inside_stanza, strict=True)), 4
        ),
    }


class RssSampler:
    """Samples this process's resident memory every ``interval`` seconds in a thread (peak RSS
    alone reflects the single heaviest Stanza batch; the samples show whether memory accumulates)."""

    def __init__(self, interval: float = 0.5) -> None:
        import threading

        self.interval = interval
        self.samples: list[float] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    @staticmethod
    def current_mb() -> float:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self.samples.append(self.current_mb())

    def __enter__(self) -> RssSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def summary(self) -> dict:
        import statistics

        data = self.samples or [self.current_mb()]
        ordered = sorted(data)
        return {
            "rss_mb_max": round(max(data), 1),
            "rss_mb_median": round(statistics.median(data), 1),
            "rss_mb_p95": round(ordered[int(0.95 * (len(ordered) - 1))], 1),
            "rss_mb_median_first_half": round(statistics.median(data[: max(1, len(data) // 2)]), 1),
            "rss_mb_median_second_half": round(statistics.median(data[len(data) // 2 :]), 1),
            "rss_samples": len(self.samples),
        }


def measure_run(n: int, processors: str, cache_dir: Path, out: Path, extra: int = 0) -> dict:
    """One stage run over the first ``n`` (+ ``extra``) sample articles, in this process, reading
    the clean table in pieces from parquet as the notebook does (the sample is written to
    ``out/clean.parquet`` and dropped from memory first)."""
    import gc

    from framelab.io import iter_table_batches, write_table
    from framelab.nlp import annotate_articles
    from framelab.nlp.sinks import release_freed_memory

    clean = load_ant_sample(n + extra)
    sample = {
        "articles": len(clean),
        "chars": int(clean["text"].str.len().sum()),
        "longest_article_chars": int(clean["text"].str.len().max()),
    }
    out.mkdir(parents=True, exist_ok=True)
    write_table(clean, out / "clean.parquet")
    del clean
    gc.collect()
    release_freed_memory()
    rss_before = peak_rss_mb()
    rss_now = RssSampler.current_mb()
    with RssSampler() as sampler:
        start = time.perf_counter()
        summary = annotate_articles(
            iter_table_batches(out / "clean.parquet", ["article_id", "language", "text"]),
            params(processors, cache_dir),
            out / "t",
            out / "e",
            out / "s.parquet",
            progress=False,
        )
        seconds = time.perf_counter() - start
    return {
        **sample,
        "seconds": round(seconds, 2),
        "annotated": summary["n_annotated"],
        "cached": summary["n_cached"],
        "words": summary["n_words"],
        "stanza_seconds": summary["stanza_seconds"],
        "pipeline_build_seconds": summary["pipeline_build_seconds"],
        "peak_rss_mb_before_run": round(rss_before, 1),
        "rss_mb_at_start": round(rss_now, 1),
        "peak_rss_mb": round(peak_rss_mb(), 1),
        **sampler.summary(),
    }


def measure_plain_run(n: int, processors: str) -> dict:
    """Plain Stanza on the same first ``n`` articles (bulk calls of 16, no framelab), for memory.
    torch's own oneDNN settings (framelab's ``onednn_cache_capacity`` is not applied)."""
    from stanza.models.common.doc import Document

    from framelab.nlp import build_pipeline

    texts = load_ant_sample(n)["text"].tolist()
    nlp = build_pipeline("ar", params(processors, None, onednn_cache_capacity=None))
    rss_before = peak_rss_mb()
    with RssSampler() as sampler:
        start = time.perf_counter()
        for begin in range(0, len(texts), 16):
            nlp.bulk_process([Document([], text=t) for t in texts[begin : begin + 16]])
        seconds = time.perf_counter() - start
    return {
        "articles": len(texts),
        "seconds": round(seconds, 2),
        "peak_rss_mb_before_run": round(rss_before, 1),
        "peak_rss_mb": round(peak_rss_mb(), 1),
        **sampler.summary(),
    }


def measure_big_article(tmp: Path) -> dict:
    import pandas as pd

    from framelab.nlp import annotate_articles, split_for_stanza

    sample = load_ant_sample(400)
    paragraph = " ".join(t.replace("\n\n", " ") for t in sample["text"])
    while len(paragraph.encode("utf-8")) < BIG_ARTICLE_BYTES:
        paragraph += " " + paragraph
    text = paragraph.encode("utf-8")[:BIG_ARTICLE_BYTES].decode("utf-8", "ignore").rstrip()
    clean = pd.DataFrame([{"article_id": "big", "outlet": "ANT", "language": "ar", "text": text}])
    p = {**params("tokenize", None), "max_chunk_chars": 20000}
    rss_before = peak_rss_mb()
    start = time.perf_counter()
    summary = annotate_articles(clean, p, tmp / "t", tmp / "e", tmp / "s.parquet", progress=False)
    seconds = time.perf_counter() - start
    return {
        "chars": len(text),
        "utf8_bytes": len(text.encode("utf-8")),
        "chunks": len(split_for_stanza(text, 20000)),
        "processors": "tokenize (+mwt, added by Stanza for Arabic)",
        "seconds": round(seconds, 1),
        "sentences": summary["n_sentences"],
        "words": summary["n_words"],
        "offset_mismatches": summary["offset_mismatches"],
        "annotated": summary["n_annotated"] == 1,
        "peak_rss_mb_before_run": round(rss_before, 1),
        "peak_rss_mb": round(peak_rss_mb(), 1),
    }


# --- orchestration ---------------------------------------------------------------------------------


def in_subprocess(task: str, **kwargs) -> dict:
    """Run one measurement in a fresh Python (clean peak-RSS accounting)."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", task, json.dumps(kwargs)]
    proc = subprocess.run(
        cmd, capture_output=True, text=True, env={**os.environ, "OMP_NUM_THREADS": "1"}
    )
    if proc.returncode != 0:
        raise RuntimeError(f"worker {task} failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def worker(task: str, kwargs: dict) -> dict:
    import torch

    torch.set_num_threads(1)
    if task == "throughput":
        return measure_throughput(
            Path(kwargs["tmp"]), kwargs.get("processors", THROUGHPUT_PROCESSORS)
        )
    if task == "run":
        return measure_run(
            kwargs["n"],
            kwargs["processors"],
            Path(kwargs["cache"]),
            Path(kwargs["out"]),
            kwargs.get("extra", 0),
        )
    if task == "plain_run":
        return measure_plain_run(kwargs["n"], kwargs["processors"])
    if task == "big":
        return measure_big_article(Path(kwargs["tmp"]))
    raise ValueError(task)


def run_worker(n: int, cache: Path, out: Path, extra: int = 0) -> dict:
    return in_subprocess(
        "run", n=n, extra=extra, processors=RERUN_PROCESSORS, cache=str(cache), out=str(out)
    )


def rerun_results(first: dict, added: dict, unchanged: dict) -> dict:
    def without_build(run: dict) -> float:
        return run["seconds"] - run["pipeline_build_seconds"]

    return {
        "processors": RERUN_PROCESSORS,
        "first_run": first,
        "after_adding_1_percent": added,
        "unchanged_rerun": unchanged,
        "ratio_rerun_after_adding_over_first": round(added["seconds"] / first["seconds"], 4),
        "ratio_rerun_after_adding_over_first_excluding_pipeline_build": round(
            without_build(added) / without_build(first), 4
        ),
        "ratio_unchanged_rerun_over_first": round(unchanged["seconds"] / first["seconds"], 4),
        "note": "seconds of annotate_articles in a fresh process (pipeline build = Stanza/torch "
        "import + model loading, included unless stated; process start and ANT reading excluded)",
    }


def memory_results(runs: dict[int, dict], plain: dict[int, dict]) -> dict:
    """framelab's memory at two corpus sizes, next to plain Stanza on the same articles."""

    def per_size(source: dict[int, dict], key: str) -> dict:
        return {str(size): run[key] for size, run in sorted(source.items())}

    small, large = sorted(runs)
    return {
        "processors": RERUN_PROCESSORS,
        "framelab_peak_rss_mb": per_size(runs, "peak_rss_mb"),
        "framelab_rss_mb_max_sampled": per_size(runs, "rss_mb_max"),
        "plain_stanza_rss_mb_max_sampled": per_size(plain, "rss_mb_max"),
        "plain_stanza_peak_rss_mb": per_size(plain, "peak_rss_mb"),
        "framelab_rss_mb_median": per_size(runs, "rss_mb_median"),
        "plain_stanza_rss_mb_median": per_size(plain, "rss_mb_median"),
        "framelab_rss_mb_p95": per_size(runs, "rss_mb_p95"),
        "plain_stanza_rss_mb_p95": per_size(plain, "rss_mb_p95"),
        "framelab_rss_mb_median_first_half": per_size(runs, "rss_mb_median_first_half"),
        "framelab_rss_mb_median_second_half": per_size(runs, "rss_mb_median_second_half"),
        "plain_stanza_rss_mb_median_first_half": per_size(plain, "rss_mb_median_first_half"),
        "plain_stanza_rss_mb_median_second_half": per_size(plain, "rss_mb_median_second_half"),
        "peak_rss_mb_before_annotating": per_size(runs, "peak_rss_mb_before_run"),
        "framelab_peak_minus_plain_peak_mb": {
            str(size): round(runs[size]["peak_rss_mb"] - plain[size]["peak_rss_mb"], 1)
            for size in sorted(runs)
        },
        "framelab_peak_growth_ratio": round(
            runs[large]["peak_rss_mb"] / runs[small]["peak_rss_mb"], 3
        ),
        "plain_stanza_peak_growth_ratio": round(
            plain[large]["peak_rss_mb"] / plain[small]["peak_rss_mb"], 3
        ),
        "note": "RSS of fresh processes that read the sample and annotate it (framelab: empty "
        "cache; the clean table streamed from parquet), sampled every 0.5 s; 'before' is the peak "
        "RSS of building the sample from the archive, before annotating. framelab caps oneDNN's primitive "
        "cache (nlp.onednn_cache_capacity), fixes glibc's mmap threshold and returns freed memory "
        "to the OS; plain Stanza runs with torch's defaults",
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--worker", nargs=2, metavar=("TASK", "JSON"), help=argparse.SUPPRESS)
    parser.add_argument(
        "--only",
        choices=["throughput", "throughput_all", "rerun", "memory", "big"],
        action="append",
        help="throughput_all: the throughput comparison with all six processors "
        f"({ALL_PROCESSORS}; not in the default set, it takes several minutes)",
    )
    parser.add_argument(
        "--memory-sizes",
        nargs=2,
        type=int,
        metavar="N",
        help=f"two corpus sizes for the memory runs (default {MEMORY_SIZES[0]} {MEMORY_SIZES[1]}); "
        "each gets a framelab and a plain-Stanza run (the rerun's first run is reused when it fits)",
    )
    args = parser.parse_args(argv)
    if args.worker:
        print(json.dumps(worker(args.worker[0], json.loads(args.worker[1]))))
        return 0
    if not (ANT.is_file() and (MODELS / "resources.json").is_file()):
        print(f"needs {ANT} and {MODELS}", file=sys.stderr)
        return 1
    only = set(args.only or ["throughput", "rerun", "memory", "big"])
    results = json.loads(RESULTS.read_text()) if RESULTS.is_file() else {}
    results.update(
        {
            "models": MODEL_NOTE,
            "machine": f"{os.cpu_count()} CPUs (shared), OMP_NUM_THREADS=1, torch threads 1",
            "corpus": "ANT multi-source v2.1 (Arabic), articles spread evenly over the archive",
        }
    )
    with tempfile.TemporaryDirectory(prefix="bench-annotate-") as tmp_name:
        tmp = Path(tmp_name)
        if "throughput" in only:
            results["throughput"] = in_subprocess("throughput", tmp=str(tmp))
            print("throughput", json.dumps(results["throughput"]), flush=True)
        if "throughput_all" in only:
            results["throughput_all_processors"] = in_subprocess(
                "throughput", tmp=str(tmp), processors=ALL_PROCESSORS
            )
            print("throughput_all", json.dumps(results["throughput_all_processors"]), flush=True)
        if "rerun" in only:
            first = run_worker(RERUN_ARTICLES, tmp / "rerun-cache", tmp / "o1")
            added = run_worker(RERUN_ARTICLES, tmp / "rerun-cache", tmp / "o2", extra=RERUN_NEW)
            unchanged = run_worker(RERUN_ARTICLES, tmp / "rerun-cache", tmp / "o3", extra=RERUN_NEW)
            results["rerun"] = rerun_results(first, added, unchanged)
            print("rerun", json.dumps(results["rerun"]), flush=True)
        if "memory" in only:
            sizes = tuple(args.memory_sizes or MEMORY_SIZES)
            runs = {
                n: first
                if ("rerun" in only and n == RERUN_ARTICLES)
                else run_worker(n, tmp / f"mem-cache-{n}", tmp / f"mem-{n}")
                for n in sizes
            }
            plain = {n: in_subprocess("plain_run", n=n, processors=RERUN_PROCESSORS) for n in sizes}
            key = f"memory_{sizes[0]}_vs_{sizes[1]}"
            results[key] = memory_results(runs, plain)
            print(key, json.dumps(results[key]), flush=True)
        if "big" in only:
            results["big_article"] = in_subprocess("big", tmp=str(tmp))
            print("big", json.dumps(results["big_article"]), flush=True)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {RESULTS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
