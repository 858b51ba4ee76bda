"""The ``framelab`` command line: a thin face over the package.

Each subcommand lives in ``framelab.commands.<name>`` and exposes ``register(subparsers)``; it
imports its stage lazily so that ``framelab ingest`` never loads Stanza or torch.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys

from . import __version__
from .errors import FramelabError

COMMANDS = [
    "ingest",
    "clean",
    "annotate",
    "models",
    "quotes",
    "dates",
    "framing",
    "evaluate",
    "code",
    "notebook",
    "summary",
    "deps",
    "plots",
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="framelab", description="Media-framing analysis of multilingual news."
    )
    parser.add_argument("--version", action="version", version=f"framelab {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        try:
            module = importlib.import_module(f"framelab.commands.{name}")
        except ModuleNotFoundError as err:  # a stage not built yet
            if err.name and err.name.startswith("framelab.commands"):
                continue
            raise
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO,
        format="%(levelname)s %(name)s: %(message)s",
    )
    if not getattr(args, "func", None):
        parser.print_help()
        return 1
    try:
        return int(args.func(args) or 0)
    except FramelabError as err:
        print(f"framelab: error: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:  # pragma: no cover
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
