"""HTML rendering of an article with its quotes, speakers and cues highlighted (notebook view)."""

from __future__ import annotations

import html

import pandas as pd

from ..display import language_is_right_to_left

STYLES = {
    "quote": "background:#fff3b0",
    "speaker": "background:#c7e9ff;font-weight:bold",
    "cue": "background:#ffd0d0;text-decoration:underline",
}


def _events(quotes: pd.DataFrame, length: int) -> list[tuple[int, int, str, str]]:
    spans = []
    for q in quotes.to_dict("records"):
        label = f"{q.get('type')} · {q.get('speaker_name') or '?'} · {q.get('cue_class') or '-'}"
        for kind, a, b in (
            ("quote", q.get("start"), q.get("end")),
            ("speaker", q.get("speaker_start"), q.get("speaker_end")),
            ("cue", q.get("cue_start"), q.get("cue_end")),
        ):
            if a is None or b is None or a is pd.NA or b is pd.NA:
                continue
            a, b = max(0, int(a)), min(length, int(b))
            if b > a:
                spans.append((a, b, kind, label))
    return spans


def highlight_html(text: str, quotes: pd.DataFrame, language: str | None = None) -> str:
    """The text as HTML: quotes yellow, speakers blue, cues red; ``dir=rtl`` for Arabic etc."""
    spans = _events(quotes, len(text))
    bounds = sorted({0, len(text), *(a for a, *_ in spans), *(b for _, b, *_ in spans)})
    pieces = []
    for a, b in zip(bounds, bounds[1:], strict=False):
        active = [s for s in spans if s[0] <= a and b <= s[1]]
        chunk = html.escape(text[a:b]).replace("\n", "<br>")
        if not active:
            pieces.append(chunk)
            continue
        kinds = {s[2] for s in active}
        style = ";".join(STYLES[k] for k in ("quote", "speaker", "cue") if k in kinds)
        title = html.escape(" | ".join(sorted({s[3] for s in active})))
        pieces.append(f'<span style="{style}" title="{title}">{chunk}</span>')
    direction = "rtl" if language_is_right_to_left(language) else "auto"
    legend = " ".join(f'<span style="{STYLES[k]}">{k}</span>' for k in ("quote", "speaker", "cue"))
    return (
        f'<div style="font-size:0.8em;margin-bottom:4px">{legend}</div>'
        f'<div dir="{direction}" style="line-height:1.7;border:1px solid #ddd;padding:8px">'
        + "".join(pieces)
        + "</div>"
    )
