"""Quote extraction: who said what, with which cue (direct, indirect, mixed, floating quotes).

Public API: :func:`extract_quotes` (one text), :func:`run_quotes` and :func:`quotes_for_articles`
(the clean table), :data:`QUOTES_SCHEMA`. See ``docs/quotes.md``.
"""

from .extract import (
    QUOTES_SCHEMA,
    QuotesResult,
    extract_quotes,
    quotes_for_articles,
    run_quotes,
)
from .lexicon import available_languages, load_lexicon
from .params import QuotesParams

__all__ = [
    "QuotesParams",
    "QUOTES_SCHEMA",
    "QuotesResult",
    "available_languages",
    "extract_quotes",
    "load_lexicon",
    "quotes_for_articles",
    "run_quotes",
]
