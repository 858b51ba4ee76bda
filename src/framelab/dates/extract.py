"""Finding temporal expressions in a text and normalising them against the publication date."""

from __future__ import annotations

import bisect
import datetime as dt
import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, replace
from typing import Any

import pandas as pd
import regex

from ..errors import InputError
from ..io import conform
from ..schemas import TIMEX_SCHEMA
from . import calendar as cal
from .grammar import Grammar, Pattern, load_grammar
from .handlers import HANDLERS, NON_MARKABLE, Context, MatchView, Resolved
from .textnorm import normalise_for_matching

log = logging.getLogger(__name__)


_SENTENCE_END = "\n.!?؟;؛"
_CUE_WINDOW_BEFORE = 120
_CUE_WINDOW_AFTER = 80
_AUXILIARY_REACH = 20
_CLAUSE_BREAK = re.compile(r"[,;:\"“”«»„‹›]")  # an auxiliary does not reach over these
_PREFIX_REACH = 30
_ANCHOR_REACH = 80  # characters around an anchor hit that a match may extend over
_BLOCKING_HANDLERS = {"date", "year", "time"}  # an impossible date or time hides what is inside


@dataclass(frozen=True)
class Timex:
    """One temporal expression: span, TIMEX3 type/value, granularity, how it was found."""

    start: int
    end: int
    text: str
    type: str
    value: str
    granularity: str
    anchored: bool
    rule: str
    language: str


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    pattern: Pattern
    resolved: Resolved


def _sentence_window(norm: str, start: int, end: int) -> tuple[int, int]:
    left = max(0, start - _CUE_WINDOW_BEFORE)
    for i in range(start - 1, left - 1, -1):
        if norm[i] in _SENTENCE_END and not (norm[i] == "." and i > 0 and norm[i - 1].isdigit()):
            left = i + 1
            break
    right = min(len(norm), end + _CUE_WINDOW_AFTER)
    for i in range(end, right):
        if norm[i] in _SENTENCE_END and not (
            norm[i] == "." and i > 0 and norm[i - 1].isalpha() and i - 3 < end
        ):
            right = i
            break
    return left, right


def _cue_positions(cue: Any, norm: str, left: int, right: int) -> list[int]:
    return [] if cue is None else [m.start() for m in cue.finditer(norm, left, right)]


_OPENING_MARKS = regex.compile('["“«„‹]')
_CLOSING_MARKS: dict[str, str] = {'"': '"', "“": "”", "«": "»", "„": "“”", "‹": "›"}


