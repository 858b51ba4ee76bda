"""The framing stage end to end on tiny tables: files in, tables / metrics / plot CSVs out; the
CLI; the shipped codebooks on the seed article (integration, ../shared)."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from framelab.cli import main
from framelab.errors import FramelabError
from framelab.framing import TABLES, framing_params, run_framing_files, write_outputs

ROOT = Path(__file__).resolve().parents[1]
CODEBOOKS = {
    "actors_codebook": str(ROOT / "data/codebooks/actors-south-caucasus.yaml"),
    "frames_codebook": str(ROOT / "data/codebooks/frames.yaml"),
    "contested_codebook": str(ROOT / "data/codebooks/contested-karabakh.yaml"),
}


def _tables(folder: Path) -> dict[str, Path]:
    texts = {
        "l1": "Blinken said the United States supports the territorial integrity of Armenia. "
        "Officials discussed trade and security.",
        "l2": "Aliyev claimed the anti-terror operation in Karabakh was over. The economy grew.",
        "r1": "Russia said the military offensive in Nagorno-Karabakh caused refugees to flee.",
        "r2": "Пашинян заявил, что Армения хочет мира. Алиев утверждал, что сепаратисты сдались.",
        "c1": "A note without quotes about the war in Artsakh and its history.",
    }
    clean = pd.DataFrame(
        {
            "article_id": list(texts),
            "outlet": ["left post", "left post", "right times", "right times", "centre daily"],
            "language": ["en", "en", "en", "ru", "en"],
            "published": ["2023-09-20", "2023-09-21", "2023-09-22", None, "2023-10-01"],
            "text": list(texts.values()),
            "meta": [
                '{"bias": "left"}',
                '{"bias": "left"}',
                '{"bias": "right"}',
                '{"bias": "right"}',
                '{"bias": "center"}',
            ],
        }
    )

    def q(aid, qid, quote, speaker, kind, cue, cls, lang="en"):
        start = texts[aid].index(quote)
        return dict(
            article_id=aid,
            quote_id=qid,
            type="indirect",
            start=start,
            end=start + len(quote),
            text=quote,
            speaker=speaker,
            speaker_name=speaker,
            speaker_kind=kind,
            cue=cue,
            cue_lemma=cue,
            cue_class=cls,
            sentence=0,
            language=lang,
        )

    quotes = pd.DataFrame(
        [
            q(
                "l1",
                "l1:1",
                "the United States supports the territorial integrity of Armenia",
                "Blinken",
                "person",
                "said",
                "neutral",
            ),
            q(
                "l2",
                "l2:1",
                "the anti-terror operation in Karabakh was over",
                "Aliyev",
                "person",
                "claimed",
                "distancing",
            ),
            q(
                "r1",
                "r1:1",
                "the military offensive in Nagorno-Karabakh caused refugees to flee",
                "Russia",
                "organisation",
                "said",
                "neutral",
            ),
            q("r2", "r2:1", "Армения хочет мира", "Пашинян", "person", "заявил", "neutral", "ru"),
            q(
                "r2",
                "r2:2",
                "сепаратисты сдались",
                "Алиев",
                "person",
                "утверждал",
                "distancing",
                "ru",
            ),
        ]
    )
    timexes = pd.DataFrame(
        {
            "article_id": ["l1", "l2", "r1", "r2"],
            "start": [0, 0, 0, 0],
            "end": [1, 1, 1, 1],
            "text": ["x"] * 4,
            "type": ["DATE"] * 4,
            "value": ["2023-09-19", "2020-09", "2024", "2023-09-19"],
        }
    )
    paths = {
        "clean": folder / "clean.parquet",
        "quotes": folder / "quotes.parquet",
        "timexes": folder / "timexes.parquet",
        "tokens": folder / "tokens",
    }
    clean.to_parquet(paths["clean"])
    quotes.to_parquet(paths["quotes"])
    timexes.to_parquet(paths["timexes"])
    paths["tokens"].mkdir()  # no Stanza models: an empty tokens folder
    return paths


@pytest.fixture()
def inputs(tmp_path) -> dict[str, Path]:
    return _tables(tmp_path)


def test_run_and_write_outputs(inputs, tmp_path):
    params = {**CODEBOOKS, "bootstrap_resamples": 1000, "min_term_freq": 1}
    result = run_framing_files(
        inputs["clean"], inputs["quotes"], inputs["timexes"], inputs["tokens"], params
    )
    written = write_outputs(
        result, tmp_path / "out", tmp_path / "metrics.json", tmp_path / "plots/sov.csv"
    )
    for name in TABLES:
        assert (tmp_path / "out" / f"{name}.parquet").is_file()
        assert (tmp_path / "out" / f"{name}.csv").is_file()
    metrics = json.loads((tmp_path / "metrics.json").read_text())
    assert metrics["n_articles"] == 5 and metrics["n_groups"] == 3 and metrics["n_quotes"] == 5
    assert sum(metrics["share_of_voice"].values()) == pytest.approx(1.0)
    assert metrics["articles_with_tokens"] == 0 and metrics["actor_roles"] is None
    assert metrics["frame_presence_rule"] == ">= 2 hit(s) from >= 2 distinct cue term(s)"
    rates = result.tables["frame_rates"]
    assert {"terms", "cue_terms"} <= set(rates.columns)
    assert (rates["present"].fillna(False) <= (rates["hits"] >= 2)).all()
    plot = pd.read_csv(tmp_path / "plots/sov.csv")
    assert list(plot.columns) == ["group", "category", "label", "share", "low", "high"]
    assert set(plot["group"]) <= set(sov_groups := result.tables["share_of_voice"]["group"])
    assert len(set(plot["group"])) == sov_groups.nunique() > 1  # groups can be compared
    prevalence = pd.read_csv(tmp_path / "plots/framing_frame_prevalence.csv")
    assert (prevalence["label"] == prevalence["group"] + " · " + prevalence["category"]).all()
    assert prevalence["share"].between(0, 1).all()
    assert set(written) >= {"metrics", "framing_share_of_voice.csv"}

    contested = result.tables["contested"].set_index(["group", "pair", "variant"])
    assert contested.loc[("left post", "operation_naming", "anti_terror_operation"), "hits"] == 1
    assert contested.loc[("right times", "operation_naming", "military_offensive"), "hits"] == 1
    assert contested.loc[("right times", "karabakh_name", "nagorno_karabakh"), "hits"] == 1
    assert contested.loc[("centre daily", "karabakh_name", "artsakh"), "hits"] == 1
    sov = result.tables["share_of_voice"]
    centre = sov[sov["group"] == "centre daily"]
    assert centre["share_words"].isna().all()  # an outlet with zero quotes
    fw = result.tables["fightin_words"]
    assert set(fw["group"]) == {"left post", "right times", "centre daily"}
    articles = result.tables["articles"].set_index("article_id")
    assert articles.loc["r2", "temporal_note"] == "undefined: no publication date"
    assert articles["roles_note"].str.contains("no Stanza tokens").all()
    assert (result.tables["frame_hits"]["article_id"] == "r2").any()  # Russian cues found
    assert sum(metrics["speaker_resolution"].values()) == pytest.approx(1.0)
    assert {"resolution", "described_type", "evidence"} <= set(result.tables["quotes_resolved"])
    assert set(result.tables) >= {"speaker_descriptions", "unresolved_speakers"}


def test_contested_terms_are_off_without_a_contested_codebook(inputs):
    params = {**CODEBOOKS, "contested_codebook": None, "bootstrap_resamples": 50}
    result = run_framing_files(
        inputs["clean"], inputs["quotes"], inputs["timexes"], inputs["tokens"], params
    )
    assert result.tables["contested"].empty
    assert (result.tables["frame_hits"]["kind"] == "frame").all()
    assert result.tables["articles"]["contested_hits"].isna().all()
    assert result.metrics["contested_hits"] is None
    books = result.metrics["codebooks"]
    assert books["contested"] is None and books["contested_file"] is None
    assert books["frames_file"].endswith("frames.yaml")
    with_book = run_framing_files(
        inputs["clean"],
        inputs["quotes"],
        inputs["timexes"],
        inputs["tokens"],
        {**CODEBOOKS, "bootstrap_resamples": 50},
    )
    assert with_book.metrics["codebooks"]["contested"] == "contested-karabakh"
    assert with_book.metrics["contested_hits"] == 7  # one per variant in the texts


@pytest.mark.parametrize("value", ["", 3, ["a.yaml"]])
def test_bad_contested_codebook_parameter(value):
    with pytest.raises(FramelabError, match="contested_codebook"):
        framing_params({"contested_codebook": value})


def test_group_by_bias_from_meta(inputs):
    params = {**CODEBOOKS, "group_by": "bias", "bootstrap_resamples": 200}
    result = run_framing_files(
        inputs["clean"], inputs["quotes"], inputs["timexes"], inputs["tokens"], params
    )
    assert set(result.tables["articles"]["group"]) == {"left", "right", "center"}
    prevalence = result.tables["frame_prevalence"]
    assert set(prevalence["group"]) == {"left", "right", "center"}


def test_missing_tokens_folder_is_fine_and_bad_params_raise(inputs):
    result = run_framing_files(
        inputs["clean"],
        inputs["quotes"],
        inputs["timexes"],
        None,
        {**CODEBOOKS, "bootstrap_resamples": 10},
    )
    assert result.metrics["articles_with_tokens"] == 0
    with pytest.raises(FramelabError, match="unknown framing parameter"):
        framing_params({"bootstrap": 5})
    for key, value in (
        ("speaker_agreement", 0),
        ("speaker_agreement", 1.5),
        ("speaker_neighbours", 0),
        ("speaker_window_days", -1),
        ("unresolved_top", "many"),
    ):
        with pytest.raises(FramelabError, match=key):
            framing_params({key: value})


def test_params_yaml_section_matches_defaults():
    import yaml

    section = yaml.safe_load((ROOT / "params.yaml").read_text())["framing"]
    assert set(section) == set(framing_params({}))


def test_cli(inputs, tmp_path, capsys):
    code = main(
        [
            "framing",
            "--clean",
            str(inputs["clean"]),
            "--quotes",
            str(inputs["quotes"]),
            "--timexes",
            str(inputs["timexes"]),
            "--tokens",
            str(inputs["tokens"]),
            "-o",
            str(tmp_path / "cli"),
            "--group-by",
            "bias",
            "--actors",
            CODEBOOKS["actors_codebook"],
            "--frames",
            CODEBOOKS["frames_codebook"],
            "--contested",
            "none",
            "--resamples",
            "100",
            "--metrics",
            str(tmp_path / "m.json"),
        ]
    )
    assert code == 0
    assert "5 articles in 3 bias group(s)" in capsys.readouterr().out
    assert (tmp_path / "cli" / "share_of_voice.parquet").is_file()
    metrics = json.loads((tmp_path / "m.json").read_text())
    assert metrics["group_by"] == "bias" and metrics["codebooks"]["contested"] is None


def test_cli_reports_missing_input(tmp_path, capsys):
    code = main(
        [
            "framing",
            "--clean",
            str(tmp_path / "none.parquet"),
            "--quotes",
            "q",
            "--timexes",
            "t",
            "-o",
            str(tmp_path),
        ]
    )
    assert code == 2
    assert "table not found" in capsys.readouterr().err


@pytest.mark.shared
def test_seed_article_with_gold_quotes(seed_gold, tmp_path):
    """The shipped codebooks on the seed (gold quotes and timexes stand in for upstream)."""
    text = seed_gold["text"]
    clean = pd.DataFrame(
        [
            {
                "article_id": "seed",
                "outlet": "turan",
                "language": "ar",
                "published": seed_gold["published"],
                "text": text,
                "meta": "{}",
            }
        ]
    )
    quotes = pd.DataFrame(
        [
            {
                "article_id": "seed",
                "quote_id": f"q{i}",
                "type": g["type"],
                "start": g["start"],
                "end": g["end"],
                "text": text[g["start"] : g["end"]],
                "speaker": g["speaker"],
                "speaker_name": g["speaker_name"],
                "speaker_kind": g["speaker_kind"],
                "cue": g["cue"],
                "cue_lemma": g["cue"],
                "cue_class": "distancing" if g["cue"] == "زعمت" else "neutral",
                "language": "ar",
            }
            for i, g in enumerate(seed_gold["quotes"])
        ]
    )
    timexes = pd.DataFrame([{"article_id": "seed", **t} for t in seed_gold["timexes"]])
    for name, table in (("clean", clean), ("quotes", quotes), ("timexes", timexes)):
        table.to_parquet(tmp_path / f"{name}.parquet")
    result = run_framing_files(
        tmp_path / "clean.parquet",
        tmp_path / "quotes.parquet",
        tmp_path / "timexes.parquet",
        None,
        {**CODEBOOKS, "bootstrap_resamples": 100},
    )
    resolved = result.tables["quotes_resolved"]
    assert resolved["speaker_group"].value_counts().to_dict() == {
        "United States": 16,
        "Armenia": 1,
        "Azerbaijan": 1,
        "anonymous sources": 1,
        "media": 1,
    }
    assert result.metrics["quotes_resolved_to_actor"] == 1.0
    focus = result.metrics["temporal_focus"]
    assert focus == pytest.approx({"past": 6 / 9, "around": 3 / 9, "future": 0.0})
    hits = result.tables["frame_hits"]
    variants = set(hits.loc[hits["kind"] == "contested", "variant"])
    assert {
        "karabakh",
        "nagorno_karabakh",
        "artsakh",
        "anti_terror_operation",
        "separatist",
        "territorial_integrity",
    } <= variants
    for row in hits.itertuples():
        assert text[row.start : row.end] == row.match


def test_empty_corpus_gives_empty_tables_not_errors(tmp_path):
    from framelab.framing.inputs import CLEAN_COLUMNS, QUOTE_COLUMNS, TIMEX_COLUMNS
    from framelab.io import empty_frame

    for name, schema in (
        ("clean", CLEAN_COLUMNS),
        ("quotes", QUOTE_COLUMNS),
        ("timexes", TIMEX_COLUMNS),
    ):
        empty_frame(schema).to_parquet(tmp_path / f"{name}.parquet")
    result = run_framing_files(
        tmp_path / "clean.parquet",
        tmp_path / "quotes.parquet",
        tmp_path / "timexes.parquet",
        None,
        {**CODEBOOKS, "bootstrap_resamples": 10},
    )
    assert result.metrics["n_articles"] == 0 and result.metrics["anonymous_share"] is None
    write_outputs(result, tmp_path / "out", tmp_path / "m.json", tmp_path / "p.csv")
    assert pd.read_csv(tmp_path / "p.csv").empty


@pytest.mark.stanza
def test_actor_roles_from_real_stanza_tokens(stanza_dir, tmp_path):
    """Agent / patient roles from the annotate stage's real tokens table (small test models:
    their parses are often wrong, so this checks the path and the table contract, not accuracy)."""
    texts = {
        "e1": "Azerbaijan attacked Armenia. Russia criticised Azerbaijan.",
        "e2": "Armenia accused Azerbaijan. The EU supported Armenia.",
    }
    clean = pd.DataFrame(
        {
            "article_id": list(texts),
            "outlet": ["x", "y"],
            "language": "en",
            "published": "2023-09-20",
            "text": list(texts.values()),
            "meta": "{}",
        }
    )
    clean.to_parquet(tmp_path / "clean.parquet")
    empty = pd.DataFrame({"article_id": pd.Series(dtype="string")})
    empty.to_parquet(tmp_path / "quotes.parquet")
    empty.to_parquet(tmp_path / "timexes.parquet")
    code = main(
        [
            "annotate",
            str(tmp_path / "clean.parquet"),
            "--out-dir",
            str(tmp_path / "nlp"),
            "--models-dir",
            str(stanza_dir),
            "--languages",
            "en",
            "--no-cache",
        ]
    )
    assert code == 0
    result = run_framing_files(
        tmp_path / "clean.parquet",
        tmp_path / "quotes.parquet",
        tmp_path / "timexes.parquet",
        tmp_path / "nlp" / "tokens",
        {**CODEBOOKS, "bootstrap_resamples": 10},
    )
    assert result.metrics["articles_with_tokens"] == 2
    roles = result.tables["actor_roles"]
    assert not roles.empty and set(roles["role"]) <= {"agent", "patient"}
    for row in roles.itertuples():
        assert texts[row.article_id][row.start : row.end] == row.match
    table = result.tables["roles"]
    assert table["note"].isna().any()  # roles defined for actors that are subjects / objects
    assert table["agent_share"].dropna().between(0, 1).all()
