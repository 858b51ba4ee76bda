"""Regression tests for colon introductions followed by another report,
languages without a cue lexicon, and non-string text."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from framelab.cli import main
from framelab.io import REJECTS_SCHEMA
from framelab.quotes import available_languages, extract_quotes, run_quotes
from framelab.quotes.extract import article_problem, quote_records

# --------------------------------------------------------------------------- colon introductions

COLON_THEN_NEXT_REPORT = [
    (
        "ar",
        "قال وزير الخارجية: «المحادثات بناءة جدا». وأضاف أن الوضع جيد.",
        "المحادثات بناءة جدا",
        "قال",
        "وزير الخارجية",
    ),
    (
        "en",
        'The minister said: "The talks were constructive." He added that all was well.',
        "The talks were constructive.",
        "said",
        "The minister",
    ),
    (
        "en",
        'The minister said: "The talks were constructive". He added that all was well.',
        "The talks were constructive",
        "said",
        "The minister",
    ),
    (
        "de",
        "Der Minister sagte: „Die Gespräche waren konstruktiv.“ "
        "Er fügte hinzu, dass alles gut sei.",
        "Die Gespräche waren konstruktiv.",
        "sagte",
        "Minister",
    ),
    (
        "fr",
        "Le ministre a déclaré : « Les discussions ont été constructives. » "
        "Il a ajouté que tout allait bien.",
        "Les discussions ont été constructives.",
        "déclaré",
        "Le ministre",
    ),
    (
        "ru",
        "Министр заявил: «Переговоры были конструктивными». Он добавил, что всё хорошо.",
        "Переговоры были конструктивными",
        "заявил",
        "Министр",
    ),
]


@pytest.mark.parametrize(("lang", "text", "quote", "cue", "speaker"), COLON_THEN_NEXT_REPORT)
def test_colon_introduction_beats_cue_of_next_sentence(
    lang: str, text: str, quote: str, cue: str, speaker: str
) -> None:
    df = extract_quotes(text, lang)
    direct = df[df["type"] == "direct"]
    assert len(direct) == 1, df[["type", "text", "speaker", "cue"]]
    row = direct.iloc[0]
    assert (row["text"], row["cue"]) == (quote, cue)
    assert speaker in row["speaker"] and speaker in text[row["speaker_start"] : row["speaker_end"]]
    # the next sentence stays a report of its own, with its own cue
    later = df[df["start"] > row["end"]]
    assert len(later) == 1 and later.iloc[0]["cue"] != cue


def test_colon_introduction_in_previous_paragraph_beats_next_sentence_cue() -> None:
    text = 'The minister said:\n\n"The talks were constructive." He added that all was well.'
    df = extract_quotes(text, "en")
    row = df[df["type"] == "direct"].iloc[0]
    assert (row["cue"], row["speaker"]) == ("said", "The minister")


def test_tail_attribution_without_introduction_is_kept() -> None:
    text = '"The talks were constructive," he said. He added that all was well.'
    df = extract_quotes(text, "en")
    row = df[df["type"] == "direct"].iloc[0]
    assert (row["cue"], row["speaker"]) == ("said", "he")
    question = extract_quotes('The minister said: "Why not?" she asked.', "en")
    assert question[question["type"] == "direct"].iloc[0]["cue"] == "asked"


# --------------------------------------------------------------------------- run_quotes rejects


def _clean(rows: list[tuple[str, object, object]]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "article_id": [r[0] for r in rows],
            "language": pd.Series([r[1] for r in rows], dtype=object),
            "text": pd.Series([r[2] for r in rows], dtype=object),
            "source_path": [f"{r[0]}.txt" for r in rows],
        }
    )


def test_languages_without_lexicon_are_rejected_with_one_warning(caplog) -> None:
    clean = _clean(
        [
            ("en1", "en", "“Yes, we can,” Ann Lee said."),
            ("es1", "es", "“Sí,” dijo Ana López."),
            ("es2", "es", "“No,” dijo Ana López."),
            ("zz1", "zz", "Some text."),
            ("none", None, "Some text."),
            ("gb", "en-GB", "“Yes,” Ann Lee said."),
        ]
    )
    with caplog.at_level("WARNING", logger="framelab.quotes.extract"):
        result = run_quotes(clean)
    assert (result.n_articles, result.n_processed, len(result.rejects)) == (6, 2, 4)
    assert list(result.rejects.columns) == list(REJECTS_SCHEMA)
    rejects = result.rejects.set_index("article_id")
    assert set(rejects.index) == {"es1", "es2", "zz1", "none"}
    assert set(rejects["reason"]) == {"language"}
    assert set(rejects["stage"]) == {"quotes"}
    available = ", ".join(available_languages())
    assert rejects.loc["es1", "detail"] == (
        f"no cue lexicon for language 'es' (available: {available})"
    )
    assert "'zz'" in rejects.loc["zz1", "detail"] and "None" in rejects.loc["none", "detail"]
    assert set(result.quotes["article_id"]) == {"en1", "gb"}
    es_warnings = [r for r in caplog.records if "'es'" in r.getMessage()]
    assert len(es_warnings) == 1 and "\n" not in es_warnings[0].getMessage()


def test_user_lexicon_folder_adds_a_language(tmp_path: Path) -> None:
    (tmp_path / "cues_es.yaml").write_text(
        "word_order: subject_first\ncues:\n  neutral: [dijo]\n", encoding="utf-8"
    )
    assert article_problem("texto", "es", str(tmp_path)) is None
    assert article_problem("texto", "es", None)[0] == "language"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        (5, "bad_text"),
        (["a"], "bad_text"),
        (None, "empty"),
        (float("nan"), "empty"),
        ("  ", "empty"),
    ],
)
def test_run_quotes_rejects_bad_or_empty_text(text: object, reason: str) -> None:
    clean = _clean([("ok", "en", "“Yes,” Ann Lee said."), ("bad", "en", text)])
    result = run_quotes(clean)
    assert (result.n_articles, result.n_processed) == (2, 1)
    reject = result.rejects.iloc[0]
    assert (reject["article_id"], reject["reason"], reject["source_path"]) == (
        "bad",
        reason,
        "bad.txt",
    )
    if reason == "bad_text":
        assert reject["detail"].startswith("text must be a string")
    assert result.quotes.attrs["failed_articles"] == ["bad"]


def test_quote_records_names_a_non_string_text() -> None:
    with pytest.raises(TypeError, match="text must be a string, got int"):
        quote_records(5, "en")  # type: ignore[arg-type]


# --------------------------------------------------------------------------- CLI


def test_cli_skips_bad_documents_with_one_line_messages(tmp_path: Path, capsys) -> None:
    docs = [
        {"id": "a", "language": "en", "text": "“Yes, we can,” Ann Lee said."},
        {"id": "d", "language": "en", "text": 5},
        {"id": "e1", "language": "es", "text": "“Sí,” dijo Ana."},
        {"id": "e2", "language": "es", "text": "“No,” dijo Ana."},
        {"id": "m", "text": "no language"},
    ]
    src, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    src.write_text("".join(json.dumps(d) + "\n" for d in docs), encoding="utf-8")
    assert main(["quotes", str(src), "-o", str(out)]) == 0
    captured = capsys.readouterr()
    written = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [d["id"] for d in written] == ["a"] and len(written[0]["quotes"]) == 1
    warnings = [line for line in captured.err.splitlines() if line.startswith("warning:")]
    assert any("(id 'd')" in w and "text must be a string" in w and str(src) in w for w in warnings)
    assert sum("'es'" in w for w in warnings) == 1  # once per language
    assert any("(id 'm')" in w and "no cue lexicon" in w for w in warnings)
    assert "1 documents, 1 quotes" in captured.out
    assert "4 documents skipped (1 bad_text, 3 language)" in captured.out
    assert "no cue lexicon: es 2, missing 1" in captured.out