class _NextOf:
    """The next position of a character at or after a position, in amortised linear time over
    a left-to-right scan (each character's search only ever moves forward)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.found: dict[str, int] = {}

    def __call__(self, char: str, pos: int) -> int:
        at = self.found.get(char, -1)
        if at < pos:
            at = self.text.find(char, pos)
            at = len(self.text) if at < 0 else at
            self.found[char] = at
        return at


class Quotations:
    """Every closed quotation of the text, quote marks included: straight quotes pair up in
    order, typographic ones open and close (``“…”``, ``«…»``, ``„…“``/``„…”``, ``‹…›``), never
    across a line break. Found in one linear pass (a regular expression retrying every unclosed
    mark to the end of its line is quadratic on a long single-line text)."""

    def __init__(self, norm: str) -> None:
        next_of = _NextOf(norm)
        spans: list[tuple[int, int]] = []
        done = 0
        for mark in _OPENING_MARKS.finditer(norm):
            i = mark.start()
            if i < done:
                continue
            line_end = next_of("\n", i + 1)
            close = min(next_of(c, i + 1) for c in _CLOSING_MARKS[norm[i]])
            if close < line_end:
                spans.append((i, close + 1))
                done = close + 1
        self.spans = spans
        self.ends = [end for _, end in spans]

    def ending_between(self, left: int, right: int) -> list[tuple[int, int]]:
        """Quotations that end after ``left`` and at or before ``right``."""
        first = bisect.bisect_right(self.ends, left)
        last = bisect.bisect_right(self.ends, right)
        return self.spans[first:last]


def _quotation_spans(norm: str) -> list[tuple[int, int]]:
    """``(start, end)`` of every closed quotation in the text, quote marks included."""
    return Quotations(norm).spans


def _reported_quotation_cues(
    cues: list[tuple[int, bool]], quotes: Quotations, left: int, start: int
) -> set[int]:
    """Positions of tense cues inside a quotation that ends before the expression when a past
    cue (the reporting verb) stands between the quotation and the expression: in ``"We will
    win," he said Monday`` the quoted ``will`` does not govern the reporting clause's Monday.
    Cues lie in the sentence window from ``left``: only quotations ending after it can hold one."""
    ignored: set[int] = set()
    for q_start, q_end in quotes.ending_between(left, start):
        if any(not future and q_end <= p < start for p, future in cues):
            ignored.update(p for p, _ in cues if q_start <= p < q_end)
    return ignored


def _auxiliary_reaches(norm: str, auxiliary: int, participle: int) -> bool:
    """True when a future auxiliary keeps governing a later past-looking cue ("will be held"):
    close by and in the same clause (no comma, colon or quote mark between them)."""
    return participle - auxiliary <= _AUXILIARY_REACH and not _CLAUSE_BREAK.search(
        norm, auxiliary, participle
    )


def _future_test(grammar: Grammar, norm: str, start: int, end: int, quotes: Quotations):
    """Lazy tense test. A deadline/schedule word right before the expression ("payable", "by",
    "scheduled for") marks it future; otherwise the nearest tense cue before the expression in
    its sentence decides (the governing verb usually precedes a time adverbial); failing that,
    the nearest one after. Cues inside a quotation followed by a past reporting verb before the
    expression are ignored (``quotes``: the text's :class:`Quotations`)."""

    def is_future() -> bool | None:
        left, right = _sentence_window(norm, start, end)
        cues = [(p, True) for p in _cue_positions(grammar.future_cue, norm, left, right)]
        cues += [(p, False) for p in _cue_positions(grammar.past_cue, norm, left, right)]
        ignored = _reported_quotation_cues(cues, quotes, left, start)
        before = sorted(c for c in cues if c[0] < start and c[0] not in ignored)
        prefix = (
            None
            if grammar.future_prefix is None
            else grammar.future_prefix.search(norm, max(0, start - _PREFIX_REACH), start)
        )
        if prefix is not None and not _fronted(norm, left, prefix.start(), end):
            # a deadline, unless the schedule itself is past: "it had been due to lapse Friday"
            plans = [p for p, future in before if future]
            return not (plans and _past_plan(grammar, norm, left, plans[-1], start))
        if grammar.past_prefix is not None and grammar.past_prefix.search(
            norm, max(0, start - _PREFIX_REACH), start
        ):
            return False
        present = _cue_positions(grammar.present_cue, norm, left, start)
        if before and present and present[-1] > before[-1][0]:
            return None  # "said it is closing the bridge on Dec. 7": the clause's own tense
        if before:
            position, future = before[-1]
            if not future and _prospective(grammar, norm, left, position, start):
                return None  # "voted to close it in March": no tense of its own
            if future and _past_plan(grammar, norm, left, position, start):
                return False  # "it had been due to lapse Friday": the old deadline
            # an auxiliary shortly before a participle keeps the future: "will be held"
            return future or any(
                f and _auxiliary_reaches(norm, p, position) for p, f in before[:-1]
            )
        after = sorted(c for c in cues if c[0] >= end)
        return after[0][1] if after else None

    return is_future


_OPENING = " \"'“«„‹`("


_ABBREVIATION_END = re.compile(r"(?:^|[^\w])\w\.$")  # "U.S." "p.m.": no sentence end


def _fronted(norm: str, sentence_start: int, position: int, end: int) -> bool:
    """True for a fronted adverbial, set off by a comma at the start of its sentence ("Until
    Monday, the ministry had ..."): the tense is the main clause's, not the preposition's."""
    if norm[sentence_start:position].strip(_OPENING) or not norm.startswith(",", end):
        return False
    return sentence_start == 0 or not _ABBREVIATION_END.search(
        norm, max(0, sentence_start - 4), sentence_start
    )


def _prospective(grammar: Grammar, norm: str, left: int, cue: int, start: int) -> bool:
    """True when the past cue at ``cue`` is part of a verb of deciding or asking with its
    infinitive ("voted to close", "summoned the mayor to appear", "ordered troops stationed there
    to leave") that ends before the expression: the expression then belongs to the infinitive's
    event, which lies after the decision, not necessarily before the publication date."""
    if grammar.prospective_cue is None:
        return False
    return any(
        m.start() <= cue < m.end() for m in grammar.prospective_cue.finditer(norm, left, start)
    )


def _past_plan(grammar: Grammar, norm: str, left: int, cue: int, start: int) -> bool:
    """True when a past-perfect auxiliary stands right before the future cue at ``cue`` ("had
    been due to lapse", "had been scheduled to") in the expression's clause (no comma or quote
    mark between): the plan belongs to the past."""
    if grammar.past_auxiliary is None or _CLAUSE_BREAK.search(norm, cue, start):
        return False
    return grammar.past_auxiliary.search(norm, max(left, cue - _PREFIX_REACH), cue) is not None


def _capitalised_word(text: str, offsets: Sequence[int], match: Any, which: Any = True) -> bool:
    """True when the last word of the match (the first with ``capitalized: first``) starts with
    an upper-case letter in the original."""
    words = text[offsets[match.start()] : offsets[match.end()]].split()
    return bool(words) and words[0 if which == "first" else -1][:1].isupper()


class _AnchorIndex:
    """Where each lexicon (or any digit) occurs in the normalised text, found once per text; a
    pattern that must contain an anchor is only run in windows around that anchor's hits."""

    def __init__(self, grammar: Grammar, norm: str) -> None:
        self.grammar = grammar
        self.norm = norm
        self._windows: dict[str, list[tuple[int, int]]] = {}

    def windows(self, pattern: Any) -> list[tuple[int, int]]:
        """Text windows where ``pattern`` can match: the whole text when it has no anchor."""
        keys = [self.grammar.presence_key(name) for name in pattern.requires]
        keys = [k for k in keys if k is not None]
        if not keys:
            return [(0, len(self.norm))]
        key = next((k for k in keys if k != "__digit__"), keys[0])  # lexicon hits are rarer
        if key not in self._windows:
            self._windows[key] = self._merge(
                (m.start(), m.end()) for m in self.grammar.presence[key].finditer(self.norm)
            )
        return self._windows[key]

    def _merge(self, hits: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
        merged: list[tuple[int, int]] = []
        for start, end in hits:
            lo, hi = max(0, start - _ANCHOR_REACH), min(len(self.norm), end + _ANCHOR_REACH)
            if merged and lo <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(merged[-1][1], hi))
            else:
                merged.append((lo, hi))
        return merged


def _matches(pattern: Any, norm: str, windows: list[tuple[int, int]]) -> Iterable[Any]:
    seen: set[tuple[int, int]] = set()
    for lo, hi in windows:
        for match in pattern.regex.finditer(norm, lo, hi):
            if match.span() not in seen:
                seen.add(match.span())
                yield match


def _candidates(
    grammar: Grammar, text: str, norm: str, offsets: Sequence[int], dct: dt.date | None
) -> list[_Candidate]:
    found: list[_Candidate] = []
    rejected: list[tuple[int, int]] = []
    anchors = _AnchorIndex(grammar, norm)
    quotes = Quotations(norm)
    for pattern in grammar.patterns:
        windows = anchors.windows(pattern)
        if not windows:
            continue
        handler = HANDLERS[pattern.handler]
        capitalized = pattern.options.get("capitalized")
        for match in _matches(pattern, norm, windows):
            start, end = match.span()
            if start == end or (
                capitalized and not _capitalised_word(text, offsets, match, capitalized)
            ):
                continue
            ctx = Context(grammar, dct, _future_test(grammar, norm, start, end, quotes))
            try:
                resolved = handler(MatchView(match, pattern, grammar), ctx)
            except (ValueError, OverflowError, TypeError) as err:  # bad numbers never stop a run
                log.debug("rule %s failed on %r: %s", pattern.rule, match.group(0), err)
                resolved = None
            if resolved is None:
                if pattern.handler in _BLOCKING_HANDLERS:
                    rejected.append((start, end))
                continue
            forced_type = pattern.options.get("type")
            if forced_type and pattern.handler != "literal":
                resolved = Resolved(
                    forced_type, resolved.value, resolved.granularity, resolved.anchored
                )
            if pattern.options.get("shift_days"):
                resolved = _shift_days(resolved, int(pattern.options["shift_days"]))
            found.append(_Candidate(start, end, pattern, resolved))
    inside = _Containment(rejected)
    return [c for c in found if not inside.strictly_inside(c.start, c.end)]


_DAY_VALUE = re.compile(r"(\d{4}-\d\d-\d\d)(.*)")


def _shift_days(r: Resolved, days: int) -> Resolved:
    """ "the day before last Tuesday": the day found, moved by ``days`` (other values stay)."""
    match = _DAY_VALUE.fullmatch(r.value)
    if match is None:
        return r
    day = dt.date.fromisoformat(match.group(1)) + dt.timedelta(days=days)
    return replace(r, value=day.isoformat() + match.group(2))


class _Containment:
    """Is a span strictly inside one of a set of spans (impossible dates)? Candidates strictly
    inside an impossible date give nothing: "15 November 0001" and "31 February 2020" give
    neither "15 November" nor "February 2020". Queries in log time (sorted starts, running
    maximum of ends)."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        ordered = sorted(set(spans))
        self.starts = [s for s, _ in ordered]
        self.max_end: list[int] = []
        self.end_at_start: dict[int, int] = {}
        running = -1
        for s, e in ordered:
            running = max(running, e)
            self.max_end.append(running)
            self.end_at_start[s] = max(self.end_at_start.get(s, -1), e)

    def strictly_inside(self, start: int, end: int) -> bool:
        """True when a span (s, e) with s <= start, end <= e and e - s > end - start exists."""
        before = bisect.bisect_left(self.starts, start)  # spans starting strictly before
        if before and self.max_end[before - 1] >= end:
            return True
        return self.end_at_start.get(start, -1) > end


def _select(candidates: Iterable[_Candidate], length: int) -> list[_Candidate]:
    """Longest span first (then earlier pattern in the file); keep non-overlapping ones. Taken
    characters are marked in a byte array, so each test costs the candidate's own length."""
    chosen: list[_Candidate] = []
    taken = bytearray(length + 1)
    for cand in sorted(candidates, key=lambda c: (-(c.end - c.start), c.pattern.priority, c.start)):
        if taken.find(1, cand.start, cand.end) != -1:
            continue
        chosen.append(cand)
        taken[cand.start : cand.end] = b"\x01" * (cand.end - cand.start)
    return sorted(chosen, key=lambda c: c.start)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while end > start and text[end - 1] in " ,،":
        end -= 1
    while start < end and text[start] == " ":
        start += 1
    return start, end


_QUARTER = re.compile(r"\d{4}-Q[1-4]")


_REFERENCE_DATE = re.compile(r"(\d{4})(?:-(\d\d)(?:-(\d\d))?)?(?:T.*)?")
_UNIT_OF_GRANULARITY = {"day": "D", "week": "W", "month": "M", "year": "Y"}
_UNIT_RANK = {"D": 0, "W": 1, "M": 1, "Y": 2}


def _reference_of(r: Resolved) -> tuple[dt.date, str] | None:
    """A mentioned calendar date as a narrative reference time: (date, its unit D/M/Y)."""
    match = _REFERENCE_DATE.fullmatch(r.value) if r.type in {"DATE", "TIME"} else None
    if match is None:
        return None
    year, month, day = (int(g) if g else None for g in match.groups())
    date = cal.valid_day(year, month or 1, day or 1)
    return None if date is None else (date, "D" if day else "M" if month else "Y")


def _from_reference(cand: _Candidate, reference: tuple[dt.date, str] | None) -> Resolved:
    """ "that year", "later that day", "the following month": the unit of the date last
    mentioned (shifted by the pattern's offset) when that date is at least as fine as the unit;
    otherwise the handler's DCT-based value stands."""
    r = cand.resolved
    unit = _UNIT_OF_GRANULARITY.get(r.granularity)
    if reference is None or unit is None:
        return r
    offset = int(cand.pattern.options.get("offset", 0))
    if _UNIT_RANK[reference[1]] > _UNIT_RANK[unit]:
        # "last October ... that same day": a day of that month, which the text does not name
        if offset:
            return r
        value = _underspecified(reference, unit)
    else:
        value = cal.shifted_value(reference[0], unit, offset)
    return r if value is None else Resolved(r.type, value, r.granularity, True)


def _underspecified(reference: tuple[dt.date, str], unit: str) -> str | None:
    """A unit inside a coarser date last mentioned, its own position unknown: a day of October
    1998 is ``1998-10-XX``, a day of 1998 ``1998-XX-XX``, a week ``1998-WXX``, a month
    ``1998-XX``."""
    date, granularity = reference
    if unit == "D":
        return f"{date:%Y-%m}-XX" if granularity == "M" else f"{date.year:04d}-XX-XX"
    if unit == "W":
        return f"{date.year:04d}-WXX"
    if unit == "M":
        return f"{date.year:04d}-XX"
    return None


def _apply_anaphora(
    cand: _Candidate, last_quarter: str | None, reference: tuple[dt.date, str] | None = None
) -> Resolved:
    """Discourse anchoring (the reference time of financial news): ``the quarter`` is the quarter
    last mentioned; ``a year earlier`` after a quarter is that quarter a year before; explicitly
    anaphoric units (``anaphora: reference``) follow the date last mentioned."""
    kind = cand.pattern.options.get("anaphora")
    r = cand.resolved
    if r.floating and reference is not None and reference[1] == "D":
        return Resolved(r.type, reference[0].isoformat() + r.value[10:], r.granularity, True)
    if kind == "reference":
        if r.granularity == "quarter" and last_quarter is not None and r.anchored:
            return Resolved(r.type, last_quarter, "quarter", r.anchored)
        return _from_reference(cand, reference)
    if kind is None or last_quarter is None or not r.anchored:
        return r
    if kind == "quarter":
        return Resolved(r.type, last_quarter, "quarter", r.anchored)
    # "a year earlier" (a year before the quarter), "the 1988 quarter": that year's quarter
    if kind in {"year_before_quarter", "quarter_of_year"} and re.fullmatch(r"\d{4}", r.value):
        return Resolved(r.type, f"{r.value}-{last_quarter[5:]}", "quarter", r.anchored)
    return r


def extract_timexes(
    text: str | None,
    language: str | None,
    published: Any = None,
    *,
    lexicon: str | None = None,
) -> list[Timex]:
    """Temporal expressions in ``text`` with TIMEX3 values anchored to ``published``.

    ``published`` is the document creation time (ISO date string, date, or None/invalid: then
    relative expressions get ``XXXX`` values and ``anchored=False``). ``lexicon`` is a folder of
    ``<lang>.yaml`` files replacing the packaged patterns. Unknown languages and a ``text`` that
    is neither a string nor None raise ``InputError``.
    """
    if text is not None and not isinstance(text, str):
        raise InputError(None, f"text must be a string, not {type(text).__name__}")
    if not text or not language:
        return []
    grammar = load_grammar(language, lexicon)
    dct = cal.parse_iso_date(published)
    norm, offsets = normalise_for_matching(text)
    out: list[Timex] = []
    last_quarter: str | None = None
    reference: tuple[dt.date, str] | None = None
    for cand in _select(_candidates(grammar, text, norm, offsets, dct), len(norm)):
        if cand.resolved.type == NON_MARKABLE:  # won the selection, hides what it covers
            continue
        start, end = _trim(text, offsets[cand.start], offsets[cand.end])
        r = _apply_anaphora(cand, last_quarter, reference)
        if not cand.pattern.options.get("anaphora"):
            if _QUARTER.fullmatch(r.value):
                last_quarter = r.value
            reference = _reference_of(r) or reference
        out.append(
            Timex(
                start,
                end,
                text[start:end],
                r.type,
                r.value,
                r.granularity,
                r.anchored,
                cand.pattern.rule,
                language,
            )
        )
    return out


def timex_rows(timexes: Iterable[Timex], article_id: str | None = None) -> list[dict[str, Any]]:
    """Rows of the timex table (``TIMEX_SCHEMA`` keys) from Timex objects."""
    return [{"article_id": article_id, **asdict(t)} for t in timexes]


def timexes_frame(timexes: Iterable[Timex], article_id: str | None = None) -> pd.DataFrame:
    """A timex table (``TIMEX_SCHEMA``) from Timex objects."""
    rows = timex_rows(timexes, article_id)
    return conform(pd.DataFrame(rows, columns=list(TIMEX_SCHEMA)), TIMEX_SCHEMA)
