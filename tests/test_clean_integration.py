"""The clean stage on the shared evaluation data: the seed (all bars) and small subsets of the
HTML and text-dump sets (looser bounds; the full numbers come from ``framelab evaluate clean``)."""

from __future__ import annotations

import functools
import json

import pandas as pd
import pytest
from shared_data import PROJECT_ROOT, need_shared

from framelab.clean import clean_articles, to_raw_span
from framelab.evaluate.clean import clean_gold_documents, score_documents
from framelab.project import stage_params

pytestmark = pytest.mark.shared


def _params() -> dict:
    return stage_params("clean", PROJECT_ROOT)


@functools.lru_cache(maxsize=4)
def _read(name: str) -> list[dict]:
    path = need_shared("eval", "clean", name)
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


@pytest.fixture(scope="module")
def seed_clean(seed_text):
    arts = pd.DataFrame(
        [
            {
                "article_id": "seed",
                "outlet": "Turan",
                "language": "ar",
                "raw": seed_text,
                "raw_format": "text",
                "source_path": "seed.txt",
            }
        ]
    )
    return clean_articles(arts, **_params())


def test_seed_removes_exactly_the_gold_chrome_lines(seed_clean, seed_gold, seed_text):
    gold_lines = {b["line"] for b in seed_gold["boilerplate_lines"]}
    assert len(gold_lines) == 8
    assert set(seed_clean.audit["line_no"]) == gold_lines  # all 8 removed, no content line removed
    text = seed_clean.clean.iloc[0]["text"]
    lines = seed_text.split("\n")
    headline = lines[2]
    assert text.startswith(headline)  # headline kept, first
    for no, line in enumerate(lines):
        if line.strip() and no not in gold_lines:
            assert line.strip().replace("ـ", "") in text


def test_seed_offsets_point_to_the_same_characters(seed_clean, seed_text):
    row = seed_clean.clean.iloc[0]
    text = row["text"]
    for c, r, n in zip(row["offset_clean"], row["offset_raw"], row["offset_len"], strict=True):
        assert text[c : c + n] == seed_text[r : r + n]
    quote = "السلام مفيدًا للمنطقة"
    start = text.index(quote)
    r0, r1 = to_raw_span(row, start, start + len(quote))
    assert seed_text[r0:r1] == quote


def test_seed_gold_file_scores():
    docs = _read("seed.jsonl")
    scores = score_documents(docs, clean_gold_documents(docs, _params()))
    assert scores["f1"] >= 0.99
    assert scores["with_rate"] == 1.0 and scores["without_rate"] == 1.0


def test_arabic_pages_snippets():
    docs = _read("arabic-pages.jsonl")
    scores = score_documents(docs, clean_gold_documents(docs, _params()))
    assert scores["with_rate"] == 1.0 and scores["without_rate"] == 1.0


def test_scrapinghub_subset():
    docs = _read("scrapinghub.jsonl")[:20]
    scores = score_documents(docs, clean_gold_documents(docs, _params()))
    assert scores["f1"] >= 0.96, scores


@pytest.mark.parametrize("language", ["en", "pl", "zh"])
def test_daniel_dumps_subset(language):
    docs = [d for d in _read("daniel-dumps-dev.jsonl") if d["language"] == language]
    outlets = sorted({d["outlet"] for d in docs})[:6]
    subset = [d for d in docs if d["outlet"] in outlets]
    scores = score_documents(subset, clean_gold_documents(subset, _params()))
    assert scores["f1"] >= 0.85, scores
