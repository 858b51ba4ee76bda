"""The framing stage end to end: upstream tables + codebooks -> tidy tables, metrics, plot data.

:func:`run_framing` is pure (DataFrames in, :class:`FramingResult` out); :func:`write_outputs`
stores every table as parquet and CSV under ``data/processed/framing/``, the DVC metrics JSON and
the DVC plot CSVs. The notebook, the CLI and the benchmark all call these two functions.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..errors import FramelabError
from ..io import write_json, write_table
from ..params import as_mapping
from .codebooks import ActorCodebook, FrameCodebook, load_actor_codebook, load_frame_codebook
from .contested import ContestedCodebook, contested_usage, load_contested_codebook
from .descriptions import PropagationSettings
from .frames import (
    PresenceRule,
    article_frame_rates,
    find_hits,
    frame_prevalence,
)
from .inputs import MISSING_GROUP, prepare_articles, read_inputs
from .lexical import fightin_words_table, keyness_table, term_counts
from .matching import TermMatcher
from .params import FramingParams
from .roles import NO_TOKENS_REASON, actor_mentions, actor_roles, roles_by_group
from .speakers import resolve_with_evidence
from .temporal import (
    CLASSES,
    article_temporal_focus,
    classify_timexes,
    temporal_focus_by_group,
)
from .unresolved import unresolved_speakers
from .validation import apply_frame_measure, validation_metrics
from .voice import (
    article_voice_measures,
    attribution_asymmetry,
    cue_mix,
    share_of_voice,
)

log = logging.getLogger(__name__)

# name -> what it holds (docs/framing.md documents each table's columns)
TABLES: dict[str, str] = {
    "articles": "per-article measures (voice, diversity, temporal focus, frame totals)",
    "quotes_resolved": "quotes with actor, speaker group, official flag, quoted words",
    "voice": "quotes and quoted words per article x speaker group",
    "share_of_voice": "share of quoted words / quotes per group x speaker group, bootstrap CI",
    "cue_mix": "quotes per group x speaker group x cue class",
    "attribution_asymmetry": "JSD of cue classes per speaker group vs the others; index per group",
    "frame_hits": "evidence: every frame-cue and contested-term hit with offsets and context",
    "frame_rates": "per article x frame: hits, hits per 1,000 words, presence",
    "frame_prevalence": "per group x frame: prevalence (Wilson CI), rate (bootstrap CI)",
    "contested": "per group x contested pair x variant: hits and share (Wilson CI)",
    "timexes_focus": "dated timexes with past / around / future / unresolved",
    "temporal_focus": "per group: past / around / future shares, bootstrap CI",
    "actor_mentions": "evidence: every actor alias in the text with offsets",
    "actor_roles": "actor mentions that are subject (agent) or object (patient) of a verb",
    "roles": "per group x actor group: mentions, agent / patient counts, agent share",
    "fightin_words": "per group vs rest: log-odds with informative Dirichlet prior, z, BH q",
    "keyness": "per group vs rest: signed G2, log ratio, BH q",
    "alias_collisions": "codebook aliases listed under several actors and who kept them",
    "speaker_descriptions": "evidence: titles and appositives describing named speakers, offsets",
    "unresolved_speakers": "most-quoted speakers no rule resolved, with example contexts",
}


@dataclass
class FramingResult:
    tables: dict[str, pd.DataFrame]
    metrics: dict[str, Any]
    timings: dict[str, float] = field(default_factory=dict)


def framing_params(params: dict[str, Any] | None) -> dict[str, Any]:
    """The framing section with defaults filled in (:class:`FramingParams`, validated) as a
    mapping; unknown keys and bad values raise :class:`framelab.params.ParamsError`."""
    return as_mapping(FramingParams.from_mapping(params))


def _whole(params: dict[str, Any], key: str, minimum: int) -> int:
    value = params[key]
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise FramelabError(
            f"framing parameter {key} must be a whole number >= {minimum}, got {value!r}"
        )
    return value


def speaker_settings(params: dict[str, Any]) -> PropagationSettings:
    """Corpus-level propagation of speaker descriptions (docs/framing.md, "Speakers")."""
    agreement = params["speaker_agreement"]
    if (
        isinstance(agreement, bool)
        or not isinstance(agreement, int | float)
        or not (0 < agreement <= 1)
    ):
        raise FramelabError(
            f"framing parameter speaker_agreement must be a share in (0, 1], got {agreement!r}"
        )
    return PropagationSettings(
        neighbours=_whole(params, "speaker_neighbours", 1),
        agreement=float(agreement),
        window_days=_whole(params, "speaker_window_days", 0),
    )


def presence_rule(params: dict[str, Any]) -> PresenceRule:
    """The frame presence rule of the (defaults-filled) framing params."""
    try:
        return PresenceRule(
            min_hits=int(params["frame_min_hits"]),
            min_terms=int(params["frame_min_terms"]),
            min_per_1000_words=float(params["frame_min_per_1000_words"]),
            short_text_words=int(params["frame_short_text_words"]),
        )
    except ValueError as error:
        raise FramelabError(f"params.yaml framing: {error}") from error


class _Clock:
    def __init__(self) -> None:
        self.timings: dict[str, float] = {}
        self._last = time.perf_counter()

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.timings[name] = round(now - self._last, 4)
        self._last = now


def run_framing(
    clean: pd.DataFrame,
    quotes: pd.DataFrame,
    timexes: pd.DataFrame,
    tokens: pd.DataFrame,
    actors: ActorCodebook,
    frames: FrameCodebook,
    params: dict[str, Any] | None = None,
    contested: ContestedCodebook | None = None,
) -> FramingResult:
    """Every framing measure for the given tables (see :data:`TABLES`); contested terms only
    with a ``contested`` codebook (otherwise their table is empty and their counts null)."""
    p = framing_params(params)
    clock = _Clock()
    resamples, seed = int(p["bootstrap_resamples"]), int(p["seed"])
    articles = prepare_articles(
        clean, p["group_by"], exclude_duplicates=bool(p["exclude_duplicates"])
    )
    clock.lap("prepare")

    alias_matcher = TermMatcher.from_terms(actors.aliases)
    q = quotes[quotes["article_id"].isin(articles["article_id"])]
    speakers = resolve_with_evidence(
        q, actors, alias_matcher, articles, speaker_settings(p), _outlets(clean)
    )
    resolved = speakers.quotes
    texts = dict(zip(articles["article_id"].astype(str), articles["text"], strict=True))
    unresolved = unresolved_speakers(
        resolved, texts, top=int(p["unresolved_top"]), unmatched_group=actors.unmatched_group
    )
    voice_articles = article_voice_measures(articles, resolved)
    sov = share_of_voice(articles, resolved, resamples=resamples, seed=seed)
    mix = cue_mix(articles, resolved)
    asym = attribution_asymmetry(mix)
    clock.lap("voice")

    hits = find_hits(articles, frames, contested)
    rates = article_frame_rates(articles, hits, frames, presence_rule(p))
    rates = apply_frame_measure(rates, articles, frames, p)
    prevalence = frame_prevalence(articles, rates, resamples=resamples, seed=seed)
    prevalence.insert(
        2, "label", prevalence["frame"].map(frames.frames.set_index("frame")["label"])
    )
    contested_table = contested_usage(articles, hits)
    clock.lap("frames")

    classified = classify_timexes(timexes, articles, int(p["around_days"]))
    temporal_articles = article_temporal_focus(articles, classified)
    temporal = temporal_focus_by_group(articles, temporal_articles, resamples=resamples, seed=seed)
    clock.lap("temporal")

    mentions = actor_mentions(articles, actors, alias_matcher)
    roles = actor_roles(mentions, tokens)
    has_tokens = articles["article_id"].isin(tokens["article_id"])
    roles_table = roles_by_group(articles, mentions, roles, has_tokens)
    clock.lap("roles")

    counts = term_counts(articles["text"], articles["group"])
    top = int(p["top_terms"]) if p["top_terms"] else None
    fw = fightin_words_table(
        counts,
        prior=float(p["prior"]),
        prior_kind=str(p["prior_kind"]),
        min_freq=int(p["min_term_freq"]),
        top_n=top,
    )
    key = keyness_table(counts, min_freq=int(p["min_term_freq"]), top_n=top)
    clock.lap("lexical")

    per_article = _article_table(
        articles, voice_articles, temporal_articles, rates, hits, mentions, roles, has_tokens
    )
    if contested is None:
        per_article["contested_hits"] = pd.array([pd.NA] * len(per_article), dtype="Int64")
    tables = {
        "articles": per_article,
        "quotes_resolved": resolved,
        "voice": resolved.groupby(["article_id", "speaker_group"], as_index=False).agg(
            quotes=("quote_id", "size"), quoted_words=("quoted_words", "sum")
        ),
        "share_of_voice": sov,
        "cue_mix": mix,
        "attribution_asymmetry": asym,
        "frame_hits": hits,
        "frame_rates": rates,
        "frame_prevalence": prevalence,
        "contested": contested_table,
        "timexes_focus": classified.drop(columns=["published"]),
        "temporal_focus": temporal,
        "actor_mentions": mentions,
        "actor_roles": roles,
        "roles": roles_table,
        "fightin_words": fw,
        "keyness": key,
        "alias_collisions": actors.collisions,
        "speaker_descriptions": speakers.descriptions,
        "unresolved_speakers": unresolved,
    }
    metrics = framing_metrics(
        articles, resolved, per_article, rates, classified, roles, has_tokens, fw, actors, frames, p
    )
    metrics.update(validation_metrics(frames, p))
    metrics["codebooks"].update(_codebook_provenance(p, contested))
    clock.lap("tables")
    return FramingResult(tables=tables, metrics=metrics, timings=clock.timings)


def _outlets(clean: pd.DataFrame) -> list[str]:
    """The corpus's outlet names (media names for the speaker rules)."""
    if "outlet" not in clean:
        return []
    return [str(o) for o in clean["outlet"].dropna().unique()]


