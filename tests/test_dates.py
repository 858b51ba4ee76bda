"""framelab.dates on hand-written snippets: every language and Arabic month convention, anchoring
rules, granularity, missing publication dates and bad input."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest

from framelab.dates import TIMEX_SCHEMA, extract_timexes, run_dates, timexes_for_articles
from framelab.errors import InputError

DCT = "2023-11-28"  # a Tuesday


def values(text: str, language: str, published: str | None = DCT) -> dict[str, str]:
    return {t.text: t.value for t in extract_timexes(text, language, published)}


def only(text: str, language: str, published: str | None = DCT):
    found = extract_timexes(text, language, published)
    assert len(found) == 1, found
    return found[0]


# --- Arabic: every month convention, slash pairs, Hijri, digits, ordinals ---------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("وصل في 15 نوفمبر 2023 إلى باكو", "2023-11-15"),  # transliterated
        ("وصل في 15 تشرين الثاني 2023 إلى باكو", "2023-11-15"),  # Syriac / Levantine
        ("وصل في 15 نونبر 2023 إلى باكو", "2023-11-15"),  # Moroccan
        ("وصل في 15 جانفي 2023 إلى تونس", "2023-01-15"),  # Maghrebi
        ("وصل في 15 تشرين الثاني/نوفمبر 2023", "2023-11-15"),  # slash pair
        ("وصل في 15 تشرين الثاني (نوفمبر) 2023", "2023-11-15"),  # parenthesised pair
        ("وصل في ١٥ نوفمبر ٢٠٢٣", "2023-11-15"),  # Eastern Arabic digits
        ("وصل في الخامس عشر من نوفمبر 2023", "2023-11-15"),  # ordinal word
        ("صدر في 10 رمضان 1444 هـ", "2023-04-01"),  # Hijri (arithmetical calendar)
        ("تأسست عام 1445هـ", "2024"),  # Hijri year
        ("وصل يوم 27 آب 2023", "2023-08-27"),
    ],
)
def test_arabic_calendar_dates(text: str, value: str) -> None:
    assert value in values(text, "ar").values()


def test_arabic_month_spans_exclude_proclitics_and_keep_pairs() -> None:
    text = "وفي 15 تشرين الثاني/نوفمبر، عقدت جلسات"
    t = only(text, "ar")
    assert t.text == "15 تشرين الثاني/نوفمبر"
    assert (t.value, t.granularity, t.type) == ("2023-11-15", "day", "DATE")


def test_arabic_relative_expressions() -> None:
    found = values(
        "اتصل يوم الاثنين وصباح الاثنين، وفي الأيام الأخيرة وفي الأسابيع القليلة الماضية، "
        "واستمرت الحرب 44 يومًا، أمس والأسبوع الماضي والعام المقبل والعامين الماضيين",
        "ar",
    )
    assert found["يوم الاثنين"] == "2023-11-27"
    assert found["صباح الاثنين"] == "2023-11-27TMO"
    assert found["الأيام الأخيرة"] == "PXD"
    assert found["الأسابيع القليلة الماضية"] == "PXW"
    assert found["44 يومًا"] == "P44D"
    assert found["أمس"] == "2023-11-27"
    assert found["الأسبوع الماضي"] == "2023-W47"
    assert found["العام المقبل"] == "2024"
    assert found["العامين الماضيين"] == "P2Y"


def test_arabic_weekday_names() -> None:
    days = ["الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد"]
    got = [only(f"اجتمعوا يوم {d} في باكو", "ar").value for d in days]
    assert got == [
        "2023-11-27",
        "2023-11-28",
        "2023-11-22",
        "2023-11-23",
        "2023-11-24",
        "2023-11-25",
        "2023-11-26",
    ]


# --- other languages ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        (
            "en",
            "On Nov. 15, 2023 he signed; in September 2020 war broke out.",
            {"Nov. 15, 2023": "2023-11-15", "September 2020": "2020-09"},
        ),
        (
            "en",
            "Three days ago, last week and this year, for 44 days.",
            {
                "Three days ago": "2023-11-25",
                "last week": "2023-W47",
                "this year": "2023",
                "44 days": "P44D",
            },
        ),
        (
            "fr",
            "Le 15 novembre 2023, il a signé. Il y a trois jours, la semaine dernière.",
            {
                "Le 15 novembre 2023": "2023-11-15",
                "Il y a trois jours": "2023-11-25",
                "la semaine dernière": "2023-W47",
            },
        ),
        (
            "de",
            "Am 15. November 2023 unterschrieb er, vor drei Tagen, letzte Woche, am 27.11.2023.",
            {
                "Am 15. November 2023": "2023-11-15",
                "vor drei Tagen": "2023-11-25",
                "letzte Woche": "2023-W47",
                "27.11.2023": "2023-11-27",
            },
        ),
        (
            "ru",
            "15 ноября 2023 года он подписал. Три дня назад, на прошлой неделе, в этом году.",
            {
                "15 ноября 2023 года": "2023-11-15",
                "Три дня назад": "2023-11-25",
                "на прошлой неделе": "2023-W47",
                "в этом году": "2023",
            },
        ),
        (
            "tr",
            "15 Kasım 2023'te imzaladı. Üç gün önce, geçen hafta, bu yıl, 44 gün sürdü.",
            {
                "15 Kasım 2023": "2023-11-15",
                "Üç gün önce": "2023-11-25",
                "geçen hafta": "2023-W47",
                "bu yıl": "2023",
                "44 gün": "P44D",
            },
        ),
    ],
)
def test_languages(language: str, text: str, expected: dict[str, str]) -> None:
    found = values(text, language)
    for surface, value in expected.items():
        assert found.get(surface) == value, (surface, found)


@pytest.mark.parametrize(
    ("language", "text", "value"),
    [
        ("en", "They met on Monday morning.", "2023-11-27TMO"),
        ("fr", "Ils se sont vus hier soir.", "2023-11-27TEV"),
        ("de", "Sie trafen sich am Montagabend.", "2023-11-27TEV"),
        ("ru", "Они встретились вчера вечером.", "2023-11-27TEV"),
        ("tr", "Dün akşam buluştular.", "2023-11-27TEV"),
        ("ar", "التقيا مساء أمس.", "2023-11-27TEV"),
    ],
)
def test_parts_of_day_are_times(language: str, text: str, value: str) -> None:
    t = only(text, language)
    assert (t.type, t.value, t.granularity) == ("TIME", value, "part_of_day")


# --- anchoring rules --------------------------------------------------------------------------


def test_bare_weekday_is_latest_on_or_before_dct() -> None:
    assert only("He spoke on Tuesday.", "en").value == "2023-11-28"  # the DCT's own weekday
    assert only("He spoke on Wednesday.", "en").value == "2023-11-22"


def test_weekday_with_future_cue_or_modifier_looks_forward() -> None:
    assert only("He will speak on Wednesday.", "en").value == "2023-11-29"
    assert only("He spoke last Tuesday.", "en").value == "2023-11-21"
    assert only("They meet next Monday.", "en").value == "2023-12-04"
    assert only("سيزور باكو يوم الخميس", "ar").value == "2023-11-30"
    assert only("يصل الخميس المقبل", "ar").value == "2023-11-30"


def test_month_without_year_is_nearest_past_unless_future() -> None:
    assert only("Talks were held in December.", "en").value == "2022-12"
    assert only("Talks were held in November.", "en").value == "2023-11"  # DCT month counts
    assert only("Talks will be held in December.", "en").value == "2023-12"
    assert only("عقدت المحادثات في 28 سبتمبر", "ar").value == "2023-09-28"
    assert only("ستعقد القمة في 5 ديسمبر المقبل", "ar").value == "2023-12-05"
    assert only("عقد في ديسمبر الماضي", "ar").value == "2022-12"


def test_granularity_is_kept() -> None:
    cases = {
        "in September 2020": ("2020-09", "month"),
        "in 2020": ("2020", "year"),
        "this week": ("2023-W48", "week"),
        "the third quarter": ("2023-Q3", "quarter"),
        "the 1980s": ("198", "decade"),
    }
    for text, (value, gran) in cases.items():
        t = only(f"It happened {text}.", "en")
        assert (t.value, t.granularity) == (value, gran), text


def test_references_durations_and_sets() -> None:
    found = {
        t.text: (t.type, t.value)
        for t in extract_timexes(
            "Prices now rise daily, recently for several months, soon for two years.", "en", DCT
        )
    }
    assert found["now"] == ("DATE", "PRESENT_REF")
    assert found["daily"] == ("SET", "P1D")
    assert found["recently"] == ("DATE", "PAST_REF")
    assert found["several months"] == ("DURATION", "PXM")
    assert found["two years"] == ("DURATION", "P2Y")


# --- no publication date ----------------------------------------------------------------------


@pytest.mark.parametrize("published", [None, "", "not a date", "0001-01-01", float("nan")])
def test_no_publication_date_keeps_unanchored_values(published) -> None:
    found = extract_timexes(
        "On Monday, and on Nov. 15, and on 15 November 2023, yesterday.", "en", published
    )
    by_text = {t.text: t for t in found}
    assert by_text["Monday"].value == "XXXX-WXX-1" and not by_text["Monday"].anchored
    assert by_text["Nov. 15"].value == "XXXX-11-15" and not by_text["Nov. 15"].anchored
    assert by_text["yesterday"].value == "XXXX-XX-XX" and not by_text["yesterday"].anchored
    assert (
        by_text["15 November 2023"].value == "2023-11-15" and by_text["15 November 2023"].anchored
    )


def test_no_publication_date_arabic() -> None:
    t = only("اتصل يوم الاثنين", "ar", None)
    assert (t.value, t.anchored) == ("XXXX-WXX-1", False)


# --- bad input --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("It was signed on 31 February 2020.", "en"),
        ("وقع في 31 فبراير", "ar"),
        ("Signed on 15 November 0001 and 15 November 9999.", "en"),
        ("Le 30 février 2021.", "fr"),
    ],
)
def test_impossible_dates_give_nothing(text: str, language: str) -> None:
    assert extract_timexes(text, language, DCT) == []


@pytest.mark.parametrize(
    "text",
    [
        "in the year 0001",
        "by 9999",
        "It cost 907 dollars.",
        "Call +994 12 498 21 11 or 050-123-45-67.",
        "The code 12345678.",
    ],
)
def test_numbers_that_are_not_dates(text: str) -> None:
    assert extract_timexes(text, "en", DCT) == []


def test_year_range_gives_two_years() -> None:
    assert [t.value for t in extract_timexes("The 2020-2023 plan.", "en", DCT)] == ["2020", "2023"]


@pytest.mark.parametrize("text", ["", None, "   ", "\n\n", "ـــــ", "٫٫٫", "a" * 5000])
def test_empty_and_odd_text_never_crash(text) -> None:
    assert extract_timexes(text, "ar", DCT) == []
    assert extract_timexes(text, "en", None) == []


def test_offsets_index_the_original_text() -> None:
    text = "وصل يومَ الاثنينِ ١٥ تشرين الثاني/نوفمبر ٢٠٢٣،\u00a0وغادر"
    for t in extract_timexes(text, "ar", DCT):
        assert text[t.start : t.end] == t.text


def test_unknown_language_is_an_input_error() -> None:
    with pytest.raises(InputError):
        extract_timexes("2020", "xx", DCT)


# --- the stage over a clean table -------------------------------------------------------------


def test_run_dates_rejects_and_schema() -> None:
    clean = pd.DataFrame(
        {
            "article_id": ["a", "b", "c", "d"],
            "language": ["ar", "en", "zz", "en"],
            "text": ["اتصل يوم الاثنين", "On Monday.", "x", ""],
            "published": ["2023-11-28", None, "2023-11-28", "2023-11-28"],
            "source_path": ["a.txt", "b.txt", "c.txt", "d.txt"],
        }
    )
    result = run_dates(clean, languages=["ar", "en"])
    assert result.n_articles == result.n_processed + len(result.rejects) == 4
    assert set(result.rejects["reason"]) == {"language", "empty"}
    assert list(result.timexes.columns) == list(TIMEX_SCHEMA)
    assert result.timexes.set_index("article_id").loc["a", "value"] == "2023-11-27"
    assert not result.timexes.set_index("article_id").loc["b", "anchored"]
    assert timexes_for_articles(clean, languages=["ar", "en"]).equals(result.timexes)


def test_dates_never_imports_stanza_or_torch() -> None:
    code = (
        "import sys, framelab.dates, framelab.dates.focus, framelab.evaluate.dates; "
        "framelab.dates.extract_timexes('On Monday', 'en', '2023-11-28'); "
        "print(any(m.split('.')[0] in {'stanza', 'torch'} for m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_custom_lexicon_folder(tmp_path) -> None:
    (tmp_path / "xx.yaml").write_text(
        "language: xx\nlexicons:\n  month:\n    brumaire: 11\n"
        "patterns:\n  - rule: day_month\n    handler: date\n    pattern: '{day} {month}'\n",
        encoding="utf-8",
    )
    [t] = extract_timexes("Le 18 Brumaire.", "xx", DCT, lexicon=str(tmp_path))
    assert (t.text, t.value, t.rule) == ("18 Brumaire", "2023-11-18", "xx:day_month")


def test_documents_in_unsupported_languages_get_no_timexes() -> None:
    from framelab.dates.stage import iter_documents_timexes

    [doc] = iter_documents_timexes(
        [{"id": "e", "language": "es", "text": "el lunes", "published": DCT}]
    )
    assert doc["timexes"] == []


def test_ordinal_words_and_hijri_month_year() -> None:
    assert only("It opens on the first of May.", "en").value == "2023-05-01"
    assert only("It opened on the twenty-first of November.", "en").value == "2023-11-21"
    t = only("صدر في رمضان 1444 هـ", "ar")
    assert (t.value, t.granularity) == ("2023-04", "month")


def test_an_article_that_breaks_extraction_is_rejected_and_the_run_goes_on(monkeypatch) -> None:
    import framelab.dates.stage as stage

    real = stage.extract_timexes

    def flaky(text, language, published=None, **kw):
        if "boom" in text:
            raise KeyError("unexpected grammar state")
        return real(text, language, published, **kw)

    monkeypatch.setattr(stage, "extract_timexes", flaky)
    clean = pd.DataFrame(
        {
            "article_id": ["a", "b"],
            "language": ["en", "en"],
            "text": ["The talks began on Monday.", "boom on 3 March 2020"],
            "published": ["2023-11-28", "2023-11-28"],
        }
    )
    result = run_dates(clean, languages=["en"])
    assert result.n_processed == 1 and result.rejects["article_id"].tolist() == ["b"]
    assert result.rejects["detail"].str.contains("KeyError").all()
    assert result.timexes["value"].tolist() == ["2023-11-27"]
