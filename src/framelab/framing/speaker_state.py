"""The state the speaker rules share: the quotes' columns read once, and the actor and
provenance columns filled rule by rule (:mod:`.speakers` orders the rules)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from .codebooks import ActorCodebook
from .role_vocabulary import NONE_TYPE

NO_CUE = "none"
ACCORDING_TO = "source"  # the quotes stage's cue class of according-to forms
PROVENANCE: dict[str, str] = {
    "resolution": "string",
    "described_type": "string",
    "evidence": "string",
    "evidence_article": "string",
    "evidence_start": "Int64",
    "evidence_end": "Int64",
    "evidence_votes": "Int64",
    "evidence_total": "Int64",
}


@dataclass
class Quotes:
    """The columns every rule reads, cleaned once."""

    frame: pd.DataFrame
    kind: pd.Series
    name: pd.Series
    surface: pd.Series
    language: pd.Series
    article: pd.Series
    start: pd.Series
    end: pd.Series
    according: np.ndarray
    texts: dict[str, str] = field(default_factory=dict)
    published: dict[str, Any] | None = None
    keys: dict[tuple[str, str], str] = field(default_factory=dict)  # (article, name) -> name_key


class State:
    """The actor and provenance columns being filled, rule by rule (rows still open)."""

    def __init__(self, n: int, codebook: ActorCodebook) -> None:
        self.codebook = codebook
        self.actor = pd.Series([None] * n, dtype="object")
        self.closed = np.zeros(n, dtype=bool)
        self.vetoed = np.zeros(n, dtype=bool)  # described as no actor type (`none`)
        self.prov = {c: pd.Series([pd.NA] * n, dtype="object") for c in PROVENANCE}
        self.prov["resolution"][:] = "unmatched"

    def open(self) -> np.ndarray:
        return ~self.closed

    def undescribed(self) -> np.ndarray:
        """Open rows no description has vetoed."""
        return ~self.closed & ~self.vetoed

    def close(self, rows, actors, resolution: str, **fields: Any) -> None:
        """Resolve ``rows`` to ``actors`` (None: decided as no actor) with their provenance."""
        rows = np.asarray(rows, dtype=np.int64)
        if not len(rows):
            return
        self.actor.iloc[rows] = actors if isinstance(actors, str) else list(actors)
        self.closed[rows] = True
        mapped = self.actor.iloc[rows].notna().to_numpy()
        self.prov["resolution"].iloc[rows] = np.where(mapped, resolution, "unmatched")
        for key in PROVENANCE:
            if key != "resolution":
                value = fields.get(key, pd.NA)
                self.prov[key].iloc[rows] = (
                    value if np.isscalar(value) or value is pd.NA else list(value)
                )

    def decide(self, rows, kinds, resolution: str, **fields: Any) -> None:
        """Described types: mapped ones resolve; ``none`` vetoes (see the module doc); a type
        the codebook does not map is only noted (the next rules still apply)."""
        rows = np.asarray(rows, dtype=np.int64)
        kinds = np.asarray(list(kinds), dtype=object)
        actors = np.asarray([self.type_actor(k) for k in kinds], dtype=object)
        mapped = np.asarray([a is not None for a in actors], dtype=bool)
        fields = {
            k: (v if np.isscalar(v) else np.asarray(list(v), dtype=object))
            for k, v in fields.items()
        }
        fields["described_type"] = kinds
        self.close(rows[mapped], actors[mapped], resolution, **select(fields, mapped))
        noted = rows[~mapped]
        if len(noted):
            for key, value in select(fields, ~mapped).items():
                self.prov[key].iloc[noted] = value if np.isscalar(value) else list(value)
            self.vetoed[noted[kinds[~mapped] == NONE_TYPE]] = True

    def type_actor(self, kind: Any) -> str | None:
        if kind is None or kind is pd.NA:
            return None
        if kind == "media" and "media" not in self.codebook.role_types:
            return self.codebook.kind_fallbacks.get("media")
        return self.codebook.role_types.get(str(kind))


def select(fields: dict[str, Any], mask: np.ndarray) -> dict[str, Any]:
    return {k: (v if np.isscalar(v) else v[mask]) for k, v in fields.items()}


def read_quotes(quotes: pd.DataFrame, articles: pd.DataFrame | None) -> Quotes:
    frame = quotes.reset_index(drop=True).copy()
    cue_class = frame["cue_class"] if "cue_class" in frame else pd.Series([pd.NA] * len(frame))
    texts, published = {}, None
    if articles is not None:
        ids = articles["article_id"].astype(str)
        texts = dict(zip(ids, articles["text"].fillna("").astype(str), strict=True))
        published = dict(zip(ids, articles["published"], strict=True))
    return Quotes(
        frame=frame,
        kind=blank_as_missing(frame["speaker_kind"]).str.lower(),
        name=blank_as_missing(frame["speaker_name"]),
        surface=blank_as_missing(frame["speaker"]),
        language=frame["language"].astype("string"),
        article=frame["article_id"].astype("string"),
        start=offsets(frame, "speaker_start"),
        end=offsets(frame, "speaker_end"),
        according=cue_class.astype("string").eq(ACCORDING_TO).fillna(False).to_numpy(dtype=bool),
        texts=texts,
        published=published,
    )


def blank_as_missing(column: pd.Series) -> pd.Series:
    """Strings with blank values as missing."""
    values = column.astype("string").str.strip()
    return values.mask(values.eq(""))


def offsets(frame: pd.DataFrame, column: str) -> pd.Series:
    if column in frame:
        return pd.to_numeric(frame[column], errors="coerce").astype("Int64")
    return pd.Series([pd.NA] * len(frame), dtype="Int64")


def span_fields(q: Quotes, rows: np.ndarray) -> dict[str, Any]:
    return {
        "evidence_article": q.article.iloc[rows].to_numpy(),
        "evidence_start": q.start.iloc[rows].to_numpy(),
        "evidence_end": q.end.iloc[rows].to_numpy(),
    }
