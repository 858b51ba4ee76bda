"""Benchmark: framing statistics on tables the size of the full ANT corpus (31,526 articles).

Articles are the real ANT v2.1 texts (read in place from ../shared/corpora, never copied). The
upstream quotes and timexes tables for ANT do not exist at benchmark time, so they are
synthesised with realistic sizes and shapes: Poisson(2.5) quotes per article (spans inside the
text, speakers drawn from role descriptions, names and anonymous / media sources in Arabic,
cue classes drawn from the mix seen on the seed and the evaluation sets) and Poisson(4) timexes
per article (values scattered around the publication date at day / month / year granularity).
Tokens are empty (no Stanza parses), as on a machine without models.

Measured: wall time of each framing step and of the whole run, peak RSS of the process, and the
cost of the article bootstrap per 1,000 resamples. Results: benchmarks/results/framing.json
(and the table in docs/framing.md).

    OMP_NUM_THREADS=1 .venv/bin/python -m benchmarks.bench_framing [--limit N] [--resamples 1000]
"""

from __future__ import annotations

import argparse
import email.utils
import json
import os
import platform
import re
import resource
import sys
import tarfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("FRAMELAB_SHARED", ROOT.parent / "shared"))
ANT = SHARED / "corpora" / "ant-multisource-v2.1.tar.gz"
RESULTS = ROOT / "benchmarks" / "results" / "framing.json"
FIELD = re.compile(r"<(DOCNO|SRC|TIME|TEXT)>\s*(.*?)\s*</\1>", re.S)

SPEAKERS = [  # (speaker surface, speaker_kind)
    ("المتحدث باسم وزارة الخارجية", "person"),
    ("الرئيس", "person"),
    ("رئيس الوزراء", "person"),
    ("وزير الدفاع", "person"),
    ("المتحدث باسم الجيش", "person"),
    ("مصدر مطلع", "anonymous"),
    ("مصادر دبلوماسية", "anonymous"),
    ("وسائل الإعلام المحلية", "media"),
    ("وكالة الأنباء", "media"),
    ("الأمم المتحدة", "organisation"),
    ("الخبير الاقتصادي", "person"),
    ("أحد السكان", "person"),
    ("محمد أحمد", "person"),
    ("النائب في البرلمان", "person"),
    ("الشرطة", "organisation"),
    ("بيان", "document"),
]
CUE_CLASSES = (
    ["neutral", "assertive", "distancing", "directive", "admission", None],
    [0.55, 0.2, 0.08, 0.05, 0.02, 0.10],
)


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


def synth_quotes(clean: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    per_article = rng.poisson(2.5, len(clean))
    idx = np.repeat(np.arange(len(clean)), per_article)
    lengths = clean["text"].str.len().to_numpy()[idx]
    span = rng.integers(40, 240, idx.size)
    start = (rng.random(idx.size) * np.maximum(lengths - span, 1)).astype(np.int64)
    end = np.minimum(start + span, lengths)
    texts = clean["text"].to_numpy()
    quote_text = [texts[i][s:e] for i, s, e in zip(idx, start, end, strict=True)]
    who = rng.integers(0, len(SPEAKERS), idx.size)
    classes, weights = CUE_CLASSES
    cue_class = rng.choice(np.array(classes, dtype=object), idx.size, p=weights)
    return pd.DataFrame(
        {
            "article_id": clean["article_id"].to_numpy()[idx],
            "quote_id": [f"q{i}" for i in range(idx.size)],
            "type": rng.choice(["direct", "indirect", "mixed"], idx.size, p=[0.4, 0.5, 0.1]),
            "start": start,
            "end": end,
            "text": quote_text,
            "speaker": [SPEAKERS[w][0] for w in who],
            "speaker_name": None,
            "speaker_kind": [SPEAKERS[w][1] for w in who],
            "cue": "قال",
            "cue_lemma": "قال",
            "cue_class": cue_class,
            "language": "ar",
        }
    )


def synth_timexes(clean: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    per_article = rng.poisson(4, len(clean))
    idx = np.repeat(np.arange(len(clean)), per_article)
    published = pd.to_datetime(clean["published"]).to_numpy()[idx]
    offset = np.round(rng.standard_t(2, idx.size) * 20).astype("int64")
    when = pd.Series(published + offset.astype("timedelta64[D]"))
    granularity = rng.choice(["day", "month", "year"], idx.size, p=[0.7, 0.2, 0.1])
    value = np.where(
        granularity == "day",
        when.dt.strftime("%Y-%m-%d"),
        np.where(granularity == "month", when.dt.strftime("%Y-%m"), when.dt.strftime("%Y")),
    )
    value = np.where(pd.isna(published), "XXXX-XX-XX", value)
    return pd.DataFrame(
        {
            "article_id": clean["article_id"].to_numpy()[idx],
            "start": 0,
            "end": 1,
            "text": "x",
            "type": rng.choice(["DATE", "TIME", "DURATION"], idx.size, p=[0.8, 0.1, 0.1]),
            "value": value,
            "granularity": granularity,
            "anchored": True,
            "rule": "synthetic",
            "language": "ar",
        }
    )


def peak_rss_mb() -> float:
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
    from framelab.framing import load_actor_codebook, load_frame_codebook, run_framing
    from framelab.framing.inputs import TOKEN_COLUMNS
    from framelab.io import conform

    load_start = round(os.getloadavg()[0], 2)  # the machine is shared: context for the timings
    t0 = time.perf_counter()
    clean = read_ant(args.limit)
    rng = np.random.default_rng(20231128)
    quotes = synth_quotes(clean, rng)
    timexes = synth_timexes(clean, rng)
    tokens = conform(pd.DataFrame(), TOKEN_COLUMNS)
    load_s = time.perf_counter() - t0
    rss_before = peak_rss_mb()
    actors = load_actor_codebook(ROOT / "data/codebooks/actors-generic.yaml")
    frames = load_frame_codebook(ROOT / "data/codebooks/frames.yaml")
    params = {"bootstrap_resamples": args.resamples, "actors_codebook": "", "frames_codebook": ""}
    start = time.perf_counter()
    result = run_framing(clean, quotes, timexes, tokens, actors, frames, params)
    total = time.perf_counter() - start
    n_speaker_groups = result.tables["share_of_voice"]["speaker_group"].nunique()
    report = {
        "corpus": "ANT v2.1 texts (real) + synthetic quotes/timexes (upstream ANT tables not available)",
        "n_articles": len(clean),
        "n_outlets": int(clean["outlet"].nunique()),
        "n_words": int(clean["n_words"].sum()),
        "n_quotes": len(quotes),
        "n_timexes": len(timexes),
        "bootstrap_resamples": args.resamples,
        "load_and_synthesise_s": round(load_s, 1),
        "framing_total_s": round(total, 2),
        "framing_steps_s": result.timings,
        "articles_per_s": round(len(clean) / total, 1),
        "peak_rss_mb_before_framing": round(rss_before, 1),
        "peak_rss_mb_after_framing": round(peak_rss_mb(), 1),
        "frame_hits": len(result.tables["frame_hits"]),
        "actor_mentions": len(result.tables["actor_mentions"]),
        "fightin_words_rows": len(result.tables["fightin_words"]),
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
