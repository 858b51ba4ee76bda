"""The ``compute`` section of ``params.yaml``: where per-article work runs.

Where work runs is configuration, not a result: no stage lists ``compute`` among its DVC params,
so changing it never makes ``dvc repro`` rerun a stage, and every backend gives the same tables.
The section is read at run time by :func:`load_compute_settings`; ``$FRAMELAB_SCHEDULER``
overrides ``compute.scheduler`` (handy on a batch queue: ``FRAMELAB_SCHEDULER=tcp://... dvc repro``).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

from ..errors import FramelabError
from ..project import load_params

SCHEDULER_ENV = "FRAMELAB_SCHEDULER"
IN_PROCESS = "in-process"
LOCAL = "local"
ADDRESS_PREFIXES = ("tcp://", "tls://", "ucx://", "inproc://", "ws://", "wss://")


@dataclass(frozen=True)
class ComputeSettings:
    """Settings of the partitioned runner (:func:`framelab.compute.run_partitioned`).

    ``scheduler``: ``in-process`` (default: no Dask imported), ``local`` (a Dask LocalCluster of
    ``workers`` processes on this machine, started and stopped by the stage) or the address of a
    running Dask scheduler (``tcp://host:8786``). ``partition_size``: articles per task.
    ``threads_per_worker``: threads of a local-cluster worker (keep 1 for Stanza on CPU).
    ``retries``: reruns of a task that raised; a task whose worker died is rerun by the scheduler.
    ``connect_timeout``: seconds to wait for a scheduler before giving up (nothing runs then).
    ``memory_limit``: per local worker (``auto``, ``4GB``, ...). ``dashboard``: start the Dask
    dashboard of a local cluster (its link is logged)."""

    scheduler: str = IN_PROCESS
    workers: int = 2
    threads_per_worker: int = 1
    partition_size: int = 200
    retries: int = 2
    connect_timeout: float = 10.0
    memory_limit: str = "auto"
    dashboard: bool = True

    @classmethod
    def from_params(cls, params: Mapping[str, Any] | None = None) -> ComputeSettings:
        """Build from the ``compute`` section (unknown keys are an error: usually typos)."""
        values = dict(params or {})
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(values) - known)
        if unknown:
            raise FramelabError(
                f"compute: unknown parameter(s) {', '.join(unknown)}; known: {', '.join(sorted(known))}"
            )
        settings = cls(**values)
        settings.validate()
        return settings

    @property
    def distributed(self) -> bool:
        """True when work goes to Dask (a local cluster or a scheduler address)."""
        return self.scheduler != IN_PROCESS

    def validate(self) -> None:
        scheduler = self.scheduler
        if not isinstance(scheduler, str) or not (
            scheduler in (IN_PROCESS, LOCAL) or scheduler.startswith(ADDRESS_PREFIXES)
        ):
            raise FramelabError(
                f"compute.scheduler: {scheduler!r} is not '{IN_PROCESS}', '{LOCAL}' "
                "or a scheduler address such as tcp://host:8786"
            )
        for name in ("workers", "threads_per_worker", "partition_size"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise FramelabError(f"compute.{name}: must be a whole number >= 1, got {value!r}")
        if isinstance(self.retries, bool) or not isinstance(self.retries, int) or self.retries < 0:
            raise FramelabError(
                f"compute.retries: must be a whole number >= 0, got {self.retries!r}"
            )
        timeout = self.connect_timeout
        if isinstance(timeout, bool) or not isinstance(timeout, int | float) or timeout <= 0:
            raise FramelabError(f"compute.connect_timeout: must be seconds > 0, got {timeout!r}")
        if not isinstance(self.memory_limit, str) or not self.memory_limit.strip():
            raise FramelabError(
                f"compute.memory_limit: must be 'auto' or a size such as '4GB', got {self.memory_limit!r}"
            )
        if not isinstance(self.dashboard, bool):
            raise FramelabError(f"compute.dashboard: must be true or false, got {self.dashboard!r}")


def load_compute_settings(root: str | os.PathLike[str] | None = None) -> ComputeSettings:
    """The ``compute`` section of the project's params.yaml (defaults when absent), with
    ``$FRAMELAB_SCHEDULER`` overriding ``scheduler``."""
    section = dict(load_params(root).get("compute") or {})
    override = os.environ.get(SCHEDULER_ENV, "").strip()
    if override:
        section["scheduler"] = override
    return ComputeSettings.from_params(section)