def _article_table(
    articles: pd.DataFrame,
    voice: pd.DataFrame,
    temporal: pd.DataFrame,
    rates: pd.DataFrame,
    hits: pd.DataFrame,
    mentions: pd.DataFrame,
    roles: pd.DataFrame,
    has_tokens: pd.Series,
) -> pd.DataFrame:
    base = articles.drop(columns=["text"]).copy()
    base["published"] = base["published"].dt.strftime("%Y-%m-%d")
    frame_totals = rates.groupby("article_id").agg(
        frame_hits=("hits", "sum"),
        frames_present=("present", "sum"),
        frames_defined=("present", "count"),
    )
    out = base.merge(voice, on="article_id", how="left").merge(
        temporal, on="article_id", how="left"
    )
    out = out.merge(frame_totals, on="article_id", how="left")
    defined = out["frames_defined"].fillna(0) > 0
    words = out["n_words"].where(out["n_words"] > 0)
    out["frame_hits_per_1000_words"] = (1000 * out["frame_hits"] / words).where(defined)
    out["frames_present"] = out["frames_present"].where(defined)
    out = out.drop(columns="frames_defined")
    contested_hits = hits[hits["kind"] == "contested"].groupby("article_id").size()
    out["contested_hits"] = out["article_id"].map(contested_hits).fillna(0).astype("int64")
    out["actor_mentions"] = (
        out["article_id"].map(mentions.groupby("article_id").size()).fillna(0).astype("int64")
    )
    out["has_tokens"] = has_tokens.to_numpy()
    role_counts = roles.groupby(["article_id", "role"]).size().unstack(fill_value=0)
    for role in ("agent", "patient"):
        values = role_counts[role] if role in role_counts else pd.Series(dtype="int64")
        out[f"actor_{role}_roles"] = (
            out["article_id"].map(values).fillna(0).where(out["has_tokens"])
        )
    out["roles_note"] = np.where(out["has_tokens"], None, NO_TOKENS_REASON)
    return out


