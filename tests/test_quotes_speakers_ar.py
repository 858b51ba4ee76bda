"""Arabic speaker phrases and canonical names on invented sentences: fronted adjuncts, adjuncts
with a pronoun suffix, affiliations, objects after a definite subject, family names after a
patronymic, partitive quantifiers, addressees, names known earlier in the article."""

from __future__ import annotations

import pytest

from framelab.quotes import extract_quotes, load_lexicon
from framelab.quotes.lexicon import load_marks, normalise
from framelab.quotes.nounphrase import np_forward
from framelab.quotes.text import build_view


def quotes(text: str) -> list[dict]:
    df = extract_quotes(text, "ar")
    for rec in df.to_dict("records"):
        assert text[rec["start"] : rec["end"]] == rec["text"]
    return df.to_dict("records")


def only(text: str) -> dict:
    found = quotes(text)
    assert len(found) == 1, [(q["type"], q["cue"], q["text"]) for q in found]
    return found[0]


def test_a_fronted_adjunct_is_no_speaker() -> None:
    q = only("وفي وقت سابق الأحد، قال النائب البارز، رامي العلي، إن الحكومة ستستقيل قريبا.")
    assert q["speaker"] == "رامي العلي"
    q = only("وفي مقابلته مع التلفزيون المحلي، قال سامر الخطيب إن الجسر سيفتح غدا.")
    assert q["speaker"] == "سامر الخطيب"


def test_adjuncts_with_a_pronoun_suffix_are_generated_and_skipped() -> None:
    lex = load_lexicon("ar")
    for word in ("خلالها", "به", "عنه", "حينها", "لديهم"):
        assert normalise(word) in lex.stop_words
        assert normalise(word) in lex.skip_after_cue
    q = only("أجرت الإذاعة مقابلة مع الوزير، قال خلالها إن الموازنة جاهزة للتصويت.")
    assert q["speaker"] != "خلالها"
    q = only("وأكدت حينها الشركة أن القارب وصل إلى الميناء.")
    assert q["speaker"] == "الشركة"


def test_affiliation_after_the_role_and_apposed_name() -> None:
    text = "في وقت اتهم به الممثل البريطاني بالمنظمة، باسل منير، الحكومة بتأخير البعثة."
    assert only(text)["speaker"] == "باسل منير"


def test_an_indefinite_noun_after_a_definite_subject_is_the_object() -> None:
    text = "وكتب الوزير رسالة إلى النواب. وفي الرسالة، قال خلالها إن الموازنة جاهزة للتصويت."
    assert only(text)["speaker"] == "الوزير"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("أكد نائب وزير الصحة حمد بن محمد الضويلع أن المستشفيات جاهزة.", "حمد بن محمد الضويلع"),
        ("وقال الشيخ خالد بن سلمان العتيبي إن الموسم ناجح.", "خالد بن سلمان العتيبي"),
        ("وقال المدرب محمد العتيبي إن الفريق جاهز.", "محمد العتيبي"),
        ("وقال الرئيس الروسي فلاديمير بوتين إن الاتفاق قائم.", "فلاديمير بوتين"),
    ],
)
def test_family_name_after_a_given_name_or_patronymic(text: str, name: str) -> None:
    assert only(text)["speaker_name"] == name


def test_patronymic_name_after_an_affiliation() -> None:
    q = only("وقال المتحدث الرسمي للأمانة خالد بن محمد الفهد إن الخدمة متاحة.")
    assert q["speaker_name"] == "خالد بن محمد الفهد"
    q = only("وقال سفير روسيا لدى لندن إن العلاقات متوترة.")
    assert q["speaker_name"] == "سفير روسيا لدى لندن"  # a place after a preposition, no name


def test_a_family_name_alone_takes_the_full_name_given_before() -> None:
    first, second = quotes(
        "وقال رئيس الهيئة منصور الشمري إن الموسم ناجح. وأوضح الشمري أن الخدمات متوفرة."
    )
    assert second["speaker"] == "الشمري" and second["speaker_name"] == "منصور الشمري"


def test_a_particle_written_joined_matches_the_separated_form() -> None:
    second = quotes(
        "أكد المتحدث باسم الوزارة أحمد أبو زيد أن القرار نهائي. وأضاف أبوزيد أن الحوار مستمر."
    )[-1]
    assert second["speaker_name"] == "أحمد أبو زيد"


@pytest.mark.parametrize(
    ("text", "speaker", "kind"),
    [
        ("وقال اثنان من المصادر إن الشركة ألغت الطرح.", "اثنان من المصادر", "anonymous"),
        ("وأكد أحد مسؤولي الحزب أن المفاوضات مستمرة.", "أحد مسؤولي الحزب", "anonymous"),
        ("وقال عدد من النواب إن الجلسة تأجلت.", "عدد من النواب", "anonymous"),
        ("وقال أحد السكان إن المياه انقطعت.", "أحد السكان", "anonymous"),
    ],
)
def test_partitive_quantities_are_one_anonymous_phrase(text: str, speaker: str, kind: str) -> None:
    q = only(text)
    assert (q["speaker"], q["speaker_kind"]) == (speaker, kind)


