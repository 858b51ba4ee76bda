"""Options of an ingest run and the last step of reading: a reader's :class:`Draft` becomes an
articles row (ids, outlet case, dates, language, duplicate ids, the size guard), with every text
field made storable (lone surrogates replaced and flagged)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ..errors import FramelabError
from .config import layout_names, layouts
from .dates import parse_published
from .draft import Draft
from .language import LanguageDetector, default_candidates, normalise_language
from .schema import dump_meta, path_id, reject_record
from .textsafe import has_surrogates, replace_surrogates, storable

DEFAULT_MAX_ARTICLE_CHARS = 1_000_000


@dataclass(frozen=True)
class IngestOptions:
    layout: str = "auto"
    candidate_languages: tuple[str, ...] = ()
    default_language: str | None = None
    max_file_mb: float = 50
    max_article_chars: int = DEFAULT_MAX_ARTICLE_CHARS
    today: dt.date = field(default_factory=dt.date.today)

    @property
    def max_bytes(self) -> int:
        return int(self.max_file_mb * 1024 * 1024)


def make_options(
    layout: str = "auto",
    candidate_languages: Sequence[str] | None = None,
    default_language: str | None = None,
    max_file_mb: float = 50,
    max_article_chars: int = DEFAULT_MAX_ARTICLE_CHARS,
) -> IngestOptions:
    """Validated options (unknown layout or language codes, sizes that are not positive numbers
    raise :class:`FramelabError`)."""
    if layout not in layout_names():
        raise FramelabError(f"unknown layout {layout!r}; choose from {', '.join(layout_names())}")
    default = None
    if default_language:
        default = normalise_language(default_language)
        if default is None:
            raise FramelabError(f"default_language {default_language!r} is not a language code")
    if not _positive_number(max_file_mb):
        raise FramelabError(f"max_file_mb must be a positive number, got {max_file_mb!r}")
    if not _positive_number(max_article_chars, integer=True):
        raise FramelabError(
            f"max_article_chars must be a positive whole number, got {max_article_chars!r}"
        )
    chosen = candidate_languages if candidate_languages else default_candidates()
    candidates = tuple(dict.fromkeys(str(c).strip().lower() for c in chosen if str(c).strip()))
    return IngestOptions(layout, candidates, default, float(max_file_mb), int(max_article_chars))


def _positive_number(value: Any, *, integer: bool = False) -> bool:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    if integer and not float(value).is_integer():
        return False
    return value > 0 and value == value and value != float("inf")


class Finaliser:
    """Turns Drafts into articles rows: ids, outlet case, dates, language, duplicate ids."""

    def __init__(self, options: IngestOptions) -> None:
        self.options = options
        self.detector = (
            None if options.default_language else LanguageDetector(options.candidate_languages)
        )
        self.seen: dict[str, str] = {}  # article_id -> source_path of its first occurrence

    def __call__(self, draft: Draft) -> dict[str, Any]:
        _make_storable(draft)
        article_id = draft.corpus_id or path_id(draft.source_path)
        if not draft.raw.strip():
            return reject_record(draft.source_path, "empty", "article text is empty", article_id)
        limit = self.options.max_article_chars
        length = article_length(draft)
        if length > limit:
            return reject_record(
                draft.source_path,
                "too_long",
                f"article text has {length:,} characters, over max_article_chars={limit:,}",
                article_id,
            )
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


def article_length(draft: Draft) -> int:
    """Characters of the article's text: the text itself, or an HTML page's visible text (the
    page's markup is bounded by ``max_file_mb``)."""
    if draft.raw_format == "html" and draft.detect_text is not None:
        return len(draft.detect_text)
    return len(draft.raw)


def _make_storable(draft: Draft) -> None:
    """Lone surrogates (from JSON escapes such as ``"\\ud800"``) replaced with U+FFFD in every
    text field, so that parquet and notebooks can store the row; the article is flagged."""
    raw, n_raw = replace_surrogates(draft.raw)
    draft.raw = raw
    n_other = 0
    for name in ("corpus_id", "outlet", "url", "title", "detect_text", "language_hint"):
        value = getattr(draft, name)
        if isinstance(value, str):
            fixed, n = replace_surrogates(value)
            setattr(draft, name, fixed)
            n_other += n
    if isinstance(draft.date_value, str):
        draft.date_value = storable(draft.date_value)
    if isinstance(draft.language, str):
        draft.language = storable(draft.language)
    if _holds_surrogates(draft.meta):
        draft.meta = _storable_meta(draft.meta)
        n_other += 1
    if n_raw or n_other:
        draft.meta["text_issue"] = (
            f"{n_raw + n_other} lone surrogate escape(s) replaced with U+FFFD"
        )


def _holds_surrogates(value: Any) -> bool:
    if isinstance(value, str):
        return has_surrogates(value)
    if isinstance(value, dict):
        return any(_holds_surrogates(k) or _holds_surrogates(v) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return any(_holds_surrogates(v) for v in value)
    return False


def _storable_meta(value: Any) -> Any:
    if isinstance(value, dict):
        return {storable(str(k)): _storable_meta(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_storable_meta(v) for v in value]
    return storable(value)


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
