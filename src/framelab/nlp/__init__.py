"""Stanza annotation stage: sentences, tokens, lemmas, POS, dependency parses, named entities.

Public API (Stanza and torch are imported only when a pipeline is built or a document processed):

- :class:`NlpSettings` -- the ``nlp`` section of ``params.yaml``
- :func:`build_pipeline` / :class:`PipelineFactory` -- offline Stanza pipelines per language
- :func:`annotate_articles` -- the stage: clean table -> tokens, entities, status
- :func:`doc_to_tables`, :func:`entities_from_tokens`, :func:`decode_bioes` -- conversions
- :func:`split_for_stanza` -- offset-preserving chunking of very long texts
- :func:`installed_models`, :func:`resolve_models`, :func:`download_models` -- model folders
- ``TOKENS_SCHEMA``, ``ENTITIES_SCHEMA``, ``STATUS_SCHEMA``
"""

from __future__ import annotations

from .cache import AnnotationCache, annotation_key
from .chunking import split_for_stanza
from .convert import decode_bioes, doc_to_tables, entities_from_tokens
from .models import (
    ModelCorruptError,
    download_models,
    installed_languages,
    installed_models,
    resolve_models,
)
from .pipelines import PipelineFactory, build_pipeline, clear_pipeline_cache
from .schemas import ENTITIES_SCHEMA, STATUS_SCHEMA, TOKENS_SCHEMA
from .settings import NlpSettings
from .stage import annotate_articles

__all__ = [
    "ENTITIES_SCHEMA",
    "STATUS_SCHEMA",
    "TOKENS_SCHEMA",
    "AnnotationCache",
    "ModelCorruptError",
    "NlpSettings",
    "PipelineFactory",
    "annotate_articles",
    "annotation_key",
    "build_pipeline",
    "clear_pipeline_cache",
    "decode_bioes",
    "doc_to_tables",
    "download_models",
    "entities_from_tokens",
    "installed_languages",
    "installed_models",
    "resolve_models",
    "split_for_stanza",
]
