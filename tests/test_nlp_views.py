"""Notebook summaries of the annotate tables (hand-written tables, no model)."""

from __future__ import annotations

import pandas as pd

from framelab.io import PartWriter
from framelab.nlp import TOKENS_SCHEMA, views


def _tokens(rows):
    cols = [
        "article_id",
        "sentence",
        "token",
        "word",
        "text",
        "upos",
        "head",
        "deprel",
        "ner",
        "start_char",
        "end_char",
    ]
    return pd.DataFrame(rows, columns=cols)


def _write_parts(folder, frames):
    writer = PartWriter(folder, TOKENS_SCHEMA)
    for frame in frames:
        writer.write(frame)
    writer.close()


TOKENS = _tokens(
    [
        ("a", 0, 1, 1, "و", "CCONJ", 2, "cc", "O", 0, 4),
        ("a", 0, 1, 2, "قال", "VERB", 0, "root", "O", 0, 4),
        ("a", 0, 2, 3, "ميللر", "PROPN", 2, "nsubj", "S-PER", 5, 10),
        ("a", 1, 1, 1, "نعم", "INTJ", 0, "root", "O", 12, 15),
        ("b", 0, 1, 1, "Blinken", "PROPN", 2, "nsubj", "S-PER", 0, 7),
        ("b", 0, 2, 2, "spoke", "VERB", 0, "root", "O", 8, 13),
    ]
)


def test_sentence_lengths_over_parts(tmp_path):
    _write_parts(
        tmp_path / "tokens", [TOKENS[TOKENS.article_id == "a"], TOKENS[TOKENS.article_id == "b"]]
    )
    lengths = views.sentence_lengths(tmp_path / "tokens")
    assert sorted(lengths.tolist()) == [1, 2, 3]
    table = views.sentence_length_table(lengths)
    assert list(table.columns) == ["length_bin", "sentences"]
    assert table.set_index("length_bin")["sentences"].to_dict()["1-5"] == 3
    assert table["sentences"].sum() == 3


def test_empty_tokens_give_zero_bins(tmp_path):
    _write_parts(tmp_path / "tokens", [])
    lengths = views.sentence_lengths(tmp_path / "tokens")
    assert lengths.empty
    assert views.sentence_length_table(lengths)["sentences"].sum() == 0
    assert views.example_sentence(tmp_path / "tokens").empty


def test_status_by_language_and_reasons():
    status = pd.DataFrame(
        {
            "article_id": ["a", "b", "c", "d"],
            "language": ["ar", "ar", "en", None],
            "status": ["annotated", "cached", "skipped", "skipped"],
            "reason": [None, None, "model_missing: x", "no_language"],
        }
    )
    table = views.status_by_language(status)
    assert table.loc["ar", "annotated"] == 1 and table.loc["ar", "cached"] == 1
    assert table.loc["unknown", "skipped"] == 1 and table["total"].sum() == 4
    reasons = views.skip_reasons(status)
    assert set(reasons["reason"]) == {"model_missing: x", "no_language"}


def test_top_entities_by_outlet():
    entities = pd.DataFrame(
        {
            "article_id": ["a", "a", "b", "c"],
            "text": ["ميللر", "ميللر", "Blinken", "Blinken"],
            "type": ["PER"] * 4,
            "start_char": [0, 5, 0, 0],
            "end_char": [5, 10, 7, 7],
            "sentence": [0, 1, 0, 0],
        }
    )
    articles = pd.DataFrame(
        {"article_id": ["a", "b", "c"], "outlet": ["Turan", "Reuters", "Reuters"]}
    )
    top = views.top_entities_by_group(entities, articles, "outlet", n=5)
    rows = {(r.outlet, r.text): (r.mentions, r.articles) for r in top.itertuples()}
    assert rows == {("Turan", "ميللر"): (2, 1), ("Reuters", "Blinken"): (2, 2)}


def test_example_sentence_prefers_one_with_an_entity(tmp_path):
    _write_parts(tmp_path / "tokens", [TOKENS])
    example = views.example_sentence(tmp_path / "tokens")
    assert example["text"].tolist() == ["و", "قال", "ميللر"]
    assert example["head_text"].tolist() == ["قال", "ROOT", "قال"]
    html = views.sentence_html(example, "وقال ميللر")
    assert "ميللر" in html and "PER" in html and "dir='auto'" in html
