"""``framelab clean ARTICLES.parquet -o clean.parquet [--audit A] [--rejects R]``: the clean stage.

Parameters come from the ``clean`` section of params.yaml; ``--set KEY=VALUE`` overrides one.
"""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "clean", help="main text of HTML, site chrome removed from text dumps, dedup"
    )
    p.add_argument("articles", metavar="ARTICLES.parquet", help="the articles table (stage ingest)")
    p.add_argument(
        "-o", "--output", required=True, metavar="CLEAN.parquet", help="clean table to write"
    )
    p.add_argument(
        "--audit", metavar="AUDIT.parquet", help="also write every removed line and its rule"
    )
    p.add_argument("--rejects", metavar="REJECTS.parquet", help="also write the rejected articles")
    p.add_argument(
        "--set",
        dest="overrides",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="override a clean parameter (YAML value), e.g. --set html_extractor=readability",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import yaml

    from ..clean import AUDIT_SCHEMA, CLEAN_SCHEMA, clean_articles
    from ..clean.report import summarize
    from ..errors import FramelabError
    from ..io import REJECTS_SCHEMA, read_table, write_table
    from ..project import stage_params

    params = stage_params("clean")
    for item in args.overrides:
        key, sep, value = item.partition("=")
        if not sep:
            raise FramelabError(f"--set expects KEY=VALUE, got {item!r}")
        params[key.strip()] = yaml.safe_load(value)
    articles = read_table(args.articles)
    try:
        result = clean_articles(articles, **params)
    except (TypeError, ValueError) as err:
        raise FramelabError(f"clean parameters: {err}") from None
    write_table(result.clean, args.output, CLEAN_SCHEMA)
    if args.audit:
        write_table(result.audit, args.audit, AUDIT_SCHEMA)
    if args.rejects:
        write_table(result.rejects, args.rejects, REJECTS_SCHEMA)
    summary = summarize(articles, result)
    removed = ", ".join(f"{k} {v}" for k, v in summary["removed_lines_by_rule"].items()) or "none"
    print(
        f"{summary['n_in']} articles: {summary['n_clean']} clean, {summary['n_rejected']} rejected, "
        f"{summary['n_duplicates']} near-duplicates in {summary['n_duplicate_clusters']} clusters; "
        f"removed lines: {removed} -> {args.output}"
    )
    for reason, n in summary["rejected_by_reason"].items():
        print(f"  rejected ({reason}): {n}")
    return 0