def _pooled_share(values: pd.Series) -> dict[str, float]:
    total = values.sum()
    return {str(k): (float(v / total) if total > 0 else None) for k, v in values.items()}


def framing_metrics(
    articles: pd.DataFrame,
    resolved: pd.DataFrame,
    per_article: pd.DataFrame,
    rates: pd.DataFrame,
    classified: pd.DataFrame,
    roles: pd.DataFrame,
    has_tokens: pd.Series,
    fw: pd.DataFrame,
    actors: ActorCodebook,
    frames: FrameCodebook,
    params: dict[str, Any],
) -> dict[str, Any]:
    """Headline numbers for ``dvc metrics diff`` (pooled over all articles)."""
    words_by_group = (
        resolved.groupby("speaker_group")["quoted_words"].sum().sort_values(ascending=False)
    )
    focus = (
        classified[classified["focus"].isin(CLASSES)]["focus"]
        .value_counts()
        .reindex(CLASSES, fill_value=0)
    )
    defined_rates = rates[rates["present"].notna()]
    prevalence = (
        defined_rates.groupby("frame")["present"].mean()
        if not defined_rates.empty
        else pd.Series(dtype=float)
    )
    words_covered = per_article.loc[
        per_article["frame_hits_per_1000_words"].notna(), "n_words"
    ].sum()
    frame_hits = per_article["frame_hits"].fillna(0).sum()
    quoted = per_article[per_article["n_quotes"] > 0]
    n_quotes = len(resolved)
    return {
        "group_by": params["group_by"],
        "n_articles": len(articles),
        "n_groups": int(articles["group"].nunique()),
        "n_articles_missing_group": int((articles["group"] == MISSING_GROUP).sum()),
        "n_quotes": n_quotes,
        "n_quoted_words": int(resolved["quoted_words"].sum()),
        "share_of_voice": _pooled_share(words_by_group),
        "quotes_resolved_to_actor": float(resolved["actor"].notna().mean()) if n_quotes else None,
        "speaker_resolution": _pooled_share(resolved["resolution"].value_counts()),
        "anonymous_share": _mean(resolved["is_anonymous"].astype("Float64")) if n_quotes else None,
        "mean_source_entropy_norm": _mean(quoted["source_entropy_norm"]),
        "mean_source_simpson": _mean(quoted["source_simpson"]),
        "officials_only_share": _mean(per_article["officials_only"].astype("float")),
        "n_dated_timexes": int(len(classified)),
        "temporal_focus": _pooled_share(focus),
        "frame_hits_per_1000_words": float(1000 * frame_hits / words_covered)
        if words_covered
        else None,
        "frame_prevalence": {str(k): float(v) for k, v in prevalence.items()},
        "frame_presence_rule": presence_rule(params).describe(),
        "contested_hits": _total(per_article["contested_hits"]),
        "actor_mentions": int(per_article["actor_mentions"].sum()),
        "articles_with_tokens": int(has_tokens.sum()),
        "actor_roles": int(len(roles)) if has_tokens.any() else None,
        "fightin_words_significant_q05": int((fw["q_value"] < 0.05).sum()) if not fw.empty else 0,
        "codebooks": {
            "actors": actors.name,
            "frames": frames.name,
            "alias_collisions": int(len(actors.collisions)),
        },
    }


