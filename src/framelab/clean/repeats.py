"""Applying what an outlet repeats (``outlet.py``) to one of its articles.

Three rules, in this order, on the lines no earlier rule removed:

``repeated``         the whole line is one the outlet repeats (same fingerprint);
``repeated_label``   the line opens with one of the outlet's labels: a line that does not read as
                     a sentence goes whole (a caption, credit, player or link line); in a sentence
                     line only the label (and the repeated phrase it starts) goes;
``repeated_phrase``  runs of the outlet's frequent n-grams (gaps of up to ``phrase_max_gap``
                     tokens bridged, so near-verbatim variants match) at least
                     ``phrase_min_chars`` weighted characters long: the whole line when at most
                     ``REST_WORDS`` tokens would be left, else each run as an inline phrase.

A phrase counts only as whole sentences: a run is trimmed (or widened by up to
``phrase_max_gap`` tokens) to the sentences it covers, so a repeated name or formula inside a
sentence ("the foreign minister of X", "spoke on condition of anonymity") stays. A phrase's span
runs from its first to its last token, widened over the punctuation and spaces
that follow it (not over an opening bracket or quote) and, at the start of a line, over what
precedes it. If the outlet-repeated material (lines and phrases, labels excepted) would cover
more than ``max_doc_share`` of the article's characters, the article is a duplicated story that
the near-duplicate grouping missed: only removals of at most ``SHORT_WORDS`` words are kept.
Cost: linear in the line's tokens (one sorted-array lookup per n-gram).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import regex

from .lexicon import classifier_data
from .lines import Line, ends_like_sentence, weighted_text_length
from .outlet import OutletModel, OutletStats, has_cjk, label_hashes, line_words
from .shingles import ngram_hashes, token_pattern

REST_WORDS = 3  # a line with at most this many tokens outside repeated phrases goes whole
SHORT_WORDS = 12  # removals kept in an article that is mostly repeated material
_TRAILING = regex.compile(r"(?:(?![\p{Ps}\p{Pi}])[\p{P}\p{S}\s])*")


@dataclass(frozen=True)
class Removal:
    """A removed line (``unit == "line"``) or a phrase inside a kept line (``"phrase"``);
    ``start``/``end`` are offsets into ``raw``."""

    line: int  # index in the document's list of lines
    start: int
    end: int
    rule: str
    unit: str
    detail: str
    n_words: int


@dataclass
class _Run:
    first: int  # token indices, inclusive / exclusive
    last: int
    support: int
    label: bool = False


def _coverage_runs(supports: np.ndarray, n: int, n_tokens: int, max_gap: int) -> list[_Run]:
    """Token runs covered by frequent n-grams (``supports[i] > 0``: the n-gram at token i),
    runs separated by at most ``max_gap`` uncovered tokens merged."""
    starts = np.flatnonzero(supports > 0)
    if not len(starts):
        return []
    delta = np.zeros(n_tokens + 1, dtype=np.int32)
    np.add.at(delta, starts, 1)
    np.add.at(delta, starts + n, -1)
    covered = np.cumsum(delta[:-1]) > 0
    edges = np.flatnonzero(np.diff(np.concatenate(([0], covered.astype(np.int8), [0]))))
    runs: list[_Run] = []
    for first, last in zip(edges[::2], edges[1::2], strict=True):
        inside = supports[first : max(first + 1, last - n + 1)]
        support = int(inside[inside > 0].min()) if (inside > 0).any() else 0
        if runs and first - runs[-1].last <= max_gap:
            runs[-1].last = int(last)
            runs[-1].support = min(runs[-1].support, support) if support else runs[-1].support
        else:
            runs.append(_Run(int(first), int(last), support))
    return runs


def _sentence_boundaries(text: str, token_spans: Sequence[tuple[int, int]]) -> list[bool]:
    """``b[t]``: does a sentence start at token t (t = 0 and t = len(tokens) count)? Between
    token t-1 and token t stands a sentence terminator, token t does not start in lower case and
    token t-1 is not a short capitalised abbreviation or initial (``U.S.``, ``Mr.``, ``J.``)."""
    data = classifier_data()
    terminators = data.get("sentence_terminators") or ".!?"
    abbreviation = int(data.get("abbreviation_max_chars", 3))
    n = len(token_spans)
    out = [True] + [False] * (n - 1) + [True] if n else [True]
    for t in range(1, n):
        gap = text[token_spans[t - 1][1] : token_spans[t][0]]
        if not any(c in terminators for c in gap):
            continue
        before = text[token_spans[t - 1][0] : token_spans[t - 1][1]]
        if text[token_spans[t][0]].islower():
            continue
        if len(before) <= abbreviation and before[0].isupper():
            continue
        out[t] = True
    return out


def _align(run: _Run, boundary: Sequence[bool], slack: int) -> _Run | None:
    """The whole sentences of a run: from the first sentence start at or after ``first -
    slack`` to the last sentence end at or before ``last + slack`` (a repeated phrase that is a
    name or a formula inside a sentence has no such pair and is dropped)."""
    n = len(boundary) - 1
    start = next((t for t in range(max(0, run.first - slack), run.last) if boundary[t]), None)
    if start is None:
        return None
    end = next((t for t in range(min(n, run.last + slack), start, -1) if boundary[t]), None)
    if end is None:
        return None
    return _Run(start, end, run.support)


def _span(line: Line, token_spans: Sequence[tuple[int, int]], run: _Run) -> tuple[int, int]:
    """Character span (offsets into the line) of a run of tokens, widened over trailing
    punctuation and, at the line start, over leading punctuation."""
    start = 0 if run.first == 0 else token_spans[run.first][0]
    if run.last >= len(token_spans):
        end = len(line.text)
    else:
        end = _TRAILING.match(line.text, token_spans[run.last - 1][1]).end()
    return start, end


def _line_removals(
    i: int, line: Line, stats: OutletStats, model: OutletModel, rules: set[str]
) -> list[Removal]:
    params = model.params
    lw = line_words(line, model.hasher)
    n_stories = stats.n_stories
    support = stats.line_support(lw.fingerprint)
    if "repeated" in rules and support:
        detail = f"line in {support} of {n_stories} stories"
        return [Removal(i, line.start, line.end, "repeated", "line", detail, line.n_words)]
    n_tokens = len(lw.words)
    runs: list[_Run] = []
    if "repeated_phrase" in rules and n_tokens >= params.ngram:
        supports = stats.frequent(ngram_hashes(lw.words, params.ngram))
        runs = _coverage_runs(supports, params.ngram, n_tokens, params.phrase_max_gap)
    label = _label(lw.words, stats, params.label_max_words) if "repeated_label" in rules else None
    if label is not None:
        k, label_support = label
        if runs and runs[0].first <= k + params.phrase_max_gap:
            runs[0] = _Run(0, max(k, runs[0].last), label_support, True)
        else:
            runs.insert(0, _Run(0, k, label_support, True))
    if not runs:
        return []
    token_spans = [m.span() for m in token_pattern(has_cjk(line)).finditer(line.text)]
    boundary = _sentence_boundaries(line.text, token_spans)
    runs = [r if r.label else _align(r, boundary, params.phrase_max_gap) for r in runs]
    spans = [(run, _span(line, token_spans, run)) for run in runs if run is not None]
    spans = [
        (run, span)
        for run, span in spans
        if run.label
        or weighted_text_length(line.text[span[0] : span[1]]) >= params.phrase_min_chars
    ]
    if not spans:
        return []
    kept_tokens = n_tokens - sum(run.last - run.first for run, _ in spans)
    has_label = spans[0][0].label
    if has_label and not ends_like_sentence(line.text):
        detail = f"label in {spans[0][0].support} of {n_stories} stories, non-sentence line"
        return [Removal(i, line.start, line.end, "repeated_label", "line", detail, line.n_words)]
    if kept_tokens <= REST_WORDS:
        rule = "repeated_label" if has_label else "repeated_phrase"
        detail = f"phrases in >= {min(r.support for r, _ in spans)} of {n_stories} stories"
        return [Removal(i, line.start, line.end, rule, "line", detail, line.n_words)]
    out = []
    for run, (s, e) in spans:
        rule = "repeated_label" if run.label else "repeated_phrase"
        what = "label" if run.label else "phrase"
        detail = f"{what} in >= {run.support} of {n_stories} stories"
        out.append(
            Removal(i, line.start + s, line.start + e, rule, "phrase", detail, run.last - run.first)
        )
    return out


def _label(words: np.ndarray, stats: OutletStats, max_words: int) -> tuple[int, int] | None:
    """(length in tokens, support) of the outlet label opening the line, if any: the shortest,
    extended to a longer one only while that keeps at least half the support (``Photo credit``
    rather than ``Photo credit Agency``)."""
    if not stats.labels:
        return None
    best: tuple[int, int] | None = None
    for k, h in enumerate(label_hashes(words, max_words), start=1):
        support = stats.labels.get(h)
        if support and (best is None or 2 * support >= best[1]):
            best = (k, support)
    return best


def outlet_removals(
    lines: Sequence[Line],
    skip: Sequence[bool],
    outlet: str | None,
    model: OutletModel | None,
    rules: set[str],
) -> list[Removal]:
    """Removals of the outlet-level rules for one article (lines in ``skip`` are left alone)."""
    stats = model.get(outlet) if model is not None else None
    if stats is None or stats.n_stories < model.params.min_docs:
        return []
    removals: list[Removal] = []
    for i, line in enumerate(lines):
        if not skip[i]:
            removals.extend(_line_removals(i, line, stats, model, rules))
    total = sum(len(line.text) for line in lines) or 1
    learned = [r for r in removals if r.rule != "repeated_label"]
    if sum(r.end - r.start for r in learned) > model.params.max_doc_share * total:
        removals = [r for r in removals if r.rule == "repeated_label" or r.n_words <= SHORT_WORDS]
    return removals
