"""Runs the pipeline (ingest -> clean -> quotes -> dates -> framing) on hostile inputs and checks
that nothing is lost: per input, ``articles in == processed + rejected`` at every stage.

Used by ``tests/test_hostile_inputs.py`` (in-process, small corpus) and by
``benchmarks/stress_hostile.py`` (one subprocess per case with a time limit per stage, larger
corpus, plus the notebooks). The stages are called as the notebooks call them, and every table is
written with :func:`framelab.io.write_table`, so that a name or text that parquet cannot store, or
HTML that a notebook cannot save, fails here as it would in ``dvc repro``.

``python hostile_run.py case ROOT NAME OUT`` runs one case of a corpus made by
``hostile_inputs.generate`` and writes its outcome as JSON to ``OUT``.
"""

from __future__ import annotations

import json
import os
import sys
import time
import traceback
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

# the project whose params.yaml and codebooks the stages use (another tree: compare versions)
PROJECT = Path(os.environ.get("FRAMELAB_HOSTILE_PROJECT") or Path(__file__).resolve().parents[1])
sys.path.insert(0, str(Path(__file__).resolve().parent))

from hostile_inputs import DAMAGE_REASONS, Case, case_of  # noqa: E402

STAGES = ("ingest", "clean", "quotes", "dates", "framing")


@dataclass
class Outcome:
    """What happened to one run (one case, or the whole corpus)."""

    crashes: dict[str, str] = field(default_factory=dict)  # stage -> one-line error
    timings: dict[str, float] = field(default_factory=dict)
    losses: list[str] = field(default_factory=list)  # silently lost articles, described
    verdicts: list[str] = field(default_factory=list)  # wrong verdicts, described
    counts: dict[str, Any] = field(default_factory=dict)

    def ok(self) -> bool:
        return not (self.crashes or self.losses or self.verdicts)


def stage_params(section: str) -> dict[str, Any]:
    from framelab.project import stage_params as read

    return read(section, PROJECT)


def html_of(frame: pd.DataFrame) -> None:
    """What a notebook does with a displayed table: HTML, saved as UTF-8 JSON."""
    json.dumps(frame.head(50).to_html(), ensure_ascii=False).encode("utf-8")


def run_pipeline(
    root: Path,
    inputs: Sequence[Path],
    out: Path,
    *,
    ingest_options: dict[str, Any] | None = None,
    on_stage: Callable[[str], None] | None = None,
) -> tuple[Outcome, dict[str, pd.DataFrame]]:
    """Every stage on ``inputs``; a crash stops the run at that stage (recorded, not raised)."""
    from framelab.io import REJECTS_SCHEMA, write_json, write_table

    outcome = Outcome()
    tables: dict[str, pd.DataFrame] = {}
    out.mkdir(parents=True, exist_ok=True)

    def stage(name: str, work: Callable[[], None]) -> bool:
        if on_stage is not None:
            on_stage(name)
        start = time.perf_counter()
        try:
            work()
        except BaseException as err:  # noqa: BLE001 - a crash is what we measure
            if isinstance(err, KeyboardInterrupt):
                raise
            last = traceback.extract_tb(err.__traceback__)[-1]
            outcome.crashes[name] = (
                f"{type(err).__name__}: {str(err).splitlines()[0] if str(err) else ''}"[:300]
                + f" ({Path(last.filename).name}:{last.lineno})"
            )
            return False
        finally:
            outcome.timings[name] = round(time.perf_counter() - start, 2)
        return True

    def ingest() -> None:
        from framelab.ingest import ARTICLES_SCHEMA, ingest_paths
        from framelab.ingest.params import IngestParams
        from framelab.ingest.report import ingest_metrics

        params = IngestParams.from_mapping({**stage_params("ingest"), **(ingest_options or {})})
        result = ingest_paths(list(inputs), relative_to=root, **params.reader_options())
        write_table(result.articles, out / "articles.parquet", ARTICLES_SCHEMA)
        write_table(result.rejects, out / "ingest_rejects.parquet", REJECTS_SCHEMA)
        write_json(ingest_metrics(result), out / "ingest.json")
        html_of(result.articles.drop(columns=["raw"]))
        html_of(result.rejects)
        tables["articles"], tables["ingest_rejects"] = result.articles, result.rejects

    def clean() -> None:
        from framelab.clean import AUDIT_SCHEMA, CLEAN_SCHEMA, clean_articles

        result = clean_articles(tables["articles"], **stage_params("clean"))
        write_table(result.clean, out / "clean.parquet", CLEAN_SCHEMA)
        write_table(result.audit, out / "clean_audit.parquet", AUDIT_SCHEMA)
        write_table(result.rejects, out / "clean_rejects.parquet", REJECTS_SCHEMA)
        html_of(result.clean.drop(columns=["offset_clean", "offset_raw", "offset_len"]))
        tables["clean"], tables["clean_rejects"] = result.clean, result.rejects

    def quotes() -> None:
        from framelab.quotes import QUOTES_SCHEMA, run_quotes

        result = run_quotes(tables["clean"], None, None, **stage_params("quotes"))
        write_table(result.quotes, out / "quotes.parquet", QUOTES_SCHEMA)
        write_table(result.rejects, out / "quotes_rejects.parquet", REJECTS_SCHEMA)
        html_of(result.quotes)
        _stage_counts(outcome, "quotes", len(tables["clean"]), result)
        tables["quotes"], tables["quotes_rejects"] = result.quotes, result.rejects

    def dates() -> None:
        from framelab.dates import TIMEX_SCHEMA, run_dates

        params = stage_params("dates")
        result = run_dates(
            tables["clean"], lexicon=params.get("lexicon"), languages=params.get("languages")
        )
        write_table(result.timexes, out / "timexes.parquet", TIMEX_SCHEMA)
        write_table(result.rejects, out / "dates_rejects.parquet", REJECTS_SCHEMA)
        html_of(result.timexes)
        _stage_counts(outcome, "dates", len(tables["clean"]), result)
        tables["timexes"], tables["dates_rejects"] = result.timexes, result.rejects

    def framing() -> None:
        from framelab.framing import write_outputs
        from framelab.framing.pipeline import load_codebooks, run_framing
        from framelab.io import empty_frame
        from framelab.nlp import TOKENS_SCHEMA

        params = stage_params("framing")
        actors, frames = load_codebooks(params, PROJECT)
        result = run_framing(
            tables["clean"],
            tables["quotes"],
            tables["timexes"],
            empty_frame(TOKENS_SCHEMA),
            actors,
            frames,
            params,
        )
        write_outputs(result, out / "framing", out / "framing.json", out / "framing_sov.csv")
        for table in result.tables.values():
            html_of(table)

    for name, work in zip(STAGES, (ingest, clean, quotes, dates, framing), strict=True):
        if not stage(name, work):
            break
    return outcome, tables


