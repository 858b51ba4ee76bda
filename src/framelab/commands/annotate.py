"""``framelab annotate CLEAN.parquet --out-dir DIR [--models-dir D]``: the Stanza annotation stage.

Writes ``DIR/tokens/part-*.parquet``, ``DIR/entities/part-*.parquet`` and
``DIR/annotate_status.parquet`` with the ``nlp`` section of params.yaml (options override it).
"""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "annotate", help="annotate clean articles with Stanza (tokens, parses, entities)"
    )
    p.add_argument("clean", metavar="CLEAN.parquet", help="the clean table (stage clean)")
    p.add_argument(
        "--out-dir", required=True, metavar="DIR", help="folder for tokens/, entities/, status"
    )
    p.add_argument(
        "--models-dir", metavar="D", help="Stanza model folder (overrides nlp.models_dir)"
    )
    p.add_argument("--processors", help="e.g. tokenize,mwt,pos (overrides nlp.processors)")
    p.add_argument("--languages", help="comma-separated, e.g. ar,en (overrides nlp.languages)")
    p.add_argument(
        "--on-missing-model", choices=["skip", "error"], help="overrides nlp.on_missing_model"
    )
    p.add_argument(
        "--no-cache", action="store_true", help="neither read nor write the annotation cache"
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from ..io import read_table
    from ..nlp import NlpSettings, annotate_articles
    from ..project import stage_params

    params = stage_params("nlp")
    if args.models_dir:
        params["models_dir"] = str(Path(args.models_dir).resolve())
    if args.processors:
        params["processors"] = args.processors
    if args.languages:
        params["languages"] = [x.strip() for x in args.languages.split(",") if x.strip()]
    if args.on_missing_model:
        params["on_missing_model"] = args.on_missing_model
    if args.no_cache:
        params["cache_dir"] = None
    settings = NlpSettings.from_params(params)
    clean = read_table(args.clean)
    out = Path(args.out_dir)
    summary = annotate_articles(
        clean, settings, out / "tokens", out / "entities", out / "annotate_status.parquet"
    )
    print(
        f"{summary['n_articles']} articles: {summary['n_annotated']} annotated, "
        f"{summary['n_cached']} cached, {summary['n_skipped']} skipped; "
        f"{summary['n_sentences']} sentences, {summary['n_words']} words, "
        f"{summary['n_entities']} entities -> {out}"
    )
    for language, reason in summary["language_errors"].items():
        print(f"  {language}: {reason}")
    return 0
