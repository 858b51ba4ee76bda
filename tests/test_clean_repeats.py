"""Outlet-level chrome (repeated lines, labels, phrases), the furniture lexicon, and the linear
line classifier, on hand-written snippets (ar, en, zh, fr, de, ru)."""

from __future__ import annotations

import random

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from framelab.clean import clean_articles, to_raw_span
from framelab.clean.assemble import assemble, subtract
from framelab.clean.furniture import furniture_lexicon
from framelab.clean.justext import _good_follows_all, revise_classes
from framelab.clean.lines import LineParams, split_lines
from framelab.clean.normalize import normalize_text
from framelab.clean.shingles import (
    WordHasher,
    duplicate_groups,
    minhash,
    ngram_hashes,
    opening_hashes,
)

WORDS_EN = [
    "council",
    "minister",
    "river",
    "harbour",
    "village",
    "budget",
    "schedule",
    "winter",
    "bridge",
    "railway",
    "farmers",
    "teachers",
    "hospital",
    "museum",
    "election",
    "coalition",
    "treaty",
    "border",
    "drought",
    "festival",
    "orchestra",
    "factory",
    "engineers",
    "market",
    "prices",
    "harvest",
    "students",
    "library",
    "ferry",
    "island",
    "mountain",
    "valley",
]
WORDS_AR = [
    "المجلس",
    "الوزير",
    "النهر",
    "الميناء",
    "القرية",
    "الميزانية",
    "الجدول",
    "الشتاء",
    "الجسر",
    "السكة",
    "المزارعون",
    "المعلمون",
    "المستشفى",
    "المتحف",
    "الانتخابات",
    "الائتلاف",
    "المعاهدة",
    "الحدود",
    "الجفاف",
    "المهرجان",
    "الفرقة",
    "المصنع",
    "المهندسون",
    "السوق",
    "الأسعار",
    "الحصاد",
    "الطلاب",
    "المكتبة",
    "العبارة",
    "الجزيرة",
    "الجبل",
    "الوادي",
]
ZH_CHARS = (
    "河港村预算冬桥铁路农民教师医院博物馆选举联盟条约边境干旱节日工厂市场价格收获学生图书馆岛山谷"
)


def _sentence(rng: random.Random, words: list[str], n: int, end: str = ".") -> str:
    return " ".join(rng.choice(words) for _ in range(n)) + end


def _story(rng: random.Random, words: list[str], paragraphs: int = 3) -> list[str]:
    return [
        " ".join(_sentence(rng, words, rng.randint(12, 18)) for _ in range(2))
        for _ in range(paragraphs)
    ]


def _table(raws: list[str], language: str, outlet: str = "Example") -> pd.DataFrame:
    return pd.DataFrame(
        {
            "article_id": [f"a{i}" for i in range(len(raws))],
            "outlet": outlet,
            "raw": raws,
            "raw_format": "text",
            "language": language,
            "source_path": "mem",
        }
    )


def _only(rules: list[str]) -> dict:
    return {"rules": rules}


PROMO_AR_1 = (
    "يمكنكم متابعة آخر الأخبار بعد تنزيل النسخة الجديدة من تطبيق الموقع على هواتفكم الذكية."
)
PROMO_AR_2 = (
    "يمكنكم مطالعة آخر الأخبار بعد تنزيل النسخة الجديدة من تطبيق الموقع على هواتفكم الذكية."
)


# ----------------------------------------------------------------------------- repeated phrases
def test_two_wordings_of_a_promotion_go_together_even_when_each_is_rare():
    rng = random.Random(1)
    raws = []
    for i in range(40):
        paragraphs = _story(rng, WORDS_AR)
        if i % 20 in (0, 1):  # each wording in 2 of 40 stories: alone under the threshold
            paragraphs.append(PROMO_AR_1 if i < 20 else PROMO_AR_2)
        elif i % 20 == 2:  # glued to the end of a content paragraph
            paragraphs[-1] += " " + (PROMO_AR_1 if i < 20 else PROMO_AR_2)
        raws.append("\n".join(paragraphs))
    res = clean_articles(
        _table(raws, "ar"), rules=["repeated", "repeated_phrase"], repeat_min_share=0.1
    )
    texts = dict(zip(res.clean["article_id"], res.clean["text"], strict=True))
    assert not any("تطبيق الموقع" in t for t in texts.values())
    audit = res.audit
    assert set(audit["rule"]) == {"repeated_phrase"}
    assert set(audit["unit"]) == {"line", "phrase"}
    for _, row in audit.iterrows():
        raw = raws[int(row["article_id"][1:])]
        assert raw[row["raw_start"] : row["raw_end"]] == row["text"]
        assert "تطبيق الموقع" in row["text"]
    # the glued paragraph keeps its own sentences, and its offsets still map back to raw
    glued = texts["a2"].split("\n\n")[-1]
    assert glued.endswith(".") and len(glued) > 50
    row = res.clean.set_index("article_id").loc["a2"]
    start = texts["a2"].index(glued)
    r0, r1 = to_raw_span(row, start, start + len(glued))
    assert raws[2][r0:r1] == glued


