"""Quote extraction scored with the GenderGapTracker protocol (overlap >= 0.3 and >= 0.8).

Protocol (GGT ``evaluate.py`` style, applied per gold file):

* a predicted quote matches a gold quote when ``|pred ∩ gold| / |gold| >= t`` (character overlap
  over the gold span), for t = 0.3 and, separately, t = 0.8; matching is one-to-one, greedy by
  overlap (largest first) within each document;
* precision = matched / predicted, recall = matched / gold, F1 their harmonic mean (micro over the
  file, the language or the quote type);
* speaker accuracy, on the pairs matched at 0.3 whose gold names a speaker: the predicted canonical
  name equals the gold ``speaker_name`` (case- and space-insensitive), or the predicted speaker span
  overlaps the gold speaker span (or one of its fragments). Gold with neither is skipped;
* speaker name accuracy, on the pairs matched at 0.3 whose gold has a ``speaker_name`` (``''``
  included): the predicted canonical name equals the gold one after normalisation (case, spaces,
  Arabic hamza forms, alef maqsura, ta marbuta, tatweel, diacritics). A gold ``''`` (an anonymous
  or generic source) is matched by an empty predicted name or a predicted ``anonymous`` speaker;
* cue accuracy, on the pairs matched at 0.3 whose gold has a cue span: the predicted cue span is
  exactly the gold one;
* ``by_type`` splits by quote type: recall and accuracies use the gold type, precision the
  predicted type (sets without types, e.g. GGT, only get ``untyped``/``floating`` rows);
* ``by_scope`` and ``by_outlet`` split the same way by the gold's ``scope`` (``core`` /
  ``extended``; predictions carry their own ``scope``) and by the document's ``outlet``;
* ``--scope core`` keeps only the gold quotes whose ``scope`` is ``core`` (gold without a ``scope``
  field is kept); a prediction that matches a dropped gold quote (at 0.3, one-to-one, before the
  kept quotes are scored) is left out, neither a true nor a false positive;
* ``--half even|odd`` scores only the even or odd lines (0-based) of each gold file: the
  development half and the held-out half of a dev set;
* ``--speech-only`` (PolNeAR): keep only gold quotes with ``cue_lemma_speech`` true, i.e. speech
  and reporting cues; attributions of beliefs, polls etc. are dropped from the gold. Predictions
  are all kept (framelab only extracts speech cues), so matches of non-speech gold count as false
  positives there.

Predictions come from :func:`framelab.quotes.extract_quotes` on each document's ``text``; with
``--models-dir`` the text is first annotated with Stanza from that folder (parse path), otherwise
the rule path runs alone.
"""

from __future__ import annotations

import argparse
import logging
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from ..io import iter_jsonl
from ..text.arabic import MATCHING_GROUPS, folding
from .common import prf

THRESHOLDS = (0.3, 0.8)
SCOPES = ("all", "core")
HALVES = ("all", "even", "odd")
METRIC_KEYS = [
    "precision@0.3",
    "recall@0.3",
    "f1@0.3",
    "precision@0.8",
    "recall@0.8",
    "f1@0.8",
    "speaker_accuracy",
    "speaker_name_accuracy",
    "cue_accuracy",
    "n_gold",
    "n_pred",
]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--models-dir",
        metavar="D",
        default=None,
        help="Stanza model folder: annotate each text and use the parse path (default: rules only)",
    )
    parser.add_argument(
        "--speech-only",
        action="store_true",
        help="keep only gold quotes with cue_lemma_speech true (PolNeAR speech/reporting cues)",
    )
    parser.add_argument(
        "--scope",
        choices=SCOPES,
        default="all",
        help="core: only gold quotes with scope core (quote marks, clausal content, according-to); "
        "predictions matching a dropped gold quote are not counted (default: all)",
    )
    parser.add_argument(
        "--half",
        choices=HALVES,
        default="all",
        help="score only the even or odd lines (0-based) of each gold file (default: all)",
    )


def overlap(pred: tuple[int, int], gold: tuple[int, int]) -> float:
    """|pred ∩ gold| / |gold| (0 for an empty gold span)."""
    length = gold[1] - gold[0]
    if length <= 0:
        return 0.0
    inter = min(pred[1], gold[1]) - max(pred[0], gold[0])
    return max(0, inter) / length


