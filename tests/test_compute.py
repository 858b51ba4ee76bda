"""The partitioned runner: same tables in-process and on a Dask cluster, faults contained."""

from __future__ import annotations

import socket
from functools import partial
from pathlib import Path

import pandas as pd
import pytest
from compute_faults import dates_failing_on, dates_killing_worker_once, dates_logging_calls

from framelab.clean import AUDIT_SCHEMA, CLEAN_SCHEMA, clean_articles, clean_articles_mapped
from framelab.compute import ComputeSettings, load_compute_settings, run_partitioned
from framelab.compute.partitions import combine_results, partition_bounds, side_partitions
from framelab.dates import TIMEX_SCHEMA, run_dates
from framelab.errors import FramelabError
from framelab.io import REJECTS_SCHEMA, write_table
from framelab.quotes import QUOTES_SCHEMA, run_quotes

# Invented articles in several languages, with the awkward cases (empty text, unknown language).
ARTICLES = pd.DataFrame(
    {
        "article_id": [f"n{i:02d}" for i in range(12)],
        "source_path": [f"wire/{i}.txt" for i in range(12)],
        "language": ["en", "ar", "fr", "de", "en", "xx", "ru", "tr", "en", "ar", "fr", "en"],
        "published": ["2024-03-05"] * 12,
        "text": [
            "The harbour master said on Monday that the ferries would sail again next week.",
            "قال مدير الميناء يوم الاثنين إن العبارات ستبحر مجددا الأسبوع المقبل.",
            "Le maire a déclaré mardi que la piscine rouvrirait en juin.",
            "Die Bürgermeisterin sagte am Montag, die Brücke werde im Mai eröffnet.",
            "",
            "zzz qqq",
            "Директор театра заявил во вторник, что премьера состоится 3 апреля.",
            "Belediye başkanı salı günü köprünün mayısta açılacağını söyledi.",
            '"We will rebuild the pier," the harbour master told reporters on 12 May 2023.',
            'وقال المتحدث باسم البلدية: "سنفتح الحديقة في الربيع".',
            "« Nous ne fermerons pas l'école », a affirmé la directrice hier.",
            "Three years ago the library moved; the council says it will stay until 2030.",
        ],
    }
)


BODIES = [
    "The ferry company said on Tuesday that two new boats will join the fleet before the summer "
    "season, doubling the number of crossings to the islands.",
    "Residents of the old quarter met the council to discuss the parking plan, which would turn "
    "three streets into pedestrian zones from next spring.",
    "Le conseil municipal a voté hier un budget de rénovation pour la bibliothèque centrale, "
    "fermée depuis deux ans pour des travaux de toiture.",
    "قال رئيس البلدية إن أعمال ترميم السوق القديم ستبدأ الشهر المقبل وتستمر حتى نهاية العام "
    "مع إبقاء المحلات مفتوحة.",
    "The regional orchestra announced a free open-air concert in the harbour park, with seating "
    "for two thousand people and a programme of film music.",
]
# text dumps of one invented outlet with repeated chrome, a near-duplicate story, an empty dump
DUMPS = pd.DataFrame(
    {
        "article_id": [f"d{i}" for i in range(8)],
        "source_path": [f"dumps/{i}.txt" for i in range(8)],
        "outlet": ["Harbour Daily"] * 8,
        "language": ["en", "en", "fr", "ar", "en", "en", "en", "en"],
        "raw_format": ["text"] * 8,
        "raw": [
            f"Harbour Daily | Home | Local | Sport\n{body}\nSubscribe to our evening newsletter"
            for body in BODIES
        ]
        + [
            f"Harbour Daily | Home | Local | Sport\n{BODIES[0]} Boats are already ordered.\n"
            "Subscribe to our evening newsletter",
            "   ",
            f"Harbour Daily | Home | Local | Sport\n{BODIES[4]}",
        ],
    }
)


def _same_clean(expected, got, tmp_path: Path) -> None:
    for frame, schema in (
        ("clean", CLEAN_SCHEMA),
        ("audit", AUDIT_SCHEMA),
        ("rejects", REJECTS_SCHEMA),
    ):
        pd.testing.assert_frame_equal(getattr(expected, frame), getattr(got, frame))
        assert _table_bytes(getattr(expected, frame), schema, tmp_path / "a.parquet") == (
            _table_bytes(getattr(got, frame), schema, tmp_path / "b.parquet")
        )


def _table_bytes(df: pd.DataFrame, schema: dict[str, str], path: Path) -> bytes:
    write_table(df, path, schema)
    return path.read_bytes()


def _same_dates(expected, got, tmp_path: Path) -> None:
    pd.testing.assert_frame_equal(expected.timexes, got.timexes)
    pd.testing.assert_frame_equal(expected.rejects, got.rejects)
    assert (expected.n_articles, expected.n_processed) == (got.n_articles, got.n_processed)
    assert _table_bytes(expected.timexes, TIMEX_SCHEMA, tmp_path / "a.parquet") == _table_bytes(
        got.timexes, TIMEX_SCHEMA, tmp_path / "b.parquet"
    )


