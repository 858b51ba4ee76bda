"""``framelab evaluate clean``: the scrapinghub shingle scorer, snippet rates, JSON layout."""

from __future__ import annotations

import json

import pytest

from framelab.cli import main
from framelab.evaluate.clean import (
    METRIC_KEYS,
    macro_prf,
    shingle_matching,
    shingles,
    snippet_rates,
    tokenize,
)


def test_tokens_are_word_runs_not_whitespace_tokens():
    assert tokenize("Hello, world! It's 2024.") == ["Hello", "world", "It", "s", "2024"]
    assert tokenize("وقال: «السلام»") == ["وقال", "السلام"]


def test_shingles_of_short_and_empty_texts():
    assert shingles("a b c") == {("a", "b", "c"): 1}  # shorter than 4 tokens: one shingle
    assert shingles("") == {}
    assert sum(shingles("a b c d e").values()) == 2


def test_per_document_counts_are_normalised():
    gold = "one two three four five six"
    pred = "one two three four five seven"
    # gold shingles: (1234) (2345) (3456); pred: (1234) (2345) (2345'7) -> tp 2, fp 1, fn 1
    assert shingle_matching(gold, pred) == pytest.approx((0.5, 0.25, 0.25))
    assert shingle_matching(gold, "") == (0.0, 0.0, 1.0)
    assert shingle_matching("", "") == (0.0, 0.0, 0.0)


def test_macro_average_as_the_benchmark():
    per_doc = [(0.5, 0.25, 0.25), (1.0, 0.0, 0.0), (0.0, 0.0, 1.0)]
    m = macro_prf(per_doc)
    # precision over docs with tp+fp > 0: (2/3 + 1) / 2; recall over all three: (2/3 + 1 + 0) / 3
    assert m["precision"] == pytest.approx((2 / 3 + 1) / 2)
    assert m["recall"] == pytest.approx((2 / 3 + 1) / 3)
    p, r = m["precision"], m["recall"]
    assert m["f1"] == pytest.approx(2 * p * r / (p + r))


def test_snippet_rates():
    docs = [{"id": "a", "with": ["keep me", "and me"], "without": ["drop me"]}]
    assert snippet_rates(docs, {"a": "keep me ... drop me"}) == {
        "with_rate": 0.5,
        "without_rate": 0.0,
    }


def _gold_file(tmp_path):
    body = (
        "The minister said on Monday that the talks with the partners were useful and constructive."
    )
    docs = [
        {
            "id": "d1",
            "language": "en",
            "outlet": "x.com",
            "url": None,
            "format": "text",
            "raw": f"Home\nNews\n{body}\nLeave a Reply",
            "gold": body,
            "with": ["talks with the partners"],
            "without": ["Leave a Reply"],
        },
        {
            "id": "d2",
            "language": "de",
            "outlet": "y.de",
            "url": None,
            "format": "html",
            "raw": f"<html><body><nav>Startseite</nav><article><p>{body}</p><p>{body}</p></article></body></html>",
            "gold": f"{body}\n{body}",
            "with": [],
            "without": ["Startseite"],
        },
    ]
    path = tmp_path / "gold.jsonl"
    path.write_text("\n".join(json.dumps(d) for d in docs) + "\n", encoding="utf-8")
    return path


def test_cli_writes_json_per_file_and_language(tmp_path, capsys):
    gold = _gold_file(tmp_path)
    out = tmp_path / "scores.json"
    assert main(["evaluate", "clean", str(gold), "--json", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "overall" in printed and "with_rate" in printed
    result = json.loads(out.read_text(encoding="utf-8"))
    scores = result["files"][str(gold)]
    assert set(scores) == {"overall", "by_language"}
    assert set(scores["by_language"]) == {"en", "de"}
    for block in [scores["overall"], *scores["by_language"].values()]:
        assert set(block) == set(METRIC_KEYS)
    assert scores["overall"]["n"] == 2
    assert scores["by_language"]["en"]["f1"] == pytest.approx(1.0)
    assert scores["overall"]["without_rate"] == 1.0
    assert scores["by_language"]["de"]["with_rate"] is None  # no snippet to check


def test_cli_parameter_override(tmp_path):
    gold = _gold_file(tmp_path)
    out = tmp_path / "scores.json"
    assert main(["evaluate", "clean", str(gold), "--json", str(out), "--set", "rules=[]"]) == 0
    en = json.loads(out.read_text(encoding="utf-8"))["files"][str(gold)]["by_language"]["en"]
    assert en["without_rate"] == 0.0  # nothing removed from the dump without rules


def test_tokens_compare_presentation_forms_with_the_letters_they_stand_for() -> None:
    from framelab.evaluate.clean import tokenize

    letters = "قال الوزير إن الطريق مفتوح"
    forms = "".join(
        {"ق": "\ufed7", "ا": "\ufe8d", "ل": "\ufedd", "و": "\ufeed"}.get(ch, ch) for ch in letters
    )
    assert forms != letters
    assert tokenize(forms) == tokenize(letters)
    assert tokenize("Invented text, plain ASCII.") == ["Invented", "text", "plain", "ASCII"]
