"""The clean stage: articles table -> clean table, audit of removed lines, rejects."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, fields
from typing import Any

import pandas as pd
import regex

from ..io import conform, empty_frame, reject_row, rejects_frame
from ..schemas import ARTICLE_COLUMNS, AUDIT_SCHEMA, CLEAN_SCHEMA
from .assemble import assemble, subtract
from .dedup import Deduplicator
from .html import extract_main_text, locate_in_raw
from .lines import Line, LineParams, split_lines
from .normalize import TextBuilder
from .outlet import OutletModel, learn_outlets
from .params import CleanParams
from .rules import decide

log = logging.getLogger(__name__)


_OUTLET_RULES = {"repeated", "repeated_label", "repeated_phrase"}
_WORD = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}]|\w+")


def _row_label(row: Mapping[str, Any], row_number: int | None) -> str:
    """How a log line names an input row: its article_id, else its source_path, else its number."""
    for key in ("article_id", "source_path"):
        if not _is_missing(row.get(key)):
            return str(row[key])
    return f"row {row_number}" if row_number is not None else "a row without id or source"


@dataclass
class CleanResult:
    """Output of :func:`clean_articles`: input rows == len(clean) + len(rejects)."""

    clean: pd.DataFrame
    audit: pd.DataFrame
    rejects: pd.DataFrame


@dataclass
class CleanedDocument:
    """One article's cleaning outcome (before it becomes table rows)."""

    text: str
    extractor: str
    runs: tuple[list[int], list[int], list[int]]
    removed: list[dict[str, Any]]


def count_words(text: str) -> int:
    """Words of the clean text: ``\\w+`` runs, each CJK character counting as one word."""
    return len(_WORD.findall(text))


def _runs(builder: TextBuilder) -> tuple[list[int], list[int], list[int]]:
    return list(builder.offset_clean), list(builder.offset_raw), list(builder.offset_len)


def clean_text_dump(
    raw: str,
    *,
    language: str | None,
    outlet: str | None,
    model: OutletModel | None,
    params: LineParams,
    article_id: str | None = None,
    lines: list[Line] | None = None,
) -> CleanedDocument:
    """Remove chrome lines and phrases from a text dump and normalise what is left (``lines``:
    the result of ``split_lines(raw)`` when already computed)."""
    lines = split_lines(raw) if lines is None else lines
    decided = decide(lines, language=language, outlet=outlet, model=model, params=params)
    holes: dict[int, list[tuple[int, int]]] = {}
    for phrase in sorted(decided.phrases, key=lambda p: (p.line, p.start)):
        holes.setdefault(phrase.line, []).append((phrase.start, phrase.end))
    paragraphs = [
        subtract((line.start, line.end), holes.get(i, []))
        for i, line in enumerate(lines)
        if decided.rules[i] is None
    ]
    removed = [
        _audit_row(article_id, line, line.start, line.end, rule, "line", decided.details[i], raw)
        for i, (line, rule) in enumerate(zip(lines, decided.rules, strict=True))
        if rule is not None
    ]
    removed += [
        _audit_row(article_id, lines[p.line], p.start, p.end, p.rule, "phrase", p.detail, raw)
        for p in decided.phrases
    ]
    removed.sort(key=lambda r: r["raw_start"])
    builder = assemble(raw, paragraphs)
    return CleanedDocument(builder.text(), "lines", _runs(builder), removed)


def _audit_row(
    article_id: str | None,
    line: Line,
    start: int,
    end: int,
    rule: str,
    unit: str,
    detail: str | None,
    raw: str,
) -> dict[str, Any]:
    """One audit row; ``raw[raw_start:raw_end]`` is the removed text without surrounding
    blanks."""
    text = raw[start:end]
    stripped = text.strip()
    start += len(text) - len(text.lstrip())
    return {
        "article_id": article_id,
        "line_no": line.no,
        "raw_start": start,
        "raw_end": start + len(stripped),
        "text": stripped,
        "rule": rule,
        "unit": unit,
        "detail": detail,
    }


def clean_html(raw: str, *, extractor: str, min_chars: int) -> CleanedDocument:
    """Extract the main text of an HTML page, normalise it, and map it into the HTML."""
    extracted, used = extract_main_text(raw, extractor=extractor, min_chars=min_chars)
    spans, pos = [], 0
    for chunk in extracted.split("\n"):
        spans.append([(pos, pos + len(chunk))])
        pos += len(chunk) + 1
    builder = assemble(extracted, spans)
    located = locate_in_raw(builder, raw)
    return CleanedDocument(located.text(), used, _runs(located), [])


def _outlet_key(row: Mapping[str, Any]) -> str | None:
    outlet = row.get("outlet")
    return None if outlet is None or pd.isna(outlet) else str(outlet).casefold()