def match(
    preds: Sequence[dict[str, Any]], golds: Sequence[dict[str, Any]], threshold: float
) -> list[tuple[int, int]]:
    """One-to-one (pred index, gold index) pairs with overlap >= threshold, greedy by overlap."""
    scored = []
    for gi, g in enumerate(golds):
        for pi, p in enumerate(preds):
            o = overlap((p["start"], p["end"]), (g["start"], g["end"]))
            if o >= threshold and o > 0:
                scored.append((o, pi, gi))
    scored.sort(key=lambda x: (-x[0], x[1], x[2]))
    used_p: set[int] = set()
    used_g: set[int] = set()
    pairs = []
    for _, pi, gi in scored:
        if pi in used_p or gi in used_g:
            continue
        used_p.add(pi)
        used_g.add(gi)
        pairs.append((pi, gi))
    return pairs


def _norm_name(name: Any) -> str:
    return re.sub(r"\s+", " ", str(name or "")).strip().casefold()


def speaker_correct(pred: dict[str, Any], gold: dict[str, Any]) -> bool | None:
    """True/False, or None when the gold has no speaker information."""
    gold_name = gold.get("speaker_name")
    spans = [list(f) for f in gold.get("speaker_fragments") or []]
    if gold.get("speaker_start") is not None and gold.get("speaker_end") is not None:
        spans.append([gold["speaker_start"], gold["speaker_end"]])
    if not gold_name and not spans:
        return None
    if (
        gold_name
        and pred.get("speaker_name")
        and _norm_name(pred["speaker_name"]) == _norm_name(gold_name)
    ):
        return True
    ps, pe = pred.get("speaker_start"), pred.get("speaker_end")
    if ps is None or pe is None:
        return False
    return any(min(pe, b) > max(ps, a) for a, b in spans)


_ARABIC_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_ARABIC_FOLD = str.maketrans(folding(*MATCHING_GROUPS))


def canonical_key(name: Any) -> str:
    """A speaker name for comparison: case- and space-insensitive, Arabic hamza forms, alef
    maqsura and ta marbuta folded, tatweel and diacritics removed."""
    folded = _ARABIC_MARKS.sub("", str(name or "")).translate(_ARABIC_FOLD)
    return _norm_name(folded)


def speaker_name_correct(pred: dict[str, Any], gold: dict[str, Any]) -> bool | None:
    """Canonical names equal after :func:`canonical_key`; None when the gold has no name field.
    A gold ``''`` (anonymous or generic source) accepts an empty or anonymous prediction."""
    gold_name = gold.get("speaker_name")
    if gold_name is None:
        return None
    if not canonical_key(gold_name):
        return not canonical_key(pred.get("speaker_name")) or pred.get("speaker_kind") == (
            "anonymous"
        )
    return canonical_key(pred.get("speaker_name")) == canonical_key(gold_name)


def cue_correct(pred: dict[str, Any], gold: dict[str, Any]) -> bool | None:
    if gold.get("cue_start") is None or gold.get("cue_end") is None:
        return None
    return pred.get("cue_start") == gold["cue_start"] and pred.get("cue_end") == gold["cue_end"]


