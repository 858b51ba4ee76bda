"""Stanza on a Dask cluster for the annotate stage.

The stage (:class:`framelab.nlp.stage._Run`) decides per article as always (skip, cache hit,
same text earlier in the run) and forms the same bulk-call groups; with a distributed runner a
group is queued instead of run here. Queued groups go to the cluster in waves
(:func:`annotate_pending` on each partition, a partition never splitting a group), and the
results are replayed in the order the in-process run would have written them, so the tokens,
entities and status tables are the same. Workers keep each Stanza pipeline for the life of their
process (``framelab.nlp.pipelines`` builds a pipeline once per process and settings): a worker
loads its models once, not per partition.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa

from ..errors import FramelabError
from .cache import TOKENS_ARROW_SCHEMA, CachedAnnotation
from .chunking import split_for_stanza
from .convert import entity_spans
from .pipelines import PipelineFactory
from .settings import NlpSettings
from .stage import StanzaBatches, _Article

# One row per article sent to the cluster. ``offset_mismatches`` and ``stanza_seconds`` are the
# partition's totals, carried by its first row (0 on the others), so their column sums are totals.
RESULT_COLUMNS = [
    "key",
    "tokens",
    "entities",
    "n_sentences",
    "error",
    "offset_mismatches",
    "stanza_seconds",
]
WAVES_PER_SLOT = 2  # partitions queued per worker thread before a wave is sent


class _WorkerBatches(StanzaBatches):
    """Stanza bulk calls on a worker; finished articles become result rows."""

    def __init__(self, settings: NlpSettings, factory: PipelineFactory) -> None:
        super().__init__(settings, factory)
        self.rows: dict[str, dict[str, Any]] = {}

    def finish(self, article: _Article) -> None:
        if article.error is not None:
            return self.finish_failed(article, article.error)
        self.rows[article.key] = _result_row(
            article.key,
            pa.table(article.columns, schema=TOKENS_ARROW_SCHEMA),
            entity_spans(article.columns),
            article.n_sentences,
            None,
        )
        return None

    def finish_failed(self, article: _Article, reason: str) -> None:
        self.rows[article.key] = _result_row(article.key, None, None, None, reason)

    def language_failed(self, language: str, err: FramelabError) -> None:
        if self.settings.on_missing_model == "error":
            raise err


def _result_row(
    key: str, tokens: pa.Table | None, entities: Any, n_sentences: int | None, error: str | None
) -> dict[str, Any]:
    return {
        "key": key,
        "tokens": tokens,
        "entities": entities,
        "n_sentences": n_sentences,
        "error": error,
        "offset_mismatches": 0,
        "stanza_seconds": 0.0,
    }


def annotate_pending(
    articles: pd.DataFrame, *, nlp: NlpSettings, root: str | None = None
) -> pd.DataFrame:
    """Annotations of ``articles`` (``article_id, language, text, key, group``): one Stanza
    bulk-call group after the other, as the stage would run them in-process. One row per
    article (:data:`RESULT_COLUMNS`, input order); a failed article has ``error`` set."""
    worker = _WorkerBatches(nlp, PipelineFactory(nlp, root=root))
    for _, group in articles.groupby("group", sort=False):
        language = str(group["language"].iloc[0])
        worker.run_language(
            language,
            [
                _Article(aid, language, text, key, split_for_stanza(text, nlp.max_chunk_chars))
                for aid, text, key in zip(
                    group["article_id"], group["text"], group["key"], strict=True
                )
            ],
        )
    rows = [worker.rows[key] for key in articles["key"]]
    if rows:
        rows[0] = {
            **rows[0],
            "offset_mismatches": worker.offset_mismatches,
            "stanza_seconds": worker.stanza_seconds,
        }
    return pd.DataFrame(rows, columns=RESULT_COLUMNS)


def failed_rows(articles: pd.DataFrame, detail: str) -> pd.DataFrame:
    """Result rows for articles whose task failed on the cluster (their status: skipped)."""
    return pd.DataFrame(
        [_result_row(key, None, None, None, f"compute_error: {detail}") for key in articles["key"]],
        columns=RESULT_COLUMNS,
    )


class RemoteAnnotation:
    """The queue of Stanza work of one annotate run, sent to the cluster in waves."""

    def __init__(self, run: Any, runner: Any, root: Any) -> None:
        self.run = run
        self.runner = runner
        self.root = str(Path(root).resolve()) if root else None
        # workers find the models where this process does (models dir or $STANZA_RESOURCES_DIR)
        self.settings = run.settings.with_(models_dir=str(run.factory.models_dir))
        self.events: list[tuple[str, Any]] = []
        self.queued: dict[str, _Article] = {}
        self.groups = 0
        self.wave_size = runner.settings.partition_size * runner.capacity() * WAVES_PER_SLOT

    @property
    def busy(self) -> bool:
        """True while writes wait for queued work (later writes must wait behind them)."""
        return bool(self.events)

    def is_queued(self, key: str) -> bool:
        return key in self.queued

    def queue(self, articles: list[_Article]) -> None:
        """One bulk-call group, run in-process at this point in the stage, now queued."""
        for article in articles:
            self.run.by_key.pop(article.key, None)
            self.queued[article.key] = article
        self.events.append(("group", (self.groups, articles)))
        self.groups += 1
        if len(self.queued) >= self.wave_size:
            self.flush()

    def defer_emit(self, *emit_args: Any) -> None:
        self.events.append(("emit", emit_args))

    def defer_copy(self, article_id: str, language: str, text: str, key: str) -> None:
        self.events.append(("copy", (article_id, language, text, key)))

    def flush(self) -> None:
        """Send the queued groups to the cluster and write every waiting result in order."""
        results = self._annotate() if self.queued else {}
        for kind, payload in self.events:
            if kind == "emit":
                self.run.emit(*payload)
            elif kind == "group":
                for article in payload[1]:
                    self._finish(article, results[article.key])
            else:
                article_id, language, text, key = payload
                row = results[key]
                if row["error"] is not None:
                    self.run.skip(article_id, language, row["error"])
                else:
                    self.run.emit(article_id, language, text, "cached", _annotation(row))
        self.events = []
        self.queued = {}

    def _annotate(self) -> dict[str, dict[str, Any]]:
        table = pd.DataFrame(
            [
                (a.article_id, a.language, a.text, a.key, number)
                for kind, payload in self.events
                if kind == "group"
                for number, articles in [payload]
                for a in articles
            ],
            columns=["article_id", "language", "text", "key", "group"],
        )
        started = time.perf_counter()
        out = self.runner.run(
            annotate_pending,
            table,
            stage="annotate",
            progress=False,
            reject=failed_rows,
            keep_together="group",
            nlp=self.settings,
            root=self.root,
        )
        self.run.offset_mismatches += int(out["offset_mismatches"].sum())
        self.run.stanza_seconds += time.perf_counter() - started
        return {row["key"]: row for row in out.to_dict("records")}

    def _finish(self, article: _Article, row: dict[str, Any]) -> None:
        if row["error"] is not None:
            self.run.finish_failed(article, row["error"])
        else:
            self.run.finish_with(article, _annotation(row))


def _annotation(row: dict[str, Any]) -> CachedAnnotation:
    return CachedAnnotation(row["tokens"], list(row["entities"]), int(row["n_sentences"]))
