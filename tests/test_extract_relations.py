"""Typed links with the right direction (source = who acts), evidence and confidence."""

from __future__ import annotations

import pytest

from extract.extractor import extract_report
from extract.pipeline import load_pipeline
from graph.model import Report


@pytest.fixture(scope="session")
def nlp():
    return load_pipeline()


def links(text: str, nlp) -> set[tuple[str, str, str]]:
    """(type, source name, target name) for every typed link in ``text``."""
    extraction = extract_report(Report.from_text(text), nlp)
    names = {e.id: e.name for e in extraction.entities}
    return {(link.type, names[link.source], names[link.target]) for link in extraction.links}


def test_person_uses_the_phone_written_after_them(nlp):
    assert ("USES_PHONE", "Marlon Campbell", "+18765550143") in links("Marlon Campbell uses 876-555-0143.", nlp)


def test_phone_in_brackets_after_from_belongs_to_that_person(nlp):
    text = "Seized: handsets on 876-555-0171 (from Kevin Bailey) and 876-555-0134 (from Nadine Lewis)."
    found = links(text, nlp)
    assert ("USES_PHONE", "Kevin Bailey", "+18765550171") in found
    assert ("USES_PHONE", "Nadine Lewis", "+18765550134") in found


def test_possessive_phone_belongs_to_the_possessor_not_the_subject(nlp):
    text = "Keisha Morgan's own phone (876 555 0148) was taken by Kevin Bailey on the first night."
    found = links(text, nlp)
    assert ("USES_PHONE", "Keisha Morgan", "+18765550148") in found
    assert ("USES_PHONE", "Kevin Bailey", "+18765550148") not in found


def test_active_transport_points_from_driver_to_passengers(nlp):
    text = "On 19 February Andre Thompson drove Ricardo Powell and Omar Watson to a farm."
    found = links(text, nlp)
    assert ("TRANSPORTED", "Andre Thompson", "Ricardo Powell") in found
    assert ("TRANSPORTED", "Andre Thompson", "Omar Watson") in found
    assert ("TRANSPORTED", "Ricardo Powell", "Andre Thompson") not in found


def test_passive_recruitment_points_from_the_agent(nlp):
    text = "Keisha Morgan was recruited by Sharon McFarlane in January."
    found = links(text, nlp)
    assert ("RECRUITED", "Sharon McFarlane", "Keisha Morgan") in found
    assert ("RECRUITED", "Keisha Morgan", "Sharon McFarlane") not in found


def test_venue_controlled_by_a_person(nlp):
    text = "The Cutlass Bay Sports Bar is controlled by Marlon Campbell."
    assert ("CONTROLS", "Marlon Campbell", "Cutlass Bay Sports Bar") in links(text, nlp)


def test_driver_controls_the_vehicle(nlp):
    text = "Black Honda Fit 9034 GT pulls up, driven by a female later identified as Nadine Lewis."
    found = {(t, s) for t, s, _ in links(text, nlp)}
    assert ("CONTROLS", "Nadine Lewis") in found


def test_payment_points_from_payer_to_payee(nlp):
    text = "On 14 February Marlon Campbell paid J$600,000 in cash to Winston Edwards."
    found = links(text, nlp)
    assert ("PAID", "Marlon Campbell", "Winston Edwards") in found
    assert ("PAID", "Winston Edwards", "Marlon Campbell") not in found


def test_collecting_money_from_someone_means_they_paid(nlp):
    text = "Rohan Stewart collects money from Nadine Lewis every Sunday."
    assert ("PAID", "Nadine Lewis", "Rohan Stewart") in links(text, nlp)


def test_people_named_together_without_a_rule_are_only_co_mentioned(nlp):
    extraction = extract_report(Report.from_text("Errol Daley and Jason Hylton were at the court."), nlp)
    assert {link.type for link in extraction.links} == {"CO_MENTIONED"}
    assert extraction.links[0].method == "co-occurrence"
    assert extraction.links[0].confidence < 0.3


def test_link_carries_its_sentence_with_exact_offsets(nlp):
    text = "Intro line.\nMarlon Campbell uses 876-555-0143. Nothing else."
    report = Report.from_text(text)
    link = next(link for link in extract_report(report, nlp).links if link.type == "USES_PHONE")
    assert link.sentence == "Marlon Campbell uses 876-555-0143."
    assert text[link.start : link.end] == link.sentence
    assert link.method == "rule" and 0 < link.confidence < 1