class Tally:
    """Counts for one scope (file, language or type)."""

    def __init__(self) -> None:
        self.n_gold = 0
        self.n_pred = 0
        self.tp = dict.fromkeys(THRESHOLDS, 0)
        self.tp_pred = dict.fromkeys(THRESHOLDS, 0)
        self.speaker = [0, 0]
        self.speaker_name = [0, 0]
        self.cue = [0, 0]

    def scores(self, *, by_type: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for t in THRESHOLDS:
            p, r, f = _prf_split(self.tp_pred[t], self.n_pred, self.tp[t], self.n_gold)
            if by_type and self.n_gold == 0:
                r = f = None  # a type the gold does not use: only precision is defined
            if by_type and self.n_pred == 0:
                p = f = None
            out[f"precision@{t}"], out[f"recall@{t}"], out[f"f1@{t}"] = p, r, f
        out["speaker_accuracy"] = self.speaker[0] / self.speaker[1] if self.speaker[1] else None
        out["speaker_name_accuracy"] = (
            self.speaker_name[0] / self.speaker_name[1] if self.speaker_name[1] else None
        )
        out["cue_accuracy"] = self.cue[0] / self.cue[1] if self.cue[1] else None
        out["n_gold"], out["n_pred"] = self.n_gold, self.n_pred
        return out


def _prf_split(tp_pred: int, n_pred: int, tp_gold: int, n_gold: int) -> tuple[float, float, float]:
    """P from matched predictions, R from matched gold (equal counts unless split by type)."""
    if tp_pred == tp_gold:
        return prf(tp_gold, n_pred, n_gold)
    p = tp_pred / n_pred if n_pred else (1.0 if n_gold == 0 else 0.0)
    r = tp_gold / n_gold if n_gold else (1.0 if n_pred == 0 else 0.0)
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def gold_type(q: dict[str, Any]) -> str:
    return q.get("type") or "untyped"


def quote_scope(q: dict[str, Any]) -> str:
    return q.get("scope") or "unscoped"


# splits scored like types: recall from the gold's key, precision from the prediction's
SPLITS: dict[str, Any] = {"by_type": gold_type, "by_scope": quote_scope}


def score_document(
    preds: list[dict[str, Any]],
    golds: list[dict[str, Any]],
    tallies: Iterable[Tally],
    by_type: dict[str, Tally],
    splits: dict[str, dict[str, Tally]] | None = None,
) -> None:
    """Add one document's counts to ``tallies`` (overall, language, outlet ...), to ``by_type``
    and to each split of ``splits`` (name in :data:`SPLITS` -> key -> Tally)."""
    tallies = list(tallies)
    keyed = [(gold_type, by_type)] + [(SPLITS[n], t) for n, t in (splits or {}).items()]
    for t in tallies:
        t.n_gold += len(golds)
        t.n_pred += len(preds)
    for key, table in keyed:
        for g in golds:  # gold keys first: they lead the rows
            table[key(g)].n_gold += 1
        for p in preds:
            table[key(p)].n_pred += 1
    for threshold in THRESHOLDS:
        pairs = match(preds, golds, threshold)
        for t in tallies:
            t.tp[threshold] += len(pairs)
            t.tp_pred[threshold] += len(pairs)
        for pi, gi in pairs:
            for key, table in keyed:
                table[key(golds[gi])].tp[threshold] += 1
                table[key(preds[pi])].tp_pred[threshold] += 1
            if threshold != THRESHOLDS[0]:
                continue
            sp = speaker_correct(preds[pi], golds[gi])
            name = speaker_name_correct(preds[pi], golds[gi])
            cu = cue_correct(preds[pi], golds[gi])
            for t in [*tallies, *(table[key(golds[gi])] for key, table in keyed)]:
                for verdict, counts in ((sp, t.speaker), (name, t.speaker_name), (cu, t.cue)):
                    if verdict is not None:
                        counts[0] += int(verdict)
                        counts[1] += 1


def drop_out_of_scope(
    preds: list[dict[str, Any]], golds: list[dict[str, Any]], scope: str
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(predictions, gold) restricted to ``scope``: with ``core``, gold quotes whose ``scope`` is
    set and not ``core`` are dropped, and so are the predictions matched to them at 0.3."""
    if scope != "core":
        return preds, golds
    dropped = {gi for gi, g in enumerate(golds) if g.get("scope") not in (None, "core")}
    if not dropped:
        return preds, golds
    left_out = {pi for pi, gi in match(preds, golds, THRESHOLDS[0]) if gi in dropped}
    kept_preds = [p for pi, p in enumerate(preds) if pi not in left_out]
    return kept_preds, [g for gi, g in enumerate(golds) if gi not in dropped]


def _records(df: pd.DataFrame) -> list[dict[str, Any]]:
    out = []
    for rec in df.to_dict("records"):
        out.append(
            {
                k: (None if v is pd.NA or (isinstance(v, float) and v != v) else v)
                for k, v in rec.items()
            }
        )
    return out


def predict(doc: dict[str, Any], annotator: Any | None = None) -> list[dict[str, Any]]:
    """framelab's quotes for one evaluation document."""
    from ..quotes import extract_quotes

    tokens = entities = None
    if annotator is not None:
        tokens, entities = annotator(doc.get("text") or "", doc.get("language") or "und")
    df = extract_quotes(
        doc.get("text") or "",
        doc.get("language"),
        tokens=tokens,
        entities=entities,
        article_id=str(doc.get("id")),
    )
    return _records(df)


class StanzaAnnotator:
    """text, language -> (tokens, entities) tables, with the Stanza pipelines of
    :class:`framelab.nlp.pipelines.PipelineFactory` (offline, models from ``models_dir``, one
    pipeline per language, built once per process). Languages without a usable model give
    (None, None): the rule path, with one warning per language."""

    def __init__(self, models_dir: str) -> None:
        from ..nlp.pipelines import PipelineFactory
        from ..nlp.settings import NlpSettings

        self.models_dir = models_dir
        folder = str(Path(models_dir).expanduser().resolve())  # relative to the working folder
        settings = NlpSettings.from_params({"models_dir": folder, "cache_dir": None})
        self.factory = PipelineFactory(settings)
        self.pipelines: dict[str, Any] = {}

    def _pipeline(self, language: str) -> Any:
        if language not in self.pipelines:
            from ..errors import FramelabError

            try:
                self.pipelines[language] = self.factory.pipeline(language)
            except FramelabError as err:  # no model for this language: rules only
                logging.getLogger(__name__).warning(
                    "no Stanza pipeline for %r in %s (%s): rule path only",
                    language,
                    self.models_dir,
                    err,
                )
                self.pipelines[language] = None
        return self.pipelines[language]

    def __call__(self, text: str, language: str) -> tuple[pd.DataFrame | None, pd.DataFrame | None]:
        nlp = self._pipeline(language)
        if nlp is None or not text.strip():
            return None, None
        from ..nlp.convert import doc_to_tables

        return doc_to_tables(nlp(text), "doc")


def stanza_annotator(models_dir: str) -> Any:
    """A callable text, language -> (tokens, entities) tables using Stanza from ``models_dir``."""
    return StanzaAnnotator(models_dir)


def gold_documents(path: str, half: str = "all") -> Iterable[dict[str, Any]]:
    """The documents of a gold file, or only its even / odd lines (0-based)."""
    for number, doc in enumerate(iter_jsonl(path)):
        if half == "all" or (number % 2 == 0) == (half == "even"):
            yield doc


def evaluate_file(path: str, options: argparse.Namespace) -> dict[str, Any]:
    models_dir = getattr(options, "models_dir", None)
    speech_only = bool(getattr(options, "speech_only", False))
    scope = getattr(options, "scope", None) or "all"
    half = getattr(options, "half", None) or "all"
    annotator = stanza_annotator(models_dir) if models_dir else None
    overall = Tally()
    by_language: dict[str, Tally] = defaultdict(Tally)
    by_outlet: dict[str, Tally] = defaultdict(Tally)
    by_type: dict[str, Tally] = defaultdict(Tally)
    splits: dict[str, dict[str, Tally]] = {"by_scope": defaultdict(Tally)}
    for doc in gold_documents(path, half):
        if doc.get("quotes") is None:
            continue
        golds = [
            q for q in doc["quotes"] if q.get("start") is not None and q.get("end") is not None
        ]
        if speech_only:
            golds = [q for q in golds if q.get("cue_lemma_speech")]
        preds, golds = drop_out_of_scope(predict(doc, annotator), golds, scope)
        lang = str(doc.get("language") or "und")
        outlet = str(doc.get("outlet") or "unknown")
        score_document(
            preds, golds, [overall, by_language[lang], by_outlet[outlet]], by_type, splits
        )
    return {
        "overall": overall.scores(),
        "by_language": {k: v.scores() for k, v in sorted(by_language.items())},
        "by_type": {k: v.scores(by_type=True) for k, v in sorted(by_type.items())},
        "by_scope": {k: v.scores(by_type=True) for k, v in sorted(splits["by_scope"].items())},
        "by_outlet": {k: v.scores() for k, v in sorted(by_outlet.items())},
        "options": {
            "models_dir": models_dir,
            "speech_only": speech_only,
            "scope": scope,
            "half": half,
        },
    }
