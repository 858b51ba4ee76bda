"""The annotate stage on a Dask cluster with the small real Stanza models in ../shared/stanza:
the same tables as in-process, the cache consulted in the parent, models found on workers."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from framelab.io import read_table
from framelab.nlp import annotate_articles

pytestmark = [pytest.mark.shared, pytest.mark.stanza]

FULL = "tokenize,mwt,pos,lemma,depparse,ner"
# invented texts; two articles share a text (annotated once), one language is not enabled
TEXTS = [
    ("en-1", "en", "The harbour master said on Monday that the ferries will sail again in May."),
    ("ar-1", "ar", "قال مدير الميناء يوم الاثنين إن العبارات ستبحر مجددا في مايو."),
    ("en-2", "en", "Residents of the old quarter met the mayor. They asked for a new school."),
    ("ar-2", "ar", "اجتمع سكان الحي القديم مع رئيس البلدية. وطالبوا بمدرسة جديدة."),
    ("en-3", "en", "The harbour master said on Monday that the ferries will sail again in May."),
    ("fr-1", "fr", "Le maire a inauguré la nouvelle bibliothèque samedi."),
    ("en-4", "en", "Anna Lindqvist, the orchestra's conductor, thanked the city council in Oslo."),
    ("ar-3", "ar", "\n\n".join(["شكر قائد الفرقة مجلس المدينة.", "وسيقام الحفل في الحديقة."] * 8)),
]


def _clean(rows) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "article_id": [r[0] for r in rows],
            "language": [r[1] for r in rows],
            "text": [r[2] for r in rows],
        }
    )


def _run(clean: pd.DataFrame, params: dict, out: Path, compute=None):
    summary = annotate_articles(
        clean, params, out / "tokens", out / "entities", out / "status.parquet", compute=compute
    )
    return summary, [out / "tokens", out / "entities", out / "status.parquet"]


def _parts(path: Path) -> list[bytes]:
    files = sorted(path.glob("part-*.parquet")) if path.is_dir() else [path]
    return [f.read_bytes() for f in files]


@pytest.fixture(scope="module")
def cluster_address():
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
    ) as cluster:
        yield cluster.scheduler_address


def test_cluster_annotation_gives_the_in_process_tables(stanza_dir, cluster_address, tmp_path):
    params = {
        "models_dir": str(stanza_dir),
        "processors": FULL,
        "threads": 1,
        "cache_dir": None,
        "batch_docs": 2,
        "max_chunk_chars": 200,
    }
    clean = _clean(TEXTS)
    here, here_paths = _run(clean, params, tmp_path / "here")
    there, there_paths = _run(
        clean,
        params,
        tmp_path / "there",
        compute={"scheduler": cluster_address, "partition_size": 2},
    )
    for a, b in zip(here_paths, there_paths, strict=True):
        pd.testing.assert_frame_equal(read_table(a), read_table(b))
        assert _parts(a) == _parts(b)
    status = read_table(there_paths[2]).set_index("article_id")["status"]
    assert status.to_dict() == {
        "en-1": "annotated",
        "ar-1": "annotated",
        "en-2": "annotated",
        "ar-2": "annotated",
        "en-3": "annotated",  # its twin was written before it came: no cache, annotated again
        "fr-1": "skipped",
        "en-4": "annotated",
        "ar-3": "annotated",
    }
    for key in (
        "n_annotated",
        "n_cached",
        "n_skipped",
        "n_words",
        "n_entities",
        "offset_mismatches",
    ):
        assert here[key] == there[key], key


def test_only_articles_missing_from_the_cache_go_to_the_cluster(
    stanza_dir, cluster_address, tmp_path
):
    params = {
        "models_dir": str(stanza_dir),
        "processors": FULL,
        "threads": 1,
        "cache_dir": str(tmp_path / "cache"),
    }
    compute = {"scheduler": cluster_address, "partition_size": 2}
    first, _ = _run(_clean(TEXTS[:4]), params, tmp_path / "first", compute)
    assert first["n_annotated"] == 4
    added = ("en-5", "en", "The council will vote on the budget for the new swimming pool.")
    second, paths = _run(_clean([*TEXTS[:4], added]), params, tmp_path / "second", compute)
    assert (second["n_annotated"], second["n_cached"]) == (1, 4)
    status = read_table(paths[2])
    assert status.loc[status["status"] == "annotated", "article_id"].tolist() == ["en-5"]
