"""Per-article and per-group framing measures on tiny hand-made tables (en, ar, ru), including
bad inputs: one-article outlets, groups without quotes, empty codebooks, colliding
aliases, articles without a publication date."""

from __future__ import annotations

import logging
import textwrap
import warnings

import numpy as np
import pandas as pd
import pytest

from framelab.framing.codebooks import CodebookWarning, load_actor_codebook, load_frame_codebook
from framelab.framing.contested import contested_usage, load_contested_codebook
from framelab.framing.frames import (
    PresenceRule,
    article_frame_rates,
    find_hits,
    frame_prevalence,
)
from framelab.framing.inputs import prepare_articles
from framelab.framing.roles import actor_mentions, actor_roles, roles_by_group
from framelab.framing.temporal import (
    article_temporal_focus,
    classify_timexes,
    temporal_focus_by_group,
    value_intervals,
)
from framelab.framing.voice import (
    article_voice_measures,
    attribution_asymmetry,
    cue_mix,
    resolve_speakers,
    share_of_voice,
)

TEXT_A1 = "Blinken said the U.S. backs peace. Aliyev claimed separatists fired. Azerbaijan attacked Armenia."
TEXT_A2 = "وقال مصدر مطلع إن أرمينيا تريد السلام. وأكد علييف أن الاقتصاد مهم."
TEXT_B1 = "Local media claimed an attack on Karabakh. John Smith said it was quiet."
TEXT_C1 = "Nobody was quoted in this dull note about trade."
TEXT_D1 = "Ein deutscher Text ohne Begriffe."

ACTORS_YAML = """
official_types: [government]
kind_overrides: {anonymous: anon}
kind_fallbacks: {media: media}
actors:
  - {id: blinken, group: United States, type: government, aliases: {en: [Blinken, U.S.], ar: [بلينكن]}}
  - {id: aliyev, group: Azerbaijan, type: government, aliases: {en: [Aliyev], ar: [علييف], ru: [Алиев*]}}
  - {id: azerbaijan, group: Azerbaijan, type: government, aliases: {en: [Azerbaijan]}}
  - {id: armenia, group: Armenia, type: government, aliases: {en: [Armenia], ar: [أرمينيا]}}
  - {id: media, group: media, type: media, aliases: {en: [media]}}
  - {id: anon, group: anonymous sources, type: anonymous, aliases: {ar: [مصدر مطلع]}}
"""
FRAMES_YAML = """
frames:
  - {id: economic, terms: {en: [trade, econom*], ar: [اقتصاد*]}}
  - {id: security, terms: {en: [attack*, fired], ar: [حرب]}}
"""
CONTESTED_YAML = """
pairs:
  - id: karabakh_name
    variants:
      - {id: karabakh, usage: azerbaijani, terms: {en: [Karabakh]}}
      - {id: artsakh, usage: armenian, terms: {en: [Artsakh]}}
"""


@pytest.fixture()
def actors(tmp_path):
    path = tmp_path / "actors.yaml"
    path.write_text(textwrap.dedent(ACTORS_YAML), encoding="utf-8")
    return load_actor_codebook(path)


@pytest.fixture()
def frames(tmp_path):
    path = tmp_path / "frames.yaml"
    path.write_text(textwrap.dedent(FRAMES_YAML), encoding="utf-8")
    return load_frame_codebook(path)


@pytest.fixture()
def contested(tmp_path):
    path = tmp_path / "contested.yaml"
    path.write_text(textwrap.dedent(CONTESTED_YAML), encoding="utf-8")
    return load_contested_codebook(path)


@pytest.fixture()
def clean() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "article_id": ["a1", "a2", "b1", "c1", "d1"],
            "outlet": ["A", "A", "B", "C", "C"],
            "language": ["en", "ar", "en", "en", "de"],
            "published": ["2023-11-28", "2023-11-28", None, "2023-11-28", "2023-11-28"],
            "text": [TEXT_A1, TEXT_A2, TEXT_B1, TEXT_C1, TEXT_D1],
            "meta": ['{"bias": "left"}', '{"bias": "left"}', '{"bias": "right"}', "{}", None],
        }
    )


