"""Unit tests of the rule path on hand-written snippets (ar, en, de, fr, ru, tr) and bad input."""

from __future__ import annotations

import pandas as pd
import pytest

from framelab.quotes import (
    QUOTES_SCHEMA,
    extract_quotes,
    load_lexicon,
    quotes_for_articles,
    run_quotes,
)


def one(df: pd.DataFrame, **where: object) -> dict:
    rows = df
    for key, value in where.items():
        rows = rows[rows[key] == value]
    assert len(rows) == 1, (
        f"expected one row with {where}, got\n{df[['type', 'text', 'speaker', 'cue']]}"
    )
    return rows.iloc[0].to_dict()


def spans_inside(df: pd.DataFrame, text: str) -> None:
    for rec in df.to_dict("records"):
        assert 0 <= rec["start"] <= rec["end"] <= len(text)
        assert text[rec["start"] : rec["end"]] == rec["text"]
        for a, b in (("speaker_start", "speaker_end"), ("cue_start", "cue_end")):
            if rec[a] is not pd.NA and rec[a] is not None:
                assert 0 <= rec[a] <= rec[b] <= len(text)


# --------------------------------------------------------------------------- English


def test_english_direct_tail_attribution_and_canonical_name() -> None:
    text = (
        "“We will not back down,” Mayor Doug McCallum said on Monday.\n\n"
        "“The budget is a mess,” McCallum told reporters."
    )
    df = extract_quotes(text, "en")
    spans_inside(df, text)
    first = one(df, text="We will not back down,")
    assert first["type"] == "direct" and first["cue"] == "said" and first["cue_class"] == "neutral"
    assert first["speaker_name"] == "Doug McCallum" and first["speaker_kind"] == "person"
    second = one(df, text="The budget is a mess,")
    assert second["speaker"] == "McCallum" and second["speaker_name"] == "Doug McCallum"
    assert second["cue_lemma"] == "tell"


def test_english_inverted_colon_and_floating() -> None:
    text = (
        "“Prices will rise,” said Jane Smith, an economist.\n\n"
        "“Nobody can stop that now.”\n\n"
        "The minister said: “We have a plan.”"
    )
    df = extract_quotes(text, "en")
    assert one(df, text="Prices will rise,")["speaker_name"] == "Jane Smith"
    floating = one(df, type="floating")
    assert (
        floating["text"] == "Nobody can stop that now." and floating["speaker_name"] == "Jane Smith"
    )
    colon = one(df, text="We have a plan.")
    assert colon["cue"] == "said" and colon["speaker"] == "The minister"


def test_english_indirect_with_that_and_pronoun_resolution() -> None:
    text = (
        "Senator Ann Lee claimed on Tuesday that the vote had been rigged.\n\n"
        "She said the count should be repeated in every district."
    )
    df = extract_quotes(text, "en")
    claim = one(df, cue="claimed")
    assert claim["type"] == "indirect" and claim["cue_class"] == "distancing"
    assert claim["text"] == "the vote had been rigged"
    pron = one(df, cue="said")
    assert pron["speaker"] == "She" and pron["speaker_name"] == "Ann Lee"


def test_english_according_to_and_postposed() -> None:
    text = (
        "According to police, the driver fled the scene. The road will stay closed, officials said."
    )
    df = extract_quotes(text, "en")
    acc = one(df, cue_class="source")
    assert acc["text"] == "the driver fled the scene" and acc["speaker"] == "police"
    post = one(df, cue="said")
    assert post["text"] == "The road will stay closed" and post["speaker_kind"] == "anonymous"


def test_english_mixed_quote() -> None:
    text = "The premier said that the deal was “a historic step” for the province."
    df = extract_quotes(text, "en")
    mixed = one(df, type="mixed")
    assert "“a historic step”" in mixed["text"]


def test_role_resolution_the_diplomat() -> None:
    text = (
        "“Talks will resume,” said ambassador John Carter.\n\n"
        "The diplomat said that both sides had agreed to a ceasefire."
    )
    df = extract_quotes(text, "en")
    assert one(df, cue="said", type="indirect")["speaker_name"] == "John Carter"


# --------------------------------------------------------------------------- Arabic


