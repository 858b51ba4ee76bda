"""Ingest on hostile input, case by case: nothing lost, nothing followed, nothing opened that is
not a regular file, every reject one line with its reason (hand-written, invented inputs)."""

from __future__ import annotations

import codecs
import gzip
import io
import json
import logging
import os
import stat
import tarfile
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from framelab.errors import FramelabError
from framelab.ingest import IngestStats, ingest_paths
from framelab.io import read_table, write_table

AR = (
    "قال وزير الخارجية إن المحادثات ستستأنف يوم الاثنين المقبل في العاصمة بعد أسبوعين من "
    "المفاوضات الطويلة، وأكد المتحدث باسم الحكومة أن الوفد وصل صباح أمس بحضور ممثلين عن الطرفين."
)
EN = "The council approved the new budget on Monday after a long debate about school funding."


def ingest(paths, root: Path, **kw):
    stats = IngestStats()
    result = ingest_paths(paths, relative_to=root, stats=stats, **kw)
    assert stats.n_inputs == len(result.articles) + len(result.rejects)
    assert all("\n" not in d for d in result.rejects["detail"])
    return result


def reasons(result) -> dict[str, str]:
    return dict(zip(result.rejects["source_path"], result.rejects["reason"], strict=True))


# ---------------------------------------------------------------- JSON Lines, JSON, CSV
def test_jsonl_bad_lines_are_one_reject_each_and_the_rest_is_read(tmp_path: Path) -> None:
    lines = [json.dumps({"id": f"r{i}", "text": EN}) for i in range(6)]
    lines[1] = '{"id": "sur", "text": "' + EN + ' \\ud800 end"}'  # a lone surrogate escape
    lines[2] = '{"id": "big", "text": "' + EN + '", "views": ' + "9" * 5000 + "}"
    lines[3] = '{"id": "deep", "x": ' + "[" * 100_000 + "]" * 100_000 + "}"
    (tmp_path / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = ingest([tmp_path / "feed.jsonl"], tmp_path)
    assert reasons(result) == {"feed.jsonl#4": "invalid_json"}
    assert "nested too deeply" in result.rejects["detail"].iloc[0]
    articles = result.articles.set_index("article_id")
    assert list(articles.index) == ["r0", "sur", "big", "r4", "r5"]
    assert "\ufffd" in articles.loc["sur", "raw"]
    assert "lone surrogate" in json.loads(articles.loc["sur", "meta"])["text_issue"]
    assert json.loads(articles.loc["big", "meta"])["views"] == "9" * 5000
    write_table(result.articles, tmp_path / "a.parquet")  # storable


def test_json_too_deep_or_truncated_is_one_reject(tmp_path: Path) -> None:
    (tmp_path / "deep.json").write_text("[" * 60_000 + "]" * 60_000, encoding="utf-8")
    (tmp_path / "cut.json").write_text(
        '[{"id": "a", "text": "' + EN + '"}, {"id": "b", "te', "utf-8"
    )
    result = ingest([tmp_path], tmp_path)
    assert reasons(result) == {"deep.json": "invalid_json", "cut.json": "invalid_json"}


def test_csv_quote_never_closed_does_not_swallow_the_rest(tmp_path: Path) -> None:
    rows = ["id,title,text"] + [f"r{i},T,{EN}" for i in range(6)]
    rows[3] = 'r2,T,"opened and never closed ' + EN
    (tmp_path / "rows.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    result = ingest([tmp_path / "rows.csv"], tmp_path)
    assert reasons(result) == {"rows.csv#3": "invalid_csv"}
    assert list(result.articles["article_id"]) == ["r0", "r1", "r3", "r4", "r5"]


# ---------------------------------------------------------------- ANT with several documents
def _doc(docno: str, body: str) -> str:
    return f"<DOC>\n<DOCNO>{docno}</DOCNO>\n<SRC>BBC</SRC>\n<TEXT>\n{body}\n</TEXT>\n</DOC>\n"


def test_ant_file_with_several_docs_yields_every_one(tmp_path: Path) -> None:
    text = _doc("D1", AR) + _doc("D2", AR + " ثانيا") + _doc("D3", AR + " ثالثا")
    (tmp_path / "x-20180305.txt").write_text(text, encoding="utf-8")
    (tmp_path / "y-20180305.txt").write_text(
        _doc("D4", AR) + "<DOC>\n<DOCNO>D5</DOCNO>\n<TEXT>\nنص", "utf-8"
    )
    result = ingest([tmp_path], tmp_path)
    assert list(result.articles["article_id"]) == ["ant:D1", "ant:D2", "ant:D3", "ant:D4"]
    assert list(result.articles["source_path"])[:3] == [
        "x-20180305.txt#1",
        "x-20180305.txt#2",
        "x-20180305.txt#3",
    ]
    assert reasons(result) == {"y-20180305.txt#2": "truncated"}


def test_single_ant_doc_keeps_its_plain_source_path(tmp_path: Path) -> None:
    (tmp_path / "z-20180305.txt").write_text(_doc("D9", AR), encoding="utf-8")
    assert list(ingest([tmp_path], tmp_path).articles["source_path"]) == ["z-20180305.txt"]


# ---------------------------------------------------------------- folders, links, special files
def test_links_out_of_the_folder_are_rejected_never_followed(tmp_path: Path) -> None:
    inputs, outside = tmp_path / "in", tmp_path / "out"
    inputs.mkdir(), outside.mkdir()
    (outside / "secret.txt").write_text("SECRET " + EN, encoding="utf-8")
    (inputs / "ok.txt").write_text(EN, encoding="utf-8")
    os.symlink(outside / "secret.txt", inputs / "leak.txt")
    os.symlink(outside, inputs / "dir-leak")
    os.symlink(inputs / "missing.txt", inputs / "dangling.txt")
    os.symlink("loop2", inputs / "loop1")
    os.symlink("loop1", inputs / "loop2")
    os.symlink(inputs, inputs / "self")
    os.symlink(inputs / "ok.txt", inputs / "alias.txt")
    stats = IngestStats()
    result = ingest_paths([inputs], relative_to=tmp_path, stats=stats)
    assert reasons(result) == {
        "in/dangling.txt": "broken_link",
        "in/dir-leak": "link_outside",
        "in/leak.txt": "link_outside",
        "in/loop1": "broken_link",
        "in/loop2": "broken_link",
    }
    assert sorted(result.articles["source_path"]) == ["in/alias.txt", "in/ok.txt"]
    assert not result.articles["raw"].str.contains("SECRET").any()
    assert stats.n_skipped == 1  # the folder link back into the input folder


def test_special_files_are_rejected_without_being_opened(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.jsonl")
    (tmp_path / "ok.txt").write_text(EN, encoding="utf-8")
    os.symlink("/dev/zero", tmp_path / "zero-link")
    result = ingest([tmp_path, tmp_path / "pipe.jsonl", "/dev/zero"], tmp_path)
    got = reasons(result)
    assert got["pipe.jsonl"] == "special_file"  # a FIFO would block a reader forever
    assert (
        "named pipe" in result.rejects.set_index("source_path").loc["pipe.jsonl", "detail"].iloc[0]
    )
    assert got["zero-link"] == "link_outside"
    assert got[os.path.relpath("/dev/zero", tmp_path)] == "special_file"
    assert list(result.articles["source_path"]) == ["ok.txt"]


def test_unreadable_folder_is_a_reject(tmp_path: Path, monkeypatch) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "a.txt").write_text(EN, encoding="utf-8")
    (tmp_path / "ok.txt").write_text(EN, encoding="utf-8")
    real_scandir = os.scandir

    def scandir(path):
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    result = ingest([tmp_path], tmp_path)
    assert reasons(result) == {"locked": "unreadable_folder"}
    assert "Permission denied" in result.rejects["detail"].iloc[0]


def test_file_names_that_are_not_utf8_are_shown_escaped_and_storable(tmp_path: Path) -> None:
    folder = os.fsencode(tmp_path)
    with open(os.path.join(folder, b"caf\xe9.txt"), "wb") as fh:
        fh.write(EN.encode())
    with open(os.path.join(folder, b"new\nline.txt"), "wb") as fh:
        fh.write(EN.encode())
    result = ingest([tmp_path], tmp_path)
    assert sorted(result.articles["source_path"]) == ["caf\\xe9.txt", "new\nline.txt"]
    write_table(result.articles, tmp_path / "out.parquet")
    assert len(read_table(tmp_path / "out.parquet")) == 2


def test_a_newline_in_a_name_cannot_forge_a_log_line(tmp_path: Path, caplog) -> None:
    (tmp_path / "rows.jsonl").write_text('{"id": "x\\nWARNING forged", "text": ""}\n', "utf-8")
    with caplog.at_level(logging.WARNING, logger="framelab.ingest"):
        ingest([tmp_path], tmp_path)
    messages = [r.getMessage() for r in caplog.records]
    assert messages and all("\n" not in m for m in messages)


# ---------------------------------------------------------------- archives
def _tar(
    path: Path, members: list[tuple[tarfile.TarInfo, bytes | None]], mode: str = "w:gz"
) -> Path:
    with tarfile.open(path, mode) as tar:
        for info, data in members:
            if data is None:
                tar.addfile(info)
            else:
                info.size = len(data)
                tar.addfile(info, io.BytesIO(data))
    return path


def _info(name: str, kind: bytes = tarfile.REGTYPE, link: str = "") -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.type, info.linkname = kind, link
    return info


def test_unsafe_members_links_and_devices_in_a_tar_are_rejected(tmp_path: Path) -> None:
    _tar(
        tmp_path / "a.tar.gz",
        [
            (_info("docs/ok.txt"), EN.encode()),
            (_info("../up.txt"), EN.encode()),
            (_info("/abs.txt"), EN.encode()),
            (_info("docs/hard.txt", tarfile.LNKTYPE, "docs/ok.txt"), None),
            (_info("docs/soft.txt", tarfile.SYMTYPE, "/etc/passwd"), None),
            (_info("docs/fifo", tarfile.FIFOTYPE), None),
            (_info("docs/inner.zip"), b"PK\x03\x04 not really"),
        ],
    )
    result = ingest([tmp_path / "a.tar.gz"], tmp_path)
    assert reasons(result) == {
        "a.tar.gz::../up.txt": "unsafe_member",
        "a.tar.gz::/abs.txt": "unsafe_member",
        "a.tar.gz::docs/hard.txt": "link_member",
        "a.tar.gz::docs/soft.txt": "link_member",
        "a.tar.gz::docs/fifo": "special_file",
        "a.tar.gz::docs/inner.zip": "nested_archive",
    }
    assert list(result.articles["source_path"]) == ["a.tar.gz::docs/ok.txt"]


def test_damaged_tar_header_is_reported_with_the_members_read(tmp_path: Path) -> None:
    path = _tar(
        tmp_path / "t.tar", [(_info(f"m{i}.txt"), f"{EN} {i}".encode()) for i in range(6)], "w"
    )
    data = bytearray(path.read_bytes())
    with tarfile.open(path) as tar:
        at = tar.getmembers()[3].offset
    data[at : at + 64] = b"\xff" * 64
    path.write_bytes(bytes(data))
    result = ingest([path], tmp_path)
    assert len(result.articles) == 3
    assert reasons(result) == {"t.tar": "corrupt_archive"}
    assert "after 3 member(s)" in result.rejects["detail"].iloc[0]


def test_zip_symlinks_and_unsafe_names_are_rejected(tmp_path: Path) -> None:
    with zipfile.ZipFile(tmp_path / "z.zip", "w") as archive:
        archive.writestr("ok.txt", EN)
        link = zipfile.ZipInfo("link.txt")
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        archive.writestr(link, "/etc/passwd")
        archive.writestr("../escape.txt", EN)
    result = ingest([tmp_path / "z.zip"], tmp_path)
    assert reasons(result) == {
        "z.zip::link.txt": "link_member",
        "z.zip::../escape.txt": "unsafe_member",
    }


def test_truncated_gzip_reads_the_complete_lines_and_reports_the_damage(tmp_path: Path) -> None:
    body = "".join(json.dumps({"id": f"g{i}", "text": f"{EN} {i}"}) + "\n" for i in range(200))
    packed = gzip.compress(body.encode())
    (tmp_path / "cut.jsonl.gz").write_bytes(packed[: len(packed) // 2])
    result = ingest([tmp_path], tmp_path)
    got = reasons(result)
    assert got.pop("cut.jsonl.gz") == "corrupt_archive"
    assert set(got.values()) <= {"invalid_json"}  # the line cut in the middle, if any
    assert len(result.articles) >= 1 and len(result.articles) + len(got) < 200


# ---------------------------------------------------------------- encodings and verdicts
@pytest.mark.parametrize("start", ["RIFF", "BZh", "GIF8", "GIF89a is a format", "%PDF files"])
def test_text_starting_like_a_binary_signature_is_text(tmp_path: Path, start: str) -> None:
    (tmp_path / "a.txt").write_text(f"{start} {EN}", encoding="utf-8")
    result = ingest([tmp_path], tmp_path)
    assert len(result.articles) == 1, result.rejects["detail"].tolist()


def test_real_binary_signatures_are_still_binary(tmp_path: Path) -> None:
    (tmp_path / "a.gif").write_bytes(b"GIF89a\x01\x00\x01\x00\x80\x00\x00" + bytes(range(256)))
    (tmp_path / "b.wav").write_bytes(b"RIFF\x24\x08\x00\x00WAVEfmt " + bytes(300))
    result = ingest([tmp_path], tmp_path)
    assert reasons(result) == {"a.gif": "binary", "b.wav": "binary"}


def test_one_stray_byte_in_utf8_is_replaced_and_flagged(tmp_path: Path) -> None:
    data = AR.encode("utf-8")
    cut = data.index(b" ", len(data) // 2)
    (tmp_path / "a.txt").write_bytes(data[:cut] + b"\xff" + data[cut:])
    result = ingest([tmp_path], tmp_path)
    row = result.articles.iloc[0]
    assert row["language"] == "ar" and "\ufffd" in row["raw"]
    meta = json.loads(row["meta"])
    assert meta["encoding_issue"].startswith("1 invalid UTF-8 byte sequence")
    assert "encoding" not in meta  # still UTF-8


def test_legacy_western_text_is_still_not_read_as_damaged_utf8(tmp_path: Path) -> None:
    (tmp_path / "fr.txt").write_bytes("Le débat a duré toute la journée à Paris.".encode("cp1252"))
    row = ingest([tmp_path], tmp_path).articles.iloc[0]
    assert "débat" in row["raw"] and json.loads(row["meta"])["encoding"] == "cp1252"


def test_utf8_bom_only_file_is_empty(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(codecs.BOM_UTF8)
    assert reasons(ingest([tmp_path], tmp_path)) == {"a.txt": "empty"}


def test_arabic_presentation_forms_are_detected_as_arabic(tmp_path: Path) -> None:
    forms = str.maketrans(
        {"ا": "\ufe8d", "ل": "\ufedd", "م": "\ufee3", "ن": "\ufee7", "ي": "\ufef3"}
    )
    (tmp_path / "a.txt").write_text(AR.translate(forms), encoding="utf-8")
    row = ingest([tmp_path], tmp_path).articles.iloc[0]
    assert row["language"] == "ar" and row["raw"] == AR.translate(forms)  # raw kept as read


def test_impossible_date_in_page_metadata_is_flagged_not_moved(tmp_path: Path) -> None:
    page = (
        '<html><head><meta property="article:published_time" content="2023-02-30">'
        f"</head><body><p>{EN}</p><p>{EN}</p></body></html>"
    )
    (tmp_path / "a.html").write_text(page, encoding="utf-8")
    row = ingest([tmp_path], tmp_path).articles.iloc[0]
    assert pd.isna(row["published"])
    assert "impossible date '2023-02-30'" in row["published_issue"]


def test_article_longer_than_the_limit_is_rejected_and_the_limit_is_validated(
    tmp_path: Path,
) -> None:
    (tmp_path / "long.txt").write_text(EN * 20, encoding="utf-8")
    (tmp_path / "short.txt").write_text(EN, encoding="utf-8")
    result = ingest([tmp_path], tmp_path, max_article_chars=1000)
    assert reasons(result) == {"long.txt": "too_long"}
    assert "max_article_chars=1,000" in result.rejects["detail"].iloc[0]
    for bad in (0, -5, 2.5, "100", True):
        with pytest.raises(FramelabError, match="max_article_chars"):
            ingest_paths([tmp_path], max_article_chars=bad)
