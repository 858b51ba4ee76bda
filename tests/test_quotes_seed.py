"""Acceptance test on the seed article (rule path, no models): the issue's quality bars."""

from __future__ import annotations

import argparse

from shared_data import need_shared

from framelab.evaluate.quotes import evaluate_file


def test_seed_quotes_meet_the_bars() -> None:
    path = need_shared("seed", "gold.jsonl")
    result = evaluate_file(str(path), argparse.Namespace(models_dir=None, speech_only=False))
    overall = result["overall"]
    assert overall["n_gold"] == 20
    assert overall["f1@0.3"] >= 0.95
    assert overall["speaker_accuracy"] >= 0.9


def test_seed_canonical_speakers(seed_gold: dict) -> None:
    from framelab.quotes import extract_quotes

    df = extract_quotes(seed_gold["text"], "ar", article_id="seed")
    names = set(df["speaker_name"].dropna())
    assert {"ماثيو ميللر", "جيمس أوبراين", "أنتوني بلينكن"} <= names
    assert "ميلر" not in names  # the variant spelling resolves to the full name
    dash = df[df["cue_start"] == seed_gold["quotes"][4]["cue_start"]]
    assert len(dash) == 1 and dash.iloc[0]["type"] == "direct"
    assert set(df["method"]) == {"rules"}
