"""Codebook loading and validation; term matching in several languages."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pandas as pd
import pytest

from framelab.errors import InputError
from framelab.framing.codebooks import CodebookWarning, load_actor_codebook, load_frame_codebook
from framelab.framing.contested import load_contested_codebook
from framelab.framing.matching import TermMatcher, fold_text, term_regex

ROOT = Path(__file__).resolve().parents[1]
CODEBOOKS = ROOT / "data" / "codebooks"


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


# ------------------------------------------------------------------------ shipped codebooks


@pytest.mark.parametrize("name", ["actors-south-caucasus.yaml", "actors-generic.yaml"])
def test_shipped_actor_codebooks_load_cleanly(name, recwarn):
    book = load_actor_codebook(CODEBOOKS / name)
    assert not book.is_empty
    assert set(book.aliases["language"]) >= {"ar", "en", "ru", "tr", "az"}
    assert book.collisions.empty, book.collisions
    assert not [w for w in recwarn.list if issubclass(w.category, CodebookWarning)]
    TermMatcher.from_terms(book.aliases)  # every alias compiles


def test_south_caucasus_codebook_covers_the_story():
    book = load_actor_codebook(CODEBOOKS / "actors-south-caucasus.yaml")
    groups = set(book.actors["group"])
    assert {
        "United States",
        "Azerbaijan",
        "Armenia",
        "Russia",
        "EU",
        "Turkey",
        "Iran",
        "UN",
        "media",
        "anonymous sources",
    } <= groups
    for person in ["blinken", "miller", "obrien", "aliyev", "pashinyan"]:
        assert person in set(book.actors["actor"])
    assert book.kind_overrides == {"anonymous": "anonymous_sources"}


def test_shipped_frames_codebook_has_the_14_policy_frames():
    book = load_frame_codebook(CODEBOOKS / "frames.yaml")
    assert len(book.frames) == 14
    per_language = book.terms.groupby("frame")["language"].nunique()
    assert (per_language >= 5).all()
    TermMatcher.from_terms(book.terms)


def test_shipped_karabakh_contested_codebook():
    book = load_contested_codebook(CODEBOOKS / "contested-karabakh.yaml")
    assert book.name == "contested-karabakh"
    assert {
        "karabakh_name",
        "operation_naming",
        "separatist",
        "territorial_integrity",
        "occupation_liberation",
    } == set(book.terms["pair"])
    assert (book.terms.groupby("pair")["language"].nunique() >= 5).all()
    TermMatcher.from_terms(book.terms)


# ------------------------------------------------------------------------ bad codebooks


def test_empty_actor_codebook_warns_and_loads(tmp_path):
    path = write(tmp_path, "empty.yaml", "name: nothing\nactors: []\n")
    with pytest.warns(CodebookWarning, match="empty"):
        book = load_actor_codebook(path)
    assert book.is_empty and book.aliases.empty


def test_blank_frames_codebook_warns_and_loads(tmp_path):
    path = write(tmp_path, "blank.yaml", "")
    with pytest.warns(CodebookWarning, match="no terms"):
        book = load_frame_codebook(path)
    assert book.is_empty


def test_alias_collision_first_actor_keeps_it(tmp_path):
    path = write(
        tmp_path,
        "clash.yaml",
        """
        actors:
          - id: us
            group: United States
            aliases: {en: [Washington, the State Department], ar: [واشنطن]}
          - id: washington_state
            group: US states
            aliases: {en: [WASHINGTON, Olympia]}
          - id: us_twin
            group: United States
            aliases: {ar: [واشنطن]}
        """,
    )
    with pytest.warns(CodebookWarning, match="kept for us, dropped for washington_state"):
        book = load_actor_codebook(path)
    assert len(book.collisions) == 2
    owners = book.aliases.set_index("alias")["actor"]
    assert owners["Washington"] == "us"
    assert "WASHINGTON" not in owners.index
    assert owners["Olympia"] == "washington_state"
    assert (book.aliases["alias"] == "واشنطن").sum() == 1


def test_alias_collision_is_case_and_letter_form_insensitive(tmp_path):
    path = write(
        tmp_path,
        "forms.yaml",
        """
        actors:
          - {id: a, group: A, aliases: {ar: [أرمينيا]}}
          - {id: b, group: B, aliases: {ar: [ارمينيا]}}
        """,
    )
    with pytest.warns(CodebookWarning):
        book = load_actor_codebook(path)
    assert list(book.aliases["actor"]) == ["a"]


@pytest.mark.parametrize(
    "text, problem",
    [
        ("actors: [{group: X}]", "needs an 'id'"),
        ("actors: [{id: a}]", "missing 'group'"),
        ("actors: [{id: a, group: X}, {id: a, group: Y}]", "duplicate actor id"),
        ("actors: [{id: a, group: X, aliases: [one, two]}]", "expected a mapping"),
        ("actors: [{id: a, group: X, aliases: {en: ['']}}]", "empty or non-text term"),
        ("kind_overrides: {anonymous: ghost}\nactors: [{id: a, group: X}]", "unknown actor"),
        ("- just\n- a list", "mapping at the top level"),
        ("actors: [unclosed", "not valid YAML"),
    ],
)
def test_bad_actor_codebooks_raise_clear_errors(tmp_path, text, problem):
    path = write(tmp_path, "bad.yaml", text)
    with pytest.raises(InputError, match=problem) as err:
        load_actor_codebook(path)
    assert str(path) in str(err.value)


def test_missing_codebook_file(tmp_path):
    with pytest.raises(InputError, match="not found"):
        load_frame_codebook(tmp_path / "nope.yaml")


def test_frames_codebook_with_contested_pairs_points_to_the_new_codebook(tmp_path):
    path = write(tmp_path, "f.yaml", "frames: []\ncontested: [{id: p, variants: []}]")
    with pytest.raises(InputError, match="framing.contested_codebook"):
        load_frame_codebook(path)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("pairs: [{id: p, variants: []}]", "variants"),
        ("pairs: [{variants: [{id: v}]}]", "needs an 'id'"),
        ("pairs: [{id: p, variants: [{terms: {en: [x]}}]}]", "variant without 'id'"),
        ("pairs: [{id: p, variants: [{id: v, terms: {en: ['']}}]}]", "empty"),
        ("pairs: {id: p}", "must be a list"),
        ("- just a list", "mapping"),
    ],
)
def test_bad_contested_codebooks_raise_clear_errors(tmp_path, text, problem):
    path = write(tmp_path, "c.yaml", text)
    with pytest.raises(InputError, match=problem) as err:
        load_contested_codebook(path)
    assert str(path) in str(err.value)


def test_empty_contested_codebook_warns_and_loads(tmp_path):
    path = write(tmp_path, "c.yaml", "name: nothing\npairs: []\n")
    with pytest.warns(CodebookWarning, match="no terms"):
        book = load_contested_codebook(path)
    assert book.is_empty


# ------------------------------------------------------------------------ matching


def test_fold_keeps_length_and_offsets():
    text = "أذربيجان وإيران İstanbul «ё»"
    assert len(fold_text(text)) == len(text)
    assert fold_text("إلهام") == "الهام"


def test_term_regex_wildcards_spaces_hyphens():
    import re

    assert re.fullmatch(term_regex("Нагорн* Карабах*", "ru"), "Нагорного  Карабаха", re.I)
    assert re.fullmatch(term_regex("anti-terror operation", "en"), "anti terror operation", re.I)
    assert re.fullmatch(term_regex("anti-terror operation", "en"), "antiterror operation", re.I)
    assert not re.match(term_regex("war", "en"), "warning", re.I)


def test_trie_regex_matches_exactly_the_terms():
    import re

    from framelab.framing.matching import term_units, trie_regex

    terms = ["war", "wars", "warsaw*", "peace talks", "peace", "U.S."]
    pattern = re.compile(trie_regex([term_units(t, "en") for t in terms]), re.I)
    for text in ["war", "wars", "Warsaw", "warsawian", "peace   talks", "peace", "u.s."]:
        assert pattern.fullmatch(text), text
    for text in ["warn", "peaces", "us"]:
        assert not pattern.fullmatch(text), text


def test_inner_wildcard_terms_are_identified():
    hits = _find(
        [("Нагорн* Карабах*", "ru"), ("Карабах*", "ru")], ["В Нагорном Карабахе и Карабахе"], ["ru"]
    )
    assert list(hits["term_index"]) == [0, 1]
    assert list(hits["match"]) == ["Нагорном Карабахе", "Карабахе"]


def _find(
    terms: list[tuple[str, str]], texts: list[str], languages: list[str | None]
) -> pd.DataFrame:
    table = pd.DataFrame(terms, columns=["term", "language"])
    return TermMatcher.from_terms(table).find(pd.Series(texts), pd.Series(languages))


def test_matching_arabic_clitics_and_letter_variants():
    text = "وقال إن الولايات المتحدة تدعم سلامة أراضي أرمينيا وللاقتصاد، والله."
    hits = _find(
        [("الولايات المتحدة", "ar"), ("ارمينيا", "ar"), ("الاقتصاد", "ar"), ("الله", "ar")],
        [text],
        ["ar"],
    )
    matched = list(hits["match"])
    assert "الولايات المتحدة" in matched
    assert "أرمينيا" in matched  # alef with hamza folded
    assert "وللاقتصاد" in matched  # و + لل (ل + ال)
    assert "والله" in matched and "له" not in matched  # short remainders keep their article
    for row in hits.itertuples():
        assert text[row.start : row.end] == row.match


def test_matching_english_russian_turkish_azerbaijani_case_insensitive():
    texts = [
        "The U.S. Secretary of State said Washington backs talks.",
        "Госсекретарь США Блинкену позвонил Алиев; Пашиняном",
        "İLHAM ALİYEV ve Paşinyan'ın görüşmesi",
        "Əliyevin ABŞ dövlət katibi ilə görüşü",
    ]
    terms = [
        ("U.S.", "en"),
        ("Washington", "en"),
        ("Блинкен*", "ru"),
        ("Алиев*", "ru"),
        ("Пашинян*", "ru"),
        ("İlham Aliyev", "tr"),
        ("Paşinyan*", "tr"),
        ("Əliyev*", "az"),
        ("ABŞ dövlət katibi", "az"),
    ]
    hits = _find(terms, texts, ["en", "ru", "tr", "az"])
    by_row = hits.groupby("row")["match"].apply(list)
    assert by_row[0] == ["U.S.", "Washington"]
    assert by_row[1] == ["Блинкену", "Алиев", "Пашиняном"]
    assert by_row[2] == ["İLHAM ALİYEV", "Paşinyan"]
    assert by_row[3] == ["Əliyevin", "ABŞ dövlət katibi"]


def test_matching_prefers_the_longest_term_and_respects_language():
    hits = _find(
        [("Karabakh", "en"), ("Nagorno-Karabakh", "en"), ("كاراباخ", "ar")],
        ["Nagorno-Karabakh and Karabakh", "كاراباخ Karabakh"],
        ["en", "ar"],
    )
    assert list(hits["match"]) == ["Nagorno-Karabakh", "Karabakh", "كاراباخ"]


def test_matching_null_language_gets_every_language_and_no_duplicates():
    hits = _find([("Karabakh", "en"), ("karabakh", "tr")], ["karabakh"], [None])
    assert len(hits) == 1


def test_matching_empty_inputs():
    assert _find([("a", "en")], [], []).empty
    assert (
        TermMatcher.from_terms(pd.DataFrame(columns=["term", "language"]))
        .find(pd.Series(["x"]))
        .empty
    )


def test_codebook_that_is_not_utf8_is_a_clear_error(tmp_path):
    bad = tmp_path / "frames.yaml"
    bad.write_bytes("frames:\n  - id: économie\n".encode("latin-1"))
    with pytest.raises(InputError, match="not UTF-8"):
        load_frame_codebook(bad)


@pytest.mark.parametrize("value", [-5, "many"])
def test_negative_or_non_numeric_resamples_are_rejected(value):
    from framelab.errors import FramelabError
    from framelab.framing.pipeline import framing_params

    with pytest.raises(FramelabError, match="bootstrap_resamples must be a whole number"):
        framing_params({"bootstrap_resamples": value})
