"""``framelab code {sample,import,train}``: human frame coding for validation and learned frames.

* ``framelab code sample --clean PARQUET -n N [--by outlet] [--seed S] -o DIR`` -- a stratified,
  seeded sample of the clean articles with ``sample.jsonl``, ``coding_sheet.csv`` and the offline
  ``coding_form.html`` (frame evidence hidden).
* ``framelab code import SHEET.csv... --sample DIR/sample.jsonl [-o JSON] [--coded JSONL]`` --
  codes from one or more coders: human-human alpha and machine-human agreement per frame (lexicon;
  learned frames by nested cross-validation); writes the validation summary the framing report
  shows (default: ``<codebook>.validation.json`` beside the codebook) and the consensus codes.
* ``framelab code train CODED.jsonl... --model OUT`` -- fit the learned-frames model (settings by
  inner cross-validation) for ``framing.frame_measure: learned``.

The codebook and presence rule default to ``params.yaml``'s framing section (``--codebook``).
"""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("code", help="frame coding: validation sample, agreement, learned frames")
    steps = p.add_subparsers(dest="step", metavar="STEP", required=True)

    s = steps.add_parser("sample", help="stratified seeded sample + coding sheet and HTML form")
    s.add_argument("--clean", required=True, metavar="PARQUET", help="clean articles table")
    s.add_argument("-n", type=int, required=True, help="articles to sample")
    s.add_argument(
        "--by", default=None, help="stratum: clean column or meta key (default group_by)"
    )
    s.add_argument("--seed", type=int, default=None, help="default: params framing.seed")
    s.add_argument("-o", "--out", required=True, metavar="DIR")
    s.add_argument("--codebook", metavar="FILE", help="frames codebook (default: params.yaml)")
    s.add_argument("--keep-duplicates", action="store_true", help="sample near-duplicates too")
    s.set_defaults(func=run_sample)

    i = steps.add_parser("import", help="coders' sheets -> agreement and validation summary")
    i.add_argument("sheets", nargs="+", metavar="SHEET.csv")
    i.add_argument("--sample", required=True, metavar="JSONL", help="sample.jsonl of code sample")
    i.add_argument("--codebook", metavar="FILE", help="frames codebook (default: params.yaml)")
    i.add_argument(
        "-o", "--out", metavar="JSON", help="validation summary (default: beside codebook)"
    )
    i.add_argument("--coded", metavar="JSONL", help="also write the consensus codes (for train)")
    i.add_argument("--cv", type=int, default=5, metavar="K", help="folds for the learned frames")
    i.add_argument("--resamples", type=int, default=1000, help="bootstrap resamples for alpha")
    i.add_argument(
        "--smoke-test", action="store_true", help="mark the summary as a smoke test, not validation"
    )
    i.set_defaults(func=run_import)

    t = steps.add_parser("train", help="fit the learned-frames model on coded items")
    t.add_argument("coded", nargs="+", metavar="CODED.jsonl")
    t.add_argument("--model", required=True, metavar="OUT", help="model file to write")
    t.add_argument("--codebook", metavar="FILE", help="frames codebook (default: params.yaml)")
    t.add_argument("--seed", type=int, default=None, help="default: params framing.seed")
    t.set_defaults(func=run_train)


def _params() -> dict:
    from ..framing import framing_params
    from ..project import stage_params

    return framing_params(stage_params("framing"))


def _codebook(path: str | None, params: dict):
    from ..framing import load_frame_codebook
    from ..project import resolve

    return load_frame_codebook(resolve(path or params["frames_codebook"]))


def run_sample(args: argparse.Namespace) -> int:
    from ..framing.coding import draw_sample, write_coding_sheets
    from ..io import read_table

    params = _params()
    codebook = _codebook(args.codebook, params)
    clean = read_table(args.clean)
    seed = params["seed"] if args.seed is None else args.seed
    by = args.by or params["group_by"]
    sample = draw_sample(
        clean, args.n, by=by, seed=int(seed), exclude_duplicates=not args.keep_duplicates
    )
    written = write_coding_sheets(sample, codebook, args.out)
    strata = sample["stratum"].value_counts().sort_index()
    print(
        f"code sample: {len(sample)} articles in {len(strata)} {by} stratum/strata (seed {seed}) "
        f"-> {written['sheet']}, {written['form']}"
    )
    return 0


def run_import(args: argparse.Namespace) -> int:
    from pathlib import Path

    from ..framing import presence_rule
    from ..framing.coding import agreement_summary, read_codes, read_sample
    from ..framing.validation import validation_path
    from ..io import write_json, write_jsonl

    params = _params()
    codebook = _codebook(args.codebook, params)
    sample = read_sample(args.sample)
    frames = codebook.frames["frame"].tolist()
    codes = read_codes(args.sheets, [str(r["id"]) for r in sample], frames)
    summary, records = agreement_summary(
        sample,
        codes,
        codebook,
        presence_rule(params),
        resamples=args.resamples,
        seed=int(params["seed"]),
        learned_folds=args.cv,
        smoke_test=args.smoke_test,
    )
    out = Path(args.out) if args.out else validation_path(codebook, "auto")
    write_json(summary, out)
    if args.coded:
        write_jsonl(records, args.coded)
    human = summary["human"]["alpha"]
    lexicon = summary["machine"]["lexicon"]
    learned = summary["machine"].get("learned")
    print(
        f"code import: {summary['n_items']} items, coders {', '.join(summary['coders'])}; "
        f"human alpha (mean over frames) {human}; lexicon F1-micro {lexicon['f1_micro']}, "
        f"alpha {lexicon['alpha']}"
        + (f"; learned (CV) F1-micro {learned['f1_micro']}" if learned else "")
        + f" -> {out}"
    )
    return 0


def run_train(args: argparse.Namespace) -> int:
    from ..framing.frame_labels import coded_items
    from ..framing.learned import CodedItems, save_model, select_and_fit
    from ..io import read_jsonl

    params = _params()
    codebook = _codebook(args.codebook, params)
    frames = codebook.frames["frame"].tolist()
    items = CodedItems.concat([coded_items(read_jsonl(p), frames, p) for p in args.coded])
    seed = int(params["seed"] if args.seed is None else args.seed)
    model = select_and_fit(items, codebook, seed=seed)
    model.info.update({"codebook": codebook.name, "trained_on": args.coded, "n_items": len(items)})
    save_model(model, args.model)
    print(
        f"code train: {len(items)} coded items, settings {model.info['selected']} -> {args.model}"
    )
    return 0