def _quote(aid, qid, text, start, speaker, name, kind, cue, cue_class, lang="en"):
    return dict(
        article_id=aid,
        quote_id=qid,
        type="indirect",
        start=start,
        end=start + len(text),
        text=text,
        speaker=speaker,
        speaker_name=name,
        speaker_kind=kind,
        cue=cue,
        cue_lemma=cue,
        cue_class=cue_class,
        language=lang,
    )


@pytest.fixture()
def quotes() -> pd.DataFrame:
    return pd.DataFrame(
        [
            _quote(
                "a1",
                "q1",
                "the U.S. backs peace",
                13,
                "Blinken",
                "Blinken",
                "person",
                "said",
                "neutral",
            ),
            _quote(
                "a1",
                "q2",
                "separatists fired",
                50,
                "Aliyev",
                "Aliyev",
                "person",
                "claimed",
                "distancing",
            ),
            _quote(
                "a2",
                "q3",
                "إن أرمينيا تريد السلام",
                15,
                "مصدر مطلع",
                None,
                "anonymous",
                "قال",
                "neutral",
                "ar",
            ),
            _quote(
                "a2",
                "q4",
                "أن الاقتصاد مهم",
                50,
                "علييف",
                "علييف",
                "person",
                "أكد",
                "assertive",
                "ar",
            ),
            _quote(
                "b1",
                "q5",
                "an attack on Karabakh",
                19,
                "Local media",
                None,
                "media",
                "claimed",
                "distancing",
            ),
            _quote(
                "b1",
                "q6",
                "it was quiet",
                57,
                "John Smith",
                "John Smith",
                "person",
                "said",
                "neutral",
            ),
            _quote("b1", "q7", "all is well", 60, None, None, None, None, None),
        ]
    )


@pytest.fixture()
def articles(clean) -> pd.DataFrame:
    return prepare_articles(clean, "outlet")


# ------------------------------------------------------------------------------ speakers / voice


def test_resolve_speakers(quotes, actors):
    r = resolve_speakers(quotes, actors).set_index("quote_id")
    assert (
        r.loc["q1", "speaker_group"] == "United States"
        and r.loc["q1", "resolution"] == "alias:speaker_name"
    )
    assert r.loc["q2", "actor"] == "aliyev" and bool(r.loc["q2", "official"])
    assert r.loc["q3", "actor"] == "anon" and r.loc["q3", "resolution"] == "speaker_kind"
    assert bool(r.loc["q3", "is_anonymous"])
    assert r.loc["q4", "speaker_group"] == "Azerbaijan"  # Arabic alias
    assert r.loc["q5", "speaker_group"] == "media"
    assert r.loc["q6", "speaker_group"] == "other" and pd.isna(r.loc["q6", "actor"])
    assert r.loc["q7", "speaker_group"] == "unattributed"
    assert r.loc["q7", "cue_class"] == "none"
    assert r.loc["q1", "quoted_words"] == 5  # "the U.S. backs peace" -> the, U, S, backs, peace


def test_article_voice_measures(articles, quotes, actors):
    resolved = resolve_speakers(quotes, actors)
    v = article_voice_measures(articles, resolved).set_index("article_id")
    assert v.loc["a1", "n_quotes"] == 2 and v.loc["a1", "n_sources"] == 2
    assert v.loc["a1", "source_entropy_norm"] == pytest.approx(1.0)
    assert v.loc["a1", "source_simpson"] == pytest.approx(0.5)
    assert bool(v.loc["a1", "officials_only"]) is True
    assert (
        v.loc["a1", "first_source"] == "Blinken" and v.loc["a1", "first_group"] == "United States"
    )
    assert v.loc["a2", "anonymous_share"] == pytest.approx(0.5)
    assert bool(v.loc["b1", "officials_only"]) is False  # media is not an official source
    # article without quotes: zeros for counts, NaN for the rest, with a reason
    assert v.loc["c1", "n_quotes"] == 0
    assert np.isnan(v.loc["c1", "anonymous_share"]) and pd.isna(v.loc["c1", "officials_only"])
    assert "no quotes" in v.loc["c1", "voice_note"]


