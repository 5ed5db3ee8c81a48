"""Phone numbers in every written form become one E.164 id; look-alikes never do."""

from __future__ import annotations

import pytest

from extract.phones import find_phones


@pytest.mark.parametrize(
    ("written", "e164"),
    [
        ("555-0143", "+18765550143"),
        ("876-555-0143", "+18765550143"),
        ("(876) 555 0143", "+18765550143"),
        ("(876) 555-0143", "+18765550143"),
        ("+1 876 555 0143", "+18765550143"),
        ("18765550143", "+18765550143"),
        ("876.555.0143", "+18765550143"),
        ("+1 (242) 555-0178", "+12425550178"),
        ("+44 7700 900312", "+447700900312"),
        ("447700900312", "+447700900312"),
        ("07700 900312", "+447700900312"),
        ("011-44-7700-900312", "+447700900312"),
        ("wa.me/18765550112", "+18765550112"),
        ("876-555-O143", "+18765550143"),
        ("876-555-0l43", "+18765550143"),
        ("876-555-\n0143", "+18765550143"),
        ("eight seven six five five five zero one four three", "+18765550143"),
    ],
)
def test_written_form_reads_as_its_e164_number(written, e164):
    phones = find_phones(f"Call him on {written} tonight.")
    assert [p.e164 for p in phones] == [e164]
    assert phones[0].written == written


def test_local_seven_digit_number_gets_jamaican_area_code():
    assert find_phones("her old number, 555-0161, which")[0].entity_id == "PH_+18765550161"


def test_span_is_exact_text_of_the_number():
    text = "Keisha's own phone (876 555 0148) was taken."
    phone = find_phones(text)[0]
    assert text[phone.start : phone.end] == "876 555 0148"


@pytest.mark.parametrize(
    "decoy",
    [
        "2022-02-03",
        "28/03/2022",
        "DOB 14/06/1979",
        "TRN 112-384-907",
        "NCB account 354-221-879",
        "CR-2021-0456",
        "TIPU/WR/2022/014",
        "TL-22-0311",
        "US$1,500",
        "J$1,240,000",
        "J$3.4 million",
        "5678 HJ",
        "PD 1234",
        "passport A2847561",
        "A typical MTCN is 8473920156.",
        "14:30",
        "6:00 to 18:00",
        "95 s",
        "18-25",
        "Operator: #114",
    ],
)
def test_decoy_is_never_a_phone(decoy):
    assert find_phones(f"Noted: {decoy} in the file.") == []


def test_same_number_in_five_formats_is_one_id():
    text = "(876) 555 0112, +1 876 555 0112, 18765550112, 876-555-0112 and 876.555.0112"
    assert {p.e164 for p in find_phones(text)} == {"+18765550112"}
    assert len(find_phones(text)) == 5


@pytest.mark.parametrize("written", ["876–555–0143", "876\u00a0555\u00a00143", "1 (876) 555-0143", "+1-876-555-0143"])
def test_typographic_separators_are_read(written):
    assert [p.e164 for p in find_phones(f"Tel: {written}.")] == ["+18765550143"]


@pytest.mark.parametrize(
    ("text", "e164"),
    [
        ("| Rosa   | 876-555-0166    | 12/03/24 |", ["+18765550166"]),
        ("Text l-876-555-O1O9   or   555-0110", ["+18765550109", "+18765550110"]),
        ("wa.me/l8765550121", ["+18765550121"]),
        ("tear-off: 555-Ol71 | 555-Ol71", ["+18765550171", "+18765550171"]),
        ("Cell: 876-555-0130 (off since May)", ["+18765550130"]),
        ("primary +18765550145: 9 calls", ["+18765550145"]),
        ("ring mi pon eight seven six,\nfive five five, zero one nine two", ["+18765550192"]),
        (
            "Haiti +509 34 55 0101, Venezuela +58 414 555 0102, Nassau +1 242 555 0103",
            ["+50934550101", "+584145550102", "+12425550103"],
        ),
        (
            "Cayman +1 345 555 0104, Miami +1 305 555 0105, London +44 20 7946 0106",
            ["+13455550104", "+13055550105", "+442079460106"],
        ),
    ],
)
def test_phones_in_tables_flyers_and_foreign_formats(text, e164):
    assert [p.e164 for p in find_phones(text)] == e164


@pytest.mark.parametrize(
    "decoy",
    [
        "Handset IMEI 352099001761481 and 352099001761499 seized",
        "SIM IMSI 338050123456789",
        "vessel MMSI 339876543",
        "remittance control no. 8812034567",
        "Account number 204417889012",
    ],
)
def test_handset_sim_vessel_and_transfer_numbers_are_never_phones(decoy):
    assert find_phones(decoy) == []
