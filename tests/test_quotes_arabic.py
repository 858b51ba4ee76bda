"""Arabic quotes and speakers on invented sentences: cue paradigms, participles, head attribution,
according-to channels and sources, speaker noun phrases, null subjects, homographs, extended
scope, nested quotes."""

from __future__ import annotations

import pandas as pd
import pytest

from framelab.quotes import extract_quotes, load_lexicon
from framelab.quotes.lexicon import normalise
from framelab.quotes.paradigms import Features, expand_entry, parse_paradigm


def quotes(text: str) -> list[dict]:
    df = extract_quotes(text, "ar")
    for rec in df.to_dict("records"):
        assert text[rec["start"] : rec["end"]] == rec["text"]
    return df.to_dict("records")


def only(text: str) -> dict:
    found = quotes(text)
    assert len(found) == 1, [(q["type"], q["cue"], q["text"]) for q in found]
    return found[0]


# --------------------------------------------------------------------------- paradigms


def test_paradigm_cells_generate_person_gender_number_and_clitics() -> None:
    paradigm = parse_paradigm(
        {
            "past": {"3ms": ["past", ""], "3fs": ["past_weak", "ت"], "3mp": ["past_weak", "وا"]},
            "present": {"3ms": ["present", ""], "3fs": ["present", "", "ت"]},
            "participle": {"ms": ["participle", "ا"], "fs": ["participle", "ة"]},
        }
    )
    entry = {
        "lemma": "طالب",
        "object": True,
        "past": "طالب",
        "present": "يطالب",
        "participle": "مطالب",
    }
    forms = dict(expand_entry(entry, paradigm, object_clitics=["ه"], drop_before_clitic=["وا"]))
    assert forms["طالبت"] == Features("past", "3", "f", "s")
    assert forms["تطالب"] == Features("present", "3", "f", "s")
    assert forms["مطالبة"] == Features("participle", None, "f", "s")
    assert "طالبوه" in forms  # وا + ه -> وه
    assert "مطالباه" not in forms  # participles take no object clitic here


def test_weak_verbs_use_their_variant_stems() -> None:
    lex = load_lexicon("ar")
    forms = {f for entry in lex.cues for f in entry.forms if entry.lemma in ("نفى", "قال")}
    for surface in ("نفت", "نفوا", "ينفون", "قلت", "قالت", "يقولون", "قائلا", "بالقول"):
        assert (normalise(surface),) in forms, surface


def test_generated_forms_carry_agreement_features() -> None:
    lex = load_lexicon("ar")
    entry = next(e for e in lex.cues if e.lemma == "أضاف")
    assert entry.features_of((normalise("أضافت"),)).gender == "f"
    assert entry.features_of((normalise("أضافوا"),)).number == "p"
    assert entry.features_of((normalise("مضيفا"),)).tense == "participle"


# --------------------------------------------------------------------------- quotes


def test_participle_opens_a_quote_and_ends_the_previous_span() -> None:
    text = "وقال مدير الميناء، كريم العلي، إن السفن ستعود قريبا، مضيفا أن الرصيف الجديد جاهز."
    first, second = quotes(text)
    assert first["text"] == "إن السفن ستعود قريبا"  # does not swallow the next report
    assert second["cue"] == "مضيفا" and second["text"] == "أن الرصيف الجديد جاهز"
    assert first["speaker"] == second["speaker"] == "كريم العلي"  # the name, not the role


def test_head_attribution_without_colon() -> None:
    q = only('وقال رئيس البلدية سامي الحداد للصحفيين "سنفتح الطريق غدا".')
    assert q["type"] == "direct" and q["text"] == "سنفتح الطريق غدا"
    assert q["speaker_name"] == "سامي الحداد" and q["cue"] == "قال"


def test_padded_quotation_marks() -> None:
    q = only('وأكدت الوزيرة " نحن مستعدون للحوار ".')
    assert q["type"] == "direct" and q["text"] == "نحن مستعدون للحوار"


def test_according_to_is_a_channel_when_the_clause_has_a_report() -> None:
    q = only("قال المتحدث إن المفاوضات متعثرة، حسبما أوردت وكالة محلية.")
    assert q["cue"] == "قال" and q["text"] == "إن المفاوضات متعثرة" and q["speaker"] == "المتحدث"


