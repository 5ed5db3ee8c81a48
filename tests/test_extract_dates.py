"""Event dates: dates written in sentences, absolute and relative, resolved against the report's date."""

from __future__ import annotations

from extract.dates import date_within, find_dates


def isos(text: str, report_date: str | None = "2025-04-20") -> list[tuple[str, str]]:
    return [(d.text, d.iso) for d in find_dates(text, report_date)]


def test_a_day_month_and_year_in_words():
    assert isos("She left Lucea on 3 March 2025 with two others.") == [("3 March 2025", "2025-03-03")]


def test_a_month_first_date_with_its_year():
    assert isos("The van was stopped on March 9, 2024.") == [("March 9, 2024", "2024-03-09")]


def test_a_numeric_date_reads_day_first():
    assert isos("Seen at the wharf 14/04/2025.") == [("14/04/2025", "2025-04-14")]


def test_a_date_without_a_year_takes_the_reports_year():
    assert isos("Arrived in Negril 14/04, late.") == [("14/04", "2025-04-14")]


def test_a_date_without_a_year_after_the_report_is_last_years():
    assert isos("Recruited about 28 November.", "2025-01-10") == [("28 November", "2024-11-28")]


def test_days_later_count_from_the_last_date_the_text_gave():
    text = "On 3 March 2025 she met the agent. Two days later he drove her to Montego Bay."
    assert isos(text)[-1] == ("Two days later", "2025-03-05")


def test_the_following_weekday_is_after_the_last_date():
    text = "They landed on 6 March 2025 (a Thursday). The following Monday she was moved."
    assert isos(text)[-1] == ("The following Monday", "2025-03-10")


def test_the_next_day_and_weeks_later():
    text = "Held from 1 May 2025. The next day the door was locked. Three weeks later she escaped."
    assert [iso for _, iso in isos(text)] == ["2025-05-01", "2025-05-02", "2025-05-23"]


def test_a_relative_date_with_nothing_before_counts_from_the_report_date():
    assert isos("Last Friday the recruiter called again.", "2025-04-20") == [("Last Friday", "2025-04-18")]


def test_a_relative_date_with_no_report_date_and_no_earlier_date_is_left_out():
    assert isos("Two days later she was moved.", None) == []


def test_times_amounts_and_reference_numbers_are_not_dates():
    assert isos("At 14:30 he paid J$15,000; file TIPU/WR/2025/014, TRN 112-384-907.") == []


def test_a_sentence_takes_its_first_date():
    text = "Intro line. On 2 June 2025 she was sold, then on 9 June moved."
    dates = find_dates(text, "2025-07-01")
    start = text.index("On 2 June")
    assert date_within(dates, start, len(text)) == "2025-06-02"
    assert date_within(dates, 0, start) is None


def test_a_date_of_birth_is_no_event_and_no_anchor():
    text = "Shanelle Reid (DOB 04/07/2008) said that on Friday she was moved."
    assert isos(text, "2025-04-20") == [("on Friday", "2025-04-18")]


def test_a_weekday_followed_by_its_date_is_that_date():
    assert isos("On Sunday 12/04 at 11 p.m. she texted her sister.") == [("12/04", "2025-04-12")]
