"""Framing codebooks as data: actors (who speaks, for which side) and frames (how it is told).

Both codebooks are YAML files under ``data/codebooks/`` selected in ``params.yaml``. Loading
validates them and turns them into flat, tidy tables that the vectorised matchers consume:

* :class:`ActorCodebook` -- one row per (alias, language) with the actor's id, name, group and
  type. An alias listed under several actors is a *collision*: it is kept for the actor listed
  first in the file (the defined resolution), the others lose it, and a warning names them all
  (``ActorCodebook.collisions`` keeps the table).
* :class:`FrameCodebook` -- frame cue terms (one row per term). Contested-term pairs are an
  optional codebook of their own (:mod:`.contested`).

An empty codebook is not an error: it loads with a warning and every measure that depends on it
becomes NaN with a stated reason downstream.
"""

from __future__ import annotations

import logging
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from ..errors import InputError

log = logging.getLogger(__name__)

ALIAS_COLUMNS = ["alias", "language", "actor", "name", "group", "type", "official", "order"]
FRAME_TERM_COLUMNS = ["frame", "label", "language", "term", "cue"]


class CodebookWarning(UserWarning):
    """A codebook problem with a defined resolution (empty codebook, alias collision)."""


def _warn(message: str) -> None:
    log.warning(message)
    warnings.warn(message, CodebookWarning, stacklevel=3)


def _read_yaml(path: str | Path) -> dict[str, Any]:
    path = Path(path)
    if not path.is_file():
        raise InputError(str(path), "codebook file not found")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise InputError(str(path), "codebook is not UTF-8 text") from None
    except yaml.YAMLError as err:
        raise InputError(str(path), f"codebook is not valid YAML ({err})") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise InputError(str(path), "codebook must be a YAML mapping at the top level")
    return data


def _terms_by_language(value: Any, where: str, path: Path) -> list[tuple[str, str]]:
    """``{lang: [term, ...]}`` -> ``[(lang, term), ...]`` with clear errors for wrong shapes."""
    if value is None:
        return []
    if not isinstance(value, dict):
        raise InputError(str(path), f"{where}: expected a mapping language -> list of terms")
    pairs = []
    for lang, terms in value.items():
        if isinstance(terms, str):
            terms = [terms]
        if not isinstance(terms, list):
            raise InputError(str(path), f"{where}.{lang}: expected a list of terms")
        for term in terms:
            if not isinstance(term, str) or not term.strip().strip("*"):
                raise InputError(str(path), f"{where}.{lang}: empty or non-text term {term!r}")
            pairs.append((str(lang), term.strip()))
    return pairs


def _cue_terms_by_language(value: Any, where: str, path: Path) -> list[tuple[str, str, str]]:
    """Frame terms ``{lang: [term, [spelling, spelling], ...]}`` -> ``[(lang, term, cue), ...]``.

    A nested list gathers spellings of one cue (singular / plural, with / without article):
    they all match, but count as one distinct cue term (named by the first spelling) in the
    frame presence rule."""
    if isinstance(value, dict):
        flat: dict[str, Any] = {}
        cues: dict[tuple[str, str], str] = {}
        for lang, terms in value.items():
            if isinstance(terms, list):
                items = []
                for term in terms:
                    group = term if isinstance(term, list) and term else [term]
                    for spelling in group:
                        items.append(spelling)
                        if isinstance(spelling, str) and isinstance(group[0], str):
                            cues.setdefault((str(lang), spelling.strip()), group[0].strip())
                terms = items
            flat[lang] = terms
        pairs = _terms_by_language(flat, where, path)
        return [(lang, term, cues.get((lang, term), term)) for lang, term in pairs]
    return [(lang, term, term) for lang, term in _terms_by_language(value, where, path)]


# --------------------------------------------------------------------------------------- actors
@dataclass
class ActorCodebook:
    """Actors with multilingual aliases, flattened to one row per alias."""

    name: str
    aliases: pd.DataFrame  # ALIAS_COLUMNS, one row per (alias, language), collisions resolved
    actors: pd.DataFrame  # actor, name, group, type, official
    kind_overrides: dict[str, str] = field(default_factory=dict)  # speaker_kind -> actor id, first
    kind_fallbacks: dict[str, str] = field(default_factory=dict)  # speaker_kind -> actor id, last
    role_types: dict[str, str] = field(default_factory=dict)  # described actor type -> actor id
    speaker_roles: dict[str, Any] = field(default_factory=dict)  # extends the role vocabulary
    official_types: frozenset[str] = frozenset()
    unmatched_group: str = "other"
    unattributed_group: str = "unattributed"
    collisions: pd.DataFrame = field(default_factory=pd.DataFrame)
    source: str = ""

    @property
    def is_empty(self) -> bool:
        return self.actors.empty

    def actor_group(self, actor_id: str) -> str | None:
        row = self.actors.loc[self.actors["actor"] == actor_id, "group"]
        return None if row.empty else str(row.iloc[0])