def test_sunday_is_still_a_time_word_with_its_article() -> None:
    assert only("وقال الوزير الأحد إن الجلسة تأجلت.")["speaker"] == "الوزير"


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("وقال الوزير لـCNN إن الحدود ستفتح.", "الوزير"),
        ("وقال مصدر أمني لرويترز إن الهجوم أحبط.", "مصدر أمني"),
        ("وقال مسؤول لوكالة فرانس برس إن الهجوم أحبط.", "مسؤول"),
        ("وقال مراسل لوكالة فرانس برس إن الهجوم أحبط.", "مراسل لوكالة فرانس برس"),
    ],
)
def test_the_medium_told_is_an_addressee_not_part_of_the_speaker(text: str, speaker: str) -> None:
    assert only(text)["speaker"] == speaker


def test_the_addressee_does_not_open_a_noun_complement() -> None:
    q = only("وكشفت مصادر بالمعارضة السورية لرويترز عن وصول شحنات جديدة.")
    assert q["text"].startswith("وصول")


def test_title_then_given_names_then_family_name() -> None:
    text = "وقال المفوض الأعلى لشؤون اللاجئين الأمير فيصل سعد الراشد إن المخيمات مكتظة."
    assert only(text)["speaker_name"] == "فيصل سعد الراشد"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            "والتقى الوزير سامي الحداد بالسفير. ونقلت عنه وكالة الأنباء الرسمية قوله إن "
            "العلاقات ممتازة.",
            "سامي الحداد",
        ),
        (
            "وزارت الوزيرة هالة سعيد المصنع. ونقلت وكالة الأنباء الرسمية عنها قولها إن "
            "الإنتاج سيزيد.",
            "هالة سعيد",
        ),
    ],
)
def test_a_relay_from_a_pronoun_is_the_person_named_before(text: str, name: str) -> None:
    q = only(text)
    assert q["speaker_name"] == name and q["cue"].startswith("قول")


def test_a_country_is_a_feminine_organisation_and_an_antecedent() -> None:
    q = only("وقالت روسيا إن الاتفاق قائم.")
    assert (q["speaker"], q["speaker_kind"]) == ("روسيا", "organisation")
    q = only("وتواصل إيران تطوير برامجها. وتقول إن البرامج سلمية.")
    assert (q["speaker"], q["speaker_name"]) == ("إيران", "إيران")


def test_a_capital_names_its_country() -> None:
    assert only("وقالت موسكو إن العقوبات غير قانونية.")["speaker_name"] == "روسيا"
    q = only("وتواصل طهران تطوير برامجها. وتقول إن البرامج سلمية.")
    assert (q["speaker"], q["speaker_name"]) == ("طهران", "إيران")


def test_a_name_after_a_country_in_a_role_is_the_speaker() -> None:
    q = only("وقال وزير خارجية روسيا سيرغي لافروف إن الاتفاق قائم.")
    assert q["speaker_name"] == "سيرغي لافروف"
    q = only("وقال مدرب برشلونة إن الفريق جاهز.")
    assert q["speaker_name"] == "مدرب برشلونة"  # a club after a role noun is no name


def test_an_earlier_time_adjunct_ends_the_speaker() -> None:
    q = only("وذكرت وزارة الداخلية في وقت سابق أن المهاجرين غادروا.")
    assert q["speaker"] == "وزارة الداخلية"


def test_a_country_adjective_stays_an_adjective() -> None:
    q = only("وقالت الحكومة السعودية إن الخطة جاهزة.")
    assert q["speaker"] == "الحكومة السعودية"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("وقال م. عصام الحربي رئيس البلدية إن المطعم أغلق.", "عصام الحربي"),
        ("وقال د. سامي الحداد إن الوباء انحسر.", "سامي الحداد"),
    ],
)
def test_one_letter_titles_with_a_period(text: str, name: str) -> None:
    assert only(text)["speaker_name"] == name


def test_a_known_name_ends_before_the_object() -> None:
    text = (
        "وكان المدافع سيرجيو راموس قد انتقد زميله. وفتح راموس النار على المدرب قائلا إن الخطة فشلت."
    )
    assert only(text)["speaker_name"] == "سيرجيو راموس"


def test_a_role_noun_after_a_definite_word_can_be_a_name() -> None:
    q = only("وقال المتحدث باسم الخارجية الباكستانية قاضي خليل إن الحدود مغلقة.")
    assert "قاضي خليل" in q["speaker"]


def test_partitive_with_a_number_and_a_dangling_min() -> None:
    q = only("وقال ثلاثة من 12 عضوا في اللجنة إن الطريق مغلق.")
    assert q["speaker"] == "ثلاثة من 12 عضوا في اللجنة"
    lex = load_lexicon("ar")
    view = build_view("ثلاثة من، قالوا", lex, load_marks())
    assert [t.text for t in np_forward(view, lex, 0, len(view.tokens))] == ["ثلاثة"]