def _same_quotes(expected, got, tmp_path: Path) -> None:
    pd.testing.assert_frame_equal(expected.quotes, got.quotes)
    pd.testing.assert_frame_equal(expected.rejects, got.rejects)
    assert expected.quotes.attrs == got.quotes.attrs
    assert (expected.n_articles, expected.n_processed) == (got.n_articles, got.n_processed)
    for schema, frame in ((QUOTES_SCHEMA, "quotes"), (REJECTS_SCHEMA, "rejects")):
        assert _table_bytes(getattr(expected, frame), schema, tmp_path / "a.parquet") == (
            _table_bytes(getattr(got, frame), schema, tmp_path / "b.parquet")
        )


# --- settings -------------------------------------------------------------------------------


def test_settings_default_to_in_process():
    settings = ComputeSettings.from_params(None)
    assert settings.scheduler == "in-process" and not settings.distributed


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"schedular": "local"}, "unknown parameter(s) schedular"),
        ({"scheduler": "my-cluster"}, "compute.scheduler"),
        ({"workers": 0}, "compute.workers"),
        ({"partition_size": "many"}, "compute.partition_size"),
        ({"retries": -1}, "compute.retries"),
        ({"connect_timeout": 0}, "compute.connect_timeout"),
    ],
)
def test_bad_settings_are_one_clear_error(params, message):
    with pytest.raises(FramelabError, match=message.replace("(", r"\(").replace(")", r"\)")):
        ComputeSettings.from_params(params)


def test_settings_read_from_params_yaml_and_overridden_by_environment(tmp_path, monkeypatch):
    (tmp_path / "params.yaml").write_text(
        "compute:\n  scheduler: local\n  workers: 3\n", encoding="utf-8"
    )
    monkeypatch.delenv("FRAMELAB_SCHEDULER", raising=False)
    assert load_compute_settings(tmp_path).workers == 3
    monkeypatch.setenv("FRAMELAB_SCHEDULER", "tcp://10.1.2.3:8786")
    settings = load_compute_settings(tmp_path)
    assert settings.scheduler == "tcp://10.1.2.3:8786" and settings.workers == 3


# --- partitions -----------------------------------------------------------------------------


def test_partition_bounds_cover_every_row_once():
    assert partition_bounds(7, 3) == [(0, 3), (3, 6), (6, 7)]
    assert partition_bounds(0, 3) == []


def test_side_partitions_follow_the_article_ids_and_keep_row_order():
    tokens = pd.DataFrame(
        {
            "article_id": ["b", "a", "b", "zz", "c", "a"],
            "token": ["b1", "a1", "b2", "z", "c1", "a2"],
        }
    )
    cut = side_partitions(tokens, [["a", "b"], ["c"], ["d"]])
    assert cut[0]["token"].tolist() == ["b1", "a1", "b2", "a2"]
    assert cut[1]["token"].tolist() == ["c1"]
    assert cut[2].empty and list(cut[2].columns) == ["article_id", "token"]
    assert side_partitions(None, [["a"]]) == [None]


def test_combine_sums_counts_and_stacks_tables_in_order():
    first = run_dates(ARTICLES.iloc[:5])
    second = run_dates(ARTICLES.iloc[5:])
    combined = combine_results([first, second])
    whole = run_dates(ARTICLES)
    pd.testing.assert_frame_equal(combined.timexes, whole.timexes)
    assert combined.n_articles == 12 and combined.n_processed == whole.n_processed


# --- in-process -----------------------------------------------------------------------------


@pytest.mark.parametrize("size", [1, 5, 100])
def test_in_process_partitions_give_the_unpartitioned_tables(size, tmp_path):
    settings = {"partition_size": size}
    _same_dates(
        run_dates(ARTICLES), run_partitioned(run_dates, ARTICLES, settings=settings), tmp_path
    )
    _same_quotes(
        run_quotes(ARTICLES),
        run_partitioned(
            run_quotes,
            ARTICLES,
            settings=settings,
            side_tables={"tokens_df": None, "entities_df": None},
        ),
        tmp_path,
    )


@pytest.mark.parametrize("size", [1, 3])
def test_clean_per_article_part_in_partitions_gives_the_whole_table_result(size, tmp_path):
    expected = clean_articles(DUMPS)
    assert expected.clean["is_duplicate"].any() and len(expected.audit) and len(expected.rejects)
    mapped = clean_articles_mapped(
        DUMPS, partial(run_partitioned, settings={"partition_size": size}, stage="clean")
    )
    _same_clean(expected, mapped, tmp_path)


def test_empty_table_gives_the_stage_result_for_no_articles():
    result = run_partitioned(run_dates, ARTICLES.iloc[0:0], settings={"partition_size": 4})
    assert result.n_articles == 0 and result.timexes.empty


