"""Chrome left after cleaning, per outlet, on the real corpora (the list a researcher checks).

For each corpus of ``../shared/corpora`` (AllSides, ANT, BASIL, SaudiNewsNet), read in place:
ingest the whole corpus, clean the whole table at once with the project's ``clean`` parameters
(as ``notebooks/02_clean.ipynb`` does; ``--set KEY=VALUE`` overrides one), and report

* per outlet (at least ``--min-articles`` articles), the paragraphs and phrases (maximal runs of
  8-word n-grams) that still recur in at least 2 % (and 3) of its articles after cleaning
  (``framelab.evaluate.chrome``), near-duplicates left out;
* how many articles still carry the furniture named in the issue that asked for this rule set
  (CNN's video and gallery furniture, BBC's image and media-player lines, BBC Arabic's app
  promotion), in the raw text and after cleaning. These regular expressions are measurement
  only; no cleaning rule uses them;
* Fightin' Words (one group against the rest, the framing stage's own functions and
  ``framing`` parameters) top terms per group: AllSides by ``bias_text``, the others by outlet,
  with the furniture words named in that issue flagged;
* removals by rule and unit, clean time and rejects.

Run: ``OMP_NUM_THREADS=1 .venv/bin/python benchmarks/chrome_left.py [allsides ant basil
saudinewsnet] [--set rules=[lexicon,repeated,self_repeat,foreign_script,justext]] [--name NAME]
[--sample N]``;
writes ``benchmarks/results/chrome_left[_NAME].json``. ``--articles CORPUS=PARQUET`` reuses an
articles table made by ``framelab notebook ingest`` instead of ingesting again.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import platform
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("OMP_NUM_THREADS", "1")

import pandas as pd  # noqa: E402
import yaml  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("FRAMELAB_SHARED", ROOT.parent / "shared"))
RESULTS = ROOT / "benchmarks" / "results"

CORPORA: dict[str, dict[str, Any]] = {
    "allsides": {
        "path": "corpora/allsides-world-politics.tar.gz",
        "layout": "allsides",
        "group_by": "bias_text",
    },
    "ant": {"path": "corpora/ant-multisource-v2.1.tar.gz", "layout": "ant", "group_by": "outlet"},
    "basil": {"path": "corpora/basil.tar.gz", "layout": "basil", "group_by": "outlet"},
    "saudinewsnet": {
        "path": "corpora/saudinewsnet",
        "layout": "saudinewsnet",
        "group_by": "outlet",
    },
}
# Measurement only (never used by a cleaning rule): the furniture named in the issue.
NAMED_FURNITURE: dict[str, tuple[str, str]] = {
    "cnn_video_player": ("(?i)^cnn", r"JUST WATCHED|Replay More Videos|MUST WATCH"),
    "cnn_photo_gallery": ("(?i)^cnn", r"Hide Caption \d+ of \d+"),
    "bbc_image_and_player": ("(?i)^bbc", r"Image copyright|Image caption|Media playback"),
    "bbc_arabic_app_promotion": ("(?i)^bbc$", r"تطبيق بي بي سي|إشعارات بأهم الموضوعات"),
}
FURNITURE_TERMS = {
    "photos", "caption", "hide", "watch", "videos", "watched", "replay",
    "image", "getty", "device", "copyright", "playback",
    "بي", "سي", "تطبيق", "تحميل",
}  # fmt: skip


def _overrides(items: list[str]) -> dict[str, Any]:
    out = {}
    for item in items:
        key, _, value = item.partition("=")
        out[key.strip()] = yaml.safe_load(value)
    return out


def load_articles(corpus: str, parquet: str | None) -> pd.DataFrame:
    if parquet:
        return pd.read_parquet(parquet)
    from framelab.ingest import iter_article_frames

    spec = CORPORA[corpus]
    frames = [a for a, _ in iter_article_frames([SHARED / spec["path"]], layout=spec["layout"])]
    return pd.concat(frames, ignore_index=True)


def fightin_words_top(clean: pd.DataFrame, group_by: str, top: int = 20) -> dict[str, list[str]]:
    from framelab.framing.inputs import prepare_articles
    from framelab.framing.lexical import fightin_words_table, term_counts
    from framelab.project import stage_params

    params = stage_params("framing", ROOT)
    articles = prepare_articles(
        clean, group_by, exclude_duplicates=bool(params["exclude_duplicates"])
    )
    table = fightin_words_table(
        term_counts(articles["text"], articles["group"]),
        prior=float(params["prior"]),
        prior_kind=str(params["prior_kind"]),
        min_freq=int(params["min_term_freq"]),
    )
    return {
        str(group): list(rows.sort_values("z", ascending=False).head(top)["term"])
        for group, rows in table.groupby("group")
    }


def run_corpus(
    corpus: str, params: dict[str, Any], parquet: str | None, min_articles: int, sample: int = 0
):
    from framelab.clean import Cleaner
    from framelab.evaluate.chrome import (
        REPEAT_COLUMNS,
        pattern_rates,
        repeated_paragraphs,
        repeated_phrases,
    )

    articles = load_articles(corpus, parquet)
    if sample:
        articles = articles.groupby("outlet", group_keys=False)[list(articles.columns)].apply(
            lambda g: g.sample(min(len(g), sample), random_state=20231128)
        )
    start = time.perf_counter()
    result = Cleaner(**params).clean(articles)
    seconds = time.perf_counter() - start
    clean = result.clean
    sizes = clean["outlet"].astype("string").value_counts()
    big = set(sizes[sizes >= min_articles].index)
    subset = clean[clean["outlet"].isin(big)]
    parts = [
        repeated_paragraphs(subset, min_share=0.02, top=10),
        repeated_phrases(subset, min_share=0.02, top=10),
    ]
    parts = [p for p in parts if len(p)]
    repeats = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=REPEAT_COLUMNS)
    raw_view = articles.rename(columns={"raw": "text"}).assign(is_duplicate=False)
    before = pattern_rates(raw_view, NAMED_FURNITURE)
    after = pattern_rates(clean, NAMED_FURNITURE)
    rates = before.merge(after, on=["name", "outlet"], suffixes=("_raw", "_clean"))
    rates = rates[rates["articles_raw"] > 0]
    top = fightin_words_top(clean, CORPORA[corpus]["group_by"])
    by_rule = (
        result.audit.groupby(["rule", "unit"]).size().rename("n").reset_index()
        if len(result.audit)
        else pd.DataFrame(columns=["rule", "unit", "n"])
    )
    return {
        "articles": len(articles),
        "clean": len(clean),
        "rejected": len(result.rejects),
        "rejected_by_reason": result.rejects["reason"].value_counts().to_dict(),
        "clean_seconds": round(seconds, 1),
        "removed_by_rule": by_rule.to_dict("records"),
        "named_furniture": rates.to_dict("records"),
        "fightin_words_top20": top,
        "furniture_terms_in_top20": {
            g: [t for t in terms if t in FURNITURE_TERMS] for g, terms in top.items()
        },
        "repeated_after_cleaning": repeats.assign(text=repeats["text"].str.slice(0, 160)).to_dict(
            "records"
        ),
    }


def _markdown(corpus: str, out: dict[str, Any]) -> str:
    lines = [f"### {corpus}: {out['articles']} articles, clean {out['clean_seconds']} s"]
    for r in out["named_furniture"]:
        lines.append(
            f"- {r['name']} ({r['outlet']}): raw {r['articles_raw']}/{r['n_articles_raw']} "
            f"({r['share_raw']:.1%}) -> clean {r['articles_clean']}/{r['n_articles_clean']} "
            f"({r['share_clean']:.2%})"
        )
    for g, terms in out["fightin_words_top20"].items():
        flagged = out["furniture_terms_in_top20"][g]
        lines.append(
            f"- FW {g}: {', '.join(terms)}" + (f"  [furniture: {flagged}]" if flagged else "")
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpora", nargs="*", default=list(CORPORA), choices=list(CORPORA))
    parser.add_argument("--set", dest="overrides", action="append", default=[])
    parser.add_argument("--articles", action="append", default=[], metavar="CORPUS=PARQUET")
    parser.add_argument("--min-articles", type=int, default=20)
    parser.add_argument("--name", default="")
    parser.add_argument(
        "--sample", type=int, default=0, help="at most N articles per outlet (seeded); 0 = all"
    )
    args = parser.parse_args()
    logging.disable(logging.WARNING)
    from framelab.project import stage_params

    params = {**stage_params("clean", ROOT), **_overrides(args.overrides)}
    parquets = dict(item.split("=", 1) for item in args.articles)
    results: dict[str, Any] = {
        "machine": f"{platform.machine()} {platform.python_version()} (shared 2 vCPU)",
        "overrides": _overrides(args.overrides),
        "corpora": {},
    }
    results["sample_per_outlet"] = args.sample or None
    RESULTS.mkdir(parents=True, exist_ok=True)
    name = f"chrome_left_{args.name}.json" if args.name else "chrome_left.json"
    for corpus in args.corpora:
        out = run_corpus(corpus, params, parquets.get(corpus), args.min_articles, args.sample)
        results["corpora"][corpus] = out
        print(_markdown(corpus, out), flush=True)
        (RESULTS / name).write_text(  # after every corpus: a long run keeps what it measured
            json.dumps(results, indent=1, ensure_ascii=False, default=str) + "\n",
            encoding="utf-8",
        )


if __name__ == "__main__":
    main()
