"""TempEval-3 style scores of framelab.evaluate.dates on tiny hand-made gold."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from framelab.evaluate.common import evaluate_paths, format_table
from framelab.evaluate.dates import (
    METRIC_KEYS,
    Span,
    canonical_value,
    count,
    evaluate_file,
    match_pairs,
    score_documents,
)

EXPECTED_KEYS = [
    "relaxed_precision",
    "relaxed_recall",
    "relaxed_f1",
    "strict_f1",
    "value_f1",
    "type_accuracy",
    "n_gold",
    "n_pred",
]


def test_metric_keys_are_the_issue_keys_plus_the_canonical_value_f1() -> None:
    assert [k for k in METRIC_KEYS if k != "value_f1_canonical"] == EXPECTED_KEYS
    assert METRIC_KEYS.index("value_f1_canonical") == METRIC_KEYS.index("value_f1") + 1


@pytest.mark.parametrize(
    ("value", "canonical"),
    [
        ("2000-W7", "2000-W07"),
        ("2000-W7-WE", "2000-W07-WE"),
        ("1998-W08", "1998-W08"),
        ("198X", "198"),
        ("19XX", "19"),
        ("198", "198"),
        ("1949-XX", "1949-XX"),  # a month of 1949 is not the year 1949
        ("2000-01-05TNI", "2000-01-05TNI"),
        (" p2d ", "P2D"),
        (None, None),
    ],
)
def test_canonical_value_rewrites_notation_only(value, canonical) -> None:
    assert canonical_value(value) == canonical


def test_value_f1_is_exact_and_the_canonical_one_forgives_notation() -> None:
    gold = [
        Span(0, 9, "DATE", "2000-W7"),
        Span(20, 30, "DATE", "198X"),
        Span(40, 45, "DATE", "1949-XX"),
    ]
    pred = [
        Span(0, 9, "DATE", "2000-W07"),
        Span(20, 30, "DATE", "198"),
        Span(40, 45, "DATE", "1949"),
    ]
    c = count(gold, pred)
    assert (c.value, c.value_canonical) == (0, 2)
    assert c.scores()["value_f1"] == 0.0
    assert c.scores()["value_f1_canonical"] == pytest.approx(2 / 3)


def test_counts_relaxed_strict_value_and_type() -> None:
    gold = [
        Span(0, 10, "DATE", "2023-11-27"),
        Span(20, 30, "DURATION", "P2D"),
        Span(40, 45, "DATE", "2020"),
    ]
    pred = [
        Span(0, 10, "DATE", "2023-11-27"),  # exact, right value
        Span(22, 35, "DATE", "P2D"),  # overlap only, right value, wrong type
        Span(50, 55, "DATE", "2021"),
    ]  # spurious
    c = count(gold, pred)
    assert (c.n_gold, c.n_pred, c.relaxed, c.strict, c.value, c.type_ok) == (3, 3, 2, 1, 2, 1)
    scores = c.scores()
    assert scores["relaxed_precision"] == pytest.approx(2 / 3)
    assert scores["relaxed_recall"] == pytest.approx(2 / 3)
    assert scores["strict_f1"] == pytest.approx(1 / 3)
    assert scores["value_f1"] == pytest.approx(2 / 3)
    assert scores["type_accuracy"] == pytest.approx(0.5)


def test_pairs_are_one_to_one_by_largest_overlap() -> None:
    gold = [Span(0, 20, "DATE", "x")]
    pred = [Span(0, 5, "DATE", "y"), Span(3, 20, "DATE", "x")]
    assert match_pairs(gold, pred) == [(gold[0], pred[1])]
    assert count(gold, pred).relaxed == 1


def test_empty_gold_and_prediction() -> None:
    scores = count([], []).scores()
    assert scores["relaxed_f1"] == 1.0 and scores["type_accuracy"] is None


def test_scopes_by_language_type_and_published() -> None:
    docs = [
        {
            "language": "en",
            "published": "2023-11-28",
            "timexes": [{"start": 0, "end": 6, "type": "DATE", "value": "2023-11-27"}],
        },
        {
            "language": "ar",
            "published": None,
            "timexes": [{"start": 0, "end": 3, "type": "DATE", "value": "2023-11-27"}],
        },
    ]
    preds = [[Span(0, 6, "DATE", "2023-11-27")], []]
    result = score_documents(docs, preds)
    assert result["overall"]["relaxed_recall"] == 0.5
    assert result["by_language"]["en"]["value_f1"] == 1.0
    assert result["by_language"]["ar"]["relaxed_f1"] == 0.0
    assert set(result["by_published"]) == {"set", "null"}
    assert list(result["by_language"]["en"]) == METRIC_KEYS


def test_evaluate_file_with_framelab_backend(tmp_path: Path) -> None:
    text = "He spoke on Monday and will return in two weeks. Meanwhile prices rose."
    doc = {
        "id": "t1",
        "language": "en",
        "published": "2023-11-28",
        "text": text,
        "timexes": [
            {"start": 12, "end": 18, "type": "DATE", "value": "2023-11-27"},
            {"start": 38, "end": 47, "type": "DURATION", "value": "P2W"},
        ],
    }
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps(doc) + "\n", encoding="utf-8")
    result = evaluate_paths(
        "dates", [str(gold)], argparse.Namespace(backend="framelab", lexicon=None)
    )
    scores = result["files"][str(gold)]["overall"]
    assert scores["relaxed_recall"] == 1.0 and scores["value_f1"] == 1.0
    assert "relaxed_f1" in format_table(result, METRIC_KEYS)


def test_documents_without_timexes_field_are_skipped(tmp_path: Path) -> None:
    gold = tmp_path / "quotes_only.jsonl"
    gold.write_text(
        json.dumps({"id": "q", "language": "en", "text": "Monday", "quotes": []}) + "\n"
    )
    result = evaluate_file(str(gold), argparse.Namespace(backend="framelab", lexicon=None))
    assert result["overall"]["n_gold"] == 0 and result["overall"]["n_pred"] == 0


def test_by_type_scores_follow_the_gold_type() -> None:
    from framelab.evaluate.dates import count_by_gold_type

    gold = [Span(0, 5, "DURATION", "P2D"), Span(10, 15, "DATE", "2020")]
    pred = [Span(0, 5, "DATE", "P2D"), Span(20, 25, "SET", "P1D")]
    by_type = count_by_gold_type(gold, pred)
    assert by_type["DURATION"].relaxed == 1 and by_type["DURATION"].type_ok == 0
    assert by_type["DATE"].n_gold == 1 and by_type["DATE"].relaxed == 0
    assert by_type["SET"].n_pred == 1 and by_type["SET"].n_gold == 0
