"""Bad input: each case ends as one rejects row with a one-line reason, logged, and the run goes on."""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

import pytest

from framelab.ingest import IngestStats, ingest_paths

AR = (
    "تحدث وزير الخارجية الأمريكي أنتوني بلينكن بشكل منفصل مع الرئيس الأذربيجاني علييف "
    "ورئيس وزراء أرمينيا باشينيان يوم الاثنين، وبحث معهما تحقيق السلام الدائم والكريم."
)
EN = "The foreign ministers met in Washington on Monday to discuss a lasting peace agreement."


def run(folder: Path, caplog, **kw):
    """Ingest ``folder`` plus one good file; check accounting, one-line details and warnings."""
    (folder / "zz-good.txt").write_text(EN, encoding="utf-8")
    stats = IngestStats()
    with caplog.at_level(logging.WARNING, logger="framelab.ingest"):
        result = ingest_paths([folder], relative_to=folder, stats=stats, **kw)
    assert "zz-good.txt" in set(result.articles["source_path"])  # the run went on
    assert stats.n_inputs == len(result.articles) + len(result.rejects) == result.n_inputs
    for row in result.rejects.itertuples():
        assert "\n" not in row.detail and row.detail
        assert row.stage == "ingest"
        warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
        assert any(m.startswith(f"{row.source_path!r}: rejected ({row.reason})") for m in warnings)
        assert all("\n" not in m for m in warnings)
    return result


def reasons(result) -> list[tuple[str, str]]:
    return list(zip(result.rejects["source_path"], result.rejects["reason"], strict=True))


def test_empty_and_whitespace_files(tmp_path: Path, caplog) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_bytes(b"  \n\t\n")
    result = run(tmp_path, caplog)
    assert reasons(result) == [("blank.txt", "empty"), ("empty.txt", "empty")]


def test_binary_files(tmp_path: Path, caplog) -> None:
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0" + os.urandom(2000))
    (tmp_path / "noise.txt").write_bytes(bytes(range(256)) * 8)
    (tmp_path / "report.txt").write_bytes(b"%PDF-1.7\n" + os.urandom(500))
    result = run(tmp_path, caplog)
    assert reasons(result) == [
        ("noise.txt", "binary"),
        ("photo.jpg", "binary"),
        ("report.txt", "binary"),
    ]
    assert "PDF" in result.rejects.set_index("source_path").loc["report.txt", "detail"]


@pytest.mark.parametrize(
    ("encoding", "expected"),
    [("windows-1256", "cp1256"), ("utf-16", "utf-16"), ("utf-16-le", "utf_16_le")],
)
def test_non_utf8_arabic_is_decoded_and_noted(
    tmp_path: Path, caplog, encoding: str, expected: str
) -> None:
    text = AR + "\n\n" + AR
    (tmp_path / "legacy.txt").write_bytes(text.encode(encoding))
    result = run(tmp_path, caplog)
    assert result.rejects.empty
    art = result.articles.set_index("source_path").loc["legacy.txt"]
    assert art["raw"] == text and art["language"] == "ar"
    assert json.loads(art["meta"])["encoding"] == expected


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        # short Western texts used to come out as mac_iceland / cp775 mojibake
        ("Der Außenminister erklärte am Montag, die Gespräche würden fortgesetzt.", "latin-1"),
        ("Auf der Straße grüßt man höflich.", "latin-1"),
        ("Un café, s'il vous plaît.", "cp1252"),
        ("L’été à Paris — «très» chaud, dit le ministre.", "cp1252"),
    ],
)
def test_short_western_legacy_text_is_decoded_as_cp1252(
    tmp_path: Path, caplog, text: str, encoding: str
) -> None:
    (tmp_path / "legacy.txt").write_bytes(text.encode(encoding))
    result = run(tmp_path, caplog, default_language="fr")
    art = result.articles.set_index("source_path").loc["legacy.txt"]
    assert art["raw"] == text
    assert json.loads(art["meta"])["encoding"] == "cp1252"


