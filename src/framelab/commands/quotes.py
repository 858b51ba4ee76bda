"""``framelab quotes IN.jsonl -o OUT.jsonl [--models-dir D]``: quotes for evaluation-format docs."""

from __future__ import annotations

import argparse
import sys
from collections import Counter


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "quotes", help="extract quotes from documents in the shared evaluation format (JSONL)"
    )
    p.add_argument("input", metavar="IN.jsonl", help="documents with id, language, text")
    p.add_argument(
        "-o", "--output", required=True, metavar="OUT.jsonl", help="documents + predicted quotes"
    )
    p.add_argument(
        "--models-dir", metavar="D", default=None, help="Stanza models: use the parse path"
    )
    p.add_argument(
        "--cue-lexicon", metavar="DIR", default=None, help="folder of user cue/actor YAML files"
    )
    p.set_defaults(func=run)


OUTPUT_FIELDS = (
    "type",
    "scope",
    "start",
    "end",
    "speaker",
    "speaker_start",
    "speaker_end",
    "speaker_name",
    "speaker_kind",
    "cue",
    "cue_start",
    "cue_end",
    "cue_lemma",
    "cue_class",
    "method",
)


def run(args: argparse.Namespace) -> int:
    from ..evaluate.quotes import stanza_annotator
    from ..io import iter_jsonl, write_jsonl
    from ..quotes import extract_quotes
    from ..quotes.extract import article_problem

    annotator = stanza_annotator(args.models_dir) if args.models_dir else None
    out = []
    n_quotes = 0
    rejected: Counter[str] = Counter()
    languages: Counter[str] = Counter()  # documents skipped for want of a cue lexicon
    warned: set[str] = set()
    for number, doc in enumerate(iter_jsonl(args.input), 1):
        doc_id = doc.get("id")
        problem = article_problem(doc.get("text"), doc.get("language"), args.cue_lexicon)
        if problem is not None:
            reason, detail = problem
            rejected[reason] += 1
            if reason == "language":
                languages[str(doc.get("language") or "missing")] += 1
            if reason != "language" or detail not in warned:
                warned.add(detail)
                where = f"{args.input}: document {number} (id {doc_id!r})"
                print(f"warning: {where}: {detail}; skipped", file=sys.stderr)
            continue
        text = doc["text"]
        tokens = entities = None
        if annotator is not None:
            tokens, entities = annotator(text, doc.get("language") or "und")
        df = extract_quotes(
            text,
            doc.get("language"),
            tokens=tokens,
            entities=entities,
            article_id=str(doc_id),
            lexicon=args.cue_lexicon,
        )
        quotes = [{k: rec.get(k) for k in OUTPUT_FIELDS} for rec in df.to_dict("records")]
        n_quotes += len(quotes)
        out.append({**{k: v for k, v in doc.items() if k != "quotes"}, "quotes": quotes})
    write_jsonl(out, args.output)
    summary = f"{len(out)} documents, {n_quotes} quotes -> {args.output}"
    if rejected:
        reasons = ", ".join(f"{n} {reason}" for reason, n in sorted(rejected.items()))
        summary += f"; {sum(rejected.values())} documents skipped ({reasons})"
    if languages:
        per_language = ", ".join(f"{lang} {n}" for lang, n in sorted(languages.items()))
        summary += f"; no cue lexicon: {per_language}"
    print(summary)
    return 0