def test_single_source_entropy_is_nan_with_reason(articles, quotes, actors):
    only = quotes[quotes["quote_id"] == "q1"]
    v = article_voice_measures(articles, resolve_speakers(only, actors)).set_index("article_id")
    assert np.isnan(v.loc["a1", "source_entropy_norm"]) and v.loc["a1", "source_simpson"] == 0
    assert "one source" in v.loc["a1", "voice_note"]


def test_share_of_voice_defined_results_for_bad_groups(articles, quotes, actors):
    resolved = resolve_speakers(quotes, actors)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no division warnings
        sov = share_of_voice(articles, resolved, resamples=1000, seed=1)
    a = sov[sov["group"] == "A"].set_index("speaker_group")
    assert a["share_words"].sum() == pytest.approx(1.0)
    assert a.loc["United States", "share_words"] == pytest.approx(5 / (5 + 2 + 4 + 3))
    assert a["ci_low"].notna().all() and (a["ci_low"] <= a["share_words"]).all()
    b = sov[sov["group"] == "B"]
    assert b["ci_low"].isna().all() and b["ci_note"].str.contains("n=1").all()  # one article
    c = sov[sov["group"] == "C"]
    assert c["share_words"].isna().all() and c["share_quotes"].isna().all()  # zero quotes
    assert c["ci_note"].str.contains("no quotes").all()


def test_cue_mix_and_attribution_asymmetry(articles, quotes, actors):
    mix = cue_mix(articles, resolve_speakers(quotes, actors))
    a = mix[mix["group"] == "A"]
    assert a.groupby("speaker_group")["share"].sum().to_dict() == pytest.approx(
        {"Azerbaijan": 1.0, "United States": 1.0, "anonymous sources": 1.0}
    )
    asym = attribution_asymmetry(mix).set_index(["group", "speaker_group"])
    az = asym.loc[("A", "Azerbaijan")]
    # Azerbaijan: claimed + assertive; the others in A: neutral, neutral
    assert az["distancing_share"] == pytest.approx(0.5) and az["distancing_others"] == 0
    assert az["jsd"] == pytest.approx(1.0)  # no cue class in common
    assert 0 < asym.loc[("A", "(all)"), "jsd"] <= 1
    b = asym.loc[("B", "media")]
    assert b["distancing_gap"] == pytest.approx(1.0)


def test_asymmetry_undefined_with_one_speaker_group(articles, quotes, actors):
    only = quotes[quotes["quote_id"] == "q1"]
    asym = attribution_asymmetry(cue_mix(articles, resolve_speakers(only, actors)))
    assert asym["jsd"].isna().all()
    assert asym["note"].str.contains("only one speaker group").all()


def test_empty_actor_codebook_falls_back_to_other(tmp_path, quotes):
    path = tmp_path / "empty.yaml"
    path.write_text("actors: []\n", encoding="utf-8")
    with pytest.warns(CodebookWarning):
        book = load_actor_codebook(path)
    r = resolve_speakers(quotes, book)
    assert set(r["speaker_group"]) == {"other", "unattributed"}
    assert r["official"].isna().all()


