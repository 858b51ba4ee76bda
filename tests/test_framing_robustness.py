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

from framelab.framing import run_framing_files, write_outputs
from framelab.framing.inputs import MISSING_GROUP
from framelab.notebooks import run_stage_notebook
from framelab.report import write_report

ROOT = Path(__file__).resolve().parents[1]
PARAMS = {
    "actors_codebook": str(ROOT / "data/codebooks/actors-generic.yaml"),
    "frames_codebook": str(ROOT / "data/codebooks/frames.yaml"),
    "bootstrap_resamples": 100,
    "min_term_freq": 1,
}
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


@pytest.fixture(scope="module")
def outputs(tmp_path_factory) -> dict[str, dict]:
    """Framing tables, metrics and the report of every edge-case corpus (run once)."""
    done = {}
    for name, group_by in CORPORA.items():
        folder = tmp_path_factory.mktemp(name)
        paths = write_corpus(named_corpus(name), folder)
        result = run_framing_files(
            paths["clean"],
            paths["quotes"],
            paths["timexes"],
            paths["tokens"],
            {**PARAMS, "group_by": group_by},
        )
        write_outputs(result, folder / "framing", folder / "metrics.json")
        report, figures = write_report(
            folder / "framing", folder / "metrics.json", folder / "report.html", title=name
        )
        done[name] = {
            "result": result,
            "html": report.read_text(encoding="utf-8"),
            "figures": figures,
        }
    return done


@pytest.mark.parametrize("name", list(CORPORA))
def test_intervals_are_ordered_and_inside_their_domain(outputs, name):
    _assert_intervals(outputs[name]["result"].tables)


@pytest.mark.parametrize("name", list(CORPORA))
def test_report_has_every_figure_and_nothing_unescaped(outputs, name):
    html, figures = outputs[name]["html"], outputs[name]["figures"]
    assert [f.key for f in figures] == [
        "share_of_voice",
        "cue_classes",
        "frame_prevalence",
        "fightin_words",
        "temporal_focus",
    ]
    assert html.count("data:image/png;base64,") == 5
    assert "<script" not in html and "<i>" not in html


def test_one_article_says_where_intervals_are_undefined(outputs):
    out = outputs["one_article"]
    sov = out["result"].tables["share_of_voice"]
    assert sov["ci_low"].isna().all() and (sov["ci_note"] == "undefined: n=1 article").all()
    assert out["result"].tables["fightin_words"].empty
    assert "undefined: n=1 article" in out["html"]
    assert "need at least two groups" in out["html"]


@pytest.mark.parametrize("name", ["one_outlet", "one_group"])
def test_a_single_group_has_intervals_but_no_contrast(outputs, name):
    result = outputs[name]["result"]
    assert result.metrics["n_groups"] == 1
    assert result.tables["share_of_voice"]["ci_low"].notna().any()  # 12 articles: defined
    assert result.tables["fightin_words"].empty and result.tables["keyness"].empty
    assert "need at least two groups" in outputs[name]["html"]


def test_many_small_groups_draw_the_largest_and_say_so(outputs):
    out = outputs["many_small_groups"]
    assert out["result"].metrics["n_groups"] == 300
    captions = {f.key: f.caption for f in out["figures"]}
    for key in ("share_of_voice", "frame_prevalence", "temporal_focus"):
        assert "Showing the 20 largest of 300 groups" in captions[key], key
    for key in ("cue_classes", "fightin_words"):
        assert "Showing the 6 largest of" in captions[key], key
    drawn = {f.key: f for f in out["figures"]}
    # the 20 largest groups have 3 articles each: no note about one-article groups not drawn
    assert not any("n=1" in n for n in drawn["share_of_voice"].notes)
    assert not any("one article" in n for n in drawn["frame_prevalence"].notes)


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


def test_missing_group_values_form_a_counted_group(outputs):
    result = outputs["missing_group"]["result"]
    groups = result.tables["articles"]["group"]
    assert (groups == MISSING_GROUP).sum() == 9  # None and "" (blank) in 3 of 7 articles
    assert result.metrics["n_articles_missing_group"] == 9
    assert "9 article(s) have no value for outlet" in outputs["missing_group"]["html"]


def test_hostile_outlet_names_are_kept_literally_and_escaped(outputs):
    out = outputs["hostile_names"]
    groups = set(out["result"].tables["articles"]["group"])
    assert set(HOSTILE_OUTLETS) <= groups
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


# --------------------------------------------------------------------------- the notebooks


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


@pytest.mark.parametrize("name", list(CORPORA))
def test_framing_and_report_notebooks_run(tmp_path, monkeypatch, name):
    root = _project(tmp_path, name)
    monkeypatch.setenv("MPLBACKEND", "Agg")
    framing = run_stage_notebook(
        "framing",
        root=root,
        overrides={
            "group_by": CORPORA[name],
            "actors_codebook": "data/codebooks/actors-generic.yaml",
            "contested_codebook": None,
            "bootstrap_resamples": 50,
        },
    )
    report = run_stage_notebook("report", root=root, overrides={"title": f"<b>{name}</b>"})
    assert (root / "reports" / "report.html").is_file()
    metrics = json.loads((root / "reports/metrics/framing.json").read_text(encoding="utf-8"))
    assert metrics["codebooks"]["contested"] is None
    shown = _html_outputs(framing) + _html_outputs(report)
    assert "<script>alert" not in shown and "Title 0 <i>" not in shown
    if name != "empty":
        assert "Title 0 &lt;i&gt;" in shown  # the article title in the evidence heading
    page = (root / "reports" / "report.html").read_text(encoding="utf-8")
    assert f"<h1>&lt;b&gt;{name}&lt;/b&gt;</h1>" in page
    if name == "hostile_names":
        assert "&lt;script&gt;alert" in shown
        assert "tex2jax_ignore" in shown  # pandas tables are not typeset as TeX
