"""The coding loop on invented articles: sample, sheets and form, import, agreement, report hook."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from framelab.errors import FramelabError, InputError
from framelab.framing.codebooks import load_frame_codebook
from framelab.framing.coding import (
    agreement_summary,
    consensus,
    draw_sample,
    read_codes,
    read_sample,
    write_coding_sheets,
)
from framelab.framing.frames import PresenceRule
from framelab.framing.pipeline import framing_params
from framelab.framing.validation import validation_metrics
from framelab.report.validation import frames_validation_section

CODEBOOK = "data/codebooks/frames-gvfc.yaml"


@pytest.fixture(scope="module")
def codebook(project_root):
    return load_frame_codebook(project_root / CODEBOOK)


def _articles() -> pd.DataFrame:
    rows = []
    for i in range(12):
        outlet = ["daily", "weekly", "radio"][i % 3]
        rows.append(
            {
                "article_id": f"a{i:02d}",
                "outlet": outlet,
                "language": "en" if i % 2 else "de",
                "title": f"Invented headline {i}",
                "text": f"Invented headline {i}\nSenators debate a ban on assault weapons {i}.",
                "is_duplicate": i == 11,
                "meta": json.dumps({"desk": "news" if i < 6 else "politics"}),
            }
        )
    return pd.DataFrame(rows)


def test_sample_is_stratified_seeded_and_skips_duplicates():
    articles = _articles()
    first = draw_sample(articles, 6, by="outlet", seed=7)
    again = draw_sample(articles, 6, by="outlet", seed=7)
    assert first.equals(again)
    assert len(first) == 6
    assert sorted(first["stratum"].value_counts().tolist()) == [2, 2, 2]
    assert "a11" not in set(first["article_id"])
    by_meta = draw_sample(articles, 4, by="desk", seed=1)
    assert set(by_meta["stratum"]) == {"news", "politics"}
    small = draw_sample(articles, 50, by="outlet", seed=1)
    assert len(small) == 11  # all but the duplicate


def test_sample_rejects_unknown_stratum():
    with pytest.raises(InputError, match="cannot stratify"):
        draw_sample(_articles().drop(columns="meta"), 3, by="bias", seed=1)


def test_sheets_and_offline_form_hide_evidence(tmp_path, codebook):
    articles = _articles()
    articles.loc[0, "text"] = 'Headline <script>alert("x")</script>\nمقال عن السلاح'
    sample = draw_sample(articles, 6, by="outlet", seed=2)
    if "a00" not in set(sample["article_id"]):
        sample = pd.concat(
            [sample, draw_sample(articles[articles.article_id == "a00"], 1, by="outlet", seed=0)]
        )
    written = write_coding_sheets(sample, codebook, tmp_path)
    sheet = pd.read_csv(written["sheet"], dtype=str, keep_default_na=False)
    assert list(sheet.columns[:6]) == [
        "article_id",
        "coder",
        "language",
        "title",
        "primary_frame",
        "notes",
    ]
    assert list(sheet.columns[6:]) == codebook.frames["frame"].tolist()
    html = written["form"].read_text(encoding="utf-8")
    assert "<script>alert" not in html and "&lt;script&gt;" in html
    assert 'dir="auto"' in html
    assert "http://" not in html and "https://" not in html  # offline, self-contained
    assert "cue" not in html.casefold()  # no frame evidence, no machine codes
    assert len(read_sample(written["sample"])) == len(sample)


def _sheet(path, coder, rows, frames):
    table = pd.DataFrame(
        [
            {
                "article_id": a,
                "coder": coder,
                "primary_frame": p,
                **{f: int(f in fs) for f in frames},
            }
            for a, p, fs in rows
        ]
    )
    table.to_csv(path, index=False)
    return path


def test_import_agreement_and_report(tmp_path, codebook):
    frames = codebook.frames["frame"].tolist()
    sample = [
        {"id": f"s{i}", "language": "en", "title": None, "text": t}
        for i, t in enumerate(
            [
                "Senators vote on background checks and an assault weapons ban",
                "Vigil and protest after the shooting; mourners demand action",
                "Gun maker shares fall as investors and banks pull money",
                "School adds metal detectors and armed guards for safety",
                "Shooter was mentally ill and depressed, psychiatrist says",
                "Second Amendment rally: gun owners defend the right to bear arms",
            ]
        )
    ]
    truth = [
        ["gun_control", "politics"],
        ["public_opinion"],
        ["economic"],
        ["public_safety"],
        ["mental_health"],
        ["gun_rights"],
    ]
    one = _sheet(
        tmp_path / "one.csv", "coder-one", [(f"s{i}", t[0], t) for i, t in enumerate(truth)], frames
    )
    other = [list(t) for t in truth]
    other[0] = ["gun_control"]
    two = _sheet(
        tmp_path / "two.csv", "coder-two", [(f"s{i}", t[0], t) for i, t in enumerate(other)], frames
    )
    codes = read_codes([one, two], [r["id"] for r in sample], frames)
    assert set(codes["coder"]) == {"coder-one", "coder-two"}
    gold = consensus(codes, [r["id"] for r in sample], frames)
    assert not gold[0, frames.index("politics")]  # 1 of 2 coders: a tie counts as absent
    summary, records = agreement_summary(
        sample, codes, codebook, PresenceRule(1, 1), resamples=50, seed=1
    )
    assert summary["per_frame"]["gun_control"]["human_alpha"] == 1.0
    assert summary["per_frame"]["politics"]["human_alpha"] < 1.0
    assert summary["machine"]["lexicon"]["n_items"] == 6
    assert "learned" not in summary["machine"] and "needs >= 20" in summary["learned_note"]
    assert records[0]["frames"] == ["gun_control"]

    codebook_copy = tmp_path / "frames-gvfc.yaml"
    codebook_copy.write_text(Path(codebook.source).read_text(encoding="utf-8"), encoding="utf-8")
    local = load_frame_codebook(codebook_copy)
    params = framing_params({"frames_codebook": str(codebook_copy)})
    before = validation_metrics(local, params)["frames_validation"]
    assert before["status"] == "not validated"
    html = frames_validation_section({"frame_measure": "lexicon", "frames_validation": before})
    assert "Not validated" in html

    (tmp_path / "frames-gvfc.validation.json").write_text(json.dumps(summary), encoding="utf-8")
    after = validation_metrics(local, {**params, "frame_agreement_threshold": 0.5})
    info = after["frames_validation"]
    assert info["status"] == "validated" and info["n_items"] == 6
    assert "gun_control" in info["frames_passed"]
    html = frames_validation_section(after)
    assert "coder-one" in html and "passed" in html


def test_import_errors_name_the_file(tmp_path, codebook):
    frames = codebook.frames["frame"].tolist()
    bad = _sheet(tmp_path / "bad.csv", "c", [("zz", "", ["economic"])], frames)
    with pytest.raises(InputError, match="not in the sample"):
        read_codes([bad], ["s0"], frames)
    odd = tmp_path / "odd.csv"
    pd.DataFrame([{"article_id": "s0", **{f: "maybe" for f in frames}}]).to_csv(odd, index=False)
    with pytest.raises(InputError, match="1/0"):
        read_codes([odd], ["s0"], frames)
    partial = tmp_path / "partial.csv"
    pd.DataFrame([{"article_id": "s0", "economic": 1}]).to_csv(partial, index=False)
    with pytest.raises(InputError, match="lacks column"):
        read_codes([partial], ["s0"], frames)


def test_frame_params_are_validated():
    with pytest.raises(FramelabError, match="frame_measure"):
        framing_params({"frame_measure": "bert"})
    with pytest.raises(FramelabError, match="frame_model"):
        framing_params({"frame_measure": "learned"})
    with pytest.raises(FramelabError, match="frame_agreement_threshold"):
        framing_params({"frame_agreement_threshold": 3})
    assert framing_params({})["frame_short_text_words"] == 0
    assert np.isclose(framing_params({})["frame_agreement_threshold"], 0.667)