def test_colliding_aliases_resolve_to_the_first_actor(tmp_path):
    path = tmp_path / "clash.yaml"
    path.write_text(
        textwrap.dedent("""
        actors:
          - {id: us, group: United States, aliases: {en: [Washington]}}
          - {id: wa, group: US states, aliases: {en: [Washington, Olympia]}}
    """),
        encoding="utf-8",
    )
    with pytest.warns(CodebookWarning):
        book = load_actor_codebook(path)
    q = pd.DataFrame(
        [_quote("x", "q", "fine", 0, "Washington", "Washington", "organisation", "said", "neutral")]
    )
    assert resolve_speakers(q, book)["speaker_group"].tolist() == ["United States"]


# ------------------------------------------------------------------------------ frames


def test_frame_hits_rates_and_prevalence(articles, frames):
    hits = find_hits(articles, frames)
    for row in hits.merge(articles[["article_id", "text"]]).itertuples():
        assert row.text[row.start : row.end] == row.match  # evidence offsets
        assert f"[{row.match}]" in row.context  # keyword in context
    one_hit = PresenceRule(min_hits=1, min_terms=1)  # the naive rule, to test the arithmetic
    rates = article_frame_rates(articles, hits, frames, one_hit).set_index(["article_id", "frame"])
    n_words_a1 = len(TEXT_A1.replace(".", " ").split())  # 14: "U.S." counts as two \\w+ words
    assert rates.loc[("a1", "security"), "hits"] == 2  # fired, attacked
    assert rates.loc[("a1", "security"), "per_1000_words"] == pytest.approx(2000 / n_words_a1)
    assert rates.loc[("a2", "economic"), "hits"] == 1  # الاقتصاد
    # German article: no terms in the codebook -> NaN with a reason, not zero
    assert np.isnan(rates.loc[("d1", "economic"), "per_1000_words"])
    assert pd.isna(rates.loc[("d1", "economic"), "present"])
    assert "no codebook terms" in rates.loc[("d1", "economic"), "note"]
    prev = frame_prevalence(articles, rates.reset_index(), resamples=500, seed=3).set_index(
        ["group", "frame"]
    )
    assert prev.loc[("C", "economic"), "articles"] == 1  # d1 left out as undefined
    assert prev.loc[("C", "economic"), "prevalence"] == 1.0
    assert "n=1" in prev.loc[("C", "economic"), "note"]
    assert 0 < prev.loc[("C", "economic"), "prevalence_low"] < 1  # Wilson is defined for n=1
    assert np.isnan(prev.loc[("C", "economic"), "rate_low"])
    assert prev.loc[("A", "security"), "prevalence"] == 0.5


def test_contested_terms(articles, frames, contested):
    usage = contested_usage(articles, find_hits(articles, frames, contested))
    assert usage[["group", "pair", "variant", "hits"]].values.tolist() == [
        ["B", "karabakh_name", "karabakh", 1]
    ]
    assert usage["share"].tolist() == [1.0]


def test_no_contested_codebook_counts_no_contested_terms(articles, frames):
    hits = find_hits(articles, frames)  # contested codebook off (the default)
    assert (hits["kind"] == "frame").all()
    assert contested_usage(articles, hits).empty


def test_empty_frames_codebook_gives_nan_not_zero(tmp_path, articles):
    path = tmp_path / "none.yaml"
    path.write_text("frames: []\n", encoding="utf-8")
    with pytest.warns(CodebookWarning):
        book = load_frame_codebook(path)
    hits = find_hits(articles, book)
    assert hits.empty
    rates = article_frame_rates(articles, hits, book)
    assert rates.empty
    assert frame_prevalence(articles, rates, resamples=10, seed=0).empty
    assert contested_usage(articles, hits).empty


# ------------------------------------------------------------------------------ temporal focus


