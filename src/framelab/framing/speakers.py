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

from dataclasses import dataclass
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
from .role_vocabulary import (
    RoleVocabulary,
    find_hits,
    is_function_word,
    is_name_like,
    load_role_vocabulary,
    norm,
)
from .speaker_phrases import alias_step, media_step, phrase_step
from .speaker_roles import is_term, name_core
from .speaker_state import NO_CUE, PROVENANCE, Quotes, State, read_quotes

__all__ = ["NO_CUE", "PROVENANCE", "SpeakerResolution", "resolve_speakers", "resolve_with_evidence"]


@dataclass
class SpeakerResolution:
    quotes: pd.DataFrame  # the quotes with actor columns and provenance
    descriptions: pd.DataFrame  # every description of a named speaker (DESCRIPTION_COLUMNS)


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
    q = read_quotes(quotes, articles)
    state = State(len(q.frame), codebook)
    name_like = _per_distinct(q.name, q.language, lambda v, lang: is_name_like(v, lang, vocab))
    personal = (q.kind.isna() | q.kind.eq("person")).fillna(True).to_numpy() & name_like

    override = q.kind.map(codebook.kind_overrides).astype("object")
    rows = np.flatnonzero(override.notna().to_numpy())
    state.close(
        rows, override.iloc[rows].to_numpy(), "speaker_kind", evidence=q.kind.iloc[rows].to_numpy()
    )
    media_step(state, q, vocab)
    described = _descriptions(q, personal, vocab, codebook)
    _own_mention_step(state, q, described)
    phrase_step(state, q, vocab)
    alias_step(state, q, q.name, matcher, vocab, "alias:speaker_name")
    alias_step(state, q, q.surface, matcher, vocab, "alias:speaker")
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


def _descriptions(q: Quotes, personal: np.ndarray, vocab: RoleVocabulary, codebook) -> pd.DataFrame:
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


def _own_mention_step(state: State, q: Quotes, described: pd.DataFrame) -> None:
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
    # "Admiral X, former supreme allied commander": a rank stays a title after retirement, so a
    # description marked former wins over another at the same mention
    m = m.assign(former_first=~m["former"].fillna(False).astype(bool))
    m = m.sort_values(["row", "former_first", "kind"], ascending=[True, True, False])
    m = m.drop_duplicates("row")
    _decide_described(state, m, "role:speaker", m["article_id"])


def _decide_described(state: State, m: pd.DataFrame, label: str, article, votes=1, total=1) -> None:
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


def _description_steps(
    state: State,
    q: Quotes,
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


def _function_words(q: Quotes, vocab: RoleVocabulary) -> np.ndarray:
    """Speakers that are pronouns or function words (``he``, ``لكنها``, ``بالقول``) or half of
    a compound name (``عبد``)."""

    def function(text: Any, lang: Any) -> bool:
        if not isinstance(text, str):
            return False
        rules = vocab.rules_for(lang)
        words = [norm(w) for w in text.split()]
        return all(is_function_word(w, rules) for w in words) or (
            len(words) == 1
            and (words[0].startswith(rules.not_name_prefixes) or words[0] in rules.not_surnames)
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
    q: Quotes, state: State, codebook: ActorCodebook, has_speaker: np.ndarray
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
