"""The ingest stage's parameters (``params.yaml`` section ``ingest``): defaults declared once here."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..params import ParamsError, build_params


@dataclass(frozen=True)
class IngestParams:
    """``inputs``: files, folders and archives (relative to the project root); ``layout``: auto,
    a generic format or a corpus layout (``framelab.ingest.config.layout_names``);
    ``candidate_languages``: language detection is limited to these; ``default_language``: a code
    assumed instead of detecting (null = detect); ``max_file_mb`` / ``max_article_chars``: larger
    files and longer articles are rejected with a reason; ``sample``: a reproducible sample
    (``{by, n | fraction, seed}``, :mod:`framelab.ingest.sample`; null = every article)."""

    inputs: tuple[str, ...] = ("data/raw",)
    layout: str = "auto"
    candidate_languages: tuple[str, ...] = field(
        default=("ar", "en", "ru", "tr", "az", "fr", "de", "es", "fa")
    )
    default_language: str | None = None
    max_file_mb: float = 50.0
    max_article_chars: int = 1_000_000
    sample: dict[str, Any] | None = None

    @classmethod
    def from_mapping(cls, params: Mapping[str, Any] | None) -> IngestParams:
        return build_params(cls, params, "ingest")

    def check(self) -> None:
        """Layout, language codes and sizes, checked as the reader checks them."""
        from ..errors import FramelabError
        from .finalise import make_options
        from .sample import parse_sample

        try:
            make_options(**self.reader_options())
            parse_sample(self.sample)
        except FramelabError as err:
            raise ParamsError(f"params.yaml ingest: {err}") from None

    def reader_options(self) -> dict[str, Any]:
        """The keyword arguments of :func:`framelab.ingest.ingest_paths` other than the inputs."""
        return {
            "layout": self.layout,
            "candidate_languages": list(self.candidate_languages),
            "default_language": self.default_language,
            "max_file_mb": self.max_file_mb,
            "max_article_chars": self.max_article_chars,
        }
