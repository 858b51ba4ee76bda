"""Connecting to Dask: a local cluster started for one stage, or a running scheduler.

Dask is imported here only, and only when a stage is configured to use it.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import Any

from ..errors import FramelabError
from .settings import LOCAL, ComputeSettings

log = logging.getLogger(__name__)


def _require_distributed() -> Any:
    try:
        import distributed
    except ImportError as err:  # pragma: no cover - dask is a dependency of the package
        raise FramelabError(
            "compute.scheduler needs dask.distributed: pip install 'dask[distributed]'"
        ) from err
    return distributed


@contextmanager
def open_client(settings: ComputeSettings) -> Iterator[Any]:
    """A ``distributed.Client`` for ``settings.scheduler`` (closed, and a local cluster stopped,
    when the block ends). A scheduler that does not answer within ``connect_timeout`` seconds is
    a :class:`FramelabError` raised before any work is submitted."""
    distributed = _require_distributed()
    if settings.scheduler == LOCAL:
        cluster = distributed.LocalCluster(
            n_workers=settings.workers,
            threads_per_worker=settings.threads_per_worker,
            processes=True,
            memory_limit=settings.memory_limit,
            dashboard_address=":0" if settings.dashboard else None,
            silence_logs=logging.WARNING,
        )
        try:
            client = distributed.Client(cluster, timeout=settings.connect_timeout)
        except BaseException:
            cluster.close()
            raise
        announce(client, f"local Dask cluster of {settings.workers} worker process(es)")
        try:
            yield client
        finally:
            client.close()
            cluster.close()
        return
    client = connect(distributed, settings)
    announce(client, f"Dask scheduler {settings.scheduler}")
    try:
        yield client
    finally:
        with suppress(Exception):
            client.close()


def connect(distributed: Any, settings: ComputeSettings) -> Any:
    """A client of the scheduler at ``settings.scheduler``, or one clear error."""
    try:
        return distributed.Client(settings.scheduler, timeout=settings.connect_timeout)
    except (OSError, TimeoutError) as err:
        raise FramelabError(
            f"compute.scheduler: no Dask scheduler answers at {settings.scheduler} within "
            f"{settings.connect_timeout:g} s ({type(err).__name__}); nothing was run. Start one "
            "(dask scheduler / dask-jobqueue) or set compute.scheduler to local or in-process"
        ) from None


def announce(client: Any, what: str) -> None:
    """Log where the work runs and the dashboard link (also on stderr, for notebooks)."""
    link = client.dashboard_link if _has_dashboard(client) else "no dashboard"
    message = f"compute: {what}; dashboard: {link}"
    log.info(message)
    print(message, file=sys.stderr)


def _has_dashboard(client: Any) -> bool:
    with suppress(Exception):
        return bool(client.scheduler_info().get("services", {}).get("dashboard"))
    return False
