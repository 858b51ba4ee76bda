"""Quotes' speakers resolved to codebook actors, each with how it was resolved (provenance).

The rules, first that applies wins (``resolution`` names it):

1. ``speaker_kind``: a kind the codebook maps first (``kind_overrides``: anonymous sources).
2. ``media:speaker``: the speaker phrase names a news agency or outlet (Reuters, رويترز, the
   corpus's own outlets), unless it is a document (a poll) or a person's surname (Bloomberg).
3. ``role:speaker``: the quote's own speaker mention read with the role vocabulary
   (:mod:`.speaker_roles`): its title or appositive (``Secretary of State Mike Pompeo``), or a
   role / organisation phrase without a name (``the minister``, ``the Pentagon``, ``Iran``).
4. ``alias:speaker_name`` / ``alias:speaker``: a codebook alias in the canonical name, then in
   the surface phrase (longest alias wins).
5. ``description:article``: the type the article's own descriptions of the name give
   (:mod:`.descriptions`: a later ``Trump said`` inherits ``President Donald Trump``).
6. ``description:corpus``: the majority type of the nearest-in-time articles describing the name.
7. ``speaker_kind``: a codebook ``kind_fallbacks`` entry (unnamed media, documents).
8. otherwise ``unmatched`` (group ``other``), ``not_a_name`` (a pronoun or function word as the
   speaker -- an extraction error upstream or an unresolved pronoun; also ``other``) or
   ``unattributed`` (no speaker).

A described type the codebook maps (``role_types``) resolves the speaker. ``none`` (a candidate,
a Hamas spokesman) is a veto: only a codebook alias may still place the speaker (a codebook with
a Hamas actor), no description elsewhere; otherwise it stays ``other`` with ``described_type``
``none``. A type the codebook does not map (a country codebook has no ``government`` actor) is
noted and the next rules still apply. A word behind a preposition clitic (Arabic ``للصحفيين``, "to the
journalists") is an addressee, not the speaker, except after an according-to cue (``وفقا لوكالة``).

Provenance columns (:data:`PROVENANCE`): ``described_type``, ``evidence`` (the alias, phrase or
description as written), ``evidence_article`` / ``evidence_start`` / ``evidence_end`` (offsets into
that article's clean text), ``evidence_votes`` / ``evidence_total`` (descriptions of the winning
type / all decided descriptions considered).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd

from .codebooks import ActorCodebook
from .descriptions import (
    DESCRIPTION_COLUMNS,
    PropagationSettings,
    article_decisions,
    corpus_decisions,
    describe,
    name_key,
    occurrences,
)
from .inputs import WORD_PATTERN
from .matching import TermMatcher
from .speaker_roles import (
    NONE_TYPE,
    RoleVocabulary,
    find_hits,
    is_function_word,
    is_name_like,
    is_term,
    load_role_vocabulary,
    name_core,
    norm,
    oblique,
    speaker_phrase,
)

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
class SpeakerResolution:
    quotes: pd.DataFrame  # the quotes with actor columns and provenance
    descriptions: pd.DataFrame  # every description of a named speaker (DESCRIPTION_COLUMNS)


@dataclass
class _Quotes:
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


class _State:
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
        self.close(rows[mapped], actors[mapped], resolution, **_select(fields, mapped))
        noted = rows[~mapped]
        if len(noted):
            for key, value in _select(fields, ~mapped).items():
                self.prov[key].iloc[noted] = value if np.isscalar(value) else list(value)
            self.vetoed[noted[kinds[~mapped] == NONE_TYPE]] = True

    def type_actor(self, kind: Any) -> str | None:
        if kind is None or kind is pd.NA:
            return None
        if kind == "media" and "media" not in self.codebook.role_types:
            return self.codebook.kind_fallbacks.get("media")
        return self.codebook.role_types.get(str(kind))


def _select(fields: dict[str, Any], mask: np.ndarray) -> dict[str, Any]:
    return {k: (v if np.isscalar(v) else v[mask]) for k, v in fields.items()}


def resolve_speakers(
    quotes: pd.DataFrame,
    codebook: ActorCodebook,
    matcher: TermMatcher | None = None,
    articles: pd.DataFrame | None = None,
    settings: PropagationSettings | None = None,
    outlets: list[str] | None = None,
) -> pd.DataFrame:
    """``quotes`` plus ``actor, actor_name, speaker_group, actor_type, official, source,
    quoted_words, is_anonymous`` and the provenance columns (:data:`PROVENANCE`)."""
    return resolve_with_evidence(quotes, codebook, matcher, articles, settings, outlets).quotes


def resolve_with_evidence(
    quotes: pd.DataFrame,
    codebook: ActorCodebook,
    matcher: TermMatcher | None = None,
    articles: pd.DataFrame | None = None,
    settings: PropagationSettings | None = None,
    outlets: list[str] | None = None,
) -> SpeakerResolution:
    """:func:`resolve_speakers` and the descriptions table behind it. Without ``articles``
    (``article_id, text, published``) only the speaker phrases are read (rules 1-4, 7-8)."""
    matcher = matcher or TermMatcher.from_terms(codebook.aliases)
    vocab = load_role_vocabulary(codebook.speaker_roles, outlets, codebook.source)
    q = _read(quotes, articles)
    state = _State(len(q.frame), codebook)
    name_like = _per_distinct(q.name, q.language, lambda v, lang: is_name_like(v, lang, vocab))
    personal = (q.kind.isna() | q.kind.eq("person")).fillna(True).to_numpy() & name_like

    override = q.kind.map(codebook.kind_overrides).astype("object")
    rows = np.flatnonzero(override.notna().to_numpy())
    state.close(
        rows, override.iloc[rows].to_numpy(), "speaker_kind", evidence=q.kind.iloc[rows].to_numpy()
    )
    _media_step(state, q, vocab)
    described = _descriptions(q, personal, vocab, codebook)
    _own_mention_step(state, q, described)
    _phrase_step(state, q, vocab)
    _alias_step(state, q, q.name, matcher, vocab, "alias:speaker_name")
    _alias_step(state, q, q.surface, matcher, vocab, "alias:speaker")
    _description_steps(state, q, personal, described, settings or PropagationSettings())

    fallback = q.kind.map(codebook.kind_fallbacks).astype("object")
    rows = np.flatnonzero(state.undescribed() & fallback.notna().to_numpy())
    state.close(
        rows, fallback.iloc[rows].to_numpy(), "speaker_kind", evidence=q.kind.iloc[rows].to_numpy()
    )
    has_speaker = (q.name.notna() | q.surface.notna()).to_numpy()
    function = _function_words(q, vocab)
    state.prov["resolution"].iloc[np.flatnonzero(state.open() & has_speaker & function)] = (
        "not_a_name"
    )
    nobody = state.actor.isna().to_numpy() & ~has_speaker
    state.prov["resolution"].iloc[np.flatnonzero(nobody)] = "unattributed"
    return SpeakerResolution(_finish(q, state, codebook, has_speaker), described)


def _read(quotes: pd.DataFrame, articles: pd.DataFrame | None) -> _Quotes:
    frame = quotes.reset_index(drop=True).copy()
    cue_class = frame["cue_class"] if "cue_class" in frame else pd.Series([pd.NA] * len(frame))
    texts, published = {}, None
    if articles is not None:
        ids = articles["article_id"].astype(str)
        texts = dict(zip(ids, articles["text"].fillna("").astype(str), strict=True))
        published = dict(zip(ids, articles["published"], strict=True))
    return _Quotes(
        frame=frame,
        kind=_clean(frame["speaker_kind"]).str.lower(),
        name=_clean(frame["speaker_name"]),
        surface=_clean(frame["speaker"]),
        language=frame["language"].astype("string"),
        article=frame["article_id"].astype("string"),
        start=_offsets(frame, "speaker_start"),
        end=_offsets(frame, "speaker_end"),
        according=cue_class.astype("string").eq(ACCORDING_TO).fillna(False).to_numpy(dtype=bool),
        texts=texts,
        published=published,
    )


def _clean(column: pd.Series) -> pd.Series:
    """Strings with blank values as missing."""
    values = column.astype("string").str.strip()
    return values.mask(values.eq(""))


def _offsets(frame: pd.DataFrame, column: str) -> pd.Series:
    if column in frame:
        return pd.to_numeric(frame[column], errors="coerce").astype("Int64")
    return pd.Series([pd.NA] * len(frame), dtype="Int64")


def _span_fields(q: _Quotes, rows: np.ndarray) -> dict[str, Any]:
    return {
        "evidence_article": q.article.iloc[rows].to_numpy(),
        "evidence_start": q.start.iloc[rows].to_numpy(),
        "evidence_end": q.end.iloc[rows].to_numpy(),
    }


# ----------------------------------------------------------------------------- the rules
def _media_step(state: _State, q: _Quotes, vocab: RoleVocabulary) -> None:
    """A speaker phrase naming a news agency or outlet (not a document such as a poll)."""
    target = state.type_actor("media")
    todo = np.flatnonzero(state.open() & q.kind.ne("document").fillna(True).to_numpy())
    if target is None or not len(todo):
        return
    phrase = q.surface.fillna(q.name).iloc[todo].reset_index(drop=True)
    hits = find_hits(vocab, phrase, q.language.iloc[todo].reset_index(drop=True))
    surnames = q.name.iloc[todo].map(
        lambda v: norm(v.split()[-1]) if isinstance(v, str) and len(v.split()) > 1 else ""
    )
    rows, evidence = [], []
    for i, (text, found, surname) in enumerate(zip(phrase, hits, surnames, strict=True)):
        media = [
            h
            for h in found
            if h.type == "media"
            and h.category == "organisation"
            and (q.according[todo[i]] or not h.oblique)
        ]
        if media and norm(media[0].text) != surname and not _person_headed(found, media[0]):
            rows.append(todo[i])
            evidence.append(media[0].text)
        elif isinstance(text, str) and _bare(text) in vocab.outlets:
            rows.append(todo[i])
            evidence.append(text)
    rows_arr = np.asarray(rows, dtype=np.int64)
    state.close(
        rows_arr,
        target,
        "media:speaker",
        described_type="media",
        evidence=evidence,
        **_span_fields(q, rows_arr),
    )


def _person_headed(hits, media) -> bool:
    """``the Reuters correspondent`` is media; a role of another type after the outlet's name
    heads the phrase (``the CNN-hosted debate's moderator, Senator X``)."""
    roles = [h for h in hits if h.category == "role" and h.type not in (None, "media")]
    return any(h.start > media.end for h in roles)


def _bare(text: str) -> str:
    words = norm(text).replace("’", "'").split()
    while words and words[0] in {"the", "a", "an"}:
        words = words[1:]
    joined = " ".join(words)
    return joined[:-2] if joined.endswith("'s") else joined


def _descriptions(
    q: _Quotes, personal: np.ndarray, vocab: RoleVocabulary, codebook
) -> pd.DataFrame:
    """The descriptions table for the named speakers of articles with text."""
    if not q.texts:
        return pd.DataFrame({c: pd.Series(dtype=t) for c, t in DESCRIPTION_COLUMNS.items()})
    names = pd.DataFrame(
        {"article_id": q.article.astype(str), "name": q.name, "language": q.language}
    )
    names = names[personal & names["article_id"].isin(q.texts.keys()).to_numpy()]
    names = names.drop_duplicates(["article_id", "name"]).reset_index(drop=True)
    hits = find_hits(vocab, names["name"], names["language"])
    person = np.array(
        [not is_term(h, str(n)) for h, n in zip(hits, names["name"], strict=True)], dtype=bool
    )
    names["lookup"] = [
        name_core(str(n), h, vocab.rules_for(lang))
        for n, h, lang in zip(names["name"], hits, names["language"], strict=True)
    ]
    q.keys = dict(
        zip(
            zip(names["article_id"], names["name"], strict=True),
            names["lookup"].map(name_key),
            strict=True,
        )
    )
    occ = occurrences(names[person], q.texts, vocab)  # "Iran", "the Pentagon" are no persons
    return describe(occ, q.texts, vocab, codebook.official_types)


def _own_mention_step(state: _State, q: _Quotes, described: pd.DataFrame) -> None:
    """The title / appositive at the quote's own speaker mention."""
    if described.empty:
        return
    frame = pd.DataFrame(
        {
            "row": np.arange(len(q.frame)),
            "article_id": q.article,
            "name": q.name,
            "s": q.start,
            "e": q.end,
        }
    )
    frame = frame[
        state.undescribed() & frame["s"].notna().to_numpy() & frame["name"].notna().to_numpy()
    ]
    m = frame.merge(described[described["type"].notna()], on=["article_id", "name"])
    m = m[(m["start"] < m["e"]) & (m["s"] < m["end"])]
    m = m.sort_values(["row", "kind"], ascending=[True, False]).drop_duplicates("row")
    _decide_described(state, m, "role:speaker", m["article_id"])


def _decide_described(
    state: _State, m: pd.DataFrame, label: str, article, votes=1, total=1
) -> None:
    if m.empty:
        return
    state.decide(
        m["row"].to_numpy(),
        m["type"],
        label,
        evidence=m["text"].to_numpy(),
        evidence_article=np.asarray(article),
        evidence_start=m["start"].to_numpy(),
        evidence_end=m["end"].to_numpy(),
        evidence_votes=votes,
        evidence_total=total,
    )


def _phrase_step(state: _State, q: _Quotes, vocab: RoleVocabulary) -> None:
    """A speaker phrase that is a role or organisation (``the minister``, ``the Pentagon``,
    ``Iran``, ``مصدر أمني``), read in the surface phrase (the name's words in it count as a
    name), then in the name itself (a title the quotes stage kept in it: ``House Speaker Nancy
    Pelosi``)."""
    surface = _read_phrases(state, q, q.surface, vocab)
    name = _read_phrases(state, q, q.name, vocab)
    # the surface decides, unless it only took a role's default ("the official") and the name
    # says more ("a Justice Department official")
    better = {row: found for row, found in name.items() if found["organisation"] is not None}
    chosen = {**name, **{r: f for r, f in surface.items() if not (f["by_default"] and r in better)}}
    rows = np.asarray(sorted(chosen), dtype=np.int64)
    if len(rows):
        state.decide(
            rows,
            [chosen[r]["type"] for r in rows],
            "role:speaker",
            evidence=[chosen[r]["phrase"] for r in rows],
            evidence_votes=1,
            evidence_total=1,
            **_span_fields(q, rows),
        )


def _read_phrases(
    state: _State, q: _Quotes, phrase: pd.Series, vocab: RoleVocabulary
) -> dict[int, dict[str, Any]]:
    """Row -> the decided reading of ``phrase`` (``speaker_phrase`` plus the phrase). Each
    distinct (phrase, name, language, according-to) is read once."""
    todo = np.flatnonzero(state.undescribed() & phrase.notna().to_numpy())
    if not len(todo):
        return {}
    keys = pd.DataFrame(
        {
            "text": phrase.iloc[todo].to_numpy(),
            "lang": q.language.iloc[todo].to_numpy(),
            "name": q.name.iloc[todo].to_numpy(),
            "according": q.according[todo],
        }
    ).fillna({"lang": "", "name": ""})
    unique = keys.drop_duplicates().reset_index(drop=True)
    hits = find_hits(vocab, unique["text"], unique["lang"])
    found_for: list[dict[str, Any] | None] = []
    for text, lang, name, according, found in zip(
        unique["text"], unique["lang"], unique["name"], unique["according"], hits, strict=True
    ):
        words = name.split()
        surname = norm(words[-1]) if len(words) > 1 else None
        found = [h for h in found if norm(h.text) != surname]  # "Mo Bloomberg" is no agency
        if according:
            found = [replace(h, oblique=False) for h in found]
        result = speaker_phrase(
            text,
            found,
            vocab.rules_for(lang),
            state.codebook.official_types,
            frozenset(norm(w) for w in words),
        )
        found_for.append({**result, "phrase": text} if result and result["type"] else None)
    index = unique.assign(reading=range(len(unique))).merge(
        keys.reset_index(), on=list(keys.columns)
    )
    readings: dict[int, dict[str, Any]] = {}
    for row, reading in zip(index["index"], index["reading"], strict=True):
        if found_for[reading] is not None:
            readings[int(todo[row])] = found_for[reading]
    return readings


def _alias_step(
    state: _State,
    q: _Quotes,
    column: pd.Series,
    matcher: TermMatcher,
    vocab: RoleVocabulary,
    label: str,
) -> None:
    """A codebook alias in ``column`` (longest wins; not behind a preposition clitic)."""
    aliases = state.codebook.aliases
    todo = np.flatnonzero(state.open() & column.notna().to_numpy())
    if not len(todo) or aliases.empty:
        return
    keys = pd.DataFrame(
        {
            "s": column.iloc[todo].to_numpy(),
            "l": q.language.iloc[todo].to_numpy(),
            "a": q.according[todo],
        }
    )
    unique = keys.drop_duplicates().reset_index(drop=True)
    hits = matcher.find(unique["s"], unique["l"])
    if hits.empty:
        return
    terms = aliases.loc[hits["term_index"].to_numpy()]
    letters = [vocab.rules_for(lang).oblique_prefixes for lang in terms["language"]]
    behind = np.array(
        [
            bool(x) and oblique(m, t, x)
            for m, t, x in zip(hits["match"], terms["alias"], letters, strict=True)
        ],
        dtype=bool,
    )
    hits = hits[~behind | unique["a"].to_numpy()[hits["row"].to_numpy()]]
    hits = (
        hits.assign(length=hits["end"] - hits["start"])
        .sort_values(["row", "length", "start"], ascending=[True, False, True])
        .drop_duplicates("row")
    )
    best = np.full(len(unique), -1, dtype=np.int64)
    best[hits["row"].to_numpy()] = hits["term_index"].to_numpy()
    found = (
        unique.assign(term=best).merge(keys.reset_index(), on=["s", "l", "a"]).sort_values("index")
    )
    found = found[found["term"] >= 0]
    rows = todo[found["index"].to_numpy()]
    terms = aliases.loc[found["term"].to_numpy()]
    state.close(
        rows,
        terms["actor"].to_numpy(),
        label,
        evidence=terms["alias"].to_numpy(),
        **_span_fields(q, rows),
    )


def _description_steps(
    state: _State,
    q: _Quotes,
    personal: np.ndarray,
    described: pd.DataFrame,
    settings: PropagationSettings,
) -> None:
    """Rules 5 and 6: the article's own descriptions of the name, then the corpus's."""
    if described.empty or q.published is None:
        return
    decisions = article_decisions(described)
    frame = pd.DataFrame({"row": np.arange(len(q.frame)), "article_id": q.article, "name": q.name})

    def still_open() -> pd.DataFrame:
        return frame[state.undescribed() & personal & frame["name"].notna().to_numpy()]

    m = still_open().merge(decisions, on=["article_id", "name"])
    _decide_described(
        state,
        m,
        "description:article",
        m["article_id"],
        m["votes"].to_numpy(),
        m["total"].to_numpy(),
    )
    targets = still_open().drop_duplicates(["article_id", "name"])[["article_id", "name"]]
    targets = targets.assign(
        published=targets["article_id"].map(q.published),
        name_key=[
            q.keys.get((str(a), n), name_key(n))
            for a, n in zip(targets["article_id"], targets["name"], strict=True)
        ],
    )
    votes = decisions.assign(published=decisions["article_id"].map(q.published))
    corpus = corpus_decisions(targets, votes, settings)
    if not corpus.empty:
        m = still_open().merge(corpus, on=["article_id", "name"])
        _decide_described(
            state,
            m,
            "description:corpus",
            m["evidence_article"],
            m["votes"].to_numpy(),
            m["total"].to_numpy(),
        )


def _function_words(q: _Quotes, vocab: RoleVocabulary) -> np.ndarray:
    """Speakers that are pronouns or function words (``he``, ``لكنها``, ``بالقول``)."""

    def function(text: Any, lang: Any) -> bool:
        if not isinstance(text, str):
            return False
        rules = vocab.rules_for(lang)
        words = [norm(w) for w in text.split()]
        return all(is_function_word(w, rules) for w in words) or (
            len(words) == 1 and words[0].startswith(rules.not_name_prefixes)
        )

    return _per_distinct(q.name.fillna(q.surface), q.language, function)


def _per_distinct(values: pd.Series, languages: pd.Series, test) -> np.ndarray:
    """``test(value, language)`` for each row, computed once per distinct pair."""
    frame = pd.DataFrame({"v": values.astype(object), "l": languages.astype(object)})
    frame = frame.where(frame.notna(), None)
    unique = frame.drop_duplicates()
    results = {
        (v, lang): bool(test(v, lang)) for v, lang in zip(unique["v"], unique["l"], strict=True)
    }
    return np.fromiter(
        (results[(v, lang)] for v, lang in zip(frame["v"], frame["l"], strict=True)),
        dtype=bool,
        count=len(frame),
    )


def _finish(
    q: _Quotes, state: _State, codebook: ActorCodebook, has_speaker: np.ndarray
) -> pd.DataFrame:
    out = q.frame
    actors = codebook.actors.set_index("actor")
    actor = state.actor
    group = actor.map(actors["group"]) if not actors.empty else pd.Series([None] * len(out))
    group = group.astype("object")
    group[actor.isna() & has_speaker] = codebook.unmatched_group
    group[actor.isna() & ~has_speaker] = codebook.unattributed_group
    out["actor"] = actor.astype("string")
    out["actor_name"] = actor.map(actors["name"]).astype("string") if not actors.empty else pd.NA
    out["speaker_group"] = group.astype("string")
    out["actor_type"] = actor.map(actors["type"]).astype("string") if not actors.empty else pd.NA
    official = actor.map(actors["official"]) if not actors.empty else pd.Series([pd.NA] * len(out))
    out["official"] = official.astype("boolean")
    for column, dtype in PROVENANCE.items():
        out[column] = state.prov[column].astype(dtype)
    out["source"] = q.name.fillna(q.surface).fillna(out["actor"]).astype("string")
    out["quoted_words"] = out["text"].fillna("").str.count(WORD_PATTERN).astype("int64")
    out["cue_class"] = out["cue_class"].fillna(NO_CUE).astype("string")
    anonymous = (q.kind == "anonymous").fillna(False) | (out["actor_type"] == "anonymous").fillna(
        False
    )
    out["is_anonymous"] = anonymous.astype(bool)
    return out
