"""Actors in the text: mentions (salience) and agent / patient roles from Stanza dependencies.

Actor mentions are codebook aliases found in the clean text. With Stanza tokens (the annotate
stage), a mention whose word is the subject of a verb (``nsubj``, ``csubj``, ``obl:agent``) makes
the actor an *agent*; the object or passive subject of a verb (``obj``, ``iobj``,
``nsubj:pass``) a *patient*. Without tokens (no Stanza models installed) roles are NaN with the
reason stated, and mentions are still counted.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .codebooks import ActorCodebook
from .matching import TermMatcher

AGENT_RELATIONS = {"nsubj", "csubj", "obl:agent", "nsubj:outer"}
PATIENT_RELATIONS = {"obj", "iobj", "nsubj:pass", "csubj:pass"}
NO_TOKENS_REASON = "undefined: no Stanza tokens (annotate stage found no models)"
MENTION_COLUMNS = ["article_id", "actor", "group", "start", "end", "match"]


def actor_mentions(
    articles: pd.DataFrame, codebook: ActorCodebook, matcher: TermMatcher | None = None
) -> pd.DataFrame:
    """Every alias occurrence in the articles' text: ``article_id, actor, group, start, end, match``."""
    if codebook.aliases.empty:
        return pd.DataFrame(columns=MENTION_COLUMNS)
    matcher = matcher or TermMatcher.from_terms(codebook.aliases)
    hits = matcher.find(articles["text"], articles["language"])
    aliases = codebook.aliases.loc[hits["term_index"].to_numpy()]
    return pd.DataFrame(
        {
            "article_id": articles["article_id"].to_numpy()[hits["row"].to_numpy()],
            "actor": aliases["actor"].to_numpy(),
            "group": aliases["group"].to_numpy(),
            "start": hits["start"].to_numpy(),
            "end": hits["end"].to_numpy(),
            "match": hits["match"].to_numpy(),
        },
        columns=MENTION_COLUMNS,
    )


def role_of_relation(deprel: pd.Series) -> pd.Series:
    """``agent`` / ``patient`` / null for Universal Dependencies relations."""
    rel = deprel.fillna("").str.lower()
    return pd.Series(
        np.select(
            [rel.isin(AGENT_RELATIONS), rel.isin(PATIENT_RELATIONS)],
            ["agent", "patient"],
            default=None,
        ),
        index=deprel.index,
        dtype="object",
    )


def actor_roles(mentions: pd.DataFrame, tokens: pd.DataFrame) -> pd.DataFrame:
    """Mentions whose words are subjects or objects of a verb:
    ``article_id, actor, group, role, verb, verb_lemma, start, end, match``."""
    cols = ["article_id", "actor", "group", "role", "verb", "verb_lemma", "start", "end", "match"]
    if tokens.empty or mentions.empty:
        return pd.DataFrame(columns=cols)
    tok = tokens.assign(role=role_of_relation(tokens["deprel"]))
    heads = tokens[["article_id", "sentence", "word", "text", "lemma", "upos"]].rename(
        columns={"word": "head", "text": "verb", "lemma": "verb_lemma", "upos": "head_upos"}
    )
    tok = tok[tok["role"].notna()].merge(heads, on=["article_id", "sentence", "head"], how="inner")
    tok = tok[tok["head_upos"].isin(["VERB", "AUX"])]
    if tok.empty:
        return pd.DataFrame(columns=cols)
    # merge_asof needs identical key dtypes (tokens carry pandas strings, mentions objects)
    tok = tok.assign(
        start_char=tok["start_char"].astype("int64"), article_id=tok["article_id"].astype(str)
    ).sort_values("start_char")
    spans = mentions.assign(
        start=mentions["start"].astype("int64"), article_id=mentions["article_id"].astype(str)
    ).sort_values("start")
    joined = pd.merge_asof(
        tok[["article_id", "start_char", "role", "verb", "verb_lemma"]],
        spans,
        left_on="start_char",
        right_on="start",
        by="article_id",
        direction="backward",
    )
    joined = joined[joined["actor"].notna() & (joined["start_char"] < joined["end"])]
    # a multi-word mention may hold several dependents of the same verb: count the mention once
    joined = joined.drop_duplicates(["article_id", "start", "role", "verb"])
    return joined[cols].reset_index(drop=True)


def roles_by_group(
    articles: pd.DataFrame, mentions: pd.DataFrame, roles: pd.DataFrame, has_tokens: pd.Series
) -> pd.DataFrame:
    """Per ``group`` (outlet) x actor group: mentions, mentions per 1,000 words, agent and
    patient counts and ``agent_share`` = agent / (agent + patient). Roles are NaN with a reason
    where the outlet's articles have no Stanza tokens."""
    cols = [
        "group",
        "actor_group",
        "mentions",
        "mentions_per_1000_words",
        "agent",
        "patient",
        "agent_share",
        "note",
    ]
    if mentions.empty:
        return pd.DataFrame(columns=cols)
    art = articles[["article_id", "group", "n_words"]].assign(has_tokens=has_tokens.to_numpy())
    m = mentions.merge(art[["article_id", "group"]], on="article_id", suffixes=("_actor", ""))
    m = m.rename(columns={"group_actor": "actor_group"})
    out = m.groupby(["group", "actor_group"]).size().rename("mentions").reset_index()
    words = art.groupby("group")["n_words"].sum()
    out["mentions_per_1000_words"] = (
        1000 * out["mentions"] / out["group"].map(words).where(out["group"].map(words) > 0)
    )
    r = roles.merge(art[["article_id", "group"]], on="article_id", suffixes=("_actor", ""))
    r = r.rename(columns={"group_actor": "actor_group"})
    counts = r.groupby(["group", "actor_group", "role"]).size().unstack(fill_value=0)
    counts = counts.reindex(columns=["agent", "patient"], fill_value=0)
    out = out.merge(counts.reset_index(), on=["group", "actor_group"], how="left")
    tokenised = art.groupby("group")["has_tokens"].any()
    with_tokens = out["group"].map(tokenised).fillna(False).astype(bool)
    for col in ("agent", "patient"):
        out[col] = out[col].fillna(0).where(with_tokens)
    total = out["agent"] + out["patient"]
    out["agent_share"] = out["agent"] / total.where(total > 0)
    out["note"] = np.where(
        ~with_tokens,
        NO_TOKENS_REASON,
        np.where(total > 0, None, "undefined: actor never subject or object of a verb"),
    )
    return out[cols]
