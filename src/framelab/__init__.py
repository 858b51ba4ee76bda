"""framelab: reproducible media-framing analysis of multilingual news.

Stages (one module each): ``ingest`` -> ``clean`` -> ``nlp`` (Stanza) -> ``quotes`` / ``dates``
-> ``framing``. Stages meet through documented parquet tables (see ``docs/schemas.md``).
"""

__version__ = "0.1.0"
