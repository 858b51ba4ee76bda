"""The report's "Frame validation" section (one function, for the report package to include).

``frames_validation_section(metrics)`` takes the framing metrics (``reports/metrics/framing.json``,
keys ``frame_measure`` and ``frames_validation`` written by :mod:`.validation`) and returns an HTML
fragment: which measure made frame prevalence, and either the validation figures of the active
codebook (coders, human-human alpha, machine-human F1 and alpha per frame, which frames passed the
agreement threshold) or a plain "not validated" with the reason. All text is escaped.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..display import html_text


def _fmt(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.2f}"
    return html_text(value)


def frames_validation_section(metrics: Mapping[str, Any]) -> str:
    """HTML ``<section>`` on the validation status of the frame measure."""
    info = metrics.get("frames_validation") or {}
    measure = metrics.get("frame_measure") or info.get("measure") or "lexicon"
    what = (
        "learned frames (a classifier trained on coded articles)"
        if measure == "learned"
        else "frame-cue lexicon under the presence rule"
    )
    parts = [
        '<section id="frame-validation"><h2>Frame validation</h2>',
        f"<p>Frame prevalence in this report comes from the <b>{html_text(what)}</b>, codebook "
        f"<code>{html_text(info.get('codebook', '?'))}</code>.</p>",
    ]
    if info.get("status") != "validated":
        parts.append(
            "<p><b>Not validated.</b> "
            f"{html_text(info.get('reason') or 'no validation figures')}. Frame figures are "
            "dictionary or model output, not checked against human coders: draw a sample with "
            "<code>framelab code sample</code>, have it coded, and import the codes with "
            "<code>framelab code import</code>.</p></section>"
        )
        return "".join(parts)
    if info.get("smoke_test"):
        parts.append(
            "<p><b>Smoke test only:</b> these codes were scripted to exercise the coding loop; "
            "they are not a validation.</p>"
        )
    overall = info.get("machine_overall") or {}
    threshold = info.get("threshold")
    parts.append(
        f"<p>Coded sample: {_fmt(info.get('n_items'))} articles, coders "
        f"{html_text(', '.join(info.get('coders') or []))}; human-human alpha (mean over frames) "
        f"{_fmt(info.get('human_alpha_mean'))}. Machine against the coders' consensus: F1-micro "
        f"{_fmt(overall.get('f1_micro'))}, F1-macro {_fmt(overall.get('f1_macro'))}, alpha "
        f"{_fmt(overall.get('alpha'))}. A frame passes when both alphas reach "
        f"{_fmt(threshold)}.</p>"
    )
    rows = "".join(
        f"<tr><td>{html_text(frame)}</td><td>{_fmt(r.get('human_alpha'))}</td>"
        f"<td>{_fmt(r.get('machine_alpha'))}</td><td>{_fmt(r.get('machine_f1'))}</td>"
        f"<td>{'passed' if r.get('passed') else 'not passed'}</td></tr>"
        for frame, r in (info.get("per_frame") or {}).items()
    )
    parts.append(
        "<table><thead><tr><th>frame</th><th>human alpha</th><th>machine alpha</th>"
        f"<th>machine F1</th><th>threshold</th></tr></thead><tbody>{rows}</tbody></table>"
        "<p>Report prevalence only for frames that passed; treat the others as exploratory."
        "</p></section>"
    )
    return "".join(parts)
