"""The ingest pipeline: sources -> readers -> finalised article rows (or rejects), streamed.

``iter_records`` yields one dict per input article: an articles row or a rejects row, so that
``inputs == articles + rejects`` holds; ``iter_article_frames`` batches them into DataFrames;
``ingest_paths`` collects everything. Memory stays flat: archives are read member by member and
only the set of article ids seen so far (for duplicate detection) grows with the corpus.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from ..errors import FramelabError, InputError
from ..io import REJECTS_SCHEMA, conform, empty_frame
from .config import GENERIC_FORMATS, layout_names, layouts, policy
from .dates import parse_published
from .decoding import Decoded, DecodeError, decode_bytes
from .draft import Draft, Rejected
from .formats import read_csv, read_json, read_jsonl, read_text
from .html import read_html
from .language import LanguageDetector, default_candidates, normalise_language
from .layouts import looks_like_ant, read_ant, read_layout_json
from .schema import ARTICLES_SCHEMA, dump_meta, is_reject, path_id, reject_record
from .sources import Source, TooLarge, is_sidecar, iter_sources

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


@dataclass(frozen=True)
class IngestOptions:
    layout: str = "auto"
    candidate_languages: tuple[str, ...] = ()
    default_language: str | None = None
    max_file_mb: float = 50
    today: dt.date = field(default_factory=dt.date.today)

    @property
    def max_bytes(self) -> int:
        return int(self.max_file_mb * 1024 * 1024)


def make_options(
    layout: str = "auto",
    candidate_languages: Sequence[str] | None = None,
    default_language: str | None = None,
    max_file_mb: float = 50,
) -> IngestOptions:
    """Validated options (unknown layout or language codes raise :class:`FramelabError`)."""
    if layout not in layout_names():
        raise FramelabError(f"unknown layout {layout!r}; choose from {', '.join(layout_names())}")
    default = None
    if default_language:
        default = normalise_language(default_language)
        if default is None:
            raise FramelabError(f"default_language {default_language!r} is not a language code")
    if max_file_mb is None or float(max_file_mb) <= 0:
        raise FramelabError(f"max_file_mb must be positive, got {max_file_mb!r}")
    chosen = candidate_languages if candidate_languages else default_candidates()
    candidates = tuple(dict.fromkeys(str(c).strip().lower() for c in chosen if str(c).strip()))
    return IngestOptions(layout, candidates, default, float(max_file_mb))


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


# ---------------------------------------------------------------- finalising
class Finaliser:
    """Turns Drafts into articles rows: ids, outlet case, dates, language, duplicate ids."""

    def __init__(self, options: IngestOptions) -> None:
        self.options = options
        self.detector = (
            None if options.default_language else LanguageDetector(options.candidate_languages)
        )
        self.seen: dict[str, str] = {}  # article_id -> source_path of its first occurrence

    def __call__(self, draft: Draft) -> dict[str, Any]:
        article_id = draft.corpus_id or path_id(draft.source_path)
        if not draft.raw.strip():
            return reject_record(draft.source_path, "empty", "article text is empty", article_id)
        first = self.seen.get(article_id)
        if first is not None:
            return reject_record(
                draft.source_path,
                "duplicate_id",
                f"article id {article_id} already read from {first}",
                article_id,
            )
        self.seen[article_id] = draft.source_path
        meta = dict(draft.meta)
        published, published_source, issue = self._date(draft)
        language, language_source = self._language(draft, meta)
        return {
            "article_id": article_id,
            "outlet": normalise_outlet(draft.outlet, draft.layout),
            "url": draft.url,
            "title": draft.title,
            "published": published,
            "published_source": published_source,
            "published_issue": issue,
            "language": language,
            "language_source": language_source,
            "raw": draft.raw,
            "raw_format": draft.raw_format,
            "source_path": draft.source_path,
            "meta": dump_meta(meta),
        }

    def _date(self, draft: Draft) -> tuple[str | None, str, str | None]:
        if draft.date_value is None:
            return None, "none", draft.date_issue or "no date in metadata"
        parsed = parse_published(
            draft.date_value, convention=draft.date_convention, today=self.options.today
        )
        issue = "; ".join(i for i in (draft.date_issue, parsed.issue) if i) or None
        if parsed.iso is None:
            return None, "none", issue
        return parsed.iso, draft.date_source, issue

    def _language(self, draft: Draft, meta: dict[str, Any]) -> tuple[str | None, str | None]:
        given = normalise_language(draft.language)
        if draft.language is not None and given is None:
            meta["language_given"] = str(draft.language)
        if given:
            return given, "given"
        if self.options.default_language:
            return self.options.default_language, "default"
        hint = normalise_language(draft.language_hint)
        text = draft.detect_text if draft.detect_text is not None else draft.raw
        detected = self.detector.detect(text) if self.detector else None
        if hint and detected and hint not in self.options.candidate_languages:
            # the detector cannot confirm a language it was not offered (pt page -> "es")
            meta["language_issue"] = (
                f"declared {hint!r} is not a candidate language; detector's {detected!r} not used"
            )
            return hint, "given"
        if detected:
            if hint and hint != detected:
                meta["language_hint"] = hint
            return detected, "detected"
        if hint:
            meta["language_issue"] = "detection inconclusive; language from page/corpus metadata"
            return hint, "given"
        meta["language_issue"] = "detection inconclusive"
        return None, None


def normalise_outlet(outlet: str | None, layout: str | None = None) -> str | None:
    """Outlet names in one case (lower) with whitespace collapsed, layout aliases applied."""
    if outlet is None:
        return None
    key = " ".join(str(outlet).split()).casefold()
    if not key:
        return None
    if layout and layout in layouts():
        key = layouts()[layout].outlet_aliases.get(key, key)
    return key


# ---------------------------------------------------------------- public streaming API
def iter_records(
    paths: PathLike | Sequence[PathLike],
    *,
    layout: str = "auto",
    candidate_languages: Sequence[str] | None = None,
    default_language: str | None = None,
    max_file_mb: float = 50,
    relative_to: PathLike | None = None,
    stats: IngestStats | None = None,
) -> Iterator[dict[str, Any]]:
    """Yield one dict per input article: an articles row (``ARTICLES_SCHEMA`` keys) or a rejects
    row (``REJECTS_SCHEMA`` keys, see :func:`framelab.ingest.is_reject`).

    ``paths``: files, folders (recursive, sorted) and .tar/.tar.gz/.tgz/.zip archives (read in
    place). ``source_path`` is shown relative to ``relative_to`` (default: the working folder).
    ``stats`` (optional) is filled with the run's counts, including skipped non-article files.
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    options = make_options(layout, candidate_languages, default_language, max_file_mb)
    finalise = Finaliser(options)
    stats = stats if stats is not None else IngestStats()
    n_files = 0
    for source in iter_sources(paths, relative_to):
        n_files += 1
        if isinstance(source, dict):
            yield _counted(source, stats)
            continue
        for record in _records_of(source, options, finalise, stats):
            yield _counted(record, stats)
    if not n_files:
        raise InputError(", ".join(str(p) for p in paths), "no article files found")
    if not stats.n_inputs:
        log.warning(
            "no articles in %d file(s): all skipped as not articles (e.g. %s)",
            n_files,
            ", ".join(stats.skipped_examples[:3]) or "metadata sidecars",
        )


