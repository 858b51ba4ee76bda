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
from contextlib import contextmanager
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
    **params: Any,
) -> R:
    """``function(articles, **side_tables, **params)`` computed partition by partition.

    ``settings``: where to run (:class:`ComputeSettings` or the ``compute`` params section;
    default in-process). ``side_tables``: tables with an ``article_id`` column passed to
    ``function`` as keyword arguments, cut to each partition's articles. ``stage``: the name in
    progress bars, task keys and reject rows. The result is combined with
    :func:`~framelab.compute.partitions.combine_results`; a failing partition is retried article
    by article and articles that still fail are rejected (``reason`` ``compute_error``)."""
    if not isinstance(settings, ComputeSettings):
        settings = ComputeSettings.from_params(settings)
    side = dict(side_tables or {})
    if articles.empty:
        return function(articles, **side, **params)
    partitions = make_partitions(articles, side, settings.partition_size)
    empty = Partition(
        -1, articles.iloc[0:0], {k: (v if v is None else v.iloc[0:0]) for k, v in side.items()}
    )
    # the stage on no articles, here and now: bad params are one clear error before any work
    nothing = run_partition(function, empty, params)

    def reject(rows: pd.DataFrame, detail: str) -> Any:
        return rejected_result(nothing, rows, stage, "compute_error", detail)

    with progress_bar(len(articles), stage, progress) as bar:
        if settings.distributed:
            results = _run_on_dask(function, partitions, params, settings, stage, bar, reject)
        else:
            results = [_run_here(function, p, params, bar, reject) for p in partitions]
    return combine_results(results)


def make_partitions(
    articles: pd.DataFrame, side: Mapping[str, pd.DataFrame | None], size: int
) -> list[Partition]:
    bounds = partition_bounds(len(articles), size)
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
    function: Callable[..., R],
    partitions: list[Partition],
    params: Mapping[str, Any],
    settings: ComputeSettings,
    stage: str,
    bar: Any,
    reject: Rejecter,
) -> list[R]:
    from distributed import as_completed

    with open_client(settings) as client:
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
