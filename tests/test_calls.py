"""Reading call-detail records: flexible headers, E.164 numbers, bad rows reported by line."""

from __future__ import annotations

import pytest

from extract.calls import CallFileError, normalise_number, parse_duration, read_call_text, read_calls
from tests.conftest import DEV_CORPUS


def test_the_dev_corpus_call_record_reads_whole():
    record = read_calls(DEV_CORPUS / "calls.csv")
    assert len(record.calls) == 146 and record.bad_rows == []
    first = record.calls[0]
    assert (first.caller, first.callee, first.duration_s) == ("+18765550125", "+18765550143", 147)
    assert first.start == "2022-01-03T17:58:08-05:00" and first.source == "calls.csv"


def test_local_seven_digit_number_gets_jamaican_area_code():
    assert normalise_number("555-0143") == "+18765550143"


@pytest.mark.parametrize(
    "written", ["(876) 555 0143", "+1 876 555 0143", "18765550143", "876-555-0143", "011 1 876 555 0143"]
)
def test_every_written_form_of_a_number_gets_one_e164_form(written):
    assert normalise_number(written) == "+18765550143"


def test_a_uk_number_keeps_its_country_code():
    assert normalise_number("+44 7700 900312") == "+447700900312"


def test_another_default_region_gives_its_own_area_code():
    assert normalise_number("555-0178", region="BS") == "+12425550178"


@pytest.mark.parametrize(("written", "seconds"), [("147", 147), ("2:27", 147), ("0:02:27", 147), ("147s", 147)])
def test_durations_in_seconds_or_minutes_and_seconds(written, seconds):
    assert parse_duration(written) == seconds


def test_a_numbers_and_b_numbers_with_date_and_time_columns():
    text = "A Number;B Number;Date;Time;Duration\n555-0143;(876) 555 0112;03/01/2022;17:58;2:27\n"
    record = read_call_text(text, "cdr.csv")
    (call,) = record.calls
    assert (call.caller, call.callee, call.start, call.duration_s) == (
        "+18765550143",
        "+18765550112",
        "2022-01-03T17:58:00",
        147,
    )


def test_from_and_to_headers_are_understood():
    record = read_call_text("From,To,Timestamp,Seconds\n5550143,5550112,2022-01-03 17:58:00,60\n")
    assert record.columns == {"caller": "From", "callee": "To", "duration": "Seconds", "start": "Timestamp"}
    assert len(record.calls) == 1


def test_bad_rows_are_reported_with_line_numbers_and_the_rest_read():
    text = (
        "caller,callee,start_time,duration_s\n"
        "5550143,5550112,2022-01-03T17:58:00,60\n"
        "not a number,5550112,2022-01-03T17:59:00,60\n"
        "5550143,5550112,yesterday,60\n"
        "5550143,5550112,2022-01-03T18:00:00,a while\n"
        "5550143,5550112,2022-01-03T18:01:00,61\n"
    )
    record = read_call_text(text, "cdr.csv")
    assert len(record.calls) == 2
    assert [bad.line for bad in record.bad_rows] == [3, 4, 5]
    assert "yesterday" in record.bad_rows[1].message
    assert record.bad_rows[2].text == "5550143,5550112,2022-01-03T18:00:00,a while"


def test_a_file_without_a_callee_column_is_refused_naming_what_it_has():
    with pytest.raises(CallFileError, match=r"no column for callee.*found: caller, when, secs"):
        read_call_text("caller,when,secs\n5550143,2022-01-03T17:58:00,60\n", "odd.csv")


def test_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CallFileError, match="cannot read"):
        read_calls(tmp_path / "nope.csv")