def _is_missing(value: Any) -> bool:
    return value is None or (not isinstance(value, str) and pd.isna(value))


class Cleaner:
    """Cleans articles chunk by chunk; near-duplicate detection spans all chunks.

    Outlet-level statistics (rules ``repeated``, ``repeated_label``, ``repeated_phrase``) are
    learned from each chunk's own text dumps unless ``model`` is given (e.g. learned over the
    whole corpus in a first pass with :meth:`learn`)."""

    def __init__(self, params: CleanParams | None = None, **overrides: Any) -> None:
        base = {f.name: getattr(params, f.name) for f in fields(CleanParams)} if params else {}
        self.params = CleanParams.from_mapping({**base, **overrides})
        self.line_params = self.params.line_params()
        self.repeat_params = self.params.repeat_params()
        self.dedup = Deduplicator(
            threshold=self.params.dedup_threshold,
            num_perm=self.params.dedup_num_perm,
            shingle=self.params.dedup_shingle,
        )

    def learn(
        self, articles: pd.DataFrame, split: dict[int, list[Line]] | None = None
    ) -> OutletModel:
        """What each outlet repeats across the text dumps of ``articles``."""
        records = articles.to_dict("records")

        def documents():
            for i, row in enumerate(records):
                raw = row.get("raw")
                if row.get("raw_format") != "html" and self._problem(row) is None:
                    lines = split[i] if split is not None and i in split else split_lines(raw)
                    yield _outlet_key(row) or "", raw, lines

        return learn_outlets(documents(), self.repeat_params)

    def clean_one(
        self,
        row: Mapping[str, Any],
        model: OutletModel | None,
        lines: list[Line] | None = None,
    ) -> CleanedDocument:
        raw = row["raw"]
        if row.get("raw_format") == "html":
            return clean_html(
                raw, extractor=self.params.html_extractor, min_chars=self.params.min_html_chars
            )
        language = None if _is_missing(row.get("language")) else str(row["language"])
        return clean_text_dump(
            raw,
            language=language,
            outlet=_outlet_key(row) or "",
            model=model,
            params=self.line_params,
            article_id=row.get("article_id"),
            lines=lines,
        )

    def clean(self, articles: pd.DataFrame, model: OutletModel | None = None) -> CleanResult:
        """Clean one chunk of the articles table."""
        split = self._split(articles)
        if model is None and self.needs_model():
            model = self.learn(articles, split)
        return self.deduplicate(self._clean_records(articles, model, split))

    def needs_model(self) -> bool:
        """True when a rule needs what the outlets repeat (:meth:`learn`)."""
        return bool(set(self.params.rules) & _OUTLET_RULES)

    def clean_each(self, articles: pd.DataFrame, model: OutletModel | None) -> CleanResult:
        """The per-article part of :meth:`clean`: every article on its own, given the outlets'
        ``model``; near-duplicate columns are left null (:meth:`deduplicate` fills them)."""
        return self._clean_records(articles, model, self._split(articles))

    def deduplicate(self, result: CleanResult) -> CleanResult:
        """``result`` with near-duplicate clusters assigned over its clean texts, in order (the
        clusters span every table this cleaner has seen)."""
        clean = result.clean.copy()
        if len(clean):
            clusters, dups = self.dedup.assign(list(clean["text"]))
            clean["duplicate_cluster"] = pd.array(clusters, dtype="Int64")
            clean["is_duplicate"] = pd.array(dups, dtype="boolean")
        return CleanResult(conform(clean, CLEAN_SCHEMA), result.audit, result.rejects)

    def _split(self, articles: pd.DataFrame) -> dict[int, list[Line]]:
        return {
            i: split_lines(r["raw"])
            for i, r in enumerate(articles.to_dict("records"))
            if r.get("raw_format") != "html" and self._problem(r) is None
        }

    def _clean_records(
        self, articles: pd.DataFrame, model: OutletModel | None, split: dict[int, list[Line]]
    ) -> CleanResult:
        records = articles.to_dict("records")
        rows, audit, rejects = [], [], []
        for i, row in enumerate(records):
            problem = self._problem(row)
            doc = None
            if problem is None:
                try:
                    doc = self.clean_one(row, model, split.get(i))
                except Exception as err:  # one bad page never stops a run
                    problem = ("clean_failed", f"{type(err).__name__}: {err}")
            if doc is not None and not doc.text.strip():
                problem = (
                    "empty_after_clean",
                    f"nothing left after cleaning ({len(doc.removed)} lines or phrases removed)",
                )
            if problem is not None:
                rejects.append(self._reject(row, *problem, row_number=i))
                if doc is not None:
                    audit.extend(doc.removed)
                continue
            audit.extend(doc.removed)
            rows.append(self._clean_row(row, doc))
        clean = pd.DataFrame(rows) if rows else empty_frame(CLEAN_SCHEMA)
        return CleanResult(
            clean=conform(clean, CLEAN_SCHEMA),
            audit=conform(pd.DataFrame(audit), AUDIT_SCHEMA)
            if audit
            else empty_frame(AUDIT_SCHEMA),
            rejects=rejects_frame(rejects),
        )

    @staticmethod
    def _problem(row: Mapping[str, Any]) -> tuple[str, str] | None:
        raw = row.get("raw")
        if _is_missing(raw):
            return "no_raw", "the article has no raw text"
        if not isinstance(raw, str):
            return "undecodable", f"raw is {type(raw).__name__}, not text"
        if not raw.strip():
            return "empty", "the raw text is empty"
        if "\x00" in raw:
            return "undecodable", "the raw text contains NUL characters (binary data)"
        return None

    @staticmethod
    def _reject(
        row: Mapping[str, Any], reason: str, detail: str, row_number: int | None = None
    ) -> dict[str, Any]:
        log.warning("clean: rejected %s (%s): %s", _row_label(row, row_number), reason, detail)
        return reject_row(
            "clean",
            reason,
            detail,
            source_path=row.get("source_path"),
            article_id=row.get("article_id"),
        )

    @staticmethod
    def _clean_row(row: Mapping[str, Any], doc: CleanedDocument) -> dict[str, Any]:
        out = {c: row.get(c) for c in ARTICLE_COLUMNS}
        out.update(
            text=doc.text,
            extractor=doc.extractor,
            offset_clean=doc.runs[0],
            offset_raw=doc.runs[1],
            offset_len=doc.runs[2],
            n_chars=len(doc.text),
            n_words=count_words(doc.text),
        )
        return out