def test_indicators_name_means_and_purpose(nlp):
    report = Report.from_text(
        "She was told she owed J$250,000 and Shotta took her passport. She was forced to provide sexual services."
    )
    found = {(i.category, i.name) for i in extract_report(report, nlp).indicators}
    assert ("means", "debt bondage") in found
    assert ("purpose", "sexual exploitation") in found


def test_person_of_a_town_is_located_there(nlp):
    assert ("LOCATED_AT", "Sharon McFarlane", "Falmouth") in links(
        "It is believed to be Sharon McFarlane of Falmouth.", nlp
    )


def test_located_at_is_kept_out_of_the_corpus_format(nlp):
    from extract.extractor import as_record

    extraction = extract_report(Report.from_text("It is believed to be Sharon McFarlane of Falmouth."), nlp)
    assert any(link.type == "LOCATED_AT" for link in extraction.links)
    assert as_record("a.txt", extraction)["relations"] == []


def test_phoning_someone_is_contact_not_a_nickname(nlp):
    text = (
        "Sharon McFarlane recruits; Marlon Campbell pays. McFarlane called Campbell 11 times after new girls arrived."
    )
    extraction = extract_report(Report.from_text(text), nlp)
    people = {m.text: m.entity_id for m in extraction.mentions if m.label == "PERSON"}
    assert people["McFarlane"] != people["Campbell"]
    assert ("ASSOCIATE_OF", "Sharon McFarlane", "Marlon Campbell") in links(text, nlp)


def test_people_in_contact_together_are_associates(nlp):
    found = links("Dwayne Reid and Marlon Campbell were in contact 27 times.", nlp)
    pair = {"Dwayne Reid", "Marlon Campbell"}
    assert any(t == "ASSOCIATE_OF" and {s, o} == pair for t, s, o in found)  # symmetric in meaning


def test_brothers_are_associates(nlp):
    text = "Garfield Campbell (DOB 02/09/1975), Marlon Campbell's older brother, lives in London."
    assert ("ASSOCIATE_OF", "Garfield Campbell", "Marlon Campbell") in links(text, nlp)


def test_number_on_the_line_under_a_named_label_belongs_to_that_person(nlp):
    text = "Serious inquiries ONLY!! Call or WhatsApp Auntie Sharon:\n📱 (876) 555 0112\n"
    assert ("USES_PHONE", "Auntie Sharon", "+18765550112") in links(text, nlp)


def test_call_back_number_after_the_caller_belongs_to_the_caller(nlp):
    text = "Caller: Hyacinth Morgan, Wakefield district, Trelawny. Call-back number 876 555 0103.\n"
    assert ("USES_PHONE", "Hyacinth Morgan", "+18765550103") in links(text, nlp)


def test_calling_a_number_does_not_make_it_yours(nlp):
    text = "Rohan Stewart calls the London number 447700900312 on Sunday evenings."
    assert not any(t == "USES_PHONE" for t, _, _ in links(text, nlp))


def test_driver_of_the_sentence_controls_the_vehicle_named_later(nlp):
    text = "Andre Thompson drove Ricardo Powell, Omar Watson and three other men in a white Toyota Hiace minibus."
    found = links(text, nlp)
    assert ("CONTROLS", "Andre Thompson", "Toyota Hiace") in found
    assert ("CONTROLS", "Omar Watson", "Toyota Hiace") not in found


def test_age_under_eighteen_is_a_minor_indicator(nlp):
    report = Report.from_text("Two girls, Wideline Joseph (16) and Guerline Pierre (15), are kept at a house.")
    assert ("minor", "child victim") in {(i.category, i.name) for i in extract_report(report, nlp).indicators}


def test_agent_named_by_apposition_is_the_one_who_acts(nlp):
    text = "Wideline Joseph is kept at a house on Sheffield Road by Lindo's cousin, Tashana Lindo."
    assert ("HARBOURED", "Tashana Lindo", "Wideline Joseph") in links(text, nlp)


def test_title_then_name_then_money_keeps_the_whole_name(nlp):
    assert "Yulimar Pérez" in [
        m.text
        for m in extract_report(Report.from_text("Lindo pays Señora Yulimar Pérez US$500 per girl."), nlp).mentions
    ]


def test_made_to_work_for_someone_is_exploitation_by_them(nlp):
    text = "Shanice Walker was made to dance with men at the bar for Marlon Campbell and was never paid."
    assert ("EXPLOITED", "Marlon Campbell", "Shanice Walker") in links(text, nlp)


