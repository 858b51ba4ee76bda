"""``framelab notebook STAGE``: run a stage notebook with papermill (what ``dvc repro`` calls)."""

from __future__ import annotations

import argparse

import yaml


def register(sub: argparse._SubParsersAction) -> None:
    from ..notebooks import STAGE_NOTEBOOKS

    p = sub.add_parser("notebook", help="run a stage notebook with its params.yaml section")
    p.add_argument("stage", choices=list(STAGE_NOTEBOOKS))
    p.add_argument(
        "-p",
        "--param",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="override one parameter (VALUE is parsed as YAML)",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..notebooks import run_stage_notebook

    overrides = {}
    for item in args.param:
        key, _, value = item.partition("=")
        overrides[key] = yaml.safe_load(value)
    out = run_stage_notebook(args.stage, overrides=overrides)
    print(f"executed notebook: {out}")
    return 0
