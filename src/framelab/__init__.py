"""framelab: reproducible media-framing analysis of multilingual news.

Stages (one module each): ``ingest`` -> ``clean`` -> ``nlp`` (Stanza) -> ``quotes`` / ``dates``
-> ``framing``. Stages meet through parquet tables declared once in ``framelab.schemas`` and
``framelab.catalog`` (see ``docs/architecture.md``).
"""

__version__ = "0.1.0"
