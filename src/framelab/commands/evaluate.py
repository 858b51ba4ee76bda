"""``framelab evaluate {clean,quotes,dates,frames} GOLD.jsonl... [--json OUT]``."""

from __future__ import annotations

import argparse
import importlib


def register(sub: argparse._SubParsersAction) -> None:
    from ..evaluate import TASKS

    p = sub.add_parser("evaluate", help="score extraction against gold files (P/R/F1)")
    tasks = p.add_subparsers(dest="task", metavar="TASK", required=True)
    for task in TASKS:
        try:
            module = importlib.import_module(f"framelab.evaluate.{task}")
        except ModuleNotFoundError as err:
            if err.name == f"framelab.evaluate.{task}":
                continue
            raise
        t = tasks.add_parser(task, help=(module.__doc__ or task).strip().splitlines()[0])
        t.add_argument("gold", nargs="+", metavar="GOLD.jsonl", help="gold file(s), shared format")
        t.add_argument("--json", metavar="OUT", help="also write the scores as JSON")
        module.add_arguments(t)
        t.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..evaluate.common import evaluate_paths, format_table, task_module
    from ..io import write_json

    result = evaluate_paths(args.task, args.gold, args)
    module = task_module(args.task)
    print(format_table(result, module.METRIC_KEYS))
    if hasattr(module, "format_details"):
        print(module.format_details(result))
    if args.json:
        write_json(result, args.json)
        print(f"wrote {args.json}")
    return 0
