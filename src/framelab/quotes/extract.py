"""Public API: ``extract_quotes`` for one text, ``quotes_for_articles`` for the clean table."""

from __future__ import annotations

import logging
import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pandas as pd

from ..io import conform, empty_frame, reject_row, rejects_frame
from ..schemas import QUOTES_SCHEMA
from .lexicon import Lexicon, load_lexicon, load_marks, missing_lexicon_detail
from .params import QuotesParams
from .parse import apply_parse, entity_mentions
from .resolve import Resolved, resolve_speakers
from .rules import rule_candidates
from .subjects import merge_subjects, parse_subjects
from .text import build_view

log = logging.getLogger(__name__)


def extract_quotes(
    text: str,
    language: str | None,
    *,
    tokens: pd.DataFrame | None = None,
    entities: pd.DataFrame | None = None,
    article_id: str | None = None,
    lexicon: str | Lexicon | None = None,
    min_quote_chars: int = 3,
) -> pd.DataFrame:
    """Quotes of one clean text as a DataFrame with :data:`QUOTES_SCHEMA`.

    ``tokens``/``entities``: the article's rows of the annotate stage's tables (optional); with
    them, speakers come from the dependency parse (subject of the cue verb) and named entities.
    ``lexicon``: a folder of user YAML files merged over the packaged ones, or a Lexicon.
    """
    rows = quote_records(
        text,
        language,
        tokens=tokens,
        entities=entities,
        article_id=article_id,
        lexicon=lexicon,
        min_quote_chars=min_quote_chars,
    )
    return _records_frame(rows, QUOTES_SCHEMA)


def _records_frame(rows: list[dict[str, Any]], schema: dict[str, str]) -> pd.DataFrame:
    """Row dicts as a DataFrame conformed to ``schema`` (its columns, in order, when empty)."""
    if not rows:
        return empty_frame(schema)
    return conform(pd.DataFrame.from_records(rows, columns=list(schema)), schema)


def quote_records(
    text: str,
    language: str | None,
    *,
    tokens: pd.DataFrame | None = None,
    entities: pd.DataFrame | None = None,
    article_id: str | None = None,
    lexicon: str | Lexicon | None = None,
    min_quote_chars: int = 3,
) -> list[dict[str, Any]]:
    """Like :func:`extract_quotes`, as a list of row dicts (no DataFrame overhead).

    Raises TypeError when ``text`` is neither a string nor None."""
    if text is not None and not isinstance(text, str):
        raise TypeError(f"text must be a string, got {type(text).__name__}")
    text = text or ""
    lang = (language or "und").lower()
    if isinstance(lexicon, Lexicon):
        lex = lexicon
    else:
        lex = load_lexicon(lang, str(lexicon) if lexicon else None)
    if not text.strip():
        return []
    view = build_view(text, lex, load_marks())
    extra = []
    if entities is not None and len(entities):
        extra = entity_mentions(view, lex, entities)
    found = rule_candidates(view, lex, [m.name for m in extra if m.kind == "person"])
    candidates = found.candidates
    methods = {id(c): "rules" for c in candidates}
    subjects = found.subjects
    if tokens is not None and len(tokens):
        methods = apply_parse(view, lex, candidates, tokens)
        subjects = merge_subjects(subjects, parse_subjects(view, lex, tokens))
    resolved = resolve_speakers(view, lex, candidates, extra, subjects)
    rows = [
        _row(view.text, r, lang, article_id, methods.get(id(r.candidate), "rules"), view)
        for r in resolved
        if r.candidate.end - r.candidate.start >= min_quote_chars
    ]
    for i, row in enumerate(rows):
        row["quote_id"] = f"{article_id or 'doc'}:q{i:03d}"
    return rows


def _row(
    text: str, r: Resolved, lang: str, article_id: str | None, method: str, view: Any
) -> dict[str, Any]:
    c = r.candidate
    start, end = max(0, c.start), min(len(text), c.end)
    sp = r.speaker
    cue = c.cue
    return {
        "article_id": article_id,
        "type": c.type,
        "scope": c.scope,
        "start": start,
        "end": end,
        "text": text[start:end],
        "speaker": sp.text if sp else None,
        "speaker_start": sp.start if sp else None,
        "speaker_end": sp.end if sp else None,
        "speaker_name": r.speaker_name,
        "speaker_kind": r.speaker_kind,
        "cue": text[cue.start : cue.end] if cue else None,
        "cue_start": cue.start if cue else None,
        "cue_end": cue.end if cue else None,
        "cue_lemma": cue.entry.lemma if cue else None,
        "cue_class": cue.entry.cue_class if cue else None,
        "sentence": view.sentence_of(start),
        "language": lang,
        "method": method,
    }


def _group(df: pd.DataFrame | None) -> dict[str, pd.DataFrame]:
    if df is None or df.empty or "article_id" not in df.columns:
        return {}
    return {str(k): g for k, g in df.groupby("article_id", sort=False)}