def _codebook_provenance(
    params: dict[str, Any], contested: ContestedCodebook | None
) -> dict[str, Any]:
    """Which codebook files were used (as given in the params) and the contested codebook."""
    return {
        "contested": contested.name if contested is not None else None,
        "actors_file": str(params["actors_codebook"]),
        "frames_file": str(params["frames_codebook"]),
        "contested_file": (
            str(params["contested_codebook"]) if params["contested_codebook"] else None
        ),
    }


def _total(values: pd.Series) -> int | None:
    """Sum of a nullable count column; None when the measure is off (all null)."""
    return None if values.isna().all() and len(values) else int(values.fillna(0).sum())


def _mean(values: pd.Series) -> float | None:
    values = pd.to_numeric(values, errors="coerce").dropna()
    return float(values.mean()) if len(values) else None


# -------------------------------------------------------------------------------- file level


def load_codebooks(
    params: dict[str, Any], root: str | Path | None = None
) -> tuple[ActorCodebook, FrameCodebook]:
    """The actors and frames codebooks named in the params (paths relative to ``root``)."""
    from ..project import resolve

    p = framing_params(params)
    return (
        load_actor_codebook(resolve(p["actors_codebook"], root)),
        load_frame_codebook(resolve(p["frames_codebook"], root)),
    )