def test_decoding_prefers_cp1252_and_flags_ambiguous_guesses() -> None:
    from framelab.ingest import decode_bytes

    german = decode_bytes(
        "Der Außenminister erklärte, dass die Grenze offen bleibe.".encode("latin-1")
    )
    assert german.encoding == "cp1252" and german.issue is None  # cp1250 gives the same text
    french = decode_bytes("L’été à Paris".encode("cp1252"))
    assert french.text == "L’été à Paris" and french.encoding == "cp1252"
    assert french.issue and "cp1250" in french.issue  # cp1250 reads 'ŕ Paris': doubtful, noted
    assert decode_bytes(AR.encode("windows-1256")).issue is None


def test_ambiguous_encoding_is_flagged_in_meta(tmp_path: Path, caplog) -> None:
    (tmp_path / "short.txt").write_bytes("L’été à Paris".encode("cp1252"))
    result = run(tmp_path, caplog, default_language="fr")
    meta = json.loads(result.articles.set_index("source_path").loc["short.txt", "meta"])
    assert meta["encoding"] == "cp1252"
    assert meta["encoding_issue"].startswith("encoding guessed as cp1252;")


def test_malformed_html(tmp_path: Path, caplog) -> None:
    (tmp_path / "truncated.html").write_text(
        '<html><head><title>Broken</title></head><body><div class="', encoding="utf-8"
    )
    (tmp_path / "only-script.html").write_text(
        "<html><body><script>var a=1;</script></body>", encoding="utf-8"
    )
    # sloppy but readable markup is accepted, as a browser would
    (tmp_path / "sloppy.html").write_text(f"<html><body><p>{EN}<div><b>unclosed", encoding="utf-8")
    result = run(tmp_path, caplog)
    assert reasons(result) == [
        ("only-script.html", "malformed_html"),
        ("truncated.html", "malformed_html"),
    ]
    assert "sloppy.html" in set(result.articles["source_path"])


def test_jsonl_rows_with_missing_fields_and_invalid_lines(tmp_path: Path, caplog) -> None:
    lines = [
        json.dumps({"id": "1", "text": EN}),
        json.dumps({"id": "2", "title": "no text here"}),
        "{not json",
        json.dumps(["a", "list"]),
        json.dumps({"id": "5", "text": "   "}),
        "",
        json.dumps({"text": AR}),  # no id: sha1 of the source path
    ]
    (tmp_path / "rows.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run(tmp_path, caplog)
    assert reasons(result) == [
        ("rows.jsonl#2", "missing_text"),
        ("rows.jsonl#3", "invalid_json"),
        ("rows.jsonl#4", "not_object"),
        ("rows.jsonl#5", "missing_text"),
    ]
    assert set(result.articles["source_path"]) == {"rows.jsonl#1", "rows.jsonl#7", "zz-good.txt"}
    assert result.rejects.set_index("source_path").loc["rows.jsonl#2", "article_id"] == "2"


def test_csv_rows_with_missing_fields(tmp_path: Path, caplog) -> None:
    text = f"id,title,text\n1,ok,{EN}\n2,no text,\n3\n4,extra,{EN},surplus\n"
    (tmp_path / "rows.csv").write_text(text, encoding="utf-8")
    result = run(tmp_path, caplog)
    assert reasons(result) == [("rows.csv#2", "missing_text"), ("rows.csv#3", "missing_text")]
    extra = result.articles.set_index("source_path").loc["rows.csv#4"]
    assert json.loads(extra["meta"]) == {"_extra_values": ["surplus"]}
    details = result.rejects.set_index("source_path")["detail"]
    assert details["rows.csv#2"] == "text column empty (text)"
    assert details["rows.csv#3"] == "text column empty (text)"


def test_csv_without_text_column_names_the_columns(tmp_path: Path, caplog) -> None:
    (tmp_path / "rows.csv").write_text("id,headline\n1,only a title\n", encoding="utf-8")
    result = run(tmp_path, caplog)
    assert reasons(result) == [("rows.csv#1", "missing_text")]
    assert result.rejects["detail"].iloc[0] == "row has no text column (columns: headline, id)"


def test_csv_broken_quoting_is_invalid_csv_and_the_rest_is_read(tmp_path: Path, caplog) -> None:
    (tmp_path / "rows.csv").write_text(
        f'title,text\n"a,"b\nok,"{EN}"\n', encoding="utf-8", newline=""
    )
    result = run(tmp_path, caplog)
    assert reasons(result) == [("rows.csv#1", "invalid_csv")]
    detail = result.rejects["detail"].iloc[0]
    assert detail.startswith("row 1 (line 2): ") and "expected after" in detail
    assert "rows.csv#2" in set(result.articles["source_path"])


def test_duplicate_ids_later_ones_rejected(tmp_path: Path, caplog) -> None:
    rows = [{"id": "same", "text": EN}, {"id": "other", "text": AR}, {"id": "same", "text": AR}]
    (tmp_path / "a.jsonl").write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    (tmp_path / "b.jsonl").write_text(json.dumps({"id": "other", "text": EN}), encoding="utf-8")
    result = run(tmp_path, caplog)
    assert reasons(result) == [("a.jsonl#3", "duplicate_id"), ("b.jsonl#1", "duplicate_id")]
    kept = result.articles.set_index("article_id")
    assert (
        kept.loc["same", "source_path"] == "a.jsonl#1"
        and kept.loc["other", "source_path"] == "a.jsonl#2"
    )
    assert "a.jsonl#1" in result.rejects["detail"].iloc[0]


def test_file_over_max_size_is_rejected_unread(tmp_path: Path, caplog, monkeypatch) -> None:
    big = tmp_path / "huge.txt"
    with big.open("wb") as fh:  # sparse 100 MB file: costs no disk and no time
        fh.truncate(100 * 1024 * 1024)

    def fail(*_a, **_k):
        raise AssertionError("an oversized file must not be read")

    monkeypatch.setattr(
        Path, "read_bytes", lambda self: fail() if self == big else Path.read_text(self).encode()
    )
    result = run(tmp_path, caplog, max_file_mb=50)
    assert reasons(result) == [("huge.txt", "too_large")]
    assert "100.0 MB" in result.rejects["detail"].iloc[0]


def test_every_bad_case_together_keeps_the_count(tmp_path: Path, caplog) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "bin.dat").write_bytes(b"\x00\x01\x02" * 300)
    (tmp_path / "cp.txt").write_bytes(AR.encode("windows-1256"))
    (tmp_path / "bad.html").write_text("<html><body><div class=", encoding="utf-8")
    (tmp_path / "r.jsonl").write_text(
        '{"id": "1", "text": "a b c"}\n{oops\n{"id": "1", "text": "x"}\n', encoding="utf-8"
    )
    with (tmp_path / "big.txt").open("wb") as fh:
        fh.truncate(3 * 1024 * 1024)
    result = run(tmp_path, caplog, max_file_mb=1)
    assert result.n_inputs == 9
    assert sorted(result.rejects["reason"]) == sorted(
        ["empty", "binary", "malformed_html", "invalid_json", "duplicate_id", "too_large"]
    )


