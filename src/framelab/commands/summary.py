"""``framelab summary``: what the pipeline produced and where."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("summary", help="summarise the pipeline outputs of this project")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..summary import summarise

    print(summarise())
    return 0