def test_arabic_vso_indirect_prefix_and_present_tense() -> None:
    text = "وقال وزير الخارجية أحمد سالم إن المفاوضات ستستأنف قريبا.\n\nويؤكد سالم أن الاتفاق ممكن."
    df = extract_quotes(text, "ar")
    spans_inside(df, text)
    first = one(df, cue="قال")
    assert first["cue_start"] == 1  # the و clitic is not part of the cue
    assert first["text"].startswith("إن") and first["speaker_name"] == "أحمد سالم"
    second = one(df, cue="يؤكد")
    assert second["cue_class"] == "assertive" and second["speaker_name"] == "أحمد سالم"


def test_arabic_dash_attribution_variant_spelling_and_according_to() -> None:
    text = (
        "وقال المتحدث باسم الحكومة ماثيو ميللر إن الوضع مستقر.\n\n"
        "“نحن نتابع الأمر عن كثب”. – قال ميلر.\n\n"
        "ووفقا له، فإن الحكومة ستعقد اجتماعا طارئا غدا."
    )
    df = extract_quotes(text, "ar")
    dash = one(df, type="direct")
    assert (
        dash["cue"] == "قال" and dash["speaker"] == "ميلر" and dash["speaker_name"] == "ماثيو ميللر"
    )
    acc = one(df, cue="وفقا له")
    assert acc["speaker_name"] == "ماثيو ميللر" and acc["cue_class"] == "source"


def test_arabic_role_name_split_and_distancing_media() -> None:
    text = "وزعمت وسائل الإعلام المحلية أن السفارة ألغت الحفل."
    df = extract_quotes(text, "ar")
    q = one(df, cue="زعمت")
    assert q["speaker_kind"] == "media" and q["cue_class"] == "distancing"


def test_arabic_colon_introduction_across_paragraphs_unbalanced() -> None:
    text = "وقال الرئيس كريم نادر إن البلاد تمر بمرحلة صعبة:\n\n“سنعمل مع الجميع من أجل السلام. لن نتراجع.\n\nوانتهى اللقاء."
    df = extract_quotes(text, "ar")
    direct = one(df, type="direct")
    assert direct["text"] == "سنعمل مع الجميع من أجل السلام. لن نتراجع."
    assert direct["speaker_name"] == "كريم نادر"


def test_arabic_null_subject_resolves_to_last_person() -> None:
    text = "زار الرئيس إلهام علييف مدينة خانكيندي.\n\nوقال في كلمته إن الصراع انتهى."
    df = extract_quotes(text, "ar")
    assert one(df, cue="قال")["speaker_name"] == "إلهام علييف"


# --------------------------------------------------------------------------- de, fr, ru, tr


def test_german_marks_and_dass() -> None:
    text = "„Wir müssen handeln“, sagte Kanzlerin Anna Berg. Der Minister betonte, dass die Lage ernst sei."
    df = extract_quotes(text, "de")
    direct = one(df, type="direct")
    assert direct["text"] == "Wir müssen handeln" and direct["speaker_name"] == "Anna Berg"
    ind = one(df, cue="betonte")
    assert ind["cue_class"] == "assertive" and ind["text"].startswith("dass")


def test_german_laut() -> None:
    text = "Laut Polizei wurden drei Menschen verletzt."
    df = extract_quotes(text, "de")
    assert one(df, cue_class="source")["speaker"] == "Polizei"


def test_french_guillemets_and_que_and_selon() -> None:
    text = "« Nous ne céderons pas », a déclaré le ministre Paul Martin. Selon la police, la manifestation était calme."
    df = extract_quotes(text, "fr")
    direct = one(df, type="direct")
    assert direct["text"] == "Nous ne céderons pas" and direct["cue"] == "déclaré"
    assert one(df, cue_class="source")["text"] == "la manifestation était calme"


def test_russian_guillemets_dash_and_po_slovam() -> None:
    text = "«Мы готовы к переговорам», — заявил министр Сергей Лавров. По словам эксперта, кризис продлится долго."
    df = extract_quotes(text, "ru")
    direct = one(df, type="direct")
    assert direct["cue"] == "заявил" and direct["speaker_name"] == "Сергей Лавров"
    assert one(df, cue_class="source")["text"] == "кризис продлится долго"


