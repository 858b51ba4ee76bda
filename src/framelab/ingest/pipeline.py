"""The ingest pipeline: sources -> readers -> finalised article rows (or rejects), streamed.

``iter_records`` yields one dict per input article: an articles row or a rejects row, so that
``inputs == articles + rejects`` holds; ``iter_article_frames`` batches them into DataFrames;
``ingest_paths`` collects everything. Memory stays flat: archives are read member by member and
only the set of article ids seen so far (for duplicate detection) grows with the corpus.
"""

from __future__ import annotations

import logging
import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from ..display import log_value
from ..errors import FramelabError, InputError
from ..io import REJECTS_SCHEMA, conform, empty_frame, rejects_frame
from .config import GENERIC_FORMATS, layouts, policy
from .decoding import Decoded, DecodeError, binary_signature, decode_bytes
from .draft import Draft, Rejected
from .finalise import DEFAULT_MAX_ARTICLE_CHARS, Finaliser, IngestOptions, make_options
from .finalise import normalise_outlet as normalise_outlet
from .formats import read_csv, read_json, read_jsonl, read_text
from .html import read_html
from .layout_check import LayoutFit, no_match_problem, partial_match_warning
from .layouts import looks_like_ant, read_ant, read_layout_json
from .schema import ARTICLES_SCHEMA, is_reject, reject_record
from .sources import (
    Damaged,
    Skipped,
    Source,
    SpecialFile,
    TooLarge,
    archive_kind,
    compression_of,
    is_sidecar,
    iter_sources,
)

log = logging.getLogger("framelab.ingest")

Reader = Callable[[Source, str], Iterable[Draft | Rejected]]
PathLike = str | os.PathLike[str]

SKIP = "skip"


@dataclass
class IngestStats:
    """Counts of one run: every input ends as an article or a reject; skipped files are not inputs."""

    n_articles: int = 0
    n_rejected: int = 0
    # files that are not articles of their layout (READMEs, annotation files, empty JSON arrays)
    n_skipped: int = 0
    skipped_examples: list[str] = field(default_factory=list)
    rejects_by_reason: Counter = field(default_factory=Counter)
    # files a forced corpus layout skipped, and the layouts that would read them
    layout_fit: LayoutFit = field(default_factory=LayoutFit)

    @property
    def n_inputs(self) -> int:
        return self.n_articles + self.n_rejected


@dataclass
class IngestResult:
    """The articles table, the rejects table and the run's counts."""

    articles: pd.DataFrame
    rejects: pd.DataFrame
    stats: IngestStats = field(default_factory=IngestStats)

    @property
    def n_inputs(self) -> int:
        return len(self.articles) + len(self.rejects)


# ---------------------------------------------------------------- choosing a reader
def _extension_format(name: str) -> str | None:
    files = policy()["files"]
    lower = name.lower()
    for fmt, key in (
        ("text", "text_extensions"),
        ("html", "html_extensions"),
        ("jsonl", "jsonl_extensions"),
        ("json", "json_extensions"),
        ("csv", "csv_extensions"),
    ):
        if any(lower.endswith(ext) for ext in files[key]):
            return fmt
    return None


def choose_reader_name(source: Source, layout: str) -> str:
    """The reader for ``source``: a corpus layout, a generic format, or ``skip`` (not an article)."""
    if layout != "auto":
        return _forced(source, layout)
    hint = source.layout_hint or next(
        (spec.name for spec in layouts().values() if spec.matches_path(source.name)), None
    )
    if hint is not None:
        return hint if layouts()[hint].is_article_member(source.name) else SKIP
    return _extension_format(source.name) or "sniff"


def _forced(source: Source, layout: str) -> str:
    if layout in GENERIC_FORMATS:
        return layout
    return layout if layouts()[layout].is_article_member(source.name) else SKIP


def _sniff_format(text: str) -> str:
    """Format of a file whose extension says nothing: ANT DOC, HTML, JSON(L) or plain text."""
    if looks_like_ant(text):
        return "ant"
    head = text.lstrip("\ufeff \t\r\n")[:512].lower()
    if head.startswith(("<!doctype html", "<html")) or (head[:1] == "<" and "<body" in head):
        return "html"
    if head.startswith("["):
        return "json"
    if head.startswith("{"):
        return "json" if text.count("\n{") == 0 else "jsonl"
    return "text"


_READERS: dict[str, Reader] = {
    "text": read_text,
    "html": read_html,
    "jsonl": read_jsonl,
    "json": read_json,
    "csv": read_csv,
    "ant": read_ant,
}


def _reader(name: str, text: str, *, forced: bool) -> Reader:
    """The reader function for a reader name; under auto-detection the content has the last word."""
    if forced:
        return _READERS.get(name) or read_layout_json(name)
    if name == "sniff":
        name = _sniff_format(text)
    if name in ("text", "ant"):  # a .txt that is an ANT <DOC>, or an ANT-named file that is not
        name = "ant" if looks_like_ant(text) else "text"
    # JSON layouts under auto: the generic JSON reader recognises each object's layout by its keys
    return _READERS.get(name, read_json)


