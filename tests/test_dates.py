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


def test_month_without_year_or_tense_cue_is_the_nearest_one() -> None:
    assert only("The summit in January.", "en").value == "2024-01"  # 2 months ahead, 10 back
    assert only("A ceremony on Dec. 12 in Paris.", "en").value == "2023-12-12"
    assert only("The summit in July.", "en").value == "2023-07"  # 4 back, 8 ahead
    assert only("The summit in April.", "en").value == "2023-04"  # 5 ahead: beyond the limit
    assert only("The summit in March.", "en").value == "2024-03"  # 4 ahead, 8 back
    assert only("Talks were held in January.", "en").value == "2023-01"  # a past cue decides


def test_past_or_next_month_day_keeps_the_day() -> None:
    assert only("He was shot last Oct. 23 at home.", "en").value == "2023-10-23"
    assert only("He was shot last Dec. 5 at home.", "en").value == "2022-12-05"
    assert only("They meet next Dec. 5 in Rome.", "en").value == "2023-12-05"


def test_possessive_weekday_is_a_reported_event() -> None:
    assert only("They will appeal Wednesday's ruling.", "en").value == "2023-11-22"
    assert only("They will meet on Wednesday.", "en").value == "2023-11-29"


def test_holidays_are_anchored_like_months() -> None:
    assert only("He was found on Thanksgiving Day.", "en").value == "2023-11-23"
    assert only("He was found on Halloween.", "en").value == "2023-10-31"
    assert only("since last Christmas", "en").value == "2022-12-25"
    assert only("They will meet at Christmas.", "en").value == "2023-12-25"
    assert only("on Christmas 1998", "en").value == "1998-12-25"
    assert only("The vote is on Election Day.", "en").value == "2023-11-07"  # no tense: nearest
    assert only("The reform on New Year's Day.", "en").value == "2024-01-01"
    assert only("They prayed during Easter week.", "en").value == "2023-W14"  # Easter 2023-04-09


def test_holiday_rules_in_the_calendar() -> None:
    from framelab.dates import calendar as cal

    assert cal.easter_sunday(2000).isoformat() == "2000-04-23"
    assert cal.holiday_date("11-W4#4", 1999).isoformat() == "1999-11-25"  # 4th Thursday
    assert cal.holiday_date("05-W1#-1", 2000).isoformat() == "2000-05-29"  # last Monday
    assert cal.holiday_date("11-W1#1+1", 2000).isoformat() == "2000-11-07"
    assert cal.holiday_date("EASTER-2", 2023).isoformat() == "2023-04-07"
    assert cal.holiday_date("02-30", 2023) is None
    assert cal.holiday_date("nonsense", 2023) is None


def test_anaphoric_units_follow_the_date_last_mentioned() -> None:
    text = "He fled in June 1998 and returned later that year."
    assert values(text, "en")["later that year"] == "1998"
    text = "He was killed on Oct. 23, 1998. Earlier that day he was seen at home."
    assert values(text, "en")["Earlier that day"] == "1998-10-23"
    text = "It was sold in March 1989. The following month it closed."
    assert values(text, "en")["The following month"] == "1989-04"
    text = "He became general in 1995, and the following year he retired."
    assert values(text, "en")["the following year"] == "1996"
    # a coarser mention gives a day (week, month) inside it whose position the text leaves
    # open; without any mention the DCT anchors it
    assert values("In 1995, later that day, he left.", "en")["later that day"] == "1995-XX-XX"
    text = "The bridge closed last October. Repairs began that same day."
    assert values(text, "en")["that same day"] == "2023-10-XX"
    assert values("In 1998, that same week, talks began.", "en")["that same week"] == "1998-WXX"
    assert only("Later that day, he left.", "en").value == DCT
    assert only("That year was hard.", "en").value == "2023"


def test_holiday_week_contains_the_dct() -> None:
    found = extract_timexes("Protesters prayed during Easter week.", "en", "2000-04-17")
    assert [t.value for t in found] == ["2000-W16"]  # Easter 2000-04-23, in the DCT's week


def test_that_quarter_is_the_quarter_last_mentioned() -> None:
    text = "Sales rose in the third quarter of 2022. Results for that quarter were good."
    assert values(text, "en")["that quarter"] == "2022-Q3"


