"""The speaker rules that read the quote's own speaker phrase: news agencies and outlets,
role and organisation phrases (through :mod:`.speaker_roles`), and codebook aliases."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import numpy as np
import pandas as pd

from .matching import TermMatcher
from .role_vocabulary import LanguageRules, RoleVocabulary, find_hits, norm, oblique
from .speaker_roles import speaker_phrase
from .speaker_state import Quotes, State, span_fields


def media_step(state: State, q: Quotes, vocab: RoleVocabulary) -> None:
    """A speaker phrase naming a news agency or outlet (not a document such as a poll)."""
    target = state.type_actor("media")
    todo = np.flatnonzero(state.open() & q.kind.ne("document").fillna(True).to_numpy())
    if target is None or not len(todo):
        return
    phrase = q.surface.fillna(q.name).iloc[todo].reset_index(drop=True)
    hits = find_hits(vocab, phrase, q.language.iloc[todo].reset_index(drop=True))
    surnames = [
        person_surname(v, vocab.rules_for(lang)) or ""
        for v, lang in zip(q.name.iloc[todo], q.language.iloc[todo], strict=True)
    ]
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
        **span_fields(q, rows_arr),
    )


def person_surname(name: Any, rules: LanguageRules) -> str | None:
    """The surname of a person's name (folded), or None when the name is no person's name of two
    or more words: determiners are not part of it (``the FBI``, ``an official``), and in a
    language that capitalises names its first and last words are capitalised (``Mo Bloomberg``,
    not ``a U.S. official`` or ``the Obama administration``)."""
    if not isinstance(name, str):
        return None
    words = name.split()
    while words and norm(words[0]) in rules.appositive_starts:
        words = words[1:]
    if len(words) < 2:
        return None
    if rules.capitalised and not (words[0][:1].isupper() and words[-1][:1].isupper()):
        return None
    return norm(words[-1])


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


def phrase_step(state: State, q: Quotes, vocab: RoleVocabulary) -> None:
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
            **span_fields(q, rows),
        )


def _read_phrases(
    state: State, q: Quotes, phrase: pd.Series, vocab: RoleVocabulary
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
        surname = person_surname(name, vocab.rules_for(lang))
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


def alias_step(
    state: State,
    q: Quotes,
    column: pd.Series,
    matcher: TermMatcher,
    vocab: RoleVocabulary,
    label: str,
) -> None:
    """A codebook alias in ``column`` (longest wins; not behind a preposition clitic). The
    canonical name is not read once the speaker's own phrase said it is no actor type ("the
    leader of Hamas" linked to another name); the surface phrase still is (a Hamas actor)."""
    aliases = state.codebook.aliases
    allowed = state.open() if column is q.surface else state.undescribed()
    todo = np.flatnonzero(allowed & column.notna().to_numpy())
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
        **span_fields(q, rows),
    )
