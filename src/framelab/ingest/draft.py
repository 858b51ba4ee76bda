"""``Draft``: what a reader extracted from one article before dates, language and ids are settled."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Draft:
    """One article as read. The pipeline turns it into an articles row (see ``pipeline.finalise``)."""

    source_path: str
    raw: str
    raw_format: str = "text"  # text | html
    corpus_id: str | None = None  # the layout's own id, with its prefix (ant:..., allsides:...)
    outlet: str | None = None
    url: str | None = None
    title: str | None = None
    date_value: Any = None  # the metadata value to parse
    date_source: str = "metadata"  # metadata | html | filename | sidecar
    date_convention: str = "auto"  # see framelab.ingest.dates.CONVENTIONS
    date_issue: str | None = None  # set by a reader when it knows why a date is absent / flagged
    language: Any = None  # language given in metadata (normalised later)
    language_hint: str | None = (
        None  # weaker evidence: <html lang>, the corpus' documented language
    )
    detect_text: str | None = None  # text for language detection when raw is not plain text
    layout: str | None = None  # adapter that read it (for outlet aliases)
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass
class Rejected:
    """A reader's refusal of one input (file, member or row)."""

    source_path: str
    reason: str
    detail: str
    article_id: str | None = None