def test_first_person_statement_links_the_witness_who_says_it(nlp):
    text = (
        "WITNESS STATEMENT\nWitness: Andrea Clarke (F, 22), of May Pen\n\n"
        "A: I bring one more, Kerry-Ann Smith, a girl from Chapelton.\n"
    )
    assert ("RECRUITED", "Andrea Clarke", "Kerry-Ann Smith") in links(text, nlp)


def test_question_lines_are_not_the_witness_speaking(nlp):
    text = "Witness: Andrea Clarke (F, 22)\n\nQ: Should I bring Kerry-Ann Smith to the station?\n"
    assert ("RECRUITED", "Andrea Clarke", "Kerry-Ann Smith") not in links(text, nlp)


def test_object_pronoun_is_the_person_the_sentence_named_first(nlp):
    text = "Shantel Hibbert was met at the airport by Carlos Mendoza, who took her passport and forced her to work."
    found = links(text, nlp)
    assert ("EXPLOITED", "Carlos Mendoza", "Shantel Hibbert") in found


def test_subject_pronoun_is_the_person_of_the_sentence_before(nlp):
    text = "Background: Tanya Reid (F, 19) of Lucea.\n- She was recruited by Yolanda Grant in June.\n"
    assert ("RECRUITED", "Yolanda Grant", "Tanya Reid") in links(text, nlp)


def test_taking_a_passport_before_an_infinitive_is_not_transport(nlp):
    text = "Carlos Mendoza took Shantel Hibbert's passport and forced her to work in his bar."
    assert not any(kind == "TRANSPORTED" for kind, _, _ in links(text, nlp))


def test_number_a_chat_speaker_asks_to_be_called_on_is_the_speakers(nlp):
    found = links("Yolanda Grant: @Kadian Malcolm call mi now babes +1 876 555 0122\n", nlp)
    assert ("USES_PHONE", "Yolanda Grant", "+18765550122") in found
    assert ("USES_PHONE", "Kadian Malcolm", "+18765550122") not in found


def test_passive_patient_is_the_subject_not_a_name_in_brackets(nlp):
    text = "Kadian Malcolm (no relation to Courtney Malcolm) was recruited by Yolanda Grant in June."
    found = links(text, nlp)
    assert ("RECRUITED", "Yolanda Grant", "Kadian Malcolm") in found
    assert ("RECRUITED", "Yolanda Grant", "Courtney Malcolm") not in found


def test_agentless_promise_comes_from_the_other_person_named(nlp):
    text = "Renee says she met Pat Brown through a cousin and was promised bar work in Negril.\n"
    assert ("RECRUITED", "Pat Brown", "Renee") in links(text, nlp)


def test_a_later_agentless_passive_does_not_reverse_a_stated_link(nlp):
    text = "Desmond Whitfield exploited Kimone Gayle at the lounge, where she was made to dance six nights a week."
    found = links(text, nlp)
    assert ("EXPLOITED", "Desmond Whitfield", "Kimone Gayle") in found
    assert ("EXPLOITED", "Kimone Gayle", "Desmond Whitfield") not in found


def test_a_phone_list_is_not_its_owners_number(nlp):
    text = "McKenzie's phone list contains 876-555-0150, a number used by Courtney Malcolm."
    found = links(text, nlp)
    assert ("USES_PHONE", "Courtney Malcolm", "+18765550150") in found
    assert ("USES_PHONE", "McKenzie", "+18765550150") not in found


def test_person_in_the_custody_of_someone_is_held_by_them(nlp):
    text = "Tamika Ellis was routed to Port of Spain, where she is believed to be in the custody of Tricia Ramsaran."
    assert ("HARBOURED", "Tricia Ramsaran", "Tamika Ellis") in links(text, nlp)


def test_a_possessors_foreman_is_controlled_by_them_and_keeps_his_own_nickname(nlp):
    text = 'Omar Watson was beaten by Clive Henry\'s foreman, known as "Bulla", when he asked for his wages.'
    extraction = extract_report(Report.from_text(text), nlp)
    names = {e.id: e.name for e in extraction.entities}
    found = {(link.type, names[link.source], names[link.target]) for link in extraction.links}
    assert ("CONTROLS", "Clive Henry", "Bulla") in found


