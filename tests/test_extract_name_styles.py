"""People and places written the ways case files write them: capitals, surname first, initials,
OCR digits, abbreviated streets, postal districts and venue nouns."""

from __future__ import annotations

import pytest

from extract.extractor import extract_report
from extract.pipeline import load_pipeline
from extract.recognise import (
    find_capitalised_names,
    find_initialled_people,
    find_listed_people,
    find_places_in_context,
    find_quoted_aliases,
)
from graph.model import Report


@pytest.fixture(scope="session")
def nlp():
    return load_pipeline()


def spans(text: str, nlp, label: str) -> list[str]:
    return [m.text for m in extract_report(Report.from_text(text), nlp).mentions if m.label == label]


def test_surname_first_keeps_a_trailing_initial():
    text = "Suspect: HYLTON, Marcia J. was seen. Also CRAIG, P. at the gate."
    assert [f.text for f in find_listed_people(text) if f.rule == "surname-first"] == ["HYLTON, Marcia J.", "CRAIG, P."]


def test_given_surname_list_is_not_read_surname_first():
    text = "Present: Joan BARRETT, Kemar NELSON and others."
    assert not [f for f in find_listed_people(text) if f.rule == "surname-first"]


def test_rank_after_a_comma_is_not_a_given_name():
    text = "Entry 4. Cpl. FORBES, Cst. MORRIS to the scene."
    assert not [f for f in find_listed_people(text) if f.rule == "surname-first"]


def test_initials_before_a_surname_are_part_of_the_name():
    assert [f.text for f in find_initialled_people("Handed to CPFSA (L. GORDON) at noon.")] == ["L. GORDON"]


def test_initials_glossed_by_a_full_name_are_that_person():
    text = "she harboured K.M.W. (Kadian Monique Wright), a child of 15"
    assert [f.text for f in find_initialled_people(text)] == ["K.M.W.", "Kadian Monique Wright"]


def test_initials_signing_a_log_line_are_a_person():
    assert [f.text for f in find_initialled_people("Guest left at 10:00 without paying. - D.P.\n")] == ["D.P."]


def test_initialisms_that_are_not_people_stay_out():
    assert list(find_initialled_people("Flights to the U.S. leave at 9 A.M. daily.")) == []


def test_names_in_capitals_listed_after_a_known_given_name():
    text = "R v MICHAEL ANTHONY BROWN, KERRIAN DALEY and SHAWN PEART\n"
    assert [f.text for f in find_capitalised_names(text)] == ["MICHAEL ANTHONY BROWN", "KERRIAN DALEY", "SHAWN PEART"]


def test_heading_in_capitals_is_no_name():
    assert list(find_capitalised_names("SUPREME COURT OF JUDICATURE\nTRAFFICKING IN PERSONS UNIT\n")) == []


def test_quoted_name_with_an_age_is_a_person():
    assert [f.text for f in find_quoted_aliases('two girls ("Tash" 15, "Nikki" 16) at the house')] == ["Tash", "Nikki"]


def test_kingston_postal_district_is_one_place():
    assert [f.text for f in find_places_in_context("lives at 4 Hope Road, Kingston 6.\n")] == ["Kingston 6"]


def test_known_place_and_a_street_word_without_the_is_a_street():
    found = [f.text for f in find_places_in_context("meet at May Pen square, then the Mandeville square")]
    assert found == ["May Pen square"]


def test_name_before_a_venue_noun_is_the_venue():
    assert [f.text for f in find_places_in_context("girls worked at the Velvet Rope club in town")] == ["Velvet Rope"]


def test_gazetteer_place_with_ocr_digits_is_that_place():
    found = find_places_in_context("Office: 3 Main Rd, Mandevi11e and St. E1izabeth")
    assert [(f.text, f.props["canonical"]) for f in found] == [
        ("Mandevi11e", "Mandeville"),
        ("St. E1izabeth", "St. Elizabeth"),
    ]


def test_abbreviated_street_with_its_number(nlp):
    places = spans("They moved her to 12 Poinciana Cl, then 40 Cedar Rdg on Sunday.", nlp, "LOCATION")
    assert places == ["12 Poinciana Cl", "40 Cedar Rdg"]


def test_possessive_owner_is_not_part_of_the_farm(nlp):
    text = "The men were sent to Desmond FULLER's Green Valley Farm for work."
    assert "Green Valley Farm" in spans(text, nlp, "LOCATION")
    assert "Desmond FULLER" in spans(text, nlp, "PERSON")


def test_word_opening_a_sentence_is_no_person(nlp):
    people = spans("Supervisor refused to give back the passports. Trevor Grant was present.", nlp, "PERSON")
    assert people == ["Trevor Grant"]


def test_plate_after_the_car_it_is_on(nlp):
    assert "PD 4410" in spans("Seen leaving in a grey Toyota Hiace PD 4410 at dusk.", nlp, "VEHICLE")


def test_year_before_a_word_is_no_plate(nlp):
    assert spans("JUN 4, 2024 AT 9:10 PM the chat resumed.", nlp, "VEHICLE") == []


def test_boat_named_after_a_boat_word_and_its_registration(nlp):
    found = spans("They crossed on the canoe Lady Grace (reg. WB-3107) at night.", nlp, "VEHICLE")
    assert found == ["Lady Grace", "WB-3107"]


def test_district_named_before_the_word_district(nlp):
    assert "Comfort Hall" in spans("She lived in Comfort Hall district before the move.", nlp, "LOCATION")


def test_lot_number_before_a_known_community(nlp):
    assert "Lot 12 Ensom City" in spans("of Lot 12 Ensom City, Spanish Town", nlp, "LOCATION")


def test_street_word_inside_a_school_name_is_no_street(nlp):
    assert "Cedar Ridge" not in spans("a pupil at Cedar Ridge High School, grade 8", nlp, "LOCATION")


def test_grade_numeral_is_no_person(nlp):
    assert spans("Inspector: Carla BOYD (Labour Officer III)", nlp, "PERSON") == ["Carla BOYD"]


def test_message_log_arrow_names_sender_and_receiver(nlp):
    people = spans("VN-03 | 02/02/2024 10:01 | 00:21 | DUKE -> TINY\nDUKE: yes man\n", nlp, "PERSON")
    assert {"DUKE", "TINY"} <= set(people)


def test_scanned_speaker_name_with_a_digit_is_still_the_speaker(nlp):
    text = "Tami Bro0ks: come now\nLeroy Pike: ok\nTami Brooks: u reach?\nLeroy Pike: soon\n"
    assert "Tami Bro0ks" in spans(text, nlp, "PERSON")


def test_name_after_a_naming_cue_is_a_name_not_a_nickname():
    found = list(find_quoted_aliases('a man called Rohan Ellis, who everybody calls "Tall Man", came'))
    assert [(f.text, f.rule) for f in found] == [("Rohan Ellis", "given-name"), ("Tall Man", "nickname-cue")]


def test_name_written_in_lower_case_in_a_chat_line_is_still_the_person(nlp):
    text = 'Driver: Marcus "Sparky" BELL\n\nTanya Royes: yu reach?\nMarcus Bell: soon\nTanya Royes: sparky hurry up\n'
    assert "sparky" in spans(text, nlp, "PERSON")


def test_lower_case_word_outside_a_chat_line_stays_a_word(nlp):
    text = 'Driver: Marcus "Sparky" BELL\n\nThe wiring was sparky and loose in the car.\n'
    assert "sparky" not in spans(text, nlp, "PERSON")
