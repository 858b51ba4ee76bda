"""Progress bars that work in the three places stages run.

* Under the stage runner (``framelab notebook STAGE``, what ``dvc repro`` calls): the runner sets
  ``FRAMELAB_PROGRESS=text`` for the kernel and forwards the kernel's stderr to the terminal, so
  a plain-text bar is drawn on stderr, redrawn at most every ``FRAMELAB_PROGRESS_SECONDS``
  (default 10) so that a log of a long run stays small.
* In JupyterLab: ``tqdm.auto`` draws its widget bar (ipywidgets is a pinned dependency).
* In a plain terminal (the CLI): tqdm's text bar, only when stderr is a terminal.
"""

from __future__ import annotations

import os
import sys
from typing import Any

PROGRESS_ENV = "FRAMELAB_PROGRESS"
INTERVAL_ENV = "FRAMELAB_PROGRESS_SECONDS"
DEFAULT_INTERVAL = 10.0


def progress_interval() -> float:
    """Seconds between redraws of the text bar (``FRAMELAB_PROGRESS_SECONDS``, default 10)."""
    try:
        value = float(os.environ.get(INTERVAL_ENV, DEFAULT_INTERVAL))
    except ValueError:
        return DEFAULT_INTERVAL
    return value if value >= 0 else DEFAULT_INTERVAL


def in_kernel() -> bool:
    """Whether this code runs inside a Jupyter kernel (JupyterLab, papermill)."""
    shell = sys.modules.get("IPython")
    if shell is None:
        return False
    try:
        ip = shell.get_ipython()  # type: ignore[attr-defined]
    except AttributeError:
        return False
    return ip is not None and hasattr(ip, "kernel")


def progress_bar(
    total: int | None = None,
    *,
    desc: str,
    unit: str = " articles",
    enabled: bool | None = None,
    **kwargs: Any,
) -> Any:
    """A tqdm bar for the current place (see the module doc). ``enabled``: None = automatic
    (under the runner or in a notebook: on; in a terminal: on a TTY only), True/False force it."""
    if enabled is False:
        from tqdm.std import tqdm

        return tqdm(total=total, desc=desc, unit=unit, disable=True, **kwargs)
    if os.environ.get(PROGRESS_ENV) == "text":
        from tqdm.std import tqdm

        interval = progress_interval()
        return tqdm(
            total=total,
            desc=desc,
            unit=unit,
            file=sys.stderr,
            mininterval=interval,
            maxinterval=max(interval, 10.0),
            miniters=1,
            ncols=100,
            ascii=True,
            disable=False,
            **kwargs,
        )
    if in_kernel():
        from tqdm.auto import tqdm

        return tqdm(total=total, desc=desc, unit=unit, disable=False, **kwargs)
    from tqdm.std import tqdm

    return tqdm(
        total=total, desc=desc, unit=unit, disable=None if enabled is None else False, **kwargs
    )