def _fold_key(alias: str) -> str:
    """Key under which two aliases count as the same string (case and Arabic letter forms)."""
    from .matching import fold_text

    return fold_text(alias).casefold()


def load_actor_codebook(path: str | Path) -> ActorCodebook:
    """Load and validate an actors codebook (see ``data/codebooks/actors-*.yaml``)."""
    path = Path(path)
    data = _read_yaml(path)
    official_types = set(data.get("official_types") or [])
    rows: list[dict[str, Any]] = []
    actor_rows: list[dict[str, Any]] = []
    seen_ids: set[str] = set()
    for order, entry in enumerate(data.get("actors") or []):
        if not isinstance(entry, dict) or not entry.get("id"):
            raise InputError(str(path), f"actors[{order}]: each actor needs an 'id'")
        actor_id = str(entry["id"])
        if actor_id in seen_ids:
            raise InputError(str(path), f"actors[{order}]: duplicate actor id {actor_id!r}")
        seen_ids.add(actor_id)
        if not entry.get("group"):
            raise InputError(str(path), f"actor {actor_id!r}: missing 'group'")
        actor_type = str(entry.get("type") or "unknown")
        official = bool(entry.get("official", actor_type in official_types))
        record = {
            "actor": actor_id,
            "name": str(entry.get("name") or actor_id),
            "group": str(entry["group"]),
            "type": actor_type,
            "official": official,
        }
        actor_rows.append(record)
        for lang, alias in _terms_by_language(entry.get("aliases"), f"actor {actor_id}", path):
            rows.append({**record, "alias": alias, "language": lang, "order": order})
    aliases = pd.DataFrame(rows, columns=ALIAS_COLUMNS)
    actors = pd.DataFrame(actor_rows, columns=["actor", "name", "group", "type", "official"])
    name = str(data.get("name") or path.stem)
    if actors.empty:
        _warn(
            f"{path}: actors codebook {name!r} is empty; speaker groups fall back to speaker kinds"
        )
    aliases, collisions = _resolve_collisions(aliases, path)
    known = set(actors["actor"])
    overrides = {str(k): str(v) for k, v in (data.get("kind_overrides") or {}).items()}
    fallbacks = {str(k): str(v) for k, v in (data.get("kind_fallbacks") or {}).items()}
    for key, target in {**overrides, **fallbacks}.items():
        if target not in known:
            raise InputError(str(path), f"speaker kind {key!r} maps to unknown actor {target!r}")
    role_types = _role_types(data.get("role_types"), actors, path)
    speaker_roles = data.get("speaker_roles") or {}
    if not isinstance(speaker_roles, dict):
        raise InputError(str(path), "speaker_roles: expected a mapping language -> word lists")
    _warn_unreachable(actors, aliases, {**overrides, **fallbacks}, role_types, path)
    return ActorCodebook(
        name=name,
        aliases=aliases,
        actors=actors,
        kind_overrides=overrides,
        kind_fallbacks=fallbacks,
        role_types=role_types,
        speaker_roles=speaker_roles,
        official_types=frozenset(official_types),
        unmatched_group=str(data.get("unmatched_group") or "other"),
        unattributed_group=str(data.get("unattributed_group") or "unattributed"),
        collisions=collisions,
        source=str(path),
    )


def _role_types(value: Any, actors: pd.DataFrame, path: Path) -> dict[str, str]:
    """The codebook's ``role_types``: described actor type (from the speaker-role vocabulary:
    government, expert, former_official ...) -> actor id. Types it does not map leave a described
    speaker unresolved (a story codebook whose groups are countries maps none of them)."""
    if value is not None and not isinstance(value, dict):
        raise InputError(str(path), "role_types: expected a mapping actor type -> actor id")
    mapping = {str(k): str(v) for k, v in (value or {}).items()}
    for key, target in mapping.items():
        if target not in set(actors["actor"]):
            raise InputError(str(path), f"role type {key!r} maps to unknown actor {target!r}")
    return mapping


