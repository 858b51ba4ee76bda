"""Clean stage: main text of HTML pages, site chrome removed from text dumps, normalised text with
an offset map back to ``raw``, an audit of every removed line, and near-duplicate clusters.

Never imports stanza or torch.
"""

from .lines import RULES
from .pipeline import (
    AUDIT_SCHEMA,
    CLEAN_SCHEMA,
    Cleaner,
    CleanParams,
    CleanResult,
    clean_articles,
    clean_articles_mapped,
    clean_each_article,
    iter_clean,
    to_raw_span,
)

__all__ = [
    "AUDIT_SCHEMA",
    "CLEAN_SCHEMA",
    "RULES",
    "CleanParams",
    "CleanResult",
    "Cleaner",
    "clean_articles",
    "clean_articles_mapped",
    "clean_each_article",
    "iter_clean",
    "to_raw_span",
]
