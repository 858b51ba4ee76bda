"""Bad input for the quotes stage: quotation marks that never close, a participle chain of twenty
clauses, an article of only quotes, cues at the very start or end, long texts without a full
stop; and a property test: every span lies inside the text, in order."""

from __future__ import annotations

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from framelab.quotes import extract_quotes
from framelab.quotes.lexicon import load_lexicon, load_marks
from framelab.quotes.text import MAX_SENTENCE_TOKENS, build_view

# invented fragments the generator combines (cues, marks, particles, punctuation)
PIECES = [
    "وقال الوزير",
    "إن",
    "أن",
    "مضيفا أن",
    "مشيرا إلى أن",
    "وأضاف",
    "بحسب مصادر",
    "وفقا للنتائج",
    "يذكر أن",
    "الحكومة",
    "سامي الحداد",
    "،",
    ".",
    ":",
    '"',
    "«",
    "»",
    "“",
    "”",
    "\n",
    "\n\n",
    "كما ذكرت الصحيفة",
    "ونقل موقع عن المندوب قوله",
    "المدينة",
    "الطريق سيفتح غدا",
    "said",
    "Ann Lee",
    "#",
    "بين",
    "على",
]


def spans_ok(df: pd.DataFrame, text: str) -> None:
    previous = -1
    for rec in df.to_dict("records"):
        assert 0 <= rec["start"] <= rec["end"] <= len(text)
        assert text[rec["start"] : rec["end"]] == rec["text"]
        assert rec["start"] >= previous  # in text order
        previous = rec["start"]
        for a, b in (("speaker_start", "speaker_end"), ("cue_start", "cue_end")):
            if rec[a] is not None and rec[a] is not pd.NA:
                assert 0 <= rec[a] <= rec[b] <= len(text)
                if b == "cue_end":
                    assert text[rec[a] : rec[b]] == rec["cue"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PIECES), max_size=60))
def test_every_span_inside_the_text_and_ordered(pieces: list[str]) -> None:
    text = " ".join(pieces)
    for language in ("ar", "en"):
        spans_ok(extract_quotes(text, language), text)


def test_quotation_marks_that_never_close() -> None:
    text = 'وقال الوزير: "الطريق سيفتح غدا «والجسر بعد أسبوع "ثم المطار\nوأضاف أن العمل مستمر.'
    df = extract_quotes(text, "ar")
    spans_ok(df, text)
    direct = df[df["type"] == "direct"]
    assert len(direct) >= 1 and "\n" not in direct.iloc[0]["text"]  # ends with its line
    assert (df["cue"] == "أضاف").any()


def test_participle_chain_of_twenty_clauses() -> None:
    chain = "، ".join(f"مضيفا أن المرحلة {n} انتهت" for n in range(20))
    text = f"وقال رئيس البلدية سامي الحداد إن العمل بدأ، {chain}."
    df = extract_quotes(text, "ar")
    spans_ok(df, text)
    assert len(df) == 21
    assert set(df["speaker_name"]) == {"سامي الحداد"}
    assert all("مضيفا" not in t for t in df["text"])  # each clause ends before the next cue


def test_article_of_only_quotes() -> None:
    text = "\n".join(f'"هذا نص مقتبس رقم {n} بلا قائل."' for n in range(50))
    df = extract_quotes(text, "ar")
    spans_ok(df, text)
    assert df.empty  # no cue and no speaker: not reported speech


def test_cue_at_the_very_start_and_end() -> None:
    for text in ("قال", "وقال الوزير", "إن الطريق مغلق قال", "بحسب", "الطريق مغلق، مضيفا"):
        for language in ("ar", "en"):
            spans_ok(extract_quotes(text, language), text)
    assert extract_quotes("قال", "ar").empty


def test_long_text_without_full_stop_is_cut_into_bounded_sentences() -> None:
    text = "وقال الوزير إن الطريق سيفتح غدا مضيفا أن الأعمال انتهت " * 400
    view = build_view(text, load_lexicon("ar"), load_marks())
    assert max(b - a for a, b in view.sentences) <= MAX_SENTENCE_TOKENS
    df = extract_quotes(text, "ar")
    spans_ok(df, text)
    assert len(df) >= 400
