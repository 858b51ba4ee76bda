"""Learned frames: a multi-label classifier trained on coded items, an alternative to cue counts.

Features (:class:`~framelab.framing.learned_features.FrameFeaturizer`), all computed offline from
the item itself and the frames codebook -- no pretrained model:

* the headline: TF-IDF of word unigrams (letters folded as in codebook matching, Arabic
  diacritics and tatweel removed, the language's clitic prefix from ``matching.yaml`` stripped,
  so ``والسلاح`` and ``السلاح`` are one word) and of character 2-5-grams within words;
* for languages with stemming rules (Arabic), a stem view: TF-IDF of light stems of the headline
  words, its weight (0 = off) chosen by the inner cross-validation;
* the body (the text without its headline; empty for headline-only items) the same way, at half
  weight;
* lexicon evidence from the codebook: per frame log(1 + hits) and "any hit", per cue a 0/1
  indicator, from the headline and (half weight) from the body.

Classifier (:class:`LearnedConfig`): one logistic regression per frame (one-vs-rest,
``class_weight="balanced"``, liblinear: deterministic), or a calibrated linear SVM per frame.
Decision rule: frames ranked by probability; the top frame is kept when the coded data always has
a frame (otherwise only above ``threshold``), further frames when their probability reaches
``threshold`` (one value, or one per frame), at most ``max_frames`` (the most frames any training
item has, capped at 3).

Model selection never sees the items it is scored on: :func:`select_and_fit` picks ``C``, the
lexicon weight, the stem-view weight and the threshold by an inner K-fold on the training items
only, and :func:`cross_validate` wraps that in an outer K-fold (nested cross-validation), seeded
throughout. ``DEFAULT_CONFIG`` is the configuration ``framelab code train`` and ``framelab evaluate
frames --method learned`` use (logistic regression, one threshold, word unigrams, stem view
searched); the other options were measured and are documented in ``docs/frames-validation.md``.
"""

from __future__ import annotations

import itertools
import pickle
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import InputError
from .codebooks import FrameCodebook
from .learned_features import (
    FrameFeaturizer,
    has_stemmer,
)

MODEL_FORMAT = "framelab-learned-frames/1"
GRID_C = {"logreg": (2.0, 10.0), "svm": (0.1, 1.0)}  # per classifier
GRID_LEXICON_WEIGHT = (1.0, 2.0)
GRID_THRESHOLD = (0.3, 0.4, 0.5, 0.6)
MAX_FRAMES_CAP = 3
CLASSIFIERS = ("logreg", "svm")


@dataclass(frozen=True)
class LearnedConfig:
    """Model family searched by the inner cross-validation.

    ``classifier``: ``logreg`` (one logistic regression per frame) or ``svm`` (linear SVM per
    frame with sigmoid calibration); ``per_frame_thresholds``: after the global setting is chosen,
    each frame's threshold is re-chosen from ``GRID_THRESHOLD`` on the same inner out-of-fold
    probabilities; ``stem_weights``: weights of the light-stem view tried by the inner CV (``0``
    = off; the view exists only for languages with stemming rules)."""

    classifier: str = "logreg"
    per_frame_thresholds: bool = False
    stem_weights: tuple[float, ...] = (0.0, 1.0)
    word_ngram_max: int = 1

    def __post_init__(self) -> None:
        if self.classifier not in CLASSIFIERS:
            raise ValueError(f"classifier must be one of {CLASSIFIERS}, not {self.classifier!r}")
        if not self.stem_weights or min(self.stem_weights) < 0:
            raise ValueError("stem_weights must be non-empty and non-negative")
        if self.word_ngram_max < 1:
            raise ValueError("word_ngram_max must be at least 1")

    def describe(self) -> dict[str, Any]:
        return {
            "classifier": self.classifier,
            "per_frame_thresholds": self.per_frame_thresholds,
            "stem_weights": list(self.stem_weights),
            "word_ngram_max": self.word_ngram_max,
        }


DEFAULT_CONFIG = LearnedConfig()


