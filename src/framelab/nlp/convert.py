"""Stanza documents -> framelab's tokens and entities tables.

Works on any ``stanza.Document``: one produced by a pipeline, or one read from CoNLL-U with
``stanza.utils.conll.CoNLL.conll2doc`` (tests of downstream logic need no model). Offsets are
shifted by ``char_offset`` so that a document made from a chunk of an article indexes the article's
clean text; sentence numbers are shifted by ``sentence_offset`` for the same reason.

The stage works on plain column lists (:func:`doc_columns`, :func:`entity_spans`), which are cheap
next to Stanza; :func:`doc_to_tables` and :func:`entities_from_tokens` give the same as DataFrames.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import pandas as pd

from ..io import conform, empty_frame
from .schemas import ENTITIES_SCHEMA, TOKENS_SCHEMA

if TYPE_CHECKING:  # pragma: no cover
    from stanza.models.common.doc import Document

TOKEN_COLUMNS: tuple[str, ...] = tuple(c for c in TOKENS_SCHEMA if c != "article_id")
_WORD_FIELDS = ("text", "lemma", "upos", "xpos", "feats", "head", "deprel")

# (start_char, end_char, type, sentence) of one entity
EntitySpan = tuple[int | None, int | None, str, int]


def empty_columns() -> dict[str, list[Any]]:
    return {c: [] for c in TOKEN_COLUMNS}


def doc_columns(
    doc: Document,
    char_offset: int = 0,
    sentence_offset: int = 0,
    into: dict[str, list[Any]] | None = None,
) -> dict[str, list[Any]]:
    """The tokens table of ``doc`` (without ``article_id``) as column lists, appended to ``into``.

    One row per syntactic word; the words of a multi-word token (Arabic ``وقال`` -> ``و`` +
    ``قال``) carry that token's offsets and NER tag.
    """
    cols = into if into is not None else empty_columns()
    sentence_col, token_col, word_col = cols["sentence"], cols["token"], cols["word"]
    start_col, end_col, ner_col = cols["start_char"], cols["end_char"], cols["ner"]
    field_cols = [(name, cols[name]) for name in _WORD_FIELDS]
    for s_index, sentence in enumerate(doc.sentences):
        s_no = sentence_offset + s_index
        for t_index, token in enumerate(sentence.tokens, 1):
            start = None if token.start_char is None else token.start_char + char_offset
            end = None if token.end_char is None else token.end_char + char_offset
            ner = token.ner
            for word in token.words:
                sentence_col.append(s_no)
                token_col.append(t_index)
                word_col.append(word.id)
                for name, col in field_cols:
                    col.append(getattr(word, name))
                start_col.append(start)
                end_col.append(end)
                ner_col.append(ner)
    return cols


def decode_bioes(tags: Sequence[str | None]) -> list[tuple[int, int, str]]:
    """Spans ``(first, last, type)`` (inclusive token indices) from BIOES or BIO tags.

    Lenient with ill-formed sequences, as models produce them: ``I-``/``E-`` without an open entity
    of the same type start one; an open entity closes at ``O``, ``B-``, ``S-``, a type change or the
    end of the sequence (callers pass one sentence at a time).
    """
    spans: list[tuple[int, int, str]] = []
    open_start: int | None = None
    open_type = ""

    def close(last: int) -> None:
        nonlocal open_start
        if open_start is not None:
            spans.append((open_start, last, open_type))
            open_start = None

    for i, tag in enumerate(tags):
        if not tag or tag == "O" or "-" not in tag:
            close(i - 1)
            continue
        prefix, etype = tag.split("-", 1)
        prefix = prefix.upper()
        if prefix in ("B", "S") or open_start is None or etype != open_type:
            close(i - 1)
            open_start, open_type = i, etype
        if prefix in ("S", "E"):
            close(i)
    close(len(tags) - 1)
    return spans


def entity_spans(columns: Mapping[str, Sequence[Any]]) -> list[EntitySpan]:
    """Entities of one article's token columns, decoded sentence by sentence from the BIOES tags
    of its tokens (the first word of each multi-word token carries the token's tag)."""
    sentences, tokens, ners = columns["sentence"], columns["token"], columns["ner"]
    starts, ends = columns["start_char"], columns["end_char"]
    spans: list[EntitySpan] = []
    tags: list[Any] = []
    bounds: list[tuple[Any, Any]] = []
    current: Any = object()
    previous_token: Any = object()

    def decode_sentence() -> None:
        if any(t and t != "O" for t in tags):
            for first, last, etype in decode_bioes(tags):
                spans.append((bounds[first][0], bounds[last][1], etype, current))

    for i in range(len(sentences)):
        if sentences[i] != current:
            decode_sentence()
            current, tags, bounds, previous_token = sentences[i], [], [], object()
        if tokens[i] != previous_token:
            tags.append(ners[i])
            bounds.append((starts[i], ends[i]))
            previous_token = tokens[i]
    decode_sentence()
    return spans


def entity_rows(
    article_id: str, spans: Iterable[EntitySpan], text: str | None, text_offset: int = 0
) -> dict[str, list[Any]]:
    """Entities table columns; each entity's text is ``text`` between its offsets."""
    cols: dict[str, list[Any]] = {c: [] for c in ENTITIES_SCHEMA}
    for start, end, etype, sentence in spans:
        cols["article_id"].append(article_id)
        cols["text"].append(
            text[start - text_offset : end - text_offset]
            if text is not None and start is not None and end is not None
            else None
        )
        cols["type"].append(etype)
        cols["start_char"].append(start)
        cols["end_char"].append(end)
        cols["sentence"].append(sentence)
    return cols


def doc_to_tables(
    doc: Document,
    article_id: str,
    char_offset: int = 0,
    *,
    sentence_offset: int = 0,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``(tokens, entities)`` of one document, in the schemas of ``docs/conventions.md``.

    Entities are decoded from the tokens' BIOES tags; their text is the document's text between
    their offsets (the tokens' texts joined by spaces when the document has no text).
    """
    cols = doc_columns(doc, char_offset, sentence_offset)
    tokens = conform(
        pd.DataFrame({"article_id": [article_id] * len(cols["sentence"]), **cols}), TOKENS_SCHEMA
    )
    spans = entity_spans(cols)
    doc_text = getattr(doc, "text", None)
    entities = entity_rows(article_id, spans, doc_text, char_offset)
    if doc_text is None:
        entities["text"] = _joined_token_texts(cols)
    return tokens, conform(pd.DataFrame(entities), ENTITIES_SCHEMA)


def _joined_token_texts(cols: Mapping[str, Sequence[Any]]) -> list[str]:
    """Entity surface forms rebuilt from the token texts (for documents without text), in the
    order :func:`entity_spans` yields the entities."""
    texts: list[str] = []
    for forms, tags in _sentence_tokens(cols):
        if any(t and t != "O" for t in tags):
            texts.extend(" ".join(forms[first : last + 1]) for first, last, _ in decode_bioes(tags))
    return texts


def _sentence_tokens(cols: Mapping[str, Sequence[Any]]) -> Iterable[tuple[list[str], list[Any]]]:
    """Per sentence: each token's surface form (its words joined) and its NER tag."""
    forms: list[str] = []
    tags: list[Any] = []
    current: Any = object()
    previous_token: Any = object()
    for sentence, token, word, ner in zip(
        cols["sentence"], cols["token"], cols["text"], cols["ner"], strict=True
    ):
        if sentence != current:
            if forms:
                yield forms, tags
            forms, tags, current, previous_token = [], [], sentence, object()
        if token != previous_token:
            forms.append(str(word))
            tags.append(ner)
            previous_token = token
        else:
            forms[-1] += str(word)
    if forms:
        yield forms, tags


def entities_from_tokens(
    tokens: pd.DataFrame, text: str | None = None, *, text_offset: int = 0
) -> pd.DataFrame:
    """The entities table of a tokens table (one article or several), from the tokens' BIOES tags.

    ``text`` (the clean text of a one-article table, or a chunk of it starting at
    ``text_offset``) gives each entity's surface form; without it the tokens' texts are joined.
    """
    if tokens.empty or tokens["ner"].isna().all():
        return empty_frame(ENTITIES_SCHEMA)
    frames = []
    for article_id, group in tokens.groupby("article_id", sort=False):
        cols = {c: group[c].tolist() for c in TOKEN_COLUMNS}
        cols["start_char"] = [None if pd.isna(v) else int(v) for v in cols["start_char"]]
        cols["end_char"] = [None if pd.isna(v) else int(v) for v in cols["end_char"]]
        cols["ner"] = [None if pd.isna(v) else v for v in cols["ner"]]
        spans = entity_spans(cols)
        rows = entity_rows(str(article_id), spans, text, text_offset)
        if text is None:
            rows["text"] = _joined_token_texts(cols)
        frames.append(pd.DataFrame(rows))
    return concat_tables((conform(f, ENTITIES_SCHEMA) for f in frames), ENTITIES_SCHEMA)


def concat_tables(frames: Iterable[pd.DataFrame], schema: Mapping[str, str]) -> pd.DataFrame:
    """Concatenate frames of one schema (an empty frame with the schema when there are none)."""
    frames = [f for f in frames if not f.empty]
    if not frames:
        return empty_frame(schema)
    return pd.concat(frames, ignore_index=True)
