"""Quick timing of the clean stage against text length (a linearity check, not the formal
benchmark): one article of 10 KB, 100 KB, 1 MB and 10 MB, in three shapes:

* ``short_lines``: many short lines (the shape that made the old line-neighbour search
  quadratic: 200,000 short lines took about 45 minutes);
* ``paragraphs``: prose paragraphs of a few hundred characters;
* ``one_line``: the whole text on a single line.

Each text is cleaned alone and, for the outlet-level rules, together with 20 other articles of
the same outlet that share a repeated sentence, so learning and phrase matching run too. Texts
are generated from an invented word list (no corpus text). Seconds per size and the ratio to the
previous size are printed; for a linear algorithm the ratio stays near 10.

Run: ``OMP_NUM_THREADS=1 .venv/bin/python benchmarks/clean_scaling.py [--max-mb 10]``;
writes ``benchmarks/results/clean_scaling.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

import pandas as pd  # noqa: E402

from framelab.clean import Cleaner  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results" / "clean_scaling.json"
WORDS = [
    "the",
    "council",
    "said",
    "minister",
    "river",
    "harbour",
    "village",
    "budget",
    "would",
    "schedule",
    "winter",
    "bridge",
    "railway",
    "and",
    "farmers",
    "teachers",
    "of",
    "hospital",
    "museum",
    "election",
    "coalition",
    "in",
    "treaty",
    "border",
    "drought",
    "festival",
    "factory",
    "engineers",
    "market",
    "prices",
    "harvest",
    "students",
    "library",
    "ferry",
    "island",
]
REPEATED = "Readers can follow every update of this service on their phones and tablets."


def _sentence(rng: random.Random, n: int) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def make_text(shape: str, size: int, rng: random.Random) -> str:
    parts: list[str] = []
    total = 0
    while total < size:
        if shape == "short_lines":
            piece = " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 4)))
        else:
            piece = " ".join(_sentence(rng, rng.randint(8, 20)) for _ in range(3))
        parts.append(piece)
        total += len(piece) + 1
    sep = " " if shape == "one_line" else "\n"
    return sep.join(parts)[:size]


def _table(texts: list[str]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "article_id": [f"a{i}" for i in range(len(texts))],
            "outlet": "Example",
            "raw": texts,
            "raw_format": "text",
            "language": "en",
            "source_path": "generated",
        }
    )


def time_one(shape: str, size: int, seed: int = 1) -> dict:
    rng = random.Random(seed)
    big = make_text(shape, size, rng)
    others = ["\n".join([make_text("paragraphs", 1500, rng), REPEATED]) for _ in range(20)]
    cleaner = Cleaner()
    start = time.perf_counter()
    result = cleaner.clean(_table([big, *others]))
    seconds = time.perf_counter() - start
    return {
        "shape": shape,
        "bytes": len(big.encode("utf-8")),
        "lines": big.count("\n") + 1,
        "seconds": round(seconds, 3),
        "clean_chars": int(result.clean["n_chars"].iloc[0]) if len(result.clean) else 0,
        "audit_rows": len(result.audit),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--max-mb", type=float, default=10)
    args = parser.parse_args()
    sizes = [s for s in (10_000, 100_000, 1_000_000, 10_000_000) if s <= args.max_mb * 1e6]
    rows = []
    for shape in ("short_lines", "paragraphs", "one_line"):
        previous = None
        for size in sizes:
            row = time_one(shape, size)
            row["ratio_to_previous"] = round(row["seconds"] / previous, 1) if previous else None
            previous = row["seconds"]
            rows.append(row)
            print(json.dumps(row), flush=True)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(
        json.dumps(
            {
                "machine": f"{platform.machine()} {platform.python_version()} (shared 2 vCPU)",
                "rows": rows,
            },
            indent=1,
        )
        + "\n",
        encoding="utf-8",
    )


if __name__ == "__main__":
    main()
