"""The framing stage's frame measure (lexicon or learned) and its validation status.

Hooks called by :mod:`.pipeline` (params ``framing.frame_measure``, ``frame_model``,
``frame_validation``, ``frame_agreement_threshold``):

* :func:`apply_frame_measure` -- with ``frame_measure: learned`` the ``present`` column of the
  per-article frame table comes from a learned-frames model (``framelab code train``) instead of
  the presence rule; hits, rates and the cue evidence stay the lexicon's. Columns ``measure`` and
  ``probability`` (the model's, NaN under the lexicon) record which measure made ``present``.
* :func:`validation_metrics` -- reads the validation summary of the active codebook (written by
  ``framelab code import``; ``auto`` = ``<codebook>.validation.json`` beside the codebook) into the
  framing metrics, or states "not validated" and why; the report's frame-validation section
  shows it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..errors import FramelabError, InputError
from .codebooks import FrameCodebook

MEASURES = ("lexicon", "learned")
NOT_VALIDATED = "not validated"


def check_frame_params(params: dict[str, Any]) -> None:
    """Clear errors for bad values of the frame-measure parameters."""
    if params["frame_measure"] not in MEASURES:
        raise FramelabError(
            f"framing parameter frame_measure must be one of {', '.join(MEASURES)}, "
            f"got {params['frame_measure']!r}"
        )
    if params["frame_measure"] == "learned" and not params.get("frame_model"):
        raise FramelabError(
            "framing parameter frame_measure is 'learned' but frame_model is not set "
            "(train one with `framelab code train`)"
        )
    try:
        words = int(params["frame_short_text_words"])
        threshold = float(params["frame_agreement_threshold"])
    except (TypeError, ValueError):
        raise FramelabError(
            "framing parameters frame_short_text_words (whole number >= 0) and "
            "frame_agreement_threshold (number in [-1, 1]) have bad values: "
            f"{params['frame_short_text_words']!r}, {params['frame_agreement_threshold']!r}"
        ) from None
    if words < 0 or not -1 <= threshold <= 1:
        raise FramelabError(
            "framing parameter frame_short_text_words must be >= 0 and "
            f"frame_agreement_threshold in [-1, 1] (got {words}, {threshold})"
        )
    value = params.get("frame_validation")
    if value is not None and not isinstance(value, str):
        raise FramelabError(
            f"framing parameter frame_validation must be 'auto', a path or null, got {value!r}"
        )


def apply_frame_measure(
    rates: pd.DataFrame, articles: pd.DataFrame, codebook: FrameCodebook, params: dict[str, Any]
) -> pd.DataFrame:
    """``rates`` with ``measure``/``probability`` columns; under ``learned``, ``present`` from the
    model wherever the lexicon defines it (articles in a language without cues stay NA)."""
    out = rates.copy()
    out["measure"] = params["frame_measure"]
    out["probability"] = np.nan
    if params["frame_measure"] == "lexicon" or out.empty:
        return out
    from ..project import resolve
    from .learned import CodedItems, load_model, split_headline

    model = load_model(resolve(params["frame_model"]))
    missing = sorted(set(codebook.frames["frame"]) - set(model.frames))
    if missing:
        raise FramelabError(
            f"learned frames model {params['frame_model']} does not know the codebook's frame(s) "
            f"{', '.join(missing)}: train it on codes of the active frames codebook"
        )
    parts = [split_headline(None, text) for text in articles["text"]]
    items = CodedItems(
        ids=articles["article_id"].astype(str).tolist(),
        headline=[h for h, _ in parts],
        body=[b for _, b in parts],
        language=articles["language"].astype(str).tolist(),
        labels=np.zeros((len(articles), len(model.frames)), dtype=bool),
        frames=list(model.frames),
        primary=[None] * len(articles),
    )
    present, proba = model.predict(items)
    long = pd.DataFrame(
        {
            "article_id": np.repeat(articles["article_id"].to_numpy(), len(model.frames)),
            "frame": np.tile(np.asarray(model.frames, dtype=object), len(articles)),
            "learned_present": present.ravel(),
            "learned_probability": proba.ravel(),
        }
    )
    out = out.merge(long, on=["article_id", "frame"], how="left", sort=False)
    defined = out["present"].notna()
    out["present"] = pd.array(
        np.where(defined, out["learned_present"].fillna(False).astype(bool), pd.NA),
        dtype="boolean",
    )
    out["probability"] = out["learned_probability"].where(defined)
    return out.drop(columns=["learned_present", "learned_probability"])


def validation_path(codebook: FrameCodebook, setting: str | None) -> Path | None:
    """Where the validation summary of ``codebook`` is (``auto``: beside the codebook)."""
    if setting is None:
        return None
    if setting == "auto":
        if not codebook.source:
            return None
        source = Path(codebook.source)
        return source.with_name(source.stem + ".validation.json")
    from ..project import resolve

    return resolve(setting)


def read_validation(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise InputError(str(path), f"frames validation summary unreadable ({err})") from None
    if not isinstance(data, dict) or "per_frame" not in data:
        raise InputError(str(path), "not a frames validation summary (framelab code import)")
    return data


def passed_frames(summary: dict[str, Any], measure: str, threshold: float) -> dict[str, Any]:
    """Per frame: human-human alpha and machine-human alpha of ``measure``; a frame passes when
    both are defined and reach ``threshold``."""
    rows = {}
    for frame, row in summary["per_frame"].items():
        human = row.get("human_alpha")
        machine = (row.get(measure) or {}).get("alpha")
        rows[frame] = {
            "human_alpha": human,
            "machine_alpha": machine,
            "machine_f1": (row.get(measure) or {}).get("f1"),
            "passed": bool(
                human is not None and machine is not None and min(human, machine) >= threshold
            ),
        }
    return rows


def validation_metrics(codebook: FrameCodebook, params: dict[str, Any]) -> dict[str, Any]:
    """``frame_measure`` and ``frames_validation`` for the framing metrics JSON."""
    measure = params["frame_measure"]
    threshold = float(params["frame_agreement_threshold"])
    path = validation_path(codebook, params.get("frame_validation"))
    base = {"codebook": codebook.name, "measure": measure, "threshold": threshold}
    if path is None or not path.is_file():
        where = f" (expected {path})" if path is not None else " (frame_validation is null)"
        return {
            "frame_measure": measure,
            "frames_validation": {
                **base,
                "status": NOT_VALIDATED,
                "reason": f"no coded validation sample for this codebook{where}",
            },
        }
    summary = read_validation(path)
    if summary.get("codebook") != codebook.name:
        return {
            "frame_measure": measure,
            "frames_validation": {
                **base,
                "status": NOT_VALIDATED,
                "reason": f"{path} validates codebook {summary.get('codebook')!r}, "
                f"not the active {codebook.name!r}",
            },
        }
    figures = summary.get("machine", {}).get(measure)
    rows = passed_frames(summary, measure, threshold)
    return {
        "frame_measure": measure,
        "frames_validation": {
            **base,
            "status": "validated" if figures else NOT_VALIDATED,
            "reason": None if figures else f"the coded sample has no figures for {measure!r}",
            "source": str(path),
            "n_items": summary.get("n_items"),
            "coders": summary.get("coders"),
            "smoke_test": bool(summary.get("smoke_test")),
            "human_alpha_mean": summary.get("human", {}).get("alpha"),
            "machine_overall": figures,
            "per_frame": rows,
            "frames_passed": [f for f, r in rows.items() if r["passed"]],
        },
    }