@dataclass(frozen=True)
class CodedItems:
    """Items with frame codes: ``headline``, ``body`` and ``language`` per item, ``labels`` a boolean
    ``items x frames`` matrix over ``frames`` (codebook order); ``primary`` the first-listed frame."""

    ids: list[str]
    headline: list[str]
    body: list[str]
    language: list[str]
    labels: np.ndarray
    frames: list[str]
    primary: list[str | None]

    def __len__(self) -> int:
        return len(self.ids)

    def subset(self, index: Sequence[int] | np.ndarray) -> CodedItems:
        index = np.asarray(index, dtype=int)
        pick = index.tolist()
        return CodedItems(
            ids=[self.ids[i] for i in pick],
            headline=[self.headline[i] for i in pick],
            body=[self.body[i] for i in pick],
            language=[self.language[i] for i in pick],
            labels=self.labels[index],
            frames=self.frames,
            primary=[self.primary[i] for i in pick],
        )

    @staticmethod
    def concat(parts: Sequence[CodedItems]) -> CodedItems:
        return CodedItems(
            ids=[i for p in parts for i in p.ids],
            headline=[h for p in parts for h in p.headline],
            body=[b for p in parts for b in p.body],
            language=[lang for p in parts for lang in p.language],
            labels=np.vstack([p.labels for p in parts]),
            frames=parts[0].frames,
            primary=[x for p in parts for x in p.primary],
        )


def split_headline(title: str | None, text: str) -> tuple[str, str]:
    """``(headline, body)``: the title (or the first line of the text) and the rest of the text.

    A text that repeats its title at the start loses that copy from the body, so a headline-only
    item has an empty body."""
    text = text or ""
    headline = (title or "").strip() or text.strip().split("\n", 1)[0]
    body = text.strip()
    if headline and body.startswith(headline):
        body = body[len(headline) :].strip()
    return headline, body


def _logistic(c: float):
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=c, class_weight="balanced", solver="liblinear", max_iter=2000)


def _classifier(c: float, kind: str = "logreg"):
    from sklearn.multiclass import OneVsRestClassifier

    if kind == "svm":
        return CalibratedSVMPerFrame(c)
    return OneVsRestClassifier(_logistic(c))


SVM_CALIBRATION_FOLDS = 3


@dataclass
class CalibratedSVMPerFrame:
    """One linear SVM per frame (balanced classes) with sigmoid (Platt) calibration by an internal
    3-fold split; a frame with fewer than 3 positive (or negative) training items, too few to
    calibrate, gets a logistic regression instead."""

    c: float
    estimators: list[Any] = field(default_factory=list)

    def fit(self, features, labels: np.ndarray) -> CalibratedSVMPerFrame:
        from sklearn.calibration import CalibratedClassifierCV
        from sklearn.svm import LinearSVC

        self.estimators = []
        for column in np.asarray(labels, dtype=int).T:
            minority = int(min(column.sum(), len(column) - column.sum()))
            if minority >= SVM_CALIBRATION_FOLDS:
                svm = LinearSVC(C=self.c, class_weight="balanced", max_iter=5000)
                model = CalibratedClassifierCV(svm, cv=SVM_CALIBRATION_FOLDS, method="sigmoid")
            else:
                model = _logistic(self.c)
            self.estimators.append(model.fit(features, column))
        return self

    def predict_proba(self, features) -> np.ndarray:
        return np.column_stack([e.predict_proba(features)[:, 1] for e in self.estimators])


def _fit_probabilities(clf, features, labels: np.ndarray):
    """Fit one classifier per frame; a frame without positive (or negative) training items gets a
    constant probability instead of an error."""
    constant = {}
    trainable = []
    for j in range(labels.shape[1]):
        column = labels[:, j]
        if column.all() or not column.any():
            constant[j] = float(column.all())
        else:
            trainable.append(j)
    if trainable:
        clf.fit(features, labels[:, trainable])
    return trainable, constant


def _predict_probabilities(clf, trainable, constant, features, n_frames: int) -> np.ndarray:
    out = np.zeros((features.shape[0], n_frames))
    if trainable:
        proba = clf.predict_proba(features)
        out[:, trainable] = proba.reshape(features.shape[0], len(trainable))
    for j, value in constant.items():
        out[:, j] = value
    return out


def decide(
    probabilities: np.ndarray,
    threshold: float | np.ndarray,
    *,
    max_frames: int,
    at_least_one: bool,
) -> np.ndarray:
    """Frames kept per item: ranked by probability, those >= ``threshold`` (one value, or one per
    frame) up to ``max_frames``; the top frame always when ``at_least_one``."""
    order = np.argsort(-probabilities, axis=1, kind="stable")
    ranked = np.take_along_axis(probabilities, order, axis=1)
    thresholds = np.broadcast_to(np.asarray(threshold, dtype=float), probabilities.shape)
    keep_ranked = ranked >= np.take_along_axis(thresholds, order, axis=1)
    keep_ranked[:, max_frames:] = False
    if at_least_one and probabilities.shape[1]:
        keep_ranked[:, 0] = True
    keep = np.zeros_like(keep_ranked)
    np.put_along_axis(keep, order, keep_ranked, axis=1)
    return keep