def test_bringing_someone_to_meet_a_recruiter_is_recruiting_not_transport(nlp):
    found = links("Kerry-Ann Smith brought Tanya Reid to meet Yolanda Grant at the clock tower.", nlp)
    assert ("RECRUITED", "Kerry-Ann Smith", "Tanya Reid") in found
    assert not any(kind == "TRANSPORTED" for kind, _, _ in found)


def test_her_number_after_a_sentence_about_someone_is_theirs(nlp):
    text = "2. Yolanda Grant finds young women in May Pen. Her advert line is (876) 555-0122.\n"
    assert ("USES_PHONE", "Yolanda Grant", "+18765550122") in links(text, nlp)


# --- who runs what: forms, signatures, premises ------------------------------------------------


def test_a_title_before_a_name_controls_the_business_on_the_line(nlp):
    text = "Employer: Blue Cove Fisheries Ltd (Director: Marcus Thorpe, TRN 101-222-333)"
    assert ("CONTROLS", "Marcus Thorpe", "Blue Cove Fisheries Ltd") in links(text, nlp)


def test_an_email_signature_title_line_gives_the_name_above_it_the_company(nlp):
    text = "Regards,\nDionne Saddler\nManaging Director, Seaview Crewing Services Ltd\n"
    assert ("CONTROLS", "Dionne Saddler", "Seaview Crewing Services Ltd") in links(text, nlp)


def test_a_name_then_proprietor_of_a_venue_controls_it(nlp):
    text = "The third accused, Hortense BLAKE, 58, proprietor of the Palm Breeze Guest House, was remanded."
    assert ("CONTROLS", "Hortense Blake", "Palm Breeze Guest House") in links(text, nlp)


def test_a_persons_house_at_an_address_is_theirs(nlp):
    text = "The girls were taken to Desmond Pryce's house at 12 Orchid Avenue, Mandeville."
    assert ("CONTROLS", "Desmond Pryce", "12 Orchid Avenue") in links(text, nlp)


# --- verb classes through coordination, wrapped lines ------------------------------------------


def test_coordinated_verbs_share_the_object_written_after_the_last(nlp):
    text = "Marcus Thorpe recruited, transported and harboured Kezia Brown for sexual exploitation."
    found = links(text, nlp)
    for act in ("RECRUITED", "TRANSPORTED", "HARBOURED"):
        assert (act, "Marcus Thorpe", "Kezia Brown") in found


def test_coordinated_objects_each_get_the_link(nlp):
    text = "On Friday Desmond Pryce drove Kezia Brown, Tanisha Hall and Joy Clarke to Negril."
    found = links(text, nlp)
    for victim in ("Kezia Brown", "Tanisha Hall", "Joy Clarke"):
        assert ("TRANSPORTED", "Desmond Pryce", victim) in found


def test_a_sentence_wrapped_over_lines_is_read_as_one(nlp):
    text = (
        "The court heard that on the night of the landing the skipper, Carlton Weekes, handed\n"
        "the passengers to Desmond Pryce, who transported Kezia Brown and two other women to Negril.\n"
    )
    assert ("TRANSPORTED", "Desmond Pryce", "Kezia Brown") in links(text, nlp)


def test_initials_before_a_bracketed_name_do_not_end_the_object_list(nlp):
    text = "Marcus Thorpe harboured K.B. (Kezia Brown), a child of 15 years, at his house."
    assert ("HARBOURED", "Marcus Thorpe", "Kezia Brown") in links(text, nlp)


# --- each verb class: active, passive, coordinated, Patois (sentences written for these tests) --

