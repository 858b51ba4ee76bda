"""``framelab framing --clean C --quotes Q --timexes T [--tokens DIR] -o DIR [--group-by COL]``.

Runs the framing statistics on the given tables; options default to ``params.yaml``'s ``framing``
section. Writes every table as parquet + CSV into ``-o DIR`` and, optionally, the metrics JSON and
the plot CSVs.
"""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "framing", help="framing statistics: voice, frames, temporal focus, contrasts"
    )
    p.add_argument("--clean", required=True, metavar="PARQUET", help="clean articles table")
    p.add_argument("--quotes", required=True, metavar="PARQUET", help="quotes table")
    p.add_argument("--timexes", required=True, metavar="PARQUET", help="timexes table")
    p.add_argument("--tokens", metavar="DIR", help="Stanza tokens folder (optional: actor roles)")
    p.add_argument("-o", "--out", required=True, metavar="DIR", help="output folder for the tables")
    p.add_argument("--group-by", metavar="COL", help="clean column or meta key (e.g. outlet, bias)")
    p.add_argument("--actors", metavar="YAML", help="actors codebook (default: params.yaml)")
    p.add_argument("--frames", metavar="YAML", help="frames codebook (default: params.yaml)")
    p.add_argument(
        "--contested",
        metavar="YAML",
        help="contested-terms codebook (default: params.yaml; 'none' = not measured)",
    )
    p.add_argument("--resamples", type=int, metavar="N", help="bootstrap resamples")
    p.add_argument("--metrics", metavar="JSON", help="also write the metrics JSON here")
    p.add_argument(
        "--plots", metavar="CSV", help="also write the share-of-voice plot CSV (and siblings)"
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..framing import framing_params, run_framing_files, write_outputs
    from ..project import stage_params

    params = framing_params(stage_params("framing"))
    for key, value in (
        ("group_by", args.group_by),
        ("actors_codebook", args.actors),
        ("frames_codebook", args.frames),
        ("bootstrap_resamples", args.resamples),
    ):
        if value is not None:
            params[key] = value
    if args.contested is not None:  # "none" switches the measure off
        params["contested_codebook"] = (
            None if args.contested.lower() in {"none", "null"} else args.contested
        )
    result = run_framing_files(args.clean, args.quotes, args.timexes, args.tokens, params)
    write_outputs(result, args.out, args.metrics, args.plots)
    m = result.metrics
    print(
        f"framing: {m['n_articles']} articles in {m['n_groups']} {m['group_by']} group(s), "
        f"{m['n_quotes']} quotes, {m['n_dated_timexes']} dated timexes -> {args.out}"
    )
    return 0
