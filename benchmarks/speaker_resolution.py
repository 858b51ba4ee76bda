"""How many quoted speakers resolve to an actor, by which rule, and a seeded sample to check by hand.

Reads a framing output folder (``quotes_resolved.parquet``) made on a real corpus (docs/examples.md:
a scratch project per corpus, generic actors codebook) and prints / writes:

* the share of quotes resolved to a codebook actor and the share of quoted words that stay
  ``other`` (the issue-10 bars), the share of words per speaker group and of quotes per rule;
* with ``--sample N``, a seeded random sample of N quotes resolved to an actor, as a CSV with the
  evidence and the speaker mention in context, for a researcher to mark right or wrong (the CSV
  holds corpus text: write it outside the project, e.g. /tmp).

    python -m benchmarks.speaker_resolution /tmp/ex-allsides --label allsides \\
        --sample 50 --sample-csv /tmp/allsides-sample.csv --json benchmarks/results/speakers.json

With ``--rerun``, the speakers are resolved again from the project's clean and quotes tables
with the current code and the repository's ``framing`` parameters (generic codebook; nothing is
written into the project), so a change to the speaker rules is measured without running the whole
framing stage:

    python -m benchmarks.speaker_resolution /tmp/ex-ant --label ant --rerun \\
        --json benchmarks/results/speakers.json

The JSON keeps numbers only (a ``label`` entry is replaced, other labels are kept).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pandas as pd

SEED = 20231128
CONTEXT = 110
ROOT = Path(__file__).resolve().parents[1]
GENERIC = ROOT / "data" / "codebooks" / "actors-generic.yaml"


def summary(resolved: pd.DataFrame, unmatched_group: str = "other") -> dict:
    """Headline shares: quotes resolved to an actor, quoted words per speaker group, rules."""
    words = resolved.groupby("speaker_group")["quoted_words"].sum()
    total = float(words.sum()) or 1.0
    return {
        "quotes": int(len(resolved)),
        "quoted_words": int(words.sum()),
        "quotes_resolved_to_actor": round(float(resolved["actor"].notna().mean()), 4),
        "other_share_of_words": round(float(words.get(unmatched_group, 0)) / total, 4),
        "share_of_words": {
            str(k): round(float(v) / total, 4)
            for k, v in words.sort_values(ascending=False).items()
        },
        "quotes_by_rule": {
            str(k): int(v) for k, v in resolved["resolution"].value_counts().items()
        },
    }


def sample(resolved: pd.DataFrame, texts: dict[str, str], n: int, seed: int = SEED) -> pd.DataFrame:
    """``n`` quotes resolved to an actor (seeded), with the speaker mention in context."""
    chosen = resolved[resolved["actor"].notna()]
    chosen = chosen.sample(min(n, len(chosen)), random_state=seed)
    rows = []
    for r in chosen.itertuples(index=False):
        start = r.speaker_start if pd.notna(r.speaker_start) else r.start
        end = r.speaker_end if pd.notna(r.speaker_end) else start
        text = texts.get(str(r.article_id), "")
        context = " ".join(text[max(0, int(start) - CONTEXT) : int(end) + 40].split())
        rows.append(
            {
                "quote_id": r.quote_id,
                "speaker": r.speaker,
                "speaker_name": r.speaker_name,
                "speaker_group": r.speaker_group,
                "resolution": r.resolution,
                "evidence": r.evidence,
                "evidence_article": r.evidence_article,
                "context": context,
                "verdict": "",
            }
        )
    return pd.DataFrame(rows)


def rerun(processed: Path, codebook: Path = GENERIC) -> pd.DataFrame:
    """``quotes_resolved`` as the framing stage makes it, from the project's upstream tables."""
    from framelab.framing.codebooks import load_actor_codebook
    from framelab.framing.inputs import prepare_articles, read_inputs
    from framelab.framing.matching import TermMatcher
    from framelab.framing.pipeline import _outlets, framing_params, speaker_settings
    from framelab.framing.speakers import resolve_with_evidence
    from framelab.project import stage_params

    p = framing_params({**stage_params("framing", ROOT), "group_by": "outlet"})
    tables = read_inputs(
        processed / "clean.parquet", processed / "quotes.parquet", processed / "timexes.parquet"
    )
    clean = tables["clean"]
    articles = prepare_articles(clean, "outlet", exclude_duplicates=bool(p["exclude_duplicates"]))
    actors = load_actor_codebook(codebook)
    quotes = tables["quotes"]
    quotes = quotes[quotes["article_id"].isin(articles["article_id"])]
    return resolve_with_evidence(
        quotes,
        actors,
        TermMatcher.from_terms(actors.aliases),
        articles,
        speaker_settings(p),
        _outlets(clean),
    ).quotes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("project", type=Path, help="scratch project folder (has data/processed)")
    parser.add_argument("--label", required=True)
    parser.add_argument("--sample", type=int, default=0)
    parser.add_argument("--sample-csv", type=Path)
    parser.add_argument("--json", type=Path)
    parser.add_argument(
        "--rerun",
        action="store_true",
        help="resolve again with the current code (generic codebook)",
    )
    parser.add_argument("--save", type=Path, help="with --rerun: write the table here (parquet)")
    parser.add_argument("--codebook", type=Path, default=GENERIC, help="with --rerun")
    args = parser.parse_args(argv)
    processed = args.project / "data" / "processed"
    if args.rerun:
        resolved = rerun(processed, args.codebook)
        if args.save:
            resolved.to_parquet(args.save, index=False)
    else:
        resolved = pd.read_parquet(processed / "framing" / "quotes_resolved.parquet")
    result = summary(resolved)
    print(json.dumps({args.label: result}, indent=1, ensure_ascii=False))
    if args.json:
        existing = json.loads(args.json.read_text()) if args.json.is_file() else {}
        existing[args.label] = result
        args.json.write_text(json.dumps(existing, indent=1, ensure_ascii=False) + "\n")
    if args.sample and args.sample_csv:
        clean = pd.read_parquet(processed / "clean.parquet", columns=["article_id", "text"])
        texts = dict(zip(clean["article_id"].astype(str), clean["text"].fillna(""), strict=True))
        sample(resolved, texts, args.sample).to_csv(args.sample_csv, index=False)
        print(f"sample of {args.sample} resolved quotes -> {args.sample_csv}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
