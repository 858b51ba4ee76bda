"""Descriptions of named speakers in their articles, and their propagation across the corpus.

For every named speaker of an article (the quotes stage's canonical ``speaker_name``), every
occurrence of the name -- the full name, and its last word when that stands alone -- is looked
up in the clean text, and the words around it are read as a title before it or an appositive
after it (:mod:`.speaker_roles`). Each description found is one row of the evidence table
(:data:`DESCRIPTION_COLUMNS`, offsets into the clean text).

* **Article**: the type most descriptions of the name in the article give (ties: the earliest).
* **Corpus**: a name not described in an article takes the majority type of the articles that do
  describe it, among the ``neighbours`` articles nearest in publication date within
  ``window_days`` (all of them for an undated article), if that type has at least an
  ``agreement`` share of those votes. One vote per article, so a long article counts once. A
  one-word name ("Trump") is pooled with the full names ending in it; a full name only with
  itself. Nearest in time is how time is handled: an official described as "President" in 2014
  and "former President" in 2018 gets each label in its own period.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from .matching import fold_text
from .role_vocabulary import LanguageRules, RoleVocabulary, find_hits, norm
from .speaker_roles import APPOSITIVE_START, appositive_after, clause_start, title_before

WINDOW_CHARS = 120
CHUNK_CHARS = 5_000_000  # texts folded together for the name search
SEPARATOR = "\x00"
WHITESPACE = re.compile(r"\s")
DESCRIPTION_COLUMNS: dict[str, str] = {
    "article_id": "string",
    "name": "string",  # the canonical speaker name described
    "lookup": "string",  # the name as looked up (without title words the quotes stage kept)
    "name_key": "string",
    "form": "string",  # full | surname: which form of the name occurred
    "kind": "string",  # title | appositive | speaker
    "start": "Int64",  # the description (title + name, or name + appositive) in the clean text
    "end": "Int64",
    "text": "string",
    "role": "string",
    "organisation": "string",
    "former": "boolean",
    "type": "string",  # actor type, `none`, `former_official`; null: undecided
}
VOTE_COLUMNS = [
    "name_key",
    "surname_key",
    "article_id",
    "published",
    "type",
    "votes",
    "total",
    "start",
    "end",
    "text",
]


@dataclass(frozen=True)
class PropagationSettings:
    neighbours: int = 5
    agreement: float = 0.6
    window_days: int = 365


@lru_cache(maxsize=131072)
def name_key(name: str) -> str:
    """The key under which a name is the same across articles: folded letters, case, spacing
    and punctuation ignored (``U.S.`` = ``US``, ``ميلر`` = ``ميلر``)."""
    text = re.sub(r"[^\w\s]", "", fold_text(str(name))).casefold()
    return " ".join(text.split())


def surname_key(key: str) -> str:
    return key.rsplit(" ", 1)[-1] if key else key


def _forms(name: str, rules: LanguageRules) -> list[tuple[str, str]]:
    """The forms of a name looked up in the text (folded, lower-cased): the full name, and its
    last word when it has 3+ letters and is a surname (not in ``محمد بن سلمان``, not ``الله``)."""
    folded = norm(" ".join(str(name).split()))
    forms = [(folded, "full")]
    words = folded.split()
    if (
        len(words) > 1
        and len(re.sub(r"\W", "", words[-1])) >= 3
        and not rules.patronymics.intersection(words)
        and words[-1] not in rules.not_surnames
    ):
        forms.append((words[-1], "surname"))
    return forms


def searchable_texts(texts: dict[str, str]) -> dict[str, str]:
    """Each text folded, lower-cased and with every whitespace character as a space, same length
    as the text (offsets stay valid). All texts are folded at once (one numpy pass)."""
    ids = list(texts)
    joined = SEPARATOR.join(texts[i] for i in ids)
    folded = fold_text(joined)
    lower = folded.lower()
    if len(lower) == len(folded):  # a letter whose lower case is longer keeps the case
        folded = lower
    folded = WHITESPACE.sub(" ", folded)
    out, at = {}, 0
    for i in ids:
        out[i] = folded[at : at + len(texts[i])]
        at += len(texts[i]) + len(SEPARATOR)
    return out


def _searchable_chunks(wanted: dict[str, list], texts: dict[str, str]):
    """``(article_id, pairs, searchable text)``, folded chunk by chunk (memory stays flat)."""
    ids = list(wanted)
    start = 0
    while start < len(ids):
        size, stop = 0, start
        while stop < len(ids) and (size < CHUNK_CHARS or stop == start):
            size += len(texts[ids[stop]])
            stop += 1
        searchable = searchable_texts({a: texts[a] for a in ids[start:stop]})
        for article_id in ids[start:stop]:
            yield article_id, wanted[article_id], searchable[article_id]
        start = stop


def _find_all(haystack: str, form: str) -> list[int]:
    """Start offsets of ``form`` in ``haystack`` as a whole word."""
    found, at = [], haystack.find(form)
    while at >= 0:
        end = at + len(form)
        if (at == 0 or not haystack[at - 1].isalnum()) and (
            end == len(haystack) or not haystack[end].isalnum()
        ):
            found.append(at)
        at = haystack.find(form, at + 1)
    return found


CAPITALISED_PAIR = re.compile(r"([A-Z][\w'’.-]*)\s+(?=([A-Z][\w'’-]*))")


def _first_names(text: str) -> dict[str, set[str]]:
    """Capitalised word -> the capitalised words written right before it in ``text``."""
    before: dict[str, set[str]] = {}
    for match in CAPITALISED_PAIR.finditer(text):
        before.setdefault(norm(match.group(2)), set()).add(norm(match.group(1)))
    return before


def _shared_surname(
    name: str,
    surname: str,
    pairs: list[tuple[str, str, str]],
    first_names: dict[str, set[str]] | None,
    vocab: RoleVocabulary,
) -> bool:
    """Does another person of the article bear this surname: another speaker's name ending in
    it, or (where names are capitalised: ``first_names`` given) another first name written
    before it ("Bill Clinton" next to "Hillary Clinton")?"""
    own = {norm(w) for w in str(name).split()}
    for _, _, other in pairs:
        words = norm(str(other)).split()
        if len(words) > 1 and words[-1] == surname and set(words) != own:
            return True
    if first_names is None:
        return False
    return bool(first_names.get(surname, set()) - own - vocab.title_words)


def occurrences(names: pd.DataFrame, texts: dict[str, str], vocab: RoleVocabulary) -> pd.DataFrame:
    """Every occurrence of each (article_id, name, language) in its article's text: ``article_id,
    name, language, form, start, end``. Surname occurrences inside a full-name occurrence are
    not repeated."""
    rows = []
    wanted: dict[str, list[tuple[str, str]]] = {}
    lookups = names["lookup"] if "lookup" in names else names["name"]
    for article_id, name, language, lookup in zip(
        names["article_id"], names["name"], names["language"], lookups, strict=True
    ):
        if texts.get(article_id):
            wanted.setdefault(article_id, []).append((name, language, lookup))
    for article_id, pairs, haystack in _searchable_chunks(wanted, texts):
        capitalised = vocab.rules_for(pairs[0][1]).capitalised
        first_names = _first_names(texts[article_id]) if capitalised else None
        for name, language, lookup in pairs:
            spans: list[tuple[int, int]] = []
            forms = _forms(lookup, vocab.rules_for(language))
            if len(forms) > 1 and _shared_surname(lookup, forms[1][0], pairs, first_names, vocab):
                forms = forms[:1]  # "Clinton" may be Bill or Hillary: only full names count
            for form, which in forms:
                for at in _find_all(haystack, form):
                    if any(s <= at < e for s, e in spans):
                        continue
                    spans.append((at, at + len(form)))
                    rows.append((article_id, name, lookup, language, which, at, at + len(form)))
    return pd.DataFrame(
        rows, columns=["article_id", "name", "lookup", "language", "form", "start", "end"]
    )


def describe(
    occ: pd.DataFrame, texts: dict[str, str], vocab: RoleVocabulary, official_types: frozenset[str]
) -> pd.DataFrame:
    """Titles and appositives at name occurrences: the evidence table (DESCRIPTION_COLUMNS)."""
    if occ.empty:
        return _empty()
    before, after = [], []
    for a, s, e in zip(occ["article_id"], occ["start"], occ["end"], strict=True):
        window = texts[a][max(0, s - WINDOW_CHARS) : s]
        before.append(window[clause_start(window) :])  # only the clause before the name
        window = texts[a][e : e + WINDOW_CHARS]
        after.append(window if APPOSITIVE_START.match(window) else "")
    lang = occ["language"].astype("string")
    hits_before = find_hits(vocab, pd.Series(before), lang)
    hits_after = find_hits(vocab, pd.Series(after), lang)
    rows = []
    for i, row in enumerate(occ.itertuples(index=False)):
        rules = vocab.rules_for(row.language)
        words = frozenset(norm(w) for w in str(row.lookup).split())
        if _continued(after[i] or texts[row.article_id][row.end : row.end + 8], rules):
            continue  # "Donald Trump Jr." is another person
        title = title_before(
            before[i], hits_before[i], rules, words, official_types, row.form == "surname"
        )
        if title:
            offset = row.start - len(before[i])
            start, end = offset + title["span_start"], row.end
            rows.append(_row(row, "title", start, end, texts, title))
        appositive = after[i] and appositive_after(after[i], hits_after[i], rules, official_types)
        if appositive:
            start, end = row.start, row.end + appositive["span_end"]
            rows.append(_row(row, "appositive", start, end, texts, appositive))
    if not rows:
        return _empty()
    return pd.DataFrame(rows).astype(DESCRIPTION_COLUMNS)[list(DESCRIPTION_COLUMNS)]


def _continued(after: str, rules) -> bool:
    """Does the name go on (``Jr.``, ``III``) right after this occurrence?"""
    match = re.match(r"[\s,]*([\w.]+)", after)
    return bool(match) and norm(match.group(1)) in rules.name_suffixes


def _row(row, kind: str, start: int, end: int, texts: dict[str, str], found: dict) -> dict:
    return {
        "article_id": row.article_id,
        "name": row.name,
        "lookup": row.lookup,
        "name_key": name_key(row.lookup),
        "form": row.form,
        "kind": kind,
        "start": start,
        "end": end,
        "text": texts[row.article_id][start:end],
        "role": found["role"],
        "organisation": found["organisation"],
        "former": found["former"],
        "type": found["type"],
    }


def _empty() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=t) for c, t in DESCRIPTION_COLUMNS.items()})


def article_decisions(evidence: pd.DataFrame) -> pd.DataFrame:
    """Per (article_id, name): the type most of its decided descriptions give (ties: earliest),
    with ``votes`` (descriptions of that type), ``total`` (decided descriptions) and the
    earliest such description as evidence (``start, end, text``)."""
    cols = ["article_id", "name", "name_key", "type", "votes", "total", "start", "end", "text"]
    decided = evidence[evidence["type"].notna()]
    if decided.empty:
        return pd.DataFrame(columns=cols)
    counts = (
        decided.groupby(["article_id", "name", "type"], observed=True)
        .agg(votes=("start", "size"), first=("start", "min"))
        .reset_index()
    )
    counts["total"] = counts.groupby(["article_id", "name"])["votes"].transform("sum")
    best = counts.sort_values(["votes", "first"], ascending=[False, True]).drop_duplicates(
        ["article_id", "name"]
    )
    example = decided.sort_values("start").drop_duplicates(["article_id", "name", "type"])
    out = best.merge(
        example[["article_id", "name", "name_key", "type", "start", "end", "text"]],
        on=["article_id", "name", "type"],
        how="left",
    )
    return out[cols].reset_index(drop=True)


def corpus_decisions(
    targets: pd.DataFrame, votes: pd.DataFrame, settings: PropagationSettings
) -> pd.DataFrame:
    """For each target ``(article_id, name, published)`` without a description in its article:
    the majority type of the nearest-in-time articles describing the same name.

    ``votes``: one row per (article, name) decision (``article_decisions`` with ``published``).
    Returns ``article_id, name, type, votes, total, evidence_article, start, end, text``."""
    cols = [
        "article_id",
        "name",
        "type",
        "votes",
        "total",
        "evidence_article",
        "start",
        "end",
        "text",
    ]
    if targets.empty or votes.empty:
        return pd.DataFrame(columns=cols)
    votes = votes.reset_index(drop=True)
    keys = votes["name_key"] if "name_key" in votes else votes["name"].map(name_key)
    types, type_codes = np.unique(votes["type"].astype(str).to_numpy(), return_inverse=True)
    days = _days(votes["published"])
    by_key = {k: np.asarray(ix) for k, ix in keys.groupby(keys).groups.items()}
    # a one-word name is pooled with the full names ending in it (evidence that it is a
    # surname), not with other one-word names ("Peter" described as "Rep. Peter" elsewhere)
    full = keys[keys.str.contains(" ", regex=False)]
    by_surname = {k: np.asarray(ix) for k, ix in full.groupby(full.map(surname_key)).groups.items()}
    vote_articles = votes["article_id"].astype(str).to_numpy()
    found = []
    target_keys = (
        targets["name_key"] if "name_key" in targets else targets["name"].map(name_key)
    ).to_numpy()
    target_days = _days(targets["published"])
    for i, (article_id, key) in enumerate(
        zip(targets["article_id"].astype(str), target_keys, strict=True)
    ):
        pool = (by_surname if " " not in key else by_key).get(key)
        if pool is None:
            continue
        chosen = _nearest(pool, days, target_days[i], vote_articles, article_id, settings)
        if not len(chosen):
            continue
        counts = np.bincount(type_codes[chosen], minlength=len(types))
        order = np.argsort(-counts, kind="stable")
        best, n = order[0], int(counts[order[0]])
        if n / len(chosen) < settings.agreement or (len(order) > 1 and counts[order[1]] == n):
            continue
        example = chosen[type_codes[chosen] == best][0]
        found.append((i, types[best], n, len(chosen), example))
    if not found:
        return pd.DataFrame(columns=cols)
    at, winner, n, total, example = (np.asarray(c) for c in zip(*found, strict=True))
    return pd.DataFrame(
        {
            "article_id": targets["article_id"].to_numpy()[at],
            "name": targets["name"].to_numpy()[at],
            "type": winner,
            "votes": n,
            "total": total,
            "evidence_article": vote_articles[example],
            "start": votes["start"].to_numpy()[example],
            "end": votes["end"].to_numpy()[example],
            "text": votes["text"].to_numpy()[example],
        },
        columns=cols,
    )


def _days(published: pd.Series) -> np.ndarray:
    """Publication dates as float days since the epoch (NaN when unknown)."""
    dates = pd.to_datetime(published, errors="coerce")
    return (dates - pd.Timestamp("1970-01-01")).dt.total_seconds().to_numpy(dtype=float) / 86400


def _nearest(
    pool: np.ndarray,
    days: np.ndarray,
    day: float,
    articles: np.ndarray,
    article_id: str,
    settings: PropagationSettings,
) -> np.ndarray:
    """The votes (indices) nearest in time to ``day`` within the window, other articles only;
    for an undated target all votes of the pool."""
    pool = pool[articles[pool] != article_id]
    if np.isnan(day):
        return pool
    distance = np.abs(days[pool] - day)
    keep = ~np.isnan(distance) & (distance <= settings.window_days)
    pool, distance = pool[keep], distance[keep]
    return pool[np.argsort(distance, kind="stable")[: settings.neighbours]]
