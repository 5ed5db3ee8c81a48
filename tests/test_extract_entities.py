"""People, places and organisations as an analyst would mark them: titles out, nicknames in,
offices split from their holders, places from the gazetteer with their parish and position."""

from __future__ import annotations

import pytest

from extract.extractor import extract_report
from extract.pipeline import load_pipeline
from graph.model import Report


@pytest.fixture(scope="session")
def nlp():
    return load_pipeline()


def spans(text: str, nlp, label: str) -> list[str]:
    extraction = extract_report(Report.from_text(text), nlp)
    return [m.text for m in extraction.mentions if m.label == label]


def entity_named(text: str, nlp, name: str):
    extraction = extract_report(Report.from_text(text), nlp)
    return next(e for e in extraction.entities if e.name == name)


def test_police_ranks_are_not_part_of_names(nlp):
    text = "Officer: Det. Sgt. Andrea Whyte\nStatement taken by: Cpl. Devon Richards with Insp. Paul Chin."
    assert spans(text, nlp, "PERSON") == ["Andrea Whyte", "Devon Richards", "Paul Chin"]


def test_honorific_is_not_part_of_name(nlp):
    assert spans("Mr. Daley has lived on Barnett Street for thirty years.", nlp, "PERSON") == ["Daley"]


def test_title_with_initial_is_kept_whole(nlp):
    assert "Mr. K" in spans("She called her mother once from Mr. K's phone.", nlp, "PERSON")


def test_kinship_street_name_is_kept_whole(nlp):
    assert "Auntie Sharon" in spans("A lady on Facebook name Auntie Sharon was advertising hotel work.", nlp, "PERSON")


def test_name_with_quoted_nickname_is_one_span_and_nickname_is_an_alias(nlp):
    text = 'The bar is controlled by Marlon "Bigga" Campbell. Later Bigga left with Campbell\'s driver.'
    assert spans(text, nlp, "PERSON")[0] == 'Marlon "Bigga" Campbell'
    person = entity_named(text, nlp, "Marlon Campbell")
    assert "Bigga" in person.aliases


def test_later_surname_and_nickname_point_to_the_same_person(nlp):
    text = 'Dwayne REID ("Pinchy") drives the girls. REID was seen at 19:40. Pinchy left at 20:00.'
    extraction = extract_report(Report.from_text(text), nlp)
    ids = {m.text: m.entity_id for m in extraction.mentions if m.label == "PERSON"}
    assert ids["Dwayne REID"] == ids["REID"] == ids["Pinchy"]


def test_surname_first_form_is_one_span(nlp):
    assert "REID, Dwayne Fitzroy" in spans('Subject: REID, Dwayne Fitzroy, alias "Pinchy" (M, 31).', nlp, "PERSON")


def test_office_holder_is_split_from_the_ministry(nlp):
    text = "The letter was signed by the Permanent Secretary in the Ministry of Tourism Jane Doe last week."
    assert "Ministry of Tourism" in spans(text, nlp, "ORG")
    assert "Jane Doe" in spans(text, nlp, "PERSON")


def test_acronym_in_brackets_is_the_organisation(nlp):
    text = "Child Protection and Family Services Agency (CPFSA) notified the same day."
    assert spans(text, nlp, "ORG") == ["Child Protection and Family Services Agency", "CPFSA"]
    extraction = extract_report(Report.from_text(text), nlp)
    assert len({m.entity_id for m in extraction.mentions if m.label == "ORG"}) == 1


def test_parish_and_local_nickname_come_from_the_gazetteer(nlp):
    text = "The women were driven from Falmouth, Trelawny to MoBay and on to Ochi."
    assert spans(text, nlp, "LOCATION") == ["Falmouth", "Trelawny", "MoBay", "Ochi"]
    mobay = entity_named(text, nlp, "Montego Bay")
    assert mobay.parish == "St. James" and mobay.lat and mobay.lon


def test_street_address_is_one_place(nlp):
    assert "27 Barnett Street" in spans("He also operates a yard at 27 Barnett Street, Montego Bay.", nlp, "LOCATION")


def test_venue_is_found_by_its_suffix_and_its_short_form_is_the_same_place(nlp):
    text = "Women were taken to the Cutlass Bay Sports Bar. The Cutlass Bay stays open late."
    extraction = extract_report(Report.from_text(text), nlp)
    places = {m.text: m.entity_id for m in extraction.mentions if m.label == "LOCATION"}
    assert places["Cutlass Bay Sports Bar"] == places["Cutlass Bay"]


def test_platforms_and_demonyms_are_not_entities(nlp):
    text = "The Jamaican women saw the advert on Facebook and WhatsApp."
    extraction = extract_report(Report.from_text(text), nlp)
    assert [m.text for m in extraction.mentions if m.label in ("PERSON", "ORG")] == []


def test_plate_and_model_are_one_vehicle_with_the_plate_as_id(nlp):
    text = "A silver Toyota Voxy reg. 5678 HJ arrives."
    extraction = extract_report(Report.from_text(text), nlp)
    vehicles = [m for m in extraction.mentions if m.label == "VEHICLE"]
    assert [m.text for m in vehicles] == ["Toyota Voxy", "5678 HJ"]
    assert "V_5678hj" in {m.entity_id for m in vehicles}


def test_email_address_is_an_entity_with_its_address_as_id(nlp):
    extraction = extract_report(Report.from_text("Email: mapleleaf.agristaff@outlook.com"), nlp)
    assert [e.id for e in extraction.entities if e.kind == "EMAIL"] == ["EM_mapleleaf.agristaff@outlook.com"]


