"""Running a stage's per-article function over partitions of an article table.

The stage function stays pure and unaware of where it runs: it takes a slice of the article
table (plus the matching rows of side tables) and returns the stage's result for those articles.
:func:`run_partitioned` calls it in this process or as Dask tasks and reassembles the results in
input order, so the outputs are the same for every backend.

Faults: a task whose worker dies is rerun by the scheduler on another worker; a partition whose
task still fails (it raised ``retries`` times, or killed workers repeatedly) is rerun one article
per task, and an article that fails alone becomes a reject with the reason. Nothing is lost and
nothing counted twice: every article's result comes from exactly one successful task.
"""

from __future__ import annotations

import logging
import sys
import uuid
from collections.abc import Callable, Iterator, Mapping
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

import pandas as pd

from ..errors import FramelabError
from .cluster import open_client
from .partitions import combine_results, partition_bounds, rejected_result, side_partitions
from .settings import ComputeSettings

log = logging.getLogger(__name__)

R = TypeVar("R")
Rejecter = Callable[[pd.DataFrame, str], Any]


@dataclass(frozen=True)
class Partition:
    """One task's input: a slice of the article table and the matching side-table rows."""

    number: int
    articles: pd.DataFrame
    side: dict[str, pd.DataFrame | None]


def run_partition(function: Callable[..., R], partition: Partition, params: Mapping[str, Any]) -> R:
    """What a task runs: the stage function on one partition."""
    return function(partition.articles, **partition.side, **params)


def run_partitioned(
    function: Callable[..., R],
    articles: pd.DataFrame,
    *,
    settings: ComputeSettings | Mapping[str, Any] | None = None,
    side_tables: Mapping[str, pd.DataFrame | None] | None = None,
    stage: str = "stage",
    progress: bool | None = None,
    reject: Rejecter | None = None,
    **params: Any,
) -> R:
    """``function(articles, **side_tables, **params)`` computed partition by partition.

    ``settings``: where to run (:class:`ComputeSettings` or the ``compute`` params section;
    default in-process). ``side_tables``: tables with an ``article_id`` column passed to
    ``function`` as keyword arguments, cut to each partition's articles. ``stage``: the name in
    progress bars, task keys and reject rows. The result is combined with
    :func:`~framelab.compute.partitions.combine_results`; a failing partition is retried article
    by article and articles that still fail are rejected: ``reject(articles, detail)`` gives
    their result (default: rows of the result's rejects table, ``reason`` ``compute_error``)."""
    with open_runner(settings) as runner:
        return runner.run(
            function,
            articles,
            side_tables=side_tables,
            stage=stage,
            progress=progress,
            reject=reject,
            **params,
        )


@contextmanager
def open_runner(settings: ComputeSettings | Mapping[str, Any] | None = None) -> Iterator[Runner]:
    """A :class:`Runner` for several calls on one cluster (stopped when the block ends)."""
    if not isinstance(settings, ComputeSettings):
        settings = ComputeSettings.from_params(settings)
    with ExitStack() as stack:
        yield Runner(settings, stack)


class Runner:
    """Runs partitioned stage functions; the Dask client is opened on first use, so bad stage
    params fail before a cluster starts."""

    def __init__(self, settings: ComputeSettings, stack: ExitStack) -> None:
        self.settings = settings
        self._stack = stack
        self._client: Any = None

    @property
    def client(self) -> Any:
        if self._client is None:
            self._client = self._stack.enter_context(open_client(self.settings))
        return self._client

    def capacity(self) -> int:
        """Tasks that run at once: the cluster's threads (1 in-process)."""
        if not self.settings.distributed:
            return 1
        return max(1, sum(self.client.nthreads().values()))

    def run(
        self,
        function: Callable[..., R],
        articles: pd.DataFrame,
        *,
        side_tables: Mapping[str, pd.DataFrame | None] | None = None,
        stage: str = "stage",
        progress: bool | None = None,
        reject: Rejecter | None = None,
        keep_together: str | None = None,
        **params: Any,
    ) -> R:
        """One stage function over ``articles`` (see :func:`run_partitioned`); ``keep_together``:
        a column whose runs of equal values stay in one partition (e.g. one Stanza bulk call)."""
        settings = self.settings
        side = dict(side_tables or {})
        if articles.empty:
            return function(articles, **side, **params)
        partitions = make_partitions(articles, side, settings.partition_size, keep_together)
        empty = Partition(
            -1, articles.iloc[0:0], {k: (v if v is None else v.iloc[0:0]) for k, v in side.items()}
        )
        # the stage on no articles, here and now: bad params are one clear error before any work
        nothing = run_partition(function, empty, params)
        if reject is None:

            def reject(rows: pd.DataFrame, detail: str) -> Any:
                return rejected_result(nothing, rows, stage, "compute_error", detail)

        with progress_bar(len(articles), stage, progress) as bar:
            if settings.distributed:
                results = _run_on_dask(
                    self.client, function, partitions, params, settings, stage, bar, reject
                )
            else:
                results = [_run_here(function, p, params, bar, reject) for p in partitions]
        return combine_results(results)


