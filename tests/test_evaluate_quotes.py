"""The GGT evaluation protocol on tiny hand-made gold."""

from __future__ import annotations

import argparse
import json

import pytest

from framelab.evaluate.common import format_table
from framelab.evaluate.quotes import (
    METRIC_KEYS,
    canonical_key,
    evaluate_file,
    match,
    overlap,
    speaker_correct,
    speaker_name_correct,
)

TEXT = "“We will win,” Ann Lee said. The budget is fine, officials said. Nothing else."


def _gold_doc(quotes: list[dict]) -> dict:
    return {
        "id": "d1",
        "language": "en",
        "published": None,
        "outlet": None,
        "title": None,
        "text": TEXT,
        "quotes": quotes,
    }


def _q(start: int, end: int, **kw: object) -> dict:
    base = {
        "type": None,
        "start": start,
        "end": end,
        "speaker": None,
        "speaker_start": None,
        "speaker_end": None,
        "speaker_name": None,
        "cue": None,
        "cue_start": None,
        "cue_end": None,
    }
    return {**base, **kw}


def test_overlap_is_over_the_gold_span() -> None:
    assert overlap((0, 10), (0, 10)) == 1.0
    assert overlap((0, 3), (0, 10)) == pytest.approx(0.3)
    assert overlap((0, 100), (10, 20)) == 1.0  # a longer prediction still covers the gold
    assert overlap((20, 30), (0, 10)) == 0.0


def test_matching_is_one_to_one() -> None:
    preds = [{"start": 0, "end": 10}, {"start": 0, "end": 10}]
    golds = [{"start": 0, "end": 10}]
    assert match(preds, golds, 0.3) == [(0, 0)]


def test_speaker_by_name_or_span() -> None:
    gold = {"speaker_name": "Ann Lee", "speaker_start": 15, "speaker_end": 22}
    assert speaker_correct(
        {"speaker_name": "ann  lee", "speaker_start": None, "speaker_end": None}, gold
    )
    assert speaker_correct({"speaker_name": "X", "speaker_start": 19, "speaker_end": 22}, gold)
    assert not speaker_correct({"speaker_name": "X", "speaker_start": 0, "speaker_end": 5}, gold)
    assert (
        speaker_correct({"speaker_name": "X"}, {"speaker_name": None, "speaker_start": None})
        is None
    )


def test_evaluate_file_scores_and_layout(tmp_path) -> None:
    s = TEXT.index("We will win,")
    direct = _q(
        s,
        s + len("We will win,"),
        speaker="Ann Lee",
        speaker_start=TEXT.index("Ann"),
        speaker_end=TEXT.index("Ann") + 7,
        speaker_name="Ann Lee",
        cue="said",
        cue_start=TEXT.index("said"),
        cue_end=TEXT.index("said") + 4,
        type="direct",
    )
    b = TEXT.index("The budget")
    indirect = _q(
        b,
        b + len("The budget is fine"),
        speaker="officials",
        type="indirect",
        speaker_start=TEXT.index("officials"),
        speaker_end=TEXT.index("officials") + 9,
    )
    missing = _q(TEXT.index("Nothing"), TEXT.index("Nothing") + 12, type="direct")  # not found
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(_gold_doc([direct, indirect, missing])) + "\n", encoding="utf-8")
    result = evaluate_file(str(path), argparse.Namespace(models_dir=None, speech_only=False))
    overall = result["overall"]
    assert set(METRIC_KEYS) <= set(overall)
    assert overall["n_gold"] == 3 and overall["n_pred"] == 2
    assert overall["recall@0.3"] == pytest.approx(2 / 3)
    assert overall["precision@0.3"] == 1.0
    assert overall["speaker_accuracy"] == 1.0 and overall["cue_accuracy"] == 1.0
    assert set(result["by_language"]) == {"en"}
    assert result["by_type"]["direct"]["n_gold"] == 2
    table = format_table({"files": {str(path): result}}, METRIC_KEYS)
    assert "type=direct" in table


