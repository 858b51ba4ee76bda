"""``framelab dates IN.jsonl -o OUT.jsonl [--backend framelab|heideltime]``: tag documents in the
shared evaluation format with TIMEX3 expressions (``published`` is the reference date)."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "dates",
        help="find and normalise temporal expressions in JSONL documents (shared format)",
        description=__doc__,
    )
    p.add_argument("input", metavar="IN.jsonl", help="documents with id, language, published, text")
    p.add_argument(
        "-o", "--output", required=True, metavar="OUT.jsonl", help="documents with timexes"
    )
    p.add_argument(
        "--backend",
        choices=["framelab", "heideltime"],
        default="framelab",
        help="framelab's tagger (default) or HeidelTime (optional extra framelab[heideltime])",
    )
    p.add_argument(
        "--lexicon", default=None, help="folder of <lang>.yaml date patterns (default: packaged)"
    )
    p.set_defaults(func=run)


def _heideltime_documents(docs: list[dict]) -> list[dict]:
    from ..dates.heideltime import HeidelTimeTagger

    results = HeidelTimeTagger().tag_documents(
        [(d.get("text") or "", d.get("language") or "en", d.get("published")) for d in docs]
    )
    return [
        {
            **doc,
            "timexes": [
                {"start": t.start, "end": t.end, "text": t.text, "type": t.type, "value": t.value}
                for t in found
            ],
        }
        for doc, found in zip(docs, results, strict=True)
    ]


def run(args: argparse.Namespace) -> int:
    from ..dates.stage import iter_documents_timexes
    from ..io import read_jsonl, write_jsonl

    docs = read_jsonl(args.input)
    if args.backend == "heideltime":
        out = _heideltime_documents(docs)
    else:
        out = list(iter_documents_timexes(docs, lexicon=args.lexicon))
    write_jsonl(out, args.output)
    n = sum(len(d["timexes"]) for d in out)
    print(f"{len(out)} documents, {n} timexes -> {args.output}")
    return 0