def test_a_reader_crash_rejects_the_file_and_the_run_goes_on(
    tmp_path: Path, caplog, monkeypatch
) -> None:
    from framelab.ingest import pipeline

    def broken(source, text):
        raise RecursionError("maximum recursion depth exceeded")
        yield  # pragma: no cover

    monkeypatch.setitem(pipeline._READERS, "csv", broken)
    (tmp_path / "weird.csv").write_text("id,text\n1,x\n", encoding="utf-8")
    result = run(tmp_path, caplog)
    assert reasons(result) == [("weird.csv", "parse_error")]
    assert "RecursionError" in result.rejects["detail"].iloc[0]


def test_compressed_single_files_are_read_and_bounded(tmp_path: Path, caplog) -> None:
    import bz2
    import gzip

    rows = "\n".join(json.dumps({"id": f"r{i}", "text": EN}) for i in range(3))
    (tmp_path / "rows.jsonl.gz").write_bytes(gzip.compress(rows.encode()))
    (tmp_path / "story.txt.bz2").write_bytes(bz2.compress(AR.encode("windows-1256")))
    # 3 MB of text compresses to a few kB: the limit applies to the decompressed size
    (tmp_path / "bomb.txt.gz").write_bytes(gzip.compress(b"a" * (3 * 1024 * 1024)))
    result = run(tmp_path, caplog, max_file_mb=1)
    assert reasons(result) == [("bomb.txt.gz", "too_large")]
    arts = result.articles.set_index("source_path")
    assert list(arts.loc[["rows.jsonl.gz#1", "rows.jsonl.gz#3"], "article_id"]) == ["r0", "r2"]
    assert arts.loc["story.txt.bz2", "language"] == "ar"
