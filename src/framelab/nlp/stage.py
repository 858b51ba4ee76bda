"""The annotate stage: clean articles -> tokens, entities and a status row per article.

Every input article gets exactly one status row: ``annotated`` (Stanza ran), ``cached`` (its
annotation was reused: from the cache, or from an identical text earlier in the same run) or
``skipped`` (with the reason: empty text, language not enabled, model missing or corrupted, Stanza
failure). Articles go through Stanza in bulk calls of at most ``nlp.batch_docs`` documents and
``nlp.batch_chars`` characters per language (a single longer chunk goes alone), so the memory of a
call does not depend on which articles happen to meet in it; articles longer than ``nlp.max_chunk_chars`` are cut into chunks (paragraphs, then sentences) whose
offsets and sentence numbers are mapped back, so the tables never show the cut.
"""

from __future__ import annotations

import logging
import os
import shutil
import time
from abc import ABC, abstractmethod
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa

from ..errors import FramelabError, InputError
from ..io import conform, write_table
from .cache import TOKENS_ARROW_SCHEMA, AnnotationCache, CachedAnnotation, annotation_key
from .chunking import split_for_stanza
from .convert import doc_columns, empty_columns, entity_rows, entity_spans
from .pipelines import PipelineFactory
from .schemas import STATUS_SCHEMA
from .settings import NlpSettings
from .sinks import EntitiesSink, TokensSink, fix_mmap_threshold, release_freed_memory

log = logging.getLogger(__name__)

REQUIRED_COLUMNS = ("article_id", "language", "text")
TRIM_INTERVAL_SECONDS = 2.0  # release freed memory at most this often


@dataclass
class _Article:
    """An article waiting for Stanza: its chunks and the token columns that came back so far."""

    article_id: str
    language: str
    text: str
    key: str
    chunks: list[tuple[int, str]]
    columns: dict[str, list[Any]] = field(default_factory=empty_columns)
    n_sentences: int = 0
    done_chunks: int = 0
    error: str | None = None
    followers: list[str] = field(default_factory=list)  # same text, same key: reuse the result


class StanzaBatches(ABC):
    """Pending articles of one language through Stanza in bounded bulk calls. Subclasses decide
    what happens to a finished article and to a language whose pipeline cannot be built: the
    stage itself (:class:`_Run`) or a cluster worker (:mod:`framelab.nlp.remote`)."""

    def __init__(self, settings: NlpSettings, factory: PipelineFactory) -> None:
        self.settings = settings
        self.factory = factory
        self.offset_mismatches = 0
        self.stanza_seconds = 0.0
        self.last_trim = time.perf_counter()

    @abstractmethod
    def finish(self, article: _Article) -> None:
        """Every chunk of ``article`` went through Stanza (``article.error`` set if one failed)."""

    @abstractmethod
    def finish_failed(self, article: _Article, reason: str) -> None:
        """``article`` (and its followers) cannot be annotated, for ``reason``."""

    @abstractmethod
    def language_failed(self, language: str, err: FramelabError) -> None:
        """The pipeline of ``language`` cannot be used."""

    def run_language(self, language: str, articles: list[_Article]) -> None:
        """Run every chunk of ``articles`` (all in ``language``) through Stanza."""
        try:
            nlp = self.factory.pipeline(language)
        except FramelabError as err:
            self.language_failed(language, err)
            for article in articles:
                self.finish_failed(article, f"{_language_error_kind(err)}: {err}")
            return
        work = [(a, i) for a in articles for i in range(len(a.chunks))]
        sizes = [len(a.chunks[i][1]) for a, i in work]
        for begin, end in bounded_batches(
            sizes, self.settings.batch_docs, self.settings.batch_chars
        ):
            self.process_batch(nlp, work[begin:end])

    def process_batch(self, nlp: Any, batch: list[tuple[_Article, int]]) -> None:
        from stanza.models.common.doc import Document

        texts = [article.chunks[i][1] for article, i in batch]
        started = time.perf_counter()
        try:
            docs = nlp.bulk_process([Document([], text=t) for t in texts])
        except Exception as err:  # noqa: BLE001 - retry one by one to isolate the bad document
            log.warning(
                "annotate: a bulk call failed (%s); retrying its %d documents one by one",
                err,
                len(texts),
            )
            docs = [self.process_one(nlp, t) for t in texts]
        self.stanza_seconds += time.perf_counter() - started
        for (article, index), doc in zip(batch, docs, strict=True):
            self.take_chunk(article, index, doc)
        del docs
        if time.perf_counter() - self.last_trim >= TRIM_INTERVAL_SECONDS:
            release_freed_memory()
            self.last_trim = time.perf_counter()

    @staticmethod
    def process_one(nlp: Any, text: str) -> Any:
        from stanza.models.common.doc import Document

        try:
            return nlp.bulk_process([Document([], text=text)])[0]
        except Exception as err:  # noqa: BLE001 - recorded as the article's skip reason
            return err

    def take_chunk(self, article: _Article, index: int, doc: Any) -> None:
        if article.error is None and isinstance(doc, Exception):
            article.error = f"stanza_error: {type(doc).__name__}: {doc}"
        if article.error is None:
            start = article.chunks[index][0]
            self.offset_mismatches += _offset_mismatches(doc)
            doc_columns(doc, start, article.n_sentences, into=article.columns)
            article.n_sentences += len(doc.sentences)
        article.done_chunks += 1
        if article.done_chunks == len(article.chunks):
            self.finish(article)


