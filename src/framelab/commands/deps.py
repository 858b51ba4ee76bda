"""``framelab deps --check | --write``: the ingest stage depends on every ``ingest.inputs`` path."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "deps",
        help="keep dvc.yaml's ingest deps in step with params.yaml ingest.inputs",
        description="DVC cannot template a list into deps: this writes every path of "
        "params.yaml ingest.inputs into the ingest stage's deps in dvc.yaml (--write), or says "
        "which are missing (--check, exit 1), so editing an input reruns the pipeline.",
    )
    group = p.add_mutually_exclusive_group()
    group.add_argument("--check", action="store_true", help="list missing deps; exit 1 if any")
    group.add_argument("--write", action="store_true", help="rewrite the ingest inputs deps")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..dvc_deps import missing_input_deps, write_input_deps
    from ..project import project_root

    root = project_root()
    if args.write:
        changed = write_input_deps(root)
        print("dvc.yaml: ingest deps " + ("updated" if changed else "already up to date"))
        return 0
    missing = missing_input_deps(root)
    for path in missing:
        print(f"ingest.inputs path {path} is not a dependency of the ingest stage in dvc.yaml")
    if missing:
        print("run `framelab deps --write` so that editing it reruns the pipeline")
        return 1
    print("dvc.yaml: the ingest stage depends on every ingest.inputs path")
    return 0