def test_more_units_are_counted_durations() -> None:
    assert only("He will stay for two more weeks.", "en").value == "P2W"
    assert only("a lease for at least 20 more years", "en").value == "P20Y"


def test_planning_to_marks_the_future() -> None:
    assert only("They were planning to drive there on Monday.", "en").value == "2023-12-04"


def test_bare_clock_time_takes_the_day_last_mentioned() -> None:
    text = "Bombs exploded on Friday. The blast occurred at about 10:35 a.m."
    assert values(text, "en")["10:35 a.m."] == "2023-11-24T10:35"  # "about" outside the span
    assert only("The talks start at 3 p.m.", "en").value == "2023-11-28T15:00"  # the DCT's day
    assert only("Logged 2021-03-05T15:30 here.", "en").value == "2021-03-05T15:30"


def test_passive_participle_is_not_a_past_cue() -> None:
    assert only("The dispute could be resolved on March 6.", "en").value == "2024-03-06"
    assert only("The dispute was resolved on March 6.", "en").value == "2023-03-06"


def test_modal_auxiliary_reaches_over_an_adverb() -> None:
    assert only("The summit would still be held on April 24.", "en").value == "2024-04-24"


def test_week_of_a_day_is_its_iso_week() -> None:
    assert only("The hearing is the week of March 6.", "en").value == "2024-W10"
    assert only("the week of Jan. 3, 2000", "en").value == "2000-W01"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("They talked for 5 1/2 hours.", "PT5H30M"),
        ("a minute and a half", "PT1M30S"),
        ("He served two and a half years.", "P2Y6M"),
        ("a year and a half", "P1Y6M"),
        ("two and a half days", "P2DT12H"),
        ("a decade and a half", "P15Y"),
        ("half an hour", "PT30M"),
    ],
)
def test_half_units_are_written_in_the_smaller_unit(text: str, value: str) -> None:
    assert only(text, "en").value == value


def test_second_day_of_a_pair_takes_the_month() -> None:
    found = values("The summit will be held on April 24 and 25.", "en")
    assert found == {"April 24": "2024-04-24", "25": "2024-04-25"}


def test_noon_and_morning_clock_times() -> None:
    assert only("Talks broke off at noon Thursday.", "en").value == "2023-11-23T12:00"
    assert only("He appears at midday.", "en").value == "2023-11-28T12:00"
    assert only("He will leave at 4 in the morning.", "en").text == "4 in the morning"
    assert only("He will leave at 4 in the morning.", "en").value == "2023-11-28T04:00"
    assert extract_timexes("He scored 6 in the morning session.", "en", DCT) == []


def test_unit_long_adjectives_are_durations() -> None:
    assert only("their third day-long meeting", "en").value == "P1D"
    assert only("a weeks-long standoff", "en").value == "PXW"


def test_march_and_may_as_nouns_are_not_months() -> None:
    assert values("He was arrested at this march last year.", "en") == {"last year": "2022"}
    assert extract_timexes("at the head of the March of the Mothers", "en", DCT) == []
    assert only("They met last March.", "en").value == "2023-03"


def test_numeric_ordinal_century() -> None:
    assert only("Angkor Wat, the fabled 11th century temple", "en").value == "10"


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


# --- review fixes: quoted tense cues, lexicon folder, non-string text -------------------------


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ('"We will win," he said Monday.', "en"),
        ('"We will win," said Smith on Monday.', "en"),
        ("\u201cWe will win,\u201d said Smith on Monday.", "en"),
        ("We will win, he said Monday.", "en"),  # no quote marks: the comma ends the clause
        ("«سوف نفوز»، قال الوزير يوم الاثنين.", "ar"),
        ('"سوف نفوز"، قال الاثنين.', "ar"),
        ("\u00ab Nous allons gagner \u00bb, a dit Smith lundi.", "fr"),
    ],
)
def test_future_cue_in_a_quotation_does_not_govern_the_reporting_clause(
    text: str, language: str
) -> None:
    assert only(text, language).value == "2023-11-27"  # the Monday before the DCT


