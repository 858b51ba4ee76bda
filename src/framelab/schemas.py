"""Every table the pipeline writes, its columns and dtypes, declared once.

Producers conform their output to these schemas (``framelab.io.conform``); consumers pick the
columns they read with :func:`select`, which fails on a column the producer does not declare.
:mod:`framelab.catalog` ties each schema to its file and stage; docs/conventions.md describes the
columns. This module imports nothing, so any stage may use it without pulling in another stage.
"""

from __future__ import annotations

from collections.abc import Iterable

# --- every stage
# Every stage that cannot process an article records it here, so that
# input count == processed + rejected holds at each stage.
REJECTS_SCHEMA: dict[str, str] = {
    "stage": "string",  # ingest | clean | annotate | quotes | dates | framing
    "source_path": "string",  # file (or archive::member[#row]) the article came from
    "article_id": "string",  # null when no id could be formed
    "reason": "string",  # short machine-friendly reason, e.g. "empty", "binary", "encoding"
    "detail": "string",  # one human line naming the problem
}

# --- ingest: data/interim/articles.parquet
# Exactly the articles table of docs/conventions.md (pandas dtypes; parquet on disk).
ARTICLES_SCHEMA: dict[str, str] = {
    "article_id": "string",  # corpus id (e.g. ant:<DOCNO>) or sha1(source_path)[:16]
    "outlet": "string",  # publisher, lower-cased, whitespace collapsed; null if unknown
    "url": "string",
    "title": "string",
    "published": "string",  # ISO YYYY-MM-DD, null when missing/unparseable/implausible
    "published_source": "string",  # metadata / html / filename / sidecar / none
    "published_issue": "string",  # null, or why the date is missing or flagged
    "language": "string",  # ISO 639-1
    "language_source": "string",  # given / detected / default (null when undetermined)
    "raw": "string",  # the article as read: decoded text or HTML
    "raw_format": "string",  # text / html
    "source_path": "string",  # file, archive.tar.gz::member, file.jsonl#12
    "meta": "string",  # JSON object of layout-specific extras
}

# The articles table's metadata columns, carried by the clean table (all but ``raw``).
ARTICLE_COLUMNS: dict[str, str] = {c: t for c, t in ARTICLES_SCHEMA.items() if c != "raw"}

# --- clean: data/processed/clean.parquet, clean_audit.parquet
CLEAN_SCHEMA: dict[str, str] = {
    **ARTICLE_COLUMNS,
    "text": "string",
    "extractor": "string",
    "offset_clean": "object",
    "offset_raw": "object",
    "offset_len": "object",
    "n_chars": "Int64",
    "n_words": "Int64",
    "duplicate_cluster": "Int64",
    "is_duplicate": "boolean",
}

AUDIT_SCHEMA: dict[str, str] = {
    "article_id": "string",
    "line_no": "Int64",  # 0-based line of raw.split("\n")
    "raw_start": "Int64",
    "raw_end": "Int64",
    "text": "string",
    "rule": "string",  # one of framelab.clean.RULES
    "unit": "string",  # line (the whole line) | phrase (a span inside a kept line)
    "detail": "string",  # the lexicon entry, pattern or outlet support behind the removal
}

# --- annotate: data/processed/tokens/, entities/, annotate_status.parquet
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

# --- quotes: data/processed/quotes.parquet
QUOTES_SCHEMA: dict[str, str] = {
    "article_id": "string",
    "quote_id": "string",
    "type": "string",  # direct | indirect | mixed | floating
    "scope": "string",  # core | extended (speech act with a noun complement: نفى وجود نقص)
    "start": "Int64",
    "end": "Int64",
    "text": "string",
    "speaker": "string",
    "speaker_start": "Int64",
    "speaker_end": "Int64",
    "speaker_name": "string",
    "speaker_kind": "string",  # person | organisation | media | document | anonymous
    "cue": "string",
    "cue_start": "Int64",
    "cue_end": "Int64",
    "cue_lemma": "string",
    "cue_class": "string",
    "sentence": "Int64",
    "language": "string",
    "method": "string",  # rules | parse
}

# --- dates: data/processed/timexes.parquet
TIMEX_SCHEMA: dict[str, str] = {
    "article_id": "string",
    "start": "Int64",  # offsets into the clean text (Python str indices, end exclusive)
    "end": "Int64",
    "text": "string",
    "type": "string",  # DATE | TIME | DURATION | SET
    "value": "string",  # TIMEX3 value
    "granularity": "string",  # day, week, month, quarter, year, decade, ..., ref, set
    "anchored": "boolean",  # False: relative expression with no reference date (XXXX value)
    "rule": "string",  # <language>:<pattern rule>
    "language": "string",
}


def select(schema: dict[str, str], columns: Iterable[str]) -> dict[str, str]:
    """The part of a producer's ``schema`` a consumer reads (in the consumer's order); a column
    the producer does not declare is a KeyError, so a consumer cannot drift from its producer."""
    columns = list(columns)
    missing = [c for c in columns if c not in schema]
    if missing:
        raise KeyError(f"columns {missing} are not declared by the producer's schema")
    return {c: schema[c] for c in columns}
