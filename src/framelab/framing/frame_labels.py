"""Frame labels per item from the codebook's cues (the lexicon measure) and coded-item loading.

:func:`lexicon_labels` runs the framing stage's own matcher and presence rule on any list of texts
(headlines, coded articles) and ranks the frames of each text by hits, then by the position of the
first hit (the GVFC protocol calls the first theme in the headline the primary frame).
:func:`coded_items` turns records with ``frames`` lists (the evaluation format of
``../shared/eval/frames``, or imported human codes) into :class:`~.learned.CodedItems`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ..errors import InputError
from .codebooks import FrameCodebook
from .frames import PresenceRule, article_frame_rates, coverage, find_hits
from .inputs import WORD_PATTERN
from .learned import CodedItems, split_headline


@dataclass(frozen=True)
class LexiconLabels:
    """``present`` and ``hits`` (items x frames), ``covered`` (the codebook has terms in the item's
    language) and ``primary`` (top-ranked frame with a hit, None without hits)."""

    present: np.ndarray
    hits: np.ndarray
    covered: np.ndarray
    primary: list[str | None]


def lexicon_labels(
    texts: Sequence[str],
    languages: Sequence[str],
    codebook: FrameCodebook,
    rule: PresenceRule,
    frames: Sequence[str] | None = None,
) -> LexiconLabels:
    """Cue-based frame labels of ``texts`` under the presence ``rule``."""
    frames = list(frames if frames is not None else codebook.frames["frame"])
    articles = pd.DataFrame(
        {
            "article_id": [str(i) for i in range(len(texts))],
            "language": list(languages),
            "text": list(texts),
        }
    )
    articles["n_words"] = articles["text"].str.count(WORD_PATTERN).astype("int64")
    hits = find_hits(articles, codebook)
    rates = article_frame_rates(articles, hits, codebook, rule)
    wide = (
        rates.pivot(index="article_id", columns="frame", values="present")
        .reindex(index=articles["article_id"], columns=frames)
        .fillna(False)
        .astype(bool)
    )
    counts = (
        rates.pivot(index="article_id", columns="frame", values="hits")
        .reindex(index=articles["article_id"], columns=frames)
        .fillna(0)
        .to_numpy(dtype=float)
    )
    frame_hits = hits[hits["kind"] == "frame"]
    first = (
        frame_hits.groupby(["article_id", "category"])["start"]
        .min()
        .unstack()
        .reindex(index=articles["article_id"], columns=frames)
        .to_numpy(dtype=float)
    )
    primary: list[str | None] = []
    for row_hits, row_first in zip(counts, first, strict=True):
        if row_hits.max(initial=0) == 0:
            primary.append(None)
            continue
        order = np.lexsort((np.nan_to_num(row_first, nan=np.inf), -row_hits))
        primary.append(frames[int(order[0])])
    return LexiconLabels(
        present=wide.to_numpy(),
        hits=counts,
        covered=coverage(articles, codebook).to_numpy(),
        primary=primary,
    )


def coded_items(
    records: Iterable[Mapping[str, Any]], frames: Sequence[str], source: str
) -> CodedItems:
    """Records ``{id, language, title, text, frames: [primary first, ...]}`` -> CodedItems.

    A frame key the codebook does not know, a record without ``id``/``text``/``language`` or a
    ``frames`` value that is not a list are errors naming ``source`` and the item."""
    frame_index = {f: j for j, f in enumerate(frames)}
    ids, heads, bodies, langs, rows, primary = [], [], [], [], [], []
    for number, record in enumerate(records, start=1):
        item = str(record.get("id") or f"line {number}")
        if not isinstance(record.get("text"), str) or not record.get("language"):
            raise InputError(source, f"item {item}: needs 'text' and 'language'")
        codes = record.get("frames")
        if not isinstance(codes, list):
            raise InputError(source, f"item {item}: 'frames' must be a list of frame keys")
        unknown = [c for c in codes if c not in frame_index]
        if unknown:
            raise InputError(
                source,
                f"item {item}: frame(s) {', '.join(map(str, unknown))} not in the codebook "
                f"({', '.join(frames)})",
            )
        row = np.zeros(len(frames), dtype=bool)
        row[[frame_index[c] for c in codes]] = True
        head, body = split_headline(record.get("title"), record["text"])
        ids.append(item)
        heads.append(head)
        bodies.append(body)
        langs.append(str(record["language"]))
        rows.append(row)
        primary.append(codes[0] if codes else None)
    if not ids:
        raise InputError(source, "no coded items")
    return CodedItems(
        ids=ids,
        headline=heads,
        body=bodies,
        language=langs,
        labels=np.vstack(rows),
        frames=list(frames),
        primary=primary,
    )
