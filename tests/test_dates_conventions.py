"""framelab.dates on hand-written snippets: what is not a temporal expression (TimeML
non-markables), durations counted from an event, tense cues, decades and shifted days."""

from __future__ import annotations

import pytest

from framelab.dates import extract_timexes

DCT = "2023-11-28"  # a Tuesday


def values(text: str, language: str = "en", published: str | None = DCT) -> dict[str, str]:
    return {t.text: t.value for t in extract_timexes(text, language, published)}


# --- not temporal expressions ------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Rescuers say it is a matter of weeks before the road reopens.",  # idiom
        "The two trains left the station minutes apart.",  # spacing of two events
        "The party holds more than a quarter of the seats.",  # a fraction
        "The recruits slept in cramped quarters.",  # rooms
        "She talked about the flood on the show ''Seven Days''.",  # a quoted title
        'The minister, a guest of the "Next Week" podcast, kept silent.',
        "The party daily Vanguard printed the letter.",  # a newspaper, not a frequency
        "Thousands joined the annual March for Peace downtown.",  # a march, not the month
    ],
)
def test_non_markable_phrases_give_nothing(text: str) -> None:
    assert values(text) == {}


def test_lower_case_daily_and_march_the_month_stay_timexes() -> None:
    assert values("The agency gives a daily tally of arrivals.") == {"daily": "P1D"}
    assert values("Officials hold a daily Pentagon briefing.") == {"daily": "P1D"}
    assert values("He was elected in March for a second term.") == {"March": "2023-03"}


def test_quoted_units_are_titles_only_when_the_quote_closes_after_them() -> None:
    assert values("\u201cMonths of talks have failed,\u201d he said.") == {"Months": "PXM"}
    assert values('"Weeks of rain have flooded the town," she said.') == {"Weeks": "PXW"}


def test_vague_spacing_apart_keeps_quantified_durations() -> None:
    assert values("The victims died a few hours apart.") == {"a few hours": "PTXH"}
    assert values("The trains left minutes apart.") == {}


def test_the_year_is_the_current_year_only_after_a_preposition_or_sentence_start() -> None:
    assert values("Sales rose 5% for the full year.") == {"the full year": "2023"}
    assert values("Earlier in the year, talks failed.") == {"the year": "2023"}
    assert values("He was named player of the year.") == {}
    assert values("1989 was the year the Berlin Wall fell.") == {"1989": "1989"}


def test_a_clock_time_before_a_calendar_date_is_one_time_on_that_day() -> None:
    assert values("The offer runs until 5 p.m. EST Nov. 30.") == {
        "5 p.m. EST Nov. 30": "2023-11-30T17:00"
    }
    assert values("Bids close at 9:30 a.m., Dec. 4, 2023, the agency said.") == {
        "9:30 a.m., Dec. 4, 2023": "2023-12-04T09:30"
    }
    assert values("The vote is at 5 p.m. Feb. 30.") == {}  # no such day: nothing, not 5 p.m.


def test_non_markables_leave_the_timexes_around_them() -> None:
    assert values("The storm hit in the early hours of Monday morning.") == {
        "Monday morning": "2023-11-27TMO"
    }
    assert values('She was a guest of "Next Week" on Sunday.') == {"Sunday": "2023-11-26"}
    assert values('She called "this week" decisive.') == {"this week": "2023-W48"}
    # a fraction of a unit is a duration of that part, not the unit "quarter"
    assert values("It took a quarter of a century.") == {"a quarter of a century": "P25Y"}
    assert values("They were born two days apart.") == {"two days": "P2D"}


# --- durations counted from an event -----------------------------------------------------------


def test_units_later_or_before_an_event_are_durations() -> None:
    assert values("Three days later, the bridge reopened.") == {"Three days": "P3D"}
    assert values("The ferry was inspected ten days before the accident.") == {"ten days": "P10D"}
    # "before" as an adverb at the end of a clause still counts back from the DCT
    assert values("She had arrived two days before.") == {"two days before": "2023-11-26"}
    assert values("Two years from now it ends.") == {"Two years from now": "2025"}


@pytest.mark.parametrize(
    ("text", "language", "span"),
    [
        ("It lasted two decades.", "en", "two decades"),
        ("Il a duré deux décennies.", "fr", "deux décennies"),
        ("Es dauerte zwei Jahrzehnte.", "de", "zwei Jahrzehnte"),
        ("استمر عقدين", "ar", "عقدين"),
    ],
)
def test_decades_are_durations_in_years(text: str, language: str, span: str) -> None:
    assert values(text, language) == {span: "P20Y"}