VERB_CLASSES = [
    # (type, source, target, sentence)
    (
        "RECRUITED",
        "Dorrett Bailey",
        "Kezia Brown",
        "In May Dorrett Bailey recruited Kezia Brown for a bar job in Nassau.",
    ),
    ("RECRUITED", "Dorrett Bailey", "Kezia Brown", "Kezia Brown was lured to the agency by Dorrett Bailey."),
    (
        "RECRUITED",
        "Dorrett Bailey",
        "Kezia Brown",
        "Dorrett Bailey signed up Kezia Brown and two cousins at the church hall.",
    ),
    (
        "RECRUITED",
        "Dorrett Bailey",
        "Tanisha Hall",
        "Dorrett Bailey enticed Kezia Brown and Tanisha Hall with talk of modelling.",
    ),
    ("RECRUITED", "Dorrett Bailey", "Kezia Brown", "Dorrett Bailey invited Kezia Brown to a casting in Spanish Town."),
    ("RECRUITED", "Dorrett Bailey", "Kezia Brown", "Dorrett Bailey: mi sign up Kezia Brown fi di hotel work."),
    ("TRANSPORTED", "Rohan Tulloch", "Kezia Brown", "Rohan Tulloch drove Kezia Brown to the wharf at night."),
    ("TRANSPORTED", "Rohan Tulloch", "Kezia Brown", "Kezia Brown was smuggled to Grand Cayman by Rohan Tulloch."),
    ("TRANSPORTED", "Rohan Tulloch", "Kezia Brown", "Rohan Tulloch picked up Kezia Brown at the bus park."),
    ("TRANSPORTED", "Rohan Tulloch", "Kezia Brown", "Rohan Tulloch brought Kezia Brown from Lucea in the white van."),
    ("TRANSPORTED", "Rohan Tulloch", "Kezia Brown", "Rohan Tulloch carry Kezia Brown go a Negril inna di van."),
    ("HARBOURED", "Hortense Blake", "Kezia Brown", "Hortense Blake kept Kezia Brown in a back room for a month."),
    ("HARBOURED", "Hortense Blake", "Kezia Brown", "Kezia Brown was locked in the shed by Hortense Blake."),
    ("HARBOURED", "Hortense Blake", "Kezia Brown", "For two weeks Kezia Brown stayed with Hortense Blake in Portmore."),
    ("HARBOURED", "Hortense Blake", "Kezia Brown", "Kezia Brown stay a Portmore wid Hortense Blake."),
    ("EXPLOITED", "Marcus Thorpe", "Kezia Brown", "Marcus Thorpe forced Kezia Brown to work without pay."),
    ("EXPLOITED", "Marcus Thorpe", "Kezia Brown", "Kezia Brown was forced to dance for Marcus Thorpe every night."),
    ("EXPLOITED", "Marcus Thorpe", "Kezia Brown", "Marcus Thorpe sent Kezia Brown to clients at the hotel."),
    ("PAID", "Marcus Thorpe", "Rohan Tulloch", "Marcus Thorpe paid Rohan Tulloch J$40,000 for the trip."),
    ("PAID", "Marcus Thorpe", "Rohan Tulloch", "Marcus Thorpe passed the money on to Rohan Tulloch."),
    (
        "PAID",
        "Marcus Thorpe",
        "Rohan Tulloch",
        "Marcus Thorpe forwarded his share to Rohan Tulloch by wallet transfer.",
    ),
    ("CONTROLS", "Marcus Thorpe", "Blue Cove Bar", "Marcus Thorpe runs the Blue Cove Bar in Negril."),
]


@pytest.mark.parametrize(("link_type", "source", "target", "sentence"), VERB_CLASSES)
def test_verb_class_links(nlp, link_type, source, target, sentence):
    assert (link_type, source, target) in links(sentence, nlp)


def test_bringing_someone_from_a_place_is_moving_not_recruiting(nlp):
    found = links("Rohan Tulloch brought Kezia Brown from Lucea in the white van.", nlp)
    assert ("RECRUITED", "Rohan Tulloch", "Kezia Brown") not in found


def test_a_ledger_row_pays_its_receiver_from_its_sender(nlp):
    text = (
        "CAMBIO LEDGER\n\n"
        "| Date       | Sender           | Beneficiary        | Amount   |\n"
        "|------------|------------------|--------------------|----------|\n"
        "| 02/05/2025 | Marcus THORPE    | Rohan TULLOCH      | US$2,000 |\n"
        "| 09/05/2025 | Dorrett BAILEY   | Marcus THORPE      | J$90,000 |\n"
    )
    found = links(text, nlp)
    assert ("PAID", "Marcus Thorpe", "Rohan Tulloch") in found
    assert ("PAID", "Dorrett Bailey", "Marcus Thorpe") in found
    assert ("PAID", "Rohan Tulloch", "Marcus Thorpe") not in found


def test_a_debt_someone_is_told_they_owe_is_exploitation_by_the_teller(nlp):
    text = "Interviewee: Kezia Brown\n\nA: Marcus Thorpe told me I owe him J$200,000 for the ticket and the room."
    assert ("EXPLOITED", "Marcus Thorpe", "Kezia Brown") in links(text, nlp)