def test_value_intervals():
    iv = value_intervals(
        pd.Series(
            [
                "2023-11-27",
                "2020-09",
                "2023",
                "2023-W47",
                "2023-Q3",
                "2023-11-27TMO",
                "XXXX-11-27",
                "PXD",
                None,
            ]
        )
    )
    assert iv.loc[0, "lo"] == pd.Timestamp("2023-11-27") == iv.loc[0, "hi"]
    assert (iv.loc[1, "lo"], iv.loc[1, "hi"]) == (
        pd.Timestamp("2020-09-01"),
        pd.Timestamp("2020-09-30"),
    )
    assert iv.loc[2, "hi"] == pd.Timestamp("2023-12-31")
    assert (iv.loc[3, "lo"], iv.loc[3, "hi"]) == (
        pd.Timestamp("2023-11-20"),
        pd.Timestamp("2023-11-26"),
    )
    assert (iv.loc[4, "lo"], iv.loc[4, "hi"]) == (
        pd.Timestamp("2023-07-01"),
        pd.Timestamp("2023-09-30"),
    )
    assert iv.loc[5, "lo"] == pd.Timestamp("2023-11-27")
    assert iv.loc[6:, "lo"].isna().all()
    more = value_intervals(pd.Series(["198", "19", "2018-SU", "2018-WI", "2023-H2"]))
    assert (more.loc[0, "lo"], more.loc[0, "hi"]) == (
        pd.Timestamp("1980-01-01"),
        pd.Timestamp("1989-12-31"),
    )
    assert (more.loc[1, "lo"], more.loc[1, "hi"]) == (
        pd.Timestamp("1900-01-01"),
        pd.Timestamp("1999-12-31"),
    )
    assert (more.loc[2, "lo"], more.loc[2, "hi"]) == (
        pd.Timestamp("2018-06-01"),
        pd.Timestamp("2018-08-31"),
    )
    assert more.loc[3, "hi"] == pd.Timestamp("2019-02-28")
    assert more.loc[4, "lo"] == pd.Timestamp("2023-07-01")


def test_temporal_focus_and_missing_publication_date(articles, caplog):
    timexes = pd.DataFrame(
        {
            "article_id": ["a1"] * 6 + ["b1"],
            "type": ["DATE", "DATE", "DATE", "DURATION", "DATE", "DATE", "DATE"],
            "value": [
                "2023-11-27",
                "2020-09",
                "2024-03",
                "PXD",
                "XXXX-11-27",
                "PAST_REF",
                "2023-11-27",
            ],
        }
    )
    classified = classify_timexes(timexes, articles, around_days=7)
    assert classified["focus"].tolist() == [
        "around",
        "past",
        "future",
        "unresolved",
        "past",
        "unresolved",
    ]
    assert classified["focus_reason"].tolist()[3:] == [
        "unanchored value",
        None,
        "no publication date",
    ]
    with caplog.at_level(logging.WARNING):
        per_article = article_temporal_focus(articles, classified).set_index("article_id")
    assert "without a publication date" in caplog.text
    assert per_article.loc[
        "a1", ["past_share", "around_share", "future_share"]
    ].tolist() == pytest.approx([0.5, 0.25, 0.25])
    assert np.isnan(per_article.loc["b1", "past_share"])
    assert per_article.loc["b1", "temporal_note"] == "undefined: no publication date"
    assert per_article.loc["c1", "temporal_note"] == "undefined: no dated expressions"
    groups = temporal_focus_by_group(articles, per_article.reset_index(), resamples=200, seed=0)
    b = groups[groups["group"] == "B"]
    assert b["share"].isna().all() and b["ci_note"].notna().all()


def test_temporal_focus_far_past_and_future_years(articles):
    timexes = pd.DataFrame(
        {
            "article_id": ["a1"] * 4,
            "type": ["DATE"] * 4,
            "value": ["1534-07-02", "0001", "9999-12-31", "2023-02-31"],
        }
    )
    classified = classify_timexes(timexes, articles)
    assert classified["focus"].tolist() == ["past", "past", "future", "unresolved"]
    assert classified["focus_reason"].tolist()[3] == "value not a calendar date"


