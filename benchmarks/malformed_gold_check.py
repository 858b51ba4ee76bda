"""What ``framelab evaluate`` does with each malformed gold file of ``tests/malformed_gold.py``.

Every file is evaluated by the installed ``framelab`` in its own process and classified as
``one_line_error`` (exit status 2, one line on stderr naming the file), ``traceback`` (a Python
traceback), ``scored`` (exit 0: scored without a word) or ``other``.

Run: ``.venv/bin/python benchmarks/malformed_gold_check.py [--out FILE]``.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from malformed_gold import write_cases  # noqa: E402


def classify(task: str, path: Path) -> tuple[str, str]:
    framelab = Path(sys.executable).parent / "framelab"
    proc = subprocess.run(
        [str(framelab), "evaluate", task, str(path)], capture_output=True, text=True, timeout=600
    )
    err = proc.stderr.strip().splitlines()
    if "Traceback" in proc.stderr:
        return "traceback", err[-1] if err else ""
    if proc.returncode == 0:
        return "scored", ""
    lines = [line for line in err if line.strip()]
    if proc.returncode == 2 and len(lines) == 1 and path.name in lines[0]:
        return "one_line_error", lines[0]
    return "other", " | ".join(lines[-2:])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="framelab-malformed-") as tmp:
        results = {}
        for task, path, _field in write_cases(Path(tmp)):
            kind, line = classify(task, path)
            results[path.name] = {"task": task, "outcome": kind, "message": line}
            print(f"{kind:15s} {path.name}: {line}", flush=True)
    counts = Counter(r["outcome"] for r in results.values())
    print(dict(counts))
    if args.out:
        args.out.write_text(json.dumps({"counts": counts, "files": results}, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