def test_locking_the_gate_on_the_people_of_the_sentence_is_harbouring(nlp):
    text = "Kezia Brown and Joy Clarke slept in the back room, and Hortense Blake locked the door every night."
    found = links(text, nlp)
    assert ("HARBOURED", "Hortense Blake", "Kezia Brown") in found
    assert ("HARBOURED", "Hortense Blake", "Joy Clarke") in found


def test_telling_someone_of_work_abroad_is_recruiting(nlp):
    text = "In June Dorrett Bailey told Kezia Brown there was hotel work in Nassau paying in US dollars."
    assert ("RECRUITED", "Dorrett Bailey", "Kezia Brown") in links(text, nlp)


def test_telling_someone_news_is_not_recruiting(nlp):
    text = "Dorrett Bailey told Kezia Brown that the bus was late."
    assert ("RECRUITED", "Dorrett Bailey", "Kezia Brown") not in links(text, nlp)


def test_people_charged_together_keep_the_acts_their_occupations_imply(nlp):
    text = (
        "THE KING v.\n"
        "(1) THORPE, Marcus, 50, merchant, of 2 Cane Road, Lucea\n"
        "(2) TULLOCH, Rohan, 41, taxi operator, of 9 Bell Street, Lucea\n\n"
        "COUNT 1: Marcus THORPE and Rohan TULLOCH, between 1 May and 3 June 2025, recruited and transported "
        "K.B. (Kezia Brown), a child of 15 years, for the purpose of sexual exploitation.\n"
    )
    found = links(text, nlp)
    assert ("TRANSPORTED", "Rohan Tulloch", "Kezia Brown") in found
    assert ("RECRUITED", "Rohan Tulloch", "Kezia Brown") not in found
    assert ("RECRUITED", "Marcus Thorpe", "Kezia Brown") in found
    assert ("TRANSPORTED", "Marcus Thorpe", "Kezia Brown") not in found


def test_inviting_someone_along_with_another_person_recruits_only_the_one_invited(nlp):
    text = "Dorrett Bailey invited Kezia Brown to a casting in Spanish Town with a photographer called Orville Dunn."
    found = links(text, nlp)
    assert ("RECRUITED", "Dorrett Bailey", "Kezia Brown") in found
    assert ("RECRUITED", "Dorrett Bailey", "Orville Dunn") not in found


def test_taken_by_someone_to_a_place_is_transport_not_receipt(nlp):
    text = "At 21:10 Kezia Brown was taken by Rohan Tulloch to Marcus Thorpe's house at 12 Orchid Avenue."
    found = links(text, nlp)
    assert ("TRANSPORTED", "Rohan Tulloch", "Kezia Brown") in found
    assert ("RECEIVED", "Rohan Tulloch", "Kezia Brown") not in found


def test_a_thing_made_in_the_passive_exploits_nobody(nlp):
    text = "Her aunt, Mrs. Joan Brown, said Kezia Brown did not come home and a report was made at the station."
    assert not any(t == "EXPLOITED" for t, _, _ in links(text, nlp))


def test_the_one_an_act_is_done_for_is_an_associate_not_a_victim(nlp):
    found = links("Police say Dorrett Bailey recruited the girls for Marcus Thorpe in 2024.", nlp)
    assert ("ASSOCIATE_OF", "Dorrett Bailey", "Marcus Thorpe") in found
    assert ("RECRUITED", "Dorrett Bailey", "Marcus Thorpe") not in found


def test_a_call_between_two_people_named_with_their_numbers_links_them(nlp):
    text = (
        "Marcus THORPE and Rohan TULLOCH were seen.\n- THORPE (555-0171) called TULLOCH (555-0172) twice on 02/05/2025."
    )
    found = links(text, nlp)
    assert any(t == "ASSOCIATE_OF" and {s, o} == {"Marcus Thorpe", "Rohan Tulloch"} for t, s, o in found)


def test_the_number_someone_is_to_be_called_on_is_theirs_through_a_pronoun_too(nlp):
    text = "Rohan Tulloch runs the boats. If anything happens call him on 876-555-0177 at once."
    assert ("USES_PHONE", "Rohan Tulloch", "+18765550177") in links(text, nlp)


def test_a_line_wrapped_before_a_bracketed_number_keeps_the_number_with_its_owner(nlp):
    text = (
        "  • A girl of about 15 was handed by Marcus Thorpe to his business partner Hortense Blake\n"
        "    (876.555.0166) of Mandeville as a helper.\n"
    )
    assert ("USES_PHONE", "Hortense Blake", "+18765550166") in links(text, nlp)