class _Run(StanzaBatches):
    """State of one ``annotate_articles`` call. With a distributed ``runner``, articles that need
    Stanza go to the cluster in waves (:class:`~framelab.nlp.remote.RemoteAnnotation`); the cache
    is read and written here, so only new texts are sent."""

    def __init__(
        self,
        settings: NlpSettings,
        tokens_dir: Path,
        entities_dir: Path,
        root: str | os.PathLike[str] | None,
        progress: bool | None,
        runner: Any = None,
        total: int | None = None,
    ) -> None:
        from ..progress import progress_bar

        fix_mmap_threshold()  # before Stanza allocates: keeps RSS from creeping over the run
        super().__init__(settings, PipelineFactory(settings, root=root))
        self.cache = AnnotationCache(settings.resolved_cache_dir(root))
        self.tokens = TokensSink(Path(tokens_dir))
        self.entities = EntitiesSink(Path(entities_dir))
        self.status: dict[str, dict[str, Any]] = {}
        self.pending: dict[str, list[_Article]] = defaultdict(list)
        self.pending_chunks: Counter[str] = Counter()
        self.pending_chars: Counter[str] = Counter()
        self.by_key: dict[str, _Article] = {}
        self.language_errors: dict[str, str] = {}
        self.remote = None
        if runner is not None and runner.settings.distributed:
            from .remote import RemoteAnnotation

            self.remote = RemoteAnnotation(self, runner, root)
        # progress=None: automatic (framelab.progress: under `dvc repro`, in JupyterLab, on a
        # terminal); True: always; False: never
        self.fixed_total = total is not None  # known up front: the bar shows the whole run
        self.progress = progress_bar(total=total or 0, desc="annotate", enabled=progress)

    # --- decisions per article ---------------------------------------------------------------

    def add(self, article_id: str, language: Any, text: Any) -> None:
        if not self.fixed_total:
            self.progress.total += 1
        language = None if pd.isna(language) else str(language).strip().lower()
        text = "" if pd.isna(text) else str(text)
        if not text.strip():
            return self.skip(article_id, language, "empty_text")
        if not language:
            return self.skip(article_id, language, "no_language")
        if language not in self.settings.languages:
            enabled = ", ".join(self.settings.languages) or "none"
            return self.skip(
                article_id, language, f"language_not_enabled: {language} (nlp.languages: {enabled})"
            )
        if language in self.language_errors:
            return self.skip(article_id, language, self.language_errors[language])
        try:
            models = self.factory.models(language)
        except FramelabError as err:
            self.language_failed(language, err)
            return self.skip(article_id, language, self.language_errors[language])
        key = annotation_key(
            text,
            language,
            models.resolved.processors_string,
            self.settings.package,
            models.hashes,
            self.settings.max_chunk_chars,
        )
        if key in self.by_key:  # the same text earlier in this run
            self.by_key[key].followers.append(article_id)
            self.status[article_id] = _status_row(article_id, language, "pending")
            return None
        if self.remote is not None and self.cache.enabled and self.remote.is_queued(key):
            # in-process, the earlier copy would be annotated and cached by now: reuse it
            self.status[article_id] = _status_row(article_id, language, "pending")
            return self.remote.defer_copy(article_id, language, text, key)
        cached = self.cache.get(key)
        if cached is not None:
            if self.remote is not None and self.remote.busy:
                return self.remote.defer_emit(article_id, language, text, "cached", cached)
            return self.emit(article_id, language, text, "cached", cached)
        article = _Article(
            article_id, language, text, key, split_for_stanza(text, self.settings.max_chunk_chars)
        )
        self.by_key[key] = article
        self.status[article_id] = _status_row(article_id, language, "pending")
        self.pending[language].append(article)
        self.pending_chunks[language] += len(article.chunks)
        self.pending_chars[language] += len(text)
        if (
            self.pending_chunks[language] >= self.settings.batch_docs
            or self.pending_chars[language] >= self.settings.batch_chars
        ):
            self.flush_language(language)
        return None

    def language_failed(self, language: str, err: FramelabError) -> None:
        """Record why a language cannot be annotated; raise instead under on_missing_model=error."""
        if self.settings.on_missing_model == "error":
            raise err
        self.language_errors[language] = f"{_language_error_kind(err)}: {err}"
        log.warning("annotate: %s articles are skipped: %s", language, err)

    def skip(self, article_id: str, language: str | None, reason: str) -> None:
        self.status[article_id] = _status_row(article_id, language, "skipped", reason)
        self.progress.update(1)

    def emit(
        self, article_id: str, language: str, text: str, status: str, annotation: CachedAnnotation
    ) -> None:
        self.tokens.add(article_id, annotation.tokens)
        self.entities.add(entity_rows(article_id, annotation.entities, text))
        self.status[article_id] = _status_row(
            article_id, language, status, None, annotation.n_sentences, annotation.tokens.num_rows
        )
        self.progress.update(1)

    # --- Stanza -------------------------------------------------------------------------------

    def flush_all(self) -> None:
        for language in list(self.pending):
            self.flush_language(language)
        if self.remote is not None:
            self.remote.flush()

    def flush_language(self, language: str) -> None:
        """Run every pending chunk of ``language`` through Stanza in bounded bulk calls (here, or
        queued as one unit for the cluster)."""
        articles = self.pending.pop(language, [])
        self.pending_chunks[language] = 0
        self.pending_chars[language] = 0
        if not articles:
            return
        if self.remote is not None:
            return self.remote.queue(articles)
        return self.run_language(language, articles)

    def finish(self, article: _Article) -> None:
        if article.error is not None:
            return self.finish_failed(article, article.error)
        annotation = CachedAnnotation(
            pa.table(article.columns, schema=TOKENS_ARROW_SCHEMA),
            entity_spans(article.columns),
            article.n_sentences,
        )
        return self.finish_with(article, annotation)

    def finish_with(self, article: _Article, annotation: CachedAnnotation) -> None:
        """Cache ``article``'s annotation and write it (and its followers')."""
        self.cache.put(article.key, annotation)
        self.emit(article.article_id, article.language, article.text, "annotated", annotation)
        for follower in article.followers:
            self.emit(follower, article.language, article.text, "cached", annotation)
        self.by_key.pop(article.key, None)

    def finish_failed(self, article: _Article, reason: str) -> None:
        for article_id in [article.article_id, *article.followers]:
            self.skip(article_id, article.language, reason)
        self.by_key.pop(article.key, None)

    def close(self) -> None:
        self.tokens.close()
        self.entities.close()
        self.progress.close()


