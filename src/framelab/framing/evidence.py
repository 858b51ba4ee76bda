"""Evidence in context: an article's text with frame cues, contested terms, actor mentions and
quotes highlighted as HTML (for notebooks and the report). Offsets are clean-text offsets."""

from __future__ import annotations

import html

import pandas as pd

STYLES = {
    "frame": "background:#fff3b0",
    "contested": "background:#ffc9c9;font-weight:600",
    "actor": "border-bottom:2px solid #1c7ed6",
    "quote": "background:#e7f5ff",
}


def evidence_spans(
    article_id: str,
    hits: pd.DataFrame,
    mentions: pd.DataFrame,
    quotes: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Spans of one article: ``start, end, kind, label`` sorted by start (longest first)."""
    parts = []
    h = hits[hits["article_id"] == article_id]
    if not h.empty:
        label = h["category"].astype(str) + h["variant"].fillna("").map(
            lambda v: f" / {v}" if v else ""
        )
        parts.append(
            pd.DataFrame({"start": h["start"], "end": h["end"], "kind": h["kind"], "label": label})
        )
    m = mentions[mentions["article_id"] == article_id]
    if not m.empty:
        parts.append(
            pd.DataFrame(
                {
                    "start": m["start"],
                    "end": m["end"],
                    "kind": "actor",
                    "label": m["actor"].astype(str) + " (" + m["group"].astype(str) + ")",
                }
            )
        )
    if quotes is not None and not quotes.empty:
        q = quotes[quotes["article_id"] == article_id]
        parts.append(
            pd.DataFrame(
                {
                    "start": q["start"],
                    "end": q["end"],
                    "kind": "quote",
                    "label": "quote: " + q["speaker_group"].astype(str),
                }
            )
        )
    if not parts:
        return pd.DataFrame(columns=["start", "end", "kind", "label"])
    spans = pd.concat(parts, ignore_index=True).astype({"start": "int64", "end": "int64"})
    return spans.sort_values(["start", "end"], ascending=[True, False]).reset_index(drop=True)


def highlight_html(text: str, spans: pd.DataFrame, direction: str = "auto") -> str:
    """``text`` as HTML with each span wrapped in a titled ``<span>``. Quotes are a background
    layer under the term spans; overlapping term spans are skipped (the first, longest wins)."""
    terms = []
    last_end = -1
    for start, end, kind, label in spans[spans["kind"] != "quote"].itertuples(index=False):
        if start >= last_end:
            terms.append((int(start), int(end), str(kind), str(label)))
            last_end = int(end)
    quotes = [
        (int(s), int(e))
        for s, e in spans.loc[spans["kind"] == "quote", ["start", "end"]].itertuples(index=False)
    ]
    cuts = sorted(
        {
            0,
            len(text),
            *[p for s, e, *_ in terms for p in (s, e)],
            *[p for s, e in quotes for p in (s, e)],
        }
    )
    cuts = [c for c in cuts if 0 <= c <= len(text)]
    out = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        if a >= b:
            continue
        piece = html.escape(text[a:b]).replace("\n", "<br>")
        styles, titles = [], []
        if any(s <= a and b <= e for s, e in quotes):
            styles.append(STYLES["quote"])
        for s, e, kind, label in terms:
            if s <= a and b <= e:
                styles.append(STYLES.get(kind, ""))
                titles.append(label)
                break
        if styles:
            title = f" title='{html.escape(titles[0])}'" if titles else ""
            out.append(f"<span style='{';'.join(styles)}'{title}>{piece}</span>")
        else:
            out.append(piece)
    legend = " ".join(f"<span style='{s}'>{k}</span>" for k, s in STYLES.items())
    return (
        f"<div style='font-size:.8em;margin-bottom:.4em'>{legend}</div>"
        f"<div dir='{direction}' style='line-height:1.7'>{''.join(out)}</div>"
    )
