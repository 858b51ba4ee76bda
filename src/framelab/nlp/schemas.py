"""The annotate stage's tables (declared in :mod:`framelab.schemas`; ``docs/nlp.md``)."""

from __future__ import annotations

from ..schemas import ENTITIES_SCHEMA, STATUS_SCHEMA, TOKENS_SCHEMA

__all__ = ["ENTITIES_SCHEMA", "STATUSES", "STATUS_SCHEMA", "TOKENS_SCHEMA"]


STATUSES = ("annotated", "cached", "skipped")
