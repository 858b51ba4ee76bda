"""Running per-article stage functions in this process or on a Dask cluster (``docs/scaling.md``).

Configured by the ``compute`` section of ``params.yaml``, which no stage lists as a DVC param:
where the work runs never changes what it produces."""

from .partitions import combine_results
from .runner import Runner, open_runner, run_partitioned
from .settings import ComputeSettings, load_compute_settings

__all__ = [
    "ComputeSettings",
    "combine_results",
    "Runner",
    "load_compute_settings",
    "open_runner",
    "run_partitioned",
]
