"""Corpus-layout adapters: hand-made samples of each layout, then the real archives in ../shared."""

from __future__ import annotations

import itertools
import json
import zipfile
from pathlib import Path

import pandas as pd
from archive_files import write_tar
from shared_data import need_shared

from framelab.ingest import ingest_paths, is_reject, iter_records

# A hand-written document in the ANT layout (invented text, not taken from the corpus).
ANT_DOC = """<DOC>
<DOCNO>{docno}</DOCNO>
<URL>http://news.example.org/arabic/world-1234</URL>
<SRC>{src}</SRC>
<CAT>internationalNews</CAT>
<TITLE>وزير الخارجية يصف المحادثات بأنها &quot;خطوة أولى مهمة&quot;</TITLE>
<TIME>{time}</TIME>
<AUTHOR></AUTHOR>
<ABSTRACT>
الوزير يقول إن الجانبين اتفقا على مواصلة الحوار الأسبوع المقبل.
</ABSTRACT>
<TEXT>
أعلن وزير الخارجية أن الجانبين اتفقا على مواصلة الحوار في العاصمة الأسبوع المقبل.
وقال متحدث باسم الوزارة إن الاتفاق النهائي يحتاج إلى مزيد من الوقت والعمل المشترك.
</TEXT>
</DOC>
"""


def _split(records):
    arts, rejs = [], []
    for r in records:
        (rejs if is_reject(r) else arts).append(r)
    return arts, rejs


# ------------------------------------------------------------------ hand-made samples
def test_ant_sample(tmp_path: Path) -> None:
    root = "ant-multisource-v2.1"
    members = {
        f"{root}/README.md": b"# ANT Corpus\nnot an article",
        f"{root}/BBC/internationalNews/BB-internationalNews-64-20180226.txt": ANT_DOC.format(
            docno="BB-internationalNews-64-20180226",
            src="BBC",
            time="Mon, 26 Feb 2018 02:20:10 GMT",
        ).encode(),
        f"{root}/Alarabia/culture/AL-culture-1-20180218.txt": ANT_DOC.format(
            docno="AL-culture-1-20180218", src="alarabia", time=""
        ).encode(),
        f"{root}/CNN/sport/CN-sport-1-20180301.txt": b"<DOC>\n<DOCNO>CN-sport-1-20180301</DOCNO>\n<TEXT>\n</TEXT>\n</DOC>",
    }
    archive = write_tar(tmp_path / "ant-multisource-v2.1.tar.gz", members)
    result = ingest_paths([archive], relative_to=tmp_path)
    assert result.stats.n_skipped == 1  # README.md is not an article of the layout
    arts = result.articles.set_index("article_id")
    bbc = arts.loc["ant:BB-internationalNews-64-20180226"]
    assert (bbc["outlet"], bbc["published"], bbc["published_source"]) == (
        "bbc",
        "2018-02-26",
        "metadata",
    )
    assert bbc["title"].endswith('"خطوة أولى مهمة"')  # entities unescaped
    assert bbc["raw"].startswith("أعلن وزير الخارجية") and "<TEXT>" not in bbc["raw"]
    assert (bbc["language"], bbc["language_source"]) == ("ar", "detected")
    meta = json.loads(bbc["meta"])
    assert meta["category"] == "internationalNews" and "abstract" in meta and "author" not in meta
    # no <TIME>: the date comes from the layout's file name, and says so
    ala = arts.loc["ant:AL-culture-1-20180218"]
    assert (ala["outlet"], ala["published"], ala["published_source"]) == (
        "alarabiya",
        "2018-02-18",
        "filename",
    )
    assert result.rejects[["article_id", "reason"]].values.tolist() == [
        ["ant:CN-sport-1-20180301", "missing_text"]
    ]


def test_saudinewsnet_sample(tmp_path: Path) -> None:
    articles = [
        {
            "source": "aawsat",
            "url": "http://aawsat.com/1",
            "date_extracted": "2015-08-07 06:31:17",
            "title": "عنوان",
            "author": "",
            "content": " كشف معلم سعودي عن قضية رشوة بطلها أحد موظفي الخدمة المدنية بعد أن قام بالتواصل مع شقيقة زوجته.",
        },
        {
            "source": "Okaz",
            "url": "http://okaz.com.sa/2",
            "date_extracted": "2015-07-20 10:00:00",
            "title": "",
            "author": "فلان",
            "content": "وأوضح بعد ذلك أن الشخص طلب مبلغا ماليا مقابل نقل المعلمة إلى مدينة جدة بحسب ما ذكرت الصحيفة.",
        },
        {
            "source": "sabq",
            "url": "http://sabq.org/3",
            "date_extracted": "2015-08-07 07:00:00",
            "title": "فارغ",
            "author": "",
            "content": "",
        },
    ]
    archive = tmp_path / "2015-08-07.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("2015-08-07.json", json.dumps(articles, ensure_ascii=False, indent=4))
    result = ingest_paths([archive], relative_to=tmp_path)
    arts = result.articles.set_index("source_path")
    first = arts.loc["2015-08-07.zip::2015-08-07.json#1"]
    assert (first["outlet"], first["published"], first["language"]) == (
        "aawsat",
        "2015-08-07",
        "ar",
    )
    assert "crawl date used" in first["published_issue"]
    second = arts.loc["2015-08-07.zip::2015-08-07.json#2"]
    assert second["outlet"] == "okaz" and pd.isna(second["title"]) and pd.isna(second["published"])
    assert "only the crawl date 2015-07-20" in second["published_issue"]
    assert json.loads(second["meta"])["author"] == "فلان"
    assert result.rejects[["source_path", "reason"]].values.tolist() == [
        ["2015-08-07.zip::2015-08-07.json#3", "missing_text"]
    ]


