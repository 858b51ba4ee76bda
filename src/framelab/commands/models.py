"""``framelab models list|download``: the Stanza models framelab uses (offline at run time)."""

from __future__ import annotations

import argparse

FULL_PROCESSORS = "tokenize,mwt,pos,lemma,depparse,ner"


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("models", help="list or download Stanza models")
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True)

    d = actions.add_parser("download", help="fetch official Stanza models (needs internet)")
    d.add_argument("languages", nargs="+", metavar="LANG", help="ISO 639-1 codes, e.g. ar en")
    d.add_argument(
        "--dir",
        metavar="D",
        help="model folder (default: nlp.models_dir, $STANZA_RESOURCES_DIR, ~/stanza_resources)",
    )
    d.add_argument("--processors", default=FULL_PROCESSORS, help=f"default: {FULL_PROCESSORS}")
    d.add_argument(
        "--package",
        default="default_fast",
        help="Stanza package: default_fast (CPU, the default), default, default_accurate",
    )
    d.set_defaults(func=run_download)

    ls = actions.add_parser("list", help="show installed languages, processors and packages")
    ls.add_argument("--dir", metavar="D", help="model folder (default as for download)")
    ls.add_argument("--all", action="store_true", help="also list packages that are not installed")
    ls.set_defaults(func=run_list)


def models_dir_from(args: argparse.Namespace):
    """``--dir``, else nlp.models_dir of params.yaml, else the Stanza default folder."""
    from pathlib import Path

    from ..nlp.settings import NlpSettings
    from ..project import stage_params

    if args.dir:
        return Path(args.dir).expanduser().resolve()
    models_dir = stage_params("nlp").get("models_dir")
    return NlpSettings(models_dir=models_dir).resolved_models_dir()


def run_download(args: argparse.Namespace) -> int:
    from ..nlp.models import download_models
    from ..nlp.settings import normalise_processors

    processors = ",".join(normalise_processors(args.processors))
    target = models_dir_from(args)
    for path in download_models(args.languages, target, processors, args.package):
        print(f"installed {path}")
    print(f"set nlp.models_dir: {target} in params.yaml (or STANZA_RESOURCES_DIR) to use them")
    return 0


def run_list(args: argparse.Namespace) -> int:
    from ..errors import ModelMissingError
    from ..nlp.models import installed_models

    target = models_dir_from(args)
    try:
        table = installed_models(target)
    except ModelMissingError:
        print(
            f"no Stanza models in {target} (no resources.json); "
            "fetch some with `framelab models download LANG`"
        )
        return 1
    print(format_model_table(table if args.all else table[table["installed"]], target))
    return 0


def format_model_table(table, folder) -> str:
    """One line per language and processor: installed packages, the default one starred."""
    lines = [f"Stanza models in {folder}"]
    if table.empty:
        lines.append("  (none installed)")
        return "\n".join(lines)
    for (lang, name), group in table.groupby(["language", "lang_name"], sort=True):
        size = group["size_mb"].fillna(0).sum()
        lines.append(f"  {lang} ({name}), {size:.1f} MB")
        for proc, rows in group.groupby("processor", sort=False):
            pkgs = ", ".join(
                f"{r.package}{'*' if r.default else ''}{'' if r.installed else ' (missing)'}"
                for r in rows.itertuples()
            )
            lines.append(f"    {proc:<10} {pkgs}")
    lines.append("  (* = default package)")
    return "\n".join(lines)
