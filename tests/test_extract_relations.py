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