def test_duplicated_story_keeps_its_content():
    rng = random.Random(2)
    story = "\n".join(_story(rng, WORDS_EN))
    raws = [story] * 4 + ["\n".join(_story(rng, WORDS_EN)) for _ in range(3)]
    res = clean_articles(_table(raws, "en"), rules=["repeated", "repeated_phrase"])
    assert res.audit.empty
    assert (res.clean["text"].str.len() > 200).all()


def test_small_outlet_learns_nothing():
    rng = random.Random(3)
    shared = _sentence(rng, WORDS_EN, 14)
    raws = ["\n".join([*_story(rng, WORDS_EN), shared]) for _ in range(2)]
    res = clean_articles(_table(raws, "en"), rules=["repeated", "repeated_phrase"])
    assert res.audit.empty


def test_a_repeated_name_inside_sentences_stays():
    rng = random.Random(4)
    name = "the deputy foreign minister of the northern coastal republic"
    raws = []
    for _ in range(20):
        paragraphs = _story(rng, WORDS_EN)
        paragraphs[0] = f"{_sentence(rng, WORDS_EN, 6, '')} {name} {paragraphs[0]}"
        raws.append("\n".join(paragraphs))
    res = clean_articles(_table(raws, "en"), rules=["repeated", "repeated_phrase"])
    assert res.audit.empty
    assert res.clean["text"].str.contains(name).all()


def test_chinese_repeated_sentence_is_removed():
    rng = random.Random(5)
    notice = "本网站所有文章版权归原作者所有欢迎各位读者关注我们的官方账号获取更多资讯。"
    raws = []
    for i in range(12):
        paragraphs = ["".join(rng.choice(ZH_CHARS) for _ in range(60)) + "。" for _ in range(3)]
        if i % 2:
            paragraphs.append(notice)
        raws.append("\n".join(paragraphs))
    res = clean_articles(_table(raws, "zh"), rules=["repeated", "repeated_phrase"])
    assert not res.clean["text"].str.contains("官方账号").any()
    assert len(res.audit) == 6


# ----------------------------------------------------------------------------- labels
def test_label_lines_go_whole_sentence_openers_stay():
    rng = random.Random(6)
    raws = []
    for i in range(30):
        paragraphs = _story(rng, WORDS_EN)
        paragraphs.insert(1, f"Picture credit Agency{i % 4} {_sentence(rng, WORDS_EN, 8, '')}")
        paragraphs.append("In addition, " + _sentence(rng, WORDS_EN, 15))
        raws.append("\n".join(paragraphs))
    res = clean_articles(_table(raws, "en"), rules=["repeated_label"])
    audit = res.audit
    assert len(audit) == 30
    assert set(audit["unit"]) == {"line"}
    assert audit["text"].str.startswith("Picture credit").all()
    assert res.clean["text"].str.contains("In addition, ").all()


def test_label_in_a_sentence_line_goes_alone():
    rng = random.Random(7)
    raws = []
    for _ in range(30):
        paragraphs = _story(rng, WORDS_EN)
        paragraphs.insert(1, f"Watch now | {_sentence(rng, WORDS_EN, 6, '')}")
        paragraphs.insert(2, f"Watch now | {_sentence(rng, WORDS_EN, 9)}")
        raws.append("\n".join(paragraphs))
    res = clean_articles(_table(raws, "en"), rules=["repeated_label"])
    phrases = res.audit[res.audit["unit"] == "phrase"]
    assert len(phrases) == 30 and set(phrases["text"]) == {"Watch now |"}
    assert not res.clean["text"].str.contains("Watch now").any()


# ----------------------------------------------------------------------------- lexicon
def test_furniture_lexicon_in_several_languages():
    cases = [
        ("en", "Image caption Protesters gathered outside the ministry on Sunday", "caption"),
        ("en", "Media playback is unsupported on your device", "media_player"),
        ("en", "Sign up for our daily newsletter and get the news delivered to you", "newsletter"),
        ("en", "Download the free Example News app for the latest updates", "app_promotion"),
        ("en", "This article was originally published on Example.org.", "reprint"),
        ("ar", "حمّل تطبيقنا المجاني لتصلك الأخبار العاجلة", "app_promotion"),
        ("ar", "المقالات المنشورة تعبر عن رأي كتابها فقط", "disclaimer"),
        ("ar", "مصدر الصورة Getty Images", "caption"),
        ("fr", "Inscrivez-vous à notre newsletter", "newsletter"),
        ("de", "Ihr Browser unterstützt keine Videos", "media_player"),
        ("ru", "Скачайте приложение, чтобы читать новости", "app_promotion"),
        ("zh", "转载请注明出处", "reprint"),
    ]
    for language, text, category in cases:
        (line,) = split_lines(text)
        found = furniture_lexicon(language).match(line)
        assert found is not None and found.category == category, (language, text)


