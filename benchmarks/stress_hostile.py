"""Stress run of the hostile-input suite: every case alone, in its own process, with a time limit
per stage (CPU seconds); then (``--notebooks``) the whole corpus through the real stage notebooks.

The generator (``tests/hostile_inputs.py``) writes the inputs; ``tests/hostile_run.py`` runs the
stages and does the accounting. Per case the outcome is one of: ok, crash (a stage raised), hang
(a stage used more than ``--stage-timeout`` CPU seconds, or sat blocked ten times that long, and
was killed), loss (fewer rows than input items
and no reject naming the damage, or articles missing at a later stage) or verdict (a wrong
decision: text rejected as binary, an impossible date moved, a link followed, ...).

Run::

    OMP_NUM_THREADS=1 MPLBACKEND=Agg .venv/bin/python benchmarks/stress_hostile.py \\
        [--seed 12] [--variant 0] [--scale 4] [--stage-timeout 60] [--notebooks] \\
        [--out benchmarks/results/hostile.json] [--keep DIR]

Results: per category the number of cases and of crashes, hangs, losses and wrong verdicts,
plus one line per failing case. To measure another version of framelab on the same corpus, put its
``src`` first on ``PYTHONPATH`` and point ``FRAMELAB_HOSTILE_PROJECT`` at its tree (params.yaml,
notebooks, codebooks).
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("MPLBACKEND", "Agg")

ROOT = Path(__file__).resolve().parents[1]
TESTS = ROOT / "tests"
sys.path.insert(0, str(TESTS))

from hostile_inputs import generate, restore_permissions  # noqa: E402

MEMORY_LIMIT = 6 * 1024**3  # address space of one case's process: /dev/zero must not eat the box


# a stage "hangs" when it spends more than --stage-timeout CPU seconds (the machine is shared, so
# wall time says little), or sits BLOCKED_FACTOR times that long in wall time (blocked on a read)
BLOCKED_FACTOR = 10


def _cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a process (Linux /proc), 0 when unknown."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0.0


def _limit_memory() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def run_case(corpus: Path, name: str, work: Path, stage_timeout: float) -> dict[str, Any]:
    """One case in a subprocess; a stage running past ``stage_timeout`` is a hang."""
    out = work / f"{name}.json"
    marker = out.with_suffix(".stage")
    log = out.with_suffix(".log")
    proc = subprocess.Popen(
        [sys.executable, str(TESTS / "hostile_run.py"), "case", str(corpus), name, str(out)],
        stdout=subprocess.DEVNULL,
        stderr=log.open("wb"),
        start_new_session=True,
        preexec_fn=_limit_memory,
    )
    stage, since, cpu_since = None, time.monotonic(), 0.0
    while proc.poll() is None:
        time.sleep(0.2)
        current = marker.read_text() if marker.exists() else "start"
        cpu = _cpu_seconds(proc.pid)
        if current != stage:
            stage, since, cpu_since = current, time.monotonic(), cpu
        elif (
            cpu - cpu_since > stage_timeout
            or time.monotonic() - since > BLOCKED_FACTOR * stage_timeout
        ):
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            return {"hang": stage, "crashes": {}, "losses": [], "verdicts": []}
    stderr = log.read_text(encoding="utf-8", errors="replace")
    if proc.returncode or not out.exists():
        tail = stderr.strip().splitlines()[-1:] or [f"exit code {proc.returncode}"]
        return {"hang": None, "crashes": {"process": tail[0][:300]}, "losses": [], "verdicts": []}
    result = json.loads(out.read_text())
    result["hang"] = None
    return result


def classify(result: dict[str, Any]) -> list[str]:
    kinds = []
    if result.get("hang"):
        kinds.append("hang")
    if result.get("crashes"):
        kinds.append("crash")
    if result.get("losses"):
        kinds.append("loss")
    if result.get("verdicts"):
        kinds.append("verdict")
    return kinds


def run_notebooks(corpus: Path, cases: list, stage_timeout: float) -> dict[str, Any]:
    """The whole corpus through ``framelab notebook STAGE`` in a scratch project."""
    project = corpus / "project"
    project.mkdir(exist_ok=True)
    tree = Path(os.environ.get("FRAMELAB_HOSTILE_PROJECT") or ROOT)
    shutil.copy2(tree / "params.yaml", project / "params.yaml")
    shutil.copytree(tree / "notebooks", project / "notebooks", dirs_exist_ok=True)
    shutil.copytree(tree / "data" / "codebooks", project / "data" / "codebooks", dirs_exist_ok=True)
    whole = len(cases) == len(list((corpus / "inputs").iterdir())) + sum(
        bool(c.paths) for c in cases
    )
    folders = (
        [corpus / "inputs"] if whole else [corpus / "inputs" / c.name for c in cases if not c.paths]
    )
    inputs = [str(f) for f in folders] + [str(p) for c in cases for p in c.paths]
    env = {**os.environ, "FRAMELAB_PROJECT_ROOT": str(project)}
    framelab = Path(sys.executable).parent / "framelab"
    report: dict[str, Any] = {"stages": {}}
    for stage in ("ingest", "clean", "annotate", "quotes", "dates", "framing", "report"):
        cmd = [str(framelab), "notebook", stage]
        if stage == "ingest":
            cmd += ["-p", "inputs=" + json.dumps(inputs)]
        start = time.monotonic()
        try:
            proc = subprocess.run(
                cmd, env=env, capture_output=True, timeout=stage_timeout * BLOCKED_FACTOR
            )
        except subprocess.TimeoutExpired:
            report["stages"][stage] = "hang"
            break
        seconds = round(time.monotonic() - start, 1)
        if proc.returncode:
            tail = proc.stderr.decode("utf-8", "replace").strip().splitlines()[-1:]
            report["stages"][stage] = f"crash: {tail[0][:300] if tail else proc.returncode}"
            break
        report["stages"][stage] = f"ok ({seconds} s)"
    report["unescaped_html"] = unescaped_outputs(project)
    return report


def unescaped_outputs(project: Path) -> list[str]:
    """Executed notebooks and the report whose HTML holds the suite's markup unescaped."""
    needles = ("<script>alert", "<img src=x onerror")
    found = []
    for path in sorted((project / "reports").rglob("*")):
        if path.suffix not in (".ipynb", ".html"):
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        if path.suffix == ".ipynb":
            text = "\n".join(_html_outputs(json.loads(text)))
        hits = [n for n in needles if n in text]
        if hits:
            found.append(f"{path.relative_to(project)}: {', '.join(hits)}")
    return found


