"""The report's "Provenance" section: corpus, parameters, codebooks, models, versions, time.

It renders :func:`framelab.provenance.pipeline_provenance` (the blocks each stage's runner wrote
into its metrics JSON). Every value is escaped: input paths, parameters and group names come from
the user and the data.
"""

from __future__ import annotations

import json
from typing import Any

from .html import definition_list, esc, heading, note, warning


def _when(value: Any) -> str:
    """An ISO time of the provenance blocks (UTC) as ``2026-01-02 10:30:00 UTC``."""
    text = str(value or "?").replace("+00:00", "").replace("T", " ")
    return f"{text} UTC"


NOT_RECORDED = (
    "not recorded (the stage was run outside `framelab notebook` / `dvc repro`, or before "
    "framelab recorded provenance)"
)


def provenance_section(ctx: Any) -> str:
    """Corpus, models, codebooks, environment and every stage's parameters."""
    prov = getattr(ctx, "provenance", None)
    if not prov:
        return heading("Provenance") + warning(
            "Provenance not available: the report was rendered without the pipeline's metrics."
        )
    stages = prov.get("stages") or {}
    parts = [
        heading("Provenance"),
        _corpus(stages.get("ingest") or {}),
        _counts(stages),
        _models(stages.get("annotate") or {}),
        _codebooks(stages.get("framing") or {}),
        _environment(prov),
        _parameters(stages, prov.get("report_params")),
    ]
    return "\n".join(p for p in parts if p)


def _corpus(ingest: dict[str, Any]) -> str:
    block = ingest.get("provenance")
    if not block:
        return heading("Corpus", 3) + note(f"Ingest {NOT_RECORDED}.")
    params = block.get("params") or {}
    rows = []
    for item in block.get("inputs") or []:
        size = f"{item.get('n_files', 0):,} file(s), {item.get('bytes', 0):,} bytes"
        rows.append(
            f"<tr><td>{esc(item.get('path'))}</td><td>{esc(item.get('kind'))}</td>"
            f"<td>{esc(size)}</td><td><code>{esc(item.get('sha256') or '-')}</code></td></tr>"
        )
    sample = ingest.get("sample") or {}
    sample_text = (
        f"{sample.get('description')}: kept {sample.get('n_after'):,} of "
        f"{sample.get('n_before'):,} articles"
        if sample.get("sampled")
        else "none (every article)"
    )
    facts = [
        ("layout", str(params.get("layout", "auto"))),
        ("sample", sample_text),
        ("ingested", _when(block.get("time"))),
    ]
    return (
        heading("Corpus", 3)
        + "<table class='tbl'><tr><th>input</th><th>kind</th><th>size</th><th>sha256</th></tr>"
        + "".join(rows)
        + "</table>"
        + definition_list(facts)
    )


def _counts(stages: dict[str, Any]) -> str:
    rows = []
    for stage, info in stages.items():
        counts = info.get("counts") or {}
        if counts:
            rows.append((stage, ", ".join(f"{k} {v:,}" for k, v in counts.items())))
    if not rows:
        return ""
    return heading("Articles through the stages", 3) + definition_list(rows)


def _models(annotate: dict[str, Any]) -> str:
    block = annotate.get("provenance") or {}
    models = block.get("models")
    if not models:
        return heading("Models", 3) + note(f"Annotate {NOT_RECORDED}.")
    rows = [
        ("models", str(models.get("kind"))),
        ("folder", str(models.get("models_dir"))),
        ("languages found", ", ".join(models.get("languages") or []) or "none"),
        ("Stanza", str(models.get("stanza"))),
        ("articles annotated", f"{models.get('n_articles_annotated', 0):,}"),
    ]
    if models.get("resources_sha256"):
        rows.append(("resources.json sha256", str(models["resources_sha256"])))
    out = heading("Models", 3) + definition_list(rows)
    if str(models.get("kind", "")).startswith("TEST"):
        out += warning("Parses come from small test models: roles and parse-based quotes are weak.")
    return out


def _codebooks(framing: dict[str, Any]) -> str:
    block = framing.get("provenance") or {}
    books = block.get("codebooks")
    if books is None:
        return heading("Codebook files", 3) + note(f"Framing {NOT_RECORDED}.")
    rows = [(b.get("param", ""), f"{b.get('path')} (sha256 {b.get('sha256')})") for b in books]
    return heading("Codebook files", 3) + definition_list(rows or [("codebooks", "none")])


def _environment(prov: dict[str, Any]) -> str:
    env = prov.get("environment") or {}
    libs = env.get("libraries") or {}
    rows = [
        ("report made", _when(prov.get("time"))),
        ("framelab", str(env.get("framelab"))),
        ("code revision", _git(env.get("code_git"))),
        ("project revision", _git(env.get("project_git"))),
        ("Python", str(env.get("python"))),
        ("libraries", ", ".join(f"{k} {v}" for k, v in libs.items() if v)),
    ]
    return heading("Software", 3) + definition_list(rows)


def _git(info: dict[str, Any] | None) -> str:
    if not info:
        return "not a git work tree"
    return f"{info.get('commit')}" + (" (with uncommitted changes)" if info.get("dirty") else "")


def _parameters(stages: dict[str, Any], report_params: dict[str, Any] | None) -> str:
    parts = [heading("Parameters", 3)]
    for stage, info in stages.items():
        block = info.get("provenance") or {}
        params = block.get("params")
        text = (
            "; ".join(f"{k}={json.dumps(v, ensure_ascii=False)}" for k, v in params.items())
            if params is not None
            else NOT_RECORDED
        )
        when = f" (run {_when(block['time'])})" if block.get("time") else ""
        parts.append(f"<p class='note'><b>{esc(stage)}</b>{esc(when)}: {esc(text)}</p>")
    if report_params is not None:
        text = "; ".join(
            f"{k}={json.dumps(v, ensure_ascii=False)}" for k, v in report_params.items()
        )
        parts.append(f"<p class='note'><b>report</b>: {esc(text)}</p>")
    return "".join(parts)
