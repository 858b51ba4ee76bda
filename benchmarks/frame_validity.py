"""Validity check of dictionary frame detection: frame prevalence by known topic category.

A frame detector is credible when prevalence follows the topics of the articles: Economic
highest in ANT's *economy* category, Security and defense in *middleEast* /
*internationalNews*, Cultural identity in *culture*, and most frames rare in *sport* and
*technology*. Samples (seeded) ``--per-category`` articles per ANT category (Arabic) and per
AllSides topic (English), read in place from ../shared/corpora through
``framelab.ingest.iter_article_frames`` and ``framelab.clean.clean_articles``, and reports the
frame x category prevalence under a presence rule and a codebook. Results are stored under
``--label`` in benchmarks/results/frame_validity.json (other labels are kept), e.g.

    OMP_NUM_THREADS=1 .venv/bin/python -m benchmarks.frame_validity --label after
    .venv/bin/python -m benchmarks.frame_validity --label before \\
        --codebook /tmp/frames-before.yaml --min-hits 1 --min-terms 1
"""

from __future__ import annotations

import argparse
import json
import os
import random
import tarfile
import tempfile
from collections import defaultdict
from pathlib import Path

import pandas as pd

from framelab.clean import clean_articles
from framelab.framing import (
    PresenceRule,
    article_frame_rates,
    find_hits,
    load_frame_codebook,
)
from framelab.framing.inputs import prepare_articles
from framelab.ingest import iter_article_frames

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("FRAMELAB_SHARED", ROOT.parent / "shared"))
CORPORA = {
    "ant": (SHARED / "corpora" / "ant-multisource-v2.1.tar.gz", "category"),
    "allsides": (SHARED / "corpora" / "allsides-world-politics.tar.gz", "topic"),
}
ALLSIDES_TOPICS = ["terrorism", "us_military", "russia", "europe", "middle_east", "world"]
RESULTS = ROOT / "benchmarks" / "results" / "frame_validity.json"
# (corpus, frame, categories where the frame should be most prevalent)
EXPECTED = [
    ("ant", "economic", ["economy"]),
    ("ant", "security_defense", ["middleEast", "internationalNews"]),
    ("ant", "cultural_identity", ["culture"]),
    ("ant", "political", ["middleEast", "internationalNews"]),
    ("allsides", "security_defense", ["terrorism", "us_military", "middle_east"]),
    ("allsides", "crime_punishment", ["terrorism"]),
]
OFF_TOPIC = ("ant", ["sport", "technology"])  # categories where policy frames should be rare


def _category_of(corpus: str, tar: tarfile.TarFile, member: tarfile.TarInfo) -> str | None:
    """ANT: the category folder in the path; AllSides: the JSON's ``topic``."""
    if corpus == "ant":
        parts = member.name.split("/")
        return parts[2] if len(parts) == 4 and member.name.endswith(".txt") else None
    if not member.name.endswith(".json"):
        return None
    handle = tar.extractfile(member)
    topic = json.load(handle).get("topic") if handle else None
    return topic if topic in ALLSIDES_TOPICS else None


def sample_members(corpus: str, per_category: int, seed: int, workdir: Path) -> None:
    """Extract a seeded sample of ``per_category`` files per category into ``workdir``."""
    path, _ = CORPORA[corpus]
    by_category: dict[str, list[tarfile.TarInfo]] = defaultdict(list)
    with tarfile.open(path) as tar:
        members = [m for m in tar.getmembers() if m.isfile()]
        for member in members:
            category = _category_of(corpus, tar, member)
            if category:
                by_category[category].append(member)
        rng = random.Random(seed)
        for category in sorted(by_category):
            chosen = sorted(by_category[category], key=lambda m: m.name)
            rng.shuffle(chosen)
            for member in chosen[:per_category]:
                tar.extract(member, workdir, filter="data")


def load_sample(corpus: str, per_category: int, seed: int) -> pd.DataFrame:
    """Framing articles (``prepare_articles``) of the sample, grouped by category / topic."""
    with tempfile.TemporaryDirectory() as tmp:
        sample_members(corpus, per_category, seed, Path(tmp))
        chunks = [a for a, _ in iter_article_frames(tmp, chunk_size=5000) if len(a)]
    clean = clean_articles(pd.concat(chunks, ignore_index=True)).clean
    return prepare_articles(clean, CORPORA[corpus][1], exclude_duplicates=True)