def test_furniture_lexicon_leaves_long_content_paragraphs_alone():
    text = (
        "The company said on Monday that millions of people had decided to download the app "
        "since its launch, and regulators in three countries asked it to explain how the data "
        "collected by the service was stored, who could read it and for how long it was kept "
        "on its servers abroad."
    )
    (line,) = split_lines(text)
    assert furniture_lexicon("en").match(line) is None


# ----------------------------------------------------------------------------- assembling text
def test_subtract_and_assemble_skip_empty_pieces():
    assert subtract((0, 10), [(2, 4), (6, 12)]) == [(0, 2), (4, 6)]
    assert subtract((0, 10), []) == [(0, 10)]
    source = "alpha beta\n\u200b\ngamma   delta"
    builder = assemble(source, [[(0, 5), (6, 10)], [(11, 12)], [(13, 26)]])
    assert builder.text() == "alpha beta\n\ngamma delta"
    for c, r, n in zip(builder.offset_clean, builder.offset_raw, builder.offset_len, strict=True):
        assert builder.text()[c : c + n] == source[r : r + n]
    assert normalize_text("gamma   delta") == "gamma delta"


# ----------------------------------------------------------------------------- hashing
def test_ngram_hashes_agree_with_opening_hashes_and_ignore_case_marks_digits():
    hasher = WordHasher()
    words = hasher.hashes(["Copyright", "2019", "Example", "Media"])
    same = hasher.hashes(["copyright", "2020", "EXAMPLE", "media"])
    assert np.array_equal(words, same)
    for k in (1, 2, 3):
        assert int(ngram_hashes(words[:k], k)[0]) == opening_hashes(list(words), 3)[k - 1]
    assert np.array_equal(hasher.hashes(["كَتَبَ"]), hasher.hashes(["كتب"]))


def test_duplicate_groups_join_copies_only():
    hasher = WordHasher()
    rng = random.Random(8)
    texts = [_sentence(rng, WORDS_EN, 80) for _ in range(3)]
    texts.append(texts[0])
    sigs = [minhash(np.unique(ngram_hashes(hasher.hashes(t.split()), 4))) for t in texts]
    sigs.append(None)
    assert duplicate_groups(sigs) == [0, 1, 2, 0, 4]


# ----------------------------------------------------------------------------- linear classifier
_CLASSES = st.lists(st.sampled_from(["bad", "short", "neargood", "good"]), max_size=40)


def _neighbour_reference(classes, i, step, ignore_neargood):
    skip = {"short", "neargood"} if ignore_neargood else {"short"}
    j = i + step
    while 0 <= j < len(classes):
        if classes[j] not in skip:
            return classes[j]
        j += step
    return "bad"


def _revise_reference(classes):
    """jusText's context revision written as a scan per line (the specification)."""
    revised = list(classes)
    for i, cls in enumerate(classes):
        if cls != "short":
            continue
        prev = _neighbour_reference(classes, i, -1, True)
        nxt = _neighbour_reference(classes, i, 1, True)
        if prev == nxt == "good":
            revised[i] = "good"
        elif prev == nxt == "bad":
            revised[i] = "bad"
        elif (prev == "bad" and _neighbour_reference(classes, i, -1, False) == "neargood") or (
            nxt == "bad" and _neighbour_reference(classes, i, 1, False) == "neargood"
        ):
            revised[i] = "good"
        else:
            revised[i] = "bad"
    final = list(revised)
    for i, cls in enumerate(revised):
        if cls == "neargood":
            prev = _neighbour_reference(revised, i, -1, True)
            nxt = _neighbour_reference(revised, i, 1, True)
            final[i] = "bad" if prev == nxt == "bad" else "good"
    return final


@settings(max_examples=300, deadline=None)
@given(_CLASSES)
def test_linear_revision_equals_the_per_line_scan(classes):
    assert revise_classes(classes) == _revise_reference(classes)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(["bad", "short", "neargood", "good"]), st.integers(1, 120)),
        max_size=30,
    )
)
def test_distance_to_next_prose_equals_the_per_line_scan(rows):
    params = LineParams()
    lines = split_lines("\n".join("x" * n for _, n in rows))
    classes = [c for c, _ in rows]

    def reference(i):
        distance = 0
        for j in range(i + 1, len(lines)):
            if classes[j] in ("good", "neargood"):
                return True
            if classes[j] == "bad":
                continue
            distance += len(lines[j].text)
            if distance > params.max_heading_distance:
                return False
        return False

    assert _good_follows_all(lines, classes, params) == [reference(i) for i in range(len(lines))]