def _language_error_kind(err: FramelabError) -> str:
    return "model_corrupt" if isinstance(err, InputError) else "model_missing"


def bounded_batches(sizes: list[int], max_docs: int, max_chars: int) -> list[tuple[int, int]]:
    """Consecutive ``(begin, end)`` ranges over items of the given character ``sizes``: each range
    holds at most ``max_docs`` items and at most ``max_chars`` characters, except that an item
    longer than ``max_chars`` forms a range of its own."""
    ranges: list[tuple[int, int]] = []
    begin, chars = 0, 0
    for index, size in enumerate(sizes):
        if index > begin and (index - begin >= max_docs or chars + size > max_chars):
            ranges.append((begin, index))
            begin, chars = index, 0
        chars += size
    if begin < len(sizes):
        ranges.append((begin, len(sizes)))
    return ranges


def _status_row(
    article_id: str,
    language: str | None,
    status: str,
    reason: str | None = None,
    n_sentences: int | None = None,
    n_words: int | None = None,
) -> dict[str, Any]:
    return {
        "article_id": article_id,
        "language": language,
        "status": status,
        "reason": reason,
        "n_sentences": n_sentences,
        "n_words": n_words,
    }


def _offset_mismatches(doc: Any) -> int:
    """Tokens whose offsets do not point at their own text in the document (expected: 0)."""
    text = doc.text or ""
    return sum(
        1
        for sentence in doc.sentences
        for token in sentence.tokens
        if token.start_char is None or text[token.start_char : token.end_char] != token.text
    )