@dataclass
class LearnedFrames:
    """A fitted learned-frames model (features, classifier, decision rule and provenance)."""

    featurizer: FrameFeaturizer
    classifier: Any
    trainable: list[int]
    constant: dict[int, float]
    frames: list[str]
    threshold: float
    max_frames: int
    at_least_one: bool
    c: float
    info: dict[str, Any] = field(default_factory=dict)
    frame_thresholds: np.ndarray | None = None  # one per frame; None: ``threshold`` for all

    def probabilities(self, items: CodedItems) -> np.ndarray:
        features = self.featurizer.transform(items)
        return _predict_probabilities(
            self.classifier, self.trainable, self.constant, features, len(self.frames)
        )

    def predict(self, items: CodedItems) -> tuple[np.ndarray, np.ndarray]:
        """``(present, probabilities)``, both ``items x frames``."""
        proba = self.probabilities(items)
        per_frame = getattr(self, "frame_thresholds", None)
        threshold = self.threshold if per_frame is None else per_frame
        present = decide(
            proba, threshold, max_frames=self.max_frames, at_least_one=self.at_least_one
        )
        return present, proba


def decision_defaults(items: CodedItems) -> tuple[int, bool]:
    """``max_frames`` and ``at_least_one`` as the coded data shows them."""
    per_item = items.labels.sum(axis=1)
    max_frames = int(min(max(per_item.max(initial=1), 1), MAX_FRAMES_CAP))
    return max_frames, bool(len(items) and (per_item > 0).all())


def fit_model(
    items: CodedItems,
    codebook: FrameCodebook,
    *,
    c: float,
    lexicon_weight: float,
    threshold: float,
    max_frames: int | None = None,
    at_least_one: bool | None = None,
    stem_weight: float = 0.0,
    frame_thresholds: np.ndarray | None = None,
    config: LearnedConfig = DEFAULT_CONFIG,
) -> LearnedFrames:
    default_max, default_one = decision_defaults(items)
    featurizer = FrameFeaturizer(
        codebook,
        list(items.frames),
        lexicon_weight,
        stem_weight=stem_weight,
        word_ngram_max=config.word_ngram_max,
    ).fit(items)
    features = featurizer.transform(items)
    clf = _classifier(c, config.classifier)
    trainable, constant = _fit_probabilities(clf, features, items.labels)
    return LearnedFrames(
        featurizer=featurizer,
        classifier=clf,
        trainable=trainable,
        constant=constant,
        frames=list(items.frames),
        threshold=threshold,
        max_frames=default_max if max_frames is None else max_frames,
        at_least_one=default_one if at_least_one is None else at_least_one,
        c=c,
        frame_thresholds=frame_thresholds,
    )


