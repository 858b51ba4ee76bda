"""The HTML report: self-contained, every figure present, undefined intervals stated."""

from __future__ import annotations

import base64
import re
from pathlib import Path

import pandas as pd
import pytest
from test_framing_pipeline import CODEBOOKS, _tables

from framelab.display import plot_label as display_label
from framelab.framing import run_framing_files, write_outputs
from framelab.framing.evidence import evidence_spans, highlight_html
from framelab.report import build_figures, render_report, write_report

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@pytest.fixture()
def framing_out(tmp_path) -> Path:
    inputs = _tables(tmp_path)
    result = run_framing_files(
        inputs["clean"],
        inputs["quotes"],
        inputs["timexes"],
        inputs["tokens"],
        {**CODEBOOKS, "bootstrap_resamples": 200, "min_term_freq": 1},
    )
    write_outputs(result, tmp_path / "framing", tmp_path / "metrics.json")
    return tmp_path


def _images(document: str) -> list[bytes]:
    return [
        base64.b64decode(m)
        for m in re.findall(r"data:image/png;base64,([A-Za-z0-9+/=]+)", document)
    ]


def test_report_is_self_contained_with_five_figures(framing_out):
    path, figures = write_report(
        framing_out / "framing",
        framing_out / "metrics.json",
        framing_out / "report.html",
        title="Test report",
        top_terms=5,
    )
    document = path.read_text(encoding="utf-8")
    assert [f.key for f in figures] == [
        "share_of_voice",
        "cue_classes",
        "frame_prevalence",
        "fightin_words",
        "temporal_focus",
    ]
    images = _images(document)
    assert len(images) == 5 and all(img.startswith(PNG_MAGIC) for img in images)
    assert "<h1>Test report</h1>" in document
    assert not re.search(r"(src|href)=['\"](https?:|/|\.\./)", document)  # nothing external
    assert "Share of voice" in document and "Keyness" in document
    assert "Contested terms in context" in document and "<b>Artsakh</b>" in document


def test_one_article_report_says_where_intervals_are_undefined(tmp_path):
    one = {
        "share_of_voice": pd.DataFrame(
            {
                "group": ["turan"] * 2,
                "speaker_group": ["United States", "media"],
                "share_words": [0.9, 0.1],
                "ci_low": [float("nan")] * 2,
                "ci_high": [float("nan")] * 2,
                "ci_note": ["undefined: n=1 article"] * 2,
            }
        ),
        "temporal_focus": pd.DataFrame(
            {
                "group": ["turan"] * 3,
                "focus": ["past", "around", "future"],
                "share": [0.6, 0.4, 0.0],
                "ci_low": [float("nan")] * 3,
                "ci_high": [float("nan")] * 3,
                "n_articles": [1] * 3,
                "ci_note": ["undefined: n=1 article"] * 3,
            }
        ),
    }
    document = render_report(one, {"n_articles": 1, "anonymous_share": None})
    assert "undefined: n=1 article" in document
    assert (
        "lexical contrasts need at least two groups" in document.lower()
        or "only one group" in document
    )
    assert len(_images(document)) == 5  # empty inputs still give a figure that says why
    assert "<dd>undefined</dd>" in document  # a None metric is named, not hidden


def test_report_with_no_tables_at_all(tmp_path):
    figures = build_figures({})
    assert all(f.png_base64 for f in figures)
    path, _ = write_report(tmp_path / "missing", None, tmp_path / "r.html")
    assert path.is_file()


def test_display_label_shapes_arabic_only():
    assert display_label("United States") == "United States"
    shaped = display_label("السلام")
    assert shaped != "السلام" and len(shaped) <= len("السلام")


def test_evidence_highlighting_nests_terms_inside_quotes():
    text = "Blinken said: peace in Karabakh matters.\nEnd."
    hits = pd.DataFrame(
        {
            "article_id": ["a"],
            "kind": ["contested"],
            "category": ["karabakh_name"],
            "variant": ["karabakh"],
            "start": [22],
            "end": [30],
        }
    )
    mentions = pd.DataFrame(
        {"article_id": ["a"], "actor": ["blinken"], "group": ["US"], "start": [0], "end": [7]}
    )
    quotes = pd.DataFrame(
        {"article_id": ["a"], "start": [14], "end": [39], "speaker_group": ["US"]}
    )
    spans = evidence_spans("a", hits, mentions, quotes)
    out = highlight_html(text, spans)
    assert out.count("<span") - out.count("</span>") == 0
    assert "title='karabakh_name / karabakh'" in out and "title='blinken (US)'" in out
    assert "<br>" in out
    plain = re.sub(r"<[^>]+>", "", out.split("</div>", 1)[1])
    assert plain.replace("&#x27;", "'") == text.replace("\n", "")


def test_framing_stage_does_not_import_or_depend_on_the_report():
    import json

    import yaml

    root = Path(__file__).resolve().parents[1]
    notebook = json.loads((root / "notebooks/06_framing.ipynb").read_text(encoding="utf-8"))
    source = "".join("".join(cell["source"]) for cell in notebook["cells"])
    assert "framelab.report" not in source
    deps = yaml.safe_load((root / "dvc.yaml").read_text(encoding="utf-8"))["stages"]
    assert not any("report" in dep for dep in deps["framing"]["deps"])
    assert "src/framelab/report" in deps["report"]["deps"]
    framing_sources = " ".join(p.read_text() for p in (root / "src/framelab/framing").glob("*.py"))
    assert "framelab.report" not in framing_sources and "..report" not in framing_sources


def test_report_params_are_validated(tmp_path):
    from framelab.errors import FramelabError
    from framelab.report import report_options

    assert report_options({"max_groups": "12"}).max_groups == 12
    for params, key in (
        ({"max_groups": 0}, "max_groups"),
        ({"max_panels": 2.5}, "max_panels"),
        ({"top_terms": True}, "top_terms"),
        ({"title": {"a": "b"}}, "title"),
        ({"max_group": 3}, "max_group"),
    ):
        with pytest.raises(FramelabError, match=key):
            report_options(params)
    with pytest.raises(FramelabError, match="max_groups"):
        write_report(tmp_path, None, tmp_path / "r.html", max_groups=-1)


def test_arabic_fightin_words_terms_are_drawn_larger():
    import pandas as pd

    from framelab.report.figures import RTL_TERM_FONTSIZE, term_fontsize

    assert term_fontsize(pd.Series(["ceasefire", "talks"])) == 8
    assert term_fontsize(pd.Series(["talks", "الهدنة"])) == RTL_TERM_FONTSIZE > 8
