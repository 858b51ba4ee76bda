"""Conversion of Stanza documents to the tokens/entities tables, on hand-written CoNLL-U (no model)."""

from __future__ import annotations

import pandas as pd
import pytest
from stanza.utils.conll import CoNLL

from framelab.nlp import (
    ENTITIES_SCHEMA,
    TOKENS_SCHEMA,
    decode_bioes,
    doc_to_tables,
    entities_from_tokens,
)

# Arabic with clitics: "وقال" = و + قال, "للمنطقة" = ل + لمنطقة; a two-token person name.
ARABIC = """# text = وقال ماثيو ميللر إن السلام مفيد للمنطقة.
1-2\tوقال\t_\t_\t_\t_\t_\t_\t_\tner=O
1\tو\tوَ\tCCONJ\tC---------\t_\t2\tcc\t_\t_
2\tقال\tقَال\tVERB\tVP-A-3MS--\tAspect=Perf|Voice=Act\t0\troot\t_\t_
3\tماثيو\tماثيو\tPROPN\tX---------\t_\t2\tnsubj\t_\tner=B-PER
4\tميللر\tميللر\tPROPN\tX---------\t_\t3\tflat\t_\tner=E-PER
5\tإن\tإِنَّ\tSCONJ\tC---------\t_\t7\tmark\t_\tner=O
6\tالسلام\tسَلَام\tNOUN\tN---------\tCase=Nom\t7\tnsubj\t_\tner=O
7\tمفيد\tمُفِيد\tADJ\tA---------\t_\t2\tccomp\t_\tner=O
8-9\tللمنطقة\t_\t_\t_\t_\t_\t_\t_\tner=S-LOC|SpaceAfter=No
8\tل\tلِ\tADP\tP---------\t_\t9\tcase\t_\t_
9\tالمنطقة\tمِنطَقَة\tNOUN\tN---------\tCase=Gen\t7\tobl\t_\t_
10\t.\t.\tPUNCT\tG---------\t_\t2\tpunct\t_\tner=O

"""

# English, two sentences; "Armenia's" is a multi-word token; a three-token organisation.
ENGLISH = """# text = Blinken met the European Union envoy.
1\tBlinken\tBlinken\tPROPN\tNNP\tNumber=Sing\t2\tnsubj\t_\tner=S-PER
2\tmet\tmeet\tVERB\tVBD\tTense=Past\t0\troot\t_\tner=O
3\tthe\tthe\tDET\tDT\t_\t6\tdet\t_\tner=O
4\tEuropean\tEuropean\tADJ\tJJ\t_\t5\tamod\t_\tner=B-ORG
5\tUnion\tUnion\tPROPN\tNNP\t_\t6\tcompound\t_\tner=E-ORG
6\tenvoy\tenvoy\tNOUN\tNN\t_\t2\tobj\t_\tner=O|SpaceAfter=No
7\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\tner=O

# text = Armenia's border is calm.
1-2\tArmenia's\t_\t_\t_\t_\t_\t_\t_\tner=S-LOC
1\tArmenia\tArmenia\tPROPN\tNNP\t_\t3\tnmod:poss\t_\t_
2\t's\t's\tPART\tPOS\t_\t1\tcase\t_\t_
3\tborder\tborder\tNOUN\tNN\t_\t5\tnsubj\t_\tner=O
4\tis\tbe\tAUX\tVBZ\t_\t5\tcop\t_\tner=O
5\tcalm\tcalm\tADJ\tJJ\t_\t0\troot\t_\tner=O|SpaceAfter=No
6\t.\t.\tPUNCT\t.\t_\t5\tpunct\t_\tner=O

"""


def _doc(conllu: str):
    return CoNLL.conll2doc(input_str=conllu, reconstruct_text=True)


def test_arabic_clitics_share_their_token_span_and_tag():
    doc = _doc(ARABIC)
    tokens, entities = doc_to_tables(doc, "ar-1")
    assert list(tokens.columns) == list(TOKENS_SCHEMA)
    assert dict(tokens.dtypes.astype(str)) == TOKENS_SCHEMA
    first = tokens[tokens["token"] == 1]
    assert first["text"].tolist() == ["و", "قال"]
    assert first["word"].tolist() == [1, 2]
    assert first["start_char"].nunique() == 1 and first["end_char"].nunique() == 1
    start, end = int(first["start_char"].iloc[0]), int(first["end_char"].iloc[0])
    assert doc.text[start:end] == "وقال"
    li = tokens[tokens["text"] == "ل"].iloc[0]
    assert doc.text[li["start_char"] : li["end_char"]] == "للمنطقة"
    assert tokens.loc[tokens["text"] == "قال", "head"].iloc[0] == 0
    assert tokens.loc[tokens["text"] == "قال", "feats"].iloc[0] == "Aspect=Perf|Voice=Act"
    assert entities[["text", "type"]].values.tolist() == [
        ["ماثيو ميللر", "PER"],
        ["للمنطقة", "LOC"],
    ]


