"""SMOKE TEST of the coding loop on a real corpus: two *scripted* coders, not a validation.

Runs ``framelab code sample`` -> two scripted coding sheets -> ``framelab code import`` ->
``framelab code train`` -> the framing stage with ``frame_measure: learned`` in a scratch project
that already holds the upstream tables (docs/examples.md, e.g. AllSides sampled by bias label).

The "coders" are scripts, so every agreement figure this prints measures the script, not the
frames: coder A codes frames from the article's AllSides topic label through a fixed topic ->
frames table written for this test; coder B is coder A with 10 % of the cells flipped at random
(seeded). The summary is marked ``smoke_test: true`` and the report says so.

    FRAMELAB_PROJECT_ROOT=/tmp/frames-allsides python -m benchmarks.frames_coding_smoke -n 60
"""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

import numpy as np
import pandas as pd

from framelab.cli import main as framelab

# Coder A's script: AllSides topic -> frames of the policy-frames codebook (primary first).
TOPIC_FRAMES = {
    "middle_east": ["security_defense", "external_regulation_reputation"],
    "national_security": ["security_defense"],
    "terrorism": ["security_defense", "crime_punishment"],
    "foreign_policy": ["external_regulation_reputation", "political"],
    "world": ["external_regulation_reputation"],
    "north_korea": ["security_defense", "external_regulation_reputation"],
    "us_military": ["security_defense"],
    "russia": ["external_regulation_reputation", "political"],
    "state_department": ["political"],
    "defense": ["security_defense", "economic"],
    "europe": ["external_regulation_reputation", "political"],
    "immigration": ["legality", "quality_of_life"],
}


def scripted_sheets(out: Path, flip_share: float, seed: int) -> list[Path]:
    sheet = pd.read_csv(out / "coding_sheet.csv", dtype=str, keep_default_na=False)
    sample = {r["id"]: r for r in map(json.loads, (out / "sample.jsonl").open(encoding="utf-8"))}
    clean = pd.read_parquet(
        Path(os.environ["FRAMELAB_PROJECT_ROOT"]) / "data/processed/clean.parquet",
        columns=["article_id", "meta"],
    ).set_index("article_id")
    frames = list(sheet.columns[6:])
    rng = np.random.default_rng(seed)
    paths = []
    for coder in ("scripted-A", "scripted-B"):
        rows = sheet.copy()
        rows["coder"] = coder
        for i, article in enumerate(rows["article_id"]):
            topic = json.loads(clean.loc[article, "meta"] or "{}").get("topic")
            codes = [f for f in TOPIC_FRAMES.get(topic, []) if f in frames]
            values = np.array([f in codes for f in frames])
            if coder == "scripted-B":
                flips = rng.random(len(frames)) < flip_share
                values = values ^ flips
            rows.loc[i, frames] = values.astype(int).astype(str)
            on = [f for f, v in zip(frames, values, strict=True) if v]
            rows.loc[i, "primary_frame"] = (
                codes[0] if codes and codes[0] in on else (on[0] if on else "")
            )
        assert set(rows["article_id"]) <= set(sample)
        path = out / f"codes-{coder}.csv"
        rows.to_csv(path, index=False)
        paths.append(path)
    return paths


def run(n: int, seed: int) -> None:
    root = Path(os.environ["FRAMELAB_PROJECT_ROOT"])
    out = root / "coding"
    clean = str(root / "data/processed/clean.parquet")
    assert (
        framelab(
            [
                "code",
                "sample",
                "--clean",
                clean,
                "-n",
                str(n),
                "--by",
                "bias_text",
                "--seed",
                str(seed),
                "-o",
                str(out),
            ]
        )
        == 0
    )
    sheets = scripted_sheets(out, flip_share=0.10, seed=seed)
    summary = root / "data/codebooks/frames.validation.json"
    assert (
        framelab(
            [
                "code",
                "import",
                *map(str, sheets),
                "--sample",
                str(out / "sample.jsonl"),
                "-o",
                str(summary),
                "--coded",
                str(out / "coded.jsonl"),
                "--smoke-test",
                "--resamples",
                "500",
            ]
        )
        == 0
    )
    assert (
        framelab(
            [
                "code",
                "train",
                str(out / "coded.jsonl"),
                "--model",
                str(root / "models/frames-learned.pkl"),
            ]
        )
        == 0
    )
    print(json.dumps(json.loads(summary.read_text())["machine"], indent=1))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=60)
    parser.add_argument("--seed", type=int, default=20231128)
    args = parser.parse_args()
    run(args.n, args.seed)
