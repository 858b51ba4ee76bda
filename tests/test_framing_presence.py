"""Frame presence rule and cue-term specificity: hand-written snippets in ar, en, ru, tr, az.

A frame is present in an article only with enough evidence (``PresenceRule``: hits, distinct
cue terms, optional density); the shipped codebook must not fire on generic news words and must
fire on text that is clearly about the frame."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pandas as pd
import pytest

from framelab.errors import FramelabError
from framelab.framing import framing_params, presence_rule
from framelab.framing.codebooks import load_frame_codebook
from framelab.framing.frames import PresenceRule, article_frame_rates, find_hits

CODEBOOKS = Path(__file__).resolve().parents[1] / "data" / "codebooks"
SMALL_YAML = """
frames:
  - {id: economic, terms: {en: [econom*, trade, tariff*], ar: [اقتصاد*, التضخم, أسعار]}}
  - {id: security, terms: {en: [troops, ceasefire], ru: [войск*, перемири*]}}
"""


def _articles(texts: dict[str, tuple[str, str]]) -> pd.DataFrame:
    """``{article_id: (language, text)}`` as a framing articles table (words = whitespace)."""
    return pd.DataFrame(
        {
            "article_id": list(texts),
            "group": "g",
            "language": [lang for lang, _ in texts.values()],
            "text": [text for _, text in texts.values()],
            "n_words": [len(text.split()) for _, text in texts.values()],
        }
    )


@pytest.fixture()
def small(tmp_path):
    path = tmp_path / "frames.yaml"
    path.write_text(textwrap.dedent(SMALL_YAML), encoding="utf-8")
    return load_frame_codebook(path)


@pytest.fixture(scope="module")
def shipped():
    return load_frame_codebook(CODEBOOKS / "frames.yaml")


def _rates(articles, book, rule=None) -> pd.DataFrame:
    return article_frame_rates(articles, find_hits(articles, book), book, rule).set_index(
        ["article_id", "frame"]
    )


# ------------------------------------------------------------------------------ presence rule


def test_one_hit_is_not_a_frame_but_two_distinct_terms_are(small):
    articles = _articles(
        {
            "once": ("en", "Trade was mentioned once in this note about a concert."),
            "same": ("en", "Trade, trade and more trade filled the speech."),
            "two": ("en", "The economy suffered as new tariffs hit exporters."),
            "ar": ("ar", "ارتفعت الأسعار وقال الخبراء إن التضخم يضر بالاقتصاد."),
            "ru": ("ru", "Войска отошли, перемирие соблюдается."),
        }
    )
    rates = _rates(articles, small)
    assert rates.loc[("once", "economic"), ["hits", "terms"]].tolist() == [1, 1]
    assert not rates.loc[("once", "economic"), "present"]
    # three hits of one term: repetition is not breadth of evidence
    assert rates.loc[("same", "economic"), ["hits", "terms"]].tolist() == [3, 1]
    assert not rates.loc[("same", "economic"), "present"]
    assert rates.loc[("two", "economic"), "present"]
    assert rates.loc[("ar", "economic"), ["hits", "terms"]].tolist() == [3, 3]
    assert rates.loc[("ar", "economic"), "present"]
    assert rates.loc[("ru", "security"), "present"]
    assert not rates.loc[("ru", "economic"), "present"]  # ru has no economic terms: 0 hits
    # the per-1,000-word rate is unchanged by the rule (continuous measure)
    assert rates.loc[("same", "economic"), "per_1000_words"] == pytest.approx(3000 / 8)


def test_rule_parameters_change_presence_only(small):
    articles = _articles({"same": ("en", "Trade, trade and more trade filled the speech.")})
    lenient = _rates(articles, small, PresenceRule(min_hits=2, min_terms=1))
    assert lenient.loc[("same", "economic"), "present"]
    dense = _rates(articles, small, PresenceRule(1, 1, min_per_1000_words=400))
    assert not dense.loc[("same", "economic"), "present"]  # 375 per 1,000 words < 400
    strict = _rates(articles, small, PresenceRule(3, 1, min_per_1000_words=300))
    assert strict.loc[("same", "economic"), "present"]
    assert lenient["per_1000_words"].equals(strict["per_1000_words"])


def test_evidence_lists_the_cue_terms_that_fired(small):
    articles = _articles(
        {"a": ("en", "Trade talks: trade rules, tariffs and the economy."), "b": ("en", "Nothing.")}
    )
    rates = _rates(articles, small)
    assert rates.loc[("a", "economic"), "cue_terms"] == "trade (2); econom* (1); tariff* (1)"
    assert rates.loc[("a", "economic"), "terms"] == 3
    assert pd.isna(rates.loc[("b", "economic"), "cue_terms"])
    assert rates.loc[("b", "economic"), "terms"] == 0


def test_uncovered_language_stays_undefined_under_any_rule(small):
    rates = _rates(_articles({"de": ("de", "Handel und Wirtschaft.")}), small, PresenceRule(1, 1))
    assert rates["present"].isna().all()
    assert rates["per_1000_words"].isna().all()


@pytest.mark.parametrize(
    ("hits", "terms", "density"), [(0, 0, 0.0), (1, 2, 0.0), (2, 0, 0.0), (2, 2, -1.0)]
)
def test_bad_rules_raise(hits, terms, density):
    with pytest.raises(ValueError):
        PresenceRule(hits, terms, density)


def test_rule_comes_from_params():
    assert presence_rule(framing_params(None)) == PresenceRule(2, 2, 0.0)
    rule = presence_rule(framing_params({"frame_min_hits": 3, "frame_min_terms": 1}))
    assert rule == PresenceRule(3, 1, 0.0)
    assert "3 hit(s)" in rule.describe()
    with pytest.raises(FramelabError, match="min_terms"):
        presence_rule(framing_params({"frame_min_hits": 1, "frame_min_terms": 2}))


# ------------------------------------------------------------- specific vs generic cue terms

GENERIC = {
    # football: defence, attack, "the summit match", "for the first time in history", a natural,
    # correct decision -- none of it is security, political, cultural or health framing
    "ar_sport": (
        "ar",
        "قدم الدفاع أداء رائعا وسجل الهجوم هدفين في قمة المباراة، وهو فوز لأول مرة في تاريخ "
        "النادي. وقال المدرب عادل عبد الله إن القرار الصحيح كان طبيعيا وإن الشعب سعيد.",
    ),
    "ar_generic": (
        "ar",
        "قالت الحكومة إن العلاقات مع الشركاء جيدة وإن الإجراءات الجديدة جزء من خطة استراتيجية.",
    ),
    "en_generic": (
        "en",
        "The government said the people support the plan and the talks on Sunday were a "
        "historic moment; an image of the summit showed the country in a new light.",
    ),
    "ru_generic": (
        "ru",
        "Правительство заявило, что народ поддерживает план. В центре города богатый "
        "выбор: семьдесят магазинов, история и отношения.",
    ),
    "tr_generic": (
        "tr",
        "Hükümet, halkın planı desteklediğini açıkladı; görüşme 5 Mayıs tarihinde zirvede "
        "yapıldı ve ilişkiler iyi.",
    ),
    "az_generic": ("az", "Bazar günü hökumət xalqla görüşdü və planı qiymətləndirdi."),
}
SPECIFIC = {
    "ar_economy": (
        "ar",
        "ارتفعت أسعار النفط في الأسواق العالمية وتراجع التضخم وزادت الاستثمارات الأجنبية.",
        "economic",
    ),
    "ar_security": (
        "ar",
        "شن الجيش غارات على مواقع المسلحين بعد انهيار وقف إطلاق النار وسقوط صواريخ.",
        "security_defense",
    ),
    "en_security": (
        "en",
        "Troops and armed forces launched airstrikes before the ceasefire collapsed.",
        "security_defense",
    ),
    "en_culture": (
        "en",
        "The museum celebrates the heritage and cultural traditions of the region.",
        "cultural_identity",
    ),
    "ru_health": (
        "ru",
        "В больнице не хватает вакцин, эпидемия гриппа растёт, раненых лечат медики.",
        "health_safety",
    ),
    "tr_opinion": (
        "tr",
        "Son anket kamuoyunun öfkeli olduğunu gösteriyor; protestolar sürüyor.",
        "public_opinion",
    ),
}


def test_generic_news_words_fire_no_frame(shipped):
    articles = _articles(GENERIC)
    rates = _rates(articles, shipped)
    present = rates[rates["present"].fillna(False)]
    assert present.empty, present[["hits", "cue_terms"]]
    # and the stems that used to swallow other words do not hit at all
    hits = find_hits(articles, shipped)
    frame_hits = hits[hits["kind"] == "frame"]
    assert frame_hits.empty, frame_hits[["article_id", "category", "term", "match"]]


@pytest.mark.parametrize("name", sorted(SPECIFIC))
def test_specific_text_fires_its_frame(shipped, name):
    language, text, frame = SPECIFIC[name]
    rates = _rates(_articles({name: (language, text)}), shipped)
    assert rates.loc[(name, frame), "present"], rates.loc[name, ["hits", "cue_terms"]]
    others = rates.loc[name].drop(index=frame)
    assert not others["present"].any(), others[others["present"]]


def test_shipped_codebook_assigns_each_term_to_one_frame(shipped):
    terms = shipped.terms.assign(key=shipped.terms["term"].str.lower())
    dupes = terms[terms.duplicated(["language", "key"], keep=False)]
    assert dupes.empty, dupes


def test_spellings_grouped_in_the_codebook_count_as_one_cue(tmp_path):
    path = tmp_path / "grouped.yaml"
    path.write_text(
        "frames:\n  - {id: legality, terms: {en: [[law, laws], court*], ar: [[محكمة, محاكم]]}}\n",
        encoding="utf-8",
    )
    book = load_frame_codebook(path)
    articles = _articles(
        {
            "en": ("en", "The law and two new laws were debated."),
            "en2": ("en", "The court struck down the law."),
            "ar": ("ar", "نظرت المحكمة في القضية وأحالتها إلى محاكم أخرى."),
        }
    )
    rates = _rates(articles, book)
    assert rates.loc[("en", "legality"), ["hits", "terms"]].tolist() == [2, 1]
    assert rates.loc[("en", "legality"), "cue_terms"] == "law (2)"
    assert not rates.loc[("en", "legality"), "present"]
    assert rates.loc[("en2", "legality"), "present"]
    assert rates.loc[("ar", "legality"), ["hits", "terms"]].tolist() == [2, 1]
    hits = find_hits(articles, book)
    assert set(hits.loc[hits["match"] == "laws", "cue"]) == {"law"}
