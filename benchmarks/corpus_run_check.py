"""What a whole-pipeline run on a real corpus produced, read from its scratch project folder.

After ``ingest -> clean -> annotate -> quotes -> dates -> framing -> report`` has run in a scratch
project (docs/examples.md, ``FRAMELAB_PROJECT_ROOT=/tmp/...``), this reads the stage outputs and
reports, without running any stage again:

* articles per stage and rejects per stage with their reasons;
* the named page furniture (``benchmarks.chrome_left.NAMED_FURNITURE``: CNN's video strip and
  galleries, BBC's image and player lines, BBC Arabic's app promotion), per matching outlet, in
  the ingested text and in the cleaned text the framing stage read (near-duplicates included:
  every cleaned article counts);
* the framing stage's own Fightin' Words table: top ``--top`` terms per group (by z), with the
  furniture words flagged (``benchmarks.chrome_left.FURNITURE_TERMS``);
* the speaker headline shares (``benchmarks.speaker_resolution.summary``).

    python -m benchmarks.corpus_run_check /tmp/ex-ant --label ant_by_outlet \\
        --json benchmarks/results/corpus_runs.json

The JSON keeps numbers and the furniture words only (no corpus text beyond the top terms).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow.parquet as pq

from benchmarks.chrome_left import FURNITURE_TERMS, NAMED_FURNITURE
from benchmarks.speaker_resolution import summary


def rejects(project: Path) -> dict[str, dict[str, int]]:
    """Rejected rows per stage (every ``*rejects*.parquet`` under data/), by reason."""
    out: dict[str, dict[str, int]] = {}
    for path in sorted((project / "data").rglob("*rejects*.parquet")):
        table = pd.read_parquet(path)
        reasons = table["reason"].astype("string").fillna("?") if "reason" in table else None
        counts = reasons.value_counts().to_dict() if reasons is not None else {"rows": len(table)}
        out[path.stem] = {str(k): int(v) for k, v in counts.items()}
    return out


def furniture(project: Path) -> list[dict[str, Any]]:
    """Articles carrying each named furniture pattern, ingested text vs cleaned text."""
    from framelab.evaluate.chrome import pattern_rates

    raw = pd.read_parquet(project / "data" / "interim" / "articles.parquet")
    raw = raw.rename(columns={"raw": "text"}).assign(is_duplicate=False)
    clean = pd.read_parquet(project / "data" / "processed" / "clean.parquet")
    before = pattern_rates(raw[["outlet", "text", "is_duplicate"]], NAMED_FURNITURE)
    after = pattern_rates(clean, NAMED_FURNITURE)
    rates = before.merge(after, on=["name", "outlet"], suffixes=("_raw", "_clean"))
    rates = rates[rates["articles_raw"] > 0]
    return [
        {k: (round(v, 5) if isinstance(v, float) else v) for k, v in row.items()}
        for row in rates.to_dict("records")
    ]


def fightin_words(project: Path, top: int) -> dict[str, dict[str, list[str]]]:
    """The framing stage's Fightin' Words top terms per group, furniture words flagged."""
    table = pd.read_parquet(project / "data" / "processed" / "framing" / "fightin_words.parquet")
    out = {}
    for group, rows in table.groupby("group"):
        terms = [str(t) for t in rows.sort_values("z", ascending=False).head(top)["term"]]
        out[str(group)] = {"top": terms, "furniture": [t for t in terms if t in FURNITURE_TERMS]}
    return out


def check(project: Path, top: int = 20) -> dict[str, Any]:
    processed = project / "data" / "processed"
    articles = pq.ParquetFile(project / "data" / "interim" / "articles.parquet").metadata.num_rows
    clean = pd.read_parquet(processed / "clean.parquet", columns=["is_duplicate"])
    resolved = pd.read_parquet(processed / "framing" / "quotes_resolved.parquet")
    fw = fightin_words(project, top)
    return {
        "articles_ingested": articles,
        "articles_cleaned": len(clean),
        "near_duplicates": int(clean["is_duplicate"].fillna(False).sum()),
        "rejects": rejects(project),
        "report_written": (project / "reports" / "report.html").is_file(),
        "named_furniture": furniture(project),
        "furniture_terms_in_fightin_words_top": {g: v["furniture"] for g, v in fw.items()},
        "speakers": summary(resolved),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("project", type=Path, help="scratch project folder of a finished run")
    parser.add_argument("--label", required=True)
    parser.add_argument("--top", type=int, default=20)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--show-terms", action="store_true", help="print the top terms too")
    args = parser.parse_args(argv)
    result = check(args.project, args.top)
    print(json.dumps({args.label: result}, indent=1, ensure_ascii=False))
    if args.show_terms:
        for group, v in fightin_words(args.project, args.top).items():
            print(f"{group}: {', '.join(v['top'])}")
    if args.json:
        existing = json.loads(args.json.read_text()) if args.json.is_file() else {}
        existing[args.label] = result
        args.json.write_text(json.dumps(existing, indent=1, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
