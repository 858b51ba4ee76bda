"""Settings, model folders, cache keys and the no-model path of the annotate stage (no model loaded)."""

from __future__ import annotations

import argparse
import json
import os
import shutil

import pandas as pd
import pytest

from framelab.errors import FramelabError, ModelMissingError
from framelab.io import read_table
from framelab.nlp import (
    ENTITIES_SCHEMA,
    STATUS_SCHEMA,
    TOKENS_SCHEMA,
    ModelCorruptError,
    NlpSettings,
    annotate_articles,
    annotation_key,
    installed_models,
    resolve_models,
)
from framelab.nlp.models import FileHasher, verify_models


def clean_table(rows: list[tuple[str, str | None, str | None]]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "article_id": [r[0] for r in rows],
            "outlet": ["Outlet"] * len(rows),
            "language": [r[1] for r in rows],
            "text": [r[2] for r in rows],
            "published": ["2023-11-28"] * len(rows),
        }
    )


# --- settings -----------------------------------------------------------------------------------


def test_settings_from_the_params_section(project_root):
    import yaml

    section = yaml.safe_load((project_root / "params.yaml").read_text(encoding="utf-8"))["nlp"]
    settings = NlpSettings.from_params(section)
    assert settings.languages == ("ar", "en")
    assert settings.processors_for("ar") == ("tokenize", "mwt", "pos", "lemma", "depparse", "ner")


def test_processors_per_language_and_default():
    settings = NlpSettings.from_params(
        {
            "processors": {"ar": "tokenize,mwt,pos", "default": "ner, tokenize"},
            "languages": ["ar", "en"],
        }
    )
    assert settings.processors_for("ar") == ("tokenize", "mwt", "pos")
    assert settings.processors_for("en") == ("tokenize", "ner")


@pytest.mark.parametrize(
    "params",
    [
        {"on_missing_model": "ignore"},
        {"processors": "tokenize,sentiment"},
        {"batch_docs": 0},
        {"threads": "two"},
        {"max_chunk_chars": 10},
        {"stanza_batch_sizes": {"pos": -1}},
        {"onednn_cache_capacity": -1},
        {"onednn_cache_capacity": "64"},
        {"no_such_key": 1},
    ],
)
def test_bad_settings_are_one_clear_error(params):
    with pytest.raises(FramelabError):
        NlpSettings.from_params(params)


def test_onednn_cache_capacity_is_set_for_the_process_or_left_alone(monkeypatch):
    from framelab.nlp.pipelines import ONEDNN_CACHE_ENV, limit_onednn_primitive_cache

    monkeypatch.delenv(ONEDNN_CACHE_ENV, raising=False)
    limit_onednn_primitive_cache(None)
    assert ONEDNN_CACHE_ENV not in os.environ
    limit_onednn_primitive_cache(
        NlpSettings.from_params({"onednn_cache_capacity": 0}).onednn_cache_capacity
    )
    assert os.environ[ONEDNN_CACHE_ENV] == "0"