def load_contested(
    params: dict[str, Any], root: str | Path | None = None
) -> ContestedCodebook | None:
    """The contested-terms codebook named in the params, or None when it is null (off)."""
    from ..project import resolve

    path = framing_params(params)["contested_codebook"]
    return load_contested_codebook(resolve(path, root)) if path else None


def run_framing_files(
    clean: str | Path,
    quotes: str | Path,
    timexes: str | Path,
    tokens: str | Path | None,
    params: dict[str, Any] | None = None,
    root: str | Path | None = None,
) -> FramingResult:
    """Read the upstream tables and codebooks, then :func:`run_framing`."""
    tables = read_inputs(clean, quotes, timexes, tokens)
    actors, frames = load_codebooks(params or {}, root)
    return run_framing(
        tables["clean"],
        tables["quotes"],
        tables["timexes"],
        tables["tokens"],
        actors,
        frames,
        params,
        contested=load_contested(params or {}, root),
    )


PLOTS: dict[str, tuple[str, dict[str, str]]] = {
    # plot file -> (table, {plot column: table column}); see the framing stage's plots in dvc.yaml.
    # Every file has the analysis group, so `dvc plots show/diff` compare groups: `label` is
    # "group · category" (one bar per group and category).
    "framing_share_of_voice.csv": (
        "share_of_voice",
        {"category": "speaker_group", "share": "share_words", "low": "ci_low", "high": "ci_high"},
    ),
    "framing_frame_prevalence.csv": (
        "frame_prevalence",
        {
            "category": "frame",
            "share": "prevalence",
            "low": "prevalence_low",
            "high": "prevalence_high",
        },
    ),
    "framing_temporal_focus.csv": (
        "temporal_focus",
        {"category": "focus", "share": "share", "low": "ci_low", "high": "ci_high"},
    ),
}
PLOT_COLUMNS = ["group", "category", "label", "share", "low", "high"]


def plot_tables(result: FramingResult) -> dict[str, pd.DataFrame]:
    """DVC plot data: one row per group and category (``group, category, label, share, low,
    high``; ``label`` = "group · category"), the intervals of the framing tables."""
    out = {}
    for name, (source, columns) in PLOTS.items():
        table = result.tables.get(source, pd.DataFrame())
        if table.empty or not set(columns.values()) | {"group"} <= set(table.columns):
            out[name] = pd.DataFrame(columns=PLOT_COLUMNS)
            continue
        plot = pd.DataFrame({"group": table["group"].astype(str)})
        for target, column in columns.items():
            plot[target] = table[column]
        plot["category"] = plot["category"].astype(str)
        plot["label"] = plot["group"] + " · " + plot["category"]
        out[name] = plot[PLOT_COLUMNS].reset_index(drop=True)
    return out


def write_outputs(
    result: FramingResult,
    out_dir: str | Path,
    metrics_path: str | Path | None = None,
    plot_path: str | Path | None = None,
) -> dict[str, Path]:
    """Write every table as ``<out_dir>/<name>.parquet`` and ``.csv``; the metrics JSON; and the
    plot CSVs (``plot_path`` names the share-of-voice CSV; the others go beside it)."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written: dict[str, Path] = {}
    for name, table in result.tables.items():
        table = _storable(table)
        write_table(table, out_dir / f"{name}.parquet")
        write_table(table, out_dir / f"{name}.csv")
        written[name] = out_dir / f"{name}.parquet"
    if metrics_path:
        written["metrics"] = write_json(result.metrics, metrics_path)
    if plot_path:
        plot_path = Path(plot_path)
        plot_path.parent.mkdir(parents=True, exist_ok=True)
        for name, table in plot_tables(result).items():
            target = plot_path if name == "framing_share_of_voice.csv" else plot_path.parent / name
            write_table(table, target)
            written[name] = target
    return written


def _storable(table: pd.DataFrame) -> pd.DataFrame:
    """Object columns holding mixed Python values become strings (parquet needs one type)."""
    out = table.copy()
    for col in out.columns:
        if out[col].dtype == object:
            out[col] = (
                out[col]
                .map(
                    lambda v: None
                    if v is None or (isinstance(v, float) and np.isnan(v))
                    else str(v)
                )
                .astype("string")
            )
    return out
