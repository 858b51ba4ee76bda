"""Learned-frames features and decision functions: light stems, per-frame thresholds, model options
(invented snippets)."""

from __future__ import annotations

import numpy as np
import pytest

from framelab.framing.codebooks import load_frame_codebook
from framelab.framing.frame_labels import coded_items
from framelab.framing.learned import (
    LearnedConfig,
    decide,
    fit_model,
    tune_frame_thresholds,
)
from framelab.framing.learned_features import FrameFeaturizer, has_stemmer, stem_text, stem_word

CODEBOOK = "data/codebooks/frames-gvfc.yaml"


@pytest.fixture(scope="module")
def codebook(project_root):
    return load_frame_codebook(project_root / CODEBOOK)


def test_arabic_light_stems_share_clitic_and_suffix_forms():
    # "and with their policies" / "the policies" / "policy"-plural forms share one stem
    assert stem_text("وبسياساتهم", "ar") == stem_text("السياسات", "ar") == "سياس"
    # the longest clitic prefix goes ("لل" = ل + ال), ta marbuta folds before the suffix test
    assert stem_text("للمدرسة", "ar") == stem_text("المدرسه", "ar") == "مدرس"
    # diacritics, tatweel and hamza forms are folded as in cue matching
    assert stem_text("فالأسلِحـة", "ar") == stem_text("الاسلحه", "ar")


def test_light_stem_keeps_short_words_whole():
    assert stem_word("كتب", "ar") == "كتب"  # three letters: nothing stripped
    assert stem_word("وهم", "ar") == "وهم"  # a prefix or suffix would leave under three letters


def test_stem_view_is_empty_without_rules():
    assert not has_stemmer("en") and has_stemmer("ar")
    assert stem_text("Schools and guns", "en") == ""
    assert stem_word("guns", "de") == "guns"


def test_decide_with_one_threshold_per_frame():
    proba = np.array([[0.9, 0.45, 0.35], [0.2, 0.6, 0.5]])
    keep = decide(proba, np.array([0.5, 0.4, 0.6]), max_frames=3, at_least_one=True)
    assert keep.tolist() == [[True, True, False], [False, True, False]]
    # a scalar threshold is the same as that value for every frame
    assert np.array_equal(
        decide(proba, 0.4, max_frames=3, at_least_one=True),
        decide(proba, np.full(3, 0.4), max_frames=3, at_least_one=True),
    )


def test_frame_thresholds_are_tuned_only_where_they_help():
    # frame 1 is present whenever its probability reaches 0.3: a lower threshold helps it;
    # frame 0 is always the top frame and is decided by the at-least-one rule
    gold = np.array([[1, 1], [1, 0], [1, 1], [1, 0]], dtype=bool)
    proba = np.array([[0.9, 0.35], [0.9, 0.1], [0.9, 0.32], [0.9, 0.2]])
    thresholds = tune_frame_thresholds(gold, proba, 0.5, max_frames=2, at_least_one=True)
    assert thresholds[0] == 0.5
    assert thresholds[1] == 0.3
    assert np.array_equal(
        decide(proba, thresholds, max_frames=2, at_least_one=True), gold.astype(bool)
    )


def test_learned_config_rejects_unknown_options():
    with pytest.raises(ValueError, match="classifier"):
        LearnedConfig(classifier="forest")
    with pytest.raises(ValueError, match="stem_weights"):
        LearnedConfig(stem_weights=())


def _records():
    texts = {
        "gun_control": ["الكونغرس يناقش قانون حظر الأسلحة", "مطالبات بتشديد قوانين السلاح"],
        "economic": ["أسهم شركات الأسلحة تتراجع", "مبيعات المسدسات ترتفع في الأسواق"],
    }
    records = []
    for frame, headlines in texts.items():
        for i, text in enumerate(headlines * 4):
            records.append({"id": f"{frame}{i}", "language": "ar", "text": text, "frames": [frame]})
    records.append(
        {"id": "en0", "language": "en", "text": "Gun sales rise", "frames": ["economic"]}
    )
    return records


