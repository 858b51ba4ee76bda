"""``framelab summary``: each stage's real state (ok, stale, failed, missing) and where things are."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "summary",
        help="each stage's state (ok / stale / failed / missing) and the outputs of this project",
    )
    p.add_argument(
        "--check",
        action="store_true",
        help="exit with status 1 when a stage is not ok (for scripts)",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..summary import assess_pipeline, has_problems, summarise

    print(summarise())
    return 1 if args.check and has_problems(assess_pipeline()) else 0
