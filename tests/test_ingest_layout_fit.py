"""A wrong layout is not silent: 0 articles from a non-empty input is one clear error line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from archive_files import write_tar
from shared_data import need_shared

from framelab.errors import InputError
from framelab.ingest import ingest_paths
from framelab.ingest.layout_check import require_articles
from framelab.ingest.report import ingest_metrics

UID = "0c5e7a52-4d2b-4f0e-9a51-3f1f7b2b9c10"


def _basil_like(folder: Path) -> Path:
    """Two invented articles in the BASIL layout, plus an annotation file that is no article."""
    article = {
        "title": "Council Votes on Harbour Plan",
        "date": "2012-03-14",
        "source": "nyt",
        "body-paragraphs": [["The council voted on the harbour plan on Tuesday."]],
    }
    (folder / "articles" / "2012").mkdir(parents=True)
    (folder / "annotations" / "2012").mkdir(parents=True)
    for n in (1, 2):
        path = folder / "articles" / "2012" / f"{UID}_{n}.json"
        path.write_text(json.dumps(article), encoding="utf-8")
    (folder / "annotations" / "2012" / f"{UID}_1_ann.json").write_text("{}", encoding="utf-8")
    return folder


def test_basil_files_read_as_allsides_fail_naming_input_layout_and_the_fitting_layout(
    tmp_path: Path,
) -> None:
    folder = _basil_like(tmp_path / "corpus")
    with pytest.raises(InputError) as err:
        ingest_paths([folder], layout="allsides", relative_to=tmp_path)
    text = str(err.value)
    assert "\n" not in text
    assert text.startswith(str(folder))
    assert "layout 'allsides' matched none of the 3 file(s)" in text
    assert "data/jsons" in text  # what allsides expects
    assert "these files fit layout basil" in text


def test_an_archive_named_for_another_layout_suggests_it(tmp_path: Path) -> None:
    member = json.dumps({"title": "t", "date": "2012-01-02", "source": "fox"}).encode()
    archive = write_tar(
        tmp_path / "basil-sample.tar.gz", {f"basil/articles/2012/{UID}_1.json": member}
    )
    with pytest.raises(InputError, match="fit layout basil"):
        ingest_paths([archive], layout="ant")


def test_the_right_layout_reads_and_does_not_warn(tmp_path: Path, caplog) -> None:
    folder = _basil_like(tmp_path / "corpus")
    with caplog.at_level("WARNING", logger="framelab.ingest"):
        result = ingest_paths([folder], layout="basil")
    assert len(result.articles) == 2
    assert not [r for r in caplog.records if "skipped" in r.getMessage()]


def test_a_layout_matching_only_some_files_warns_with_counts(tmp_path: Path, caplog) -> None:
    folder = _basil_like(tmp_path / "corpus")
    other = folder / "extra" / "data" / "jsons"
    other.mkdir(parents=True)
    (other / "k1.json").write_text(
        json.dumps({"ID": "k1", "content_original": "An invented story.", "source": "x"}),
        encoding="utf-8",
    )
    with caplog.at_level("WARNING", logger="framelab.ingest"):
        result = ingest_paths([folder], layout="allsides")
    assert len(result.articles) == 1
    lines = [r.getMessage() for r in caplog.records]
    assert any(
        "layout 'allsides' read 1 article(s) but skipped 3 file(s)" in m and "basil 2" in m
        for m in lines
    )


def test_zero_articles_under_auto_is_an_error_for_the_stage(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "empty.json").write_text("[]", encoding="utf-8")
    result = ingest_paths([tmp_path / "in"])
    metrics = ingest_metrics(result)
    with pytest.raises(InputError) as err:
        require_articles(metrics, ["in"], "auto")
    assert str(err.value) == (
        "in: 0 articles with layout 'auto': 1 file(s) skipped as not articles; "
        "see the rejects table and docs/ingest.md (formats and layouts)"
    )


def test_all_rejected_names_the_reasons() -> None:
    metrics = {"n_articles": 0, "n_rejected": 2, "rejects_by_reason": {"too_large": 2}}
    with pytest.raises(InputError, match=r"2 rejected \(too_large 2\)"):
        require_articles(metrics, ["big/"], "html")
    require_articles({"n_articles": 1}, ["ok/"], "auto")  # articles: no error


def test_real_basil_read_as_allsides() -> None:
    archive = need_shared("corpora", "basil.tar.gz")
    with pytest.raises(InputError) as err:
        ingest_paths([archive], layout="allsides")
    text = str(err.value)
    assert "layout 'allsides' matched none of the 602 file(s)" in text
    assert "fit layout basil" in text and "\n" not in text
