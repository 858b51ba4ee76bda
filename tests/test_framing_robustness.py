"""The framing stage and the report on edge-case corpora: one article, one outlet, one group,
300 groups of 1-3 articles, missing group values, outlet names with ``$``, ``<script>`` and
TeX. Nothing crashes, every interval is ordered and inside its domain, undefined values say why,
and text from the data is escaped in HTML and drawn literally in plots. The last tests run the
framing and report notebooks themselves on these tables."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import nbformat
import numpy as np
import pandas as pd
import pytest
from framing_corpora import CORPORA, HOSTILE_OUTLETS, named_corpus, write_corpus

from framelab.framing.inputs import MISSING_GROUP
from framelab.notebooks import run_stage_notebook

ROOT = Path(__file__).resolve().parents[1]
INTERVALS = {  # table -> (estimate, low, high, upper bound of the domain)
    "share_of_voice": ("share_words", "ci_low", "ci_high", 1.0),
    "frame_prevalence": ("prevalence", "prevalence_low", "prevalence_high", 1.0),
    "temporal_focus": ("share", "ci_low", "ci_high", 1.0),
    "contested": ("share", "share_low", "share_high", 1.0),
}


def _assert_intervals(tables: dict[str, pd.DataFrame]) -> None:
    for name, (est, low, high, upper) in INTERVALS.items():
        table = tables[name]
        if table.empty:
            continue
        e, lo, hi = (table[c].to_numpy(dtype=float) for c in (est, low, high))
        has = ~np.isnan(lo)
        assert np.array_equal(has, ~np.isnan(hi)), name
        assert (lo[has] >= 0).all() and (hi[has] <= upper).all(), name
        assert (lo[has] <= e[has]).all() and (e[has] <= hi[has]).all(), name
    rates = tables["frame_prevalence"]
    if not rates.empty:
        has = rates["rate_low"].notna()
        assert (rates.loc[has, "rate_low"] >= 0).all()
        assert (rates.loc[has, "rate_low"] <= rates.loc[has, "per_1000_words"]).all()
        assert (rates.loc[has, "per_1000_words"] <= rates.loc[has, "rate_high"]).all()


def _project(folder: Path, name: str) -> Path:
    """A scratch project: params.yaml, notebooks and codebooks, and the corpus's tables."""
    shutil.copy2(ROOT / "params.yaml", folder / "params.yaml")
    shutil.copytree(ROOT / "notebooks", folder / "notebooks")
    shutil.copytree(ROOT / "data" / "codebooks", folder / "data" / "codebooks")
    write_corpus(named_corpus(name), folder)
    return folder


def _html_outputs(path: Path) -> str:
    nb = nbformat.read(path, as_version=4)
    return "\n".join(
        str(output.get("data", {}).get("text/html", ""))
        for cell in nb.cells
        if cell.cell_type == "code"
        for output in cell.get("outputs", [])
    )


_RUNS: dict[str, dict] = {}


@pytest.fixture()
def run(tmp_path_factory, monkeypatch):
    """``run(name)``: the framing and report notebooks executed on the named corpus (once per
    corpus and test session), with the tables, metrics, page and notebook HTML they produced."""

    def _run(name: str) -> dict:
        if name not in _RUNS:
            root = _project(tmp_path_factory.mktemp(name), name)
            monkeypatch.setenv("MPLBACKEND", "Agg")
            framing = run_stage_notebook(
                "framing",
                root=root,
                overrides={
                    "group_by": CORPORA[name],
                    "actors_codebook": "data/codebooks/actors-generic.yaml",
                    "contested_codebook": None,
                    "bootstrap_resamples": 100,
                    "min_term_freq": 1,
                },
            )
            report = run_stage_notebook("report", root=root, overrides={"title": f"<b>{name}</b>"})
            out = root / "data/processed/framing"
            _RUNS[name] = {
                "root": root,
                "tables": {p.stem: pd.read_parquet(p) for p in out.glob("*.parquet")},
                "metrics": json.loads(
                    (root / "reports/metrics/framing.json").read_text(encoding="utf-8")
                ),
                "html": (root / "reports/report.html").read_text(encoding="utf-8"),
                "notebook_html": _html_outputs(framing) + _html_outputs(report),
            }
        return _RUNS[name]

    return _run


FIGURE_TITLES = [
    "Share of voice",
    "How speakers are introduced",
    "Frame prevalence",
    "Fightin&#x27; Words",
    "Temporal focus",
]


