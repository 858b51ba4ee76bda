"""Parse path: speakers from a hand-written dependency parse (CoNLL-U -> tokens table)."""

from __future__ import annotations

import pandas as pd

from framelab.quotes import extract_quotes

TEXT = "Yesterday the tired old minister of finance said that taxes will rise."
# id form lemma upos xpos feats head deprel deps misc
ROWS = [
    (1, "Yesterday", "yesterday", "NOUN", 8, "obl:tmod"),
    (2, "the", "the", "DET", 5, "det"),
    (3, "tired", "tired", "ADJ", 5, "amod"),
    (4, "old", "old", "ADJ", 5, "amod"),
    (5, "minister", "minister", "NOUN", 8, "nsubj"),
    (6, "of", "of", "ADP", 7, "case"),
    (7, "finance", "finance", "NOUN", 5, "nmod"),
    (8, "said", "say", "VERB", 0, "root"),
    (9, "that", "that", "SCONJ", 12, "mark"),
    (10, "taxes", "tax", "NOUN", 12, "nsubj"),
    (11, "will", "will", "AUX", 12, "aux"),
    (12, "rise", "rise", "VERB", 8, "ccomp"),
    (13, ".", ".", "PUNCT", 8, "punct"),
]


def conllu() -> str:
    lines = [f"# text = {TEXT}"]
    pos = 0
    for wid, form, lemma, upos, head, rel in ROWS:
        start = TEXT.index(form, pos)
        pos = start + len(form)
        misc = f"start_char={start}|end_char={pos}"
        lines.append(f"{wid}\t{form}\t{lemma}\t{upos}\t_\t_\t{head}\t{rel}\t_\t{misc}")
    return "\n".join(lines) + "\n\n"


def tokens_table() -> pd.DataFrame:
    from stanza.utils.conll import CoNLL

    from framelab.nlp.convert import doc_to_tables

    doc = CoNLL.conll2doc(input_str=conllu())
    tokens, _ = doc_to_tables(doc, "a1")
    return tokens


def test_rule_path_alone_gets_a_shorter_subject() -> None:
    df = extract_quotes(TEXT, "en")
    row = df.iloc[0]
    assert row["method"] == "rules"
    assert pd.isna(row["speaker"]) or row["speaker"] != "the tired old minister of finance"


def test_parse_path_takes_the_subject_subtree() -> None:
    df = extract_quotes(TEXT, "en", tokens=tokens_table(), article_id="a1")
    assert len(df) == 1
    row = df.iloc[0]
    assert row["method"] == "parse"
    assert row["speaker"] == "the tired old minister of finance"
    assert row["text"] == "taxes will rise" and row["cue"] == "said"
    assert row["speaker_kind"] == "person"


def test_entities_give_names() -> None:
    text = "Smith said that taxes will rise. Later, John Smith left."
    entities = pd.DataFrame(
        [
            {
                "article_id": "a",
                "text": "John Smith",
                "type": "PER",
                "start_char": 40,
                "end_char": 50,
                "sentence": 1,
            }
        ]
    ).astype({"start_char": "Int64", "end_char": "Int64", "sentence": "Int64"})
    assert text[40:50] == "John Smith"
    df = extract_quotes(text, "en", entities=entities)
    assert df.iloc[0]["speaker_name"] == "John Smith"
