"""Validation of gold files before any scoring (``../shared/eval/FORMATS.md``).

A malformed gold file must never end in a traceback nor be scored as if it were right: every
document is checked first, and the first problem stops ``framelab evaluate`` with one line naming
the file, the line and the field, e.g.
``gold.jsonl:12: quotes[3].start: must be an integer offset, got the string '10'``.

Checked for every task: each line is a JSON object; ``id`` is a non-empty string or an integer,
unique in the file; ``language`` a string or null; ``published`` null or a real calendar day
(``YYYY-MM-DD``). Extraction gold (quotes, dates): ``text`` is a string; every span's offsets are
integers with ``0 <= start <= end <= len(text)`` (an empty span is refused for the annotated
content); a surface string given with its offsets (``speaker``, ``cue``, a timex's ``text``) is
exactly ``text[start:end]``; fragment lists hold such pairs; quote types and timex types are from
the format's lists; a timex value that spells a calendar date names a possible one
(``2023-02-30`` is refused). Cleaning gold: ``raw`` is a non-empty string, ``format`` is ``html``
or ``text``, ``gold`` a string, ``with``/``without`` lists of strings. Finally the file must hold
at least one document carrying the task's field (otherwise it would score a vacuous 1.0).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..io import iter_jsonl_lines

QUOTE_TYPES = ("direct", "indirect", "mixed", "floating")
TIMEX_TYPES = ("DATE", "TIME", "DURATION", "SET")
CLEAN_FORMATS = ("html", "text")

# the field a gold document must carry for each task
GOLD_FIELDS: dict[str, tuple[str, ...]] = {
    "clean": ("gold", "with", "without"),
    "quotes": ("quotes",),
    "dates": ("timexes",),
    "frames": ("frames",),
}

_CALENDAR_VALUE = re.compile(r"^(\d{4})-(\d\d)(?:-(\d\d))?(?=$|T|[^\d])")


class GoldProblem(ValueError):
    """One problem in one document: ``field`` is a path such as ``quotes[3].start``."""

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"{field}: {problem}")
        self.field = field
        self.problem = problem


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _type_name(value: Any) -> str:
    names = {
        str: "a string",
        bool: "a boolean",
        float: "a number",
        list: "a list",
        dict: "an object",
    }
    return "null" if value is None else names.get(type(value), type(value).__name__)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _check_string(
    doc: dict[str, Any], key: str, *, required: bool, non_empty: bool = False
) -> None:
    value = doc.get(key)
    if value is None:
        if required:
            raise GoldProblem(key, "missing (a string is required)")
        return
    if not isinstance(value, str):
        raise GoldProblem(key, f"must be a string, got {_type_name(value)} {_shown(value)}")
    if non_empty and not value.strip():
        raise GoldProblem(key, "must not be empty")


def check_calendar(field: str, value: str) -> None:
    """A value that spells ``YYYY-MM[-DD]`` must name a real month and day."""
    match = _CALENDAR_VALUE.match(value)
    if match is None:
        return
    year, month, day = (int(g) if g else None for g in match.groups())
    try:
        dt.date(year, month, day or 1)
    except ValueError:
        raise GoldProblem(field, f"{value!r} is not a possible date") from None


def _check_common(doc: dict[str, Any], seen: dict[Any, int], lineno: int) -> None:
    doc_id = doc.get("id")
    if doc_id is None or not (isinstance(doc_id, str) and doc_id.strip() or _is_int(doc_id)):
        raise GoldProblem("id", f"must be a non-empty string or an integer, got {_shown(doc_id)}")
    if doc_id in seen:
        raise GoldProblem("id", f"{doc_id!r} already used on line {seen[doc_id]}")
    seen[doc_id] = lineno
    _check_string(doc, "language", required=False)
    published = doc.get("published")
    if published is not None:
        if not isinstance(published, str) or not re.fullmatch(r"\d{4}-\d\d-\d\d", published):
            raise GoldProblem(
                "published", f"must be a YYYY-MM-DD date or null, got {_shown(published)}"
            )
        check_calendar("published", published)


def _offsets(
    item: dict[str, Any],
    field: str,
    start_key: str,
    end_key: str,
    length: int,
    *,
    required: bool,
    allow_empty: bool = True,
) -> tuple[int, int] | None:
    start, end = item.get(start_key), item.get(end_key)
    if start is None and end is None:
        if required:
            raise GoldProblem(f"{field}.{start_key}", "missing (integer offsets are required)")
        return None
    for key, value in ((start_key, start), (end_key, end)):
        if value is None:
            raise GoldProblem(f"{field}.{key}", "null while its pair is set")
        if not _is_int(value):
            raise GoldProblem(
                f"{field}.{key}",
                f"must be an integer offset, got {_type_name(value)} {_shown(value)}",
            )
    _check_span(f"{field}.{start_key}", start, end, length, allow_empty)
    return start, end


def _check_span(field: str, start: int, end: int, length: int, allow_empty: bool) -> None:
    if start < 0 or end > length:
        raise GoldProblem(field, f"span [{start}, {end}) is outside the text (length {length})")
    if end < start or (end == start and not allow_empty):
        raise GoldProblem(field, f"span [{start}, {end}) is reversed or empty")


def _surface(
    item: dict[str, Any], field: str, key: str, span: tuple[int, int] | None, text: str
) -> None:
    value = item.get(key)
    if value is None or span is None:
        if value is not None and not isinstance(value, str):
            raise GoldProblem(f"{field}.{key}", f"must be a string, got {_type_name(value)}")
        return
    if not isinstance(value, str):
        raise GoldProblem(f"{field}.{key}", f"must be a string, got {_type_name(value)}")
    if text[span[0] : span[1]] != value:
        raise GoldProblem(
            f"{field}.{key}",
            f"{_shown(value)} does not match the text at [{span[0]}, {span[1]}): "
            f"{_shown(text[span[0] : span[1]])}",
        )


def _fragments(item: dict[str, Any], field: str, key: str, length: int) -> None:
    value = item.get(key)
    if value is None:
        return
    if not isinstance(value, list):
        raise GoldProblem(
            f"{field}.{key}", f"must be a list of [start, end] pairs, got {_type_name(value)}"
        )
    for n, pair in enumerate(value):
        where = f"{field}.{key}[{n}]"
        if not (isinstance(pair, list) and len(pair) == 2 and all(_is_int(v) for v in pair)):
            raise GoldProblem(where, f"must be a [start, end] pair of integers, got {_shown(pair)}")
        _check_span(where, pair[0], pair[1], length, allow_empty=False)


def _items(doc: dict[str, Any], key: str) -> Iterator[tuple[str, dict[str, Any]]]:
    value = doc.get(key)
    if not isinstance(value, list):
        raise GoldProblem(key, f"must be a list, got {_type_name(value)} {_shown(value)}")
    for n, item in enumerate(value):
        if not isinstance(item, dict):
            raise GoldProblem(
                f"{key}[{n}]", f"must be an object, got {_type_name(item)} {_shown(item)}"
            )
        yield f"{key}[{n}]", item


def _text(doc: dict[str, Any]) -> str:
    _check_string(doc, "text", required=True)
    return doc["text"]


def check_quotes(doc: dict[str, Any]) -> None:
    if doc.get("quotes") is None:
        return
    text = _text(doc)
    for field, quote in _items(doc, "quotes"):
        kind = quote.get("type")
        if kind is not None and kind not in QUOTE_TYPES:
            raise GoldProblem(
                f"{field}.type",
                f"must be one of {', '.join(QUOTE_TYPES)} or null, got {_shown(kind)}",
            )
        _offsets(quote, field, "start", "end", len(text), required=True, allow_empty=False)
        for key in ("speaker", "cue"):
            span = _offsets(quote, field, f"{key}_start", f"{key}_end", len(text), required=False)
            _surface(quote, field, key, span, text)
        for key in ("quote_fragments", "speaker_fragments", "cue_fragments"):
            _fragments(quote, field, key, len(text))
        name = quote.get("speaker_name")
        if name is not None and not isinstance(name, str):
            raise GoldProblem(
                f"{field}.speaker_name", f"must be a string or null, got {_type_name(name)}"
            )


def check_timexes(doc: dict[str, Any]) -> None:
    if doc.get("timexes") is None:
        return
    text = _text(doc)
    for field, timex in _items(doc, "timexes"):
        span = _offsets(timex, field, "start", "end", len(text), required=True, allow_empty=False)
        _surface(timex, field, "text", span, text)
        kind = timex.get("type")
        if kind is not None and kind not in TIMEX_TYPES:
            raise GoldProblem(
                f"{field}.type", f"must be one of {', '.join(TIMEX_TYPES)}, got {_shown(kind)}"
            )
        value = timex.get("value")
        if value is not None:
            if not isinstance(value, str):
                raise GoldProblem(
                    f"{field}.value", f"must be a string, got {_type_name(value)} {_shown(value)}"
                )
            check_calendar(f"{field}.value", value)


def check_clean(doc: dict[str, Any]) -> None:
    if all(doc.get(key) is None for key in GOLD_FIELDS["clean"]):
        return
    _check_string(doc, "raw", required=True, non_empty=True)
    fmt = doc.get("format", "text")
    if fmt not in CLEAN_FORMATS:
        raise GoldProblem("format", f"must be 'html' or 'text', got {_shown(fmt)}")
    _check_string(doc, "gold", required=False)
    for key in ("with", "without"):
        value = doc.get(key)
        if value is None:
            continue
        if not isinstance(value, list):
            raise GoldProblem(key, f"must be a list of strings, got {_type_name(value)}")
        for n, snippet in enumerate(value):
            if not isinstance(snippet, str) or not snippet:
                raise GoldProblem(
                    f"{key}[{n}]", f"must be a non-empty string, got {_shown(snippet)}"
                )


def check_frames(doc: dict[str, Any]) -> None:
    """A coded item: its ``text`` (or ``title``) and ``frames``, a list of frame names."""
    frames = doc.get("frames")
    if frames is None:
        return
    _check_string(doc, "text", required=False)
    _check_string(doc, "title", required=False)
    if not isinstance(frames, list):
        raise GoldProblem("frames", f"must be a list of frame names, got {_type_name(frames)}")
    for n, frame in enumerate(frames):
        if not isinstance(frame, str) or not frame.strip():
            raise GoldProblem(f"frames[{n}]", f"must be a frame name, got {_shown(frame)}")


CHECKS: dict[str, Callable[[dict[str, Any]], None]] = {
    "clean": check_clean,
    "quotes": check_quotes,
    "dates": check_timexes,
    "frames": check_frames,
}


def validate_gold_file(task: str, path: str) -> int:
    """Check every document of a gold file for ``task``; returns the number of documents that
    carry the task's field. Raises :class:`~framelab.errors.InputError` (one line: file, line,
    field, problem) at the first problem."""
    if task not in CHECKS:
        raise InputError(None, f"unknown evaluation task {task!r}; choose from {', '.join(CHECKS)}")
    if Path(path).is_file() and Path(path).stat().st_size == 0:
        raise InputError(
            path, f"not a {task} gold file: it is empty (see ../shared/eval/FORMATS.md)"
        )
    seen: dict[Any, int] = {}
    n_docs = n_task = 0
    for lineno, doc in iter_jsonl_lines(path):
        n_docs += 1
        try:
            _check_common(doc, seen, lineno)
            CHECKS[task](doc)
        except GoldProblem as err:
            raise InputError(f"{path}:{lineno}", str(err)) from None
        n_task += any(doc.get(f) is not None for f in GOLD_FIELDS[task])
    if not n_task:
        fields = " / ".join(GOLD_FIELDS[task])
        what = (
            "no documents"
            if n_docs == 0
            else f"none of its {n_docs} documents has a {fields} field"
        )
        raise InputError(path, f"not a {task} gold file: {what} (see ../shared/eval/FORMATS.md)")
    return n_task
