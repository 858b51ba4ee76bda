"""Report section: the most-quoted speakers no rule resolved, so a researcher can extend the
actors codebook.

``unresolved_speakers_section(ctx)`` follows the report package's section contract (a function of
a context with ``.table(name) -> DataFrame`` and ``.metrics``, returning an HTML fragment); it
reads the framing table ``unresolved_speakers`` (:data:`framelab.framing.unresolved.UNRESOLVED_COLUMNS`) and the
metrics ``quotes_resolved_to_actor``, ``share_of_voice`` and ``speaker_resolution``. Every value
from the data is escaped with :func:`framelab.display.html_text`. The table's schema is the
framing stage's (:data:`framelab.framing.unresolved.UNRESOLVED_COLUMNS`).
"""

from __future__ import annotations

from typing import Any, Protocol

import pandas as pd

from ..display import html_text
from ..framing.unresolved import UNRESOLVED_COLUMNS

TABLE = "unresolved_speakers"
SHOWN = 20
HEADING = "Unresolved speakers (to extend the codebook)"
EMPTY = "No unresolved speaker listed: every quoted speaker was resolved, or there were no quotes."
COLUMNS = [
    "#",
    "speaker",
    "rule",
    "described as",
    "quotes",
    "quoted words",
    "share of unresolved words",
    "article [offsets]",
    "context",
]


class SectionContext(Protocol):
    metrics: dict[str, Any]

    def table(self, name: str) -> pd.DataFrame: ...


def unresolved_speakers_section(ctx: SectionContext, shown: int = SHOWN) -> str:
    """The ``shown`` most-quoted unresolved speakers, one example context each, under a line
    saying how much was resolved and by which rules."""
    parts = [f"<h2>{html_text(HEADING)}</h2>", _summary(ctx.metrics or {})]
    table = ctx.table(TABLE)
    if table.empty:
        parts.append(_note(EMPTY))
        return "".join(parts)
    missing = [c for c in UNRESOLVED_COLUMNS if c not in table.columns]
    if missing:
        parts.append(_note(f"{TABLE} lacks the column(s) {', '.join(missing)}: not shown."))
        return "".join(parts)
    first = table[table["example"] == 1].sort_values("rank").head(shown)
    listed = int(table["rank"].max())
    parts.append(
        _note(
            f"The {len(first)} most-quoted of {listed} listed speakers that stay 'other', by "
            "quoted words (all, with up to three contexts each, in unresolved_speakers.csv). "
            "Rule not_a_name: a pronoun or function word was extracted as the speaker (a quote "
            "extraction problem, not a codebook gap). 'Described as': types the articles gave "
            "the speaker that the codebook does not map (none: e.g. a candidate or a lawyer)."
        )
    )
    head = "".join(f"<th>{html_text(c)}</th>" for c in COLUMNS)
    rows = "".join(_row(r) for r in first.itertuples(index=False))
    parts.append(f"<table class='tbl'><tr>{head}</tr>{rows}</table>")
    return "".join(parts)


def _row(r: Any) -> str:
    share = r.share_of_unresolved_words
    cells = [
        str(int(r.rank)),
        f"<span dir='auto'>{html_text(r.speaker)}</span>",
        html_text(r.resolution),
        html_text(_text(r.described_types)),
        str(int(r.quotes)),
        str(int(r.quoted_words)),
        "–" if pd.isna(share) else f"{float(share):.1%}",
        html_text(f"{r.article_id} [{_text(r.start)}:{_text(r.end)}]"),
        _context_html(_text(r.context), _text(r.mention)),
    ]
    return "<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>"


def _context_html(context: str, mention: str) -> str:
    """The context with the speaker mention in bold (the table writes it as ``[mention]``)."""
    marked = f"[{mention}]"
    at = context.find(marked) if mention else -1
    if at < 0:
        body = html_text(context)
    else:
        left, right = context[:at], context[at + len(marked) :]
        body = f"{html_text(left)}<b>{html_text(mention)}</b>{html_text(right)}"
    return f"<span dir='auto'>{body}</span>"


def _summary(metrics: dict[str, Any]) -> str:
    resolved = metrics.get("quotes_resolved_to_actor")
    if resolved is None:
        return ""
    other = (metrics.get("share_of_voice") or {}).get("other")
    rules = metrics.get("speaker_resolution") or {}
    ranked = sorted(
        ((k, v) for k, v in rules.items() if v is not None), key=lambda kv: (-kv[1], kv[0])
    )
    text = f"Quotes resolved to a codebook actor: {resolved:.1%}"
    if other is not None:
        text += f"; quoted words left 'other': {other:.1%}"
    if ranked:
        text += ". Quotes by rule: " + ", ".join(f"{k} {v:.1%}" for k, v in ranked)
    return _note(text + " (docs/framing.md, 'Speakers').")


def _note(text: str) -> str:
    return f"<p class='note'>{html_text(text)}</p>"


def _text(value: Any) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return "–"
    return str(value)