def test_models_dir_resolution(monkeypatch, tmp_path):
    monkeypatch.delenv("STANZA_RESOURCES_DIR", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert NlpSettings().resolved_models_dir().name == "stanza_resources"
    monkeypatch.setenv("STANZA_RESOURCES_DIR", str(tmp_path / "env"))
    assert NlpSettings().resolved_models_dir() == tmp_path / "env"
    assert (
        NlpSettings(models_dir="models").resolved_models_dir(root=tmp_path) == tmp_path / "models"
    )


# --- model folders --------------------------------------------------------------------------------


def test_resolve_models_offline(stanza_dir):
    resolved = resolve_models("ar", ("tokenize",), "default", stanza_dir)
    assert resolved.processors == ("tokenize", "mwt")  # Arabic tokenize needs mwt
    assert [f.path.name for f in resolved.files] == ["pud.pt", "pud.pt"]
    full = resolve_models(
        "english",
        ("tokenize", "mwt", "pos", "lemma", "depparse", "ner"),
        "default_fast",
        stanza_dir,
    )
    assert full.language == "en" and full.packages["ner"] == "uner"
    assert all(f.expected_md5 for f in full.files)


@pytest.mark.parametrize("language", ["de", "xx"])
def test_language_not_in_folder_names_language_folder_and_command(stanza_dir, language):
    with pytest.raises(ModelMissingError) as err:
        resolve_models(language, ("tokenize",), "default", stanza_dir)
    message = str(err.value)
    assert repr(language) in message and str(stanza_dir) in message
    assert f"framelab models download {language}" in message


def test_folder_without_resources_json(tmp_path):
    with pytest.raises(ModelMissingError, match="no resources.json"):
        resolve_models("ar", ("tokenize",), "default", tmp_path)


def test_unknown_package_is_missing(stanza_dir):
    with pytest.raises(ModelMissingError, match="default_accurate"):
        resolve_models("ar", ("tokenize", "pos"), "default_accurate", stanza_dir)


def test_truncated_model_file_is_named(stanza_dir, tmp_path):
    folder = tmp_path / "stanza"
    shutil.copytree(stanza_dir, folder)
    pos = folder / "ar" / "pos" / "pud.pt"
    pos.chmod(0o644)
    with pos.open("r+b") as fh:
        fh.truncate(1000)
    resolved = resolve_models("ar", ("tokenize", "pos"), "default", folder)
    with pytest.raises(ModelCorruptError) as err:
        verify_models(resolved, FileHasher(None))
    assert str(pos) in str(err.value) and "md5" in str(err.value)


def test_file_hashes_are_memoised(stanza_dir, tmp_path):
    hasher = FileHasher(tmp_path)
    path = stanza_dir / "ar" / "lemma" / "pud.pt"
    first = hasher.digest(path)
    index = json.loads((tmp_path / "model_hashes.json").read_text())
    assert index[str(path.resolve())]["sha256"] == first["sha256"]
    assert FileHasher(tmp_path).digest(path) == first


def test_installed_models_table(stanza_dir):
    table = installed_models(stanza_dir)
    assert set(table["language"]) == {"ar", "en"}
    assert table["installed"].all()
    assert (
        table.loc[(table.language == "ar") & (table.processor == "ner"), "package"].item()
        == "aqmar"
    )


# --- CLI argument handling (no network: stanza.download is replaced) --------------------------------


def _parser() -> argparse.ArgumentParser:
    from framelab.commands import annotate, models

    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers()
    models.register(sub)
    annotate.register(sub)
    return parser


def test_models_download_passes_arguments_to_stanza(monkeypatch, tmp_path, capsys):
    import stanza

    calls = []
    monkeypatch.setattr(stanza, "download", lambda lang, **kw: calls.append((lang, kw)))
    args = _parser().parse_args(["models", "download", "ar", "en", "--dir", str(tmp_path)])
    assert args.func(args) == 0
    assert [c[0] for c in calls] == ["ar", "en"]
    assert calls[0][1]["model_dir"] == str(tmp_path)
    assert calls[0][1]["package"] == "default_fast"
    assert calls[0][1]["processors"] == "tokenize,mwt,pos,lemma,depparse,ner"
    args = _parser().parse_args(
        [
            "models",
            "download",
            "tr",
            "--dir",
            str(tmp_path),
            "--processors",
            "pos,tokenize",
            "--package",
            "default",
        ]
    )
    args.func(args)
    assert calls[-1] == ("tr", {**calls[-1][1], "processors": "tokenize,pos", "package": "default"})


def test_models_download_failure_is_one_line(monkeypatch, tmp_path):
    import stanza

    def offline(lang, **kw):
        raise ConnectionError("no network")

    monkeypatch.setattr(stanza, "download", offline)
    args = _parser().parse_args(["models", "download", "ar", "--dir", str(tmp_path)])
    with pytest.raises(FramelabError, match="stanza.download.*no network"):
        args.func(args)


def test_models_list(stanza_dir, tmp_path, capsys):
    args = _parser().parse_args(["models", "list", "--dir", str(stanza_dir)])
    assert args.func(args) == 0
    out = capsys.readouterr().out
    assert "ar (Arabic)" in out and "ner        aqmar*" in out
    args = _parser().parse_args(["models", "list", "--dir", str(tmp_path)])
    assert args.func(args) == 1
    assert "framelab models download" in capsys.readouterr().out


# --- cache keys ------------------------------------------------------------------------------------


def test_annotation_key_depends_on_everything_that_changes_the_output():
    base = ("نص", "ar", "tokenize,mwt", "default", {"ar/tokenize/pud.pt": "aa"}, 20000)
    key = annotation_key(*base)
    assert annotation_key(*base) == key
    variants = [
        ("نص آخر", *base[1:]),
        (base[0], "en", *base[2:]),
        (*base[:2], "tokenize,mwt,pos", *base[3:]),
        (*base[:3], "default_fast", *base[4:]),
        (*base[:4], {"ar/tokenize/pud.pt": "bb"}, base[5]),
    ]
    assert len({annotation_key(*v) for v in variants} | {key}) == len(variants) + 1
    # the chunk size matters only for texts long enough to be chunked
    assert annotation_key(*base[:5], 500) == key
    long_text = "كلمة " * 200
    assert annotation_key(long_text, *base[1:5], 500) != annotation_key(long_text, *base[1:5], 900)


# --- the stage with no models (a fresh machine) ------------------------------------------------------


def test_stage_without_models_skips_with_reason_and_writes_schemas(tmp_path):
    clean = clean_table(
        [
            ("a1", "ar", "وقال المتحدث."),
            ("a2", "en", "He said."),
            ("a3", "en", "  "),
            ("a4", "de", "Er sagte."),
        ]
    )
    params = {"models_dir": str(tmp_path / "no-models"), "cache_dir": str(tmp_path / "cache")}
    out = tmp_path / "out"
    summary = annotate_articles(
        clean, params, out / "tokens", out / "entities", out / "status.parquet"
    )
    status = read_table(out / "status.parquet")
    assert dict(status.dtypes.astype(str)) == STATUS_SCHEMA
    assert status["article_id"].tolist() == ["a1", "a2", "a3", "a4"]
    assert status["status"].eq("skipped").all()
    reasons = dict(zip(status["article_id"], status["reason"], strict=True))
    assert (
        reasons["a1"].startswith("model_missing:")
        and "framelab models download ar" in reasons["a1"]
    )
    assert reasons["a3"] == "empty_text"
    assert reasons["a4"].startswith("language_not_enabled: de")
    assert summary["n_skipped"] == 4 and summary["n_annotated"] == summary["n_cached"] == 0
    assert summary["models_found"] == []
    tokens, entities = read_table(out / "tokens"), read_table(out / "entities")
    assert tokens.empty and dict(tokens.dtypes.astype(str)) == TOKENS_SCHEMA
    assert entities.empty and dict(entities.dtypes.astype(str)) == ENTITIES_SCHEMA


def test_stage_without_models_in_error_mode_raises(tmp_path):
    clean = clean_table([("a1", "ar", "وقال المتحدث.")])
    params = {"models_dir": str(tmp_path), "on_missing_model": "error", "cache_dir": None}
    with pytest.raises(ModelMissingError, match="framelab models download ar"):
        annotate_articles(clean, params, tmp_path / "t", tmp_path / "e", tmp_path / "s.parquet")


def test_clean_table_must_have_the_columns_and_unique_ids(tmp_path):
    with pytest.raises(FramelabError, match="missing column"):
        annotate_articles(
            pd.DataFrame({"article_id": ["a"]}), {}, tmp_path / "t", tmp_path / "e", tmp_path / "s"
        )
    dupes = clean_table([("a", "en", "x"), ("a", "en", "y")])
    with pytest.raises(FramelabError, match="duplicate"):
        annotate_articles(dupes, {}, tmp_path / "t", tmp_path / "e", tmp_path / "s")
    # also when the table arrives in pieces and the duplicate is in a later piece
    pieces = [clean_table([("a", "en", "x")]), clean_table([("b", "en", "y"), ("a", "en", "z")])]
    with pytest.raises(FramelabError, match="duplicate article_id.*'a'"):
        annotate_articles(pieces, {}, tmp_path / "t", tmp_path / "e", tmp_path / "s")


def test_read_table_columns_and_filters_with_clear_errors(tmp_path):
    from framelab.io import write_table

    table = clean_table([("a", "en", "x"), ("b", "ar", "y")])
    write_table(table, tmp_path / "clean.parquet")
    path = tmp_path / "clean.parquet"
    one = read_table(path, columns=["text"], filters=[("article_id", "==", "b")])
    assert one.to_dict("list") == {"text": ["y"]}
    assert read_table(path, columns=[]).shape == table.shape  # no columns named: all of them
    with pytest.raises(FramelabError, match="clean.parquet: missing column.*nope"):
        read_table(path, columns=["nope"])
    with pytest.raises(FramelabError, match="clean.parquet: bad filter"):
        read_table(path, filters=[("article_id", "==", 5)])  # a number against a string column
    with pytest.raises(FramelabError, match="clean.parquet: bad filter"):
        read_table(path, filters=[("article_id", "~~", "a")])


def test_a_failing_run_leaves_the_previous_outputs_intact(tmp_path):
    out = {
        "tokens_dir": tmp_path / "t",
        "entities_dir": tmp_path / "e",
        "status_path": tmp_path / "s",
    }
    good = clean_table([("a", "en", "x"), ("b", "fr", "y")])
    annotate_articles(good, {"languages": ["en"]}, **out)
    before = {p.relative_to(tmp_path): p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    assert any(name.parts[0] == "t" for name in before)
    # a duplicate id found in a later piece, after work has been done on the earlier ones
    pieces = [clean_table([("c", "en", "x")]), clean_table([("d", "en", "y"), ("c", "en", "z")])]
    with pytest.raises(FramelabError, match="duplicate"):
        annotate_articles(pieces, {"languages": ["en"]}, **out)
    with pytest.raises(FramelabError, match="missing column"):
        annotate_articles(pd.DataFrame({"article_id": ["a"]}), {}, **out)
    after = {p.relative_to(tmp_path): p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    assert after == before  # same files, same bytes, no staging folders left behind
    assert sorted(p.name for p in tmp_path.iterdir()) == ["e", "s", "t"]


def test_iter_table_batches_streams_pieces_and_names_bad_tables(tmp_path):
    from framelab.io import iter_table_batches, write_table

    table = clean_table([(f"a{i}", "en", f"text {i}") for i in range(5)])
    write_table(table, tmp_path / "clean.parquet")
    pieces = list(iter_table_batches(tmp_path / "clean.parquet", ["article_id", "text"], 2))
    assert [len(p) for p in pieces] == [2, 2, 1]
    assert list(pieces[0].columns) == ["article_id", "text"]
    pd.testing.assert_frame_equal(
        pd.concat(pieces, ignore_index=True), table[["article_id", "text"]]
    )
    with pytest.raises(FramelabError, match="clean.parquet: missing column.*outlet_x"):
        list(iter_table_batches(tmp_path / "clean.parquet", ["outlet_x"]))
    with pytest.raises(FramelabError, match="table not found"):
        list(iter_table_batches(tmp_path / "nothing.parquet"))
    with pytest.raises(FramelabError, match="batch_rows must be a positive integer"):
        list(iter_table_batches(tmp_path / "clean.parquet", None, 0))
    with pytest.raises(FramelabError, match="columns must be a list of names"):
        list(iter_table_batches(tmp_path / "clean.parquet", "text"))
    (tmp_path / "junk.parquet").write_bytes(b"not parquet at all")
    with pytest.raises(FramelabError, match="junk.parquet: not a readable parquet table"):
        list(iter_table_batches(tmp_path / "junk.parquet"))


def test_annotate_command_without_models(tmp_path, capsys):
    clean_path = tmp_path / "clean.parquet"
    clean_table([("a1", "ar", "وقال المتحدث."), ("a2", "en", "")]).to_parquet(clean_path)
    args = _parser().parse_args(
        [
            "annotate",
            str(clean_path),
            "--out-dir",
            str(tmp_path / "out"),
            "--models-dir",
            str(tmp_path / "none"),
            "--no-cache",
        ]
    )
    assert args.func(args) == 0
    assert "2 articles: 0 annotated, 0 cached, 2 skipped" in capsys.readouterr().out
    status = read_table(tmp_path / "out" / "annotate_status.parquet")
    assert status["reason"].tolist()[1] == "empty_text"
    assert (tmp_path / "out" / "tokens" / "part-00000.parquet").is_file()
    args = _parser().parse_args(
        [
            "annotate",
            str(clean_path),
            "--out-dir",
            str(tmp_path / "o2"),
            "--models-dir",
            str(tmp_path),
            "--on-missing-model",
            "error",
        ]
    )
    with pytest.raises(ModelMissingError):
        args.func(args)