def test_where_an_accused_lives_is_not_what_they_run(nlp):
    text = "(1) THORPE, Marcus Aloysius, 52, company director, of 12 Orchid Avenue, Mandeville"
    assert not any(t == "CONTROLS" for t, _, _ in links(text, nlp))


def test_reporting_something_is_not_reporting_to_someone(nlp):
    text = "Joan Brown reported on 25/03 that her daughter Kezia Brown is held in Portmore."
    assert not any(t == "CONTROLS" for t, _, _ in links(text, nlp))


def test_handed_to_a_body_is_no_receipt_by_the_person_named_after_it(nlp):
    text = "Kezia Brown (15) handed to the CPFSA (social worker T. Rowe) at 14:00."
    assert not any(t == "RECEIVED" for t, _, _ in links(text, nlp))


def test_a_line_naming_only_an_organisation_and_its_number_gives_it_the_number(nlp):
    text = "SEAVIEW CREWING SERVICES LTD - Kingston Office - Dispatch 876-555-0144\n"
    assert ("USES_PHONE", "Seaview Crewing Services Ltd", "+18765550144") in {
        (t, s.title() if s.isupper() else s, o) for t, s, o in links(text, nlp)
    }


def test_a_title_after_a_field_separator_in_a_letterhead_runs_the_business_above(nlp):
    text = "PALM BREEZE GUEST HOUSE\n9 Bell Street, Lucea * Tel 876-555-0161 * Prop. Hortense BLAKE\n"
    found = links(text, nlp)
    assert any(
        t == "CONTROLS" and s == "Hortense Blake" and o.lower() == "palm breeze guest house" for t, s, o in found
    )


def test_someone_given_to_a_person_as_a_servant_is_received_and_exploited_by_them(nlp):
    text = 'A girl of about 12 called "Toni" was "given" by Marcus Thorpe to Hortense Blake (876-555-0123) in Lucea as a house girl.'
    found = links(text, nlp)
    assert ("RECEIVED", "Hortense Blake", "Toni") in found
    assert ("EXPLOITED", "Hortense Blake", "Toni") in found


def test_money_sent_to_someone_is_no_handing_over_of_a_person(nlp):
    found = links("Dorrett Bailey used 876-555-0131 and sent money to Marcus Thorpe by MoneyGram.", nlp)
    assert ("RECEIVED", "Marcus Thorpe", "Dorrett Bailey") not in found


def test_keeping_a_thing_harbours_nobody_named_after_it(nlp):
    text = "Marcus Thorpe keeps a second handset, 876-555-0159, used only to call Rohan Tulloch."
    assert not any(t == "HARBOURED" for t, _, _ in links(text, nlp))


def test_a_thing_paid_by_someone_names_no_payee(nlp):
    text = "Marcus Thorpe and Rohan Tulloch were seen. According to Rohan Tulloch, the fare was paid by Marcus Thorpe."
    assert ("PAID", "Marcus Thorpe", "Rohan Tulloch") not in links(text, nlp)


def test_a_note_that_leaves_its_subject_out_is_about_the_person_before(nlp):
    text = (
        "Kezia Brown (15) seen at clinic with bruising. "
        'Weekends since May: collected by taxi driver "Rohan Tulloch" from Lucea Square -> flat in Negril.'
    )
    assert ("TRANSPORTED", "Rohan Tulloch", "Kezia Brown") in links(text, nlp)


def test_a_thing_held_by_someone_is_no_person_harboured(nlp):
    text = "Kezia Brown was paid through a mobile wallet held by Hortense Blake."
    assert not any(t == "HARBOURED" for t, _, _ in links(text, nlp))


def test_an_act_written_as_a_noun_links_its_agent_and_the_people_it_was_done_to(nlp):
    text = (
        "Police are investigating the transport of Ms. Kezia Brown and Ms. Joy Clarke by Mr. Rohan Tulloch to Negril."
    )
    found = links(text, nlp)
    assert ("TRANSPORTED", "Rohan Tulloch", "Kezia Brown") in found
    assert ("TRANSPORTED", "Rohan Tulloch", "Joy Clarke") in found


def test_a_possessive_before_an_act_noun_is_its_agent(nlp):
    text = "Mrs. Dorrett Bailey's recruitment of Ms. Tanisha Hall began in May."
    assert ("RECRUITED", "Dorrett Bailey", "Tanisha Hall") in links(text, nlp)