def check_clean_table(clean: pd.DataFrame) -> None:
    """The clean table has the columns the stage reads and unique article ids."""
    missing = [c for c in REQUIRED_COLUMNS if c not in clean.columns]
    if missing:
        raise InputError("clean table", f"missing column(s) {', '.join(missing)}")
    dupes = clean["article_id"][clean["article_id"].duplicated()]
    if len(dupes):
        raise InputError("clean table", f"duplicate article_id(s), e.g. {dupes.iloc[0]!r}")


def annotate_articles(
    clean: pd.DataFrame | Iterable[pd.DataFrame],
    params: Mapping[str, Any] | NlpSettings | None,
    tokens_dir: str | os.PathLike[str],
    entities_dir: str | os.PathLike[str],
    status_path: str | os.PathLike[str],
    *,
    root: str | os.PathLike[str] | None = None,
    progress: bool | None = None,
    compute: Any = None,
    total: int | None = None,
) -> dict[str, Any]:
    """Annotate the clean table; write tokens/entities parts and the status table.

    ``clean`` is the clean table, or an iterable of its pieces (e.g.
    :func:`framelab.io.iter_table_batches` over ``clean.parquet`` with the columns
    ``article_id, language, text``), which keeps memory independent of the corpus size: the
    stage then holds one piece, the pending bulk call and one small status row per article.
    ``params`` is the ``nlp`` section of params.yaml (or :class:`NlpSettings`). Relative
    ``models_dir``/``cache_dir`` resolve against ``root`` (default: the project root). Returns a
    summary (counts by status and language, skip reasons, words, entities, timings) that the
    notebook writes as the stage's metrics. ``compute``: where Stanza runs
    (:class:`framelab.compute.ComputeSettings` or the ``compute`` params section; default: here);
    the tables are the same either way. ``total``: the number of articles, when ``clean`` is
    streamed in pieces, so that the progress bar shows the whole run.
    """
    settings = params if isinstance(params, NlpSettings) else NlpSettings.from_params(params)
    pieces = [clean] if isinstance(clean, pd.DataFrame) else clean
    started = time.perf_counter()
    # parts are written to staging folders that replace the outputs only when the run succeeds:
    # a bad piece found late (a duplicate id, an unreadable part) leaves the last outputs intact
    staged = {
        Path(tokens_dir): _staging(Path(tokens_dir)),
        Path(entities_dir): _staging(Path(entities_dir)),
    }
    tokens_stage, entities_stage = staged.values()
    with ExitStack() as stack:
        runner = None
        if compute is not None:
            from ..compute import open_runner

            runner = stack.enter_context(open_runner(compute))
        if total is None and isinstance(clean, pd.DataFrame):
            total = len(clean)
        run = _Run(settings, tokens_stage, entities_stage, root, progress, runner, total)
        order = _annotate_pieces(run, pieces, staged)
    for final, stage_dir in staged.items():
        _replace_folder(stage_dir, final)
    status = conform(
        pd.DataFrame([run.status[a] for a in order], columns=list(STATUS_SCHEMA)), STATUS_SCHEMA
    )
    write_table(status, status_path, STATUS_SCHEMA)
    return _summary(run, status, settings, time.perf_counter() - started)


