"""``framelab clean ARTICLES.parquet -o clean.parquet --audit A --rejects R``."""

from __future__ import annotations

import pandas as pd

from framelab.clean import AUDIT_SCHEMA, CLEAN_SCHEMA
from framelab.cli import main

BODY = (
    "The minister said on Monday that the government would continue to work with its regional "
    "partners in order to reach a lasting peace agreement between the two countries."
)


def test_cli_writes_tables_and_prints_summary(tmp_path, capsys):
    arts = pd.DataFrame(
        {
            "article_id": ["a", "b"],
            "outlet": ["X", "X"],
            "language": ["en", "en"],
            "raw": [f"Home\n{BODY}\nLeave a Reply", ""],
            "raw_format": ["text", "text"],
            "source_path": ["a.txt", "b.txt"],
        }
    )
    arts.to_parquet(tmp_path / "articles.parquet")
    out, audit, rejects = (
        tmp_path / "clean.parquet",
        tmp_path / "audit.parquet",
        tmp_path / "rej.parquet",
    )
    code = main(
        [
            "clean",
            str(tmp_path / "articles.parquet"),
            "-o",
            str(out),
            "--audit",
            str(audit),
            "--rejects",
            str(rejects),
        ]
    )
    assert code == 0
    printed = capsys.readouterr().out
    assert "2 articles: 1 clean, 1 rejected" in printed
    clean = pd.read_parquet(out)
    assert list(clean.columns) == list(CLEAN_SCHEMA)
    assert clean["text"].tolist() == [BODY]
    assert list(pd.read_parquet(audit).columns) == list(AUDIT_SCHEMA)
    assert pd.read_parquet(rejects)["reason"].tolist() == ["empty"]


def test_cli_missing_input_is_one_line_error(tmp_path, capsys):
    assert main(["clean", str(tmp_path / "nope.parquet"), "-o", str(tmp_path / "c.parquet")]) == 2
    assert "nope.parquet" in capsys.readouterr().err


def test_cli_bad_parameter_type_is_named(tmp_path, capsys):
    pd.DataFrame(
        {"article_id": ["a"], "raw": [BODY], "raw_format": ["text"], "language": ["en"]}
    ).to_parquet(tmp_path / "articles.parquet")
    code = main(
        [
            "clean",
            str(tmp_path / "articles.parquet"),
            "-o",
            str(tmp_path / "c.parquet"),
            "--set",
            "dedup_threshold=abc",
        ]
    )
    assert code == 2
    err = capsys.readouterr().err
    assert "dedup_threshold must be a number, got 'abc'" in err
    assert "not supported between" not in err