def test_stem_view_block_only_when_weighted(codebook):
    frames = codebook.frames["frame"].tolist()
    items = coded_items(_records(), frames, "invented")
    featurizer = FrameFeaturizer(codebook, frames).fit(items)
    assert "stem_words" in featurizer.vectorizers
    without = featurizer.transform(items, stem_weight=0.0)
    with_stems = featurizer.transform(items, stem_weight=1.0)
    assert with_stems.shape[1] == without.shape[1] + len(
        featurizer.vectorizers["stem_words"].vocabulary_
    )
    # the English item has no stems: the stem view adds nothing to its row
    english = items.language.index("en")
    assert with_stems[english].nnz == without[english].nnz
    assert with_stems.nnz > without.nnz


def test_model_with_frame_thresholds_predicts_with_them(codebook):
    frames = codebook.frames["frame"].tolist()
    items = coded_items(_records(), frames, "invented")
    thresholds = np.full(len(frames), 0.99)
    model = fit_model(
        items, codebook, c=2.0, lexicon_weight=1.0, threshold=0.3, frame_thresholds=thresholds
    )
    present, proba = model.predict(items)
    assert np.array_equal(present, decide(proba, thresholds, max_frames=1, at_least_one=True))
    assert (present.sum(axis=1) == 1).all()


def test_calibrated_svm_per_frame_handles_sparse_frames():
    from framelab.framing.learned import CalibratedSVMPerFrame

    rng = np.random.default_rng(1)
    features = rng.normal(size=(30, 4))
    labels = np.zeros((30, 2), dtype=bool)
    labels[:, 0] = features[:, 0] > 0  # learnable, many positives: calibrated SVM
    labels[:2, 1] = True  # two positives only: too few to calibrate, logistic regression
    model = CalibratedSVMPerFrame(1.0).fit(features, labels)
    proba = model.predict_proba(features)
    assert proba.shape == (30, 2) and ((proba >= 0) & (proba <= 1)).all()
    assert type(model.estimators[0]).__name__ == "CalibratedClassifierCV"
    assert type(model.estimators[1]).__name__ == "LogisticRegression"
    assert ((proba[:, 0] > 0.5) == labels[:, 0]).mean() > 0.8


def test_word_bigrams_only_when_configured(codebook):
    frames = codebook.frames["frame"].tolist()
    items = coded_items(_records(), frames, "invented")
    unigrams = FrameFeaturizer(codebook, frames).fit(items).vectorizers["head_words"]
    bigrams = FrameFeaturizer(codebook, frames, word_ngram_max=2).fit(items)
    vocabulary = bigrams.vectorizers["head_words"].vocabulary_
    assert not any(" " in term for term in unigrams.vocabulary_)
    assert any(" " in term for term in vocabulary) and set(unigrams.vocabulary_) <= set(vocabulary)


def _write_jsonl(path, records):
    import json

    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", "utf-8")
    return path


def test_train_commands_use_the_default_model_with_the_stem_view(
    tmp_path, project_root, monkeypatch
):
    import json

    from framelab.cli import main
    from framelab.framing.learned import load_model

    monkeypatch.chdir(project_root)
    coded = _write_jsonl(tmp_path / "coded.jsonl", _records())
    model_path = tmp_path / "model.pkl"
    args = ["code", "train", str(coded), "--codebook", CODEBOOK, "--seed", "3"]
    assert main([*args, "--model", str(model_path)]) == 0
    model = load_model(model_path)
    assert "stem_weight" in model.info["selected"] and model.info["classifier"] == "logreg"
    out = tmp_path / "scores.json"
    gold = _write_jsonl(tmp_path / "gold.jsonl", _records()[:6])
    evaluate = ["evaluate", "frames", str(gold), "--codebook", CODEBOOK, "--method", "learned"]
    assert main([*evaluate, "--train", str(coded), "--resamples", "10", "--json", str(out)]) == 0
    settings = json.loads(out.read_text())["files"][str(gold)]["settings"]
    assert settings["selected"] == model.info["selected"]
    assert settings["model_config"]["classifier"] == "logreg"