def kfold_indices(n: int, k: int, seed: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """Seeded shuffled K-fold split (train, test) index pairs; ``k`` is capped at ``n``."""
    from sklearn.model_selection import KFold

    k = max(2, min(k, n))
    return list(KFold(n_splits=k, shuffle=True, random_state=seed).split(np.arange(n)))


def _selection_score(gold: np.ndarray, pred: np.ndarray) -> float:
    """Mean of micro and macro F1 (what the bars ask for), on boolean matrices."""
    tp = (gold & pred).sum(axis=0)
    n_pred, n_gold = pred.sum(axis=0), gold.sum(axis=0)
    micro_den = n_pred.sum() + n_gold.sum()
    micro = 2 * tp.sum() / micro_den if micro_den else 1.0
    seen = (n_pred + n_gold) > 0
    per = np.where(seen, 2 * tp / np.maximum(n_pred + n_gold, 1), 0.0)
    macro = per[seen].mean() if seen.any() else 1.0
    return float((micro + macro) / 2)


def _inner_probabilities(
    items: CodedItems,
    codebook: FrameCodebook,
    config: LearnedConfig,
    *,
    inner_folds: int,
    seed: int,
    extra: CodedItems | None,
) -> dict[tuple[float, float, float], np.ndarray]:
    """Out-of-fold probabilities of every (C, lexicon weight, stem weight) setting (stem weight 0
    only when no item is in a language with stemming rules: the view would be empty)."""
    grid_c = GRID_C[config.classifier]
    languages = set(items.language) | set(extra.language if extra is not None else [])
    stem_weights = config.stem_weights if any(has_stemmer(lang) for lang in languages) else (0.0,)
    grid = list(itertools.product(grid_c, GRID_LEXICON_WEIGHT, stem_weights))
    probabilities = {setting: np.zeros(items.labels.shape) for setting in grid}
    for train, test in kfold_indices(len(items), inner_folds, seed):
        train_items = items.subset(train)
        if extra is not None:
            train_items = CodedItems.concat([train_items, extra])
        featurizer = FrameFeaturizer(
            codebook, list(items.frames), word_ngram_max=config.word_ngram_max
        ).fit(train_items)
        test_items = items.subset(test)
        # text features are fitted once per fold
        for weight, stem in itertools.product(GRID_LEXICON_WEIGHT, stem_weights):
            train_x = featurizer.transform(train_items, weight, stem)
            test_x = featurizer.transform(test_items, weight, stem)
            for c in grid_c:
                clf = _classifier(c, config.classifier)
                trainable, constant = _fit_probabilities(clf, train_x, train_items.labels)
                probabilities[(c, weight, stem)][test] = _predict_probabilities(
                    clf, trainable, constant, test_x, len(items.frames)
                )
    return probabilities


def tune_frame_thresholds(
    gold: np.ndarray,
    probabilities: np.ndarray,
    threshold: float,
    *,
    max_frames: int,
    at_least_one: bool,
) -> np.ndarray:
    """Per-frame thresholds from ``GRID_THRESHOLD``: starting from ``threshold`` for every frame,
    one pass over the frames keeps, for each, the value that raises the selection score (mean of
    micro and macro F1) of the whole decision; ties keep the current value."""
    thresholds = np.full(gold.shape[1], float(threshold))

    def score(values: np.ndarray) -> float:
        pred = decide(probabilities, values, max_frames=max_frames, at_least_one=at_least_one)
        return _selection_score(gold, pred)

    best = score(thresholds)
    for j in range(gold.shape[1]):
        for value in GRID_THRESHOLD:
            trial = thresholds.copy()
            trial[j] = value
            trial_score = score(trial)
            if trial_score > best + 1e-12:
                best, thresholds = trial_score, trial
    return thresholds


def select_and_fit(
    items: CodedItems,
    codebook: FrameCodebook,
    *,
    inner_folds: int = 3,
    seed: int = 0,
    extra: CodedItems | None = None,
    config: LearnedConfig = DEFAULT_CONFIG,
) -> LearnedFrames:
    """Choose ``C``, the lexicon weight, the stem-view weight and the threshold(s) by an inner
    K-fold on ``items`` (scored on ``items`` only; ``extra`` coded items join every training
    fold), then fit on all of them."""
    max_frames, at_least_one = decision_defaults(items)
    probabilities = _inner_probabilities(
        items, codebook, config, inner_folds=inner_folds, seed=seed, extra=extra
    )
    best: tuple[float, tuple[float, float, float], float] | None = None
    for setting, proba in probabilities.items():
        for threshold in GRID_THRESHOLD:
            pred = decide(proba, threshold, max_frames=max_frames, at_least_one=at_least_one)
            score = _selection_score(items.labels, pred)
            if best is None or score > best[0] + 1e-12:
                best = (score, setting, threshold)
    assert best is not None
    _, (c, weight, stem), threshold = best
    frame_thresholds = None
    if config.per_frame_thresholds:
        frame_thresholds = tune_frame_thresholds(
            items.labels,
            probabilities[(c, weight, stem)],
            threshold,
            max_frames=max_frames,
            at_least_one=at_least_one,
        )
    training = items if extra is None else CodedItems.concat([items, extra])
    model = fit_model(
        training,
        codebook,
        c=c,
        lexicon_weight=weight,
        threshold=threshold,
        max_frames=max_frames,
        at_least_one=at_least_one,
        stem_weight=stem,
        frame_thresholds=frame_thresholds,
        config=config,
    )
    selected: dict[str, Any] = {
        "C": c,
        "lexicon_weight": weight,
        "stem_weight": stem,
        "threshold": threshold,
    }
    if frame_thresholds is not None:
        selected["frame_thresholds"] = dict(
            zip(items.frames, frame_thresholds.round(2).tolist(), strict=True)
        )
    model.info.update(
        {
            "selected": selected,
            "classifier": config.classifier,
            "word_ngram_max": config.word_ngram_max,
            "inner_folds": inner_folds,
            "seed": seed,
        }
    )
    return model


@dataclass
class CrossValidation:
    """Out-of-fold predictions of a nested cross-validation and the settings chosen per fold."""

    present: np.ndarray
    probabilities: np.ndarray
    fold_of_item: np.ndarray
    selected: list[dict[str, float]]


def cross_validate(
    items: CodedItems,
    codebook: FrameCodebook,
    *,
    folds: int = 5,
    seed: int = 0,
    inner_folds: int = 3,
    extra: CodedItems | None = None,
    config: LearnedConfig = DEFAULT_CONFIG,
) -> CrossValidation:
    """Nested K-fold: each outer test fold is predicted by a model selected and fitted on the
    other folds only (plus ``extra`` coded items, never scored)."""
    present = np.zeros(items.labels.shape, dtype=bool)
    proba = np.zeros(items.labels.shape)
    fold_of_item = np.zeros(len(items), dtype=int)
    selected = []
    for number, (train, test) in enumerate(kfold_indices(len(items), folds, seed)):
        model = select_and_fit(
            items.subset(train),
            codebook,
            inner_folds=inner_folds,
            seed=seed,
            extra=extra,
            config=config,
        )
        present[test], proba[test] = model.predict(items.subset(test))
        fold_of_item[test] = number
        selected.append(model.info["selected"])
    return CrossValidation(present, proba, fold_of_item, selected)


def baseline_cross_validate(
    items: CodedItems, *, folds: int = 5, seed: int = 0, texts: Sequence[str] | None = None
) -> CrossValidation:
    """The plain baseline: TF-IDF of the whole text (scikit-learn defaults) + one-vs-rest logistic
    regression (balanced), frames with probability >= 0.5, the top frame when none passes."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    texts = (
        list(texts)
        if texts is not None
        else [f"{h}\n\n{b}".strip() for h, b in zip(items.headline, items.body, strict=True)]
    )
    max_frames, at_least_one = items.labels.shape[1], decision_defaults(items)[1]
    present = np.zeros(items.labels.shape, dtype=bool)
    proba = np.zeros(items.labels.shape)
    fold_of_item = np.zeros(len(items), dtype=int)
    for number, (train, test) in enumerate(kfold_indices(len(items), folds, seed)):
        vectorizer = TfidfVectorizer().fit([texts[i] for i in train])
        clf = _classifier(1.0)
        trainable, constant = _fit_probabilities(
            clf, vectorizer.transform([texts[i] for i in train]), items.labels[train]
        )
        features = vectorizer.transform([texts[i] for i in test])
        proba[test] = _predict_probabilities(
            clf, trainable, constant, features, items.labels.shape[1]
        )
        present[test] = decide(proba[test], 0.5, max_frames=max_frames, at_least_one=at_least_one)
        fold_of_item[test] = number
    return CrossValidation(present, proba, fold_of_item, [])


def primary_frames(probabilities: np.ndarray, frames: Sequence[str]) -> list[str]:
    """The top-ranked frame of each item."""
    return [frames[j] for j in probabilities.argmax(axis=1)] if len(frames) else []


# ------------------------------------------------------------------------------ persistence


def save_model(model: LearnedFrames, path: str | Path) -> Path:
    """Write the model (pickle with a format tag; written atomically)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("wb") as handle:
        pickle.dump({"format": MODEL_FORMAT, "model": model}, handle)
    tmp.replace(path)
    return path


def load_model(path: str | Path) -> LearnedFrames:
    """Read a model written by :func:`save_model` (only load model files you made yourself:
    pickle runs code)."""
    path = Path(path)
    if not path.is_file():
        raise InputError(
            str(path), "learned frames model not found (make one with framelab code train)"
        )
    try:
        with path.open("rb") as handle:
            payload = pickle.load(handle)
    except Exception as err:  # noqa: BLE001 - any unpickling failure is a bad file
        raise InputError(str(path), f"not a learned frames model ({type(err).__name__})") from None
    if not isinstance(payload, dict) or payload.get("format") != MODEL_FORMAT:
        raise InputError(str(path), f"not a learned frames model of format {MODEL_FORMAT}")
    return payload["model"]