def test_temporal_focus_without_any_timex(articles):
    empty = pd.DataFrame(
        {
            "article_id": pd.Series(dtype="string"),
            "type": pd.Series(dtype="string"),
            "value": pd.Series(dtype="string"),
        }
    )
    per_article = article_temporal_focus(articles, classify_timexes(empty, articles))
    assert per_article["past_share"].isna().all()


# ------------------------------------------------------------------------------ actor roles


def _tokens_for_a1() -> pd.DataFrame:
    words = [  # (sentence, word id, text, upos, head, deprel)
        (0, 1, "Blinken", "PROPN", 2, "nsubj"),
        (0, 2, "said", "VERB", 0, "root"),
        (1, 1, "Aliyev", "PROPN", 2, "nsubj"),
        (1, 2, "claimed", "VERB", 0, "root"),
        (2, 1, "Azerbaijan", "PROPN", 2, "nsubj"),
        (2, 2, "attacked", "VERB", 0, "root"),
        (2, 3, "Armenia", "PROPN", 2, "obj"),
    ]
    rows = []
    for sentence, word, text, upos, head, deprel in words:
        start = TEXT_A1.index(text)
        rows.append(
            dict(
                article_id="a1",
                sentence=sentence,
                word=word,
                text=text,
                lemma=text.lower(),
                upos=upos,
                head=head,
                deprel=deprel,
                start_char=start,
                end_char=start + len(text),
            )
        )
    return pd.DataFrame(rows)


def test_actor_roles_from_dependencies(articles, actors):
    mentions = actor_mentions(articles, actors)
    roles = actor_roles(mentions, _tokens_for_a1())
    got = sorted(zip(roles["actor"], roles["role"], roles["verb"], strict=True))
    assert got == [
        ("aliyev", "agent", "claimed"),
        ("armenia", "patient", "attacked"),
        ("azerbaijan", "agent", "attacked"),
        ("blinken", "agent", "said"),
    ]
    has_tokens = articles["article_id"].eq("a1")
    table = roles_by_group(articles, mentions, roles, has_tokens).set_index(
        ["group", "actor_group"]
    )
    assert (
        table.loc[("A", "Azerbaijan"), "agent"] == 2
        and table.loc[("A", "Azerbaijan"), "agent_share"] == 1
    )
    assert table.loc[("A", "Armenia"), "agent_share"] == pytest.approx(0.0)
    assert np.isnan(table.loc[("B", "media"), "agent"])  # outlet without parses
    assert "no Stanza tokens" in table.loc[("B", "media"), "note"]


def test_roles_without_tokens_are_nan_with_reason(articles, actors):
    mentions = actor_mentions(articles, actors)
    empty = _tokens_for_a1().iloc[0:0]
    roles = actor_roles(mentions, empty)
    assert roles.empty
    table = roles_by_group(articles, mentions, roles, pd.Series(False, index=articles.index))
    assert (
        table["agent_share"].isna().all() and table["note"].str.contains("no Stanza tokens").all()
    )
    assert (table["mentions"] > 0).all()


# ------------------------------------------------------------------------------ inputs


def test_group_by_meta_key_and_missing_values(clean, caplog):
    with caplog.at_level(logging.WARNING):
        arts = prepare_articles(clean, "bias")
    assert arts.set_index("article_id")["group"].to_dict() == {
        "a1": "left",
        "a2": "left",
        "b1": "right",
        "c1": "(missing)",
        "d1": "(missing)",
    }
    assert "(missing)" in caplog.text


def test_group_by_unknown_key_raises(clean):
    from framelab.errors import InputError

    with pytest.raises(InputError, match="neither a column"):
        prepare_articles(clean, "nonsense")


def test_duplicates_are_left_out(clean):
    clean = clean.assign(is_duplicate=[False, True, False, False, False])
    assert "a2" not in set(prepare_articles(clean, "outlet")["article_id"])
    assert "a2" in set(prepare_articles(clean, "outlet", exclude_duplicates=False)["article_id"])