def test_turkish_verb_final_and_ki() -> None:
    text = "Bakan Mehmet Yılmaz, “Ekonomi büyüyor” dedi. Başkan dedi ki seçimler erken yapılacak."
    df = extract_quotes(text, "tr")
    direct = one(df, type="direct")
    assert direct["cue"] == "dedi" and direct["speaker_name"] == "Mehmet Yılmaz"
    ki = one(df, cue="dedi", type="indirect")
    assert ki["text"] == "seçimler erken yapılacak"


# --------------------------------------------------------------------------- lexicons


def test_lexicons_cover_required_languages() -> None:
    for lang in ("ar", "en", "de", "fr", "ru", "tr"):
        lex = load_lexicon(lang)
        assert lex.cues, lang
        classes = {c.cue_class for c in lex.cues}
        assert "neutral" in classes and "distancing" in classes | {"admission"}


def test_user_lexicon_extends_without_code(tmp_path) -> None:
    (tmp_path / "cues_en.yaml").write_text(
        "cues:\n  - {lemma: opine, class: assertive, forms: [opined]}\n", encoding="utf-8"
    )
    text = "“Rates must fall,” Jane Roe opined."
    assert extract_quotes(text, "en").empty
    df = extract_quotes(text, "en", lexicon=str(tmp_path))
    assert one(df, cue="opined")["cue_class"] == "assertive"


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    "text",
    [
        "“Unbalanced start, he said, and nothing closes here",
        "He said ” closing first “ then opening.",
        "“Outer ‘inner “deep” still’ outer,” she said.",
        "«Вложенные „кавычки“ тоже», — сказал он.",
        "x" * 5 + "“" + ("word " * 4000) + "”, said Ann Lee.",
        "he said that " + "and then " * 3000,
        "قال الرئيس إن Apple و Google “تعملان معا” said Bob in Arabic text مختلط الاتجاه \u200f\u202b.",
        "",
        "“”",
        '"',
    ],
)
def test_bad_input_never_crashes_and_spans_stay_inside(text: str) -> None:
    for lang in ("en", "ar", "ru", None):
        df = extract_quotes(text, lang)
        assert list(df.columns) == list(QUOTES_SCHEMA)
        spans_inside(df, text)


def test_long_quote_of_20000_chars() -> None:
    body = ("The plan works well " * 1000)[:20000]
    text = f"“{body}” said Ann Lee."
    df = extract_quotes(text, "en")
    q = one(df, type="direct")
    assert q["end"] - q["start"] >= 19990 and q["speaker_name"] == "Ann Lee"


def test_quotes_for_articles_table() -> None:
    clean = pd.DataFrame(
        {
            "article_id": ["a", "b", "c"],
            "language": ["en", "ar", "xx"],
            "text": ["“Yes, we can,” Ann Lee said.", "وقال سالم إن الوضع جيد جدا.", "nothing here"],
        }
    )
    df = quotes_for_articles(
        clean, None, None, use_parse="auto", cue_lexicon=None, min_quote_chars=3
    )
    assert list(df.columns) == list(QUOTES_SCHEMA)
    assert set(df["article_id"]) == {"a", "b"}
    assert set(df["method"]) == {"rules"}
    assert df["quote_id"].is_unique


def test_failing_article_goes_to_rejects_with_its_reason(monkeypatch, caplog) -> None:
    from framelab.io import REJECTS_SCHEMA
    from framelab.quotes import extract as extract_module

    real = extract_module.quote_records

    def flaky(text: str, language: str | None, **kwargs):
        if kwargs.get("article_id") == "bad":
            raise ValueError("broken view")
        return real(text, language, **kwargs)

    monkeypatch.setattr(extract_module, "quote_records", flaky)
    clean = pd.DataFrame(
        {
            "article_id": ["a", "bad", "c"],
            "language": ["en", "en", "fr"],
            "text": [
                "“Yes, we can,” Ann Lee said.",
                "“No,” Bob Roe said.",
                "« Non », a déclaré Marie Curie.",
            ],
            "source_path": ["a.txt", "bad.txt", "c.txt"],
        }
    )
    with caplog.at_level("WARNING", logger="framelab.quotes.extract"):
        result = run_quotes(clean, use_parse="auto", cue_lexicon=None, min_quote_chars=3)
    assert result.n_articles == 3 and result.n_processed == 2
    assert result.n_articles == result.n_processed + len(result.rejects)
    assert list(result.rejects.columns) == list(REJECTS_SCHEMA)
    reject = result.rejects.iloc[0]
    assert (reject["stage"], reject["article_id"], reject["source_path"]) == (
        "quotes",
        "bad",
        "bad.txt",
    )
    assert reject["reason"] == "extraction_error"
    assert reject["detail"] == "ValueError: broken view"
    assert set(result.quotes["article_id"]) == {"a", "c"}
    assert result.quotes.attrs["failed_articles"] == ["bad"]
    assert "bad" in caplog.text


