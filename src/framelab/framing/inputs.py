"""The framing stage's inputs: upstream tables conformed to the columns framing reads.

Framing meets the other stages only through their parquet tables (``docs/conventions.md``). The
columns below are what framing uses, selected from the producers' schemas (:mod:`framelab.schemas`); missing optional columns are added as nulls so a
partial upstream table (e.g. quotes without ``cue_class``) gives NaN measures, not a crash.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pandas as pd

from ..errors import InputError
from ..io import conform, read_table
from ..schemas import CLEAN_SCHEMA, QUOTES_SCHEMA, TIMEX_SCHEMA, TOKENS_SCHEMA, select

log = logging.getLogger(__name__)

MISSING_GROUP = "(missing)"

# The columns framing reads, picked from the producers' schemas (framelab.schemas).
CLEAN_COLUMNS = select(
    CLEAN_SCHEMA,
    [
        "article_id",
        "outlet",
        "language",
        "published",
        "title",
        "text",
        "meta",
        "n_words",
        "is_duplicate",
    ],
)
QUOTE_COLUMNS = select(
    QUOTES_SCHEMA,
    [
        "article_id",
        "quote_id",
        "type",
        "start",
        "end",
        "text",
        "speaker",
        "speaker_start",
        "speaker_end",
        "speaker_name",
        "speaker_kind",
        "cue",
        "cue_lemma",
        "cue_class",
        "language",
    ],
)
TIMEX_COLUMNS = select(
    TIMEX_SCHEMA,
    ["article_id", "start", "end", "text", "type", "value", "granularity", "anchored"],
)
TOKEN_COLUMNS = select(
    TOKENS_SCHEMA,
    [
        "article_id",
        "sentence",
        "word",
        "text",
        "lemma",
        "upos",
        "head",
        "deprel",
        "start_char",
        "end_char",
    ],
)

WORD_PATTERN = r"\w+"


def read_inputs(
    clean: str | Path,
    quotes: str | Path,
    timexes: str | Path,
    tokens: str | Path | None = None,
) -> dict[str, pd.DataFrame]:
    """Read the four upstream tables (tokens optional: absent or empty folder -> empty table)."""
    tables = {
        "clean": conform(read_table(clean), CLEAN_COLUMNS, keep_extra=True),
        "quotes": conform(read_table(quotes), QUOTE_COLUMNS, keep_extra=True),
        "timexes": conform(read_table(timexes), TIMEX_COLUMNS, keep_extra=True),
    }
    token_path = Path(tokens) if tokens else None
    empty_folder = (
        token_path is not None and token_path.is_dir() and not any(token_path.glob("*.parquet"))
    )
    if token_path is not None and token_path.exists() and not empty_folder:
        tables["tokens"] = conform(read_table(token_path, TOKEN_COLUMNS), TOKEN_COLUMNS)
    else:
        tables["tokens"] = conform(pd.DataFrame(), TOKEN_COLUMNS)
    return tables


def meta_column(meta: pd.Series, key: str) -> pd.Series:
    """One key of the JSON ``meta`` column (e.g. AllSides ``bias``) as strings (null if absent)."""
    parsed = meta.fillna("{}").map(_parse_meta)
    values = parsed.map(lambda d: d.get(key))
    return values.map(lambda v: None if v is None or v == "" else str(v)).astype("string")


def _parse_meta(text: str) -> dict:
    try:
        value = json.loads(text)
    except (TypeError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}


def prepare_articles(
    clean: pd.DataFrame, group_by: str = "outlet", *, exclude_duplicates: bool = True
) -> pd.DataFrame:
    """Articles for framing: ``article_id, group, language, published (datetime), text, n_words``.

    ``group_by`` is a clean column or a key of the ``meta`` JSON (``bias``, ``category``...);
    articles whose group value is missing or blank go to the group ``(missing)`` (with a
    warning giving their number; the metrics count them as ``n_articles_missing_group``).
    Near-duplicates (``is_duplicate``) are left out when ``exclude_duplicates``.
    """
    clean = conform(clean, CLEAN_COLUMNS, keep_extra=True)
    if clean["article_id"].duplicated().any():
        dupes = clean.loc[clean["article_id"].duplicated(), "article_id"].head(3).tolist()
        raise InputError("clean", f"article_id is not unique (e.g. {dupes})")
    if group_by in clean.columns and group_by not in {"meta", "text"}:
        group = clean[group_by].astype("string")
    else:
        group = meta_column(clean["meta"], group_by)
        if group.isna().all() and len(clean):
            raise InputError(
                "params.yaml framing.group_by",
                f"{group_by!r} is neither a column of the clean table nor a key of its meta JSON",
            )
    group = group.mask(group.str.strip() == "")  # a blank value is a missing value
    n_missing = int(group.isna().sum())
    if n_missing:
        log.warning(
            "%d article(s) have no %s; they form the group %s", n_missing, group_by, MISSING_GROUP
        )
    text = clean["text"].fillna("")
    n_words = clean["n_words"].copy()
    missing = n_words.isna()
    if missing.any():  # count words only where the clean stage did not
        n_words[missing] = text[missing].str.count(WORD_PATTERN).astype("Int64")
    published = pd.to_datetime(clean["published"], errors="coerce", format="%Y-%m-%d")
    articles = pd.DataFrame(
        {
            "article_id": clean["article_id"],
            "group": group.fillna(MISSING_GROUP),
            "language": clean["language"],
            "published": published,
            "text": text,
            "n_words": n_words.astype("int64"),
        }
    )
    if exclude_duplicates:
        dup = clean["is_duplicate"].fillna(False).to_numpy(dtype=bool)
        if dup.any():
            log.info("leaving out %d near-duplicate article(s)", int(dup.sum()))
        articles = articles[~dup]
    return articles.reset_index(drop=True)