def test_according_to_source_and_data_that_is_no_source() -> None:
    q = only("وبحسب مصادر مطلعة، فإن الاجتماع سيعقد يوم الأحد.")
    assert q["cue_class"] == "source" and q["speaker_kind"] == "anonymous"
    assert quotes("وارتفعت الأسعار بنسبة كبيرة وفقا للنتائج الأولية للمسح.") == []


def test_background_formula_is_not_a_quote() -> None:
    assert quotes("يذكر أن المدينة شهدت أمطارا غزيرة في الشتاء الماضي.") == []


def test_negated_speech_is_not_a_quote() -> None:
    assert quotes("ولم تعلق الوزارة على التقرير حتى الآن.") == []


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("وكان الوزير قد أعلن أن الخطة جاهزة.", "الوزير"),
        ("أما المحافظ فقد قال إن المياه ستعود.", "المحافظ"),
        ("ونقل موقع إخباري عن المندوب قوله إن المجلس سيجتمع.", "المندوب"),
        ("وجاء في بيان لوزارة الصحة أن اللقاح آمن.", "بيان لوزارة الصحة"),
    ],
)
def test_speaker_before_the_verb_relays_and_documents(text: str, speaker: str) -> None:
    assert only(text)["speaker"] == speaker


def test_document_source_kind() -> None:
    assert only("وجاء في بيان لوزارة الصحة أن اللقاح آمن.")["speaker_kind"] == "document"


def test_null_subject_agrees_with_the_nearest_clause_subject() -> None:
    text = "وزار الرئيس سامر حداد المعرض. ونشرت اللجنة تقريرها. وقالت فيه إن الوضع مستقر."
    q = only(text)
    assert q["speaker"] == "اللجنة" and q["speaker_kind"] == "organisation"
    text = "ونشرت اللجنة تقريرها. والتقى الرئيس سامر حداد الوفد. وقال إن الزيارة ناجحة."
    assert only(text)["speaker_name"] == "سامر حداد"  # قال: masculine


def test_null_subject_never_resolves_into_reported_content() -> None:
    text = "وقال الوزير إن رئيسة اللجنة وافقت على الخطة. وأضاف أن التنفيذ يبدأ غدا."
    second = quotes(text)[-1]
    assert second["cue"] == "أضاف" and second["speaker"] == "الوزير"


def test_homograph_between_is_no_cue() -> None:
    found = quotes("وتوزعت المساعدات بين المدن الثلاث على أنها حصص متساوية.")
    assert found == []
    assert only("وبين الوزير أن العجز تراجع.")["cue"] == "بين"


def test_ali_is_a_name_not_the_preposition() -> None:
    assert only("وقال الوزير علي حسن إن الطريق مغلق.")["speaker_name"] == "علي حسن"


def test_extended_scope_is_indirect_with_its_scope_field() -> None:
    q = only("ونفت الوزارة وجود نقص في القمح.")
    assert q["type"] == "indirect" and q["scope"] == "extended"
    assert q["text"] == "وجود نقص في القمح" and q["speaker"] == "الوزارة"
    assert only("وقال الوزير إن الطريق مغلق.")["scope"] == "core"


def test_nested_quote_with_its_own_speaker() -> None:
    text = 'وقال السفير: "التقيت الوزير أمس. وأشار وزير الخارجية إلى أن الحدود ستفتح قريبا".'
    found = quotes(text)
    nested = [q for q in found if q["cue"] == "أشار"]  # إلى is not adjacent
    assert len(nested) == 1 and nested[0]["speaker"] == "وزير الخارجية"
    assert any(q["type"] == "direct" and q["speaker"] == "السفير" for q in found)


def test_mixed_quote_from_an_attitude_cue() -> None:
    q = only('ووصف المتحدث القرار بأنه "خطوة في الاتجاه الصحيح".')
    assert q["type"] == "mixed" and q["text"].startswith("القرار")


def test_hashtag_speaker_name() -> None:
    q = only("فيما تقول #الحكومة_المحلية إن الخطة قديمة.")
    assert q["speaker"] == "الحكومة_المحلية" and q["speaker_name"] == "الحكومة المحلية"


def test_scope_column_in_the_table() -> None:
    df = extract_quotes("ونفت الوزارة وجود نقص في القمح.", "ar")
    assert "scope" in df.columns and df["scope"].dtype == pd.StringDtype()