def test_every_token_offset_points_at_its_text():
    for conllu in (ARABIC, ENGLISH):
        doc = _doc(conllu)
        tokens, _ = doc_to_tables(doc, "x")
        spans = tokens.drop_duplicates(["sentence", "token"])
        surface = [t.text for s in doc.sentences for t in s.tokens]
        assert [
            doc.text[s:e] for s, e in zip(spans["start_char"], spans["end_char"], strict=True)
        ] == surface


def test_offsets_and_sentences_shift_for_a_chunk():
    doc = _doc(ENGLISH)
    plain, _ = doc_to_tables(doc, "en-1")
    shifted, entities = doc_to_tables(doc, "en-1", char_offset=1000, sentence_offset=7)
    assert (shifted["start_char"] - plain["start_char"]).eq(1000).all()
    assert sorted(shifted["sentence"].unique()) == [7, 8]
    assert entities["start_char"].min() >= 1000
    # the entity text still comes from the chunk's own text
    assert entities["text"].tolist() == ["Blinken", "European Union", "Armenia's"]
    assert entities["sentence"].tolist() == [7, 7, 8]


def test_multiword_token_words_in_english():
    tokens, _ = doc_to_tables(_doc(ENGLISH), "en-1")
    mwt = tokens[(tokens["sentence"] == 1) & (tokens["token"] == 1)]
    assert mwt["text"].tolist() == ["Armenia", "'s"] and mwt["ner"].tolist() == ["S-LOC", "S-LOC"]
    assert mwt["word"].tolist() == [1, 2]
    assert tokens[tokens["sentence"] == 1]["token"].tolist() == [1, 1, 2, 3, 4, 5]


def test_doc_without_text_or_offsets_still_converts():
    doc = CoNLL.conll2doc(input_str=ENGLISH)  # no reconstructed text: no offsets
    tokens, entities = doc_to_tables(doc, "en-2")
    assert tokens["start_char"].isna().all()
    assert entities["text"].tolist() == ["Blinken", "European Union", "Armenia's"]
    assert entities["start_char"].isna().all()


def test_empty_document_gives_empty_tables_with_schema():
    from stanza.models.common.doc import Document

    tokens, entities = doc_to_tables(Document([], text=""), "empty")
    assert tokens.empty and entities.empty
    assert dict(tokens.dtypes.astype(str)) == TOKENS_SCHEMA
    assert dict(entities.dtypes.astype(str)) == ENTITIES_SCHEMA


@pytest.mark.parametrize(
    ("tags", "spans"),
    [
        (["O", "S-PER", "O"], [(1, 1, "PER")]),
        (["B-ORG", "I-ORG", "E-ORG"], [(0, 2, "ORG")]),
        (["B-LOC", "E-LOC", "S-LOC"], [(0, 1, "LOC"), (2, 2, "LOC")]),
        (["B-PER", "I-PER"], [(0, 1, "PER")]),  # BIO-style, no E-: closes at the end
        (["I-PER", "E-PER", "O"], [(0, 1, "PER")]),  # starts without B-
        (["B-PER", "E-LOC"], [(0, 0, "PER"), (1, 1, "LOC")]),  # type change
        (["B-GPE", "O", "E-GPE"], [(0, 0, "GPE"), (2, 2, "GPE")]),
        ([None, "O"], []),
    ],
)
def test_decode_bioes(tags, spans):
    assert decode_bioes(tags) == spans


def test_entities_from_tokens_uses_the_clean_text():
    doc = _doc(ARABIC)
    tokens, _ = doc_to_tables(doc, "ar-1")
    clean_text = doc.text
    entities = entities_from_tokens(tokens, clean_text)
    for row in entities.itertuples():
        assert clean_text[row.start_char : row.end_char] == row.text
    # entities never cross sentences
    two = pd.concat([tokens, tokens.assign(sentence=1, ner=["O"] * (len(tokens) - 1) + ["B-PER"])])
    assert len(entities_from_tokens(two, None)) == len(entities) + 1