# ---------------------------------------------------------------- public streaming API
def iter_records(
    paths: PathLike | Sequence[PathLike],
    *,
    layout: str = "auto",
    candidate_languages: Sequence[str] | None = None,
    default_language: str | None = None,
    max_file_mb: float = 50,
    max_article_chars: int = DEFAULT_MAX_ARTICLE_CHARS,
    relative_to: PathLike | None = None,
    stats: IngestStats | None = None,
) -> Iterator[dict[str, Any]]:
    """Yield one dict per input article: an articles row (``ARTICLES_SCHEMA`` keys) or a rejects
    row (``REJECTS_SCHEMA`` keys, see :func:`framelab.ingest.is_reject`).

    ``paths``: files, folders (recursive, sorted) and .tar/.tar.gz/.tgz/.zip archives (read in
    place). ``source_path`` is shown relative to ``relative_to`` (default: the working folder).
    ``max_article_chars``: longer articles are rejected (``too_long``). ``stats`` (optional) is
    filled with the run's counts, including skipped non-article files.
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    options = make_options(
        layout, candidate_languages, default_language, max_file_mb, max_article_chars
    )
    finalise = Finaliser(options)
    stats = stats if stats is not None else IngestStats()
    n_files = 0
    for source in iter_sources(paths, relative_to):
        n_files += 1
        if isinstance(source, Skipped):
            _skipped(source.source_path, stats, source.why)
        elif isinstance(source, dict):
            yield _counted(source, stats)
        else:
            for record in _records_of(source, options, finalise, stats):
                yield _counted(record, stats)
    if not n_files:
        raise InputError(", ".join(str(p) for p in paths), "no article files found")
    if options.layout in layouts():
        _check_layout_fit(paths, options.layout, n_files, stats)
    if not stats.n_inputs:
        log.warning(
            "no articles in %d file(s): all skipped as not articles (e.g. %s)",
            n_files,
            ", ".join(stats.skipped_examples[:3]) or "metadata sidecars",
        )


def _check_layout_fit(
    paths: Sequence[PathLike], layout: str, n_files: int, stats: IngestStats
) -> None:
    """A forced corpus layout that read nothing is an error; one that skipped files another
    layout would read is a warning."""
    if not stats.n_inputs and stats.layout_fit.n_skipped:
        where = ", ".join(str(p) for p in paths)
        raise InputError(where, no_match_problem(layout, n_files, stats.layout_fit))
    warning = partial_match_warning(layout, stats.n_articles, stats.layout_fit)
    if warning:
        log.warning("%s", warning)


def _records_of(
    source: Source, options: IngestOptions, finalise: Finaliser, stats: IngestStats
) -> Iterator[dict[str, Any]]:
    if is_sidecar(source.name):  # metadata of a sibling file, read with it
        return
    reader_name = choose_reader_name(source, options.layout)
    if reader_name == SKIP:
        _skipped(source.source_path, stats)
        if options.layout in layouts():
            stats.layout_fit.record(source, options.layout)
        return
    nested = _nested_archive(source)
    if nested:
        yield reject_record(source.source_path, "nested_archive", nested)
        return
    if source.size > options.max_bytes:
        size_mb = source.size / 1024 / 1024
        yield reject_record(
            source.source_path,
            "too_large",
            f"file is {size_mb:.1f} MB, over max_file_mb={options.max_file_mb:g} (not read)",
        )
        return
    decoded = yield from _decoded(source, options)
    if decoded is None:
        return
    produced = 0
    for record in _read_items(source, reader_name, decoded, options, finalise):
        produced += 1
        yield record
    if not produced:  # e.g. a BASIL annotation or an empty JSON array: nothing to ingest
        _skipped(source.source_path, stats)


def _nested_archive(source: Source) -> str | None:
    """Why an archive member is not read: it is itself an archive or a compressed file."""
    if not source.in_archive:
        return None
    if archive_kind(source.name) or compression_of(source.name):
        return "an archive inside an archive is not opened (extract it and give it as an input)"
    return None


def _decoded(source: Source, options: IngestOptions) -> Iterator[dict[str, Any]]:
    """The source's text (the generator's return value), or a reject (yielded) and None."""
    try:
        try:
            data = source.read(limit=options.max_bytes)
        except Damaged as err:
            # a cut-off or corrupt compressed file: what decompressed before the damage is read
            yield reject_record(
                source.source_path,
                "corrupt_archive",
                f"compressed file damaged after {len(err.data):,} decompressed bytes "
                f"({err.problem}); the rest is not read",
            )
            if not err.data.strip():
                return None
            data = err.data
        if source.in_archive and binary_signature(data) in ("GZIP", "ZIP", "BZIP2", "XZ"):
            yield reject_record(
                source.source_path,
                "nested_archive",
                "compressed data inside an archive is not opened (extract it first)",
            )
            return None
        return decode_bytes(data)
    except DecodeError as err:
        yield reject_record(source.source_path, err.reason, err.detail)
    except TooLarge as err:
        yield reject_record(
            source.source_path, "too_large", f"{err}, over max_file_mb={options.max_file_mb:g}"
        )
    except SpecialFile as err:
        yield reject_record(source.source_path, "special_file", str(err))
    except Exception as err:  # noqa: BLE001 - any read failure of one file must not stop the run
        yield reject_record(
            source.source_path, "read_error", f"cannot read: {type(err).__name__}: {err}"
        )
    return None


def _read_items(
    source: Source,
    reader_name: str,
    decoded: Decoded,
    options: IngestOptions,
    finalise: Finaliser,
) -> Iterator[dict[str, Any]]:
    """The reader's items, finalised one by one: an item that fails to finalise is rejected on
    its own; a reader that fails ends the file with one reject saying how far it got."""
    read = _reader(reader_name, decoded.text, forced=options.layout != "auto")
    items = iter(read(source, decoded.text))
    produced = 0
    while True:
        try:
            item = next(items)
        except StopIteration:
            return
        except Exception as err:  # noqa: BLE001 - a reader failing on odd data must not stop the run
            where = f"after {produced} record(s)" if produced else "reading it"
            yield reject_record(
                source.source_path,
                "parse_error",
                f"failed {where}: {type(err).__name__}: {err}; the rest of the file is not read",
            )
            return
        produced += 1
        try:
            yield _finalised(item, decoded, finalise)
        except Exception as err:  # noqa: BLE001 - one odd record never stops its file
            path = getattr(item, "source_path", source.source_path)
            yield reject_record(path, "parse_error", f"{type(err).__name__}: {err}")


def _finalised(item: Draft | Rejected, decoded: Decoded, finalise: Finaliser) -> dict[str, Any]:
    if isinstance(item, Rejected):
        return reject_record(item.source_path, item.reason, item.detail, item.article_id)
    if decoded.encoding not in ("utf-8", "utf-8-sig"):
        item.meta["encoding"] = decoded.encoding
    if decoded.issue:
        item.meta["encoding_issue"] = decoded.issue
    return finalise(item)


def _skipped(source_path: str, stats: IngestStats, why: str = "not an article") -> None:
    stats.n_skipped += 1
    if len(stats.skipped_examples) < 20:
        stats.skipped_examples.append(source_path)
    log.debug("%s: skipped (%s)", log_value(source_path), why)


def _counted(record: dict[str, Any], stats: IngestStats) -> dict[str, Any]:
    if is_reject(record):
        stats.n_rejected += 1
        stats.rejects_by_reason[record["reason"]] += 1
        log.warning(
            "%s: rejected (%s): %s",
            log_value(record["source_path"]),
            record["reason"],
            log_value(record["detail"]),
        )
    else:
        stats.n_articles += 1
    return record


def iter_article_frames(
    paths: PathLike | Sequence[PathLike], chunk_size: int = 1000, **kwargs: Any
) -> Iterator[tuple[pd.DataFrame, pd.DataFrame]]:
    """Yield ``(articles, rejects)`` DataFrames (schemas applied) every ``chunk_size`` articles.

    Keyword arguments are those of :func:`iter_records`. The last chunk may be smaller; at least
    one (possibly empty) pair is always yielded so that callers get the schemas."""
    if chunk_size < 1:
        raise FramelabError(f"chunk_size must be >= 1, got {chunk_size}")
    articles: list[dict[str, Any]] = []
    rejects: list[dict[str, Any]] = []
    yielded = False
    for record in iter_records(paths, **kwargs):
        (rejects if is_reject(record) else articles).append(record)
        if len(articles) >= chunk_size:
            yield articles_frame(articles), rejects_frame(rejects)
            yielded = True
            articles, rejects = [], []
    if articles or rejects or not yielded:
        yield articles_frame(articles), rejects_frame(rejects)


def articles_frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """Rows -> DataFrame conformed to ``ARTICLES_SCHEMA``."""
    if not rows:
        return empty_frame(ARTICLES_SCHEMA)
    return conform(pd.DataFrame.from_records(rows, columns=list(ARTICLES_SCHEMA)), ARTICLES_SCHEMA)


def ingest_paths(
    paths: PathLike | Sequence[PathLike], *, progress: bool = False, **kwargs: Any
) -> IngestResult:
    """Read everything into one :class:`IngestResult` (keyword arguments of :func:`iter_records`).

    ``progress``: show a bar of articles read (:func:`framelab.progress.progress_bar`: under
    ``dvc repro``, in JupyterLab, or on a terminal)."""
    from ..progress import progress_bar

    stats = kwargs.pop("stats", None) or IngestStats()
    chunk_size = kwargs.pop("chunk_size", 5000)
    pairs = []
    with progress_bar(desc="ingest", enabled=None if progress else False) as bar:
        for articles, rejects in iter_article_frames(
            paths, chunk_size=chunk_size, stats=stats, **kwargs
        ):
            pairs.append((articles, rejects))
            bar.update(len(articles) + len(rejects))
    articles = pd.concat([a for a, _ in pairs], ignore_index=True)
    rejects = pd.concat([r for _, r in pairs], ignore_index=True)
    return IngestResult(conform(articles, ARTICLES_SCHEMA), conform(rejects, REJECTS_SCHEMA), stats)