@dataclass
class QuotesResult:
    """Quotes of a clean table plus the articles that could not be processed.

    ``rejects`` has :data:`framelab.io.REJECTS_SCHEMA` (stage ``quotes``); every input article is
    either processed (possibly with no quotes) or rejected: ``n_articles == n_processed +
    len(rejects)``.
    """

    quotes: pd.DataFrame
    rejects: pd.DataFrame
    n_articles: int
    n_processed: int


def run_quotes(
    clean_df: pd.DataFrame,
    tokens_df: pd.DataFrame | None = None,
    entities_df: pd.DataFrame | None = None,
    **params: Any,
) -> QuotesResult:
    """Quotes of every article of the clean table (``article_id``, ``language``, ``text``).

    ``params`` are the ``quotes`` section of params.yaml: ``use_parse`` (auto | never),
    ``cue_lexicon`` (folder or null), ``min_quote_chars``. Articles without annotation rows use
    the rule path. An article whose extraction fails is logged and goes to ``rejects`` with reason
    ``extraction_error``; it never stops the run. Articles with missing or blank text (reason
    ``empty``), a non-string text (``bad_text``) or a language without a cue lexicon
    (``language``; one warning per language) are rejected too, not counted as processed. ``quotes.attrs["failed_articles"]`` lists the
    ids of the rejected articles.
    """
    settings = QuotesParams.from_mapping(params)
    use_parse = settings.use_parse != "never"
    tokens_by = _group(tokens_df) if use_parse else {}
    entities_by = _group(entities_df) if use_parse else {}
    lexicon = settings.cue_lexicon
    min_quote_chars = settings.min_quote_chars
    rows: list[dict[str, Any]] = []
    rejects: list[dict[str, Any]] = []
    n_articles = 0
    warned: set[str] = set()
    for row in _records(clean_df):
        n_articles += 1
        aid = str(row.get("article_id"))
        problem = article_problem(row.get("text"), row.get("language"), lexicon)
        if problem is not None:
            reason, detail = problem
            if reason != "language" or detail not in warned:
                log.warning("quotes: article %s rejected (%s): %s", aid, reason, detail)
                warned.add(detail)
            rejects.append(_reject_row(row, aid, reason, detail))
            continue
        try:
            rows += quote_records(
                row.get("text") or "",
                row.get("language"),
                tokens=tokens_by.get(aid),
                entities=entities_by.get(aid),
                article_id=aid,
                lexicon=lexicon,
                min_quote_chars=min_quote_chars,
            )
        except Exception as err:  # noqa: BLE001 - one bad article never stops a run
            log.warning("quotes: article %s failed: %s: %s", aid, type(err).__name__, err)
            rejects.append(_reject(row, aid, err))
    quotes = _records_frame(rows, QUOTES_SCHEMA)
    quotes.attrs["failed_articles"] = [r["article_id"] for r in rejects]
    return QuotesResult(
        quotes=quotes,
        rejects=rejects_frame(rejects),
        n_articles=n_articles,
        n_processed=n_articles - len(rejects),
    )


def quotes_for_articles(
    clean_df: pd.DataFrame,
    tokens_df: pd.DataFrame | None = None,
    entities_df: pd.DataFrame | None = None,
    **params: Any,
) -> pd.DataFrame:
    """The quote table of :func:`run_quotes` (rejected ids in ``attrs["failed_articles"]``)."""
    return run_quotes(clean_df, tokens_df, entities_df, **params).quotes


def text_problem(text: Any) -> tuple[str, str] | None:
    """Why ``text`` cannot be read for quotes: (``empty``, ...) when missing or blank,
    (``bad_text``, ...) when not a string; None when it is usable."""
    if text is None or (isinstance(text, float) and math.isnan(text)):
        return "empty", "text is missing"
    if not isinstance(text, str):
        return "bad_text", f"text must be a string, got {type(text).__name__}"
    if not text.strip():
        return "empty", "text is empty"
    return None


def article_problem(
    text: Any, language: Any, lexicon: str | Lexicon | None = None
) -> tuple[str, str] | None:
    """(reason, one-line detail) when an article cannot be processed: bad or empty text
    (:func:`text_problem`), or a language without a cue lexicon (reason ``language``); None
    otherwise. ``lexicon``: the user folder (its ``cues_<lang>.yaml`` add languages)."""
    problem = text_problem(text)
    if problem is not None:
        return problem
    if isinstance(lexicon, Lexicon):
        return None
    detail = missing_lexicon_detail(
        language if isinstance(language, str) else None, str(lexicon) if lexicon else None
    )
    return None if detail is None else ("language", detail)


def _reject(row: dict[str, Any], article_id: str, err: Exception) -> dict[str, Any]:
    detail = f"{type(err).__name__}: {err}"
    return _reject_row(row, article_id, "extraction_error", detail)


def _reject_row(row: dict[str, Any], article_id: str, reason: str, detail: str) -> dict[str, Any]:
    return reject_row(
        "quotes", reason, detail, source_path=row.get("source_path"), article_id=article_id
    )


def _records(df: pd.DataFrame) -> Iterable[dict[str, Any]]:
    cols = [c for c in ("article_id", "language", "text", "source_path") if c in df.columns]
    for rec in df[cols].to_dict("records"):
        yield {k: (None if v is pd.NA else v) for k, v in rec.items()}