# ---------------------------------------------------------------------------- accounting
def _stage_counts(outcome: Outcome, stage: str, given: int, result: Any) -> None:
    """A stage's own count: every article of its input processed or rejected."""
    if not (given == result.n_articles == result.n_processed + len(result.rejects)):
        outcome.losses.append(
            f"{stage}: {given} articles in, {result.n_processed} processed + "
            f"{len(result.rejects)} rejected"
        )


def _ids(frame: pd.DataFrame | None) -> Counter:
    if frame is None or frame.empty:
        return Counter()
    return Counter(frame["article_id"].astype(object).where(frame["article_id"].notna(), None))


def check_downstream(tables: dict[str, pd.DataFrame], outcome: Outcome) -> None:
    """Every article of a stage's input ends processed or rejected at clean, quotes and dates."""
    if "clean" in tables:
        given = _ids(tables["articles"])
        got = _ids(tables["clean"]) + _ids(tables["clean_rejects"])
        if given != got:
            outcome.losses.append(f"clean: {sum((given - got).values())} article(s) unaccounted")
    for stage in ("quotes", "dates"):  # processed articles may have no rows: counts are checked
        if f"{stage}_rejects" not in tables:
            continue
        given = set(_ids(tables["clean"]))
        rejected = set(_ids(tables[f"{stage}_rejects"]))
        if not rejected <= given:
            outcome.losses.append(f"{stage}: rejects name articles that are not in its input")
    counts = outcome.counts
    counts.update(
        articles=len(tables.get("articles", ())),
        ingest_rejects=len(tables.get("ingest_rejects", ())),
        clean=len(tables.get("clean", ())),
        clean_rejects=len(tables.get("clean_rejects", ())),
        quotes_rejects=len(tables.get("quotes_rejects", ())),
        dates_rejects=len(tables.get("dates_rejects", ())),
    )


def check_case(case: Case, tables: dict[str, pd.DataFrame], outcome: Outcome) -> None:
    """Ingest accounting and the case's own verdict checks, on the rows of this case only."""
    if "articles" not in tables:
        return
    articles = _rows_of(tables["articles"], case.name)
    rejects = _rows_of(tables["ingest_rejects"], case.name)
    rows = len(articles) + len(rejects)
    damaged = rejects["reason"].isin(DAMAGE_REASONS).any() if len(rejects) else False
    if rows < case.units and not (case.partial and damaged):
        outcome.losses.append(f"{case.name}: {case.units} input items, {rows} rows")
    if rows > case.units + (1 if case.partial else 0):
        outcome.verdicts.append(f"{case.name}: {case.units} input items but {rows} rows")
    if len(articles) < case.min_articles:
        outcome.verdicts.append(
            f"{case.name}: {len(articles)} articles, expected at least {case.min_articles} "
            f"(rejects: {dict(Counter(rejects['reason']))})"
        )
    for check in case.checks:
        outcome.verdicts += check(articles, rejects)
    for suffix in case.downstream:
        for stage in ("quotes", "dates"):
            rejected = tables.get(f"{stage}_rejects")
            if rejected is None:
                continue
            hit = rejected[rejected["source_path"].astype(str).str.endswith(suffix)]
            if len(hit):
                outcome.verdicts.append(
                    f"{case.name}: {suffix} rejected by {stage} ({hit['reason'].iloc[0]})"
                )


def _rows_of(frame: pd.DataFrame, name: str) -> pd.DataFrame:
    if frame.empty:
        return frame
    mask = frame["source_path"].astype(str).map(case_of) == name
    return frame[mask]


def run_case(root: Path, case: Case, out: Path, **kw: Any) -> Outcome:
    inputs = case.paths or [root / "inputs" / case.name]
    outcome, tables = run_pipeline(root, inputs, out, **kw)
    check_case(case, tables, outcome)
    check_downstream(tables, outcome)
    return outcome


def main(argv: list[str]) -> int:
    """``case ROOT NAME OUT``: run one case of the corpus at ROOT, outcome JSON to OUT; the
    stage being run is written to OUT.stage so that a parent killing a hang knows where."""
    import pickle

    _, root, name, out = argv
    root, out = Path(root), Path(out)
    cases = pickle.loads((root / "cases.pickle").read_bytes())
    case = next(c for c in cases if c.name == name)
    marker = out.with_suffix(".stage")

    def on_stage(stage: str) -> None:
        marker.write_text(stage)

    outcome = run_case(root, case, out.parent / f"{name}-tables", on_stage=on_stage)
    out.write_text(json.dumps(asdict(outcome), ensure_ascii=True, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