def test_in_process_never_imports_dask():
    import subprocess
    import sys

    code = (
        "import sys, pandas as pd; from framelab.compute import run_partitioned; "
        "from framelab.dates import run_dates; "
        "run_partitioned(run_dates, pd.DataFrame({'article_id': ['x'], 'language': ['en'], "
        "'text': ['on Monday'], 'published': ['2024-01-03']})); "
        "print(sorted(m for m in ('dask', 'distributed') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_in_process_partition_failure_rejects_only_the_failing_article():
    result = run_partitioned(
        dates_failing_on, ARTICLES, settings={"partition_size": 4}, stage="dates", poison="n02"
    )
    assert result.n_articles == 12
    crashed = result.rejects[result.rejects["reason"] == "compute_error"]
    assert crashed["article_id"].tolist() == ["n02"]
    assert "MemoryError: simulated crash on n02" in crashed["detail"].iloc[0]
    assert crashed["source_path"].iloc[0] == "wire/2.txt"
    assert result.n_processed + len(result.rejects) == 12
    expected = run_dates(ARTICLES.drop(index=2))
    pd.testing.assert_frame_equal(result.timexes, expected.timexes)


# --- Dask -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def cluster_address():
    """A LocalCluster of 2 single-threaded worker processes, shared by this module's tests."""
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
    ) as cluster:
        yield cluster.scheduler_address


def test_cluster_gives_the_in_process_tables(cluster_address, tmp_path):
    settings = {"scheduler": cluster_address, "partition_size": 3}
    _same_dates(
        run_dates(ARTICLES),
        run_partitioned(run_dates, ARTICLES, settings=settings, stage="dates"),
        tmp_path,
    )
    _same_clean(
        clean_articles(DUMPS),
        clean_articles_mapped(DUMPS, partial(run_partitioned, settings=settings, stage="clean")),
        tmp_path,
    )
    _same_quotes(
        run_quotes(ARTICLES),
        run_partitioned(
            run_quotes,
            ARTICLES,
            settings=settings,
            stage="quotes",
            side_tables={"tokens_df": None, "entities_df": None},
        ),
        tmp_path,
    )


def test_a_killed_worker_loses_and_duplicates_nothing(cluster_address, tmp_path):
    marker = tmp_path / "killed"
    result = run_partitioned(
        dates_killing_worker_once,
        ARTICLES,
        settings={"scheduler": cluster_address, "partition_size": 2},
        stage="dates",
        victim="n06",
        marker=str(marker),
    )
    assert marker.exists(), "the worker was not killed: the test proves nothing"
    _same_dates(run_dates(ARTICLES), result, tmp_path)
    assert result.rejects["reason"].ne("compute_error").all()


def test_cluster_partition_failure_rejects_only_the_failing_article(cluster_address):
    result = run_partitioned(
        dates_failing_on,
        ARTICLES,
        settings={"scheduler": cluster_address, "partition_size": 4, "retries": 0},
        stage="dates",
        poison="n09",
    )
    crashed = result.rejects[result.rejects["reason"] == "compute_error"]
    assert crashed["article_id"].tolist() == ["n09"]
    assert result.n_articles == 12 and result.n_processed + len(result.rejects) == 12
    pd.testing.assert_frame_equal(result.timexes, run_dates(ARTICLES.drop(index=9)).timexes)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_unreachable_scheduler_is_one_clear_error_before_any_work(tmp_path):
    pytest.importorskip("distributed")
    calls = tmp_path / "calls.txt"
    address = f"tcp://127.0.0.1:{_free_port()}"
    with pytest.raises(FramelabError, match="no Dask scheduler answers at") as err:
        run_partitioned(
            dates_logging_calls,
            ARTICLES,
            settings={"scheduler": address, "connect_timeout": 2},
            calls=str(calls),
        )
    assert address in str(err.value) and "\n" not in str(err.value)
    # only the parameter check on zero articles ran, in this process
    assert calls.read_text(encoding="utf-8").splitlines() == ["0"]


def test_local_cluster_started_by_the_runner_logs_its_dashboard(tmp_path, capsys):
    result = run_partitioned(
        run_dates,
        ARTICLES,
        settings={"scheduler": "local", "workers": 2, "partition_size": 6},
        stage="dates",
    )
    _same_dates(run_dates(ARTICLES), result, tmp_path)
    assert "local Dask cluster of 2 worker process(es); dashboard: http" in capsys.readouterr().err


@pytest.mark.parametrize("scheduler", ["in-process", "local"])
def test_bad_stage_params_fail_once_before_any_work(scheduler, tmp_path):
    calls = tmp_path / "calls.txt"
    with pytest.raises(FramelabError, match="no patterns for languages"):
        run_partitioned(
            dates_logging_calls,
            ARTICLES,
            settings={"scheduler": scheduler, "partition_size": 4},
            calls=str(calls),
            languages=["en", "xx"],
        )
    assert calls.read_text(encoding="utf-8").splitlines() == ["0"]  # the empty probe only


def test_no_stage_lists_compute_as_a_dvc_param(project_root):
    import yaml

    stages = yaml.safe_load((project_root / "dvc.yaml").read_text(encoding="utf-8"))["stages"]
    assert all("compute" not in (spec.get("params") or []) for spec in stages.values())
