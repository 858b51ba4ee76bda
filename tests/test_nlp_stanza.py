"""The annotate stage with the small real Stanza models in ../shared/stanza (Arabic, English).

The models are small test models (see ../shared/stanza/README.md): tests check robust properties
(offsets, clitics, the reference entities, cache behaviour), never whole parses.
"""

from __future__ import annotations

import os
import shutil

import pandas as pd
import pytest

from framelab.errors import FramelabError, ModelMissingError
from framelab.io import read_table
from framelab.nlp import (
    ModelCorruptError,
    NlpSettings,
    annotate_articles,
    build_pipeline,
    doc_to_tables,
)

pytestmark = [pytest.mark.shared, pytest.mark.stanza]

AR_REF = (
    "وقال المتحدث باسم وزارة الخارجية ماثيو ميللر إن الولايات المتحدة تعتبر السلام مفيدًا للمنطقة."
)
EN_REF = "Secretary Blinken said on Monday that the United States supports Armenia's territorial integrity."
AR_PARAGRAPH = (
    "التقى وزير الخارجية الأمريكي أنتوني بلينكن في واشنطن. وناقش الطرفان عملية السلام. "
    "وقال إن الاتفاق ممكن."
)
EN_PARAGRAPH = (
    'The minister arrived in Baku on Monday. "We want peace," he said. Talks resume next week.'
)
FULL = "tokenize,mwt,pos,lemma,depparse,ner"


@pytest.fixture(scope="session", autouse=True)
def _one_thread():
    import torch

    torch.set_num_threads(1)


@pytest.fixture(scope="session")
def base_params(stanza_dir) -> dict:
    return {"models_dir": str(stanza_dir), "processors": FULL, "threads": 1}


def clean_table(rows: list[tuple[str, str, str]], outlet: str = "Outlet") -> pd.DataFrame:
    return pd.DataFrame(
        {
            "article_id": [r[0] for r in rows],
            "outlet": [outlet] * len(rows),
            "language": [r[1] for r in rows],
            "text": [r[2] for r in rows],
            "published": ["2023-11-28"] * len(rows),
        }
    )