def test_speech_only_filters_gold(tmp_path) -> None:
    b = TEXT.index("The budget")
    speech = _q(b, b + 18, cue_lemma_speech=True)
    belief = _q(0, 5, cue_lemma_speech=False)
    path = tmp_path / "polnear.jsonl"
    path.write_text(json.dumps(_gold_doc([speech, belief])) + "\n", encoding="utf-8")
    everything = evaluate_file(str(path), argparse.Namespace(models_dir=None, speech_only=False))
    speech_only = evaluate_file(str(path), argparse.Namespace(models_dir=None, speech_only=True))
    assert everything["overall"]["n_gold"] == 2 and speech_only["overall"]["n_gold"] == 1


def test_scope_core_drops_extended_gold_and_the_predictions_matching_it(tmp_path) -> None:
    b = TEXT.index("The budget")
    core = _q(b, b + len("The budget is fine"), scope="core")
    extended = _q(0, len("“We will win,”"), scope="extended")  # found by the rules as direct
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(_gold_doc([core, extended])) + "\n", encoding="utf-8")
    every = evaluate_file(str(path), argparse.Namespace(models_dir=None, scope="all"))
    only_core = evaluate_file(str(path), argparse.Namespace(models_dir=None, scope="core"))
    assert every["overall"]["n_gold"] == 2 and every["overall"]["n_pred"] == 2
    assert only_core["overall"]["n_gold"] == 1
    assert only_core["overall"]["n_pred"] == 1  # the match of the extended quote is left out
    assert only_core["overall"]["precision@0.3"] == 1.0
    assert set(every["by_scope"]) == {"core", "extended"}
    assert only_core["options"]["scope"] == "core"


def test_speaker_name_accuracy_folds_arabic_spelling() -> None:
    gold = {"speaker_name": "أسامة الحسيني"}
    assert speaker_name_correct({"speaker_name": "اسامه الحسيني"}, gold)
    assert speaker_name_correct({"speaker_name": "أُسامَة الحسيـني"}, gold)  # marks, tatweel
    assert not speaker_name_correct({"speaker_name": "سامي الحسيني"}, gold)
    anonymous = {"speaker_name": ""}
    assert speaker_name_correct({"speaker_name": "مصدر", "speaker_kind": "anonymous"}, anonymous)
    assert speaker_name_correct({"speaker_name": None}, anonymous)
    assert not speaker_name_correct({"speaker_name": "وزير", "speaker_kind": "person"}, anonymous)
    assert speaker_name_correct({"speaker_name": "x"}, {"speaker_name": None}) is None
    assert canonical_key("ليلى  ") == canonical_key("ليلي")


def test_half_and_outlet_split(tmp_path) -> None:
    docs = []
    for number in range(4):
        doc = _gold_doc([])
        doc["id"], doc["outlet"] = f"d{number}", f"outlet{number % 2}"
        docs.append(json.dumps(doc))
    path = tmp_path / "gold.jsonl"
    path.write_text("\n".join(docs) + "\n", encoding="utf-8")
    even = evaluate_file(str(path), argparse.Namespace(models_dir=None, half="even"))
    odd = evaluate_file(str(path), argparse.Namespace(models_dir=None, half="odd"))
    assert set(even["by_outlet"]) == {"outlet0"} and set(odd["by_outlet"]) == {"outlet1"}
    assert "speaker_name_accuracy" in even["overall"]


def test_stanza_annotator_uses_the_pipeline_factory(monkeypatch, tmp_path) -> None:
    from framelab.errors import ModelMissingError
    from framelab.evaluate.quotes import stanza_annotator
    from framelab.nlp import pipelines

    asked: list[str] = []

    def pipeline(self, language: str):  # noqa: ANN001, ANN202
        asked.append(language)
        if language == "xx":
            raise ModelMissingError(f"no model for {language}")
        return lambda text: text

    monkeypatch.setattr(pipelines.PipelineFactory, "pipeline", pipeline)
    monkeypatch.setattr("framelab.nlp.convert.doc_to_tables", lambda doc, aid: ("tok", "ent"))
    annotator = stanza_annotator(str(tmp_path))
    assert annotator.factory.models_dir == tmp_path.resolve()
    assert annotator("نص", "xx") == (None, None)  # no model: the rule path
    assert annotator("نص", "ar") == ("tok", "ent")
    annotator("نص آخر", "ar")
    assert asked == ["xx", "ar"]  # one pipeline per language