def _html_outputs(notebook: dict[str, Any]) -> list[str]:
    out = []
    for cell in notebook.get("cells", []):
        for output in cell.get("outputs", []):
            html = (output.get("data") or {}).get("text/html")
            if html:
                out.append("".join(html) if isinstance(html, list) else html)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--variant", type=int, default=0)
    parser.add_argument("--scale", type=int, default=4)
    parser.add_argument("--stage-timeout", type=float, default=60.0)
    parser.add_argument("--notebooks", action="store_true", help="also run the stage notebooks")
    parser.add_argument("--only", nargs="*", help="run only these cases (also in the notebooks)")
    parser.add_argument("--out", type=Path, default=None, help="write the summary JSON here")
    parser.add_argument("--keep", type=Path, default=None, help="corpus folder to keep")
    args = parser.parse_args(argv)

    corpus = args.keep or Path(tempfile.mkdtemp(prefix="framelab-hostile-"))
    if corpus.exists() and any(corpus.iterdir()):
        restore_permissions(corpus)
        shutil.rmtree(corpus)
    corpus.mkdir(parents=True, exist_ok=True)
    cases = generate(corpus, seed=args.seed, variant=args.variant, scale=args.scale)
    (corpus / "cases.pickle").write_bytes(pickle.dumps(cases))
    work = corpus / "work"
    work.mkdir()
    per_case: dict[str, Any] = {}
    by_category: dict[str, Counter] = defaultdict(Counter)
    for case in cases:
        if args.only and case.name not in args.only:
            continue
        result = run_case(corpus, case.name, work, args.stage_timeout)
        kinds = classify(result)
        by_category[case.category]["cases"] += 1
        for kind in kinds:
            by_category[case.category][kind] += 1
        per_case[case.name] = {"category": case.category, "outcome": kinds or ["ok"], **result}
        print(f"{case.category:10s} {case.name:20s} {' '.join(kinds) or 'ok'}", flush=True)
        for detail in [
            *result.get("crashes", {}).items(),
            *result.get("losses", []),
            *result.get("verdicts", []),
        ]:
            print(f"    {detail}", flush=True)
        if result.get("hang"):
            print(f"    hang in {result['hang']}", flush=True)
    summary: dict[str, Any] = {
        "seed": args.seed,
        "variant": args.variant,
        "scale": args.scale,
        "stage_timeout_s": args.stage_timeout,
        "by_category": {k: dict(v) for k, v in sorted(by_category.items())},
        "totals": dict(sum(by_category.values(), Counter())),
        "cases": per_case,
    }
    if args.notebooks:
        chosen = [c for c in cases if not args.only or c.name in args.only]
        summary["notebooks"] = run_notebooks(corpus, chosen, args.stage_timeout)
        print(json.dumps(summary["notebooks"], indent=1))
    print(json.dumps(summary["by_category"], indent=1))
    print("totals:", summary["totals"])
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(summary, indent=1, ensure_ascii=False) + "\n")
    if not args.keep:
        restore_permissions(corpus)
        shutil.rmtree(corpus, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