def test_run_quotes_without_failures_has_empty_rejects() -> None:
    clean = pd.DataFrame({"article_id": ["a"], "language": ["en"], "text": ["no quotes"]})
    result = run_quotes(clean)
    assert (result.n_articles, result.n_processed, len(result.rejects)) == (1, 1, 0)
    assert result.quotes.empty and result.quotes.attrs["failed_articles"] == []


def test_cue_less_colon_introduction() -> None:
    text = "Premier Jane Doe on the court decision: “We will appeal.”"
    df = extract_quotes(text, "en")
    q = one(df, type="direct")
    assert q["text"] == "We will appeal." and pd.isna(q["cue"])
    assert q["speaker_name"] == "Jane Doe"


def test_german_reportive_subjunctive_continues_the_report() -> None:
    text = (
        "Der Sprecher Jan Weber sagte, die Lage sei ernst. "
        "Man habe keine weiteren Informationen. Der Zug fuhr um acht Uhr ab."
    )
    df = extract_quotes(text, "de")
    cont = one(df, text="Man habe keine weiteren Informationen")
    assert cont["speaker_name"] == "Jan Weber"
    assert not (df["text"] == "Der Zug fuhr um acht Uhr ab").any()


def test_english_parenthetical_cue_gives_two_pieces() -> None:
    text = "Jensen and two neighbours waited in the cellar, she said, but one man walked to the bridge."
    df = extract_quotes(text, "en")
    assert set(df["text"]) == {
        "Jensen and two neighbours waited in the cellar",
        "but one man walked to the bridge",
    }


def test_english_appositive_speaker() -> None:
    text = "Amanda Nash, a dietitian at Foods Inc., said the new rules are welcome."
    df = extract_quotes(text, "en")
    assert one(df, cue="said")["speaker_name"] == "Amanda Nash"


@pytest.mark.parametrize(
    ("text", "content"),
    [
        ("“Prices will rise,” Ann Lee said.", "Prices will rise,"),
        ("‘Prices will rise,’ Ann Lee said.", "Prices will rise,"),
        ('"Prices will rise," Ann Lee said.', "Prices will rise,"),
        ("«Prices will rise», Ann Lee said.", "Prices will rise"),
        ("„Prices will rise“, Ann Lee said.", "Prices will rise"),
        ("»Prices will rise«, Ann Lee said.", "Prices will rise"),
        ("‹Prices will rise›, Ann Lee said.", "Prices will rise"),
        ("「Prices will rise」, Ann Lee said.", "Prices will rise"),
    ],
)
def test_every_quote_mark_convention(text: str, content: str) -> None:
    df = extract_quotes(text, "en")
    q = one(df, type="direct")
    assert q["text"] == content and q["speaker_name"] == "Ann Lee"


def test_apostrophes_are_not_quote_marks() -> None:
    text = "“We don’t know what the mayor’s plan is,” Ann Lee said."
    assert one(extract_quotes(text, "en"), type="direct")["text"] == (
        "We don’t know what the mayor’s plan is,"
    )


def test_quote_spanning_paragraphs_reopened_with_the_same_mark() -> None:
    text = (
        "Ann Lee said: “The first part of the statement goes here.\n\n"
        "“And the second paragraph continues it.”\n\nThe meeting ended."
    )
    q = one(extract_quotes(text, "en"), type="direct")
    assert q["text"].startswith("The first part") and q["text"].endswith("continues it.")
    assert q["speaker_name"] == "Ann Lee"


def test_scare_quotes_are_not_quotes() -> None:
    text = "The so-called “reform” was debated in the “Future of Cities” hearing."
    assert extract_quotes(text, "en").empty