def _annotate_pieces(
    run: _Run, pieces: Iterable[pd.DataFrame], staged: Mapping[Path, Path]
) -> list[str]:
    """Feed every article to ``run``; the article ids in input order. On any error the staging
    folders are removed (the last outputs stay) and the error goes on."""
    order: list[str] = []
    try:
        for piece in pieces:
            check_clean_table(piece)
            for article_id, language, text in zip(
                piece["article_id"], piece["language"], piece["text"], strict=True
            ):
                article_id = str(article_id)
                if article_id in run.status:
                    raise InputError("clean table", f"duplicate article_id(s), e.g. {article_id!r}")
                order.append(article_id)
                run.add(article_id, language, text)
        run.flush_all()
        run.close()
    except BaseException:
        run.close()
        for stage_dir in staged.values():
            shutil.rmtree(stage_dir, ignore_errors=True)
        raise
    return order


def _staging(final: Path) -> Path:
    """A fresh hidden sibling folder where a run writes ``final``'s parts."""
    stage_dir = final.with_name(f".{final.name}.partial-{os.getpid()}")
    shutil.rmtree(stage_dir, ignore_errors=True)
    return stage_dir


def _replace_folder(stage_dir: Path, final: Path) -> None:
    """Put the staged parts in place of ``final``'s (other files in ``final`` are left alone)."""
    final.mkdir(parents=True, exist_ok=True)
    for old in final.glob("part-*.parquet"):
        old.unlink()
    for part in sorted(stage_dir.glob("part-*.parquet")):
        part.replace(final / part.name)
    shutil.rmtree(stage_dir, ignore_errors=True)


def _summary(
    run: _Run, status: pd.DataFrame, settings: NlpSettings, seconds: float
) -> dict[str, Any]:
    counts = status["status"].value_counts()
    reasons = status["reason"].dropna().str.split(":").str[0].value_counts()
    by_language = {
        str(lang): {
            s: int((group["status"] == s).sum()) for s in ("annotated", "cached", "skipped")
        }
        for lang, group in status.groupby(status["language"].fillna("unknown"))
    }
    n_words = int(status["n_words"].fillna(0).sum())
    return {
        "n_articles": len(status),
        "n_annotated": int(counts.get("annotated", 0)),
        "n_cached": int(counts.get("cached", 0)),
        "n_skipped": int(counts.get("skipped", 0)),
        "n_sentences": int(status["n_sentences"].fillna(0).sum()),
        "n_words": n_words,
        "n_entities": run.entities.total_rows,
        "offset_mismatches": run.offset_mismatches,
        "seconds": round(seconds, 3),
        "stanza_seconds": round(run.stanza_seconds, 3),
        "pipeline_build_seconds": round(run.factory.build_seconds, 3),
        "models_dir": str(run.factory.models_dir),
        "models_found": run.factory.available_languages(),
        "skip_reasons": {str(k): int(v) for k, v in reasons.items()},
        "language_errors": dict(run.language_errors),
        "by_language": by_language,
    }