def _records_of(
    source: Source, options: IngestOptions, finalise: Finaliser, stats: IngestStats
) -> Iterator[dict[str, Any]]:
    if is_sidecar(source.name):  # metadata of a sibling file, read with it
        return
    reader_name = choose_reader_name(source, options.layout)
    if reader_name == SKIP:
        _skipped(source, stats)
        return
    if source.size > options.max_bytes:
        size_mb = source.size / 1024 / 1024
        yield reject_record(
            source.source_path,
            "too_large",
            f"file is {size_mb:.1f} MB, over max_file_mb={options.max_file_mb:g} (not read)",
        )
        return
    try:
        data = source.read(limit=options.max_bytes)
        decoded = decode_bytes(data)
    except DecodeError as err:
        yield reject_record(source.source_path, err.reason, err.detail)
        return
    except TooLarge as err:
        yield reject_record(
            source.source_path, "too_large", f"{err}, over max_file_mb={options.max_file_mb:g}"
        )
        return
    except Exception as err:  # noqa: BLE001 - any read failure of one file must not stop the run
        yield reject_record(
            source.source_path, "read_error", f"cannot read: {type(err).__name__}: {err}"
        )
        return
    del data
    produced = 0
    read = _reader(reader_name, decoded.text, forced=options.layout != "auto")
    items = iter(read(source, decoded.text))
    while True:
        try:
            item = next(items)
            record = _finalised(item, decoded, finalise)
        except StopIteration:
            break
        except Exception as err:  # noqa: BLE001 - a reader failing on odd data must not stop the run
            where = f"after {produced} record(s)" if produced else "reading it"
            yield reject_record(
                source.source_path, "parse_error", f"failed {where}: {type(err).__name__}: {err}"
            )
            return
        produced += 1
        yield record
    if not produced:  # e.g. a BASIL annotation or an empty JSON array: nothing to ingest
        _skipped(source, stats)