def test_allsides_sample_with_messy_dates(tmp_path: Path) -> None:
    def article(i: str, date: str) -> bytes:
        return json.dumps(
            {
                "topic": "russia",
                "source": "Fox Online News" if i != "c" else "FOX ONLINE NEWS",
                "bias": 2,
                "url": f"http://x/{i}",
                "title": f"T{i}",
                "date": date,
                "authors": "",
                "content": "tokenised text .",
                "content_original": "Russia and the United States agreed on Monday to resume talks on arms control, officials said.",
                "source_url": "www.foxnews.com",
                "bias_text": "right",
                "ID": i,
            }
        ).encode()

    members = {
        "allsides-world-politics/data/jsons/a.json": article("a", "2017-09-06"),
        "allsides-world-politics/data/jsons/b.json": article("b", "9/6/17"),
        "allsides-world-politics/data/jsons/c.json": article("c", ""),
        "allsides-world-politics/data/jsons/d.json": article("d", "0001-01-01"),
        "allsides-world-politics/data/jsons/e.json": article("e", "9/6/17x"),
    }
    archive = write_tar(tmp_path / "allsides-world-politics.tar.gz", members)
    arts = ingest_paths([archive]).articles.set_index("article_id")
    got = (
        arts[["published", "published_issue"]]
        .astype(object)
        .where(arts[["published", "published_issue"]].notna(), None)
    )
    assert got.to_dict("index") == {
        "allsides:a": {"published": "2017-09-06", "published_issue": None},
        "allsides:b": {
            "published": "2017-09-06",
            "published_issue": "ambiguous '9/6/17' read as m/d/y (layout convention)",
        },
        "allsides:c": {"published": None, "published_issue": "empty date"},
        "allsides:d": {
            "published": None,
            "published_issue": "implausible year 0001 in '0001-01-01'",
        },
        "allsides:e": {"published": None, "published_issue": "unparsed:'9/6/17x'"},
    }
    assert set(arts["outlet"]) == {"fox online news"}  # case normalised
    assert arts.loc["allsides:a", "raw"].startswith(
        "Russia and the United States"
    )  # untokenised text
    meta = json.loads(arts.loc["allsides:a", "meta"])
    assert (meta["bias"], meta["bias_text"], meta["topic"]) == (2, "right", "russia")


def test_basil_sample_skips_annotations(tmp_path: Path) -> None:
    uid = "2b95d2cf-e979-4f9c-ae27-9a5370934f23"
    article = {
        "title": "Michael Steele Criticized",
        "date": "2010-07-02",
        "uuid": "empty",
        "url": "http://nyt/1",
        "main-entities": ["Michael Steele"],
        "source": "NYT",
        "main-event": "Steele comments",
        "triplet-uuid": uid,
        "body-paragraphs": [
            ["WASHINGTON — Michael Steele drew fierce criticism on Friday.", "He spoke."],
            ["Second paragraph."],
        ],
    }
    ann = {"article-level-annotations": {}, "phrase-level-annotations": []}
    folder = tmp_path / "basil"
    (folder / "articles" / "2010").mkdir(parents=True)
    (folder / "annotations" / "2010").mkdir(parents=True)
    (folder / "articles" / "2010" / f"{uid}_1.json").write_text(json.dumps(article))
    (folder / "articles" / "2010" / f"{uid}_2.json").write_text(
        json.dumps({**article, "source": "fox"})
    )
    (folder / "annotations" / "2010" / f"{uid}_1_ann.json").write_text(json.dumps(ann))
    result = ingest_paths([folder], relative_to=tmp_path)
    assert result.rejects.empty and result.stats.n_skipped == 1
    arts = result.articles.set_index("article_id")
    assert list(arts.index) == [f"basil:{uid}_1", f"basil:{uid}_2"]
    first = arts.iloc[0]
    assert (
        first["raw"]
        == "WASHINGTON — Michael Steele drew fierce criticism on Friday. He spoke.\n\nSecond paragraph."
    )
    assert (first["outlet"], first["published"], first["language"]) == ("nyt", "2010-07-02", "en")
    assert json.loads(first["meta"])["triplet_uuid"] == uid


