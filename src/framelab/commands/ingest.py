"""``framelab ingest PATH... -o articles.parquet [--rejects R] [--layout L] [--languages ar,en]``."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    from ..ingest.config import layout_names

    p = sub.add_parser(
        "ingest",
        help="read files, folders and .tar.gz/.zip archives of news into an articles table",
        description="Read news (text dumps, HTML, JSONL, CSV, corpus layouts) into one parquet "
        "articles table; unreadable inputs go to a rejects table with a one-line reason.",
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="files, folders or archives")
    p.add_argument("-o", "--output", required=True, help="articles table to write (.parquet)")
    p.add_argument("--rejects", help="rejects table (default: <output stem>_rejects.parquet)")
    p.add_argument(
        "--layout", default="auto", choices=list(layout_names()), help="default: auto-detect"
    )
    p.add_argument(
        "--languages",
        help="candidate languages for detection, comma-separated ISO 639-1 codes "
        "(default: ar,en,ru,tr,az,fr,de,es,fa)",
    )
    p.add_argument("--default-language", help="assume this language instead of detecting it")
    p.add_argument("--max-file-mb", type=float, default=50, help="larger files are rejected unread")
    p.add_argument(
        "--max-article-chars",
        type=int,
        default=1_000_000,
        help="articles with a longer text are rejected (too_long)",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from ..ingest import ingest_paths
    from ..ingest.language import parse_language_list
    from ..ingest.report import summary_text
    from ..io import write_table

    out = Path(args.output)
    rejects_path = (
        Path(args.rejects) if args.rejects else out.with_name(f"{out.stem}_rejects.parquet")
    )
    result = ingest_paths(
        args.paths,
        layout=args.layout,
        candidate_languages=parse_language_list(args.languages),
        default_language=args.default_language,
        max_file_mb=args.max_file_mb,
        max_article_chars=args.max_article_chars,
        progress=True,
    )
    write_table(result.articles, out)
    write_table(result.rejects, rejects_path)
    print(summary_text(result))
    print(f"articles: {out}\nrejects:  {rejects_path}")
    return 0
