"""``framelab plots``: the DVC plot files as PNG/SVG and one self-contained HTML (no CDN)."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "plots",
        help="draw the pipeline's plot files as PNG/SVG and an offline HTML page",
        description="Unlike `dvc plots show` (its chart library comes from a CDN), the page "
        "this writes opens offline: matplotlib figures, PNG embedded.",
    )
    p.add_argument("-o", "--out", help="output folder (default: reports/plots/static)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..plots import write_plots
    from ..project import project_root

    index = write_plots(project_root(), args.out)
    print(f"plots: {index}")
    return 0
