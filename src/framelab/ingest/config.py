"""Ingest's data files (``framelab/resources/ingest/*.yaml``) loaded as typed settings."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ..resources import load_resource

GENERIC_FORMATS = ("text", "html", "jsonl", "json", "csv")


@dataclass(frozen=True)
class LayoutSpec:
    """A corpus layout from ``layouts.yaml``."""

    name: str
    description: str
    archive_names: tuple[re.Pattern[str], ...]
    path_patterns: tuple[re.Pattern[str], ...]
    member_pattern: re.Pattern[str]
    language: str | None
    date_convention: str
    id_prefix: str
    outlet_aliases: dict[str, str]
    extras: dict[str, Any] = field(default_factory=dict)

    def matches_archive(self, file_name: str) -> bool:
        return any(p.search(file_name) for p in self.archive_names)

    def matches_path(self, path: str) -> bool:
        return any(p.search(path) for p in self.path_patterns)

    def is_article_member(self, path: str) -> bool:
        return bool(self.member_pattern.search(path))


@lru_cache(maxsize=1)
def layouts() -> dict[str, LayoutSpec]:
    """All corpus layouts by name."""
    raw = load_resource("ingest", "layouts.yaml")
    known = {
        "description",
        "archive_names",
        "path_patterns",
        "member_pattern",
        "language",
        "date_convention",
        "id_prefix",
        "outlet_aliases",
    }
    out: dict[str, LayoutSpec] = {}
    for name, spec in raw.items():
        out[name] = LayoutSpec(
            name=name,
            description=spec.get("description", ""),
            archive_names=tuple(re.compile(p, re.I) for p in spec.get("archive_names", [])),
            path_patterns=tuple(re.compile(p) for p in spec.get("path_patterns", [])),
            member_pattern=re.compile(spec.get("member_pattern", ".")),
            language=spec.get("language"),
            date_convention=spec.get("date_convention", "auto"),
            id_prefix=spec.get("id_prefix", ""),
            outlet_aliases={
                str(k).casefold(): v for k, v in (spec.get("outlet_aliases") or {}).items()
            },
            extras={k: v for k, v in spec.items() if k not in known},
        )
    return out


def layout_names() -> tuple[str, ...]:
    """Every value accepted by ``layout=``: auto, the generic formats and the corpus layouts."""
    return ("auto", *GENERIC_FORMATS, *layouts())


@lru_cache(maxsize=1)
def column_aliases() -> dict[str, tuple[str, ...]]:
    """Canonical field -> accepted column names (lower case)."""
    raw = load_resource("ingest", "columns.yaml")
    return {key: tuple(str(a).casefold() for a in names) for key, names in raw.items()}


@lru_cache(maxsize=1)
def policy() -> dict[str, Any]:
    """``policy.yaml``: language, date and file policies."""
    return load_resource("ingest", "policy.yaml")