def _warn_unreachable(
    actors: pd.DataFrame,
    aliases: pd.DataFrame,
    kinds: dict[str, str],
    role_types: dict[str, str],
    path: Path,
) -> None:
    """Warn, naming them, about actors no speaker or mention can ever resolve to: no aliases,
    no speaker kind and no described role type maps to them."""
    reachable = set(aliases["actor"]) | set(kinds.values()) | set(role_types.values())
    lost = [a for a in actors["actor"] if a not in reachable]
    if lost:
        _warn(
            f"{path}: actor(s) {', '.join(repr(a) for a in lost)} have no aliases and no "
            "speaker kind or role type maps to them: no speaker or mention can resolve to them "
            "(add aliases, or map them under kind_fallbacks / role_types)"
        )


def _resolve_collisions(aliases: pd.DataFrame, path: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Keep each (folded) alias for the first actor that lists it; report the others."""
    if aliases.empty:
        return aliases, pd.DataFrame(columns=["alias", "kept_actor", "dropped_actors"])
    aliases = aliases.assign(key=aliases["alias"].map(_fold_key))
    owners = aliases.groupby("key", sort=False)["actor"].agg(lambda s: list(dict.fromkeys(s)))
    clashing = owners[owners.map(len) > 1]
    collisions = pd.DataFrame(
        {
            "alias": [aliases.loc[aliases["key"] == k, "alias"].iloc[0] for k in clashing.index],
            "kept_actor": [actors[0] for actors in clashing],
            "dropped_actors": [", ".join(actors[1:]) for actors in clashing],
        }
    )
    if not collisions.empty:
        listing = "; ".join(
            f"{a!r}: kept for {k}, dropped for {d}"
            for a, k, d in collisions.itertuples(index=False)
        )
        _warn(
            f"{path}: {len(collisions)} alias(es) listed under several actors -- the first actor "
            f"in the file keeps each: {listing}"
        )
    first_owner = aliases["key"].map(owners.map(lambda actors: actors[0]))
    kept = aliases[aliases["actor"] == first_owner]
    kept = kept.drop_duplicates(["key", "language"]).drop(columns="key").reset_index(drop=True)
    return kept, collisions


# --------------------------------------------------------------------------------------- frames
@dataclass
class FrameCodebook:
    """Frame cue terms, one row per term (contested terms: :mod:`.contested`)."""

    name: str
    terms: pd.DataFrame  # FRAME_TERM_COLUMNS
    frames: pd.DataFrame  # frame, label, description
    source: str = ""

    @property
    def is_empty(self) -> bool:
        return self.terms.empty


def load_frame_codebook(path: str | Path) -> FrameCodebook:
    """Load and validate a frames codebook (see ``data/codebooks/frames.yaml``)."""
    path = Path(path)
    data = _read_yaml(path)
    term_rows: list[dict[str, str]] = []
    frame_rows: list[dict[str, str]] = []
    for i, entry in enumerate(data.get("frames") or []):
        if not isinstance(entry, dict) or not entry.get("id"):
            raise InputError(str(path), f"frames[{i}]: each frame needs an 'id'")
        frame_id = str(entry["id"])
        label = str(entry.get("label") or frame_id)
        frame_rows.append(
            {"frame": frame_id, "label": label, "description": str(entry.get("description") or "")}
        )
        for lang, term, cue in _cue_terms_by_language(
            entry.get("terms"), f"frame {frame_id}", path
        ):
            term_rows.append(
                {"frame": frame_id, "label": label, "language": lang, "term": term, "cue": cue}
            )
    if "contested" in data:
        raise InputError(
            str(path),
            "contested-term pairs are a codebook of their own now: move the 'contested' list to "
            "a file under the key 'pairs' and name it in params.yaml framing.contested_codebook "
            "(example: data/codebooks/contested-karabakh.yaml)",
        )
    terms = pd.DataFrame(term_rows, columns=FRAME_TERM_COLUMNS).drop_duplicates(
        ["frame", "language", "term"]
    )
    book = FrameCodebook(
        name=str(data.get("name") or path.stem),
        terms=terms.reset_index(drop=True),
        frames=pd.DataFrame(frame_rows, columns=["frame", "label", "description"]),
        source=str(path),
    )
    if book.is_empty:
        _warn(f"{path}: frames codebook {book.name!r} has no terms; frame measures will be NaN")
    return book
