"""The chrome-left report: what outlets still repeat after cleaning (hand-written snippets)."""

from __future__ import annotations

import pandas as pd

from framelab.evaluate.chrome import (
    RATE_COLUMNS,
    REPEAT_COLUMNS,
    pattern_rates,
    repeated_paragraphs,
    repeated_phrases,
)

NOTICE = "Readers may share this page with friends and family at no cost whatsoever today"


def _clean(rows: list[tuple[str, str]], duplicates: set[int] = frozenset()) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "outlet": [o for o, _ in rows],
            "text": [t for _, t in rows],
            "is_duplicate": [i in duplicates for i in range(len(rows))],
        }
    )


PLACES = ["harbour", "bridge", "valley", "island", "market", "library", "museum", "railway"]
SEASONS = ["spring", "summer", "autumn", "winter", "monsoon", "harvest"]


def _body(i: int) -> str:
    place, other = PLACES[i % 8], PLACES[(i * 3 + 1) % 8]
    season = SEASONS[i % 6]
    return f"The {place} story tells of the {other} in {season} and of {SEASONS[(i + 2) % 6]} {i}."


def test_repeated_paragraphs_and_phrases_per_outlet():
    rows = [("A", f"{_body(i)}\n\n{NOTICE}") for i in range(6)]
    rows += [("A", f"{_body(i)} And then {NOTICE.lower()}, she said.") for i in range(6, 9)]
    rows += [("B", _body(i)) for i in range(9, 12)]
    clean = _clean(rows)
    paragraphs = repeated_paragraphs(clean, min_docs=3, min_share=0.1)
    assert list(paragraphs.columns) == REPEAT_COLUMNS
    assert paragraphs.iloc[0]["text"] == NOTICE.casefold() and paragraphs.iloc[0]["articles"] == 6
    assert set(paragraphs["outlet"]) == {"A"}
    phrases = repeated_phrases(clean, ngram=6, min_docs=3, min_share=0.1)
    top = phrases.iloc[0]
    assert top["outlet"] == "A" and NOTICE.casefold() in top["text"] and top["articles"] >= 6


def test_duplicates_are_left_out_and_rates_count_articles():
    rows = [("A", f"{_body(0)}\n\n{NOTICE}")] * 4 + [("A", _body(1))]
    clean = _clean(rows, duplicates={1, 2, 3})
    assert repeated_paragraphs(clean, min_docs=2, min_share=0.0).empty
    rates = pattern_rates(clean, {"notice": ("^A$", "share this page")})
    assert list(rates.columns) == RATE_COLUMNS
    assert rates.iloc[0][["n_articles", "articles"]].tolist() == [5, 4]
