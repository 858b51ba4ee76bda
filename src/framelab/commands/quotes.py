"""``framelab quotes IN.jsonl -o OUT.jsonl [--models-dir D]``: quotes for evaluation-format docs."""

from __future__ import annotations

import argparse


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

    annotator = stanza_annotator(args.models_dir) if args.models_dir else None
    out = []
    n_quotes = 0
    for doc in iter_jsonl(args.input):
        text = doc.get("text") or ""
        tokens = entities = None
        if annotator is not None:
            tokens, entities = annotator(text, doc.get("language") or "und")
        df = extract_quotes(
            text,
            doc.get("language"),
            tokens=tokens,
            entities=entities,
            article_id=str(doc.get("id")),
            lexicon=args.cue_lexicon,
        )
        quotes = [{k: rec.get(k) for k in OUTPUT_FIELDS} for rec in df.to_dict("records")]
        n_quotes += len(quotes)
        out.append({**{k: v for k, v in doc.items() if k != "quotes"}, "quotes": quotes})
    write_jsonl(out, args.output)
    print(f"{len(out)} documents, {n_quotes} quotes -> {args.output}")
    return 0
