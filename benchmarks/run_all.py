"""Run every benchmark script in this folder (``make bench``), one subprocess each.

Each ``bench_*.py`` measures one stage on the corpora in ``../shared`` and writes
``benchmarks/results/<name>.json``; ``docs/benchmarks.md`` collects the figures.
Benchmarks measure speed and memory; tests never do.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(argv: list[str] | None = None) -> int:
    names = argv if argv else None
    failed = []
    for script in sorted(HERE.glob("bench_*.py")):
        if names and script.stem not in names and script.stem.removeprefix("bench_") not in names:
            continue
        print(f"== {script.name}", flush=True)
        if subprocess.run([sys.executable, str(script)], cwd=HERE.parent).returncode:
            failed.append(script.name)
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
