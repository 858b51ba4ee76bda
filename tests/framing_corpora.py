"""Tiny hand-made corpora for the framing stage and the report (invented texts, en and ar).

``make_corpus(outlets)`` builds the three upstream tables (clean, quotes, timexes) with one
article per entry of ``outlets`` (``None`` = no outlet): each article has a few sentences with
frame cues, one or two quotes with exact offsets, and dated expressions. The named corpora below
are the edge cases the statistics and the report must survive.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd

from framelab.framing.inputs import CLEAN_COLUMNS as FRAMING_CLEAN_COLUMNS

HOSTILE_OUTLETS = [
    r"$\undefinedmacro$",
    "<script>alert('x')</script>",
    "Price $5 & <b>bold</b>",
    "صحيفة الخليج",
]

SENTENCES = {
    "en": [
        "The economy suffered as trade and investment fell.",
        "Police said the attack was a crime and the court will rule.",
        "Lawmakers debated the budget and the new tax.",
        "Doctors warned that the health of patients is at risk.",
    ],
    "ar": [
        "تراجع الاقتصاد بسبب ضعف التجارة والاستثمار.",
        "قالت الشرطة إن الهجوم جريمة وستحكم المحكمة.",
        "ناقش البرلمان الميزانية والضريبة الجديدة.",
    ],
}
QUOTES = {
    "en": [("The minister", "the talks will continue next week", "said", "neutral")],
    "ar": [("وزير الخارجية", "إن المحادثات ستستمر الأسبوع المقبل", "قال", "neutral")],
}
CLEAN_COLUMNS = list(FRAMING_CLEAN_COLUMNS)  # what the framing stage reads of the clean table
TIMEX_VALUES = ["2023-11-20", "2023-11", "2021", "2024-02-01", "PAST_REF"]


def make_corpus(
    outlets: list[str | None], *, seed: int = 0, meta: list[dict] | None = None
) -> dict[str, pd.DataFrame]:
    """clean, quotes and timexes tables: one article per entry of ``outlets``."""
    rng = np.random.default_rng(seed)
    clean_rows, quote_rows, timex_rows = [], [], []
    for i, outlet in enumerate(outlets):
        language = "ar" if i % 4 == 3 else "en"
        article_id = f"art-{i:04d}"
        sentences = list(rng.choice(SENTENCES[language], size=int(rng.integers(1, 4))))
        speaker, quote, cue, cue_class = QUOTES[language][0]
        quoted_sentence = (
            f"{speaker} {cue} {quote}." if language == "en" else f"{cue} {speaker} {quote}."
        )
        with_quote = rng.random() < 0.7
        if with_quote:
            sentences.insert(int(rng.integers(0, len(sentences) + 1)), quoted_sentence)
        text = " ".join(sentences)
        if with_quote:
            start = text.index(quote)
            quote_rows.append(
                {
                    "article_id": article_id,
                    "quote_id": f"{article_id}:q1",
                    "type": "indirect",
                    "start": start,
                    "end": start + len(quote),
                    "text": quote,
                    "speaker": speaker,
                    "speaker_name": None,
                    "speaker_kind": "role",
                    "cue": cue,
                    "cue_lemma": cue,
                    "cue_class": cue_class,
                    "language": language,
                }
            )
        for value in rng.choice(TIMEX_VALUES, size=int(rng.integers(0, 3)), replace=False):
            timex_rows.append(
                {
                    "article_id": article_id,
                    "start": 0,
                    "end": 1,
                    "text": text[:1],
                    "type": "DATE",
                    "value": str(value),
                    "granularity": "day",
                    "anchored": True,
                }
            )
        clean_rows.append(
            {
                "article_id": article_id,
                "outlet": outlet,
                "language": language,
                "published": "2023-11-28",
                "title": f"Title {i} <i>{outlet}</i>",
                "text": text,
                "meta": json.dumps(meta[i] if meta else {"outlet_label": outlet}),
                "n_words": len(text.split()),
                "is_duplicate": False,
            }
        )
    quote_columns = [
        "article_id",
        "quote_id",
        "type",
        "start",
        "end",
        "text",
        "speaker",
        "speaker_name",
        "speaker_kind",
        "cue",
        "cue_lemma",
        "cue_class",
        "language",
    ]
    timex_columns = ["article_id", "start", "end", "text", "type", "value", "granularity"]
    return {
        "clean": pd.DataFrame(clean_rows, columns=CLEAN_COLUMNS),
        "quotes": pd.DataFrame(quote_rows, columns=quote_columns),
        "timexes": pd.DataFrame(timex_rows, columns=[*timex_columns, "anchored"]),
    }


def corpus_outlets(name: str) -> list[str | None]:
    """The outlets (one per article) of the named edge-case corpus."""
    rng = np.random.default_rng(7)
    if name == "empty":
        return []
    if name == "one_article":
        return ["Lone Gazette"]
    if name in ("one_outlet", "one_group"):  # one_group: distinct outlets, one value of "desk"
        return ["Only Outlet"] * 12 if name == "one_outlet" else [f"outlet {i}" for i in range(12)]
    if name == "many_small_groups":  # 300 groups of 1-3 articles
        sizes = rng.integers(1, 4, size=300)
        return [f"outlet {g:03d}" for g, size in enumerate(sizes) for _ in range(size)]
    if name == "missing_group":
        return ["North Post", None, "South Times", "", "North Post", None, "South Times"] * 3
    if name == "hostile_names":
        return [HOSTILE_OUTLETS[i % len(HOSTILE_OUTLETS)] for i in range(16)] + [None, None]
    raise KeyError(name)


# name -> group_by
CORPORA = {
    "empty": "outlet",
    "one_article": "outlet",
    "one_outlet": "outlet",
    "one_group": "desk",
    "many_small_groups": "outlet",
    "missing_group": "outlet",
    "hostile_names": "outlet",
}


def named_corpus(name: str) -> dict[str, pd.DataFrame]:
    outlets = corpus_outlets(name)
    return make_corpus(outlets, meta=[{"desk": "world"} for _ in outlets])


def write_corpus(tables: dict[str, pd.DataFrame], folder: Path) -> dict[str, Path]:
    """The tables as the upstream stages write them (``data/processed`` layout under folder)."""
    processed = folder / "data" / "processed"
    processed.mkdir(parents=True, exist_ok=True)
    paths = {name: processed / f"{name}.parquet" for name in ("clean", "quotes", "timexes")}
    for name, path in paths.items():
        tables[name].to_parquet(path, index=False)
    paths["tokens"] = processed / "tokens"
    paths["tokens"].mkdir(exist_ok=True)
    return paths
