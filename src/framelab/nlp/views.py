"""Small summaries of the annotate stage's tables for the notebook and reports.

They read the tokens parts column by column, one part at a time, so they stay cheap on a large corpus.
"""

from __future__ import annotations

import html
import os
from pathlib import Path

import pandas as pd

LENGTH_BINS = [(1, 5), (6, 10), (11, 20), (21, 30), (31, 50), (51, 100), (101, None)]


def _parts(folder: str | os.PathLike[str]) -> list[Path]:
    return sorted(Path(folder).glob("part-*.parquet"))


def status_by_language(status: pd.DataFrame) -> pd.DataFrame:
    """Articles per language and status (annotated / cached / skipped), with a total column."""
    table = pd.crosstab(status["language"].fillna("unknown"), status["status"])
    for col in ("annotated", "cached", "skipped"):
        if col not in table.columns:
            table[col] = 0
    table = table[["annotated", "cached", "skipped"]]
    table["total"] = table.sum(axis=1)
    return table.sort_values("total", ascending=False)


def skip_reasons(status: pd.DataFrame) -> pd.DataFrame:
    """Skipped articles per language and reason."""
    skipped = status[status["status"] == "skipped"]
    return (
        skipped.groupby([skipped["language"].fillna("unknown"), "reason"], dropna=False)
        .size()
        .rename("articles")
        .reset_index()
        .sort_values("articles", ascending=False, ignore_index=True)
    )


def sentence_lengths(tokens_dir: str | os.PathLike[str]) -> pd.Series:
    """Words per sentence over the whole tokens table (index: article_id, sentence)."""
    sizes = [
        pd.read_parquet(part, columns=["article_id", "sentence"])
        .groupby(["article_id", "sentence"])
        .size()
        for part in _parts(tokens_dir)
    ]
    sizes = [s for s in sizes if not s.empty]
    return pd.concat(sizes) if sizes else pd.Series(dtype="int64")


def length_bin_label(low: int, high: int | None) -> str:
    return f"{low}-{high}" if high is not None else f">{low - 1}"


def sentence_length_table(lengths: pd.Series) -> pd.DataFrame:
    """Sentences per length bin (columns ``length_bin, sentences``; every bin present)."""
    rows = []
    for low, high in LENGTH_BINS:
        mask = lengths >= low if high is None else lengths.between(low, high)
        rows.append({"length_bin": length_bin_label(low, high), "sentences": int(mask.sum())})
    return pd.DataFrame(rows)


def top_entities_by_group(
    entities: pd.DataFrame, articles: pd.DataFrame, group: str = "outlet", n: int = 10
) -> pd.DataFrame:
    """The ``n`` most frequent entities (text, type) per ``group`` value of the articles table."""
    if entities.empty or group not in articles.columns:
        return pd.DataFrame(columns=[group, "text", "type", "mentions", "articles"])
    merged = entities.merge(articles[["article_id", group]], on="article_id", how="left")
    merged[group] = merged[group].fillna("unknown")
    counts = (
        merged.groupby([group, "text", "type"])
        .agg(mentions=("article_id", "size"), articles=("article_id", "nunique"))
        .reset_index()
        .sort_values([group, "mentions", "text"], ascending=[True, False, True])
    )
    return counts.groupby(group, sort=True).head(n).reset_index(drop=True)


def example_sentence(tokens_dir: str | os.PathLike[str], max_words: int = 30) -> pd.DataFrame:
    """The words of one parsed sentence to show: the first with a named entity and a parse, of at
    most ``max_words`` words (else the first sentence); empty when nothing was annotated."""
    for part in _parts(tokens_dir):
        tokens = pd.read_parquet(part)
        if tokens.empty:
            continue
        sizes = tokens.groupby(["article_id", "sentence"], sort=False).size()
        has_entity = (
            tokens.assign(e=tokens["ner"].fillna("O").ne("O"))
            .groupby(["article_id", "sentence"], sort=False)["e"]
            .any()
        )
        candidates = sizes[(sizes <= max_words) & has_entity.reindex(sizes.index)]
        key = candidates.index[0] if len(candidates) else sizes.index[0]
        sentence = tokens[(tokens["article_id"] == key[0]) & (tokens["sentence"] == key[1])]
        return parse_table(sentence)
    return pd.DataFrame()


def parse_table(sentence: pd.DataFrame) -> pd.DataFrame:
    """One sentence as a readable dependency table (the head's text next to its id)."""
    words = sentence.set_index("word")["text"]
    table = sentence[
        [
            "article_id",
            "sentence",
            "word",
            "text",
            "lemma",
            "upos",
            "feats",
            "head",
            "deprel",
            "ner",
            "start_char",
            "end_char",
        ]
    ].copy()
    table["head_text"] = [
        "ROOT" if pd.notna(h) and h == 0 else words.get(h, None) if pd.notna(h) else None
        for h in table["head"]
    ]
    return table.reset_index(drop=True)


def sentence_html(table: pd.DataFrame, text: str | None = None) -> str:
    """The sentence with its entities highlighted and each word's relation to its head below it
    (right-to-left scripts read naturally: the direction follows the text)."""
    if table.empty:
        return "<p><em>no annotated sentence to show</em></p>"
    cells = []
    for row in table.itertuples():
        ner = row.ner if isinstance(row.ner, str) else "O"
        style = "background:#ffe08a;" if ner != "O" else ""
        label = ner.split("-", 1)[1] if ner != "O" else ""
        cells.append(
            "<span style='display:inline-block;margin:2px 4px;text-align:center;vertical-align:top;'>"
            f"<span style='{style}font-size:1.15em;padding:1px 3px;border-radius:3px'>{html.escape(str(row.text))}</span>"
            f"<br><small style='color:#555'>{html.escape(str(row.upos or ''))} "
            f"{html.escape(str(row.deprel or ''))}&rarr;{html.escape(str(row.head_text or ''))}</small>"
            + (f"<br><small style='color:#a60'>{html.escape(label)}</small>" if label else "")
            + "</span>"
        )
    source = f"<p style='color:#333'>{html.escape(text)}</p>" if text else ""
    return f"{source}<div dir='auto' style='line-height:1.4'>{''.join(cells)}</div>"