def test_decades_and_centuries_in_other_expressions() -> None:
    assert values("They quarrelled for decades.") == {"decades": "PXY"}
    assert values("It began a decade ago.") == {"a decade ago": "2013"}  # a year, not the 2010s
    assert values("Il y a une décennie, tout a changé.", "fr") == {"Il y a une décennie": "2013"}
    assert values("It stood for two centuries.") == {"two centuries": "P2CE"}
    assert values("It lasted a decade and a half.") == {"a decade and a half": "P15Y"}


# --- tense cues ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "span", "value"),
    [
        # a fronted "until" leaves the tense to the main clause; after a verb it is a deadline
        ("Until Monday, the ministry had not confirmed the figures.", "Monday", "2023-11-27"),
        ("The hearing was postponed until Thursday.", "Thursday", "2023-11-30"),
        # "U.S." ends no sentence: "as soon as" keeps its future
        ("The team may reach the U.S. as soon as Thursday, aides said.", "Thursday", "2023-11-30"),
        # a verb of deciding or asking with an infinitive: no past tense for the date
        (
            "The council voted to close the plant in early January, a spokesman said.",
            "early January",
            "2024-01",
        ),
        (
            "The council closed the plant in early January, a spokesman said.",
            "early January",
            "2023-01",
        ),
        ("The court summoned the mayor to appear on Dec. 10.", "Dec. 10", "2023-12-10"),
        ("The mayor appeared in court on Dec. 10.", "Dec. 10", "2022-12-10"),
        # "set for", "may ... be" look ahead
        ("Ministers discussed a conference set for Geneva in January.", "January", "2024-01"),
        ("Ministers discussed a conference in Geneva in January.", "January", "2023-01"),
        (
            "The strike, which worried farmers, may finally be settled in January.",
            "January",
            "2024-01",
        ),
        ("The strike, which worried farmers, ended in January.", "January", "2023-01"),
        # an -ed word after a determiner is an adjective, not a past verb
        ("The grant would arrive on a newly revised date in January.", "January", "2024-01"),
        ("The agency said the bridge is to be reopened around Dec. 1.", "Dec. 1", "2023-12-01"),
        # a present tense after the reporting verb: the clause's own time, the nearest Dec. 7
        ("The agency said it is closing the bridge on Dec. 7.", "Dec. 7", "2023-12-07"),
        ("The agency said it closed the bridge on Dec. 7.", "Dec. 7", "2022-12-07"),
        # a past perfect before the schedule word: the old deadline, before the DCT
        ("The permit had been due to lapse on Friday evening.", "Friday evening", "2023-11-24TEV"),
        ("The permit is due to lapse on Friday evening.", "Friday evening", "2023-12-01TEV"),
        ("The merger, which had been expected, must close by Friday.", "Friday", "2023-12-01"),
        # "since" marks a past starting point, whatever the tense
        ("Prices are up since January, he says.", "January", "2023-01"),
        ("Prices are up in January, he says.", "January", "2024-01"),
    ],
)
def test_tense_cues(text: str, span: str, value: str) -> None:
    assert values(text)[span] == value


# --- a day before or after another -------------------------------------------------------------


def test_the_day_before_or_after_a_date() -> None:
    assert values("The day before last Tuesday's match, the coach resigned.") == {
        "The day before last Tuesday": "2023-11-20"
    }
    assert values("He left the day after Oct. 12, 1989.") == {
        "the day after Oct. 12, 1989": "1989-10-13"
    }
    assert values("He left the day after Monday.") == {"the day after Monday": "2023-11-28"}
    # without a publication date the weekday stays unanchored
    assert values("He left the day after Monday.", published=None) == {
        "the day after Monday": "XXXX-WXX-1"
    }


# --- the reporting year and quarter (financial news) -------------------------------------------


def test_the_year_is_the_current_year_unless_it_ends_on_a_date() -> None:
    assert values("Revenue for the full year rose 4%.") == {"the full year": "2023"}
    assert values("The firm hopes to hire by the end of the year.") == {"the year": "2023"}
    found = values("Profit for the year ended June 30 fell.")
    assert found["the year"] == "P1Y"  # a twelve-month period ending on that date
    assert values("It rained for the whole year.") == {"the whole year": "P1Y"}
    assert values("Hiring stayed flat throughout the fiscal year.") == {"the fiscal year": "P1Y"}


def test_the_year_quarter_is_the_quarter_last_mentioned() -> None:
    found = values("Profit rose in the third quarter. In the 1988 quarter, it fell.", "en")
    assert found["the 1988 quarter"] == "1988-Q3"
    assert values("In the 1988 quarter, it fell.") == {"the 1988 quarter": "1988"}  # none named
    # a "period" may be nine months or a year: the year only
    found = values("Profit rose in the third quarter. In the 1988 period, it fell.", "en")
    assert found["1988"] == "1988"