def test_every_mention_offset_is_exact(nlp):
    text = 'Caller: Hyacinth Morgan, Wakefield district. 🌴 Ms. Paulette BROWN (876-555-0117) met "Keish" in Ocho Rios.'
    extraction = extract_report(Report.from_text(text), nlp)
    assert extraction.mentions
    for mention in extraction.mentions:
        assert text[mention.start : mention.end] == mention.text


def test_long_report_is_read_in_chunks_with_offsets_into_the_whole_text(nlp):
    from extract.extractor import extract_reports

    paragraph = "Marlon Campbell uses 876-555-0143 in Montego Bay.\n\n"
    report = Report.from_text(paragraph * 12)
    (extraction,) = extract_reports([report], nlp, max_chars=120)
    phones = [m for m in extraction.mentions if m.label == "PHONE"]
    assert len(phones) == 12
    for mention in extraction.mentions:
        assert report.text[mention.start : mention.end] == mention.text
    people = {m.entity_id for m in extraction.mentions if m.label == "PERSON"}
    assert len(people) == 1


def test_known_given_name_is_found_in_lower_case_in_a_transcript(nlp):
    text = "CALLER: Dwayne Reid is the driver. Mi see dwayne yesterday by the gate."
    assert "dwayne" in spans(text, nlp, "PERSON")


def test_name_inside_a_handle_is_not_a_person(nlp):
    text = "Sophia Bennett posted it.\nsophia.bennett.ja: my friend dem living good"
    assert spans(text, nlp, "PERSON") == ["Sophia Bennett"]


def test_vessel_name_and_lower_case_model_are_vehicles(nlp):
    text = 'They left on the vessel "Island Queen". Di man carry dem inna one voxy.'
    assert spans(text, nlp, "VEHICLE") == ["Island Queen", "voxy"]


def test_scanning_slips_in_a_known_name_point_to_that_person(nlp):
    text = "Marlon Campbell owns the bar. Later Carnpbell and CAMPBE1L were seen."
    extraction = extract_report(Report.from_text(text), nlp)
    ids = {m.text: m.entity_id for m in extraction.mentions if m.label == "PERSON"}
    assert ids["Carnpbell"] == ids["CAMPBE1L"] == ids["Marlon Campbell"]


def test_misspelt_surname_points_to_the_person(nlp):
    text = "Marlon Campbell owns the bar. Later Campbel was seen at the gate."
    extraction = extract_report(Report.from_text(text), nlp)
    ids = {m.text: m.entity_id for m in extraction.mentions if m.label == "PERSON"}
    assert ids["Campbel"] == ids["Marlon Campbell"]


def test_code_names_laws_and_notebook_abbreviations_are_not_entities(nlp):
    text = (
        "SURVEILLANCE LOG - Operation KESTREL\nOp Driftwood began. Charges under the Trafficking in Persons "
        "(Prevention, Suppression and Punishment) Act. Seized notebook: MP 3, Cay 2, venez 4."
    )
    assert extract_report(Report.from_text(text), nlp).mentions == []


def test_names_listed_after_known_as_are_one_person(nlp):
    person = entity_named(
        'Leroy Knowles, known locally as "Mr. K" and "Big Lee", runs the lounge.', nlp, "Leroy Knowles"
    )
    assert {"Mr. K", "Big Lee"} <= set(person.aliases)


def test_a_code_in_a_report_number_is_not_a_person(nlp):
    assert spans("Report No.: CTIP/WM/2023/041\nDate: 2023-07-14\n", nlp, "PERSON") == []


def test_hyphenated_head_word_belongs_to_the_organisation(nlp):
    text = "The Counter-Trafficking in Persons Unit (C-TIP) took the report."
    assert spans(text, nlp, "ORG") == ["Counter-Trafficking in Persons Unit", "C-TIP"]


def test_surname_written_in_capitals_is_found_again_in_ordinary_case(nlp):
    text = "Trevor McKENZIE runs the agency. Two men paid McKenzie a fee."
    assert spans(text, nlp, "PERSON") == ["Trevor McKENZIE", "McKenzie"]


def test_lone_surname_of_two_namesakes_goes_to_the_one_introduced_first(nlp):
    text = (
        "20:05  Target 1, Courtney MALCOLM, arrives.\n20:40  A female arrives. One matches Kadian MALCOLM.\n"
        "21:30  MALCOLM hands over an envelope.\n"
    )
    extraction = extract_report(Report.from_text(text), nlp)
    lone = next(m for m in extraction.mentions if m.text == "MALCOLM")
    names = {e.id: e.name for e in extraction.entities}
    assert names[lone.entity_id] == "Courtney Malcolm"


def test_street_name_from_another_report_is_found_in_lower_case_after_a_naming_word():
    from extract.batch import extract_batch

    reports = [
        Report.from_text('Sheldon Bryan ("Ratty") of Old Harbour drives the women.\n'),
        Report.from_text("CALLER: A youth dem call ratty drive she go a the airport. Him rat-tat the horn.\n"),
    ]
    second = extract_batch(reports).extractions[1]
    assert [m.text for m in second.mentions if m.label == "PERSON"] == ["ratty"]


def test_a_body_named_with_a_trailing_country_is_one_organisation(nlp):
    text = "All were referred to Safe Haven Jamaica and, for the minor, to the CPFSA."
    assert "Safe Haven Jamaica" in spans(text, nlp, "ORG")
    assert "Jamaica" not in spans(text, nlp, "LOCATION")


def test_a_place_before_the_country_stays_a_place(nlp):
    assert "Montego Bay Jamaica" not in spans("She was taken to Montego Bay Jamaica in May.", nlp, "ORG")


def test_a_page_answering_in_comments_is_not_a_person(nlp):
    text = "Comments:\nSunrise Staffing: @Tamika Ellis inbox us!\n"
    assert "Sunrise Staffing" not in spans(text, nlp, "PERSON")