def make_partitions(
    articles: pd.DataFrame,
    side: Mapping[str, pd.DataFrame | None],
    size: int,
    keep_together: str | None = None,
) -> list[Partition]:
    """``articles`` cut into partitions of about ``size`` rows (never inside a run of equal
    values of the column ``keep_together``), each with its rows of the side tables."""
    groups = None if keep_together is None else articles[keep_together].tolist()
    bounds = partition_bounds(len(articles), size, groups)
    slices = [articles.iloc[begin:end] for begin, end in bounds]
    ids = [[str(a) for a in part["article_id"]] for part in slices]
    cut = {name: side_partitions(table, ids) for name, table in side.items()}
    return [
        Partition(i, part, {name: cut[name][i] for name in side}) for i, part in enumerate(slices)
    ]


def _run_here(
    function: Callable[..., R],
    partition: Partition,
    params: Mapping[str, Any],
    bar: Any,
    reject: Rejecter,
) -> R:
    try:
        result = run_partition(function, partition, params)
    except FramelabError:
        raise  # a configuration or input error: the user must act, not one reject per article
    except Exception as err:  # noqa: BLE001 - isolated below, article by article
        log.warning(
            "compute: partition %d failed (%s); rerunning its articles one by one",
            partition.number,
            _one_line(err),
        )
        result = combine_results(
            [_single_here(function, single, params, reject) for single in singles(partition)]
        )
    bar.update(len(partition.articles))
    return result


def _single_here(
    function: Callable[..., R], partition: Partition, params: Mapping[str, Any], reject: Rejecter
) -> R:
    try:
        return run_partition(function, partition, params)
    except FramelabError:
        raise
    except Exception as err:  # noqa: BLE001 - the article becomes a reject with the reason
        return reject(partition.articles, _one_line(err))


def singles(partition: Partition) -> list[Partition]:
    """One partition per article of ``partition``."""
    ids = [[str(a)] for a in partition.articles["article_id"]]
    cut = {name: side_partitions(table, ids) for name, table in partition.side.items()}
    return [
        Partition(partition.number, partition.articles.iloc[i : i + 1], {n: cut[n][i] for n in cut})
        for i in range(len(ids))
    ]


def _run_on_dask(
    client: Any,
    function: Callable[..., R],
    partitions: list[Partition],
    params: Mapping[str, Any],
    settings: ComputeSettings,
    stage: str,
    bar: Any,
    reject: Rejecter,
) -> list[R]:
    from distributed import as_completed

    run_id = uuid.uuid4().hex[:8]

    def submit(partition: Partition, suffix: str) -> Any:
        return client.submit(
            run_partition,
            function,
            partition,
            dict(params),
            key=f"{stage}-{run_id}-{partition.number}{suffix}",
            retries=settings.retries,
            pure=False,
        )

    pending = {submit(p, ""): p for p in partitions}
    results: dict[int, R] = {}
    for future in as_completed(list(pending)):
        partition = pending.pop(future)
        if future.status == "finished":
            results[partition.number] = future.result()
        elif isinstance(future.exception(), FramelabError):
            client.cancel(list(pending))
            raise future.exception()
        else:
            results[partition.number] = _isolate_on_dask(
                submit, partition, future, reject, as_completed
            )
        future.release()
        bar.update(len(partition.articles))
    return [results[p.number] for p in partitions]


def _isolate_on_dask(
    submit: Callable[[Partition, str], Any],
    partition: Partition,
    failed: Any,
    reject: Rejecter,
    as_completed: Any,
) -> Any:
    log.warning(
        "compute: partition %d failed (%s); rerunning its articles one by one",
        partition.number,
        _one_line(failed.exception()),
    )
    parts = singles(partition)
    futures = [submit(single, f"-a{i}") for i, single in enumerate(parts)]
    done: dict[int, Any] = {}
    for future in as_completed(futures):
        i = futures.index(future)
        if future.status == "finished":
            done[i] = future.result()
        else:
            done[i] = reject(parts[i].articles, _one_line(future.exception()))
        future.release()
    return combine_results([done[i] for i in range(len(parts))])


def _one_line(err: BaseException | None) -> str:
    if err is None:
        return "unknown error"
    text = f"{type(err).__name__}: {err}"
    return " ".join(text.split())[:500]


@contextmanager
def progress_bar(total: int, stage: str, progress: bool | None) -> Iterator[Any]:
    """One tqdm bar over the articles of a stage, for the whole cluster: shown on a terminal and
    in a notebook kernel when ``progress`` is None; always (True) or never (False) otherwise."""
    from tqdm import tqdm

    if progress is None:
        progress = sys.stderr.isatty() or "ipykernel" in sys.modules
    bar = tqdm(total=total, desc=stage, unit=" articles", disable=not progress)
    try:
        yield bar
    finally:
        bar.close()