def test_forced_layout_on_a_generic_name(tmp_path: Path) -> None:
    doc = ANT_DOC.format(docno="X-1", src="CNN", time="Tue, 27 Feb 2018 10:00:00 GMT")
    archive = write_tar(
        tmp_path / "dump.tar.gz", {"a/X-1.txt": doc.encode(), "a/notes.md": b"hello"}
    )
    arts, rejs = _split(iter_records([archive], layout="ant"))
    assert [a["article_id"] for a in arts] == ["ant:X-1"] and rejs == []
    # auto: the .txt is recognised as an ANT <DOC> by its content; notes.md is a plain-text dump
    arts, rejs = _split(iter_records([archive]))
    by_member = {a["source_path"].split("::")[1]: a for a in arts}
    assert by_member["a/X-1.txt"]["article_id"] == "ant:X-1" and rejs == []
    assert (
        by_member["a/notes.md"]["raw"] == "hello"
        and len(by_member["a/notes.md"]["article_id"]) == 16
    )


# ------------------------------------------------------------------ real archives in ../shared
def test_real_ant_first_members() -> None:
    archive = need_shared("corpora", "ant-multisource-v2.1.tar.gz")
    recs = list(itertools.islice(iter_records([archive]), 300))
    arts, rejs = _split(recs)
    assert len(arts) >= 295
    assert all(a["article_id"].startswith("ant:") for a in arts)
    assert {a["language"] for a in arts} == {"ar"}
    assert all(
        a["published"][:4] in ("2017", "2018") and a["published_issue"] is None for a in arts
    )
    assert all(a["outlet"] == "alarabiya" for a in arts[:50])
    assert len({a["article_id"] for a in arts}) == len(arts)


def test_real_saudinewsnet_zip() -> None:
    archive = need_shared("corpora", "saudinewsnet", "2015-08-08.zip")
    arts, rejs = _split(itertools.islice(iter_records([archive]), 400))
    assert len(arts) > 380 and {r["reason"] for r in rejs} <= {"missing_text"}
    assert {a["language"] for a in arts} == {"ar"}
    assert sum(a["published"] == "2015-08-08" for a in arts) > 0.9 * len(arts)
    assert len({a["outlet"] for a in arts}) >= 3  # the array is grouped by outlet
    assert arts[0]["source_path"].endswith("2015-08-08.zip::2015-08-08.json#1")


def test_real_allsides() -> None:
    archive = need_shared("corpora", "allsides-world-politics.tar.gz")
    recs = list(itertools.islice(iter_records([archive]), 300))
    arts, rejs = _split(recs)
    assert rejs == [] and len(arts) == 300
    assert all(a["article_id"].startswith("allsides:") for a in arts)
    assert {a["language"] for a in arts} == {"en"}
    undated = [a for a in arts if a["published"] is None]
    assert undated and all(a["published_issue"] for a in undated)  # empty dates are flagged
    assert all(a["published"] is None or a["published"][:4] >= "2012" for a in arts)


def test_real_basil() -> None:
    archive = need_shared("corpora", "basil.tar.gz")
    result = ingest_paths([archive])
    assert len(result.articles) == 300 and result.rejects.empty
    assert result.stats.n_skipped == 302  # 300 annotation files, README.md, annotation_changes.txt
    assert sorted(result.articles["outlet"].value_counts().to_dict().items()) == [
        ("fox", 100),
        ("hpo", 100),
        ("nyt", 100),
    ]
    assert result.articles["published"].notna().all()
    assert set(result.articles["language"]) == {"en"}


def test_real_seed_matches_bundled_copy(seed_text: str, project_root: Path) -> None:
    result = ingest_paths([project_root / "data" / "raw"])
    assert result.articles.iloc[0]["raw"] == seed_text


def test_ant_folder_unpacked_and_name_only_hints(tmp_path: Path) -> None:
    folder = tmp_path / "ant-multisource-v2.1"
    (folder / "CNN" / "sport").mkdir(parents=True)
    (folder / "README.md").write_text("# ANT Corpus", encoding="utf-8")
    doc = ANT_DOC.format(
        docno="CN-sport-7-20180301", src="CNN", time="Thu, 01 Mar 2018 10:00:00 GMT"
    )
    (folder / "CNN" / "sport" / "CN-sport-7-20180301.txt").write_text(doc, encoding="utf-8")
    # an ANT-looking name on a plain text: the content decides under auto
    (folder / "CNN" / "sport" / "notes.txt").write_text(
        "الوزير يقول إن الجانبين اتفقا على مواصلة الحوار.", encoding="utf-8"
    )
    result = ingest_paths([folder], relative_to=tmp_path)
    assert result.stats.n_skipped == 1 and result.rejects.empty
    ids = set(result.articles["article_id"])
    assert "ant:CN-sport-7-20180301" in ids and len(ids) == 2
    # forced generic "text": the <DOC> file is a plain-text dump, not parsed
    forced = ingest_paths([folder], layout="text")
    assert forced.articles["raw"].str.startswith("<DOC>").sum() == 1
    # forced "ant": a file that is not a <DOC> is a layout mismatch
    assert ingest_paths([folder], layout="ant").rejects["reason"].tolist() == ["layout_mismatch"]