def prevalence_table(articles: pd.DataFrame, codebook_path: Path, rule: PresenceRule) -> dict:
    """``{frame: {category: prevalence}}`` and mean hits per 1,000 words, per category."""
    codebook = load_frame_codebook(codebook_path)
    rates = article_frame_rates(articles, find_hits(articles, codebook), codebook, rule)
    rates = rates.merge(articles[["article_id", "group"]], on="article_id")
    rates = rates[rates["present"].notna()]
    prevalence = rates.groupby(["frame", "group"])["present"].mean().unstack()
    per_1000 = rates.groupby(["frame", "group"])["per_1000_words"].mean().unstack()
    frames_per_article = rates.groupby(["group", "article_id"])["present"].sum().groupby("group")
    return {
        "prevalence": prevalence.round(3).to_dict(orient="index"),
        "per_1000_words": per_1000.round(2).to_dict(orient="index"),
        "mean_frames_present": frames_per_article.mean().round(2).to_dict(),
        "articles": rates.groupby("group")["article_id"].nunique().to_dict(),
    }


def validity_checks(run: dict) -> dict:
    """Expected-direction checks on a run's prevalence tables: for each expected frame, the
    highest prevalence among its categories vs the highest elsewhere (``passes`` when higher),
    and the mean prevalence of all frames in the off-topic categories."""
    checks = []
    for corpus, frame, expected in EXPECTED:
        if corpus not in run:
            continue
        row = run[corpus]["prevalence"][frame]
        inside = max(row[c] for c in expected)
        outside = max(v for c, v in row.items() if c not in expected)
        checks.append(
            {
                "corpus": corpus,
                "frame": frame,
                "expected": expected,
                "prevalence_expected": inside,
                "max_prevalence_elsewhere": outside,
                "ratio": round(inside / outside, 2) if outside else None,
                "passes": inside > outside,
            }
        )
    out: dict = {"checks": checks}
    corpus, categories = OFF_TOPIC
    if corpus in run:
        table = pd.DataFrame(run[corpus]["prevalence"]).T
        out["off_topic_mean_prevalence"] = round(float(table[categories].to_numpy().mean()), 3)
        out["on_topic_mean_prevalence"] = round(
            float(table.drop(columns=categories).to_numpy().mean()), 3
        )
    return out


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--label", default="after")
    parser.add_argument("--codebook", type=Path, default=ROOT / "data/codebooks/frames.yaml")
    parser.add_argument("--min-hits", type=int, default=2)
    parser.add_argument("--min-terms", type=int, default=2)
    parser.add_argument("--min-per-1000", type=float, default=0.0)
    parser.add_argument("--per-category", type=int, default=100)
    parser.add_argument("--seed", type=int, default=20231128)
    parser.add_argument("--corpora", nargs="+", default=list(CORPORA))
    args = parser.parse_args(argv)
    rule = PresenceRule(args.min_hits, args.min_terms, args.min_per_1000)
    run = {
        "codebook": str(args.codebook.name),
        "rule": rule.describe(),
        "per_category": args.per_category,
        "seed": args.seed,
    }
    for corpus in args.corpora:
        if not CORPORA[corpus][0].is_file():
            raise SystemExit(f"{CORPORA[corpus][0]} not found (set FRAMELAB_SHARED)")
        articles = load_sample(corpus, args.per_category, args.seed)
        run[corpus] = prevalence_table(articles, args.codebook, rule)
    results = json.loads(RESULTS.read_text()) if RESULTS.is_file() else {}
    results[args.label] = run
    for stored in results.values():
        stored["validity"] = validity_checks(stored)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n")
    for corpus in args.corpora:
        print(f"== {corpus} ({args.label}: {rule.describe()})")
        print(pd.DataFrame(run[corpus]["prevalence"]).T.to_string())
        print("mean frames present:", run[corpus]["mean_frames_present"])
    print(json.dumps(run["validity"], indent=1))
    return results


if __name__ == "__main__":
    main()
