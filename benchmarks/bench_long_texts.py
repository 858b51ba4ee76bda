"""Benchmark: time against text length for the clean, quotes and dates stages (10 KB to 10 MB).

One article of 10 KB, 100 KB, 1 MB and 10 MB of real news text, built by concatenating ANT
(Arabic) article bodies and, with ``--languages ar en``, AllSides (English) ones from
``../shared/corpora``, in two shapes: ``lines`` (the articles' own line breaks) and ``one_line``
(every line break replaced by a space: the 8-14 MB single-line texts scrapers sometimes produce).
Each stage runs on each text in its own process, with a time limit (``--limit`` seconds of wall
time, default 600): a run past the limit is stopped and recorded as such. ``seconds`` is the CPU
time of the measured call (stable on a shared machine), ``wall_s`` its wall time. Whatever framelab is installed is
measured: rerun it after changes to the stages.

* clean: ``clean_articles`` on a one-article table (``raw_format=text``, params.yaml's ``clean``);
* quotes: ``run_quotes`` (rule path, no Stanza tables) on the text as a clean table row;
* dates: ``extract_timexes`` (patterns compiled before timing).

A stage that is linear in the text length takes about 10x longer per 10x more text (the
``per_mb`` column stays flat); a quadratic one 100x.

Run: ``OMP_NUM_THREADS=1 .venv/bin/python benchmarks/bench_long_texts.py [--sizes 10000 100000
1000000 10000000] [--stages clean quotes dates] [--shapes lines one_line] [--languages ar]
[--limit 600]``. Writes ``benchmarks/results/long_texts.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("OMP_NUM_THREADS", "1")

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("FRAMELAB_SHARED", ROOT.parent / "shared"))
CORPORA = {
    "ar": (SHARED / "corpora" / "ant-multisource-v2.1.tar.gz", "ant"),
    "en": (SHARED / "corpora" / "allsides-world-politics.tar.gz", "allsides"),
}
RESULTS = ROOT / "benchmarks" / "results" / "long_texts.json"
SIZES = (10_000, 100_000, 1_000_000, 10_000_000)


def build_text(language: str, size: int) -> str:
    """``size`` characters of article bodies of the language's corpus, in corpus order."""
    from framelab.ingest import iter_records

    archive, layout = CORPORA[language]
    parts: list[str] = []
    total = 0
    for record in iter_records([archive], layout=layout, default_language=language):
        raw = record.get("raw")
        if not raw:
            continue
        parts.append(raw.strip())
        total += len(raw) + 2
        if total >= size:
            break
    text = "\n\n".join(parts)
    while len(text) < size:  # a corpus smaller than the size: repeat it
        text = text + "\n\n" + text
    return text[:size]


def run_one(stage: str, text_path: Path, language: str) -> dict[str, Any]:
    """Time one stage on one text (in this process)."""
    import pandas as pd

    text = text_path.read_text(encoding="utf-8")
    row = {
        "article_id": "long",
        "language": language,
        "published": "2018-06-01",
        "source_path": "long.txt",
        "outlet": "bench",
    }
    if stage == "clean":
        from framelab.clean import clean_articles
        from framelab.project import stage_params

        params = stage_params("clean", ROOT)
        frame = pd.DataFrame([{**row, "raw": text, "raw_format": "text"}])
        clean_articles(pd.DataFrame([{**row, "raw": "warm up\n", "raw_format": "text"}]), **params)
        clock = _Clock()
        result = clean_articles(frame, **params)
        found = int(result.clean["n_chars"].sum()) if len(result.clean) else 0
        return {**clock.stop(), "output": f"{found} clean characters"}
    if stage == "quotes":
        from framelab.quotes import run_quotes

        frame = pd.DataFrame([{**row, "text": text}])
        run_quotes(pd.DataFrame([{**row, "text": "warm up."}]), None, None)
        clock = _Clock()
        result = run_quotes(frame, None, None)
        return {**clock.stop(), "output": f"{len(result.quotes)} quotes"}
    from framelab.dates import extract_timexes, load_grammar

    load_grammar(language)
    clock = _Clock()
    found = extract_timexes(text, language, "2018-06-01")
    return {**clock.stop(), "output": f"{len(found)} timexes"}


class _Clock:
    """CPU seconds of this process (stable on a shared machine) and wall seconds."""

    def __init__(self) -> None:
        self.cpu, self.wall = time.process_time(), time.perf_counter()

    def stop(self) -> dict[str, float]:
        return {
            "seconds": round(time.process_time() - self.cpu, 3),
            "wall_s": round(time.perf_counter() - self.wall, 3),
        }


def measure(stage: str, text_path: Path, language: str, limit: float) -> dict[str, Any]:
    cmd = [sys.executable, __file__, "--one", stage, str(text_path), language]
    start = time.perf_counter()
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=limit)
    except subprocess.TimeoutExpired:
        return {"seconds": None, "stopped_after_wall_s": limit}
    if proc.returncode:
        tail = proc.stderr.strip().splitlines()[-1:] or [f"exit {proc.returncode}"]
        return {"seconds": None, "error": tail[0], "wall_s": time.perf_counter() - start}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--one", nargs=3, metavar=("STAGE", "TEXT", "LANG"), help=argparse.SUPPRESS)
    parser.add_argument("--sizes", nargs="*", type=int, default=list(SIZES))
    parser.add_argument("--stages", nargs="*", default=["clean", "quotes", "dates"])
    parser.add_argument("--shapes", nargs="*", default=["lines", "one_line"])
    parser.add_argument("--languages", nargs="*", default=["ar"])
    parser.add_argument("--limit", type=float, default=600.0, help="seconds per measurement")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    if args.one:
        stage, text_path, language = args.one
        print(json.dumps(run_one(stage, Path(text_path), language)))
        return 0
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="framelab-long-") as tmp:
        for language in args.languages:
            base = build_text(language, max(args.sizes))
            for shape in args.shapes:
                for size in sorted(args.sizes):
                    text = base[:size]
                    if shape == "one_line":
                        text = " ".join(text.split("\n"))
                    path = Path(tmp) / f"{language}-{shape}-{size}.txt"
                    path.write_text(text, encoding="utf-8")
                    for stage in args.stages:
                        result = measure(stage, path, language, args.limit)
                        seconds = result.get("seconds")
                        row = {
                            "stage": stage,
                            "language": language,
                            "shape": shape,
                            "chars": len(text),
                            **result,
                            "per_mb_s": round(seconds / (len(text) / 1e6), 2) if seconds else None,
                        }
                        rows.append(row)
                        shown = f"{seconds:.2f} s" if seconds is not None else json.dumps(result)
                        print(
                            f"{stage:6s} {language} {shape:8s} {len(text):>10,} chars  {shown}",
                            flush=True,
                        )
    summary = {
        "machine": f"{platform.machine()}, {os.cpu_count()} vCPU (shared), Python {platform.python_version()}",
        "limit_s": args.limit,
        "rows": rows,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(summary, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
