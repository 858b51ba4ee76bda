"""The ``dates`` stage over the clean table: one timex row per expression, rejects for articles
that cannot be processed (so that input articles == processed + rejected)."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from ..display import log_value
from ..errors import FramelabError
from ..io import conform, empty_frame, reject_row, rejects_frame
from ..progress import progress_bar
from .extract import TIMEX_SCHEMA, Timex, extract_timexes, timex_rows
from .grammar import available_languages
from .params import DatesParams

log = logging.getLogger(__name__)


@dataclass
class DatesResult:
    timexes: pd.DataFrame
    rejects: pd.DataFrame
    n_articles: int
    n_processed: int


def _reject(row: Any, reason: str, detail: str) -> dict[str, Any]:
    article_id = row.get("article_id")
    log.warning("dates: article %s rejected: %s", log_value(article_id), log_value(detail))
    return reject_row(
        "dates", reason, detail, source_path=row.get("source_path"), article_id=article_id
    )


def _is_missing(value: Any) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and value != value)


def run_dates(
    clean_df: pd.DataFrame,
    *,
    lexicon: str | None = None,
    languages: str | Sequence[str] | None = None,
    progress: bool | None = None,
    **params: Any,
) -> DatesResult:
    """Timexes of every article of the clean table whose language has patterns.

    Articles with no text, no language or a language outside ``languages`` (or without packaged
    patterns) go to the rejects table with a reason; a per-article failure never stops the run.
    ``progress``: a bar of articles (:func:`framelab.progress.progress_bar`; None = automatic).
    """
    settings = DatesParams.from_mapping({"lexicon": lexicon, "languages": languages, **params})
    lexicon = settings.lexicon
    known = set(available_languages(lexicon))
    wanted = set(settings.languages) if settings.languages else known
    unknown = sorted(wanted - known)
    if unknown:
        raise FramelabError(f"dates: no patterns for languages {unknown} (have {sorted(known)})")
    rows: list[dict[str, Any]] = []
    rejects: list[dict[str, Any]] = []
    processed = 0
    bar = progress_bar(total=len(clean_df), desc="dates", enabled=progress)
    for row in clean_df.to_dict("records"):
        bar.update(1)
        text, language = row.get("text"), row.get("language")
        if not _is_missing(text) and not isinstance(text, str):
            rejects.append(
                _reject(row, "text", f"text must be a string, not {type(text).__name__}")
            )
            continue
        if _is_missing(text) or not text.strip():
            rejects.append(_reject(row, "empty", "no clean text"))
            continue
        if _is_missing(language) or language not in wanted:
            rejects.append(
                _reject(row, "language", f"no date patterns used for language {language!r}")
            )
            continue
        published = None if _is_missing(row.get("published")) else row.get("published")
        try:
            found = extract_timexes(text, str(language), published, lexicon=lexicon)
        except Exception as err:  # one bad article never stops the run: it goes to the rejects
            detail = f"{type(err).__name__}: {err}".splitlines()[0]
            rejects.append(_reject(row, "error", detail))
            continue
        processed += 1
        rows.extend(timex_rows(found, article_id=row.get("article_id")))
    bar.close()
    timexes = (
        conform(pd.DataFrame(rows, columns=list(TIMEX_SCHEMA)), TIMEX_SCHEMA)
        if rows
        else empty_frame(TIMEX_SCHEMA)
    )
    return DatesResult(timexes, rejects_frame(rejects), len(clean_df), processed)


def timexes_for_articles(
    clean_df: pd.DataFrame,
    *,
    lexicon: str | None = None,
    languages: Sequence[str] | None = None,
    **params: Any,
) -> pd.DataFrame:
    """The timex table (``TIMEX_SCHEMA``) of a clean table (see :func:`run_dates`)."""
    return run_dates(clean_df, lexicon=lexicon, languages=languages, **params).timexes


def extract_or_skip(
    text: str, language: str | None, published: Any, *, lexicon: str | None = None
) -> list[Timex]:
    """``extract_timexes``, but a language without patterns gives no timexes (logged once)."""
    if not language or language not in available_languages(lexicon):
        if language not in _WARNED:
            _WARNED.add(language)
            log.warning(
                "dates: no patterns for language %r; its documents get no timexes", language
            )
        return []
    return extract_timexes(text, language, published, lexicon=lexicon)


_WARNED: set[str | None] = set()


def document_problem(doc: Any) -> str | None:
    """Why a shared-format document cannot be tagged (``None`` when it can): it must be a JSON
    object whose ``text``, when present, is a string."""
    if not isinstance(doc, dict):
        return f"document must be a JSON object, not {type(doc).__name__}"
    text = doc.get("text")
    if text is not None and not isinstance(text, str):
        return f"text must be a string, not {type(text).__name__}"
    return None


def iter_documents_timexes(
    docs: Iterable[dict[str, Any]], *, lexicon: str | None = None, source: str | None = None
) -> Iterable[dict[str, Any]]:
    """Documents in the shared format with ``timexes`` filled in (``published`` = DCT).

    A document that cannot be tagged (see :func:`document_problem`) is skipped with a one-line
    warning naming ``source`` (the input file) and its id. A ``lexicon`` that is not a folder of
    ``<lang>.yaml`` files raises ``InputError`` before any document is read."""
    available_languages(lexicon)
    for doc in docs:
        problem = document_problem(doc)
        if problem is not None:
            doc_id = doc.get("id") if isinstance(doc, dict) else None
            log.warning(
                "dates: %s: document %s skipped: %s",
                log_value(source or "<input>"),
                log_value(doc_id),
                problem,
            )
            continue
        found = extract_or_skip(
            doc.get("text") or "", doc.get("language"), doc.get("published"), lexicon=lexicon
        )
        yield {
            **doc,
            "timexes": [
                {
                    "start": t.start,
                    "end": t.end,
                    "text": t.text,
                    "type": t.type,
                    "value": t.value,
                    "granularity": t.granularity,
                    "anchored": t.anchored,
                    "rule": t.rule,
                }
                for t in found
            ],
        }
