"""``framelab dates IN.jsonl -o OUT.jsonl [--backend framelab|heideltime]``: tag documents in the
shared evaluation format with TIMEX3 expressions (``published`` is the reference date)."""

from __future__ import annotations

import argparse
import logging
from collections.abc import Callable
from typing import Any

log = logging.getLogger(__name__)


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
    from ..evaluate.heideltime import HeidelTimeTagger

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
    from ..dates.grammar import available_languages
    from ..dates.stage import document_problem, iter_documents_timexes
    from ..io import read_jsonl, write_jsonl

    available_languages(args.lexicon)  # a bad --lexicon folder fails before any work
    docs = read_jsonl(args.input)
    if args.backend == "heideltime":
        out = _heideltime_documents(_taggable(docs, args.input, document_problem))
    else:
        out = list(iter_documents_timexes(docs, lexicon=args.lexicon, source=args.input))
    write_jsonl(out, args.output)
    n = sum(len(d["timexes"]) for d in out)
    skipped = len(docs) - len(out)
    print(
        f"{len(out)} documents, {n} timexes -> {args.output}"
        + (f" ({skipped} skipped)" if skipped else "")
    )
    return 0


def _taggable(docs: list[Any], source: str, problem_of: Callable[[Any], str | None]) -> list[dict]:
    """The documents that can be tagged; the others skipped with a one-line warning each."""
    kept: list[dict] = []
    for doc in docs:
        problem = problem_of(doc)
        if problem is None:
            kept.append(doc)
        else:
            doc_id = doc.get("id") if isinstance(doc, dict) else None
            log.warning("dates: %s: document %r skipped: %s", source, doc_id, problem)
    return kept
