"""Schemas of the annotate stage's tables (see ``docs/conventions.md`` and ``docs/nlp.md``)."""

from __future__ import annotations

# One row per syntactic word; the words of a multi-word token share the token's offsets and NER tag.
TOKENS_SCHEMA: dict[str, str] = {
    "article_id": "string",
    "sentence": "Int64",  # 0-based sentence number in the article (continuous across chunks)
    "token": "Int64",  # 1-based token number in the sentence
    "word": "Int64",  # 1-based word id in the sentence (CoNLL-U ID)
    "text": "string",  # the word's form (for a multi-word token: the expanded word, e.g. "و")
    "lemma": "string",
    "upos": "string",
    "xpos": "string",
    "feats": "string",
    "head": "Int64",  # word id of the head, 0 = root
    "deprel": "string",
    "start_char": "Int64",  # offsets of the word's *token* in the clean text (end exclusive)
    "end_char": "Int64",
    "ner": "string",  # BIOES tag of the token (S-PER, B-LOC, ..., O)
}

ENTITIES_SCHEMA: dict[str, str] = {
    "article_id": "string",
    "text": "string",  # clean_text[start_char:end_char]
    "type": "string",  # the NER model's label (PER/LOC/ORG/MISC, or OntoNotes PERSON/GPE/...)
    "start_char": "Int64",
    "end_char": "Int64",
    "sentence": "Int64",
}

STATUS_SCHEMA: dict[str, str] = {
    "article_id": "string",
    "language": "string",
    "status": "string",  # annotated | cached | skipped
    "reason": "string",  # null unless skipped (e.g. "empty_text", "model_missing: ...")
    "n_sentences": "Int64",
    "n_words": "Int64",
}

STATUSES = ("annotated", "cached", "skipped")