def test_future_cues_still_govern_their_own_clause_and_quotation() -> None:
    assert only('"We will meet on Monday," he said.', "en").value == "2023-12-04"
    assert only("The talks will be held Monday.", "en").value == "2023-12-04"
    assert only('He said the team "will win" on Monday.', "en").value == "2023-12-04"
    assert only("«سوف نلتقي يوم الاثنين»، قال الوزير.", "ar").value == "2023-12-04"


@pytest.mark.parametrize("kind", ["missing", "empty", "file"])
def test_a_lexicon_that_is_not_a_pattern_folder_is_an_input_error(tmp_path, kind) -> None:
    folder = tmp_path / "lexicon"
    if kind == "empty":
        folder.mkdir()
        (folder / "common.yaml").write_text("patterns: []\n", encoding="utf-8")
    elif kind == "file":
        folder.write_text("en: x\n", encoding="utf-8")
    with pytest.raises(InputError, match="not a folder of <lang>.yaml date pattern files"):
        extract_timexes("On Monday.", "en", DCT, lexicon=str(folder))
    clean = pd.DataFrame({"article_id": ["a"], "language": ["en"], "text": ["On Monday."]})
    with pytest.raises(InputError) as err:
        run_dates(clean, lexicon=str(folder), languages=["en"])
    assert err.value.path == str(folder)


def test_cli_rejects_a_bad_lexicon_folder(tmp_path, capsys) -> None:
    from framelab.cli import main

    source = tmp_path / "in.jsonl"
    source.write_text('{"id": "d", "language": "en", "text": "On Monday."}\n', encoding="utf-8")
    out = tmp_path / "out.jsonl"
    code = main(["dates", str(source), "-o", str(out), "--lexicon", str(tmp_path / "nope")])
    assert code == 2 and not out.exists()
    assert "not a folder of <lang>.yaml date pattern files" in capsys.readouterr().err


def test_cli_skips_a_document_whose_text_is_not_a_string(tmp_path, caplog) -> None:
    from framelab.cli import main
    from framelab.io import read_jsonl

    source = tmp_path / "in.jsonl"
    source.write_text(
        '{"id": "d", "language": "en", "text": 5}\n'
        '{"id": "e", "language": "en", "published": "2023-11-28", "text": "On Monday."}\n',
        encoding="utf-8",
    )
    out = tmp_path / "out.jsonl"
    with caplog.at_level("WARNING"):
        assert main(["dates", str(source), "-o", str(out)]) == 0
    [doc] = read_jsonl(out)
    assert doc["id"] == "e" and [t["value"] for t in doc["timexes"]] == ["2023-11-27"]
    [warning] = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert str(source) in warning and "'d'" in warning and "text must be a string" in warning
    assert "\n" not in warning


def test_run_dates_rejects_non_string_text() -> None:
    clean = pd.DataFrame(
        {
            "article_id": ["a", "b"],
            "language": ["en", "en"],
            "text": pd.Series([5, "On Monday."], dtype=object),
            "published": [DCT, DCT],
        }
    )
    result = run_dates(clean, languages=["en"])
    assert result.n_processed == 1 and result.rejects["article_id"].tolist() == ["a"]
    assert result.rejects["reason"].tolist() == ["text"]
    assert result.rejects["detail"].str.contains("text must be a string").all()
    assert result.timexes["value"].tolist() == ["2023-11-27"]


@pytest.mark.parametrize(
    "languages",
    [["ar"], '["ar"]', "ar", "ar,", ("ar",)],
    ids=["list", "json", "code", "csv", "tuple"],
)
def test_run_dates_takes_languages_as_a_list_or_a_command_line_string(languages) -> None:
    clean = pd.DataFrame(
        {"article_id": ["a", "b"], "language": ["ar", "en"], "text": ["يوم الاثنين", "Monday"]}
    )
    result = run_dates(clean, languages=languages)
    assert result.n_processed == 1 and result.rejects["reason"].tolist() == ["language"]


@pytest.mark.parametrize("text", [5, 2.5, ["On Monday"], b"On Monday"])
def test_extract_timexes_rejects_non_string_text(text) -> None:
    with pytest.raises(InputError, match="text must be a string"):
        extract_timexes(text, "en", DCT)