@pytest.mark.parametrize("name", list(CORPORA))
def test_notebooks_run_with_intervals_in_their_domain_and_everything_escaped(run, name):
    out = run(name)
    _assert_intervals(out["tables"])
    html = out["html"]
    assert html.count("data:image/png;base64,") == 5
    assert all(f"<h2>{title}" in html for title in FIGURE_TITLES)
    assert f"<h1>&lt;b&gt;{name}&lt;/b&gt;</h1>" in html
    assert "<script" not in html and "<i>" not in html and "<b>" + name not in html
    assert out["metrics"]["codebooks"]["contested"] is None
    assert "Contested terms in context</h2><p class='note'>Not measured" in html
    shown = out["notebook_html"]
    assert "<script>alert" not in shown and "Title 0 <i>" not in shown
    if name != "empty":
        assert "Title 0 &lt;i&gt;" in shown  # the article title in the evidence heading


def test_empty_corpus_gives_empty_tables_and_figures_that_say_why(run):
    out = run("empty")
    assert out["metrics"]["n_articles"] == 0 and out["tables"]["share_of_voice"].empty
    assert "no quotes in any group" in out["html"]


def test_one_article_says_where_intervals_are_undefined(run):
    out = run("one_article")
    sov = out["tables"]["share_of_voice"]
    assert sov["ci_low"].isna().all() and (sov["ci_note"] == "undefined: n=1 article").all()
    assert out["tables"]["fightin_words"].empty
    assert "undefined: n=1 article" in out["html"]
    assert "need at least two groups" in out["html"]


@pytest.mark.parametrize("name", ["one_outlet", "one_group"])
def test_a_single_group_has_intervals_but_no_contrast(run, name):
    out = run(name)
    assert out["metrics"]["n_groups"] == 1
    assert out["tables"]["share_of_voice"]["ci_low"].notna().any()  # 12 articles: defined
    assert out["tables"]["fightin_words"].empty and out["tables"]["keyness"].empty
    assert "need at least two groups" in out["html"]


def test_many_small_groups_draw_the_largest_and_say_so(run):
    out = run("many_small_groups")
    assert out["metrics"]["n_groups"] == 300
    html = out["html"]
    # share of voice, frame prevalence, temporal focus: 20 rows; cue classes, Fightin' Words: 6
    assert html.count("Showing the 20 largest of 300 groups") == 3
    assert html.count("Showing the 6 largest of") == 2
    # the 20 largest groups have 3 articles each: no note about one-article groups not drawn
    assert "undefined: n=1 article" not in html.split("<h2>Tables</h2>")[0]


def test_notes_name_drawn_groups_only_and_shorten_long_lists():
    from framelab.report.figures import _undefined_notes

    table = pd.DataFrame(
        {"group": [f"g{i:02d}" for i in range(30)], "ci_note": ["undefined: n=1 article"] * 30}
    )
    everything = _undefined_notes(table, "ci_note", "intervals")[0]
    assert "g09" in everything and "g10" not in everything and "and 20 more" in everything
    drawn = _undefined_notes(table, "ci_note", "intervals", shown=["g05", "g29"])[0]
    assert "(groups: g05, g29)" in drawn
    assert _undefined_notes(table, "ci_note", "intervals", shown=["other"]) == []


def test_missing_group_values_form_a_counted_group(run):
    out = run("missing_group")
    groups = out["tables"]["articles"]["group"]
    assert (groups == MISSING_GROUP).sum() == 9  # None and "" (blank) in 3 of 7 articles
    assert out["metrics"]["n_articles_missing_group"] == 9
    assert "9 article(s) have no value for outlet" in out["html"]


def test_hostile_outlet_names_are_kept_literally_and_escaped(run):
    out = run("hostile_names")
    groups = set(out["tables"]["articles"]["group"])
    assert set(HOSTILE_OUTLETS) <= groups
    assert "&lt;script&gt;alert" in out["notebook_html"]
    assert "tex2jax_ignore" in out["notebook_html"]  # pandas tables are not typeset as TeX
    html = out["html"]
    assert "&lt;script&gt;alert(" in html  # pandas tables and the page escape it
    assert "Price $5 &amp; &lt;b&gt;bold&lt;/b&gt;" in html
    assert "<b>bold</b>" not in html


def test_plot_labels_are_drawn_literally():
    import matplotlib.pyplot as plt

    from framelab.report.plotting import interval_plot

    table = pd.DataFrame(
        {
            "group": HOSTILE_OUTLETS,
            "category": ["c"] * 4,
            "value": [0.0, 0.5, 1.0, 0.2],
            "low": [3.5e-18, 0.4, 0.9, np.nan],  # a bound on the wrong side of its estimate
            "high": [0.1, 0.6, 1.0, np.nan],
        }
    )
    from framelab.display import plain_text_plots

    plain_text_plots()
    fig = interval_plot(table, "category", "value", "low", "high", "x", HOSTILE_OUTLETS)
    fig.canvas.draw()  # mathtext would fail on \undefinedmacro here
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert r"$\undefinedmacro$" in legend and "<script>alert('x')</script>" in legend
    plt.close(fig)