def _finalised(item: Draft | Rejected, decoded: Decoded, finalise: Finaliser) -> dict[str, Any]:
    if isinstance(item, Rejected):
        return reject_record(item.source_path, item.reason, item.detail, item.article_id)
    if decoded.encoding not in ("utf-8", "utf-8-sig"):
        item.meta["encoding"] = decoded.encoding
    if decoded.issue:
        item.meta["encoding_issue"] = decoded.issue
    return finalise(item)


def _skipped(source: Source, stats: IngestStats) -> None:
    stats.n_skipped += 1
    if len(stats.skipped_examples) < 20:
        stats.skipped_examples.append(source.source_path)
    log.debug("%s: skipped (not an article of its layout)", source.source_path)


def _counted(record: dict[str, Any], stats: IngestStats) -> dict[str, Any]:
    if is_reject(record):
        stats.n_rejected += 1
        stats.rejects_by_reason[record["reason"]] += 1
        log.warning(
            "%s: rejected (%s): %s", record["source_path"], record["reason"], record["detail"]
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


def rejects_frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """Rows -> DataFrame conformed to ``REJECTS_SCHEMA``."""
    if not rows:
        return empty_frame(REJECTS_SCHEMA)
    return conform(pd.DataFrame.from_records(rows, columns=list(REJECTS_SCHEMA)), REJECTS_SCHEMA)


def ingest_paths(
    paths: PathLike | Sequence[PathLike], *, progress: bool = False, **kwargs: Any
) -> IngestResult:
    """Read everything into one :class:`IngestResult` (keyword arguments of :func:`iter_records`).

    ``progress``: show a tqdm bar of articles read (on a terminal only)."""
    from tqdm import tqdm

    stats = kwargs.pop("stats", None) or IngestStats()
    chunk_size = kwargs.pop("chunk_size", 5000)
    pairs = []
    with tqdm(desc="ingest", unit=" articles", disable=None if progress else True) as bar:
        for articles, rejects in iter_article_frames(
            paths, chunk_size=chunk_size, stats=stats, **kwargs
        ):
            pairs.append((articles, rejects))
            bar.update(len(articles) + len(rejects))
    articles = pd.concat([a for a, _ in pairs], ignore_index=True)
    rejects = pd.concat([r for _, r in pairs], ignore_index=True)
    return IngestResult(conform(articles, ARTICLES_SCHEMA), conform(rejects, REJECTS_SCHEMA), stats)