def clean_articles(articles: pd.DataFrame, **params: Any) -> CleanResult:
    """Clean an articles table (schema: docs/conventions.md) in one go.

    ``params`` are the keys of ``params.yaml``'s ``clean`` section (see :class:`CleanParams`)."""
    return Cleaner(**params).clean(articles)


def clean_each_article(
    articles: pd.DataFrame, *, model: OutletModel | None = None, **params: Any
) -> CleanResult:
    """The per-article part of cleaning (:meth:`Cleaner.clean_each`): a pure function of the
    articles, the outlets' ``model`` and the ``clean`` params, run on any slice of the table."""
    return Cleaner(**params).clean_each(articles, model)


def clean_articles_mapped(
    articles: pd.DataFrame, map_articles: Callable[..., CleanResult], **params: Any
) -> CleanResult:
    """:func:`clean_articles` with the per-article part handed to
    ``map_articles(clean_each_article, articles, model=..., **params)``, which must return the
    :class:`CleanResult` of all articles in input order (e.g. ``framelab.compute.run_partitioned``).
    What the outlets repeat is learned here over the whole table first, and near-duplicates are
    found here afterwards, so the tables are those of :func:`clean_articles`."""
    cleaner = Cleaner(**params)
    model = cleaner.learn(articles) if cleaner.needs_model() else None
    return cleaner.deduplicate(map_articles(clean_each_article, articles, model=model, **params))


def iter_clean(chunks: Iterable[pd.DataFrame], **params: Any) -> Iterator[CleanResult]:
    """Clean a stream of article chunks (e.g. from ``framelab.ingest.iter_article_frames``)."""
    cleaner = Cleaner(**params)
    for chunk in chunks:
        yield cleaner.clean(chunk)


def to_raw_span(row: Mapping[str, Any], start: int, end: int) -> tuple[int, int]:
    """Map a span ``[start, end)`` of a clean row's ``text`` to ``raw`` offsets.

    A boundary inside an aligned run maps exactly; a boundary in a gap (a changed character, a
    paragraph separator) moves to the nearest aligned character inside the span. Raises
    ``ValueError`` when no character of the span is aligned."""
    if not 0 <= start < end <= len(row["text"]):
        raise ValueError(f"span [{start}, {end}) outside the clean text")
    raw_start = raw_end = None
    for c, r, n in zip(row["offset_clean"], row["offset_raw"], row["offset_len"], strict=True):
        lo, hi = max(start, c), min(end, c + n)
        if lo >= hi:
            continue
        if raw_start is None:
            raw_start = r + (lo - c)
        raw_end = r + (hi - c)
    if raw_start is None or raw_end is None:
        raise ValueError(f"span [{start}, {end}) has no character aligned with the raw text")
    return raw_start, raw_end