def run_stage(
    clean: pd.DataFrame, params: dict, out
) -> tuple[dict, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    summary = annotate_articles(
        clean, params, out / "tokens", out / "entities", out / "status.parquet"
    )
    return (
        summary,
        read_table(out / "tokens"),
        read_table(out / "entities"),
        read_table(out / "status.parquet"),
    )


def assert_offsets_line_up(tokens: pd.DataFrame, clean: pd.DataFrame) -> None:
    """Every token's span in the clean text is that token (multi-word tokens: its words joined)."""
    texts = dict(zip(clean["article_id"], clean["text"], strict=True))
    for (article_id, _, _), words in tokens.groupby(["article_id", "sentence", "token"]):
        text = texts[article_id]
        start, end = int(words["start_char"].iloc[0]), int(words["end_char"].iloc[0])
        assert words["start_char"].nunique() == 1 and words["end_char"].nunique() == 1
        span = text[start:end]
        assert span and span == span.strip()
        if len(words) == 1:
            assert span == words["text"].iloc[0]


@pytest.fixture(scope="module")
def reference_run(base_params, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("ref")
    clean = clean_table(
        [
            ("ar-ref", "ar", AR_REF + "\n\n" + AR_PARAGRAPH),
            ("en-ref", "en", EN_REF + "\n\n" + EN_PARAGRAPH),
        ]
    )
    params = {**base_params, "cache_dir": str(tmp / "cache")}
    return clean, params, run_stage(clean, params, tmp / "out")


def test_offsets_line_up_with_the_clean_text(reference_run):
    clean, _, (summary, tokens, _, status) = reference_run
    assert status["status"].tolist() == ["annotated", "annotated"]
    assert summary["offset_mismatches"] == 0
    assert_offsets_line_up(tokens, clean)
    assert status["n_words"].tolist() == tokens.groupby("article_id", sort=False).size().tolist()


def test_arabic_clitics_map_back_to_their_token(reference_run):
    clean, _, (_, tokens, _, _) = reference_run
    text = clean.loc[0, "text"]
    ar = tokens[tokens["article_id"] == "ar-ref"]
    wa_qala = ar[(ar["sentence"] == 0) & (ar["token"] == 1)]
    assert wa_qala["text"].tolist() == ["و", "قال"]
    assert text[wa_qala["start_char"].iloc[0] : wa_qala["end_char"].iloc[0]] == "وقال"
    lil = ar[ar["text"] == "ل"].iloc[0]
    assert text[lil["start_char"] : lil["end_char"]] == "للمنطقة"
    root = ar[(ar["sentence"] == 0) & (ar["head"] == 0)]
    assert root["text"].tolist() == ["قال"] and root["upos"].tolist() == ["VERB"]


def test_reference_entities_are_found(reference_run):
    clean, _, (_, _, entities, _) = reference_run
    found = set(zip(entities["article_id"], entities["text"], entities["type"], strict=True))
    assert ("ar-ref", "ماثيو ميللر", "PER") in found
    assert ("en-ref", "Blinken", "PER") in found
    assert ("en-ref", "United States", "LOC") in found
    texts = dict(zip(clean["article_id"], clean["text"], strict=True))
    for row in entities.itertuples():
        assert texts[row.article_id][row.start_char : row.end_char] == row.text


def test_paragraphs_are_split_into_sentences(reference_run):
    _, _, (_, tokens, _, status) = reference_run
    per_article = tokens.groupby("article_id")["sentence"].agg(["min", "max", "nunique"])
    assert (per_article["min"] == 0).all()
    assert (per_article["nunique"] == per_article["max"] + 1).all()  # continuous numbering
    assert status.set_index("article_id")["n_sentences"].ge(3).all()


def test_cache_hits_misses_and_new_articles(reference_run, tmp_path):
    clean, params, _ = reference_run
    summary, tokens, entities, status = run_stage(clean, params, tmp_path / "again")
    assert status["status"].tolist() == ["cached", "cached"]
    assert summary["stanza_seconds"] == 0
    more = pd.concat([clean, clean_table([("en-new", "en", "Aliyev met Pashinyan in Brussels.")])])
    summary, tokens2, _, status = run_stage(more, params, tmp_path / "more")
    assert status.set_index("article_id")["status"].to_dict() == {
        "ar-ref": "cached",
        "en-ref": "cached",
        "en-new": "annotated",
    }
    # cached rows are identical to the first annotation
    cached_part = tokens2[tokens2["article_id"] != "en-new"].reset_index(drop=True)
    pd.testing.assert_frame_equal(cached_part, tokens.reset_index(drop=True))


def test_changing_processors_reannotates_only_that_language(reference_run, tmp_path):
    clean, params, _ = reference_run
    changed = {**params, "processors": {"ar": "tokenize,mwt,pos", "en": FULL}}
    _, tokens, entities, status = run_stage(clean, changed, tmp_path / "out")
    assert status.set_index("article_id")["status"].to_dict() == {
        "ar-ref": "annotated",
        "en-ref": "cached",
    }
    ar = tokens[tokens["article_id"] == "ar-ref"]
    assert ar["deprel"].isna().all() and ar["ner"].isna().all() and ar["upos"].notna().all()
    assert set(entities["article_id"]) == {"en-ref"}


def test_identical_texts_are_annotated_once(base_params, tmp_path):
    clean = clean_table([("d1", "en", EN_REF), ("d2", "en", EN_REF)])
    params = {**base_params, "cache_dir": None}
    _, tokens, entities, status = run_stage(clean, params, tmp_path)
    assert status["status"].tolist() == ["annotated", "cached"]
    assert len(tokens[tokens.article_id == "d1"]) == len(tokens[tokens.article_id == "d2"]) > 0
    assert sorted(entities["article_id"].unique()) == ["d1", "d2"]


def test_missing_language_skip_vs_error(base_params, tmp_path):
    clean = clean_table([("a", "en", EN_REF), ("b", "de", "Der Minister sprach.")])
    params = {**base_params, "languages": ["en", "de"], "cache_dir": None}
    _, _, _, status = run_stage(clean, params, tmp_path / "skip")
    assert status["status"].tolist() == ["annotated", "skipped"]
    reason = status.loc[1, "reason"]
    assert (
        reason.startswith("model_missing:")
        and "'de'" in reason
        and "framelab models download de" in reason
    )
    with pytest.raises(ModelMissingError, match="'de'"):
        run_stage(clean, {**params, "on_missing_model": "error"}, tmp_path / "error")


@pytest.fixture()
def corrupted_copy(stanza_dir, tmp_path):
    folder = tmp_path / "stanza"
    shutil.copytree(stanza_dir, folder)
    for path in folder.rglob("*"):
        path.chmod(0o755 if path.is_dir() else 0o644)
    pos = folder / "ar" / "pos" / "pud.pt"
    with pos.open("r+b") as fh:
        fh.truncate(pos.stat().st_size // 3)
    return folder, pos


def test_corrupted_model_file_skip_and_error(corrupted_copy, tmp_path):
    folder, pos = corrupted_copy
    clean = clean_table([("a", "ar", AR_REF), ("b", "en", EN_REF)])
    params = {"models_dir": str(folder), "processors": "tokenize,mwt,pos", "cache_dir": None}
    _, tokens, _, status = run_stage(clean, params, tmp_path / "skip")
    assert status["status"].tolist() == ["skipped", "annotated"]
    assert (
        status.loc[0, "reason"].startswith("model_corrupt:") and str(pos) in status.loc[0, "reason"]
    )
    assert set(tokens["article_id"]) == {"b"}
    with pytest.raises(ModelCorruptError, match="md5") as err:
        run_stage(clean, {**params, "on_missing_model": "error"}, tmp_path / "error")
    assert str(pos) in str(err.value)


def test_corrupted_model_without_md5_is_named_when_loading(corrupted_copy):
    import json

    folder, pos = corrupted_copy
    resources = json.loads((folder / "resources.json").read_text())
    del resources["ar"]["pos"]["pud"]["md5"]
    (folder / "resources.json").write_text(json.dumps(resources))
    with pytest.raises(ModelCorruptError) as err:
        build_pipeline(
            "ar", {"models_dir": str(folder), "processors": "tokenize,mwt,pos", "cache_dir": None}
        )
    assert str(pos) in str(err.value)


def test_empty_and_whitespace_texts(base_params, tmp_path):
    clean = clean_table(
        [("e1", "ar", ""), ("e2", "en", " \n\n "), ("e3", "en", "."), ("e4", "ar", None)]
    )
    _, tokens, _, status = run_stage(clean, {**base_params, "cache_dir": None}, tmp_path)
    assert status["status"].tolist() == ["skipped", "skipped", "annotated", "skipped"]
    assert (
        status.loc[0, "reason"]
        == status.loc[1, "reason"]
        == status.loc[3, "reason"]
        == "empty_text"
    )
    assert tokens["article_id"].tolist() == ["e3"]


def test_mixed_script_text(base_params, tmp_path):
    text = (
        "قال Antony Blinken في Baku إن Пашинян и Алиев يريدان السلام 🕊️ (2023).\n\n"
        "وزير الخارجية\u200f said: «السلام ممكن» — 和平."
    )
    clean = clean_table([("m1", "ar", text), ("m2", "en", text)])
    summary, tokens, entities, status = run_stage(
        clean, {**base_params, "cache_dir": None}, tmp_path
    )
    assert status["status"].tolist() == ["annotated", "annotated"]
    assert summary["offset_mismatches"] == 0
    assert_offsets_line_up(tokens, clean)
    for row in entities.itertuples():
        assert text[row.start_char : row.end_char] == row.text


def test_long_single_paragraph_is_chunked_with_offsets_preserved(stanza_dir, tmp_path):
    """A single-paragraph article 3x longer than max_chunk_chars (tokenize only, to stay fast; the
    1 MB case is covered by the chunking unit test and by benchmarks/bench_annotate.py)."""
    sentence = "The minister said on Monday that talks with Armenia and Azerbaijan would resume. "
    text = (sentence * 80).strip()
    clean = clean_table([("long", "en", text), ("short", "en", sentence.strip())])
    params = {
        "models_dir": str(stanza_dir),
        "processors": "tokenize",
        "max_chunk_chars": 2000,
        "batch_docs": 2,
        "cache_dir": str(tmp_path / "cache"),
    }
    summary, tokens, _, status = run_stage(clean, params, tmp_path / "out")
    assert summary["offset_mismatches"] == 0
    long = tokens[tokens["article_id"] == "long"]
    assert long["sentence"].nunique() == long["sentence"].max() + 1 == 80
    assert status.loc[0, "n_sentences"] == 80
    assert_offsets_line_up(tokens, clean)
    assert int(long["end_char"].max()) == len(text)
    # the same article with a different chunk size is a different cache entry
    _, _, _, status = run_stage(clean, {**params, "max_chunk_chars": 3000}, tmp_path / "again")
    assert status["status"].tolist() == ["annotated", "cached"]


def test_pipeline_factory_builds_each_pipeline_once(base_params, monkeypatch):
    from framelab.nlp.pipelines import ONEDNN_CACHE_ENV

    monkeypatch.delenv(ONEDNN_CACHE_ENV, raising=False)
    first = build_pipeline("en", {**base_params, "cache_dir": None})
    # the factory caps oneDNN's primitive cache (nlp.onednn_cache_capacity) before handing it out
    assert os.environ[ONEDNN_CACHE_ENV] == str(NlpSettings().onednn_cache_capacity)
    assert (
        build_pipeline("en", NlpSettings.from_params({**base_params, "cache_dir": None})) is first
    )
    doc = first(EN_REF)
    tokens, entities = doc_to_tables(doc, "x")
    assert "Blinken" in set(entities["text"])


def test_unknown_processor_for_folder_is_missing(base_params):
    with pytest.raises(FramelabError):
        build_pipeline("ar", {**base_params, "package": "padt", "cache_dir": None})


def test_fully_cached_rerun_never_imports_stanza(stanza_dir, tmp_path):
    import subprocess
    import sys

    clean = clean_table([("c1", "en", EN_REF), ("c2", "ar", AR_REF)])
    clean_path = tmp_path / "clean.parquet"
    clean.to_parquet(clean_path)
    params = {
        "models_dir": str(stanza_dir),
        "processors": "tokenize",
        "cache_dir": str(tmp_path / "cache"),
    }
    run_stage(clean, params, tmp_path / "first")
    code = (
        "import sys, json, pandas as pd\n"
        "from framelab.nlp import annotate_articles\n"
        f"p = {params!r}\n"
        f"out = {str(tmp_path / 'second')!r}\n"
        f"s = annotate_articles(pd.read_parquet({str(clean_path)!r}), p, out + '/t', out + '/e', out + '/s.parquet')\n"
        "print(s['n_cached'], sorted(m for m in ('stanza', 'torch') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["2", "[]"]


def test_parts_read_back_with_the_schema_dtypes(reference_run, tmp_path):
    from framelab.nlp import ENTITIES_SCHEMA, TOKENS_SCHEMA

    clean, params, _ = reference_run
    out = tmp_path / "out"
    annotate_articles(clean, params, out / "tokens", out / "entities", out / "s.parquet")
    for folder, schema in ((out / "tokens", TOKENS_SCHEMA), (out / "entities", ENTITIES_SCHEMA)):
        for part in sorted(folder.glob("part-*.parquet")):
            frame = pd.read_parquet(part)  # plain pandas, no conform
            assert dict(frame.dtypes.astype(str)) == schema
            assert len(frame) > 0


def test_batch_bounds_change_no_output(base_params, tmp_path, monkeypatch):
    """Bulk calls bounded by characters (here: about one article per call, a long article's chunks
    spread over several calls) give exactly the tables of large batches of documents."""
    from framelab.nlp import stage

    calls: list[int] = []
    original = stage._Run.process_batch

    def counting(self, nlp, batch):
        calls.append(len(batch))
        return original(self, nlp, batch)

    monkeypatch.setattr(stage._Run, "process_batch", counting)
    clean = clean_table(
        [
            ("ar-1", "ar", AR_REF + "\n\n" + AR_PARAGRAPH),
            ("en-1", "en", EN_REF + "\n\n" + EN_PARAGRAPH),
            ("ar-long", "ar", "\n\n".join([AR_PARAGRAPH, AR_REF] * 3)),
            ("en-2", "en", EN_PARAGRAPH),
            ("ar-2", "ar", AR_PARAGRAPH),
            ("en-long", "en", "\n\n".join([EN_REF, EN_PARAGRAPH] * 3)),
        ]
    )
    params = {**base_params, "cache_dir": None, "max_chunk_chars": 300}
    wide = run_stage(clean, {**params, "batch_docs": 16, "batch_chars": 1_000_000}, tmp_path / "w")
    wide_calls, calls[:] = list(calls), []
    narrow = run_stage(clean, {**params, "batch_docs": 16, "batch_chars": 200}, tmp_path / "n")
    assert len(calls) > len(wide_calls) == 2  # one call per language vs about one per chunk
    assert max(calls) < max(wide_calls)
    # rows come in the order articles finish (which batching changes); their content must not
    for keys, wide_table, narrow_table in zip(
        (["article_id", "sentence", "word"], ["article_id", "start_char"], ["article_id"]),
        wide[1:],
        narrow[1:],
        strict=True,
    ):
        pd.testing.assert_frame_equal(
            wide_table.sort_values(keys, ignore_index=True),
            narrow_table.sort_values(keys, ignore_index=True),
        )
    assert len(wide[2]) > 0 and wide[0]["offset_mismatches"] == narrow[0]["offset_mismatches"] == 0


def test_a_streamed_clean_table_gives_the_tables_of_the_whole_one(base_params, tmp_path):
    """The notebook streams clean.parquet in pieces (framelab.io.iter_table_batches): the tables
    are those of the whole table at once, status rows in input order."""
    from framelab.io import iter_table_batches, write_table

    clean = clean_table(
        [
            ("ar-1", "ar", AR_REF),
            ("en-1", "en", EN_REF),
            ("xx-1", "xx", "Ein Satz."),
            ("en-2", "en", EN_PARAGRAPH),
            ("ar-2", "ar", AR_PARAGRAPH),
        ]
    )
    write_table(clean, tmp_path / "clean.parquet")
    params = {**base_params, "cache_dir": None}
    whole = run_stage(clean, params, tmp_path / "whole")
    pieces = iter_table_batches(tmp_path / "clean.parquet", ["article_id", "language", "text"], 2)
    streamed = run_stage(pieces, params, tmp_path / "streamed")
    assert streamed[3]["article_id"].tolist() == clean["article_id"].tolist()
    for whole_table, streamed_table in zip(whole[1:], streamed[1:], strict=True):
        pd.testing.assert_frame_equal(whole_table, streamed_table)
